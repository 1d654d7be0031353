//! Calibration: the published figures the model is held to, in one table
//! (`calibration/targets.toml`, compiled in), run and evaluated.
//!
//! Each target names a figure, its sources, a scenario and route, a metric
//! and a band derived from the sources' spread. [`evaluate`] runs every
//! scenario the targets name once (per distinct set of overrides), reads
//! each metric from the run's summary (or, for `median_days_inner`, from
//! the shipments' own clocks over part of the route) and says whether it is
//! in its band;
//! [`markdown`] renders the result as `docs/calibration.md`. The same table
//! drives `corridor calibrate` and the calibration tests, so adding a row
//! adds a check.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Mutex;

use anyhow::Context;
use serde::{Deserialize, Serialize};

use crate::model::{ReplicationResult, RunControl, Scenario, Step, replicate_prepared};
use crate::runfile::queues::Queues;
use crate::runfile::{RouteSummary, RunFacts, RunWriter, Summary, files};
use crate::scenario::{self, Overrides, ScenarioRef};

/// The targets as compiled into the binary.
pub const TARGETS: &str = include_str!("calibration/targets.toml");

/// The targets file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Targets {
    /// Replications of each scenario run.
    pub replications: u32,
    /// The rows.
    pub target: Vec<Target>,
}

/// One published figure and the band the model must keep it in.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Target {
    /// The figure as published.
    pub figure: String,
    /// S-numbers of the sources.
    pub source: String,
    /// Built-in scenario name or file.
    pub scenario: String,
    /// `--set` overrides, KEY=VALUE.
    #[serde(default)]
    pub set: Vec<String>,
    /// Route id (not needed by queue metrics).
    #[serde(default)]
    pub route: String,
    /// A second route of the same run whose value of the metric is
    /// subtracted from `route`'s: what one route costs or waits more than
    /// another that shares the rest of its way (a hub's premium, the wait
    /// for a train after the same sailing).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minus_route: Option<String>,
    /// What is measured (see the targets file).
    pub metric: String,
    /// Inclusive band, in the metric's unit.
    pub band: [f64; 2],
    /// How the band follows from the sources.
    pub reasoning: String,
    /// Why the model misses today, when it does.
    #[serde(default)]
    pub known_miss: Option<String>,
}

/// A target with the model's value.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    /// The target.
    #[serde(flatten)]
    pub target: Target,
    /// The model's value (`None` when the route had no arrivals).
    pub model: Option<f64>,
    /// Whether the value is inside the band.
    pub met: bool,
    /// The route's door-to-door median, days, when the metric measures
    /// only part of it (`median_days_inner`): reported beside the value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub door_to_door_days: Option<f64>,
}

/// The metric measured over part of a route: from the end of its first leg
/// to the start of its last.
const INNER: &str = "median_days_inner";

/// Parses the compiled targets.
pub fn targets() -> anyhow::Result<Targets> {
    parse(TARGETS)
}

/// Parses a targets file's text.
pub fn parse(text: &str) -> anyhow::Result<Targets> {
    let t: Targets = toml::from_str(text).context("reading the calibration targets")?;
    for row in &t.target {
        anyhow::ensure!(
            row.band[0] <= row.band[1],
            "calibration target `{}`: band low above high",
            row.figure
        );
        metric_unit(&row.metric).with_context(|| format!("calibration target `{}`", row.figure))?;
        anyhow::ensure!(
            row.minus_route.is_none() || (row.metric != INNER && !row.metric.starts_with("queue_")),
            "calibration target `{}`: minus_route needs a metric of the summary (not {INNER} or a queue metric)",
            row.figure
        );
    }
    Ok(t)
}

/// The unit of a metric, or an error naming the metrics known.
pub fn metric_unit(metric: &str) -> anyhow::Result<&'static str> {
    Ok(match metric {
        "median_days" | "p90_days" | "mean_days" | INNER => "days",
        "mean_cost_usd_per_teu" => "USD/TEU",
        "mean_co2_t_per_teu" => "t CO2/TEU",
        m if m.starts_with("cost:") => "USD/TEU",
        m if m.starts_with("time:") => "days",
        m if m.starts_with("queue_peak:") => "waiting",
        m if m.starts_with("queue_days_above:") => {
            queue_days_above(m)?;
            "days"
        }
        m => anyhow::bail!(
            "unknown metric `{m}`: use median_days, median_days_inner, p90_days, mean_days, mean_cost_usd_per_teu, mean_co2_t_per_teu, cost:<component>[+…], time:<component>[+…], queue_peak:<resource> or queue_days_above:<resource>:<level>"
        ),
    })
}

/// `queue_days_above:<resource>:<level>` split into resource and level.
fn queue_days_above(metric: &str) -> anyhow::Result<(&str, f64)> {
    let rest = metric.strip_prefix("queue_days_above:").unwrap_or(metric);
    let (resource, level) = rest
        .rsplit_once(':')
        .with_context(|| format!("`{metric}`: write queue_days_above:<resource>:<level>"))?;
    let level: f64 = level
        .parse()
        .with_context(|| format!("`{metric}`: the level `{level}` is not a number"))?;
    Ok((resource, level))
}

/// A queue metric's value: the peak of the daily mean queue
/// (`queue_peak:<resource>`) or the days it stays above a level
/// (`queue_days_above:<resource>:<level>`), from `queues.csv`.
fn measure_queue(queues: &Queues, metric: &str) -> anyhow::Result<Option<f64>> {
    let find = |resource: &str| {
        queues
            .series
            .iter()
            .find(|q| q.resource == resource)
            .with_context(|| format!("no queue `{resource}` in the run"))
    };
    if let Some(resource) = metric.strip_prefix("queue_peak:") {
        return Ok(Some(find(resource)?.peak_mean()));
    }
    let (resource, level) = queue_days_above(metric)?;
    let series = find(resource)?;
    // Only days every replication still runs: at the run's end a day's mean
    // is over the few replications left, and one busy convoy there would
    // count as a day above the level.
    let all = series.points.iter().filter_map(|p| p.replications).max();
    let days = series
        .points
        .iter()
        .filter(|p| p.replications == all && p.mean_waiting > level)
        .count();
    Ok(Some(days as f64))
}

/// A metric's value for one route of a run.
fn measure(route: &RouteSummary, metric: &str) -> anyhow::Result<Option<f64>> {
    let sum = |list: &str, map: &indexmap::IndexMap<String, f64>| -> anyhow::Result<f64> {
        list.split('+')
            .map(|k| {
                map.get(k.trim())
                    .copied()
                    .with_context(|| format!("no component `{}`", k.trim()))
            })
            .sum()
    };
    Ok(match metric {
        "median_days" => route.transit_days.p50,
        "p90_days" => route.transit_days.p90,
        "mean_days" => route.transit_days.mean,
        "mean_cost_usd_per_teu" => route.cost_usd_per_teu.mean,
        "mean_co2_t_per_teu" => route.co2_t_per_teu.mean,
        m => {
            if route.arrived == 0 {
                None
            } else if let Some(list) = m.strip_prefix("cost:") {
                Some(sum(list, &route.cost_components_usd_per_teu)?)
            } else if let Some(list) = m.strip_prefix("time:") {
                Some(sum(list, &route.time_components_days)?)
            } else {
                metric_unit(m)?;
                None
            }
        }
    })
}

/// What one calibration run gives the metrics.
struct Run {
    summary: Summary,
    queues: Queues,
    /// Per route: days from the end of the first step to the start of the
    /// last, one value per arrived shipment (see [`INNER`]).
    inner_days: Vec<Vec<f64>>,
    /// Per route: whether its first and last steps are dwells, the only
    /// routes [`INNER`] is defined for.
    dwell_ends: Vec<bool>,
}

/// A route whose first and last steps are dwells (gate-in and customs at
/// the origin, release at the destination): the legs a run timed from
/// loading to the destination terminal leaves out.
fn dwell_ends(steps: &[Step]) -> bool {
    matches!(steps.first(), Some(Step::Dwell { .. }))
        && matches!(steps.last(), Some(Step::Dwell { .. }))
        && steps.len() > 2
}

/// The median of `values` (the mean of the middle two of an even count).
fn median(values: &mut [f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let n = values.len();
    Some(if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    })
}

/// Runs a scenario with overrides and returns what its metrics need; the
/// run folder is written to a temporary place and removed.
fn run(name: &str, set: &[String], replications: u32, threads: usize) -> anyhow::Result<Run> {
    let mut o = Overrides::new();
    o.set("replications", i64::from(replications));
    for s in set {
        o.assign(s)?;
    }
    let loaded = scenario::load_with_overrides(&ScenarioRef::resolve(name), &o)?;
    let scenario = &loaded.scenario;
    let dir = std::env::temp_dir().join(format!(
        "corridor-calibrate-{}-{}",
        std::process::id(),
        scenario.name
    ));
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    let result = run_into(&dir, scenario, loaded.file.clone(), threads);
    std::fs::remove_dir_all(&dir).ok();
    result
}

/// Runs `scenario` into the folder `dir` and reads back its summary and
/// queues, with each arrived shipment's clock over the inside of its route.
fn run_into(
    dir: &std::path::Path,
    scenario: &Scenario,
    file: Option<String>,
    threads: usize,
) -> anyhow::Result<Run> {
    let mut writer = RunWriter::create(dir, scenario)?;
    let preparer = writer.preparer();
    let control = RunControl {
        threads,
        cancel: None,
        progress: None,
    };
    // Shipments on their own route's path only: a rerouted one has other
    // first and last legs. The median does not depend on the order the
    // replications come in, so neither does the value, whatever the threads.
    let inner = Mutex::new(vec![Vec::new(); scenario.routes.len()]);
    let collect = |r: &ReplicationResult| {
        let mut inner = inner.lock().unwrap_or_else(|e| e.into_inner());
        for s in &r.shipments {
            if let (Some(_), Some((from, to)), true) = (s.arrive_h, s.inner_h, s.path == s.route) {
                inner[s.route].push((to - from) / 24.0);
            }
        }
    };
    let outcome = replicate_prepared(
        scenario,
        &control,
        |r| {
            collect(&r);
            preparer.prepare(r)
        },
        |p| writer.add(p),
    )?;
    let summary = writer.finish(&RunFacts {
        file,
        wall_s: 0.0,
        threads,
        events: outcome.events,
        replications_done: outcome.replications,
        cancelled: outcome.cancelled,
    })?;
    let queues = Queues::load(&dir.join(files::QUEUES))?;
    Ok(Run {
        summary,
        queues,
        inner_days: inner.into_inner().unwrap_or_else(|e| e.into_inner()),
        dwell_ends: scenario
            .routes
            .iter()
            .map(|r| dwell_ends(&r.steps))
            .collect(),
    })
}

/// Runs every scenario the targets name and measures each row.
pub fn evaluate(targets: &Targets, threads: usize) -> anyhow::Result<Vec<Row>> {
    let mut runs: BTreeMap<(String, Vec<String>), Run> = BTreeMap::new();
    let mut rows = Vec::with_capacity(targets.target.len());
    for t in &targets.target {
        let key = (t.scenario.clone(), t.set.clone());
        if !runs.contains_key(&key) {
            let summary = run(&t.scenario, &t.set, targets.replications, threads)
                .with_context(|| format!("running `{}` for calibration", t.scenario))?;
            runs.insert(key.clone(), summary);
        }
        let run = runs.get_mut(&key).expect("run above");
        let mut door_to_door_days = None;
        let model = if t.metric.starts_with("queue_") {
            measure_queue(&run.queues, &t.metric)?
        } else {
            let (index, route) = run
                .summary
                .routes
                .iter()
                .enumerate()
                .find(|(_, r)| r.id == t.route)
                .with_context(|| format!("scenario `{}` has no route `{}`", t.scenario, t.route))?;
            if t.metric == INNER {
                anyhow::ensure!(
                    run.dwell_ends[index],
                    "calibration target `{}`: {INNER} needs a route that begins and ends with a dwell leg, and `{}` does not",
                    t.figure,
                    t.route
                );
                door_to_door_days = route.transit_days.p50;
                median(&mut run.inner_days[index])
            } else {
                let value = measure(route, &t.metric)?;
                match &t.minus_route {
                    None => value,
                    Some(other) => {
                        let other = run
                            .summary
                            .routes
                            .iter()
                            .find(|r| &r.id == other)
                            .with_context(|| {
                                format!("scenario `{}` has no route `{other}`", t.scenario)
                            })?;
                        value.zip(measure(other, &t.metric)?).map(|(a, b)| a - b)
                    }
                }
            }
        };
        let met = model.is_some_and(|v| t.band[0] <= v && v <= t.band[1]);
        rows.push(Row {
            target: t.clone(),
            model,
            met,
            door_to_door_days,
        });
    }
    Ok(rows)
}

/// Where `corridor calibrate` writes by default.
pub fn default_doc_path() -> PathBuf {
    PathBuf::from("docs").join("calibration.md")
}

fn fmt(x: f64, unit: &str) -> String {
    match unit {
        "USD/TEU" => crate::numbers::thousands(x.round() as i64),
        "t CO2/TEU" => format!("{x:.2}"),
        "waiting" => format!("{x:.0}"),
        _ => format!("{x:.1}"),
    }
}

fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

/// `docs/calibration.md`.
pub fn markdown(targets: &Targets, rows: &[Row]) -> String {
    let mut out = String::new();
    out.push_str("# Calibration\n\n");
    out.push_str(
        "<!-- Generated by `corridor calibrate` from src/calibration/targets.toml; do not edit by hand. -->\n\n",
    );
    out.push_str(&format!(
        "Every published figure the model is held to, the band it must stay in and the model's \
         value: {} replications of each scenario at its own seed, on the scenario's cost basis \
         (shipper unless a row sets another). Regenerate with `corridor calibrate` (it rewrites \
         this file); `cargo test --profile quick --test it calibration` fails when a row leaves \
         its band or this file is out of date.\n\n",
        targets.replications
    ));
    out.push_str(
        "Bands come from the sources' own spread: where a source gives a range, the range (widened \
         only for a stated difference of origin or year); where it gives one figure, ±15 % for \
         times and ±20 % for costs, the tolerances of issue 10. Sources are the S-numbers of the \
         domain notes. A row marked *known miss* is a fault still open: the tests require it to \
         miss until it is fixed, so fixing it means removing the mark.\n\n",
    );
    out.push_str("| figure | source | scenario · route | metric | band | model | | reasoning |\n");
    out.push_str("|---|---|---|---|---:|---:|---|---|\n");
    for r in rows {
        let t = &r.target;
        let unit = metric_unit(&t.metric).unwrap_or("");
        let set = if t.set.is_empty() {
            String::new()
        } else {
            format!(" (`{}`)", t.set.join("`, `"))
        };
        let verdict = match (&t.known_miss, r.met) {
            (_, true) => "ok".to_string(),
            (Some(why), false) => format!("known miss: {why}"),
            (None, false) => "**MISS**".to_string(),
        };
        let place = match (t.route.is_empty(), &t.minus_route) {
            (true, _) => format!("`{}`", t.scenario),
            (false, None) => format!("`{}` · `{}`", t.scenario, t.route),
            (false, Some(other)) => format!("`{}` · `{}` − `{other}`", t.scenario, t.route),
        };
        out.push_str(&format!(
            "| {} | {} | {place}{} | {} ({}) | {}–{} | {} | {} | {} |\n",
            cell(&t.figure),
            cell(&t.source),
            set,
            t.metric,
            unit,
            fmt(t.band[0], unit),
            fmt(t.band[1], unit),
            match (r.model, r.door_to_door_days) {
                (Some(v), Some(d)) => format!("{} (door to door {})", fmt(v, unit), fmt(d, unit)),
                (Some(v), None) => fmt(v, unit),
                (None, _) => "–".to_string(),
            },
            cell(&verdict),
            cell(&t.reasoning),
        ));
    }
    let met = rows.iter().filter(|r| r.met).count();
    out.push_str(&format!(
        "\n{met} of {} targets inside their bands.\n",
        rows.len()
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_compiled_targets_parse_and_name_known_metrics() {
        let t = targets().expect("targets parse");
        assert!(t.target.len() >= 10);
    }

    #[test]
    fn the_median_of_an_even_count_is_the_mean_of_the_middle_two() {
        assert_eq!(median(&mut [3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(&mut [4.0, 1.0, 2.0, 3.0]), Some(2.5));
        assert_eq!(median(&mut []), None);
    }

    #[test]
    fn days_above_a_level_count_only_days_every_replication_runs() {
        use crate::runfile::queues::{QueuePoint, QueueSeries};
        let point = |day: f64, mean_waiting: f64, replications: u64| QueuePoint {
            day,
            mean_waiting,
            max_waiting: mean_waiting,
            replications: Some(replications),
        };
        // Two days above 15 with all 100 replications, then a tail day
        // whose mean is over the one replication left.
        let queues = Queues {
            series: vec![QueueSeries {
                resource: "canal:x".into(),
                kind: "canal".into(),
                points: vec![
                    point(0.0, 20.0, 100),
                    point(1.0, 18.0, 100),
                    point(2.0, 10.0, 100),
                    point(3.0, 40.0, 1),
                ],
            }],
        };
        let days = measure_queue(&queues, "queue_days_above:canal:x:15").unwrap();
        assert_eq!(days, Some(2.0));
    }

    #[test]
    fn minus_route_is_refused_with_a_metric_it_cannot_subtract() {
        let text = "replications = 1\n[[target]]\nfigure = \"x\"\nsource = \"S1\"\nscenario = \"baseline\"\nroute = \"emc\"\nminus_route = \"suez\"\nmetric = \"median_days_inner\"\nband = [1.0, 2.0]\nreasoning = \"\"\n";
        let e = parse(text).unwrap_err();
        assert!(format!("{e:#}").contains("minus_route needs a metric of the summary"));
    }

    #[test]
    fn an_unknown_metric_is_refused() {
        let text = "replications = 1\n[[target]]\nfigure = \"x\"\nsource = \"S1\"\nscenario = \"baseline\"\nroute = \"emc\"\nmetric = \"median_day\"\nband = [1.0, 2.0]\nreasoning = \"\"\n";
        let e = parse(text).unwrap_err();
        assert!(format!("{e:#}").contains("unknown metric `median_day`"));
    }
}
