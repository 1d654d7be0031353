//! `report.html`: one self-contained page (inline SVG and CSS, no scripts,
//! nothing fetched) that ties a run together: the scenario, the run's
//! metadata, the comparison table with confidence intervals, every chart,
//! the assumptions (when the run wrote `assumptions.json`) and the files.
//!
//! Numbers in the table come from `summary.json`, the run's own statistics;
//! the charts are drawn from `shipments.csv`.

use std::fmt::Write as _;
use std::path::Path;

use super::data::RunData;
use super::style;
use super::{PLOTS_DIR, REPORT_FILE, Rendered};
use crate::numbers::{number, percent, signed};
use crate::runfile::{Stats, files};

/// Escapes text for HTML element content and attribute values; control
/// characters are shown as escapes ([`crate::text::visible`]).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in crate::text::visible(text).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The page's CSS: readable at 100 % zoom, charts scale down on narrow screens.
pub const CSS: &str = "
body { font-family: 'DejaVu Sans', 'Segoe UI', Helvetica, Arial, sans-serif; color: #1b1b1b;
       background: #fafafa; margin: 0; line-height: 1.45; }
main { max-width: 1260px; margin: 0 auto; padding: 24px 28px 60px; background: #fff; }
h1 { font-size: 30px; margin: 8px 0 4px; }
h2 { font-size: 22px; margin-top: 36px; border-bottom: 2px solid #e4e4e4; padding-bottom: 4px; }
p.lead { font-size: 17px; max-width: 70em; }
p.warning { background: #fff3cd; border-left: 4px solid #d55e00; padding: 8px 12px; max-width: 70em; }
p.note { color: #555; font-size: 14px; max-width: 80em; }
div.wide { overflow-x: auto; }
table { border-collapse: collapse; font-size: 15px; margin: 8px 0; }
table.compare td:first-child { min-width: 12em; max-width: 20em; }
th, td { padding: 5px 8px; border-bottom: 1px solid #e4e4e4; text-align: left; vertical-align: top; }
th { background: #f2f2f2; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.num { white-space: nowrap; }
th { font-size: 14px; vertical-align: bottom; }
td small { color: #555; }
table.meta th { background: none; font-weight: normal; color: #555; }
table.assumptions { width: 100%; table-layout: fixed; }
table.assumptions td { overflow-wrap: anywhere; }
table.assumptions td.num { white-space: normal; }
col.key { width: 26%; } col.value { width: 18%; } col.unit { width: 14%; } col.source { width: 42%; }
span.swatch { display: inline-block; width: 14px; height: 14px; margin-right: 8px;
              vertical-align: -2px; border: 1px solid #666; }
figure { margin: 28px 0; }
figure svg { display: block; max-width: 100%; height: auto; border: 1px solid #e4e4e4; }
figcaption { font-size: 15px; color: #333; margin-top: 6px; max-width: 80em; }
ul.files { columns: 2; font-size: 14px; }
code { font-size: 14px; }
nav { font-size: 14px; color: #555; margin: 8px 0 0; }
nav a { color: #0072b2; }
";

fn hex(c: plotters::style::RGBColor) -> String {
    format!("#{:02x}{:02x}{:02x}", c.0, c.1, c.2)
}

/// "24.1 [24.0, 24.2]": the mean with its 95 % confidence interval.
fn mean_ci(stats: Option<&Stats>, decimals: usize) -> String {
    let Some(s) = stats else {
        return "–".to_string();
    };
    match (s.ci95_low, s.ci95_high) {
        (Some(lo), Some(hi)) => format!(
            "{} <span class=\"ci\">[{}, {}]</span>",
            number(s.mean, decimals),
            number(Some(lo), decimals),
            number(Some(hi), decimals)
        ),
        _ => number(s.mean, decimals),
    }
}

/// The comparison table: one row per route, statistics from summary.json.
pub fn comparison_table(run: &RunData) -> String {
    let reference = Some(run.summary.scenario.reference_route.as_str())
        .filter(|r| run.summary.route(r).is_some());
    let reference_label = reference
        .and_then(|r| run.summary.route(r))
        .map_or("the reference", |r| r.short_label());
    let mut t = String::new();
    t.push_str("<div class=\"wide\"><table class=\"compare\">\n<thead><tr><th>Route</th>");
    for (heading, numeric) in [
        ("Arrived / shipments", true),
        ("Transit, days: mean [95 % CI]", true),
        ("p50 [95 % CI]", true),
        ("p90 [95 % CI]", true),
        ("Cost, USD/TEU: mean [95 % CI]", true),
        ("p90", true),
        ("CO₂, t/TEU: mean", true),
    ] {
        let class = if numeric { " class=\"num\"" } else { "" };
        let _ = write!(t, "<th{class}>{}</th>", escape(heading));
    }
    if reference.is_some() {
        let _ = write!(
            t,
            "<th class=\"num\">Δ days vs {r}</th><th class=\"num\">Δ USD/TEU vs {r}</th>\
             <th class=\"num\">faster</th><th class=\"num\">cheaper</th>",
            r = escape(reference_label)
        );
    }
    t.push_str("</tr></thead>\n<tbody>\n");
    // The routes the charts draw: all of them, or past a dozen a selection
    // that the note below the table names (summary.csv has every route).
    let shown = super::charted_routes(run);
    for route in shown.iter().map(|r| r.summary) {
        let colour = style::route_colour(route.colour_index);
        // The chart name in bold, then the full name when it says more.
        let short = route.short_label();
        let rest = route
            .label()
            .strip_prefix(short)
            .and_then(|r| r.strip_prefix(": "))
            .unwrap_or(route.label());
        let more = if route.label() != short {
            format!("<br><small>{}</small>", escape(rest))
        } else {
            String::new()
        };
        let _ = write!(
            t,
            "<tr><td><span class=\"swatch\" style=\"background:{}\"></span><b>{}</b>{more}</td>",
            hex(colour),
            escape(short)
        );
        let transit = Some(&route.transit_days);
        let cost = Some(&route.cost_usd_per_teu);
        let _ = write!(
            t,
            "<td class=\"num\">{} / {}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>\
             <td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>\
             <td class=\"num\">{}</td>",
            super::chart::thousands(route.arrived as i64),
            super::chart::thousands(route.shipments as i64),
            mean_ci(transit, 1),
            crate::numbers::quantile(
                transit.and_then(|s| s.p50),
                transit.and_then(|s| s.p50_ci95()),
                1
            ),
            crate::numbers::quantile(
                transit.and_then(|s| s.p90),
                transit.and_then(|s| s.p90_ci95()),
                1
            ),
            mean_ci(cost, 0),
            number(cost.and_then(|s| s.p90), 0),
            number(route.co2_t_per_teu.mean, 2),
        );
        if reference.is_some() {
            if Some(route.id.as_str()) == reference {
                t.push_str("<td class=\"num\" colspan=\"4\">reference</td>");
            } else {
                // The run's own paired statistics, over every pair.
                let vs = route.vs_reference.as_ref();
                let dt = vs.and_then(|v| v.transit_days_diff.mean);
                let dc = vs.and_then(|v| v.cost_usd_per_teu_diff.mean);
                let faster = vs.and_then(|v| v.share_faster);
                let cheaper = vs.and_then(|v| v.share_cheaper);
                let _ = write!(
                    t,
                    "<td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>\
                     <td class=\"num\">{}</td>",
                    signed(dt, 1),
                    signed(dc, 0),
                    percent(faster),
                    percent(cheaper)
                );
            }
        }
        t.push_str("</tr>\n");
    }
    t.push_str("</tbody>\n</table></div>\n");
    let total = run.summary.routes.len();
    if shown.len() < total {
        let _ = writeln!(
            t,
            "<p class=\"note\">{} of {} routes shown: the reference route and those with the \
             shortest median transit time. <code>summary.csv</code> and <code>summary.json</code> \
             list all {}.</p>",
            shown.len(),
            super::chart::thousands(total as i64),
            super::chart::thousands(total as i64)
        );
    }
    t
}

fn metadata(run: &RunData) -> String {
    let s = &run.summary.scenario;
    let mut rows: Vec<(&str, String)> = Vec::new();
    let mut add = |key: &'static str, value: Option<String>| {
        if let Some(v) = value {
            rows.push((key, v));
        }
    };
    add("Scenario file", s.file.clone());
    add("Seed", Some(s.seed.to_string()));
    add(
        "Replications",
        Some(match s.replications_requested {
            Some(asked) if s.cancelled => {
                format!("{} of {asked} (interrupted)", s.replications)
            }
            _ => s.replications.to_string(),
        }),
    );
    add("Start date", Some(s.start_date.clone()));
    add("Cost basis", Some(s.cost_basis_label().to_string()));
    add("Horizon", Some(format!("{} days", s.horizon_days)));
    add(
        "Reference route",
        Some(
            run.summary
                .route(&s.reference_route)
                .map_or(s.reference_route.clone(), |route| route.label().to_string()),
        ),
    );
    add("corridor version", Some(s.version.clone()));
    add("Wall time", Some(format!("{:.2} s", s.wall_s)));
    add("Threads", Some(s.threads.to_string()));
    add("Events", Some(super::chart::thousands(s.events as i64)));
    add(
        "Events per second",
        Some(super::chart::thousands(s.events_per_s.round() as i64)),
    );
    let mut t = String::from("<table class=\"meta\">\n");
    for (key, value) in rows {
        let _ = writeln!(
            t,
            "<tr><th>{}</th><td>{}</td></tr>",
            escape(key),
            escape(&value)
        );
    }
    t.push_str("</table>\n");
    t
}

fn assumptions(run: &RunData) -> Option<String> {
    let list = run.assumptions.as_ref()?;
    // Fixed column widths and wrapping anywhere keep long keys, monthly
    // arrays and sources inside the page at 1280 px; a source shared by
    // consecutive keys (a port's seven parameters) is written once, spanning
    // their rows.
    let mut t = String::from(
        "<table class=\"assumptions\">\n<colgroup><col class=\"key\"><col class=\"value\">\
         <col class=\"unit\"><col class=\"source\"></colgroup>\n\
         <thead><tr><th>Parameter</th><th class=\"num\">Value</th>\
         <th>Unit</th><th>Source</th></tr></thead>\n<tbody>\n",
    );
    let source = |i: usize| list[i].source.as_deref().unwrap_or("");
    for (i, a) in list.iter().enumerate() {
        let value = match &a.value {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        let _ = write!(
            t,
            "<tr><td><code>{}</code></td><td class=\"num\">{}</td><td>{}</td>",
            escape(&a.key),
            escape(&value),
            escape(a.unit.as_deref().unwrap_or("")),
        );
        if i == 0 || source(i) != source(i - 1) {
            let span = (i..list.len())
                .take_while(|&j| source(j) == source(i))
                .count();
            let rowspan = if span > 1 {
                format!(" rowspan=\"{span}\"")
            } else {
                String::new()
            };
            let _ = write!(t, "<td{rowspan}>{}</td>", escape(source(i)));
        }
        t.push_str("</tr>\n");
    }
    t.push_str("</tbody>\n</table>\n");
    Some(t)
}

/// What a known file of the run folder holds.
fn describe(name: &str) -> &'static str {
    match name {
        files::SHIPMENTS => "one row per shipment per replication",
        files::SUMMARY_JSON => "scenario, run metadata and per-route statistics",
        files::SUMMARY_CSV => "per-route statistics as a table",
        files::QUEUES => "queue lengths per resource per day",
        files::ROUTES => "routes and ports as GeoJSON",
        files::ASSUMPTIONS => "the scenario's parameters and their sources",
        REPORT_FILE => "this report",
        _ if name.ends_with(".svg") => "chart, SVG",
        _ if name.ends_with(".png") => "chart, PNG",
        _ => "",
    }
}

/// The run folder's files (and the plots folder's), sorted, plus the report.
fn file_list(dir: &Path) -> String {
    let mut names: Vec<String> = Vec::new();
    let mut add_dir = |folder: &Path, prefix: &str| {
        if let Ok(entries) = std::fs::read_dir(folder) {
            for entry in entries.flatten() {
                let name = entry.file_name().to_string_lossy().into_owned();
                // Temporary files of a write in progress are not results.
                if name.starts_with('.') || !entry.path().is_file() {
                    continue;
                }
                names.push(format!("{prefix}{name}"));
            }
        }
    };
    add_dir(dir, "");
    add_dir(&dir.join(PLOTS_DIR), &format!("{PLOTS_DIR}/"));
    if !names.iter().any(|n| n == REPORT_FILE) {
        names.push(REPORT_FILE.to_string());
    }
    names.sort();
    let mut t = String::from("<ul class=\"files\">\n");
    for name in names {
        let base = name.rsplit('/').next().unwrap_or(&name);
        let what = describe(base);
        let _ = write!(t, "<li><a href=\"{0}\"><code>{0}</code></a>", escape(&name));
        if !what.is_empty() {
            let _ = write!(t, " — {what}");
        }
        t.push_str("</li>\n");
    }
    t.push_str("</ul>\n");
    t
}

/// Strips an XML declaration, which is not allowed inside HTML.
fn inline_svg(svg: &str) -> &str {
    let trimmed = svg.trim_start();
    if trimmed.starts_with("<?xml") {
        trimmed
            .find("?>")
            .map_or(trimmed, |end| &trimmed[end + 2..])
    } else {
        trimmed
    }
}

/// The whole page.
pub fn report(run: &RunData, charts: &[Rendered]) -> anyhow::Result<String> {
    let s = &run.summary.scenario;
    let mut page = String::new();
    let _ = write!(
        page,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{name} — corridor report</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n\
         <h1>{name}</h1>\n",
        name = escape(&s.name)
    );
    if !s.description.is_empty() {
        let _ = writeln!(page, "<p class=\"lead\">{}</p>", escape(&s.description));
    }
    if !run.summary.disruptions.is_empty() {
        page.push_str("<p>Disruptions:</p>\n<ul>\n");
        for d in &run.summary.disruptions {
            let _ = writeln!(page, "<li>{}</li>", escape(&d.description));
        }
        page.push_str("</ul>\n");
    }
    if s.cancelled {
        let asked = s
            .replications_requested
            .map_or(String::new(), |n| format!(" of {n}"));
        let _ = writeln!(
            page,
            "<p class=\"warning\"><b>Interrupted run.</b> It was stopped after {}{asked} \
             replications; every figure below is over the finished ones only.</p>",
            s.replications
        );
    }
    // A contents line: the report is long, and readers jump to one chart.
    page.push_str("<nav><a href=\"#run\">Run</a> · <a href=\"#comparison\">Comparison</a>");
    for chart in charts {
        let _ = write!(
            page,
            " · <a href=\"#{}\">{}</a>",
            chart.stem,
            escape(&chart.stem.replace('-', " "))
        );
    }
    if run.assumptions.is_some() {
        page.push_str(" · <a href=\"#assumptions\">Assumptions</a>");
    }
    page.push_str(" · <a href=\"#files\">Files</a></nav>\n");
    page.push_str("<h2 id=\"run\">Run</h2>\n");
    page.push_str(&metadata(run));
    if let Some(p) = &s.precision {
        page.push_str(&super::precision::run_section(p));
    }

    page.push_str("<h2 id=\"comparison\">Comparison of routes</h2>\n");
    page.push_str(&comparison_table(run));
    let _ = writeln!(
        page,
        "<p class=\"note\">Costs are on the {}.</p>",
        escape(run.summary.scenario.cost_basis_label())
    );
    page.push_str(
        "<p class=\"note\">Statistics over arrived shipments of all replications. The 95 % \
         confidence interval is that of the mean, computed over replication means. Δ columns \
         are paired: the same shipment of the same replication on each route, so the route \
         and the reference meet the same weather and traffic; \"faster\" and \"cheaper\" are \
         the shares of such pairs.</p>\n",
    );
    if let Some(table) = super::pairs::pairs_table(run) {
        page.push_str("<h3 id=\"pairs\">Every pair of routes</h3>\n");
        page.push_str(&table);
    }

    page.push_str("<h2 id=\"charts\">Charts</h2>\n");
    for chart in charts {
        let _ = write!(
            page,
            "<figure id=\"{stem}\">\n{svg}\n<figcaption>{caption} \
             (<a href=\"{dir}/{stem}.png\">PNG</a>, <a href=\"{dir}/{stem}.svg\">SVG</a>)\
             </figcaption>\n</figure>\n",
            stem = chart.stem,
            svg = inline_svg(&chart.svg),
            caption = escape(&chart.caption),
            dir = PLOTS_DIR,
        );
    }

    if let Some(table) = assumptions(run) {
        page.push_str("<h2 id=\"assumptions\">Assumptions</h2>\n");
        page.push_str(
            "<p class=\"note\">The scenario's parameters, with where each figure comes \
             from.</p>\n",
        );
        page.push_str(&table);
    }

    page.push_str("<h2 id=\"files\">Files</h2>\n");
    page.push_str(&file_list(&run.dir));
    page.push_str("</main>\n</body>\n</html>\n");
    Ok(page)
}
