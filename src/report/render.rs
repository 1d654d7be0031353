//! Turning a chart into bytes (SVG text, PNG image) and bytes into files.
//!
//! Files are written to a temporary name in the target folder and renamed
//! when complete, so a failed or interrupted report never leaves a
//! half-written chart (the same rule as the run's own files).

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;
use plotters::coord::Shift;
use plotters::prelude::*;

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
        let root = BitMapBackend::with_buffer(&mut pixels, (w, h)).into_drawing_area();
        chart.draw(&root)?;
        root.present()?;
    }
    encode_png(&pixels, w, h).map_err(|err| ChartError(format!("PNG encoding failed: {err}")))
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

/// Writes `bytes` to `path` through a temporary file in the same folder and a
/// rename, creating the folder if needed.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> anyhow::Result<PathBuf> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).with_context(|| format!("creating folder {}", dir.display()))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "file".to_string());
    let temp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let result = (|| -> std::io::Result<()> {
        let mut file = std::fs::File::create(&temp)?;
        file.write_all(bytes)?;
        std::fs::rename(&temp, path)
    })();
    if let Err(err) = result {
        // Best effort: the temporary file is ours and useless now.
        let _ = std::fs::remove_file(&temp);
        return Err(err).with_context(|| format!("writing {}", path.display()));
    }
    Ok(path.to_path_buf())
}
