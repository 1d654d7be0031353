//! Queues over simulated time (from `queues.csv`): the Suez Canal and the
//! busiest ports, rail terminals and border posts. This is the chart that
//! shows a blockage building a queue and the queue draining afterwards, so
//! it draws the mean over replications (the signal) and leaves the noisy
//! per-replication maximum to the legend.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::chart::{self, ChartResult, LegendEntry, Mark};
use super::style;
use crate::runfile::geojson::MapPlace;
use crate::runfile::queues::{QueueSeries, Queues};

/// At most this many resources per panel, so the chart stays readable.
pub const MAX_SERIES: usize = 5;

/// A resource's queue with the name shown in the legend.
#[derive(Debug, Clone)]
pub struct QueueLine<'a> {
    /// Legend name ("Suez Canal, northbound", "Vladivostok port").
    pub label: String,
    /// The data.
    pub series: &'a QueueSeries,
}

/// The queues worth drawing, grouped by unit (ships first, then TEU): the
/// Suez Canal (any canal) first, then the others by their peak mean queue.
/// Queues that never held anyone, or whose peak is under 5 % of the
/// largest in their group, are left out: they would be flat lines at zero.
pub fn select<'a>(queues: &'a Queues, places: &[MapPlace]) -> Vec<Vec<QueueLine<'a>>> {
    let mut candidates: Vec<&QueueSeries> = queues
        .series
        .iter()
        .filter(|s| {
            s.points
                .iter()
                .any(|p| p.max_waiting > 0.0 || p.mean_waiting > 0.0)
        })
        .collect();
    candidates.sort_by(|a, b| {
        let canal = |s: &QueueSeries| s.kind == "canal";
        canal(b)
            .cmp(&canal(a))
            .then(b.peak_mean().total_cmp(&a.peak_mean()))
            .then(a.resource.cmp(&b.resource))
    });
    ["ships", "trucks", "trains", "TEU"]
        .iter()
        .map(|unit| {
            let group: Vec<&QueueSeries> = candidates
                .iter()
                .copied()
                .filter(|s| s.unit() == *unit)
                .collect();
            let largest = group.iter().map(|s| s.peak_mean()).fold(0.0, f64::max);
            group
                .into_iter()
                .filter(|s| s.kind == "canal" || s.peak_mean() >= 0.05 * largest)
                .take(MAX_SERIES)
                .map(|series| QueueLine {
                    label: resource_label(&series.resource, places),
                    series,
                })
                .collect::<Vec<_>>()
        })
        .filter(|group| !group.is_empty())
        .collect()
}

/// A readable name for a resource id: `suez-canal` → "Suez Canal",
/// `canal:suez-northbound` → "Suez Canal, northbound", `port:RUVVO` →
/// "Vladivostok port" (names from the run's ports), `rail:transsib` → "rail
/// transsib".
pub fn resource_label(id: &str, places: &[MapPlace]) -> String {
    let (kind, name) = id.split_once(':').unwrap_or(("", id));
    if let Some(rest) = name.strip_prefix("suez") {
        let rest = rest.trim_start_matches(['-', '_']).replace("canal", "");
        let rest = rest.trim_matches(['-', '_', ' ']);
        return if rest.is_empty() {
            "Suez Canal".to_string()
        } else {
            format!("Suez Canal, {}", rest.replace(['-', '_'], " "))
        };
    }
    if let Some(port) = places
        .iter()
        .find(|p| kind == "port" && p.locode.as_deref() == Some(name) && !p.name.is_empty())
    {
        return format!("{} port ({name})", port.name);
    }
    // A liner's boarding call, `liner:SERVICE@PORT`: the service keeps its
    // id (as in the scenario), the port its name.
    if kind == "liner"
        && let Some((service, port)) = name.split_once('@')
    {
        let port = places
            .iter()
            .find(|p| p.id == port && !p.name.is_empty())
            .map_or_else(|| port.replace(['-', '_'], " "), |p| p.name.clone());
        return format!("{service} at {port}");
    }
    let name = name.replace(['-', '_'], " ");
    if kind.is_empty() {
        name
    } else {
        format!("{kind} {name}")
    }
}

/// One panel per unit group, stacked: the mean number waiting per day over
/// replications, one line per resource; the legend, under each panel, gives
/// each resource's peak mean and the most waiting in any replication.
pub fn queues<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    title: &str,
    groups: &[Vec<QueueLine<'_>>],
) -> ChartResult {
    if groups.is_empty() {
        return chart::empty_chart(area, title, "No queue held anyone during the run.");
    }
    chart::prepare(area)?;
    let area = area.margin(10, 0, 0, 0).titled(title, style::title())?;
    let panels = area.split_evenly((groups.len(), 1));
    // Resource colours: Okabe–Ito without yellow (too faint for thin lines),
    // continuing across panels so no two resources share a colour.
    let palette = &style::OKABE_ITO[..style::OKABE_ITO.len() - 1];
    let mut colour_slot = 0;
    for (panel, group) in panels.iter().zip(groups) {
        let unit = group.first().map_or("ships", |l| l.series.unit());
        let points = || group.iter().flat_map(|l| l.series.points.iter());
        let x_max = points().map(|p| p.day).fold(1.0, f64::max);
        let x_min = points().map(|p| p.day).fold(x_max, f64::min).min(0.0);
        let y_max = points().map(|p| p.mean_waiting).fold(1.0, f64::max) * 1.1;
        let (_, h) = panel.dim_in_pixel();
        let strip = chart::legend_strip_height(group.len());
        let (plot_area, legend_area) = panel.split_vertically(h - strip);
        let mut chart = ChartBuilder::on(&plot_area)
            .margin(16)
            .margin_bottom(4)
            .x_label_area_size(56)
            .y_label_area_size(78)
            .build_cartesian_2d(x_min..x_max, 0.0..y_max)?;
        chart
            .configure_mesh()
            .x_desc("Simulated time (days since the scenario's start date)")
            .y_desc(format!("Waiting, mean over running replications ({unit})"))
            .axis_desc_style(style::axis_desc())
            .label_style(style::label())
            .x_label_formatter(&|x| chart::tick(*x))
            .y_label_formatter(&|y| chart::tick(*y))
            .light_line_style(TRANSPARENT)
            .bold_line_style(style::GRID)
            .draw()?;
        let mut entries = Vec::new();
        for line in group {
            let colour = palette[colour_slot % palette.len()];
            colour_slot += 1;
            let series = line.series;
            chart.draw_series(LineSeries::new(
                series.points.iter().map(|p| (p.day, p.mean_waiting)),
                colour.stroke_width(2),
            ))?;
            let most = series
                .points
                .iter()
                .map(|p| p.max_waiting)
                .fold(0.0, f64::max);
            entries.push(LegendEntry {
                label: format!(
                    // "max": the most waiting on any day of any one
                    // replication; the longer wording overran the legend's
                    // column with liner names.
                    "{}: peak mean {}, max {}",
                    line.label,
                    chart::tick((series.peak_mean() * 10.0).round() / 10.0),
                    chart::tick(most.round())
                ),
                colour,
                mark: Mark::Line {
                    width: 3,
                    dashed: false,
                },
            });
        }
        chart::legend_strip(&legend_area, &entries)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_resources_for_readers() {
        let ports = [MapPlace {
            name: "Vladivostok".to_string(),
            id: "vladivostok".to_string(),
            locode: Some("RUVVO".to_string()),
            kind: "sea".to_string(),
            at: (131.9, 43.1),
        }];
        assert_eq!(resource_label("suez-canal", &ports), "Suez Canal");
        assert_eq!(
            resource_label("canal:suez-northbound", &ports),
            "Suez Canal, northbound"
        );
        assert_eq!(
            resource_label("port:RUVVO", &ports),
            "Vladivostok port (RUVVO)"
        );
        assert_eq!(resource_label("port:INMAA", &ports), "port INMAA");
        assert_eq!(resource_label("rail:trans-sib", &ports), "rail trans sib");
        // A liner's boarding call keeps the service's id, names the port.
        assert_eq!(
            resource_label("liner:emc-direct@vladivostok", &ports),
            "emc-direct at Vladivostok"
        );
        assert_eq!(
            resource_label("liner:china-russia-feeder@shanghai", &ports),
            "china-russia-feeder at shanghai"
        );
    }
}
