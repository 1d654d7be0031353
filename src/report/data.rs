//! Reading a run folder (the files described in `docs/run-output.md`) into
//! what the charts need, and nothing more.
//!
//! `shipments.csv` may hold millions of rows, so it is streamed: per route we
//! keep the transit days and cost per TEU of arrived shipments as `f32`, sums
//! of the time and cost components, and the paired differences against the
//! reference route. Pairing buffers one replication at a time, which the
//! contract's row order (replication first) makes possible.
//!
//! Every problem with the files is an [`InputError`] naming the file and, for
//! CSV, the line.

use std::collections::{BTreeMap, HashMap};
use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::InputError;

/// The file names of a run folder, as fixed by `docs/run-output.md`.
pub mod files {
    /// Per-shipment results.
    pub const SHIPMENTS: &str = "shipments.csv";
    /// Scenario metadata and per-route statistics.
    pub const SUMMARY_JSON: &str = "summary.json";
    /// Per-route statistics as a table.
    pub const SUMMARY_CSV: &str = "summary.csv";
    /// Queue lengths over simulated time.
    pub const QUEUES: &str = "queues.csv";
    /// The routes and ports as GeoJSON.
    pub const ROUTES: &str = "routes.geojson";
    /// Optional: the scenario's parameters with their sources.
    pub const ASSUMPTIONS: &str = "assumptions.json";
}

/// Everything the charts and the report read from one run folder.
#[derive(Debug, Clone)]
pub struct RunData {
    /// The folder the files were read from.
    pub dir: PathBuf,
    /// `summary.json`.
    pub summary: Summary,
    /// What was kept from `shipments.csv`.
    pub shipments: Shipments,
    /// `queues.csv`, if the run wrote one.
    pub queues: Option<Queues>,
    /// `routes.geojson`, if the run wrote one.
    pub geo: Option<RouteGeometry>,
    /// `assumptions.json`, if present.
    pub assumptions: Option<Vec<Assumption>>,
}

impl RunData {
    /// Reads a run folder. `summary.json` and `shipments.csv` are required;
    /// `queues.csv`, `routes.geojson` and `assumptions.json` are read when
    /// present (their charts or sections are left out otherwise).
    pub fn load(dir: &Path) -> anyhow::Result<RunData> {
        if !dir.is_dir() {
            return Err(InputError::new(format!(
                "run folder {} does not exist or is not a folder",
                dir.display()
            ))
            .with_hint("pass the folder `corridor run` wrote, e.g. output/baseline")
            .into());
        }
        let summary = Summary::load(&dir.join(files::SUMMARY_JSON))?;
        // Charts keep the shipments of at most CHART_REPLICATIONS
        // replications (every k-th, whole, so pairs stay paired): a million
        // points draw no better than a quarter of a million, and memory
        // stays bounded for runs of 100,000 replications. Means, shares and
        // the table use every row.
        let replications = summary.scenario.replications.unwrap_or(1).max(1);
        let keep_every = replications.div_ceil(CHART_REPLICATIONS).max(1);
        let shipments = Shipments::load_thinned(
            &dir.join(files::SHIPMENTS),
            summary.scenario.reference_route.as_deref(),
            keep_every,
        )?;
        let queues_path = dir.join(files::QUEUES);
        let queues = if queues_path.is_file() {
            Some(Queues::load(&queues_path)?)
        } else {
            None
        };
        let geo_path = dir.join(files::ROUTES);
        let geo = if geo_path.is_file() {
            Some(RouteGeometry::load(&geo_path)?)
        } else {
            None
        };
        let assumptions_path = dir.join(files::ASSUMPTIONS);
        let assumptions = if assumptions_path.is_file() {
            Some(read_json::<Vec<Assumption>>(&assumptions_path)?)
        } else {
            None
        };
        Ok(RunData {
            dir: dir.to_path_buf(),
            summary,
            shipments,
            queues,
            geo,
            assumptions,
        })
    }

    /// The routes in the order of `summary.json`, each with its samples.
    ///
    /// Routes in the summary without rows in `shipments.csv` get empty samples;
    /// rows of routes the summary does not list are ignored (the summary is
    /// what names and colours a route).
    pub fn routes(&self) -> Vec<RouteView<'_>> {
        self.summary
            .routes
            .iter()
            .map(|summary| RouteView {
                summary,
                samples: self.shipments.route(&summary.id),
            })
            .collect()
    }
}

/// One route's summary together with its samples.
#[derive(Debug, Clone, Copy)]
pub struct RouteView<'a> {
    /// Its entry in `summary.json`.
    pub summary: &'a RouteSummary,
    /// What was kept from its rows of `shipments.csv` (`None` if it has none).
    pub samples: Option<&'a RouteSamples>,
}

impl<'a> RouteView<'a> {
    /// Its colour in every chart.
    pub fn colour(&self) -> plotters::style::RGBColor {
        super::style::route_colour(self.summary.colour_index)
    }
    /// Transit days of arrived shipments (empty if none).
    pub fn transit_days(&self) -> &'a [f32] {
        self.samples.map_or(&[], |s| &s.transit_days)
    }
    /// Cost per TEU of arrived shipments (empty if none).
    pub fn cost_usd_per_teu(&self) -> &'a [f32] {
        self.samples.map_or(&[], |s| &s.cost_usd_per_teu)
    }
}

fn read_json<T: for<'de> Deserialize<'de>>(path: &Path) -> anyhow::Result<T> {
    let text = std::fs::read_to_string(path).map_err(|err| missing_or_unreadable(path, &err))?;
    serde_json::from_str(&text).map_err(|err| {
        InputError::new(format!(
            "{}: line {}, column {}: {err}",
            path.display(),
            err.line(),
            err.column()
        ))
        .into()
    })
}

fn missing_or_unreadable(path: &Path, err: &std::io::Error) -> anyhow::Error {
    let message = if err.kind() == std::io::ErrorKind::NotFound {
        format!("{} is missing", path.display())
    } else {
        format!("{} cannot be read: {err}", path.display())
    };
    InputError::new(message)
        .with_hint("a run folder holds the files listed in docs/run-output.md")
        .into()
}

// ---------------------------------------------------------------- summary.json

/// `summary.json`. Unknown fields are ignored so that newer runs stay readable.
#[derive(Debug, Clone, Deserialize)]
pub struct Summary {
    /// The scenario and run metadata.
    pub scenario: ScenarioMeta,
    /// One entry per route, in the scenario's order.
    pub routes: Vec<RouteSummary>,
}

impl Summary {
    /// Reads and checks `summary.json`.
    pub fn load(path: &Path) -> anyhow::Result<Summary> {
        let summary: Summary = read_json(path)?;
        if summary.routes.is_empty() {
            return Err(InputError::new(format!("{}: `routes` is empty", path.display())).into());
        }
        let mut seen = std::collections::BTreeSet::new();
        for route in &summary.routes {
            if !seen.insert(route.id.as_str()) {
                return Err(InputError::new(format!(
                    "{}: route `{}` is listed twice",
                    path.display(),
                    route.id
                ))
                .into());
            }
        }
        Ok(summary)
    }

    /// The route with this id.
    pub fn route(&self, id: &str) -> Option<&RouteSummary> {
        self.routes.iter().find(|r| r.id == id)
    }
}

/// The `scenario` object of `summary.json`.
#[derive(Debug, Clone, Deserialize)]
pub struct ScenarioMeta {
    /// Scenario name (also the run folder's name by default).
    pub name: String,
    /// One-paragraph description.
    #[serde(default)]
    pub description: String,
    /// The scenario file the run read.
    #[serde(default)]
    pub file: Option<String>,
    /// Random seed.
    #[serde(default)]
    pub seed: Option<u64>,
    /// Number of replications.
    #[serde(default)]
    pub replications: Option<u64>,
    /// The date simulated day 0 stands for.
    #[serde(default)]
    pub start_date: Option<String>,
    /// Simulated horizon, days.
    #[serde(default)]
    pub horizon_days: Option<f64>,
    /// Route every other route is compared with.
    #[serde(default)]
    pub reference_route: Option<String>,
    /// `corridor` version that made the run.
    #[serde(default)]
    pub version: Option<String>,
    /// Wall-clock time of the run, seconds.
    #[serde(default)]
    pub wall_s: Option<f64>,
    /// Worker threads used.
    #[serde(default)]
    pub threads: Option<u64>,
    /// Events processed.
    #[serde(default)]
    pub events: Option<u64>,
    /// Events per wall-clock second.
    #[serde(default)]
    pub events_per_s: Option<f64>,
}

/// One route of `summary.json`.
#[derive(Debug, Clone, Deserialize)]
pub struct RouteSummary {
    /// Route id (`emc`, `suez`, …).
    pub id: String,
    /// Display name.
    #[serde(default)]
    pub name: String,
    /// Index into the route palette; fixed per route across charts.
    #[serde(default)]
    pub colour_index: usize,
    /// Shipments simulated (all replications).
    #[serde(default)]
    pub shipments: u64,
    /// Of which arrived by the horizon.
    #[serde(default)]
    pub arrived: u64,
    /// Of which were still travelling at the horizon.
    #[serde(default)]
    pub in_transit: u64,
    /// Door-to-door days.
    #[serde(default)]
    pub transit_days: Option<Stats>,
    /// Total cost, USD per TEU.
    #[serde(default)]
    pub cost_usd_per_teu: Option<Stats>,
    /// Tank-to-wake CO2, t per TEU.
    #[serde(default)]
    pub co2_t_per_teu: Option<Stats>,
    /// Mean days per time component.
    #[serde(default)]
    pub time_components_days: BTreeMap<String, f64>,
    /// Mean USD per TEU per cost component.
    #[serde(default)]
    pub cost_components_usd_per_teu: BTreeMap<String, f64>,
    /// Paired comparison with the reference route (`null` for the reference).
    #[serde(default)]
    pub vs_reference: Option<VsReference>,
}

impl RouteSummary {
    /// The display name, or the id when the name is empty.
    pub fn label(&self) -> &str {
        if self.name.is_empty() {
            &self.id
        } else {
            &self.name
        }
    }

    /// A name short enough for a chart's axis or legend; see [`short_name`].
    pub fn short_label(&self) -> &str {
        short_name(&self.name, &self.id)
    }
}

/// Longest route name charts show as it is, in characters.
pub const SHORT_NAME_CHARS: usize = 30;

/// A route name short enough for a chart: the part before a colour
/// ("INSTC west: Nhava Sheva → Bandar Abbas → …" → "INSTC west"), else the
/// name when it is at most [`SHORT_NAME_CHARS`] long, else the id. Tables
/// show the full name.
pub fn short_name<'a>(name: &'a str, id: &'a str) -> &'a str {
    let head = name.split_once(": ").map_or(name, |(head, _)| head).trim();
    if !head.is_empty() && head.chars().count() <= SHORT_NAME_CHARS {
        head
    } else {
        id
    }
}

/// Summary statistics of one metric. Fields are optional because a route
/// with no arrivals has no mean (the writer emits `null`).
#[derive(Debug, Clone, Default, Deserialize)]
#[allow(missing_docs)]
pub struct Stats {
    #[serde(default)]
    pub count: u64,
    #[serde(default)]
    pub mean: Option<f64>,
    #[serde(default)]
    pub sd: Option<f64>,
    #[serde(default)]
    pub min: Option<f64>,
    #[serde(default)]
    pub max: Option<f64>,
    #[serde(default)]
    pub p5: Option<f64>,
    #[serde(default)]
    pub p50: Option<f64>,
    #[serde(default)]
    pub p90: Option<f64>,
    #[serde(default)]
    pub p95: Option<f64>,
    #[serde(default)]
    pub ci95_low: Option<f64>,
    #[serde(default)]
    pub ci95_high: Option<f64>,
}

/// `vs_reference` of a route in `summary.json`.
#[derive(Debug, Clone, Deserialize)]
pub struct VsReference {
    /// The reference route's id.
    pub reference: String,
    /// Statistics of (this − reference) transit days, paired.
    #[serde(default)]
    pub transit_days_diff: Option<Stats>,
    /// Statistics of (this − reference) cost per TEU, paired.
    #[serde(default)]
    pub cost_usd_per_teu_diff: Option<Stats>,
    /// Share of pairs where this route arrived sooner.
    #[serde(default)]
    pub share_faster: Option<f64>,
    /// Share of pairs where this route was cheaper.
    #[serde(default)]
    pub share_cheaper: Option<f64>,
}

// ---------------------------------------------------------------- assumptions.json

/// One scenario parameter with its source, from the optional `assumptions.json`.
#[derive(Debug, Clone, Deserialize)]
pub struct Assumption {
    /// Parameter name.
    pub key: String,
    /// Its value (a number or a string).
    pub value: serde_json::Value,
    /// Unit, if any.
    #[serde(default)]
    pub unit: Option<String>,
    /// Where the figure comes from.
    #[serde(default)]
    pub source: Option<String>,
}

// ---------------------------------------------------------------- shipments.csv

/// What one route keeps from `shipments.csv`.
#[derive(Debug, Clone, Default)]
pub struct RouteSamples {
    /// Route id.
    pub id: String,
    /// Rows read (all statuses).
    pub rows: u64,
    /// Rows with status `in_transit`.
    pub in_transit: u64,
    /// Door-to-door days of arrived shipments, in file order.
    pub transit_days: Vec<f32>,
    /// Cost per TEU of arrived shipments, in file order.
    pub cost_usd_per_teu: Vec<f32>,
    /// Sum over arrived shipments of each time component, days, indexed like
    /// [`Shipments::time_components`].
    pub time_sums_days: Vec<f64>,
    /// Sum over arrived shipments of each cost component, USD/TEU, indexed
    /// like [`Shipments::cost_components`].
    pub cost_sums_usd_per_teu: Vec<f64>,
}

impl RouteSamples {
    /// Mean of each time component over arrived shipments, days.
    pub fn time_means_days(&self) -> Vec<f64> {
        self.means(&self.time_sums_days)
    }
    /// Mean of each cost component over arrived shipments, USD/TEU.
    pub fn cost_means_usd_per_teu(&self) -> Vec<f64> {
        self.means(&self.cost_sums_usd_per_teu)
    }
    fn means(&self, sums: &[f64]) -> Vec<f64> {
        let n = self.transit_days.len().max(1) as f64;
        sums.iter().map(|s| s / n).collect()
    }
}

/// Paired differences of one route against the reference route.
#[derive(Debug, Clone, Default)]
pub struct PairedRoute {
    /// Route id.
    pub id: String,
    /// (this − reference) transit days, one per pair where both arrived.
    pub transit_diff_days: Vec<f32>,
    /// (this − reference) cost per TEU, one per pair where both arrived.
    pub cost_diff_usd_per_teu: Vec<f32>,
    /// Pairs where this route arrived sooner.
    pub faster: u64,
    /// Pairs where this route was cheaper.
    pub cheaper: u64,
    /// Pairs where it was both.
    pub faster_and_cheaper: u64,
}

impl PairedRoute {
    /// Number of pairs.
    pub fn pairs(&self) -> usize {
        self.transit_diff_days.len()
    }
    fn share(&self, n: u64) -> f64 {
        if self.pairs() == 0 {
            f64::NAN
        } else {
            n as f64 / self.pairs() as f64
        }
    }
    /// Share of pairs where this route arrived sooner (NaN with no pairs).
    pub fn share_faster(&self) -> f64 {
        self.share(self.faster)
    }
    /// Share of pairs where this route was cheaper.
    pub fn share_cheaper(&self) -> f64 {
        self.share(self.cheaper)
    }
    /// Share of pairs where this route was faster and cheaper.
    pub fn share_faster_and_cheaper(&self) -> f64 {
        self.share(self.faster_and_cheaper)
    }
}

/// What the charts keep from `shipments.csv`.
#[derive(Debug, Clone, Default)]
pub struct Shipments {
    /// Per route, in order of first appearance in the file.
    pub routes: Vec<RouteSamples>,
    /// Names of the time components found in the header, in header order.
    pub time_components: Vec<String>,
    /// Names of the cost components found in the header, in header order.
    pub cost_components: Vec<String>,
    /// The reference route's id, when it was given and found in the file.
    pub reference: Option<String>,
    /// Paired differences of every other route against the reference.
    pub paired: Vec<PairedRoute>,
}

/// Column positions in `shipments.csv`.
struct Columns {
    replication: usize,
    route: usize,
    shipment: usize,
    status: usize,
    transit_days: usize,
    cost: usize,
    time: Vec<usize>,
    cost_parts: Vec<usize>,
}

/// One replication's rows, buffered for pairing.
#[derive(Default)]
struct ReplicationBuffer {
    replication: Option<u64>,
    /// Whether this replication's samples are kept for the charts.
    keep: bool,
    /// Reference route: shipment → (transit days, cost).
    reference: HashMap<u64, (f32, f32)>,
    /// Other routes' arrived rows: (route index, shipment, transit days, cost).
    others: Vec<(usize, u64, f32, f32)>,
}

/// Most replications whose shipments the charts keep as samples.
pub const CHART_REPLICATIONS: u64 = 10_000;

impl Shipments {
    /// Streams `shipments.csv`, pairing rows against `reference` (a route id).
    pub fn load(path: &Path, reference: Option<&str>) -> anyhow::Result<Shipments> {
        Self::load_thinned(path, reference, 1)
    }

    /// Like [`Shipments::load`], keeping samples (transit days, costs, paired
    /// differences) only of replications whose index is a multiple of
    /// `keep_every`; counts, sums and shares still use every row.
    pub fn load_thinned(
        path: &Path,
        reference: Option<&str>,
        keep_every: u64,
    ) -> anyhow::Result<Shipments> {
        let file = File::open(path).map_err(|err| missing_or_unreadable(path, &err))?;
        Self::read_thinned(
            BufReader::with_capacity(1 << 16, file),
            path,
            reference,
            keep_every,
        )
    }

    /// Like [`Shipments::load`], from any reader; `path` only names the file in errors.
    pub fn read(
        reader: impl std::io::Read,
        path: &Path,
        reference: Option<&str>,
    ) -> anyhow::Result<Shipments> {
        Self::read_thinned(reader, path, reference, 1)
    }

    /// Like [`Shipments::load_thinned`], from any reader.
    pub fn read_thinned(
        reader: impl std::io::Read,
        path: &Path,
        reference: Option<&str>,
        keep_every: u64,
    ) -> anyhow::Result<Shipments> {
        let keep_every = keep_every.max(1);
        let mut csv = csv::ReaderBuilder::new()
            .has_headers(true)
            .from_reader(reader);
        let headers = csv.headers().map_err(|err| csv_error(path, &err))?.clone();
        let columns = Columns::find(&headers, path)?;
        let mut out = Shipments {
            time_components: columns
                .time
                .iter()
                .map(|&i| component_name(&headers[i], "time_", "_days"))
                .collect(),
            cost_components: columns
                .cost_parts
                .iter()
                .map(|&i| component_name(&headers[i], "cost_", "_usd_per_teu"))
                .collect(),
            ..Shipments::default()
        };
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut buffer = ReplicationBuffer::default();
        let mut finished: std::collections::BTreeSet<u64> = std::collections::BTreeSet::new();
        let mut reference_index: Option<usize> = None;
        let mut record = csv::StringRecord::new();
        loop {
            match csv.read_record(&mut record) {
                Ok(true) => {}
                Ok(false) => break,
                Err(err) => return Err(csv_error(path, &err)),
            }
            let line = record.position().map_or(0, |p| p.line());
            let at = |column: usize| Field {
                path,
                line,
                name: &headers[column],
                text: record.get(column).unwrap_or(""),
            };
            let replication = at(columns.replication).u64()?;
            let route = at(columns.route).text;
            if route.is_empty() {
                return Err(at(columns.route).invalid("a route id"));
            }
            let shipment = at(columns.shipment).u64()?;
            let arrived = match at(columns.status).text {
                "arrived" => true,
                "in_transit" => false,
                _ => return Err(at(columns.status).invalid("`arrived` or `in_transit`")),
            };

            let route_index = match index.get(route) {
                Some(&i) => i,
                None => {
                    let i = out.routes.len();
                    index.insert(route.to_string(), i);
                    out.routes.push(RouteSamples {
                        id: route.to_string(),
                        time_sums_days: vec![0.0; columns.time.len()],
                        cost_sums_usd_per_teu: vec![0.0; columns.cost_parts.len()],
                        ..RouteSamples::default()
                    });
                    if Some(route) == reference {
                        reference_index = Some(i);
                    }
                    i
                }
            };

            if buffer.replication != Some(replication) {
                if finished.contains(&replication) {
                    return Err(InputError::new(format!(
                        "{} line {line}: replication {replication} appears again after other \
                         replications",
                        path.display()
                    ))
                    .with_hint("rows must be grouped by replication (docs/run-output.md)")
                    .into());
                }
                out.flush_pairs(&mut buffer, reference_index);
                if let Some(previous) = buffer.replication {
                    finished.insert(previous);
                }
                buffer.replication = Some(replication);
                buffer.keep = replication % keep_every == 0;
            }

            let samples = &mut out.routes[route_index];
            samples.rows += 1;
            if !arrived {
                samples.in_transit += 1;
                continue;
            }
            let transit = at(columns.transit_days).f64()?;
            let cost = at(columns.cost).f64()?;
            if buffer.keep {
                samples.transit_days.push(transit as f32);
                samples.cost_usd_per_teu.push(cost as f32);
            }
            for (slot, &column) in columns.time.iter().enumerate() {
                samples.time_sums_days[slot] += at(column).f64_or_zero()?;
            }
            for (slot, &column) in columns.cost_parts.iter().enumerate() {
                samples.cost_sums_usd_per_teu[slot] += at(column).f64_or_zero()?;
            }
            if reference_index == Some(route_index) {
                buffer
                    .reference
                    .insert(shipment, (transit as f32, cost as f32));
            } else if reference.is_some() {
                buffer
                    .others
                    .push((route_index, shipment, transit as f32, cost as f32));
            }
        }
        out.flush_pairs(&mut buffer, reference_index);
        if let Some(reference) = reference_index {
            out.reference = Some(out.routes[reference].id.clone());
        } else {
            out.paired.clear();
        }
        Ok(out)
    }

    /// Pairs the buffered replication's rows with the reference route's.
    fn flush_pairs(&mut self, buffer: &mut ReplicationBuffer, reference_index: Option<usize>) {
        if reference_index.is_some() {
            for &(route_index, shipment, transit, cost) in &buffer.others {
                let Some(&(ref_transit, ref_cost)) = buffer.reference.get(&shipment) else {
                    continue;
                };
                let id = &self.routes[route_index].id;
                let position = match self.paired.iter().position(|p| &p.id == id) {
                    Some(p) => p,
                    None => {
                        self.paired.push(PairedRoute {
                            id: id.clone(),
                            ..PairedRoute::default()
                        });
                        self.paired.len() - 1
                    }
                };
                let paired = &mut self.paired[position];
                let dt = transit - ref_transit;
                let dc = cost - ref_cost;
                if buffer.keep {
                    paired.transit_diff_days.push(dt);
                    paired.cost_diff_usd_per_teu.push(dc);
                }
                paired.faster += u64::from(dt < 0.0);
                paired.cheaper += u64::from(dc < 0.0);
                paired.faster_and_cheaper += u64::from(dt < 0.0 && dc < 0.0);
            }
        }
        buffer.reference.clear();
        buffer.others.clear();
    }

    /// The samples of the route with this id.
    pub fn route(&self, id: &str) -> Option<&RouteSamples> {
        self.routes.iter().find(|r| r.id == id)
    }

    /// The paired differences of the route with this id.
    pub fn paired_route(&self, id: &str) -> Option<&PairedRoute> {
        self.paired.iter().find(|r| r.id == id)
    }
}

fn component_name(header: &str, prefix: &str, suffix: &str) -> String {
    header
        .strip_prefix(prefix)
        .and_then(|h| h.strip_suffix(suffix))
        .unwrap_or(header)
        .to_string()
}

impl Columns {
    fn find(headers: &csv::StringRecord, path: &Path) -> anyhow::Result<Columns> {
        let position = |name: &str| -> anyhow::Result<usize> {
            headers.iter().position(|h| h == name).ok_or_else(|| {
                InputError::new(format!(
                    "{} line 1: column `{name}` is missing",
                    path.display()
                ))
                .with_hint("the columns are listed in docs/run-output.md")
                .into()
            })
        };
        let time = headers
            .iter()
            .enumerate()
            .filter(|(_, h)| h.starts_with("time_") && h.ends_with("_days"))
            .map(|(i, _)| i)
            .collect();
        let cost_parts = headers
            .iter()
            .enumerate()
            .filter(|(_, h)| {
                h.starts_with("cost_") && h.ends_with("_usd_per_teu") && *h != "cost_usd_per_teu"
            })
            .map(|(i, _)| i)
            .collect();
        Ok(Columns {
            replication: position("replication")?,
            route: position("route")?,
            shipment: position("shipment")?,
            status: position("status")?,
            transit_days: position("transit_days")?,
            cost: position("cost_usd_per_teu")?,
            time,
            cost_parts,
        })
    }
}

/// One cell of a CSV file, with what is needed to report a bad value.
struct Field<'a> {
    path: &'a Path,
    line: u64,
    name: &'a str,
    text: &'a str,
}

impl Field<'_> {
    fn invalid(&self, expected: &str) -> anyhow::Error {
        InputError::new(format!(
            "{} line {}: column `{}`: expected {expected}, found `{}`",
            self.path.display(),
            self.line,
            self.name,
            self.text
        ))
        .into()
    }
    fn u64(&self) -> anyhow::Result<u64> {
        self.text
            .trim()
            .parse()
            .map_err(|_| self.invalid("a whole number ≥ 0"))
    }
    fn f64(&self) -> anyhow::Result<f64> {
        match self.text.trim().parse::<f64>() {
            Ok(v) if v.is_finite() => Ok(v),
            _ => Err(self.invalid("a finite number")),
        }
    }
    /// An optional number: empty means 0 (a component that does not apply).
    fn f64_or_zero(&self) -> anyhow::Result<f64> {
        if self.text.trim().is_empty() {
            Ok(0.0)
        } else {
            self.f64()
        }
    }
}

fn csv_error(path: &Path, err: &csv::Error) -> anyhow::Error {
    let line = err.position().map(|p| p.line());
    let message = match line {
        Some(line) => format!("{} line {line}: {err}", path.display()),
        None => format!("{}: {err}", path.display()),
    };
    InputError::new(message).into()
}

// ---------------------------------------------------------------- queues.csv

/// One resource's queue over simulated time.
#[derive(Debug, Clone)]
pub struct QueueSeries {
    /// Resource id (`suez-canal`, `port:RUVVO`, …).
    pub resource: String,
    /// `canal`, `port`, `rail`, `ferry` or `border`.
    pub kind: String,
    /// (day, mean waiting, max waiting), in file order.
    pub points: Vec<(f64, f64, f64)>,
}

impl QueueSeries {
    /// What is counted: ships, or TEU for rail and ferry queues.
    pub fn unit(&self) -> &'static str {
        match self.kind.as_str() {
            "rail" | "ferry" => "TEU",
            _ => "ships",
        }
    }
    /// The largest mean queue over the run.
    pub fn peak_mean(&self) -> f64 {
        self.points.iter().map(|p| p.1).fold(0.0, f64::max)
    }
}

/// `queues.csv`.
#[derive(Debug, Clone, Default)]
pub struct Queues {
    /// One series per resource, in order of first appearance.
    pub series: Vec<QueueSeries>,
}

impl Queues {
    /// Reads `queues.csv`.
    pub fn load(path: &Path) -> anyhow::Result<Queues> {
        let file = File::open(path).map_err(|err| missing_or_unreadable(path, &err))?;
        let mut csv = csv::Reader::from_reader(BufReader::new(file));
        let headers = csv.headers().map_err(|err| csv_error(path, &err))?.clone();
        let position = |name: &str| -> anyhow::Result<usize> {
            headers.iter().position(|h| h == name).ok_or_else(|| {
                InputError::new(format!(
                    "{} line 1: column `{name}` is missing",
                    path.display()
                ))
                .into()
            })
        };
        let (resource, kind, day, mean, max) = (
            position("resource")?,
            position("kind")?,
            position("day")?,
            position("mean_waiting")?,
            position("max_waiting")?,
        );
        let mut queues = Queues::default();
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut record = csv::StringRecord::new();
        loop {
            match csv.read_record(&mut record) {
                Ok(true) => {}
                Ok(false) => break,
                Err(err) => return Err(csv_error(path, &err)),
            }
            let line = record.position().map_or(0, |p| p.line());
            let at = |column: usize| Field {
                path,
                line,
                name: &headers[column],
                text: record.get(column).unwrap_or(""),
            };
            let name = at(resource).text.to_string();
            let point = (at(day).f64()?, at(mean).f64()?, at(max).f64()?);
            let slot = *index.entry(name.clone()).or_insert_with(|| {
                queues.series.push(QueueSeries {
                    resource: name,
                    kind: record.get(kind).unwrap_or("").to_string(),
                    points: Vec::new(),
                });
                queues.series.len() - 1
            });
            queues.series[slot].points.push(point);
        }
        Ok(queues)
    }
}

// ---------------------------------------------------------------- routes.geojson

/// A route's line on the map.
#[derive(Debug, Clone)]
pub struct RouteLine {
    /// Route id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Palette index.
    pub colour_index: usize,
    /// Line parts of [lon, lat] in degrees (several when split at the antimeridian).
    pub parts: Vec<Vec<(f64, f64)>>,
}

/// A port or node the routes call at.
#[derive(Debug, Clone)]
pub struct MapPort {
    /// Display name.
    pub name: String,
    /// UN/LOCODE or node code, possibly empty.
    pub locode: String,
    /// [lon, lat] in degrees.
    pub at: (f64, f64),
}

/// `routes.geojson`: the routes and the ports they call at.
#[derive(Debug, Clone, Default)]
pub struct RouteGeometry {
    /// One entry per route feature.
    pub routes: Vec<RouteLine>,
    /// One entry per port feature.
    pub ports: Vec<MapPort>,
}

impl RouteGeometry {
    /// Reads `routes.geojson`.
    pub fn load(path: &Path) -> anyhow::Result<RouteGeometry> {
        let value: serde_json::Value = read_json(path)?;
        Self::from_value(&value).map_err(|what| {
            InputError::new(format!("{}: {what}", path.display()))
                .with_hint("expected a GeoJSON FeatureCollection as in docs/run-output.md")
                .into()
        })
    }

    fn from_value(value: &serde_json::Value) -> Result<RouteGeometry, String> {
        let features = value
            .get("features")
            .and_then(|f| f.as_array())
            .ok_or("no `features` array")?;
        let mut out = RouteGeometry::default();
        for (n, feature) in features.iter().enumerate() {
            let properties = feature.get("properties");
            let text = |key: &str| {
                properties
                    .and_then(|p| p.get(key))
                    .and_then(|v| v.as_str())
                    .unwrap_or("")
                    .to_string()
            };
            let geometry = feature
                .get("geometry")
                .ok_or_else(|| format!("feature {n} has no geometry"))?;
            let kind = geometry.get("type").and_then(|t| t.as_str()).unwrap_or("");
            let coordinates = geometry
                .get("coordinates")
                .ok_or_else(|| format!("feature {n} has no coordinates"))?;
            match kind {
                "Point" => out.ports.push(MapPort {
                    name: text("name"),
                    locode: text("locode"),
                    at: position(coordinates).ok_or_else(|| format!("feature {n}: bad point"))?,
                }),
                "LineString" | "MultiLineString" => {
                    let parts = if kind == "LineString" {
                        vec![line(coordinates).ok_or_else(|| format!("feature {n}: bad line"))?]
                    } else {
                        coordinates
                            .as_array()
                            .ok_or_else(|| format!("feature {n}: bad lines"))?
                            .iter()
                            .map(|l| line(l).ok_or_else(|| format!("feature {n}: bad line")))
                            .collect::<Result<_, _>>()?
                    };
                    let colour_index = properties
                        .and_then(|p| p.get("colour_index"))
                        .and_then(|v| v.as_u64())
                        .unwrap_or(n as u64) as usize;
                    out.routes.push(RouteLine {
                        id: text("id"),
                        name: text("name"),
                        colour_index,
                        parts,
                    });
                }
                // Other geometries (none are written today) are not drawn.
                _ => {}
            }
        }
        Ok(out)
    }
}

fn position(value: &serde_json::Value) -> Option<(f64, f64)> {
    let pair = value.as_array()?;
    let lon = pair.first()?.as_f64()?;
    let lat = pair.get(1)?.as_f64()?;
    (lon.is_finite() && lat.is_finite()).then_some((lon, lat))
}

fn line(value: &serde_json::Value) -> Option<Vec<(f64, f64)>> {
    value.as_array()?.iter().map(position).collect()
}
