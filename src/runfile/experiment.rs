//! The files of a sweep or sensitivity folder: `sweep.json`, `sweep.csv`,
//! `sensitivity.json` and `sensitivity.csv`. Each point's routes are the
//! same objects as a run's `summary.json` ([`RouteSummary`]); the paired
//! figures between points (break-even values, effects of an input) are
//! computed once by `experiment` and written here, and the charts and the
//! report read them back. The same types are written and read.

use std::path::Path;

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

use super::FORMAT_VERSION;
use super::atomic::AtomicFile;
use super::stats::Stats;
use super::summary::{HalfWidth, PrecisionCheck, RouteSummary, ShardMeta, fixed6};

/// The file names of a sweep or sensitivity folder (docs/run-output.md).
pub mod files {
    /// Every point of a sweep with its routes' statistics.
    pub const SWEEP_JSON: &str = "sweep.json";
    /// One row per point and route.
    pub const SWEEP_CSV: &str = "sweep.csv";
    /// A sensitivity study: its points and the ranked effects.
    pub const SENSITIVITY_JSON: &str = "sensitivity.json";
    /// One row per route and input, ranked.
    pub const SENSITIVITY_CSV: &str = "sensitivity.csv";

    /// A shard's exact records of point `n` (from 0), the format of a run
    /// shard's `replications.bin`, for `corridor merge`.
    pub fn point_records(n: usize) -> String {
        format!("replications.point-{}.bin", n + 1)
    }
}

/// A metric of a route that sweeps chart and sensitivity ranks, named as in
/// `summary.json`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Metric {
    /// Door-to-door days.
    TransitDays,
    /// Total cost, USD per TEU.
    CostUsdPerTeu,
    /// CO2, tonnes per TEU.
    Co2TPerTeu,
}

impl Metric {
    /// Every metric, in `summary.json`'s order.
    pub const ALL: [Metric; 3] = [
        Metric::TransitDays,
        Metric::CostUsdPerTeu,
        Metric::Co2TPerTeu,
    ];

    /// The key, as in `summary.json` (`transit_days`).
    pub fn key(self) -> &'static str {
        match self {
            Metric::TransitDays => "transit_days",
            Metric::CostUsdPerTeu => "cost_usd_per_teu",
            Metric::Co2TPerTeu => "co2_t_per_teu",
        }
    }

    /// Words for a chart axis.
    pub fn label(self) -> &'static str {
        match self {
            Metric::TransitDays => "Mean transit time (days)",
            Metric::CostUsdPerTeu => "Mean cost (USD per TEU)",
            Metric::Co2TPerTeu => "Mean CO2 (t per TEU)",
        }
    }

    /// The unit after a number.
    pub fn unit(self) -> &'static str {
        match self {
            Metric::TransitDays => "d",
            Metric::CostUsdPerTeu => "USD/TEU",
            Metric::Co2TPerTeu => "t CO2/TEU",
        }
    }

    /// Decimals a reader needs.
    pub fn decimals(self) -> usize {
        match self {
            Metric::TransitDays => 1,
            Metric::CostUsdPerTeu => 0,
            Metric::Co2TPerTeu => 3,
        }
    }

    /// The route's statistics of this metric.
    pub fn of(self, route: &RouteSummary) -> &Stats {
        match self {
            Metric::TransitDays => &route.transit_days,
            Metric::CostUsdPerTeu => &route.cost_usd_per_teu,
            Metric::Co2TPerTeu => &route.co2_t_per_teu,
        }
    }
}

/// What the experiment ran: the scenario, its seed and the run's facts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExperimentMeta {
    /// Scenario name (of the first point).
    pub name: String,
    /// One-paragraph description.
    pub description: String,
    /// The scenario file read (`<built-in NAME>` for a built-in).
    pub file: Option<String>,
    /// Random seed, the same for every point unless swept.
    pub seed: u64,
    /// Replications per point (of the first point).
    pub replications: u64,
    /// The reference route.
    pub reference_route: String,
    /// `corridor` version.
    pub version: String,
    /// Wall-clock seconds of all points.
    pub wall_s: f64,
    /// Worker threads.
    pub threads: u64,
    /// How `--precision` ended (every point advanced together); absent
    /// when the replications were fixed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub precision: Option<ExperimentPrecision>,
    /// Which share of the replications of every point this folder holds
    /// (`--shard K/N`); absent in a whole sweep and a merged one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shard: Option<ShardMeta>,
}

/// The `scenario.precision` object of an experiment: every point runs the
/// same replications (so replication r of every point shares its draws and
/// points stay paired), batch after batch, until every point's routes meet
/// the target or `max_replications` is reached.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExperimentPrecision {
    /// The target as given (`0.5%`, `0.1d`, `10usd`; several joined by `,`).
    pub target: String,
    /// Whether every point met it at the last check.
    pub reached: bool,
    /// Replications run at every point.
    pub replications: u64,
    /// `--max-replications`.
    pub max_replications: u64,
    /// The first batch (the scenario's replications).
    pub batch: u64,
    /// One check per batch: replications so far and the largest ratio
    /// half-width / target over every point.
    pub checks: Vec<PrecisionCheck>,
}

/// How one point stood against the precision target.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PointPrecision {
    /// Whether every checked mean of the point was within its target at
    /// the last check.
    pub reached: bool,
    /// The replications this point needed: the check from which its target
    /// was met at every later check (`null` when not reached). Points run
    /// on until every point is precise, so this may be fewer than were run.
    pub replications_needed: Option<u64>,
    /// The point's largest ratio half-width / target at each check.
    pub worst_ratios: Vec<Option<f64>>,
    /// The final 95 % half-width of every checked mean, with its target.
    pub half_widths: Vec<HalfWidth>,
}

/// A key and the values it took.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Parameter {
    /// The scenario key path.
    pub key: String,
    /// Its values, in the order run.
    pub values: Vec<serde_json::Value>,
}

/// One point: the keys it set and its routes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Point {
    /// Key path → value, for every swept key.
    pub set: IndexMap<String, serde_json::Value>,
    /// The same route objects as `summary.json`'s.
    pub routes: Vec<RouteSummary>,
    /// How the point stood against `--precision` (absent without it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub precision: Option<PointPrecision>,
}

/// A paired difference of replication means (same replication, same random
/// numbers): its mean and 95 % confidence interval.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Difference {
    /// Replications where both sides had arrivals.
    pub pairs: u64,
    /// Mean difference.
    pub mean: Option<f64>,
    /// Lower end of the 95 % confidence interval.
    pub ci95_low: Option<f64>,
    /// Upper end of the 95 % confidence interval.
    pub ci95_high: Option<f64>,
}

/// Where two routes' curves cross along one parameter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BreakEven {
    /// The parameter along which they cross.
    pub parameter: String,
    /// The other parameters' values on this line (empty for one parameter).
    pub at: IndexMap<String, serde_json::Value>,
    /// The metric compared.
    pub metric: Metric,
    /// One route.
    pub route_a: String,
    /// The other route.
    pub route_b: String,
    /// The route with the lower metric below the break-even value.
    pub lower_below: String,
    /// The parameter value where the mean paired difference is zero
    /// (linear interpolation between the neighbouring points).
    pub value: f64,
    /// Lower end of its 95 % interval: the values where the interpolated
    /// paired difference's confidence interval holds zero; `null` when that
    /// reaches below the swept range.
    pub ci95_low: Option<f64>,
    /// Upper end; `null` when above the swept range.
    pub ci95_high: Option<f64>,
}

/// `sweep.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SweepFile {
    /// Format version of the folder.
    pub format_version: u32,
    /// What ran.
    pub scenario: ExperimentMeta,
    /// The swept keys and their values (points are their full factorial,
    /// the first key varying slowest).
    pub parameters: Vec<Parameter>,
    /// Every point.
    pub points: Vec<Point>,
    /// Where routes' curves cross.
    #[serde(default)]
    pub break_even: Vec<BreakEven>,
}

/// One input's effect on one route, paired over replications.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Effect {
    /// The input's key path.
    pub key: String,
    /// Its low value.
    pub low: serde_json::Value,
    /// Its high value.
    pub high: serde_json::Value,
    /// The metric's mean at the low value.
    pub low_mean: Option<f64>,
    /// The metric's mean at the high value.
    pub high_mean: Option<f64>,
    /// Low run − base run.
    pub low_vs_base: Difference,
    /// High run − base run.
    pub high_vs_base: Difference,
    /// High run − low run: the effect ranked.
    pub high_vs_low: Difference,
}

/// One route's effects, largest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RouteEffects {
    /// Route id.
    pub route: String,
    /// Route name.
    pub name: String,
    /// Palette index.
    pub colour_index: usize,
    /// The metric's mean in the base run.
    pub base_mean: Option<f64>,
    /// Ranked by |high − low|, largest first (inputs without a difference last).
    pub effects: Vec<Effect>,
}

/// `sensitivity.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SensitivityFile {
    /// Format version of the folder.
    pub format_version: u32,
    /// What ran.
    pub scenario: ExperimentMeta,
    /// The metric ranked.
    pub metric: Metric,
    /// The inputs varied, each with its low and high value.
    pub inputs: Vec<Parameter>,
    /// Per route, the ranked effects.
    pub routes: Vec<RouteEffects>,
    /// The base point (nothing set), then each input's low and high point.
    pub points: Vec<Point>,
}

impl SweepFile {
    /// A new file of the current format.
    pub fn new(
        scenario: ExperimentMeta,
        parameters: Vec<Parameter>,
        points: Vec<Point>,
        break_even: Vec<BreakEven>,
    ) -> SweepFile {
        SweepFile {
            format_version: FORMAT_VERSION,
            scenario,
            parameters,
            points,
            break_even,
        }
    }

    /// Writes `sweep.csv`: one row per point and route, the parameters'
    /// values first, then each metric's mean, CI, median and p90; after a
    /// `--precision` sweep, then the replications run, the replications the
    /// point needed (empty: not reached) and whether it reached the target.
    pub fn write_csv(&self, path: &Path) -> anyhow::Result<()> {
        let mut w = csv::Writer::from_writer(AtomicFile::create(path)?);
        let mut header: Vec<String> = self.parameters.iter().map(|p| p.key.clone()).collect();
        header.extend(["route", "shipments", "arrived"].map(String::from));
        for m in Metric::ALL {
            for stat in ["mean", "ci95_low", "ci95_high", "p50", "p90"] {
                header.push(format!("{}_{stat}", m.key()));
            }
        }
        let precision = self.scenario.precision.as_ref();
        if precision.is_some() {
            header.extend(
                ["replications", "replications_needed", "precision_reached"].map(String::from),
            );
        }
        w.write_record(&header)?;
        for point in &self.points {
            for r in &point.routes {
                let mut row: Vec<String> = self
                    .parameters
                    .iter()
                    .map(|p| point.set.get(&p.key).map(csv_value).unwrap_or_default())
                    .collect();
                row.push(r.id.clone());
                row.push(r.shipments.to_string());
                row.push(r.arrived.to_string());
                for m in Metric::ALL {
                    let s = m.of(r);
                    row.extend(
                        [s.mean, s.ci95_low, s.ci95_high, s.p50, s.p90]
                            .iter()
                            .map(|x| x.map(fixed6).unwrap_or_default()),
                    );
                }
                if let (Some(all), Some(p)) = (precision, &point.precision) {
                    row.push(all.replications.to_string());
                    row.push(
                        p.replications_needed
                            .map_or_else(String::new, |n| n.to_string()),
                    );
                    row.push(p.reached.to_string());
                }
                w.write_record(&row)?;
            }
        }
        w.into_inner()
            .map_err(|e| anyhow::anyhow!("cannot write {}: {}", path.display(), e.error()))?
            .commit()?;
        Ok(())
    }
}

impl SensitivityFile {
    /// Writes `sensitivity.csv`: one row per route and input, in rank order.
    pub fn write_csv(&self, path: &Path) -> anyhow::Result<()> {
        let mut w = csv::Writer::from_writer(AtomicFile::create(path)?);
        w.write_record([
            "route",
            "rank",
            "key",
            "low",
            "high",
            "metric",
            "base_mean",
            "low_mean",
            "high_mean",
            "effect_mean",
            "effect_ci95_low",
            "effect_ci95_high",
            "pairs",
        ])?;
        let f = |x: Option<f64>| x.map(fixed6).unwrap_or_default();
        for r in &self.routes {
            for (rank, e) in r.effects.iter().enumerate() {
                w.write_record([
                    r.route.clone(),
                    (rank + 1).to_string(),
                    e.key.clone(),
                    csv_value(&e.low),
                    csv_value(&e.high),
                    self.metric.key().to_string(),
                    f(r.base_mean),
                    f(e.low_mean),
                    f(e.high_mean),
                    f(e.high_vs_low.mean),
                    f(e.high_vs_low.ci95_low),
                    f(e.high_vs_low.ci95_high),
                    e.high_vs_low.pairs.to_string(),
                ])?;
            }
        }
        w.into_inner()
            .map_err(|e| anyhow::anyhow!("cannot write {}: {}", path.display(), e.error()))?
            .commit()?;
        Ok(())
    }
}

/// A parameter value in a CSV cell: strings bare, everything else as JSON.
pub fn csv_value(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Writes any of these files as pretty JSON, atomically.
pub fn write_json<T: Serialize>(value: &T, path: &Path) -> anyhow::Result<()> {
    let mut json = serde_json::to_vec_pretty(value)?;
    json.push(b'\n');
    AtomicFile::write_all(path, &json)?;
    Ok(())
}
