//! What every chart function shares: the error type, a series of samples,
//! the legend and mesh settings, and a few drawing helpers.
//!
//! Chart functions take a `&DrawingArea<DB, Shift>` for any plotters backend,
//! so the same code draws the SVG, the PNG and the test's in-memory SVG.

use std::fmt;

use plotters::coord::CoordTranslate;
use plotters::prelude::*;

use super::style;

/// A chart could not be drawn (a backend failure, or the font is missing).
#[derive(Debug, Clone, PartialEq)]
pub struct ChartError(pub String);

impl fmt::Display for ChartError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ChartError {}

impl<E: std::error::Error + Send + Sync> From<DrawingAreaErrorKind<E>> for ChartError {
    fn from(err: DrawingAreaErrorKind<E>) -> Self {
        ChartError(format!("drawing failed: {err}"))
    }
}

/// What a chart function returns.
pub type ChartResult = Result<(), ChartError>;

/// One sample drawn as one series: a route's transit days, say.
#[derive(Debug, Clone)]
pub struct Series<'a> {
    /// Legend text.
    pub label: String,
    /// Line and fill colour.
    pub colour: RGBColor,
    /// Drawn dashed and unfilled (the second run in a comparison).
    pub dashed: bool,
    /// The values; need not be sorted.
    pub values: &'a [f32],
}

/// Clears the area to white and registers the font; every chart starts here.
pub fn prepare<DB: DrawingBackend>(area: &DrawingArea<DB, plotters::coord::Shift>) -> ChartResult {
    style::ensure_font().map_err(ChartError)?;
    area.fill(&WHITE)?;
    Ok(())
}

/// Draws the legend of the series that have a label, framed, at `position`.
pub fn legend<'a, DB: DrawingBackend + 'a, CT: CoordTranslate>(
    chart: &mut ChartContext<'a, DB, CT>,
    position: SeriesLabelPosition,
) -> ChartResult {
    chart
        .configure_series_labels()
        .position(position)
        .margin(12)
        .legend_area_size(36)
        .label_font(style::label())
        .background_style(WHITE.mix(0.88))
        .border_style(style::GREY)
        .draw()?;
    Ok(())
}

/// A filled square legend mark.
pub fn swatch(colour: RGBColor) -> impl Fn((i32, i32)) -> Rectangle<(i32, i32)> {
    move |(x, y)| Rectangle::new([(x, y - 7), (x + 22, y + 7)], colour.mix(0.55).filled())
}

/// The segments of a short legend line, dashed or solid.
pub fn line_segments(dashed: bool) -> [(i32, i32); 3] {
    if dashed {
        [(0, 7), (11, 18), (22, 26)]
    } else {
        [(0, 9), (9, 18), (18, 26)]
    }
}

/// Formats a number for axis ticks: no decimals for large numbers, thousands
/// separated by commas.
pub fn tick(value: f64) -> String {
    if value.abs() >= 1000.0 {
        thousands(value.round() as i64)
    } else if value.fract().abs() < 1e-9 {
        format!("{value:.0}")
    } else if (value * 10.0).fract().abs() < 1e-9 {
        format!("{value:.1}")
    } else {
        format!("{value:.2}")
    }
}

pub use crate::numbers::thousands;

/// A message in the middle of an empty chart, so an empty input still gives
/// a titled image rather than a failure.
pub fn empty_chart<DB: DrawingBackend>(
    area: &DrawingArea<DB, plotters::coord::Shift>,
    title: &str,
    message: &str,
) -> ChartResult {
    prepare(area)?;
    let (w, h) = area.dim_in_pixel();
    area.draw(&Text::new(title.to_string(), (24, 16), style::title()))?;
    area.draw(&Text::new(
        message.to_string(),
        (w as i32 / 2 - 200, h as i32 / 2),
        style::axis_desc().color(&style::GREY),
    ))?;
    Ok(())
}

/// How a legend entry is marked.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Mark {
    /// A filled square (a filled area or bar).
    Swatch,
    /// A short line of this width, solid or dashed.
    Line {
        /// Stroke width in pixels.
        width: u32,
        /// Dashed rather than solid.
        dashed: bool,
    },
    /// A short dotted line: percentile markers, so they are never taken
    /// for a dashed series (run B in a comparison).
    Dots {
        /// Dot size in pixels.
        width: u32,
    },
}

/// One entry of a legend drawn outside the plot.
#[derive(Debug, Clone)]
pub struct LegendEntry {
    /// Text.
    pub label: String,
    /// Colour of the mark.
    pub colour: RGBColor,
    /// The mark.
    pub mark: Mark,
}

/// Row height of a legend strip, pixels.
const LEGEND_ROW: i32 = 26;

/// Height of a legend strip under the plot for `entries` entries in two
/// columns; charts split this much off their bottom before drawing.
pub fn legend_strip_height(entries: usize) -> u32 {
    (entries.div_ceil(2) as i32 * LEGEND_ROW + 20) as u32
}

/// Draws a legend strip: entries in two columns, left to right then down.
/// A legend outside the plot never covers a curve, whatever the data.
pub fn legend_strip<DB: DrawingBackend>(
    area: &DrawingArea<DB, plotters::coord::Shift>,
    entries: &[LegendEntry],
) -> ChartResult {
    let (w, _) = area.dim_in_pixel();
    let column = (w as i32 - 80) / 2;
    for (i, entry) in entries.iter().enumerate() {
        let x = 80 + (i as i32 % 2) * column;
        let y = 6 + (i as i32 / 2) * LEGEND_ROW + LEGEND_ROW / 2;
        match entry.mark {
            Mark::Swatch => {
                area.draw(&Rectangle::new(
                    [(x, y - 8), (x + 26, y + 8)],
                    entry.colour.mix(0.55).filled(),
                ))?;
                area.draw(&Rectangle::new(
                    [(x, y - 8), (x + 26, y + 8)],
                    entry.colour.stroke_width(2),
                ))?;
            }
            Mark::Line { width, dashed } => {
                for (a, b) in line_segments(dashed) {
                    area.draw(&PathElement::new(
                        vec![(x + a, y), (x + b, y)],
                        entry.colour.stroke_width(width),
                    ))?;
                }
            }
            Mark::Dots { width } => {
                for a in (0..26).step_by(7) {
                    area.draw(&PathElement::new(
                        vec![(x + a, y), (x + a + 2, y)],
                        entry.colour.stroke_width(width),
                    ))?;
                }
            }
        }
        area.draw(&Text::new(
            entry.label.clone(),
            (x + 36, y),
            style::label().pos(plotters::style::text_anchor::Pos::new(
                plotters::style::text_anchor::HPos::Left,
                plotters::style::text_anchor::VPos::Center,
            )),
        ))?;
    }
    Ok(())
}
