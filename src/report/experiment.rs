//! Charts and the report page of a sweep or sensitivity folder, drawn from
//! `sweep.json` or `sensitivity.json` only (see [`crate::runfile::experiment`]):
//! response charts (a metric against a parameter, one line per route with
//! its 95 % confidence band), heat maps (a metric over two parameters), the
//! tornado charts of a sensitivity study, and `report.html`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use plotters::coord::Shift;
use plotters::prelude::*;

use super::chart::{self, ChartResult, LegendEntry, Mark};
use super::html::{CSS, escape};
use super::render::{self, Draw};
use super::style;
use crate::numbers::number;
use crate::runfile::experiment::{Metric, SensitivityFile, SweepFile, csv_value, files};
use crate::runfile::summary::read_json;

/// Most routes a heat map is drawn for (one map per route and metric).
const MAX_HEAT_MAP_ROUTES: usize = 6;

/// One line of a response chart: a route's mean and 95 % interval at each x.
#[derive(Debug, Clone)]
pub struct ResponseLine {
    /// Legend text.
    pub label: String,
    /// Colour.
    pub colour: RGBColor,
    /// (x, mean, low, high); low and high equal the mean without an interval.
    pub points: Vec<(f64, f64, f64, f64)>,
}

/// A chart of the experiment folder.
#[derive(Debug, Clone)]
pub enum ExperimentChart {
    /// A metric against a parameter.
    Response {
        /// Title.
        title: String,
        /// X axis words.
        x_desc: String,
        /// Y axis words.
        y_desc: String,
        /// One line per route.
        lines: Vec<ResponseLine>,
    },
    /// A metric over two parameters.
    HeatMap {
        /// Title.
        title: String,
        /// X parameter and its value labels.
        x: (String, Vec<String>),
        /// Y parameter and its value labels.
        y: (String, Vec<String>),
        /// The values, a row per y value, a column per x value.
        values: Vec<Vec<Option<f64>>>,
        /// Decimals of the cell labels.
        decimals: usize,
    },
    /// Each input's effect, low and high, around the base, largest on top.
    Tornado {
        /// Title.
        title: String,
        /// X axis words.
        x_desc: String,
        /// (input label, low − base, high − base).
        bars: Vec<(String, f64, f64)>,
    },
}

impl Draw for ExperimentChart {
    fn size(&self) -> (u32, u32) {
        match self {
            ExperimentChart::Tornado { bars, .. } => {
                (1200, (160 + 56 * bars.len() as u32).max(360))
            }
            _ => (1200, 675),
        }
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> ChartResult {
        match self {
            ExperimentChart::Response {
                title,
                x_desc,
                y_desc,
                lines,
            } => response(area, title, x_desc, y_desc, lines),
            ExperimentChart::HeatMap {
                title,
                x,
                y,
                values,
                decimals,
            } => heat_map(area, title, x, y, values, *decimals),
            ExperimentChart::Tornado {
                title,
                x_desc,
                bars,
            } => tornado(area, title, x_desc, bars),
        }
    }
}

fn response<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    title: &str,
    x_desc: &str,
    y_desc: &str,
    lines: &[ResponseLine],
) -> ChartResult {
    let all: Vec<&(f64, f64, f64, f64)> = lines.iter().flat_map(|l| &l.points).collect();
    let finite = |v: f64| v.is_finite();
    let xs: Vec<f64> = all.iter().map(|p| p.0).filter(|v| finite(*v)).collect();
    let ys: Vec<f64> = all
        .iter()
        .flat_map(|p| [p.2, p.3])
        .filter(|v| finite(*v))
        .collect();
    let (Some(x0), Some(x1), Some(y0), Some(y1)) = (
        xs.iter().copied().reduce(f64::min),
        xs.iter().copied().reduce(f64::max),
        ys.iter().copied().reduce(f64::min),
        ys.iter().copied().reduce(f64::max),
    ) else {
        return chart::empty_chart(area, title, "No arrived shipments to show.");
    };
    chart::prepare(area)?;
    let xpad = ((x1 - x0) * 0.03).max(1e-9);
    let ypad = ((y1 - y0) * 0.08).max(y1.abs() * 0.02).max(1e-6);
    let (_, h) = area.dim_in_pixel();
    let strip = chart::legend_strip_height(lines.len());
    let (plot_area, legend_area) = area.split_vertically(h - strip);
    let mut c = ChartBuilder::on(&plot_area)
        .caption(title, style::title())
        .margin(18)
        .margin_bottom(4)
        .x_label_area_size(58)
        .y_label_area_size(88)
        .build_cartesian_2d(x0 - xpad..x1 + xpad, y0 - ypad..y1 + ypad)?;
    c.configure_mesh()
        .x_desc(x_desc)
        .y_desc(y_desc)
        .axis_desc_style(style::axis_desc())
        .label_style(style::label())
        .x_label_formatter(&|x| chart::tick(*x))
        .y_label_formatter(&|y| chart::tick(*y))
        .light_line_style(TRANSPARENT)
        .bold_line_style(style::GRID)
        .draw()?;
    let mut entries = Vec::new();
    for line in lines {
        let pts: Vec<_> = line
            .points
            .iter()
            .filter(|p| p.1.is_finite())
            .copied()
            .collect();
        if pts.is_empty() {
            continue;
        }
        let mut band: Vec<(f64, f64)> = pts.iter().map(|p| (p.0, p.3)).collect();
        band.extend(pts.iter().rev().map(|p| (p.0, p.2)));
        c.draw_series(std::iter::once(Polygon::new(
            band,
            line.colour.mix(0.18).filled(),
        )))?;
        c.draw_series(LineSeries::new(
            pts.iter().map(|p| (p.0, p.1)),
            line.colour.stroke_width(3),
        ))?;
        c.draw_series(
            pts.iter()
                .map(|p| Circle::new((p.0, p.1), 4, line.colour.filled())),
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

fn heat_map<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    title: &str,
    x: &(String, Vec<String>),
    y: &(String, Vec<String>),
    values: &[Vec<Option<f64>>],
    decimals: usize,
) -> ChartResult {
    let flat: Vec<f64> = values.iter().flatten().flatten().copied().collect();
    let (Some(lo), Some(hi)) = (
        flat.iter().copied().reduce(f64::min),
        flat.iter().copied().reduce(f64::max),
    ) else {
        return chart::empty_chart(area, title, "No arrived shipments to show.");
    };
    chart::prepare(area)?;
    let (nx, ny) = (x.1.len(), y.1.len());
    let mut c = ChartBuilder::on(area)
        .caption(title, style::title())
        .margin(18)
        .x_label_area_size(58)
        .y_label_area_size(110)
        .build_cartesian_2d(0.0..nx as f64, 0.0..ny as f64)?;
    c.configure_mesh()
        .disable_mesh()
        .x_desc(x.0.as_str())
        .y_desc(y.0.as_str())
        .axis_desc_style(style::axis_desc())
        .label_style(style::label())
        .x_labels(nx.max(1) * 2 + 1)
        .y_labels(ny.max(1) * 2 + 1)
        .x_label_formatter(&|v| label_at(&x.1, *v))
        .y_label_formatter(&|v| label_at(&y.1, *v))
        .draw()?;
    for (yi, row) in values.iter().enumerate() {
        for (xi, value) in row.iter().enumerate() {
            let (x0, y0) = (xi as f64, yi as f64);
            let fill = match value {
                Some(v) => {
                    // Light (low) to dark (high) blue.
                    let t = if hi > lo { (v - lo) / (hi - lo) } else { 0.5 };
                    let mix = |a: f64, b: f64| (a + (b - a) * t).round() as u8;
                    RGBColor(mix(235.0, 8.0), mix(243.0, 69.0), mix(251.0, 148.0))
                }
                None => style::GRID,
            };
            c.draw_series(std::iter::once(Rectangle::new(
                [(x0, y0), (x0 + 1.0, y0 + 1.0)],
                fill.filled(),
            )))?;
            let dark = value.is_some_and(|v| hi > lo && (v - lo) / (hi - lo) > 0.55);
            let colour = if dark { WHITE } else { BLACK };
            c.draw_series(std::iter::once(Text::new(
                number(*value, decimals),
                (x0 + 0.42, y0 + 0.5),
                style::label().color(&colour),
            )))?;
        }
    }
    Ok(())
}

/// The label of the cell whose centre is at `v` (ticks fall on halves).
fn label_at(labels: &[String], v: f64) -> String {
    let i = v - 0.5;
    if (i - i.round()).abs() < 1e-6 && i >= 0.0 {
        labels.get(i.round() as usize).cloned().unwrap_or_default()
    } else {
        String::new()
    }
}

fn tornado<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    title: &str,
    x_desc: &str,
    bars: &[(String, f64, f64)],
) -> ChartResult {
    let ends: Vec<f64> = bars
        .iter()
        .flat_map(|b| [b.1, b.2])
        .filter(|v| v.is_finite())
        .collect();
    let Some(reach) = ends.iter().map(|v| v.abs()).reduce(f64::max) else {
        return chart::empty_chart(area, title, "No effects to show.");
    };
    chart::prepare(area)?;
    let reach = if reach > 0.0 { reach * 1.1 } else { 1.0 };
    let n = bars.len();
    let (_, h) = area.dim_in_pixel();
    let entries = [
        LegendEntry {
            label: "low value − base".to_string(),
            colour: style::route_colour(4),
            mark: Mark::Swatch,
        },
        LegendEntry {
            label: "high value − base".to_string(),
            colour: style::route_colour(5),
            mark: Mark::Swatch,
        },
    ];
    let strip = chart::legend_strip_height(entries.len());
    let (plot_area, legend_area) = area.split_vertically(h - strip);
    let mut c = ChartBuilder::on(&plot_area)
        .caption(title, style::title())
        .margin(18)
        .x_label_area_size(58)
        // Room for the longest label (about 9 px a character at the label
        // size), up to half the width.
        .y_label_area_size(label_room(bars.iter().map(|b| b.0.as_str()), area))
        .build_cartesian_2d(-reach..reach, 0.0..n as f64)?;
    let labels: Vec<String> = bars.iter().rev().map(|b| b.0.clone()).collect();
    c.configure_mesh()
        .x_desc(x_desc)
        .axis_desc_style(style::axis_desc())
        .label_style(style::label())
        .x_label_formatter(&|x| chart::tick(*x))
        .y_labels(n * 2 + 1)
        .y_label_formatter(&|v| label_at(&labels, *v))
        .light_line_style(TRANSPARENT)
        .bold_line_style(style::GRID)
        .draw()?;
    for (i, (_, low, high)) in bars.iter().enumerate() {
        let y = (n - 1 - i) as f64;
        for (v, colour) in [
            (*low, style::route_colour(4)),
            (*high, style::route_colour(5)),
        ] {
            if v.is_finite() {
                c.draw_series(std::iter::once(Rectangle::new(
                    [(0.0, y + 0.2), (v, y + 0.8)],
                    colour.mix(0.8).filled(),
                )))?;
            }
        }
    }
    c.draw_series(std::iter::once(PathElement::new(
        vec![(0.0, 0.0), (0.0, n as f64)],
        BLACK.stroke_width(1),
    )))?;
    chart::legend_strip(&legend_area, &entries)?;
    Ok(())
}

/// Pixels for y-axis labels as long as the longest of `labels`, at most
/// half the chart's width.
fn label_room<'a, DB: DrawingBackend>(
    labels: impl Iterator<Item = &'a str>,
    area: &DrawingArea<DB, Shift>,
) -> u32 {
    let longest = labels.map(|l| l.chars().count()).max().unwrap_or(0) as u32;
    let (w, _) = area.dim_in_pixel();
    (longest * 9 + 24).clamp(120, w / 2)
}

/// A chart with its file stem and caption.
struct Named {
    stem: String,
    caption: String,
    chart: ExperimentChart,
}

/// A parameter key as a file-name part.
fn slug(text: &str) -> String {
    let s: String = text
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '-'
            }
        })
        .collect();
    s.trim_matches('-').to_string()
}

/// The charts of a sweep: for every numeric parameter, each metric against
/// it (the other parameters at their first values); with exactly two
/// parameters of several values, heat maps of each route's metrics.
fn sweep_charts(file: &SweepFile) -> Vec<Named> {
    let mut out = Vec::new();
    let params = &file.parameters;
    let varying: Vec<usize> = (0..params.len())
        .filter(|&i| params[i].values.len() > 1)
        .collect();
    let numeric =
        |i: usize| -> Option<Vec<f64>> { params[i].values.iter().map(|v| v.as_f64()).collect() };
    let first_of = |k: usize, point: &crate::runfile::experiment::Point| {
        params
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != k)
            .all(|(_, p)| point.set.get(&p.key) == p.values.first())
    };
    for &k in &varying {
        if numeric(k).is_none() {
            continue;
        }
        let key = &params[k].key;
        let on_line: Vec<_> = file.points.iter().filter(|p| first_of(k, p)).collect();
        let held: Vec<String> = params
            .iter()
            .enumerate()
            .filter(|(j, p)| *j != k && p.values.len() > 1)
            .map(|(_, p)| {
                format!(
                    "{} = {}",
                    p.key,
                    p.values.first().map(csv_value).unwrap_or_default()
                )
            })
            .collect();
        for metric in [
            Metric::TransitDays,
            Metric::CostUsdPerTeu,
            Metric::Co2TPerTeu,
        ] {
            let Some(first) = on_line.first() else {
                continue;
            };
            let lines: Vec<ResponseLine> = first
                .routes
                .iter()
                .enumerate()
                .map(|(r, route)| ResponseLine {
                    label: route.short_label().to_string(),
                    colour: style::route_colour(route.colour_index),
                    points: on_line
                        .iter()
                        .filter_map(|p| {
                            let x = p.set.get(key)?.as_f64()?;
                            let s = metric.of(p.routes.get(r)?);
                            let m = s.mean?;
                            let (lo, hi) = s.ci95().unwrap_or((m, m));
                            Some((x, m, lo, hi))
                        })
                        .collect(),
                })
                .collect();
            out.push(Named {
                stem: format!("response-{}-{}", metric.key().replace('_', "-"), slug(key)),
                caption: format!(
                    "{} of each route against {key}, with 95 % confidence bands (over \
                     replication means; every point ran on the same random numbers).{}",
                    metric.label(),
                    if held.is_empty() {
                        String::new()
                    } else {
                        format!(" Other parameters held at {}.", held.join(", "))
                    }
                ),
                chart: ExperimentChart::Response {
                    title: format!("{} against {key} — {}", metric.label(), file.scenario.name),
                    x_desc: key.clone(),
                    y_desc: metric.label().to_string(),
                    lines,
                },
            });
        }
    }
    if varying.len() == 2 {
        let (kx, ky) = (varying[1], varying[0]);
        let labels = |k: usize| params[k].values.iter().map(csv_value).collect::<Vec<_>>();
        let routes = file.points.first().map_or(0, |p| p.routes.len());
        for r in 0..routes.min(MAX_HEAT_MAP_ROUTES) {
            for metric in [Metric::TransitDays, Metric::CostUsdPerTeu] {
                let values: Vec<Vec<Option<f64>>> = params[ky]
                    .values
                    .iter()
                    .map(|vy| {
                        params[kx]
                            .values
                            .iter()
                            .map(|vx| {
                                let point = file.points.iter().find(|p| {
                                    p.set.get(&params[ky].key) == Some(vy)
                                        && p.set.get(&params[kx].key) == Some(vx)
                                })?;
                                metric.of(point.routes.get(r)?).mean
                            })
                            .collect()
                    })
                    .collect();
                let route = &file.points[0].routes[r];
                out.push(Named {
                    stem: format!(
                        "heatmap-{}-{}",
                        metric.key().replace('_', "-"),
                        slug(&route.id)
                    ),
                    caption: format!(
                        "{} of {} over {} and {}.",
                        metric.label(),
                        route.label(),
                        params[kx].key,
                        params[ky].key
                    ),
                    chart: ExperimentChart::HeatMap {
                        title: format!("{} — {}", metric.label(), route.short_label()),
                        x: (params[kx].key.clone(), labels(kx)),
                        y: (params[ky].key.clone(), labels(ky)),
                        values,
                        decimals: metric.decimals(),
                    },
                });
            }
        }
    }
    out
}

/// Renders and writes charts into `dir/plots`, returning the inline SVGs for
/// the page.
fn write_charts(dir: &Path, charts: &[Named]) -> anyhow::Result<(Vec<PathBuf>, Vec<String>)> {
    let plots = dir.join(super::PLOTS_DIR);
    let mut written = Vec::new();
    let mut svgs = Vec::new();
    for c in charts {
        let svg = render::to_svg(&c.chart).map_err(|e| anyhow::anyhow!("chart {}: {e}", c.stem))?;
        let png = render::to_png(&c.chart).map_err(|e| anyhow::anyhow!("chart {}: {e}", c.stem))?;
        written.push(render::write_atomic(
            &plots.join(format!("{}.svg", c.stem)),
            svg.as_bytes(),
        )?);
        written.push(render::write_atomic(
            &plots.join(format!("{}.png", c.stem)),
            &png,
        )?);
        svgs.push(svg);
    }
    Ok((written, svgs))
}

fn page_start(title: &str, lead: &str) -> String {
    let mut page = String::new();
    let _ = write!(
        page,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{t} — corridor</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n\
         <h1>{t}</h1>\n",
        t = escape(title)
    );
    if !lead.is_empty() {
        let _ = writeln!(page, "<p class=\"lead\">{}</p>", escape(lead));
    }
    page
}

fn figures(page: &mut String, charts: &[Named], svgs: &[String]) {
    for (c, svg) in charts.iter().zip(svgs) {
        let _ = write!(
            page,
            "<figure id=\"{stem}\">\n{svg}\n<figcaption>{caption} \
             <a href=\"plots/{stem}.svg\">SVG</a> · <a href=\"plots/{stem}.png\">PNG</a>\
             </figcaption>\n</figure>\n",
            stem = escape(&c.stem),
            caption = escape(&c.caption)
        );
    }
}

fn page_end(page: &mut String) {
    page.push_str("</main>\n</body>\n</html>\n");
}

/// Reads `sweep.json` in `dir`, writes the response charts and heat maps to
/// `dir/plots` and `dir/report.html`, and returns the files written.
pub fn write_sweep_report(dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let file: SweepFile = read_json(&dir.join(files::SWEEP_JSON))?;
    let charts = sweep_charts(&file);
    let (mut written, svgs) = write_charts(dir, &charts)?;
    let s = &file.scenario;
    let mut page = page_start(&format!("{} — sweep", s.name), &s.description);
    let _ = writeln!(
        page,
        "<p>{} point(s), the full factorial of {}; {} replications per point, seed {} \
         (the same random numbers at every point), {:.2} s on {} thread(s). \
         Data: <a href=\"sweep.json\">sweep.json</a>, <a href=\"sweep.csv\">sweep.csv</a>.</p>",
        file.points.len(),
        file.parameters
            .iter()
            .map(|p| format!(
                "<code>{}</code> ∈ {{{}}}",
                escape(&p.key),
                escape(
                    &p.values
                        .iter()
                        .map(csv_value)
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            ))
            .collect::<Vec<_>>()
            .join(" × "),
        s.replications,
        s.seed,
        s.wall_s,
        s.threads
    );
    if let Some(p) = &s.precision {
        page.push_str(&super::precision::experiment_section(p, &file.points));
    }
    page.push_str("<h2 id=\"break-even\">Break-even values</h2>\n");
    if file.break_even.is_empty() {
        page.push_str(
            "<p>No two routes' curves cross within the swept range (mean transit time, \
             cost per TEU and CO2 per TEU, along every numeric parameter).</p>\n",
        );
    } else {
        page.push_str(
            "<p>Where two routes' mean curves cross: the value by linear interpolation of \
             the paired difference between neighbouring points, and its 95 % interval (the \
             values where the interval of the interpolated paired difference holds zero).</p>\n\
             <table>\n<tr><th>metric</th><th>routes</th><th>parameter</th><th>break-even</th>\
             <th>95 % interval</th><th>lower below it</th><th>other parameters</th></tr>\n",
        );
        for b in &file.break_even {
            let d = if b.metric == Metric::TransitDays {
                2
            } else {
                1
            };
            let _ = writeln!(
                page,
                "<tr><td>{}</td><td>{} / {}</td><td><code>{}</code></td><td>{}</td>\
                 <td>{} to {}</td><td>{}</td><td>{}</td></tr>",
                b.metric.key(),
                escape(&b.route_a),
                escape(&b.route_b),
                escape(&b.parameter),
                number(Some(b.value), d),
                b.ci95_low
                    .map_or("below the range".to_string(), |v| number(Some(v), d)),
                b.ci95_high
                    .map_or("above the range".to_string(), |v| number(Some(v), d)),
                escape(&b.lower_below),
                escape(
                    &b.at
                        .iter()
                        .map(|(k, v)| format!("{k} = {}", csv_value(v)))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            );
        }
        page.push_str("</table>\n");
    }
    page.push_str("<h2 id=\"charts\">Charts</h2>\n");
    figures(&mut page, &charts, &svgs);
    page.push_str("<h2 id=\"points\">Points</h2>\n<table>\n<tr>");
    for p in &file.parameters {
        let _ = write!(page, "<th><code>{}</code></th>", escape(&p.key));
    }
    page.push_str("<th>route</th><th>transit days (95 % CI)</th><th>USD/TEU (95 % CI)</th></tr>\n");
    for point in &file.points {
        for r in &point.routes {
            page.push_str("<tr>");
            for p in &file.parameters {
                let _ = write!(
                    page,
                    "<td>{}</td>",
                    escape(&point.set.get(&p.key).map(csv_value).unwrap_or_default())
                );
            }
            let _ = writeln!(
                page,
                "<td>{}</td><td>{}</td><td>{}</td></tr>",
                escape(r.label()),
                crate::numbers::estimate(r.transit_days.mean, r.transit_days.ci95(), 1),
                crate::numbers::estimate(r.cost_usd_per_teu.mean, r.cost_usd_per_teu.ci95(), 0)
            );
        }
    }
    page.push_str("</table>\n");
    page_end(&mut page);
    written.push(render::write_atomic(
        &dir.join(super::REPORT_FILE),
        page.as_bytes(),
    )?);
    Ok(written)
}

/// Reads `sensitivity.json` in `dir`, writes one tornado chart per route to
/// `dir/plots` and `dir/report.html`, and returns the files written.
pub fn write_sensitivity_report(dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let file: SensitivityFile = read_json(&dir.join(files::SENSITIVITY_JSON))?;
    let m = file.metric;
    let charts: Vec<Named> = file
        .routes
        .iter()
        .take(super::MAX_CHART_ROUTES)
        .map(|r| Named {
            stem: format!("tornado-{}", slug(&r.route)),
            caption: format!(
                "Change in {} of {} when each input is set to its low or high value, the \
                 others at the base (base mean {} {}); largest effect on top.",
                m.key(),
                r.name,
                number(r.base_mean, m.decimals()),
                m.unit()
            ),
            chart: ExperimentChart::Tornado {
                title: format!("Sensitivity of {} — {}", m.key(), short(&r.name, &r.route)),
                x_desc: format!("Change from the base ({})", m.unit()),
                bars: r
                    .effects
                    .iter()
                    .map(|e| {
                        (
                            format!("{} ({} → {})", e.key, csv_value(&e.low), csv_value(&e.high)),
                            e.low_vs_base.mean.unwrap_or(f64::NAN),
                            e.high_vs_base.mean.unwrap_or(f64::NAN),
                        )
                    })
                    .collect(),
            },
        })
        .collect();
    let (mut written, svgs) = write_charts(dir, &charts)?;
    let s = &file.scenario;
    let mut page = page_start(
        &format!("{} — sensitivity of {}", s.name, m.key()),
        &s.description,
    );
    let _ = writeln!(
        page,
        "<p>The base scenario, then each input at its low and its high value with the others \
         at the base: {} run(s) of {} replications, seed {} (the same random numbers in every \
         run, so each effect is a paired difference), {:.2} s. Data: \
         <a href=\"sensitivity.json\">sensitivity.json</a>, \
         <a href=\"sensitivity.csv\">sensitivity.csv</a>.</p>",
        file.points.len(),
        s.replications,
        s.seed,
        s.wall_s
    );
    if let Some(p) = &s.precision {
        page.push_str(&super::precision::experiment_section(p, &file.points));
    }
    page.push_str("<h2 id=\"ranking\">Ranking</h2>\n");
    for r in &file.routes {
        let _ = writeln!(
            page,
            "<h3>{}</h3>\n<table>\n<tr><th>rank</th><th>input</th><th>low → high</th>\
             <th>effect high − low (paired 95 % CI)</th><th>low − base</th><th>high − base</th></tr>",
            escape(&r.name)
        );
        for (i, e) in r.effects.iter().enumerate() {
            let est = |d: &crate::runfile::experiment::Difference| {
                crate::numbers::estimate(d.mean, d.ci95_low.zip(d.ci95_high), m.decimals())
            };
            let _ = writeln!(
                page,
                "<tr><td>{}</td><td><code>{}</code></td><td>{} → {}</td><td>{} {u}</td>\
                 <td>{} {u}</td><td>{} {u}</td></tr>",
                i + 1,
                escape(&e.key),
                escape(&csv_value(&e.low)),
                escape(&csv_value(&e.high)),
                est(&e.high_vs_low),
                est(&e.low_vs_base),
                est(&e.high_vs_base),
                u = escape(m.unit())
            );
        }
        page.push_str("</table>\n");
    }
    page.push_str("<h2 id=\"charts\">Tornado charts</h2>\n");
    figures(&mut page, &charts, &svgs);
    page_end(&mut page);
    written.push(render::write_atomic(
        &dir.join(super::REPORT_FILE),
        page.as_bytes(),
    )?);
    Ok(written)
}

fn short<'a>(name: &'a str, id: &'a str) -> &'a str {
    crate::runfile::summary::short_name(name, id)
}
