//! The paired comparison with the scenario's reference route: for the same
//! shipment in the same replication (same departure, same weather and
//! traffic), how many days and dollars each route saves or loses. Pairing
//! removes the shared noise, so small real differences show.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::chart::{self, ChartResult};
use super::sample;
use super::style;

/// One route's paired differences against the reference.
#[derive(Debug, Clone)]
pub struct PairedSeries<'a> {
    /// Route name.
    pub label: String,
    /// Route colour.
    pub colour: RGBColor,
    /// (route − reference) transit days per pair.
    pub transit_diff_days: &'a [f32],
    /// (route − reference) cost per TEU per pair.
    pub cost_diff_usd_per_teu: &'a [f32],
    /// Share of pairs where the route was faster (0–1).
    pub share_faster: f64,
    /// Share of pairs where the route was cheaper (0–1).
    pub share_cheaper: f64,
    /// Share of pairs where the route was both (0–1).
    pub share_both: f64,
}

/// Two panels, one above the other: the distribution of the transit-day difference
/// and of the cost difference, one outline per route, zero marked; the
/// legend gives the share of shipments where each route is faster, cheaper
/// and both.
pub fn paired<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    title: &str,
    reference: &str,
    series: &[PairedSeries<'_>],
) -> ChartResult {
    if series.iter().all(|s| s.transit_diff_days.is_empty()) {
        return chart::empty_chart(area, title, "No pairs where both routes arrived.");
    }
    chart::prepare(area)?;
    let area = area.margin(10, 0, 0, 0).titled(title, style::title())?;
    let (left, right) = area.split_vertically(area.dim_in_pixel().1 as i32 / 2);
    let transit: Vec<(&PairedSeries<'_>, &[f32])> =
        series.iter().map(|s| (s, s.transit_diff_days)).collect();
    let cost: Vec<(&PairedSeries<'_>, &[f32])> = series
        .iter()
        .map(|s| (s, s.cost_diff_usd_per_teu))
        .collect();
    panel(
        &left,
        &format!("Transit time: route − {reference} (days)"),
        "day",
        &transit,
        true,
        ("← route faster", "route slower →"),
    )?;
    panel(
        &right,
        &format!("Cost: route − {reference} (USD per TEU)"),
        "USD",
        &cost,
        false,
        ("← route cheaper", "route dearer →"),
    )?;
    Ok(())
}

fn panel<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    x_desc: &str,
    bin_unit: &str,
    series: &[(&PairedSeries<'_>, &[f32])],
    with_shares: bool,
    sides: (&str, &str),
) -> ChartResult {
    let samples: Vec<&[f32]> = series.iter().map(|s| s.1).collect();
    let Some((mut start, mut end, width)) = sample::binned_range(&samples, 36.0) else {
        return Ok(());
    };
    // Always show zero, the line between better and worse, with a bin of
    // room beyond it.
    start = start.min(-width);
    end = end.max(width);
    let bins: Vec<Vec<(f64, f64)>> = samples
        .iter()
        .map(|s| {
            sample::density(s, start, end, width)
                .into_iter()
                .map(|(x, d)| (x, d * width * 100.0))
                .collect()
        })
        .collect();
    let top = bins
        .iter()
        .flatten()
        .map(|b| b.1)
        .fold(0.0, f64::max)
        .max(1.0)
        * 1.45;
    let mut chart = ChartBuilder::on(area)
        .margin(16)
        .x_label_area_size(58)
        .y_label_area_size(74)
        .build_cartesian_2d(start..end, 0.0..top)?;
    chart
        .configure_mesh()
        // Which side of zero is better is said in the axis title, below the
        // plot: written inside it, the words sat behind the legend or the
        // bars (they cannot be placed where neither is).
        .x_desc(format!("{}    {x_desc}    {}", sides.0, sides.1))
        .y_desc(format!(
            "Pairs per {} {bin_unit} bin (%)",
            chart::tick(width)
        ))
        .axis_desc_style(style::axis_desc())
        .label_style(style::label())
        .x_label_formatter(&|x| chart::tick(*x))
        .y_label_formatter(&|y| chart::tick(*y))
        .light_line_style(TRANSPARENT)
        .bold_line_style(style::GRID)
        .draw()?;
    chart.draw_series(LineSeries::new(
        [(0.0, 0.0), (0.0, top)],
        BLACK.stroke_width(2),
    ))?;
    for ((s, _), bins) in series.iter().zip(&bins) {
        let outline = sample::step_outline(bins, width);
        let sorted = sample::sorted(if with_shares {
            s.transit_diff_days
        } else {
            s.cost_diff_usd_per_teu
        });
        let median = sample::quantile(&sorted, 0.5).unwrap_or(f64::NAN);
        let label = if with_shares {
            format!(
                "{}: median {} d; faster in {:.0} % of pairs, cheaper {:.0} %, both {:.0} %",
                s.label,
                signed(median, 1),
                s.share_faster * 100.0,
                s.share_cheaper * 100.0,
                s.share_both * 100.0
            )
        } else {
            format!("{}: median {} USD/TEU", s.label, signed(median, 0))
        };
        chart
            .draw_series(
                AreaSeries::new(outline, 0.0, s.colour.mix(0.18))
                    .border_style(s.colour.stroke_width(2)),
            )?
            .label(label)
            .legend(chart::swatch(s.colour));
    }
    chart::legend(&mut chart, SeriesLabelPosition::UpperLeft)?;
    Ok(())
}

fn signed(value: f64, decimals: usize) -> String {
    crate::numbers::signed(Some(value), decimals)
}
