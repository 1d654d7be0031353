//! `summary.json` and `summary.csv`: the run's metadata and per-route
//! statistics, with every derived figure (means by component, paired
//! comparison with the reference route and its shares) computed once by the
//! writer. The same types are written and read.

use std::path::Path;

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

use super::FORMAT_VERSION;
use super::atomic::AtomicFile;
use super::stats::{Share, Stats};
use crate::error::InputError;

/// `summary.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// Format version of the folder ([`FORMAT_VERSION`]); absent (1) in
    /// folders written before it was recorded.
    #[serde(default = "format_1")]
    pub format_version: u32,
    /// The scenario and the run.
    pub scenario: RunMeta,
    /// The time and cost components, in column order, with their labels
    /// (absent in format 1: readers then show the keys).
    #[serde(default)]
    pub components: Components,
    /// One entry per route, in the scenario's order.
    pub routes: Vec<RouteSummary>,
    /// The scenario's disruptions, each in a sentence (absent before format 3).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub disruptions: Vec<DisruptionNote>,
    /// Every pair of routes compared shipment by shipment (absent in older
    /// folders).
    #[serde(default)]
    pub pairs: Vec<PairSummary>,
}

/// One disruption of `summary.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DisruptionNote {
    /// The target, e.g. `passage:bab-el-mandeb`.
    pub target: String,
    /// What it does and when, in a sentence.
    pub description: String,
}

/// Two routes compared shipment by shipment: shipment k of both, in the
/// same replication, met the same random inputs. Differences are `a − b`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PairSummary {
    /// The first route's id (earlier in the scenario).
    pub a: String,
    /// The second route's id.
    pub b: String,
    /// Pairs where both arrived.
    pub pairs: u64,
    /// (a − b) transit days, with the 95 % CI of the mean difference.
    pub transit_days_diff: Stats,
    /// (a − b) cost per TEU.
    pub cost_usd_per_teu_diff: Stats,
    /// P(a arrives sooner than b), with a 95 % CI.
    pub a_faster: Share,
    /// P(a costs less than b).
    pub a_cheaper: Share,
    /// P(a is both).
    pub a_faster_and_cheaper: Share,
}

fn format_1() -> u32 {
    1
}

/// The `scenario` object of `summary.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunMeta {
    /// Scenario name (the run folder's name by default).
    pub name: String,
    /// One-paragraph description.
    pub description: String,
    /// The scenario file the run read (`<built-in NAME>` for a built-in).
    pub file: Option<String>,
    /// Random seed.
    pub seed: u64,
    /// Replications completed.
    pub replications: u64,
    /// Replications asked for (more than `replications` when cancelled;
    /// absent in format 1).
    #[serde(default)]
    pub replications_requested: Option<u64>,
    /// The date simulated day 0 stands for (ISO 8601).
    pub start_date: String,
    /// Simulated horizon, days.
    pub horizon_days: f64,
    /// The route every other route is compared with.
    pub reference_route: String,
    /// Which costs the USD figures count: `shipper` (what a cargo owner
    /// pays door to door) or `operator` (round-voyage resource cost); absent
    /// in folders written before the basis was chosen (one-way resource cost).
    #[serde(default)]
    pub cost_basis: Option<String>,
    /// `corridor` version that made the run.
    pub version: String,
    /// Wall-clock seconds of the simulation.
    pub wall_s: f64,
    /// Worker threads.
    pub threads: u64,
    /// Events handled.
    pub events: u64,
    /// Events per wall-clock second.
    pub events_per_s: f64,
    /// Whether the run was interrupted before all replications finished.
    #[serde(default)]
    pub cancelled: bool,
    /// Which share of a larger run this is (`--shard K/N`); absent in a
    /// whole run and in a merged one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shard: Option<ShardMeta>,
    /// How `--precision` ended; absent when the replications were fixed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub precision: Option<PrecisionMeta>,
}

/// The `scenario.shard` object: shard K of N ran the replications
/// `first_replication .. first_replication + replications` of the whole run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShardMeta {
    /// K, from 1.
    pub index: u32,
    /// N, the number of shards.
    pub count: u32,
    /// Global index of the shard's first replication (0-based).
    pub first_replication: u64,
    /// Replications of the whole run (all shards).
    pub total_replications: u64,
    /// A fingerprint of every validated input of the run (scenario, layers,
    /// `--set`, seed): shards with different fingerprints are of different
    /// runs and are never merged.
    pub inputs: String,
}

/// The `scenario.precision` object: how `--precision` ended.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PrecisionMeta {
    /// The target as given (`0.5%`, `0.1d`, `10usd`; several joined by `,`).
    pub target: String,
    /// Whether every checked half-width was within its target.
    pub reached: bool,
    /// Replications run (the ones needed when `reached`).
    pub replications: u64,
    /// `--max-replications`.
    pub max_replications: u64,
    /// Replications per check before the first (later batches are sized
    /// from the half-widths seen).
    pub batch: u64,
    /// The checks made, one per batch: replications so far and whether the
    /// target was met then.
    pub checks: Vec<PrecisionCheck>,
    /// The final 95 % half-width of every checked mean, with its target.
    pub half_widths: Vec<HalfWidth>,
}

/// One check of the stopping rule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PrecisionCheck {
    /// Replications done at the check.
    pub replications: u64,
    /// Largest ratio half-width / target over the checked means (≤ 1: met).
    pub worst_ratio: Option<f64>,
}

/// The 95 % half-width of one route's mean against its target.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HalfWidth {
    /// Route id.
    pub route: String,
    /// `transit_days` or `cost_usd_per_teu`.
    pub metric: String,
    /// The mean.
    pub mean: Option<f64>,
    /// Half-width of its 95 % confidence interval (`null` below two
    /// replications).
    pub half_width: Option<f64>,
    /// The target half-width, in the metric's unit.
    pub target: Option<f64>,
    /// Whether `half_width` ≤ `target`.
    pub met: bool,
}

impl RunMeta {
    /// What the run's USD figures count, for readers of tables and reports.
    pub fn cost_basis_label(&self) -> &'static str {
        match self.cost_basis.as_deref() {
            Some("shipper") => "shipper basis: what a cargo owner pays door to door",
            Some("operator") => "operator basis: round-voyage resource cost",
            _ => "one-way resource cost (run made before cost bases)",
        }
    }
}

/// A time or cost component: its column key and its label for readers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Component {
    /// Key in column names and maps (`berth_wait`).
    pub key: String,
    /// Reader-facing label (`waiting for a berth`).
    pub label: String,
}

/// The components of `shipments.csv`, in column order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Components {
    /// `time_<key>_days` columns.
    pub time: Vec<Component>,
    /// `cost_<key>_usd_per_teu` columns.
    pub cost: Vec<Component>,
}

impl Components {
    /// The label of a time component (the key itself when unknown).
    pub fn time_label<'a>(&'a self, key: &'a str) -> &'a str {
        label(&self.time, key)
    }
    /// The label of a cost component (the key itself when unknown).
    pub fn cost_label<'a>(&'a self, key: &'a str) -> &'a str {
        label(&self.cost, key)
    }
}

fn label<'a>(list: &'a [Component], key: &'a str) -> &'a str {
    list.iter()
        .find(|c| c.key == key)
        .map_or(key, |c| c.label.as_str())
}

/// One route of `summary.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RouteSummary {
    /// Route id (`emc`, `suez`, …).
    pub id: String,
    /// Display name.
    pub name: String,
    /// Index into the route palette, fixed per route across charts.
    pub colour_index: usize,
    /// Shipments simulated, all replications.
    pub shipments: u64,
    /// Of which arrived by the horizon.
    pub arrived: u64,
    /// Of which were still travelling at the horizon.
    pub in_transit: u64,
    /// Of which could not reach the destination (a closure with no way
    /// round it); 0 before format 3.
    #[serde(default)]
    pub stranded: u64,
    /// Shipments that re-planned (waited or re-routed) for a disruption;
    /// 0 before format 3.
    #[serde(default)]
    pub replanned: u64,
    /// Door-to-door days.
    pub transit_days: Stats,
    /// Total cost, USD per TEU.
    pub cost_usd_per_teu: Stats,
    /// Tank-to-wake CO2 and land-mode CO2, t per TEU.
    pub co2_t_per_teu: Stats,
    /// Mean days per time component over arrived shipments.
    pub time_components_days: IndexMap<String, f64>,
    /// Mean USD per TEU per cost component over arrived shipments.
    pub cost_components_usd_per_teu: IndexMap<String, f64>,
    /// Paired comparison with the reference route (`null` for the reference).
    pub vs_reference: Option<Paired>,
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

/// A route name short enough for a chart or a table column: the part before
/// a colon ("INSTC west: Nhava Sheva → Bandar Abbas → …" → "INSTC west"),
/// else the name when it is at most [`SHORT_NAME_CHARS`] long, else the id.
pub fn short_name<'a>(name: &'a str, id: &'a str) -> &'a str {
    let head = name.split_once(": ").map_or(name, |(head, _)| head).trim();
    if !head.is_empty() && head.chars().count() <= SHORT_NAME_CHARS {
        head
    } else {
        id
    }
}

/// Paired comparison of a route with the reference route: shipment k of
/// both, in the same replication, met the same random inputs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Paired {
    /// The reference route's id.
    pub reference: String,
    /// Pairs where both arrived (absent in format 1).
    #[serde(default)]
    pub pairs: Option<u64>,
    /// (this − reference) transit days.
    pub transit_days_diff: Stats,
    /// (this − reference) cost per TEU.
    pub cost_usd_per_teu_diff: Stats,
    /// Share of pairs where this route arrived sooner.
    pub share_faster: Option<f64>,
    /// Share of pairs where this route was cheaper.
    pub share_cheaper: Option<f64>,
    /// Share of pairs where this route was both (absent in format 1).
    #[serde(default)]
    pub share_faster_and_cheaper: Option<f64>,
}

impl Summary {
    /// Reads and checks `summary.json`.
    pub fn load(path: &Path) -> anyhow::Result<Summary> {
        let summary: Summary = read_json(path)?;
        let fail = |message: String| -> anyhow::Result<Summary> {
            Err(InputError::new(format!("{}: {message}", path.display())).into())
        };
        if summary.format_version > FORMAT_VERSION {
            return Err(InputError::new(format!(
                "{}: format version {} is newer than this corridor reads ({FORMAT_VERSION})",
                path.display(),
                summary.format_version
            ))
            .with_hint("redraw it with the corridor version that wrote it, or a newer one")
            .into());
        }
        if summary.routes.is_empty() {
            return fail("`routes` is empty".to_string());
        }
        let mut seen = std::collections::BTreeSet::new();
        for route in &summary.routes {
            if !seen.insert(route.id.as_str()) {
                return fail(format!("route `{}` is listed twice", route.id));
            }
            if route.arrived + route.in_transit + route.stranded != route.shipments {
                return fail(format!(
                    "route `{}`: arrived ({}) + in_transit ({}) + stranded ({}) is not shipments ({})",
                    route.id, route.arrived, route.in_transit, route.stranded, route.shipments
                ));
            }
        }
        Ok(summary)
    }

    /// Writes `summary.json` atomically.
    pub fn write_json(&self, path: &Path) -> anyhow::Result<()> {
        let mut json = serde_json::to_vec_pretty(self)?;
        json.push(b'\n');
        AtomicFile::write_all(path, &json)?;
        Ok(())
    }

    /// Writes `summary.csv` atomically: one row per route and metric.
    pub fn write_csv(&self, path: &Path) -> anyhow::Result<()> {
        let mut w = csv::Writer::from_writer(AtomicFile::create(path)?);
        w.write_record([
            "route",
            "metric",
            "count",
            "mean",
            "sd",
            "min",
            "p5",
            "p50",
            "p90",
            "p95",
            "max",
            "ci95_low",
            "ci95_high",
            "p50_ci95_low",
            "p50_ci95_high",
            "p90_ci95_low",
            "p90_ci95_high",
            "p95_ci95_low",
            "p95_ci95_high",
        ])?;
        for r in &self.routes {
            for (metric, s) in [
                ("transit_days", &r.transit_days),
                ("cost_usd_per_teu", &r.cost_usd_per_teu),
                ("co2_t_per_teu", &r.co2_t_per_teu),
            ] {
                let mut row = vec![r.id.clone(), metric.to_string(), s.count.to_string()];
                row.extend(
                    [
                        s.mean,
                        s.sd,
                        s.min,
                        s.p5,
                        s.p50,
                        s.p90,
                        s.p95,
                        s.max,
                        s.ci95_low,
                        s.ci95_high,
                        s.p50_ci95_low,
                        s.p50_ci95_high,
                        s.p90_ci95_low,
                        s.p90_ci95_high,
                        s.p95_ci95_low,
                        s.p95_ci95_high,
                    ]
                    .iter()
                    .map(|x| x.map(fixed6).unwrap_or_default()),
                );
                w.write_record(&row)?;
            }
        }
        w.into_inner()
            .map_err(|e| anyhow::anyhow!("cannot write {}: {}", path.display(), e.error()))?
            .commit()?;
        Ok(())
    }

    /// The indices of at most `max` routes to show where a reader cannot
    /// tell more apart (charts, the terminal table), in the run's order: all
    /// of them up to `max`; beyond, the reference route and the others with
    /// the shortest median transit (routes without arrivals last).
    pub fn leading_routes(&self, max: usize) -> Vec<usize> {
        let all = &self.routes;
        let mut chosen: Vec<usize> = (0..all.len()).collect();
        if all.len() > max {
            let reference = self.scenario.reference_route.as_str();
            let median = |i: &usize| all[*i].transit_days.p50.unwrap_or(f64::INFINITY);
            chosen.sort_by(|a, b| {
                let is_ref = |i: &usize| all[*i].id == reference;
                is_ref(b)
                    .cmp(&is_ref(a))
                    .then(median(a).total_cmp(&median(b)))
                    .then(a.cmp(b))
            });
            chosen.truncate(max);
            chosen.sort_unstable();
        }
        chosen
    }

    /// The route with this id.
    pub fn route(&self, id: &str) -> Option<&RouteSummary> {
        self.routes.iter().find(|r| r.id == id)
    }
}

/// A number as the run's CSV files write it: six decimals, ample for days
/// and dollars, and the same value always prints the same way, so files are
/// byte-identical across runs.
pub fn fixed6(x: f64) -> String {
    format!("{x:.6}")
}

/// Reads a JSON file of the run folder; errors name the file, line and column.
pub fn read_json<T: for<'de> Deserialize<'de>>(path: &Path) -> anyhow::Result<T> {
    let text = std::fs::read_to_string(path).map_err(|err| missing_or_unreadable(path, &err))?;
    serde_json::from_str(&text).map_err(|err| {
        InputError::new(format!(
            "{}: line {}, column {}: {err}",
            path.display(),
            err.line(),
            err.column()
        ))
        .with_hint("the run folder's files are described in docs/run-output.md")
        .into()
    })
}

/// The error for a run-folder file that is missing or cannot be read.
pub fn missing_or_unreadable(path: &Path, err: &std::io::Error) -> anyhow::Error {
    let message = if err.kind() == std::io::ErrorKind::NotFound {
        format!("{} is missing", path.display())
    } else {
        format!("{} cannot be read: {err}", path.display())
    };
    InputError::new(message)
        .with_hint("a run folder holds the files listed in docs/run-output.md")
        .into()
}
