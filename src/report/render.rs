//! Turning a chart into bytes (SVG text, PNG image) and bytes into files.
//!
//! Files are written to a temporary name in the target folder and renamed
//! when complete, so a failed or interrupted report never leaves a
//! half-written chart (the same rule as the run's own files).

use std::path::{Path, PathBuf};

use anyhow::Context;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingErrorKind,
};

use super::chart::{ChartError, ChartResult};

/// Something that can draw itself on any backend.
pub trait Draw {
    /// Size in pixels (width, height).
    fn size(&self) -> (u32, u32);
    /// Draws on the whole area.
    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> ChartResult;
}

/// Renders into an SVG document.
pub fn to_svg(chart: &impl Draw) -> Result<String, ChartError> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, chart.size()).into_drawing_area();
        chart.draw(&root)?;
        root.present()?;
        // Dropping the backend finishes the document.
    }
    // plotters escapes markup but not control characters, which XML
    // forbids: a name read from an edited run folder could hold one.
    Ok(crate::text::visible(&svg).into_owned())
}

/// Renders into a PNG image (8-bit RGB).
pub fn to_png(chart: &impl Draw) -> Result<Vec<u8>, ChartError> {
    let (w, h) = chart.size();
    let mut pixels = vec![0u8; w as usize * h as usize * 3];
    {
        let root = Bitmap(BitMapBackend::with_buffer(&mut pixels, (w, h))).into_drawing_area();
        chart.draw(&root)?;
        root.present()?;
    }
    encode_png(&pixels, w, h).map_err(|err| ChartError(format!("PNG encoding failed: {err}")))
}

/// plotters' bitmap backend with text drawn glyph by glyph at the pen
/// position. plotters 0.3.7 rasterises each glyph from its ink box and
/// truncates the pen to whole pixels, dropping the side bearing, so PNG
/// labels were unevenly spaced ("Col omb o"). Everything else is passed
/// through; the layout box (and so every anchor and estimate) is
/// plotters' own, so text lands where the chart code expects it.
struct Bitmap<'a>(BitMapBackend<'a>);

impl DrawingBackend for Bitmap<'_> {
    type ErrorType = <BitMapBackend<'static> as DrawingBackend>::ErrorType;

    fn get_size(&self) -> (u32, u32) {
        self.0.get_size()
    }
    fn ensure_prepared(&mut self) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.ensure_prepared()
    }
    fn present(&mut self) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.present()
    }
    fn draw_pixel(
        &mut self,
        point: BackendCoord,
        color: BackendColor,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.draw_pixel(point, color)
    }
    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.draw_line(from, to, style)
    }
    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.draw_rect(upper_left, bottom_right, style, fill)
    }
    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.draw_path(path, style)
    }
    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.draw_circle(center, radius, style, fill)
    }
    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.fill_polygon(vert, style)
    }
    fn blit_bitmap(
        &mut self,
        pos: BackendCoord,
        size: (u32, u32),
        src: &[u8],
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.blit_bitmap(pos, size, src)
    }

    fn draw_text<TStyle: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &TStyle,
        pos: BackendCoord,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        use ab_glyph::{Font, ScaleFont};
        let color = style.color();
        if color.alpha == 0.0 {
            return Ok(());
        }
        // Anchoring as plotters does it, from its own layout box.
        let ((min_x, min_y), (max_x, max_y)) = style
            .layout_box(text)
            .map_err(|e| DrawingErrorKind::FontError(Box::new(e)))?;
        let (width, height) = (max_x - min_x, max_y - min_y);
        let dx = match style.anchor().h_pos {
            HPos::Left => 0,
            HPos::Right => -width,
            HPos::Center => -width / 2,
        };
        let dy = match style.anchor().v_pos {
            VPos::Top => 0,
            VPos::Center => -height / 2,
            VPos::Bottom => -height,
        };
        let transform = style.transform();
        let (w, h) = self.get_size();
        let size = style.size() as f32;
        let font = super::style::font().as_scaled(size);
        let mut pen = 0f32;
        let mut previous = None;
        for c in text.chars() {
            let id = font.glyph_id(c);
            if let Some(p) = previous {
                pen += font.kern(p, id);
            }
            previous = Some(id);
            // Positioned at the (fractional) pen: the outline's pixel box
            // then includes the side bearing.
            let glyph = id.with_scale_and_position(font.scale(), ab_glyph::point(pen, 0.0));
            pen += font.h_advance(id);
            let Some(outline) = font.outline_glyph(glyph) else {
                continue;
            };
            let bounds = outline.px_bounds();
            // plotters' vertical convention: the baseline at half the size.
            let (left, top) = (bounds.min.x as i32, (size / 2.0 + bounds.min.y) as i32);
            let mut pixels = Vec::new();
            outline.draw(|x, y, coverage| pixels.push((x as i32, y as i32, coverage)));
            for (x, y, coverage) in pixels {
                let (x, y) = transform.transform(left + x + dx - min_x, top + y + dy - min_y);
                let (x, y) = (pos.0 + x, pos.1 + y);
                if x >= 0 && x < w as i32 && y >= 0 && y < h as i32 {
                    let shade = BackendColor {
                        alpha: color.alpha * f64::from(coverage),
                        rgb: color.rgb,
                    };
                    self.0.draw_pixel((x, y), shade)?;
                }
            }
        }
        Ok(())
    }
}

/// Encodes RGB pixels as PNG. The encoder writes no time stamp, so the same
/// pixels always give the same bytes.
pub fn encode_png(rgb: &[u8], w: u32, h: u32) -> Result<Vec<u8>, png::EncodingError> {
    let mut out = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut out, w, h);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder.write_header()?;
        writer.write_image_data(rgb)?;
        writer.finish()?;
    }
    Ok(out)
}

/// Writes `bytes` to `path` whole or not at all (the run folder's one atomic
/// writer), creating the folder if needed.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> anyhow::Result<PathBuf> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).with_context(|| format!("creating folder {}", dir.display()))?;
    crate::runfile::AtomicFile::write_all(path, bytes)
        .with_context(|| format!("cannot write {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::style;
    use ab_glyph::{Font, ScaleFont};

    /// The leftmost column with ink at or after `from`, in an RGB buffer.
    fn first_ink_column(pixels: &[u8], (w, h): (u32, u32), from: u32) -> Option<u32> {
        (from..w).find(|&x| (0..h).any(|y| pixels[((y * w + x) * 3) as usize] < 160))
    }

    /// "Al": the `l` starts where the pen put it plus its own side bearing
    /// (DejaVu's `l` has ≈ 5 px more bearing than its `A` at 60 px).
    /// plotters 0.3.7 dropped the bearing, so glyphs touched or gapped at
    /// random ("Col omb o").
    #[test]
    fn png_glyphs_sit_at_the_pen_plus_their_bearing() {
        style::ensure_font().unwrap();
        let size = (200, 90);
        let mut pixels = vec![255u8; 200 * 90 * 3];
        {
            let root = Bitmap(BitMapBackend::with_buffer(&mut pixels, size)).into_drawing_area();
            root.draw(&Text::new("Al", (10, 10), (style::FONT, 60)))
                .unwrap();
            root.present().unwrap();
        }
        let font = style::font().as_scaled(60.0);
        let (l, o) = (font.glyph_id('A'), font.glyph_id('l'));
        let l_left = first_ink_column(&pixels, size, 0).unwrap();
        // Where the l's ink begins: after the A's ink and a blank column.
        let l_right = (l_left..size.0)
            .find(|&x| (0..size.1).all(|y| pixels[((y * size.0 + x) * 3) as usize] >= 160))
            .unwrap();
        let o_left = first_ink_column(&pixels, size, l_right).unwrap();
        let expected =
            font.h_advance(l) + font.kern(l, o) + font.h_side_bearing(o) - font.h_side_bearing(l);
        let measured = (o_left - l_left) as f32;
        assert!(
            (measured - expected).abs() <= 1.5,
            "l starts {measured} px after A, expected {expected}"
        );
    }
}
