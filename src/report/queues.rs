//! Queues over simulated time (from `queues.csv`): the Suez Canal and the
//! busiest ports, rail terminals and border posts. This is the chart that
//! shows a blockage building a queue and the queue draining afterwards.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::chart::{self, ChartResult};
use super::data::{QueueSeries, Queues};
use super::style;

/// At most this many resources per panel, so the legend stays readable.
pub const MAX_SERIES: usize = 6;

/// The queues worth drawing: the Suez Canal (or any canal) first, then the
/// others by their peak mean queue; queues that never held anyone are left
/// out. Grouped by unit (ships first, then TEU).
pub fn select(queues: &Queues) -> Vec<Vec<&QueueSeries>> {
    let mut candidates: Vec<&QueueSeries> = queues
        .series
        .iter()
        .filter(|s| s.points.iter().any(|p| p.2 > 0.0 || p.1 > 0.0))
        .collect();
    candidates.sort_by(|a, b| {
        let canal = |s: &QueueSeries| s.kind == "canal";
        canal(b)
            .cmp(&canal(a))
            .then(b.peak_mean().total_cmp(&a.peak_mean()))
            .then(a.resource.cmp(&b.resource))
    });
    ["ships", "TEU"]
        .iter()
        .map(|unit| {
            candidates
                .iter()
                .copied()
                .filter(|s| s.unit() == *unit)
                .take(MAX_SERIES)
                .collect::<Vec<_>>()
        })
        .filter(|group| !group.is_empty())
        .collect()
}

/// A readable name for a resource id: `port:RUVVO` → "port RUVVO".
pub fn resource_label(id: &str) -> String {
    match id {
        "suez-canal" => "Suez Canal".to_string(),
        other => other.replacen(':', " ", 1),
    }
}

/// One panel per unit group, stacked: the mean number waiting (solid) and
/// the most waiting in any replication (dashed), per day.
pub fn queues<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    title: &str,
    groups: &[Vec<&QueueSeries>],
) -> ChartResult {
    if groups.is_empty() {
        return chart::empty_chart(area, title, "No queue held anyone during the run.");
    }
    chart::prepare(area)?;
    let area = area.margin(10, 0, 0, 0).titled(title, style::title())?;
    let panels = area.split_evenly((groups.len(), 1));
    let mut colour_slot = 0;
    for (panel, group) in panels.iter().zip(groups) {
        let unit = group.first().map_or("ships", |s| s.unit());
        let x_max = group
            .iter()
            .flat_map(|s| s.points.iter().map(|p| p.0))
            .fold(1.0, f64::max);
        let x_min = group
            .iter()
            .flat_map(|s| s.points.iter().map(|p| p.0))
            .fold(x_max, f64::min)
            .min(0.0);
        let y_max = group
            .iter()
            .flat_map(|s| s.points.iter().map(|p| p.2.max(p.1)))
            .fold(1.0, f64::max)
            * 1.15;
        let mut chart = ChartBuilder::on(panel)
            .margin(16)
            .x_label_area_size(56)
            .y_label_area_size(78)
            .build_cartesian_2d(x_min..x_max, 0.0..y_max)?;
        chart
            .configure_mesh()
            .x_desc("Simulated time (days since the scenario's start date)")
            .y_desc(format!("Waiting ({unit})"))
            .axis_desc_style(style::axis_desc())
            .label_style(style::label())
            .x_label_formatter(&|x| chart::tick(*x))
            .y_label_formatter(&|y| chart::tick(*y))
            .light_line_style(TRANSPARENT)
            .bold_line_style(style::GRID)
            .draw()?;
        for series in group {
            let colour = style::OKABE_ITO[colour_slot % style::OKABE_ITO.len()];
            colour_slot += 1;
            chart
                .draw_series(LineSeries::new(
                    series.points.iter().map(|p| (p.0, p.1)),
                    colour.stroke_width(3),
                ))?
                .label(format!(
                    "{}: mean over replications (peak {})",
                    resource_label(&series.resource),
                    chart::tick((series.peak_mean() * 10.0).round() / 10.0)
                ))
                .legend(chart::legend_line!(colour, 3, false));
            chart.draw_series(DashedLineSeries::new(
                series.points.iter().map(|p| (p.0, p.2)),
                6,
                4,
                colour.mix(0.7).stroke_width(1),
            ))?;
        }
        chart
            .draw_series(std::iter::empty::<Circle<(f64, f64), i32>>())?
            .label("dashed: most waiting in any replication")
            .legend(chart::legend_line!(style::GREY, 1, true));
        chart::legend(&mut chart, SeriesLabelPosition::UpperRight)?;
    }
    Ok(())
}
