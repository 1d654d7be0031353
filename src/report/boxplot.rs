//! Box plots of one metric per route (cost per TEU in the report): box from
//! the 25th to the 75th percentile, whiskers from the 5th to the 95th, a bar
//! at the median and a ring at the mean.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::chart::{self, ChartResult, Series};
use super::sample;
use super::style;

/// One box per series, in series order from left to right.
pub fn boxplot<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    title: &str,
    y_desc: &str,
    unit: &str,
    series: &[Series<'_>],
) -> ChartResult {
    let boxes: Vec<Option<([f64; 5], f64)>> = series
        .iter()
        .map(|s| {
            let sorted = sample::sorted(s.values);
            Some((sample::box_stats(&sorted)?, sample::mean(&sorted)?))
        })
        .collect();
    let lo = boxes
        .iter()
        .flatten()
        .map(|(b, m)| b[0].min(*m))
        .fold(f64::INFINITY, f64::min);
    let hi = boxes
        .iter()
        .flatten()
        .map(|(b, m)| b[4].max(*m))
        .fold(f64::NEG_INFINITY, f64::max);
    if lo > hi {
        return chart::empty_chart(area, title, "No arrived shipments to show.");
    }
    chart::prepare(area)?;
    let pad = ((hi - lo) * 0.08).max(1.0);
    // Costs are positive: start the axis at zero when that costs little room,
    // so bar lengths are not misread.
    let y0 = if lo - pad < (hi - lo) * 0.5 {
        (lo - pad).min(0.0)
    } else {
        lo - pad
    };
    let n = series.len();
    let labels: Vec<String> = series.iter().map(|s| s.label.clone()).collect();
    let x_formatter = |x: &f64| {
        let i = x.round();
        if (x - i).abs() < 1e-6 && i >= 0.0 && (i as usize) < labels.len() {
            labels[i as usize].clone()
        } else {
            String::new()
        }
    };
    let mut chart = ChartBuilder::on(area)
        .caption(title, style::title())
        .margin(18)
        .x_label_area_size(58)
        .y_label_area_size(90)
        // Headroom for the legend above the boxes.
        .build_cartesian_2d(-0.5..(n as f64 - 0.5), y0..hi + pad + (hi - y0) * 0.18)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(n)
        .x_label_formatter(&x_formatter)
        .y_label_formatter(&|y| chart::tick(*y))
        .x_desc("Route")
        .y_desc(y_desc)
        .axis_desc_style(style::axis_desc())
        .label_style(style::label())
        .light_line_style(TRANSPARENT)
        .bold_line_style(style::GRID)
        .draw()?;
    let half = 0.28;
    for (i, (s, b)) in series.iter().zip(&boxes).enumerate() {
        let Some(([p5, p25, p50, p75, p95], mean)) = *b else {
            continue;
        };
        let x = i as f64;
        let stroke = s.colour.stroke_width(2);
        chart
            .draw_series([Rectangle::new(
                [(x - half, p25), (x + half, p75)],
                s.colour.mix(0.35).filled(),
            )])?
            .label(format!(
                "{}: median {}, mean {} {unit}",
                s.label,
                chart::thousands(p50.round() as i64),
                chart::thousands(mean.round() as i64)
            ))
            .legend(chart::swatch(s.colour));
        chart.draw_series([
            Rectangle::new([(x - half, p25), (x + half, p75)], stroke),
            Rectangle::new([(x - half, p50), (x + half, p50)], s.colour.stroke_width(4)),
        ])?;
        for (from, to) in [(p5, p25), (p75, p95)] {
            chart.draw_series(LineSeries::new([(x, from), (x, to)], stroke))?;
        }
        for cap in [p5, p95] {
            chart.draw_series(LineSeries::new(
                [(x - half / 2.0, cap), (x + half / 2.0, cap)],
                stroke,
            ))?;
        }
        chart.draw_series([Circle::new(
            (x, mean),
            6,
            ShapeStyle::from(&BLACK).stroke_width(2),
        )])?;
    }
    chart
        .draw_series(std::iter::empty::<Circle<(f64, f64), i32>>())?
        .label("box 25–75 %, whiskers 5–95 %, bar median, ring mean")
        .legend(|(x, y)| Circle::new((x + 10, y), 5, ShapeStyle::from(&BLACK).stroke_width(2)));
    chart::legend(&mut chart, SeriesLabelPosition::UpperLeft)?;
    Ok(())
}
