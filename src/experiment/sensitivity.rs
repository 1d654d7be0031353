//! A sensitivity study: each input at a low and a high value, one at a
//! time, around the base scenario; inputs ranked per route by the paired
//! effect (high − low) on a chosen metric.

use super::paired;
use super::point::PointRun;
use super::sweep::{
    ExperimentRun, Plan, PlannedPoint, experiment_meta, json, parameters, point_records,
    validate_point,
};
use crate::runfile::FORMAT_VERSION;
use crate::runfile::experiment::{Effect, Metric, RouteEffects, SensitivityFile};
use crate::scenario::sweep::Axis;
use crate::scenario::{self, Overrides, ScenarioRef};

/// The points of a study: the base (nothing set), then each input's low and
/// high value, every one validated like a file.
pub fn plan(source: &ScenarioRef, base: &Overrides, inputs: Vec<Axis>) -> anyhow::Result<Plan> {
    let layers = scenario::load_layers(source)?;
    let mut points: Vec<PlannedPoint> =
        vec![validate_point(&layers, base, Vec::new(), Vec::new())?];
    for (i, input) in inputs.iter().enumerate() {
        for (v, value) in input.values.iter().enumerate() {
            points.push(validate_point(
                &layers,
                base,
                vec![(input.name(), value.clone())],
                vec![i, v],
            )?);
        }
    }
    Ok(Plan {
        axes: inputs,
        points,
    })
}

/// `sensitivity.json`'s content from a plan (as [`plan`] made it) and its runs.
pub fn sensitivity_file(
    plan: &Plan,
    run: &ExperimentRun,
    metric: Metric,
    wall_s: f64,
    threads: usize,
) -> SensitivityFile {
    let runs = &run.runs;
    let base = &runs[0];
    let routes = base
        .summary
        .routes
        .iter()
        .enumerate()
        .map(|(r, route)| {
            let base_series = base.series(r, metric);
            let mut effects: Vec<Effect> = plan
                .axes
                .iter()
                .enumerate()
                .map(|(i, input)| {
                    let (low, high) = (&runs[1 + 2 * i], &runs[2 + 2 * i]);
                    let low_series = low.series(r, metric);
                    let high_series = high.series(r, metric);
                    let mean =
                        |run: &PointRun| run.summary.routes.get(r).and_then(|x| metric.of(x).mean);
                    Effect {
                        key: input.name(),
                        low: json(&input.values[0]),
                        high: json(&input.values[1]),
                        low_mean: mean(low),
                        high_mean: mean(high),
                        low_vs_base: paired::difference(&low_series, &base_series),
                        high_vs_base: paired::difference(&high_series, &base_series),
                        high_vs_low: paired::difference(&high_series, &low_series),
                    }
                })
                .collect();
            // Largest |effect| first; inputs without one last; ties keep the
            // order given.
            effects.sort_by(|a, b| {
                let size = |e: &Effect| e.high_vs_low.mean.map(f64::abs);
                match (size(a), size(b)) {
                    (Some(x), Some(y)) => y.total_cmp(&x),
                    (Some(_), None) => std::cmp::Ordering::Less,
                    (None, Some(_)) => std::cmp::Ordering::Greater,
                    (None, None) => std::cmp::Ordering::Equal,
                }
            });
            RouteEffects {
                route: route.id.clone(),
                name: route.name.clone(),
                colour_index: route.colour_index,
                base_mean: metric.of(route).mean,
                effects,
            }
        })
        .collect();
    SensitivityFile {
        format_version: FORMAT_VERSION,
        scenario: experiment_meta(run, wall_s, threads),
        metric,
        inputs: parameters(&plan.axes),
        routes,
        points: point_records(plan, run),
    }
}
