//! Comparing two runs (`corridor compare A B`), for instance the baseline
//! against the Red Sea crisis: a side-by-side table of the routes both runs
//! share (matched by route id) and their distributions overlaid, run A
//! filled and run B dashed, each labelled with its scenario's name.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use plotters::coord::Shift;
use plotters::prelude::*;

use super::chart::{ChartResult, Series};
use super::data::RunData;
use super::distribution;
use super::html::{CSS, escape};
use super::render;
use super::style;
use super::{ChartKind, ChartSpec};
use crate::error::InputError;
use crate::runfile::{RouteSummary, Stats};

/// The table's file name in the output folder.
pub const CSV_FILE: &str = "compare.csv";
/// The page's file name in the output folder.
pub const HTML_FILE: &str = "compare.html";

/// The metrics compared, with their summary.json key, unit and decimals.
const METRICS: [(&str, &str, usize); 3] = [
    ("transit_days", "days", 1),
    ("cost_usd_per_teu", "USD/TEU", 0),
    ("co2_t_per_teu", "t CO2/TEU", 2),
];

fn stats<'a>(route: &'a RouteSummary, metric: &str) -> Option<&'a Stats> {
    match metric {
        "transit_days" => Some(&route.transit_days),
        "cost_usd_per_teu" => Some(&route.cost_usd_per_teu),
        _ => Some(&route.co2_t_per_teu),
    }
}

/// What `write_compare` produced.
#[derive(Debug, Clone)]
pub struct Comparison {
    /// The side-by-side table as aligned text, for the terminal.
    pub table: String,
    /// Files written.
    pub files: Vec<PathBuf>,
}

/// The routes both runs have, in run A's order, as (A's, B's).
fn shared<'a>(a: &'a RunData, b: &'a RunData) -> Vec<(&'a RouteSummary, &'a RouteSummary)> {
    a.summary
        .routes
        .iter()
        .filter_map(|ra| Some((ra, b.summary.route(&ra.id)?)))
        .collect()
}

fn fmt(value: Option<f64>, decimals: usize) -> String {
    match value {
        Some(v) if v.is_finite() => format!("{v:.decimals$}"),
        _ => String::new(),
    }
}

/// compare.csv: one row per shared route and metric, B − A in `diff_mean`.
fn csv_table(a: &RunData, b: &RunData) -> anyhow::Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "route",
        "metric",
        "a_scenario",
        "b_scenario",
        "a_count",
        "a_mean",
        "a_ci95_low",
        "a_ci95_high",
        "a_p50",
        "a_p90",
        "b_count",
        "b_mean",
        "b_ci95_low",
        "b_ci95_high",
        "b_p50",
        "b_p90",
        "diff_mean",
        "diff_ci95_low",
        "diff_ci95_high",
    ])?;
    for (ra, rb) in shared(a, b) {
        for (metric, _, decimals) in METRICS {
            let (sa, sb) = (stats(ra, metric), stats(rb, metric));
            let cells = |s: Option<&Stats>| -> [String; 6] {
                let d = decimals + 2;
                [
                    s.map_or(String::new(), |s| s.count.to_string()),
                    fmt(s.and_then(|s| s.mean), d),
                    fmt(s.and_then(|s| s.ci95_low), d),
                    fmt(s.and_then(|s| s.ci95_high), d),
                    fmt(s.and_then(|s| s.p50), d),
                    fmt(s.and_then(|s| s.p90), d),
                ]
            };
            let diff = match (sa.and_then(|s| s.mean), sb.and_then(|s| s.mean)) {
                (Some(x), Some(y)) => fmt(Some(y - x), decimals + 2),
                _ => String::new(),
            };
            let mut row: Vec<String> = [
                &ra.id,
                metric,
                &a.summary.scenario.name,
                &b.summary.scenario.name,
            ]
            .map(|cell| crate::text::visible(cell).into_owned())
            .into();
            row.extend(cells(sa));
            row.extend(cells(sb));
            row.push(diff);
            let ci = match (sa, sb) {
                (Some(x), Some(y)) => crate::runfile::stats::difference_ci95(x, y),
                _ => None,
            };
            row.push(fmt(ci.map(|c| c.0), decimals + 2));
            row.push(fmt(ci.map(|c| c.1), decimals + 2));
            w.write_record(&row)?;
        }
    }
    Ok(w.into_inner()?)
}

/// Rows of the side-by-side table: route, metric, A, B, B − A.
fn rows(a: &RunData, b: &RunData) -> Vec<[String; 5]> {
    let mut out = Vec::new();
    for (ra, rb) in shared(a, b) {
        for (metric, unit, decimals) in METRICS {
            let (sa, sb) = (stats(ra, metric), stats(rb, metric));
            out.push([
                ra.short_label().to_string(),
                format!("{metric} ({unit})"),
                mean_ci_text(sa, decimals),
                mean_ci_text(sb, decimals),
                diff_text(sa, sb, decimals),
            ]);
        }
    }
    out
}

/// The table as aligned text with a header naming both runs.
fn text_table(a: &RunData, b: &RunData) -> String {
    let (na, nb) = (&a.summary.scenario.name, &b.summary.scenario.name);
    let header = [
        "route".to_string(),
        "metric".to_string(),
        format!("A: {na}, mean [95% CI]"),
        format!("B: {nb}, mean [95% CI]"),
        "B - A (95% CI)".to_string(),
    ];
    let rows = rows(a, b);
    let mut widths = header.clone().map(|h| h.chars().count());
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    let line = |out: &mut String, cells: &[String; 5]| {
        for (i, (cell, w)) in cells.iter().zip(&widths).enumerate() {
            let pad = w - cell.chars().count();
            if i < 2 {
                let _ = write!(out, "{cell}{}  ", " ".repeat(pad));
            } else {
                let _ = write!(out, "{}{cell}  ", " ".repeat(pad));
            }
        }
        let trimmed = out.trim_end().len();
        out.truncate(trimmed);
        out.push('\n');
    };
    line(&mut out, &header);
    for row in &rows {
        line(&mut out, row);
    }
    let only = |x: &RunData, y: &RunData| -> Vec<String> {
        x.summary
            .routes
            .iter()
            .filter(|r| y.summary.route(&r.id).is_none())
            .map(|r| r.id.clone())
            .collect()
    };
    let (only_a, only_b) = (only(a, b), only(b, a));
    if !only_a.is_empty() {
        let _ = writeln!(out, "only in A ({na}): {}", only_a.join(", "));
    }
    if !only_b.is_empty() {
        let _ = writeln!(out, "only in B ({nb}): {}", only_b.join(", "));
    }
    // Names come from the run folders, which may have been edited.
    crate::text::visible(&out).into_owned()
}

/// The overlaid charts of the shared routes: transit days (histogram and
/// CDF) and cost per TEU (histogram).
fn charts<'a>(a: &'a RunData, b: &'a RunData) -> Vec<ChartSpec<'a>> {
    let (na, nb) = (&a.summary.scenario.name, &b.summary.scenario.name);
    let series =
        |values: fn(&crate::runfile::shipments::RouteSamples) -> &[f32]| -> Vec<Series<'a>> {
            let mut out = Vec::new();
            for (ra, rb) in shared(a, b) {
                let colour = style::route_colour(ra.colour_index);
                for (run, route, name, dashed) in [(a, ra, na, false), (b, rb, nb, true)] {
                    let values = run.shipments.route(&route.id).map_or(&[][..], values);
                    out.push(Series {
                        label: format!("{name}: {}", route.id),
                        colour,
                        dashed,
                        values,
                    });
                }
            }
            out
        };
    let transit = series(|s| &s.transit_days);
    let cost = series(|s| &s.cost_usd_per_teu);
    vec![
        ChartSpec {
            stem: "compare-transit-days",
            title: format!("Transit time: {na} (filled) against {nb} (dashed)"),
            caption: format!(
                "Transit time of the routes both runs share; {na} filled, {nb} dashed, one \
                 colour per route."
            ),
            size: (1200, 675),
            kind: ChartKind::Histogram {
                metric: distribution::TRANSIT_DAYS,
                series: transit.clone(),
            },
        },
        ChartSpec {
            stem: "compare-transit-days-cdf",
            title: format!("Probability of arriving within N days: {na} against {nb}"),
            caption: format!("Empirical CDFs of transit time; {na} solid, {nb} dashed."),
            size: (1200, 675),
            kind: ChartKind::Cdf {
                metric: distribution::TRANSIT_DAYS,
                y_desc: "Shipments arrived within x days (%)",
                series: transit,
            },
        },
        ChartSpec {
            stem: "compare-cost-per-teu",
            title: format!("Cost per TEU: {na} (filled) against {nb} (dashed)"),
            caption: format!(
                "Total cost per TEU of the routes both runs share; {na} filled, {nb} dashed."
            ),
            size: (1200, 675),
            kind: ChartKind::Histogram {
                metric: distribution::COST_PER_TEU,
                series: cost,
            },
        },
    ]
}

fn html_page(a: &RunData, b: &RunData, rendered: &[super::Rendered]) -> String {
    let (na, nb) = (&a.summary.scenario.name, &b.summary.scenario.name);
    let mut page = String::new();
    let _ = write!(
        page,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{a} against {b} — corridor comparison</title>\n<style>{CSS}</style>\n</head>\n\
         <body>\n<main>\n<h1>{a} against {b}</h1>\n\
         <p class=\"lead\">A: <code>{da}</code>; B: <code>{db}</code>. Routes are matched by \
         id; B − A is the difference of the means.</p>\n\
         <h2>Side by side</h2>\n<table>\n<thead><tr><th>Route</th><th>Metric</th>\
         <th class=\"num\">A: {a}, mean [95 % CI]</th><th class=\"num\">B: {b}, mean [95 % CI]\
         </th><th class=\"num\">B − A (95 % CI)</th></tr></thead>\n<tbody>\n",
        a = escape(na),
        b = escape(nb),
        da = escape(&a.dir.display().to_string()),
        db = escape(&b.dir.display().to_string()),
    );
    for row in rows(a, b) {
        let _ = writeln!(
            page,
            "<tr><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>\
             <td class=\"num\">{}</td></tr>",
            escape(&row[0]),
            escape(&row[1]),
            escape(&row[2]),
            escape(&row[3]),
            escape(&row[4])
        );
    }
    page.push_str("</tbody>\n</table>\n<h2>Distributions</h2>\n");
    for chart in rendered {
        let svg = chart.svg.trim_start();
        let svg = if svg.starts_with("<?xml") {
            svg.find("?>").map_or(svg, |end| &svg[end + 2..])
        } else {
            svg
        };
        let _ = write!(
            page,
            "<figure id=\"{stem}\">\n{svg}\n<figcaption>{caption} (<a href=\"{stem}.png\">PNG\
             </a>, <a href=\"{stem}.svg\">SVG</a>)</figcaption>\n</figure>\n",
            stem = chart.stem,
            caption = escape(&chart.caption),
        );
    }
    page.push_str("</main>\n</body>\n</html>\n");
    page
}

/// Reads two run folders and writes `compare.csv`, `compare.html` and the
/// overlaid charts (SVG and PNG) into `out`.
pub fn write_compare(a_dir: &Path, b_dir: &Path, out: &Path) -> anyhow::Result<Comparison> {
    let a = RunData::load(a_dir)?;
    let b = RunData::load(b_dir)?;
    if shared(&a, &b).is_empty() {
        return Err(InputError::new(format!(
            "{} and {} share no route id",
            a_dir.display(),
            b_dir.display()
        ))
        .with_hint("compare runs of scenarios with common routes (e.g. `suez`)")
        .into());
    }
    let specs = charts(&a, &b);
    let rendered = super::render_all(&specs)?;
    let mut files = Vec::new();
    files.push(render::write_atomic(
        &out.join(CSV_FILE),
        &csv_table(&a, &b)?,
    )?);
    for chart in &rendered {
        files.push(render::write_atomic(
            &out.join(format!("{}.svg", chart.stem)),
            chart.svg.as_bytes(),
        )?);
        files.push(render::write_atomic(
            &out.join(format!("{}.png", chart.stem)),
            &chart.png,
        )?);
    }
    files.push(render::write_atomic(
        &out.join(HTML_FILE),
        html_page(&a, &b, &rendered).as_bytes(),
    )?);
    Ok(Comparison {
        table: text_table(&a, &b),
        files,
    })
}

/// Draws one comparison chart on any backend (for tests and callers that
/// want the charts without files).
pub fn draw_chart<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    a: &RunData,
    b: &RunData,
    stem: &str,
) -> ChartResult {
    match charts(a, b).iter().find(|c| c.stem == stem) {
        Some(spec) => render::Draw::draw(spec, area),
        None => Err(super::chart::ChartError(format!(
            "no comparison chart `{stem}`"
        ))),
    }
}

/// A mean with its confidence interval, for the terminal table.
fn mean_ci_text(s: Option<&Stats>, decimals: usize) -> String {
    s.map_or_else(
        || crate::numbers::NONE.to_string(),
        |s| crate::numbers::estimate(s.mean, s.ci95(), decimals),
    )
}

/// B − A of the means, signed.
fn diff_text(sa: Option<&Stats>, sb: Option<&Stats>, decimals: usize) -> String {
    let diff = match (sa.and_then(|s| s.mean), sb.and_then(|s| s.mean)) {
        (Some(x), Some(y)) => Some(y - x),
        _ => None,
    };
    let text = crate::numbers::signed(diff, decimals);
    // The interval of the difference (Welch, the runs taken as independent).
    match (sa, sb) {
        (Some(x), Some(y)) => match crate::runfile::stats::difference_ci95(x, y) {
            Some((low, high)) => {
                let d = crate::numbers::decimals_for((high - low) / 2.0, decimals);
                format!(
                    "{} ({}…{})",
                    crate::numbers::signed(diff, d),
                    crate::numbers::signed(Some(low), d),
                    crate::numbers::signed(Some(high), d)
                )
            }
            None => text,
        },
        _ => text,
    }
}
