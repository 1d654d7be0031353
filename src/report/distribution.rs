//! Overlaid distributions of one metric over several series: a histogram
//! (as densities, with median and p90 marked) and an empirical CDF. Used for
//! transit days and cost per TEU of one run, and for the same route in two
//! runs by `corridor compare`.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::chart::{self, ChartResult, LegendEntry, Mark, Series};
use super::sample;
use super::style;

/// Axis words for one metric.
#[derive(Debug, Clone, Copy)]
pub struct Metric<'a> {
    /// Axis description with unit, e.g. "Transit time, door to door (days)".
    pub axis: &'a str,
    /// Short unit after a number in legends, e.g. "d" or "USD/TEU".
    pub unit: &'a str,
    /// Unit of a histogram bin in words, e.g. "day" or "USD".
    pub bin_unit: &'a str,
    /// Decimals for numbers in legends.
    pub decimals: usize,
}

/// Transit days.
pub const TRANSIT_DAYS: Metric<'static> = Metric {
    axis: "Transit time, door to door (days)",
    unit: "d",
    bin_unit: "day",
    decimals: 1,
};

/// Cost per TEU.
pub const COST_PER_TEU: Metric<'static> = Metric {
    axis: "Total cost (USD per TEU)",
    unit: "USD/TEU",
    bin_unit: "USD",
    decimals: 0,
};

fn number(value: f64, decimals: usize) -> String {
    crate::numbers::number(Some(value), decimals)
}

/// Overlaid histograms (share of shipments per bin), one outline per series,
/// with each series' median (solid) and p90 (dotted) as vertical lines; the
/// legend carries the numbers.
pub fn histogram<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    title: &str,
    metric: Metric<'_>,
    series: &[Series<'_>],
) -> ChartResult {
    let samples: Vec<&[f32]> = series.iter().map(|s| s.values).collect();
    let Some((start, end, width)) = sample::binned_range(&samples, 45.0) else {
        return chart::empty_chart(area, title, "No arrived shipments to show.");
    };
    chart::prepare(area)?;
    let bins: Vec<Vec<(f64, f64)>> = series
        .iter()
        .map(|s| {
            sample::density(s.values, start, end, width)
                .into_iter()
                // Share per bin in percent reads better than a density.
                .map(|(x, d)| (x, d * width * 100.0))
                .collect()
        })
        .collect();
    let highest = bins
        .iter()
        .flatten()
        .map(|b| b.1)
        .fold(0.0, f64::max)
        .max(1.0);
    let top = highest * 1.08;
    let mut entries = Vec::new();
    let (_, h) = area.dim_in_pixel();
    let strip = chart::legend_strip_height(series.len() + 2);
    let (plot_area, legend_area) = area.split_vertically(h - strip);
    let mut chart = ChartBuilder::on(&plot_area)
        .caption(title, style::title())
        .margin(18)
        .margin_bottom(4)
        .x_label_area_size(58)
        .y_label_area_size(78)
        .build_cartesian_2d(start..end, 0.0..top)?;
    chart
        .configure_mesh()
        .x_desc(metric.axis)
        .y_desc(format!(
            "Shipments per {} {} bin (%)",
            chart::tick(width),
            metric.bin_unit
        ))
        .axis_desc_style(style::axis_desc())
        .label_style(style::label())
        .x_label_formatter(&|x| chart::tick(*x))
        .y_label_formatter(&|y| chart::tick(*y))
        .light_line_style(TRANSPARENT)
        .bold_line_style(style::GRID)
        .draw()?;

    for (s, bins) in series.iter().zip(&bins) {
        let outline = sample::step_outline(bins, width);
        let sorted = sample::sorted(s.values);
        let (Some(p50), Some(p90)) = (
            sample::quantile(&sorted, 0.5),
            sample::quantile(&sorted, 0.9),
        ) else {
            continue;
        };
        entries.push(LegendEntry {
            label: format!(
                "{}: median {} {unit}, p90 {} {unit}",
                s.label,
                number(p50, metric.decimals),
                number(p90, metric.decimals),
                unit = metric.unit,
            ),
            colour: s.colour,
            mark: if s.dashed {
                Mark::Line {
                    width: 3,
                    dashed: true,
                }
            } else {
                Mark::Swatch
            },
        });
        if s.dashed {
            chart.draw_series(DashedLineSeries::new(
                outline,
                8,
                5,
                s.colour.stroke_width(2),
            ))?;
        } else {
            chart.draw_series(
                AreaSeries::new(outline, 0.0, s.colour.mix(0.18))
                    .border_style(s.colour.stroke_width(2)),
            )?;
        }
        chart.draw_series(LineSeries::new(
            [(p50, 0.0), (p50, highest)],
            s.colour.stroke_width(3),
        ))?;
        // Dotted, not dashed: in a comparison run B's outline is dashed.
        chart.draw_series(DashedLineSeries::new(
            [(p90, 0.0), (p90, highest)],
            2,
            5,
            s.colour.stroke_width(3),
        ))?;
    }
    entries.push(LegendEntry {
        label: "median (solid vertical line)".to_string(),
        colour: style::GREY,
        mark: Mark::Line {
            width: 3,
            dashed: false,
        },
    });
    entries.push(LegendEntry {
        label: "90th percentile (dotted vertical line)".to_string(),
        colour: style::GREY,
        mark: Mark::Dots { width: 3 },
    });
    chart::legend_strip(&legend_area, &entries)?;
    Ok(())
}

/// Overlaid empirical CDFs: the share of shipments at or below x, so "the
/// probability of arriving within N days" is read off the y axis.
pub fn cdf<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    title: &str,
    metric: Metric<'_>,
    y_desc: &str,
    series: &[Series<'_>],
) -> ChartResult {
    let samples: Vec<&[f32]> = series.iter().map(|s| s.values).collect();
    let Some((lo, hi)) = sample::extent(&samples) else {
        return chart::empty_chart(area, title, "No arrived shipments to show.");
    };
    chart::prepare(area)?;
    let pad = ((hi - lo) * 0.04).max(0.5 * 10f64.powi(-(metric.decimals as i32)));
    let (start, end) = (lo - pad, hi + pad);
    let (_, h) = area.dim_in_pixel();
    let strip = chart::legend_strip_height(series.len());
    let (plot_area, legend_area) = area.split_vertically(h - strip);
    let mut chart = ChartBuilder::on(&plot_area)
        .caption(title, style::title())
        .margin(18)
        .margin_bottom(4)
        .x_label_area_size(58)
        .y_label_area_size(78)
        .build_cartesian_2d(start..end, 0.0..100.0)?;
    chart
        .configure_mesh()
        .x_desc(metric.axis)
        .y_desc(y_desc)
        .axis_desc_style(style::axis_desc())
        .label_style(style::label())
        .y_labels(11)
        .x_label_formatter(&|x| chart::tick(*x))
        .y_label_formatter(&|y| format!("{y:.0}"))
        .light_line_style(TRANSPARENT)
        .bold_line_style(style::GRID)
        .draw()?;
    // Reference lines at 50 % and 90 %: where the median and p90 are read.
    for level in [50.0, 90.0] {
        chart.draw_series(DashedLineSeries::new(
            [(start, level), (end, level)],
            4,
            4,
            style::GREY.stroke_width(1),
        ))?;
    }
    let mut entries = Vec::new();
    for s in series {
        let sorted = sample::sorted(s.values);
        if sorted.is_empty() {
            continue;
        }
        let steps = sample::ecdf_steps(&sorted, start, end, 800);
        let p90 = sample::quantile(&sorted, 0.9).unwrap_or(f64::NAN);
        entries.push(LegendEntry {
            label: format!(
                "{}: 90 % within {} {}",
                s.label,
                number(p90, metric.decimals),
                metric.unit
            ),
            colour: s.colour,
            mark: Mark::Line {
                width: 3,
                dashed: s.dashed,
            },
        });
        if s.dashed {
            chart.draw_series(DashedLineSeries::new(steps, 8, 5, s.colour.stroke_width(3)))?;
        } else {
            chart.draw_series(LineSeries::new(steps, s.colour.stroke_width(3)))?;
        }
    }
    chart::legend_strip(&legend_area, &entries)?;
    Ok(())
}
