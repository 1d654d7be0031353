//! Transit time by departure date: one line per route, the mean
//! door-to-door days of the shipments that left on each day (over
//! replications). This is the chart that shows when a disruption bites and
//! how it decays, and how the seasons move transit times.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::chart::{self, ChartResult, LegendEntry, Mark};
use super::style;

/// One route's line.
#[derive(Debug, Clone)]
pub struct Line {
    /// Legend text.
    pub label: String,
    /// Route colour.
    pub colour: RGBColor,
    /// (departure day, mean transit days), by departure day.
    pub points: Vec<(f64, f64)>,
}

/// Draws the lines, with markers at each departure.
pub fn lines<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    title: &str,
    lines: &[Line],
) -> ChartResult {
    let points = || lines.iter().flat_map(|l| l.points.iter());
    if points().next().is_none() {
        return chart::empty_chart(area, title, "No shipment arrived.");
    }
    chart::prepare(area)?;
    let area = area.margin(10, 0, 0, 0).titled(title, style::title())?;
    let x_max = points().map(|p| p.0).fold(1.0, f64::max);
    let x_min = points().map(|p| p.0).fold(x_max, f64::min).min(0.0);
    let y_max = points().map(|p| p.1).fold(1.0, f64::max) * 1.1;
    let (_, h) = area.dim_in_pixel();
    let strip = chart::legend_strip_height(lines.len());
    let (plot_area, legend_area) = area.split_vertically(h - strip);
    let mut c = ChartBuilder::on(&plot_area)
        .margin(16)
        .margin_bottom(4)
        .x_label_area_size(56)
        .y_label_area_size(78)
        .build_cartesian_2d(x_min..x_max.max(x_min + 1.0), 0.0..y_max)?;
    c.configure_mesh()
        .x_desc("Departure (days since the scenario's start date)")
        .y_desc("Mean door-to-door time (days)")
        .axis_desc_style(style::axis_desc())
        .label_style(style::label())
        .x_label_formatter(&|x| chart::tick(*x))
        .y_label_formatter(&|y| chart::tick(*y))
        .light_line_style(TRANSPARENT)
        .bold_line_style(style::GRID)
        .draw()?;
    let mut entries = Vec::new();
    for line in lines {
        c.draw_series(LineSeries::new(
            line.points.iter().copied(),
            line.colour.stroke_width(2),
        ))?;
        c.draw_series(
            line.points
                .iter()
                .map(|&p| Circle::new(p, 3, line.colour.filled())),
        )?;
        entries.push(LegendEntry {
            label: line.label.clone(),
            colour: line.colour,
            mark: Mark::Line {
                width: 3,
                dashed: false,
            },
        });
    }
    chart::legend_strip(&legend_area, &entries)?;
    Ok(())
}
