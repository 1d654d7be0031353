//! Box plots of one metric per route (cost per TEU in the report), one
//! panel per route with its own scale: box from the 25th to the 75th
//! percentile, whiskers from the 5th to the 95th, a bar at the median and a
//! ring at the mean.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::chart::{self, ChartResult, Series};
use super::sample;
use super::style;

/// One panel per series, left to right (two rows past six), each with its
/// own value axis. Routes' costs differ far more than their spreads (EMC
/// ≈ 900, Suez + rail ≈ 3,900 USD/TEU, each spread ≈ 50), so on one shared
/// axis every box was a flat line; small multiples show each spread, and
/// the panel titles give the levels to compare.
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
    if boxes.iter().all(Option::is_none) {
        return chart::empty_chart(area, title, "No arrived shipments to show.");
    }
    chart::prepare(area)?;
    let (w, h) = area.dim_in_pixel();
    let title_style = style::title();
    area.draw(&Text::new(
        title.to_string(),
        (w as i32 / 2, 14),
        title_style.pos(Pos::new(HPos::Center, VPos::Top)),
    ))?;
    let key = "Box 25–75 %, whiskers 5–95 %, bar median, ring mean; each panel has its own scale.";
    area.draw(&Text::new(
        key.to_string(),
        (w as i32 / 2, h as i32 - 12),
        style::note().pos(Pos::new(HPos::Center, VPos::Bottom)),
    ))?;
    let body = area.margin(56, 40, 8, 8);
    let n = series.len().max(1);
    let rows = if n > 6 { 2 } else { 1 };
    let columns = n.div_ceil(rows);
    let panels = body.split_evenly((rows, columns));
    for (i, ((s, b), panel)) in series.iter().zip(&boxes).zip(&panels).enumerate() {
        let Some(([p5, p25, p50, p75, p95], mean)) = *b else {
            panel.draw(&Text::new(
                format!("{}: no arrivals", s.label),
                (12, 12),
                style::label(),
            ))?;
            continue;
        };
        let (lo, hi) = (p5.min(mean), p95.max(mean));
        let pad = ((hi - lo) * 0.12).max(hi.abs() * 1e-3).max(0.5);
        // The route, then its level: the numbers to compare across panels.
        let centre = panel.dim_in_pixel().0 as i32 / 2;
        let top = Pos::new(HPos::Center, VPos::Top);
        panel.draw(&Text::new(
            s.label.clone(),
            (centre, 4),
            style::axis_desc().pos(top),
        ))?;
        let (median, mean_text) = (
            chart::thousands(p50.round() as i64),
            chart::thousands(mean.round() as i64),
        );
        // Narrow panels (past three a row) take the figures on two lines.
        let lines = if columns > 3 {
            vec![format!("median {median}"), format!("mean {mean_text}")]
        } else {
            vec![format!("median {median}, mean {mean_text} {unit}")]
        };
        for (k, line) in lines.iter().enumerate() {
            panel.draw(&Text::new(
                line.clone(),
                (centre, 28 + 18 * k as i32),
                style::note().pos(top),
            ))?;
        }
        let mut chart = ChartBuilder::on(panel)
            .margin(10)
            .margin_top(36 + 18 * lines.len() as u32)
            .y_label_area_size(if i % columns == 0 { 96 } else { 70 })
            .build_cartesian_2d(-0.5f64..0.5f64, (lo - pad)..(hi + pad))?;
        let mut mesh = chart.configure_mesh();
        mesh.disable_x_mesh()
            .disable_x_axis()
            .y_labels(6)
            .y_label_formatter(&|y| chart::tick(*y))
            .axis_desc_style(style::axis_desc())
            .label_style(style::label())
            .light_line_style(TRANSPARENT)
            .bold_line_style(style::GRID);
        if i % columns == 0 {
            mesh.y_desc(y_desc);
        }
        mesh.draw()?;
        let half = 0.28;
        let stroke = s.colour.stroke_width(2);
        chart.draw_series([
            Rectangle::new([(-half, p25), (half, p75)], s.colour.mix(0.35).filled()),
            Rectangle::new([(-half, p25), (half, p75)], stroke),
            Rectangle::new([(-half, p50), (half, p50)], s.colour.stroke_width(4)),
        ])?;
        for (from, to) in [(p5, p25), (p75, p95)] {
            chart.draw_series(LineSeries::new([(0.0, from), (0.0, to)], stroke))?;
        }
        for cap in [p5, p95] {
            chart.draw_series(LineSeries::new(
                [(-half / 2.0, cap), (half / 2.0, cap)],
                stroke,
            ))?;
        }
        chart.draw_series([Circle::new(
            (0.0, mean),
            6,
            ShapeStyle::from(&BLACK).stroke_width(2),
        )])?;
    }
    Ok(())
}
