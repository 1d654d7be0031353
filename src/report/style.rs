//! The look shared by every chart: the embedded font, the colour palettes and
//! the text sizes. Keeping them here is what makes a route the same colour in
//! every chart and every report.

use std::sync::OnceLock;

use plotters::style::{FontStyle, RGBColor, TextStyle, register_font};

/// The font family name charts ask for. The embedded font is registered under
/// it, and SVG files name it, so a browser falls back to its own sans-serif.
pub const FONT: &str = "sans-serif";

/// DejaVu Sans, embedded so that rendering needs no system fonts or fontconfig
/// (see `font/LICENSE.txt` for its licence).
static DEJAVU_SANS: &[u8] = include_bytes!("font/DejaVuSans.ttf");

/// Registers the embedded font with plotters, once per process.
///
/// Every chart calls this before drawing; plotters' `ab_glyph` text backend
/// fails on the first label when no font is registered.
pub fn ensure_font() -> Result<(), String> {
    static REGISTERED: OnceLock<Result<(), String>> = OnceLock::new();
    REGISTERED
        .get_or_init(|| {
            register_font(FONT, FontStyle::Normal, DEJAVU_SANS)
                .map_err(|_| "the embedded DejaVu Sans font could not be parsed".to_string())
        })
        .clone()
}

/// The embedded font, parsed once, for text the charts draw themselves
/// (PNG text, see `render.rs`).
pub fn font() -> &'static ab_glyph::FontRef<'static> {
    static FONT_REF: OnceLock<ab_glyph::FontRef<'static>> = OnceLock::new();
    FONT_REF.get_or_init(|| {
        ab_glyph::FontRef::try_from_slice(DEJAVU_SANS)
            .expect("the embedded DejaVu Sans parses (ensure_font checks it first)")
    })
}

/// The Okabe–Ito palette (Okabe & Ito 2008, "Color Universal Design"), which
/// readers with the common colour-vision deficiencies can tell apart. Ordered
/// so that the first routes get the colours that read best as thin lines on
/// white; yellow comes last.
pub const OKABE_ITO: [RGBColor; 8] = [
    RGBColor(0x00, 0x72, 0xB2), // blue
    RGBColor(0xD5, 0x5E, 0x00), // vermillion
    RGBColor(0x00, 0x9E, 0x73), // bluish green
    RGBColor(0xCC, 0x79, 0xA7), // reddish purple
    RGBColor(0xE6, 0x9F, 0x00), // orange
    RGBColor(0x56, 0xB4, 0xE9), // sky blue
    RGBColor(0x00, 0x00, 0x00), // black
    RGBColor(0xF0, 0xE4, 0x42), // yellow
];

/// The colour of the route with this `colour_index` (from summary.json).
pub fn route_colour(colour_index: usize) -> RGBColor {
    OKABE_ITO[colour_index % OKABE_ITO.len()]
}

/// Colours for cost and time components in stacked bars: Paul Tol's "muted"
/// scheme (colour-blind safe) with its pale grey, plus a dark grey and Tol's
/// light pink, so up to 12 components stay distinct. None is a route colour,
/// so a bar segment is never mistaken for a route. A component keeps its
/// colour whatever else is shown, because the index comes from its position
/// in the contract's fixed list.
pub const COMPONENTS: [RGBColor; 12] = [
    RGBColor(0x33, 0x22, 0x88), // indigo
    RGBColor(0x88, 0xCC, 0xEE), // cyan
    RGBColor(0x44, 0xAA, 0x99), // teal
    RGBColor(0x11, 0x77, 0x33), // green
    RGBColor(0x99, 0x99, 0x33), // olive
    RGBColor(0xDD, 0xCC, 0x77), // sand
    RGBColor(0xCC, 0x66, 0x77), // rose
    RGBColor(0x88, 0x22, 0x55), // wine
    RGBColor(0xAA, 0x44, 0x99), // purple
    RGBColor(0xDD, 0xDD, 0xDD), // pale grey
    RGBColor(0x55, 0x55, 0x55), // dark grey
    RGBColor(0xFF, 0xAA, 0xBB), // light pink
];

/// The colour of the component at this position of the contract's list.
pub fn component_colour(index: usize) -> RGBColor {
    COMPONENTS[index % COMPONENTS.len()]
}

/// Grey for axes, grid and neutral marks.
pub const GREY: RGBColor = RGBColor(0x60, 0x60, 0x60);
/// Light grey for the fine grid.
pub const GRID: RGBColor = RGBColor(0xE4, 0xE4, 0xE4);
/// Land on the route map.
pub const LAND: RGBColor = RGBColor(0xE8, 0xE4, 0xD8);
/// Coastlines on the route map.
pub const COAST: RGBColor = RGBColor(0xA8, 0xA2, 0x90);
/// Sea on the route map.
pub const SEA: RGBColor = RGBColor(0xF3, 0xF8, 0xFC);

// Text sizes in pixels. Charts are drawn at 1200 px wide, so these read at
// 100 % zoom in the PNG and in the report.
/// Chart title.
pub fn title() -> TextStyle<'static> {
    (FONT, 26).into()
}
/// Axis descriptions ("Transit time (days)").
pub fn axis_desc() -> TextStyle<'static> {
    (FONT, 19).into()
}
/// Tick labels and legend entries.
pub fn label() -> TextStyle<'static> {
    (FONT, 16).into()
}
/// Small annotations on the chart.
pub fn note() -> TextStyle<'static> {
    (FONT, 15).into()
}
