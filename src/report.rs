//! Reports: charts and an HTML page drawn from a run folder's files.
//!
//! This module owns everything a reader sees after a run: the charts (one
//! function per chart, generic over the plotters backend, written as SVG and
//! PNG), the self-contained `report.html`, and the comparison of two runs.
//! It reads only the files described in `docs/run-output.md`, so
//! `corridor plot` can redraw a run without simulating it again; it knows
//! nothing of the model that wrote them.
//!
//! Entry points: [`write_report`] (called by `corridor run` and `corridor
//! plot`) and [`compare::write_compare`] (`corridor compare`).
//!
//! Submodules: `data` reads the files, `sample` computes what is drawn,
//! `style` holds the font and palettes, `chart` the shared chart pieces,
//! then one module per chart family, `render` turns charts into bytes and
//! files, and `html` writes the page.

pub mod boxplot;
pub mod breakdown;
pub mod chart;
pub mod compare;
pub mod data;
pub mod distribution;
pub mod experiment;
pub mod html;
pub mod land;
pub mod map;
pub mod paired;
pub mod pairs;
pub mod precision;
pub mod queues;
pub mod render;
pub mod sample;
pub mod style;
pub mod timeline;

use std::path::{Path, PathBuf};

use anyhow::Context;

use plotters::coord::Shift;
use plotters::prelude::*;

use self::breakdown::{Bar, Component};
use self::chart::{ChartResult, Series};
use self::data::RunData;
use self::distribution::Metric;
use self::paired::PairedSeries;
use self::queues::QueueLine;
use crate::runfile::geojson::RouteGeometry;

pub use self::data::RunData as Run;

/// The folder, inside a run folder, that holds the charts.
pub const PLOTS_DIR: &str = "plots";
/// The report's file name, in the run folder.
pub const REPORT_FILE: &str = "report.html";

/// Standard chart size: 16:9 at 1200 px, readable at 100 % zoom.
const WIDE: (u32, u32) = (1200, 675);

/// One chart of a report: its file stem, its caption in the report, its size
/// and what to draw.
#[derive(Debug, Clone)]
pub struct ChartSpec<'a> {
    /// File name without extension (`transit-days-histogram`).
    pub stem: &'static str,
    /// Chart title, drawn on the chart.
    pub title: String,
    /// One or two sentences under the chart in the report.
    pub caption: String,
    /// Width and height in pixels.
    pub size: (u32, u32),
    /// What is drawn.
    pub kind: ChartKind<'a>,
}

/// The chart families and their data.
#[derive(Debug, Clone)]
pub enum ChartKind<'a> {
    /// Overlaid histograms with median and p90.
    Histogram {
        /// Axis words.
        metric: Metric<'static>,
        /// One series per route (or per run and route).
        series: Vec<Series<'a>>,
    },
    /// Overlaid empirical CDFs.
    Cdf {
        /// Axis words.
        metric: Metric<'static>,
        /// Y axis description.
        y_desc: &'static str,
        /// One series per route.
        series: Vec<Series<'a>>,
    },
    /// One box per route.
    Boxplot {
        /// Y axis description.
        y_desc: &'static str,
        /// Unit after the numbers in the legend.
        unit: &'static str,
        /// One series per route.
        series: Vec<Series<'a>>,
    },
    /// Stacked component bars per route.
    Stacked {
        /// X axis description.
        x_desc: &'static str,
        /// Decimals of the numbers on the bars.
        decimals: usize,
        /// The components, in bar order.
        components: Vec<Component>,
        /// One bar per route.
        bars: Vec<Bar>,
    },
    /// Paired differences against the reference route.
    Paired {
        /// Reference route name.
        reference: String,
        /// One series per other route.
        series: Vec<PairedSeries<'a>>,
    },
    /// The route map.
    Map {
        /// Routes (those charted) and ports.
        geo: RouteGeometry,
    },
    /// Queues over time.
    Queues {
        /// Panels of series, one per unit.
        groups: Vec<Vec<QueueLine<'a>>>,
    },
    /// Mean transit time by departure date, one line per route.
    ByDeparture {
        /// One line per route.
        lines: Vec<timeline::Line>,
    },
}

impl render::Draw for ChartSpec<'_> {
    fn size(&self) -> (u32, u32) {
        self.size
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> ChartResult {
        let title = &self.title;
        match &self.kind {
            ChartKind::Histogram { metric, series } => {
                distribution::histogram(area, title, *metric, series)
            }
            ChartKind::Cdf {
                metric,
                y_desc,
                series,
            } => distribution::cdf(area, title, *metric, y_desc, series),
            ChartKind::Boxplot {
                y_desc,
                unit,
                series,
            } => boxplot::boxplot(area, title, y_desc, unit, series),
            ChartKind::Stacked {
                x_desc,
                decimals,
                components,
                bars,
            } => breakdown::stacked_bars(area, title, x_desc, *decimals, components, bars),
            ChartKind::Paired { reference, series } => {
                paired::paired(area, title, reference, series)
            }
            ChartKind::Map { geo } => map::route_map(area, title, geo),
            ChartKind::Queues { groups } => queues::queues(area, title, groups),
            ChartKind::ByDeparture { lines } => timeline::lines(area, title, lines),
        }
    }
}

/// Most routes a chart draws. Past a dozen, overlaid lines, boxes and
/// legend entries no longer tell routes apart (the palette has eight
/// colours), and drawing cost grows with every route: charts then draw a
/// selection ([`charted_routes`]) and say so in their title and caption.
pub const MAX_CHART_ROUTES: usize = 12;

/// The routes the charts draw, in the run's order: all of them up to
/// [`MAX_CHART_ROUTES`]; beyond, the reference route and the others with the
/// shortest median transit (routes without arrivals last), so the charts
/// show the contenders. Linear in the number of routes apart from the sort.
pub fn charted_routes(run: &RunData) -> Vec<data::RouteView<'_>> {
    let all = &run.summary.routes;
    let chosen = run.summary.leading_routes(MAX_CHART_ROUTES);
    // One pass over the samples instead of a search per route.
    let samples: std::collections::HashMap<&str, &crate::runfile::shipments::RouteSamples> = run
        .shipments
        .routes
        .iter()
        .map(|r| (r.id.as_str(), r))
        .collect();
    chosen
        .into_iter()
        .map(|i| data::RouteView {
            summary: &all[i],
            samples: samples.get(all[i].id.as_str()).copied(),
        })
        .collect()
}

/// What a chart's caption adds when it draws only some routes.
fn selection_note(shown: usize, total: usize) -> String {
    if shown == total {
        return String::new();
    }
    format!(
        " Only {shown} of the {} routes are drawn: the reference route and those with the \
         shortest median transit time; summary.csv lists them all.",
        chart::thousands(total as i64)
    )
}

/// The charts of one run, in report order. Charts without data are left out:
/// the paired comparison without a reference route, the map without
/// `routes.geojson`, the queues when no queue held anyone.
pub fn charts<'a>(run: &'a RunData) -> Vec<ChartSpec<'a>> {
    let routes = charted_routes(run);
    let total = run.summary.routes.len();
    let note = selection_note(routes.len(), total);
    let name = &if routes.len() < total {
        format!(
            "{} ({} of {} routes)",
            run.summary.scenario.name,
            routes.len(),
            chart::thousands(total as i64)
        )
    } else {
        run.summary.scenario.name.clone()
    };
    let series = |values: fn(&data::RouteView<'a>) -> &'a [f32]| -> Vec<Series<'a>> {
        routes
            .iter()
            .map(|r| Series {
                label: r.summary.short_label().to_string(),
                colour: r.colour(),
                dashed: false,
                values: values(r),
            })
            .collect()
    };
    let transit = series(|r| r.transit_days());
    let cost = series(|r| r.cost_usd_per_teu());

    let mut out = vec![
        ChartSpec {
            stem: "transit-days-histogram",
            title: format!("Transit time by route — {name}"),
            caption: "Share of arrived shipments by door-to-door transit time; solid lines \
                      mark each route's median, dashed lines its 90th percentile."
                .to_string()
                + &note,
            size: WIDE,
            kind: ChartKind::Histogram {
                metric: distribution::TRANSIT_DAYS,
                series: transit.clone(),
            },
        },
        ChartSpec {
            stem: "transit-days-cdf",
            title: format!("Probability of arriving within N days — {name}"),
            caption: "Empirical cumulative distribution of transit time: read the share of \
                      shipments that arrive within a given number of days."
                .to_string()
                + &note,
            size: WIDE,
            kind: ChartKind::Cdf {
                metric: distribution::TRANSIT_DAYS,
                y_desc: "Shipments arrived within x days (%)",
                series: transit,
            },
        },
        ChartSpec {
            stem: "cost-per-teu-boxplot",
            title: format!("Cost per TEU by route — {name}"),
            caption: "Spread of the total door-to-door cost per TEU over all shipments and \
                      replications."
                .to_string()
                + &note,
            size: WIDE,
            kind: ChartKind::Boxplot {
                y_desc: "Total cost (USD per TEU)",
                unit: "USD/TEU",
                series: cost,
            },
        },
    ];

    // Means by component come from summary.json, where the writer computed
    // them over every arrived shipment.
    let (time_components, cost_components) = component_lists(&run.summary);
    let bars = |means: fn(&crate::runfile::RouteSummary) -> &indexmap::IndexMap<String, f64>,
                components: &[crate::runfile::Component]|
     -> Vec<Bar> {
        routes
            .iter()
            .filter(|r| r.summary.arrived > 0)
            .map(|r| Bar {
                label: r.summary.short_label().to_string(),
                colour: r.colour(),
                values: components
                    .iter()
                    .map(|c| means(r.summary).get(&c.key).copied().unwrap_or(0.0))
                    .collect(),
            })
            .collect()
    };
    if !cost_components.is_empty() {
        out.push(ChartSpec {
            stem: "cost-components",
            title: format!("What the money pays for — mean cost per TEU — {name}"),
            caption: "Mean cost per TEU of arrived shipments, by component.".to_string() + &note,
            size: WIDE,
            kind: ChartKind::Stacked {
                x_desc: "Mean cost (USD per TEU)",
                decimals: 0,
                components: breakdown::components(&cost_components),
                bars: bars(|r| &r.cost_components_usd_per_teu, &cost_components),
            },
        });
    }
    if !time_components.is_empty() {
        out.push(ChartSpec {
            stem: "time-components",
            title: format!("Where the time goes — mean days per shipment — {name}"),
            caption: "Mean door-to-door time of arrived shipments, by component.".to_string()
                + &note,
            size: WIDE,
            kind: ChartKind::Stacked {
                x_desc: "Mean time (days)",
                decimals: 1,
                components: breakdown::components(&time_components),
                bars: bars(|r| &r.time_components_days, &time_components),
            },
        });
    }
    out.extend(disruption_charts(run, &routes, name, &note));

    let reference = &run.summary.scenario.reference_route;
    if let Some(reference_route) = run.summary.route(reference) {
        let reference_label = reference_route.short_label().to_string();
        // Shares come from summary.json (every pair); the distributions are
        // drawn from the pairs of the kept replications.
        let series: Vec<PairedSeries<'_>> = routes
            .iter()
            .filter_map(|r| {
                let vs = r.summary.vs_reference.as_ref()?;
                Some(PairedSeries {
                    label: r.summary.short_label().to_string(),
                    colour: r.colour(),
                    transit_diff_days: r.transit_diff_days(),
                    cost_diff_usd_per_teu: r.cost_diff_usd_per_teu(),
                    share_faster: vs.share_faster.unwrap_or(f64::NAN),
                    share_cheaper: vs.share_cheaper.unwrap_or(f64::NAN),
                    share_both: vs.share_faster_and_cheaper.unwrap_or(f64::NAN),
                })
            })
            .filter(|p| !p.transit_diff_days.is_empty())
            .collect();
        if !series.is_empty() {
            out.push(ChartSpec {
                stem: "paired-vs-reference",
                title: format!("Paired with the reference route ({reference_label}) — {name}"),
                caption: format!(
                    "Each route against the reference route ({reference_label}), shipment by \
                     shipment: same replication, same departure, same weather and traffic. \
                     Left of zero the route is faster (top) or cheaper (bottom).{note}"
                ),
                size: (1200, 900),
                kind: ChartKind::Paired {
                    reference: reference_label,
                    series,
                },
            });
        }
    }

    if let Some(geo) = &run.geo {
        let shown: std::collections::HashSet<&str> =
            routes.iter().map(|r| r.summary.id.as_str()).collect();
        let geo = RouteGeometry {
            routes: geo
                .routes
                .iter()
                .filter(|r| shown.contains(r.id.as_str()))
                .cloned()
                .collect(),
            places: geo.places.clone(),
        };
        out.push(ChartSpec {
            stem: "route-map",
            title: format!("Routes — {name}"),
            caption: "The scenario's routes and the ports and nodes they call at \
                      (equirectangular; land: Natural Earth 1:110m)."
                .to_string()
                + &note,
            size: (1200, 720),
            kind: ChartKind::Map { geo },
        });
    }

    if let Some(queues) = &run.queues {
        let places = run.geo.as_ref().map_or(&[][..], |g| &g.places[..]);
        let groups = queues::select(queues, places);
        if !groups.is_empty() {
            let height = if groups.len() > 1 { 1000 } else { 675 };
            out.push(ChartSpec {
                stem: "queues",
                title: format!("Queues over simulated time — {name}"),
                caption: "Ships (or TEU, for rail and ferry) waiting at the Suez Canal and the \
                          busiest resources, per day, mean over replications."
                    .to_string(),
                size: (1200, height),
                kind: ChartKind::Queues { groups },
            });
        }
    }
    out
}

/// A chart rendered to both formats.
#[derive(Debug, Clone)]
pub struct Rendered {
    /// File name without extension.
    pub stem: &'static str,
    /// Caption for the report.
    pub caption: String,
    /// The SVG document.
    pub svg: String,
    /// The PNG image.
    pub png: Vec<u8>,
}

/// Renders charts to SVG and PNG, each chart on its own thread (charts are
/// independent, and the PNG rasterisation is the slow part).
pub fn render_all(specs: &[ChartSpec<'_>]) -> anyhow::Result<Vec<Rendered>> {
    let results: Vec<Result<Rendered, chart::ChartError>> = std::thread::scope(|scope| {
        let handles: Vec<_> = specs
            .iter()
            .map(|spec| {
                scope.spawn(move || {
                    Ok(Rendered {
                        stem: spec.stem,
                        caption: spec.caption.clone(),
                        svg: render::to_svg(spec)?,
                        png: render::to_png(spec)?,
                    })
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err(chart::ChartError("a chart panicked".to_string())))
            })
            .collect()
    });
    results
        .into_iter()
        .zip(specs)
        .map(|(r, spec)| r.map_err(|err| anyhow::anyhow!("chart {}: {err}", spec.stem)))
        .collect()
}

/// Reads a run folder, writes every chart as `plots/<name>.svg` and
/// `plots/<name>.png` and then `report.html`, and returns the files written.
///
/// Missing or malformed input files are [`crate::error::InputError`]s naming
/// the file (and the line, for CSV).
///
/// # Examples
///
/// ```no_run
/// use std::path::Path;
///
/// // After `corridor run baseline`: redraw output/baseline/plots/*.svg, *.png
/// // and output/baseline/report.html.
/// let written = corridor::report::write_report(Path::new("output/baseline"))?;
/// println!("{} files", written.len());
/// # Ok::<(), anyhow::Error>(())
/// ```
pub fn write_report(run_dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let run = RunData::load(run_dir)?;
    let specs = charts(&run);
    let rendered = render_all(&specs)?;
    let plots = run_dir.join(PLOTS_DIR);
    let mut written = Vec::new();
    for chart in &rendered {
        written.push(render::write_atomic(
            &plots.join(format!("{}.svg", chart.stem)),
            chart.svg.as_bytes(),
        )?);
        written.push(render::write_atomic(
            &plots.join(format!("{}.png", chart.stem)),
            &chart.png,
        )?);
    }
    remove_stale_charts(&plots, &written)?;
    let page = html::report(&run, &rendered)?;
    written.push(render::write_atomic(
        &run_dir.join(REPORT_FILE),
        page.as_bytes(),
    )?);
    Ok(written)
}

/// Transit time by departure date (every run: disruptions and seasons show
/// there), and the shares of shipments re-planned and stranded (runs with
/// disruptions).
fn disruption_charts<'a>(
    run: &'a RunData,
    routes: &[data::RouteView<'a>],
    name: &str,
    note: &str,
) -> Vec<ChartSpec<'a>> {
    let lines: Vec<timeline::Line> = routes
        .iter()
        .map(|r| timeline::Line {
            label: r.summary.short_label().to_string(),
            colour: r.colour(),
            points: run.shipments.transit_by_departure(&r.summary.id),
        })
        .collect();
    let mut out = vec![ChartSpec {
        stem: "transit-by-departure",
        title: format!("Transit time by departure date — {name}"),
        caption: "Mean door-to-door time of the shipments that left on each day, over \
                  replications: when a disruption bites and how it decays, and how the \
                  seasons move transit times."
            .to_string()
            + note,
        size: WIDE,
        kind: ChartKind::ByDeparture { lines },
    }];
    if !run.summary.disruptions.is_empty() {
        let share = |n: u64, of: u64| 100.0 * n as f64 / of.max(1) as f64;
        out.push(ChartSpec {
            stem: "replanned-stranded",
            title: format!("Shipments re-planned and stranded — {name}"),
            caption: "Share of each route's shipments that waited or re-routed for a \
                      disruption, and of those left with no way to their destination."
                .to_string()
                + note,
            size: WIDE,
            kind: ChartKind::Stacked {
                x_desc: "Shipments (%)",
                decimals: 1,
                components: vec![
                    breakdown::Component {
                        label: "re-planned (waited or re-routed)".to_string(),
                        colour: style::component_colour(0),
                    },
                    breakdown::Component {
                        label: "stranded".to_string(),
                        colour: style::component_colour(3),
                    },
                ],
                bars: routes
                    .iter()
                    .map(|r| Bar {
                        label: r.summary.short_label().to_string(),
                        colour: r.colour(),
                        values: vec![
                            share(r.summary.replanned, r.summary.shipments),
                            share(r.summary.stranded, r.summary.shipments),
                        ],
                    })
                    .collect(),
            },
        });
    }
    out
}

/// Removes charts a previous rendering left in `plots/` that this one did
/// not write (a queue chart from before the queues went quiet, say), so the
/// folder and the report's file list show only current charts. Only `.svg`
/// and `.png` files are touched: the folder is ours, but nothing else is.
fn remove_stale_charts(plots: &Path, written: &[PathBuf]) -> anyhow::Result<()> {
    let Ok(entries) = std::fs::read_dir(plots) else {
        return Ok(());
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let chart = matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("svg" | "png")
        );
        if chart && path.is_file() && !written.contains(&path) {
            std::fs::remove_file(&path)
                .with_context(|| format!("removing the old chart {}", path.display()))?;
        }
    }
    Ok(())
}

/// The time and cost components of a run, with labels: from `summary.json`,
/// or (format 1, which did not record them) the keys of the first route's
/// means, labelled by their keys.
fn component_lists(
    summary: &crate::runfile::Summary,
) -> (
    Vec<crate::runfile::Component>,
    Vec<crate::runfile::Component>,
) {
    if !summary.components.time.is_empty() {
        return (
            summary.components.time.clone(),
            summary.components.cost.clone(),
        );
    }
    let from_keys = |keys: Vec<&String>| {
        keys.into_iter()
            .map(|k| crate::runfile::Component {
                key: k.clone(),
                label: k.replace('_', " "),
            })
            .collect()
    };
    let first = &summary.routes[0];
    (
        from_keys(first.time_components_days.keys().collect()),
        from_keys(first.cost_components_usd_per_teu.keys().collect()),
    )
}
