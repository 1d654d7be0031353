//! A sweep: the full factorial of a few keys' values, each point a scenario
//! layer validated like a file, all run on the same seed, and the
//! break-even values where two routes' curves cross.

use indexmap::IndexMap;

use super::paired;
use super::point::{PointRun, run_point};
use crate::error::{InputError, Interrupted};
use crate::model::RunControl;
use crate::runfile::experiment::{BreakEven, ExperimentMeta, Metric, Parameter, Point, SweepFile};
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
        // The first axis varies slowest.
        let mut rest = n;
        let mut index = vec![0; axes.len()];
        for (i, axis) in axes.iter().enumerate().rev() {
            index[i] = rest % axis.values.len();
            rest /= axis.values.len();
        }
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

/// Runs every point in turn (each on all the threads), calling `progress`
/// with (replications done, total over all points). Ctrl-C (through
/// `control.cancel`) stops the sweep with [`Interrupted`]; nothing is kept.
pub fn run_points(
    points: &[PlannedPoint],
    control: &RunControl<'_>,
) -> anyhow::Result<Vec<PointRun>> {
    let total: u64 = points
        .iter()
        .map(|p| u64::from(p.loaded.scenario.replications))
        .sum();
    let mut done = 0u64;
    let mut runs = Vec::with_capacity(points.len());
    for point in points {
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
        let run = run_point(&point.loaded, &point_control)?;
        if run.cancelled {
            return Err(Interrupted(format!(
                "interrupted at point {} of {}; the sweep wrote nothing",
                runs.len() + 1,
                points.len()
            ))
            .into());
        }
        done += u64::from(point.loaded.scenario.replications);
        runs.push(run);
    }
    Ok(runs)
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
    }
}

/// A point as written to the file.
pub fn point_record(planned: &PlannedPoint, run: &PointRun) -> Point {
    Point {
        set: planned
            .set
            .iter()
            .map(|(k, v)| (k.clone(), json(v)))
            .collect(),
        routes: run.summary.routes.clone(),
    }
}

/// A TOML value as JSON (integers stay integers).
pub fn json(value: &toml::Value) -> serde_json::Value {
    serde_json::to_value(value).unwrap_or(serde_json::Value::Null)
}

/// `sweep.json`'s content from a plan and its runs.
pub fn sweep_file(plan: &Plan, runs: &[PointRun], wall_s: f64, threads: usize) -> SweepFile {
    let parameters = plan
        .axes
        .iter()
        .map(|a| Parameter {
            key: a.name(),
            values: a.values.iter().map(json).collect(),
        })
        .collect();
    let points = plan
        .points
        .iter()
        .zip(runs)
        .map(|(p, r)| point_record(p, r))
        .collect();
    SweepFile::new(
        meta(&runs[0], wall_s, threads),
        parameters,
        points,
        break_evens(plan, runs),
    )
}

/// Where two routes' curves cross along a numeric parameter, for every line
/// of the factorial (the other parameters held), every pair of routes, and
/// transit time, cost and CO2. The difference is paired twice over: the two
/// routes in the same replication, and every point on the same random
/// numbers.
pub fn break_evens(plan: &Plan, runs: &[PointRun]) -> Vec<BreakEven> {
    let mut out = Vec::new();
    let Some(first) = runs.first() else {
        return out;
    };
    let ids: Vec<&str> = first.summary.routes.iter().map(|r| r.id.as_str()).collect();
    // Routes are matched by position: a sweep that changed the routes
    // themselves has no curves to cross.
    if runs.iter().any(|r| {
        r.summary.routes.len() != ids.len()
            || r.summary.routes.iter().zip(&ids).any(|(a, b)| a.id != *b)
    }) {
        return out;
    }
    for (k, axis) in plan.axes.iter().enumerate() {
        let Some(xs) = axis.numbers() else { continue };
        if xs.len() < 2 {
            continue;
        }
        // Points sorted along x, grouped by the other axes' values.
        let mut order: Vec<usize> = (0..xs.len()).collect();
        order.sort_by(|a, b| xs[*a].total_cmp(&xs[*b]));
        let sorted_x: Vec<f64> = order.iter().map(|&i| xs[i]).collect();
        let mut lines: IndexMap<Vec<usize>, Vec<usize>> = IndexMap::new();
        for (p, point) in plan.points.iter().enumerate() {
            let mut others = point.index.clone();
            others[k] = usize::MAX;
            lines.entry(others).or_default().push(p);
        }
        for members in lines.values() {
            let mut along: Vec<usize> = vec![usize::MAX; xs.len()];
            for &p in members {
                along[plan.points[p].index[k]] = p;
            }
            let along: Vec<usize> = order.iter().map(|&i| along[i]).collect();
            if along.contains(&usize::MAX) {
                continue;
            }
            let at: IndexMap<String, serde_json::Value> = plan.points[along[0]]
                .set
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != k)
                .map(|(_, (key, v))| (key.clone(), json(v)))
                .collect();
            for metric in Metric::ALL {
                for a in 0..ids.len() {
                    for b in a + 1..ids.len() {
                        let diffs: Vec<Vec<f64>> = along
                            .iter()
                            .map(|&p| {
                                let (sa, sb) =
                                    (runs[p].series(a, metric), runs[p].series(b, metric));
                                sa.iter().zip(&sb).map(|(x, y)| x - y).collect()
                            })
                            .collect();
                        let refs: Vec<&[f64]> = diffs.iter().map(|d| d.as_slice()).collect();
                        for (value, low, high, below) in paired::crossings(&sorted_x, &refs) {
                            out.push(BreakEven {
                                parameter: axis.name(),
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
