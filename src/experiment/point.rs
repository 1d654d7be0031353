//! One point of an experiment: a validated scenario run with its
//! replications, summarised as `corridor run` summarises it (the same
//! [`RunWriter`], without `shipments.csv`), plus each replication's mean per
//! route for paired comparisons between points.
//!
//! A point runs in steps ([`PointRunner::advance`], by global replication
//! index) so that `--precision` can advance every point of a sweep batch by
//! batch together, and a shard can run its block of every point.

use std::path::Path;
use std::time::Instant;

use crate::model::{RunControl, RunOutcome, replicate_range};
use crate::runfile::experiment::Metric;
use crate::runfile::writer::PreparedReplication;
use crate::runfile::{RouteSummary, RunFacts, RunWriter, Summary};
use crate::scenario::Loaded;

/// What one point produced.
#[derive(Debug, Clone)]
pub struct PointRun {
    /// The same summary `corridor run` would write for this scenario.
    pub summary: Summary,
    /// Per route, per replication, the mean of each metric over the
    /// replication's arrived shipments (NaN with none).
    pub means: Vec<Vec<[f64; 3]>>,
    /// Events handled.
    pub events: u64,
    /// Whether Ctrl-C stopped it before every replication ran.
    pub cancelled: bool,
}

impl PointRun {
    /// One route's replication means of one metric.
    pub fn series(&self, route: usize, metric: Metric) -> Vec<f64> {
        series(&self.means, route, metric)
    }
}

/// One route's replication means of one metric, from per-route means.
pub fn series(means: &[Vec<[f64; 3]>], route: usize, metric: Metric) -> Vec<f64> {
    let m = metric_index(metric);
    means
        .get(route)
        .map_or_else(Vec::new, |r| r.iter().map(|v| v[m]).collect())
}

fn metric_index(metric: Metric) -> usize {
    match metric {
        Metric::TransitDays => 0,
        Metric::CostUsdPerTeu => 1,
        Metric::Co2TPerTeu => 2,
    }
}

/// A point being run, replications added in global order.
pub struct PointRunner<'a> {
    loaded: &'a Loaded,
    writer: RunWriter<'a>,
    means: Vec<Vec<[f64; 3]>>,
    outcome: RunOutcome,
    wall_s: f64,
}

impl<'a> PointRunner<'a> {
    /// A point with no replications yet; with `records`, the exact numbers
    /// of every replication also go to that file (a shard's point, for
    /// `corridor merge`).
    pub fn new(loaded: &'a Loaded, records: Option<&Path>) -> anyhow::Result<PointRunner<'a>> {
        let mut writer = RunWriter::summary_only(&loaded.scenario);
        if let Some(path) = records {
            writer.record_to(path)?;
        }
        Ok(PointRunner {
            loaded,
            writer,
            means: vec![Vec::new(); loaded.scenario.routes.len()],
            outcome: RunOutcome {
                replications: 0,
                events: 0,
                cancelled: false,
            },
            wall_s: 0.0,
        })
    }

    /// Runs the replications of `range` (global indices, following the
    /// ones run so far) and returns what this step did.
    pub fn advance(
        &mut self,
        range: std::ops::Range<u64>,
        control: &RunControl<'_>,
    ) -> anyhow::Result<RunOutcome> {
        let routes = self.means.len();
        let preparer = self.writer.preparer();
        let (writer, means) = (&mut self.writer, &mut self.means);
        let started = Instant::now();
        let step = replicate_range(
            &self.loaded.scenario,
            range,
            control,
            |result| preparer.prepare(result),
            |prepared: PreparedReplication| {
                for (route, m) in means.iter_mut().zip(prepared.route_means(routes)) {
                    route.push(m);
                }
                writer.add(prepared)
            },
        )?;
        self.wall_s += started.elapsed().as_secs_f64();
        self.outcome.replications += step.replications;
        self.outcome.events += step.events;
        self.outcome.cancelled |= step.cancelled;
        Ok(step)
    }

    /// The statistics of the replications run so far.
    pub fn route_summaries(&self) -> Vec<RouteSummary> {
        self.writer.route_summaries()
    }

    /// The point's summary and means.
    pub fn finish(self, threads: usize) -> anyhow::Result<PointRun> {
        let facts = RunFacts {
            file: self.loaded.file.clone(),
            wall_s: self.wall_s,
            threads,
            events: self.outcome.events,
            replications_done: self.outcome.replications,
            cancelled: self.outcome.cancelled,
        };
        let summary = self.writer.finish(&facts)?;
        Ok(PointRun {
            summary,
            means: self.means,
            events: self.outcome.events,
            cancelled: self.outcome.cancelled,
        })
    }
}

/// Runs every replication of a validated scenario.
pub fn run_point(loaded: &Loaded, control: &RunControl<'_>) -> anyhow::Result<PointRun> {
    let mut runner = PointRunner::new(loaded, None)?;
    runner.advance(0..u64::from(loaded.scenario.replications), control)?;
    runner.finish(control.threads)
}
