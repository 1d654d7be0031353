//! A sweep: the full factorial of a few keys' values, each point a scenario
//! layer validated like a file, all run on the same seed, and the
//! break-even values where two routes' curves cross.

use indexmap::IndexMap;

use std::path::Path;

use super::paired;
use super::plan::{DEFAULT_MAX_BATCHES, Plan as Replications};
use super::point::{PointRun, PointRunner, series};
use super::precision::{Check, next_total};
use super::shard::inputs_fingerprint;
use crate::error::{InputError, Interrupted};
use crate::model::RunControl;
use crate::runfile::experiment::{
    BreakEven, ExperimentMeta, ExperimentPrecision, Metric, Parameter, Point, PointPrecision,
    SweepFile, files,
};
use crate::runfile::{PrecisionCheck, ShardMeta};
use crate::scenario::sweep::{Axis, combine, table_axes};
use crate::scenario::{self, Loaded, Overrides, ScenarioRef};

/// Most points one sweep may have: past this a sweep takes days and its
/// files and charts stop being read; more often a typo than a plan.
pub const MAX_POINTS: usize = 10_000;

/// A validated point: the values it sets and the scenario it runs.
#[derive(Debug, Clone)]
pub struct PlannedPoint {
    /// (key, value) per axis, in axis order.
    pub set: Vec<(String, toml::Value)>,
    /// Each axis's value index.
    pub index: Vec<usize>,
    /// The validated scenario.
    pub loaded: Loaded,
}

/// Every point of an experiment, validated before any runs.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The axes, in order (the first varies slowest).
    pub axes: Vec<Axis>,
    /// The points.
    pub points: Vec<PlannedPoint>,
}

/// The points of a sweep: the scenario's `[sweep]` table combined with the
/// command line's axes (a key on the command line replaces the table's),
/// with `base` (the run flags: seed, replications) under every point.
pub fn plan(
    source: &ScenarioRef,
    base: &Overrides,
    command_line: Vec<Axis>,
) -> anyhow::Result<Plan> {
    let layers = scenario::load_layers(source)?;
    let axes = combine(table_axes(&layers)?, command_line);
    if axes.is_empty() {
        return Err(
            InputError::new("nothing to sweep: no --set KEY=V1,V2,… and no [sweep] table")
                .with_hint(
                    "e.g. corridor sweep baseline --set fuels.vlsfo.price_usd_per_t=400,600,800",
                )
                .into(),
        );
    }
    let count = axes
        .iter()
        .try_fold(1usize, |n, a| n.checked_mul(a.values.len()))
        .filter(|&n| n <= MAX_POINTS);
    let Some(count) = count else {
        return Err(InputError::new(format!(
            "the sweep has more than {MAX_POINTS} points ({})",
            axes.iter()
                .map(|a| format!("{} values of {}", a.values.len(), a.name()))
                .collect::<Vec<_>>()
                .join(" × ")
        ))
        .with_hint("sweep fewer values, or split the sweep into several")
        .into());
    };
    let mut points = Vec::with_capacity(count);
    for n in 0..count {
        let lengths: Vec<usize> = axes.iter().map(|a| a.values.len()).collect();
        let index = factorial_index(n, &lengths);
        let set: Vec<(String, toml::Value)> = axes
            .iter()
            .zip(&index)
            .map(|(a, &i)| (a.name(), a.values[i].clone()))
            .collect();
        points.push(validate_point(&layers, base, set, index)?);
    }
    Ok(Plan { axes, points })
}

/// Validates one point: `base`, then the point's values, as one more
/// scenario layer over the file.
pub fn validate_point(
    layers: &scenario::Layers,
    base: &Overrides,
    set: Vec<(String, toml::Value)>,
    index: Vec<usize>,
) -> anyhow::Result<PlannedPoint> {
    let mut overrides = base.clone();
    for (key, value) in &set {
        overrides.set(key, value.clone());
    }
    let loaded = scenario::validate_with_overrides(layers.clone(), &overrides).map_err(|e| {
        let what = if set.is_empty() {
            "the base point".to_string()
        } else {
            format!("the point {}", describe(&set))
        };
        anyhow::Error::new(e).context(what)
    })?;
    Ok(PlannedPoint { set, index, loaded })
}

/// `key = value, …` for messages.
pub fn describe(set: &[(String, toml::Value)]) -> String {
    set.iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// What an experiment's points produced, and how their replications were
/// chosen.
#[derive(Debug, Clone)]
pub struct ExperimentRun {
    /// One run per point, in the plan's order.
    pub runs: Vec<PointRun>,
    /// How `--precision` ended, for the experiment and for each point.
    pub precision: Option<(ExperimentPrecision, Vec<PointPrecision>)>,
    /// The block of replications every point ran (`--shard K/N`).
    pub shard: Option<ShardMeta>,
}

/// Runs every point of an experiment (each on all the threads), with the
/// replications `replications` asks for, calling `progress` with
/// (replications done, total over all points); `records`, for a shard, is
/// the folder that gets each point's exact records. Ctrl-C (through
/// `control.cancel`) stops the experiment with [`Interrupted`]; nothing is
/// kept.
///
/// Every point runs the same global replication indices, so replication r
/// of every point shares its random numbers (common random numbers):
/// - a shard runs its block of every point's replications;
/// - with `--precision` every point advances batch by batch together, until
///   every point meets the target (or the maximum is reached); the batch
///   sizes depend only on the half-widths, never on threads or timing.
pub fn run_points(
    points: &[PlannedPoint],
    replications: &Replications,
    control: &RunControl<'_>,
    records: Option<&Path>,
) -> anyhow::Result<ExperimentRun> {
    let total_of = |p: &PlannedPoint| u64::from(p.loaded.scenario.replications);
    let common = || -> anyhow::Result<u64> {
        let first = total_of(&points[0]);
        if let Some(other) = points.iter().find(|p| total_of(p) != first) {
            return Err(InputError::new(format!(
                "points differ in replications ({first} and {} at {}): --shard and \
                 --precision need every point to run the same replications",
                total_of(other),
                describe(&other.set)
            ))
            .with_hint("do not sweep `replications`; give it once with --replications")
            .into());
        }
        Ok(first)
    };
    let mut runners: Vec<PointRunner<'_>> = Vec::with_capacity(points.len());
    for (n, point) in points.iter().enumerate() {
        let path = records.map(|dir| dir.join(files::point_records(n)));
        runners.push(PointRunner::new(&point.loaded, path.as_deref())?);
    }
    // Runs `range(point)` of every point in turn; `done` and `total` are
    // over all points, for the progress bar.
    let step = |runners: &mut [PointRunner<'_>],
                range: &dyn Fn(usize) -> std::ops::Range<u64>,
                done: u64,
                total: u64|
     -> anyhow::Result<u64> {
        let mut done = done;
        for (n, runner) in runners.iter_mut().enumerate() {
            let offset = done;
            let outer = control.progress;
            let progress = move |d: u64, _: u64| {
                if let Some(p) = outer {
                    p(offset + d, total);
                }
            };
            let point_control = RunControl {
                threads: control.threads,
                cancel: control.cancel,
                progress: Some(&progress),
            };
            let outcome = runner.advance(range(n), &point_control)?;
            if outcome.cancelled {
                return Err(Interrupted(format!(
                    "interrupted at point {} of {}; the experiment wrote nothing",
                    n + 1,
                    points.len()
                ))
                .into());
            }
            done += outcome.replications;
        }
        Ok(done)
    };
    let mut shard_meta = None;
    let mut precision = None;
    match replications {
        Replications::All => {
            let total = points.iter().map(total_of).sum();
            step(&mut runners, &|n| 0..total_of(&points[n]), 0, total)?;
        }
        Replications::Shard(shard) => {
            let total = common()?;
            if u64::from(shard.count) > total {
                return Err(InputError::new(format!(
                    "--shard {shard}: {} shards of {total} replications per point would leave \
                     some empty",
                    shard.count
                ))
                .with_hint(format!("use at most {total} shards, or more replications"))
                .into());
            }
            let range = shard.range(total);
            let all = (range.end - range.start) * points.len() as u64;
            step(&mut runners, &|_| range.clone(), 0, all)?;
            shard_meta = Some(ShardMeta {
                index: shard.index,
                count: shard.count,
                first_replication: range.start,
                total_replications: total,
                inputs: fingerprint(points),
            });
        }
        Replications::Precision { target, max } => {
            let batch = common()?;
            if batch < 2 {
                return Err(InputError::new(
                    "--precision needs batches of at least 2 replications (a confidence \
                     interval needs two)",
                )
                .with_hint("set --replications 10 or more: it is the size of the first batch")
                .into());
            }
            let max = max.unwrap_or(batch * DEFAULT_MAX_BATCHES).max(batch);
            let mut checks = Vec::new();
            let mut ratios: Vec<Vec<Option<f64>>> = vec![Vec::new(); points.len()];
            let (mut done, mut goal) = (0u64, batch);
            let finals = loop {
                let from = done;
                let all = goal * points.len() as u64;
                step(
                    &mut runners,
                    &|_| from..goal,
                    from * points.len() as u64,
                    all,
                )?;
                done = goal;
                let point_checks: Vec<Check> = runners
                    .iter()
                    .map(|r| target.check(&r.route_summaries()))
                    .collect();
                let worst = point_checks
                    .iter()
                    .map(|c| c.worst_ratio)
                    .fold(0.0, f64::max);
                for (r, c) in ratios.iter_mut().zip(&point_checks) {
                    r.push(c.worst_ratio.is_finite().then_some(c.worst_ratio));
                }
                checks.push(PrecisionCheck {
                    replications: done,
                    worst_ratio: worst.is_finite().then_some(worst),
                });
                if worst <= 1.0 || done >= max {
                    break point_checks;
                }
                goal = next_total(done, worst, batch, max);
            };
            let per_point = finals
                .into_iter()
                .zip(ratios)
                .map(|(c, worst_ratios)| PointPrecision {
                    reached: c.met(),
                    replications_needed: needed(&checks, &worst_ratios),
                    worst_ratios,
                    half_widths: c.half_widths,
                })
                .collect::<Vec<_>>();
            precision = Some((
                ExperimentPrecision {
                    target: target.label(),
                    reached: per_point.iter().all(|p| p.reached),
                    replications: done,
                    max_replications: max,
                    batch,
                    checks,
                },
                per_point,
            ));
        }
    }
    let runs = runners
        .into_iter()
        .map(|r| r.finish(control.threads))
        .collect::<anyhow::Result<Vec<_>>>()?;
    Ok(ExperimentRun {
        runs,
        precision,
        shard: shard_meta,
    })
}

/// The replications at the first check from which `ratios` stayed within
/// the target (≤ 1) to the last; `None` if the last check missed it.
fn needed(checks: &[PrecisionCheck], ratios: &[Option<f64>]) -> Option<u64> {
    let mut since = None;
    for (check, ratio) in checks.iter().zip(ratios) {
        match ratio {
            Some(r) if *r <= 1.0 => {
                since.get_or_insert(check.replications);
            }
            _ => since = None,
        }
    }
    since
}

/// A fingerprint of every point's validated inputs, in order: shards of
/// different experiments never merge.
fn fingerprint(points: &[PlannedPoint]) -> String {
    let all: Vec<String> = points
        .iter()
        .map(|p| {
            format!(
                "{}:{}",
                describe(&p.set),
                inputs_fingerprint(&p.loaded.scenario)
            )
        })
        .collect();
    super::shard::fnv1a(&all.join("\n"))
}

/// The experiment's metadata, from its first point.
pub fn meta(first: &PointRun, wall_s: f64, threads: usize) -> ExperimentMeta {
    let s = &first.summary.scenario;
    ExperimentMeta {
        name: s.name.clone(),
        description: s.description.clone(),
        file: s.file.clone(),
        seed: s.seed,
        replications: s.replications,
        reference_route: s.reference_route.clone(),
        version: env!("CARGO_PKG_VERSION").to_string(),
        wall_s,
        threads: threads as u64,
        precision: None,
        shard: None,
    }
}

/// The experiment's metadata with how its replications were chosen.
pub fn experiment_meta(run: &ExperimentRun, wall_s: f64, threads: usize) -> ExperimentMeta {
    ExperimentMeta {
        precision: run.precision.as_ref().map(|(p, _)| p.clone()),
        shard: run.shard.clone(),
        ..meta(&run.runs[0], wall_s, threads)
    }
}

/// The points as written to the file.
pub fn point_records(plan: &Plan, run: &ExperimentRun) -> Vec<Point> {
    plan.points
        .iter()
        .zip(&run.runs)
        .enumerate()
        .map(|(n, (p, r))| Point {
            set: p.set.iter().map(|(k, v)| (k.clone(), json(v))).collect(),
            routes: r.summary.routes.clone(),
            precision: run.precision.as_ref().map(|(_, each)| each[n].clone()),
        })
        .collect()
}

/// A TOML value as JSON (integers stay integers).
pub fn json(value: &toml::Value) -> serde_json::Value {
    serde_json::to_value(value).unwrap_or(serde_json::Value::Null)
}

/// The parameters of a plan as written to the file.
pub fn parameters(axes: &[Axis]) -> Vec<Parameter> {
    axes.iter()
        .map(|a| Parameter {
            key: a.name(),
            values: a.values.iter().map(json).collect(),
        })
        .collect()
}

/// `sweep.json`'s content from a plan and its runs.
pub fn sweep_file(plan: &Plan, run: &ExperimentRun, wall_s: f64, threads: usize) -> SweepFile {
    let parameters = parameters(&plan.axes);
    let points = point_records(plan, run);
    let means: Vec<&[Vec<[f64; 3]>]> = run.runs.iter().map(|r| r.means.as_slice()).collect();
    let break_even = break_evens(&parameters, &points, &means);
    SweepFile::new(
        experiment_meta(run, wall_s, threads),
        parameters,
        points,
        break_even,
    )
}

/// Each axis's value index at point `n` of the full factorial of axes of
/// `lengths` values (the first axis varies slowest).
pub fn factorial_index(n: usize, lengths: &[usize]) -> Vec<usize> {
    let mut rest = n;
    let mut index = vec![0; lengths.len()];
    for (i, len) in lengths.iter().enumerate().rev() {
        let len = (*len).max(1);
        index[i] = rest % len;
        rest /= len;
    }
    index
}

/// The values as numbers, when every one is a number.
fn numbers(values: &[serde_json::Value]) -> Option<Vec<f64>> {
    values.iter().map(serde_json::Value::as_f64).collect()
}

/// Where two routes' curves cross along a numeric parameter, for every line
/// of the factorial (the other parameters held), every pair of routes, and
/// transit time, cost and CO2. The difference is paired twice over: the two
/// routes in the same replication, and every point on the same random
/// numbers. `points` are the full factorial of `parameters` (the first
/// varying slowest), `means` each point's replication means per route; a
/// merge of sweep shards calls this on the merged figures.
pub fn break_evens(
    parameters: &[Parameter],
    points: &[Point],
    means: &[&[Vec<[f64; 3]>]],
) -> Vec<BreakEven> {
    let mut out = Vec::new();
    let Some(first) = points.first() else {
        return out;
    };
    let ids: Vec<&str> = first.routes.iter().map(|r| r.id.as_str()).collect();
    // Routes are matched by position: a sweep that changed the routes
    // themselves has no curves to cross.
    if points
        .iter()
        .any(|p| p.routes.len() != ids.len() || p.routes.iter().zip(&ids).any(|(a, b)| a.id != *b))
    {
        return out;
    }
    let lengths: Vec<usize> = parameters.iter().map(|p| p.values.len()).collect();
    let index: Vec<Vec<usize>> = (0..points.len())
        .map(|n| factorial_index(n, &lengths))
        .collect();
    for (k, parameter) in parameters.iter().enumerate() {
        let Some(xs) = numbers(&parameter.values) else {
            continue;
        };
        if xs.len() < 2 {
            continue;
        }
        // Points sorted along x, grouped by the other axes' values.
        let mut order: Vec<usize> = (0..xs.len()).collect();
        order.sort_by(|a, b| xs[*a].total_cmp(&xs[*b]));
        let sorted_x: Vec<f64> = order.iter().map(|&i| xs[i]).collect();
        let mut lines: IndexMap<Vec<usize>, Vec<usize>> = IndexMap::new();
        for (p, at) in index.iter().enumerate() {
            let mut others = at.clone();
            others[k] = usize::MAX;
            lines.entry(others).or_default().push(p);
        }
        for members in lines.values() {
            let mut along: Vec<usize> = vec![usize::MAX; xs.len()];
            for &p in members {
                along[index[p][k]] = p;
            }
            let along: Vec<usize> = order.iter().map(|&i| along[i]).collect();
            if along.contains(&usize::MAX) {
                continue;
            }
            let at: IndexMap<String, serde_json::Value> = parameters
                .iter()
                .zip(&index[along[0]])
                .enumerate()
                .filter(|(i, _)| *i != k)
                .map(|(_, (p, &v))| (p.key.clone(), p.values[v].clone()))
                .collect();
            for metric in Metric::ALL {
                for a in 0..ids.len() {
                    for b in a + 1..ids.len() {
                        let diffs: Vec<Vec<f64>> = along
                            .iter()
                            .map(|&p| {
                                let (sa, sb) =
                                    (series(means[p], a, metric), series(means[p], b, metric));
                                sa.iter().zip(&sb).map(|(x, y)| x - y).collect()
                            })
                            .collect();
                        let refs: Vec<&[f64]> = diffs.iter().map(|d| d.as_slice()).collect();
                        for (value, low, high, below) in paired::crossings(&sorted_x, &refs) {
                            out.push(BreakEven {
                                parameter: parameter.key.clone(),
                                at: at.clone(),
                                metric,
                                route_a: ids[a].to_string(),
                                route_b: ids[b].to_string(),
                                lower_below: if below < 0.0 { ids[a] } else { ids[b] }.to_string(),
                                value,
                                ci95_low: low,
                                ci95_high: high,
                            });
                        }
                    }
                }
            }
        }
    }
    out
}
