//! One point of an experiment: a validated scenario run with every
//! replication, summarised as `corridor run` summarises it (the same
//! [`RunWriter`], without `shipments.csv`), plus each replication's mean per
//! route for paired comparisons between points.

use std::time::Instant;

use crate::model::{ReplicationResult, RunControl, replicate_prepared};
use crate::runfile::experiment::Metric;
use crate::runfile::{RunFacts, RunWriter, Summary};
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
        let m = metric_index(metric);
        self.means
            .get(route)
            .map_or_else(Vec::new, |r| r.iter().map(|v| v[m]).collect())
    }
}

fn metric_index(metric: Metric) -> usize {
    match metric {
        Metric::TransitDays => 0,
        Metric::CostUsdPerTeu => 1,
        Metric::Co2TPerTeu => 2,
    }
}

/// Runs every replication of a validated scenario.
pub fn run_point(loaded: &Loaded, control: &RunControl<'_>) -> anyhow::Result<PointRun> {
    let scenario = &loaded.scenario;
    let routes = scenario.routes.len();
    let mut writer = RunWriter::summary_only(scenario);
    let preparer = writer.preparer();
    let mut means: Vec<Vec<[f64; 3]>> = vec![Vec::new(); routes];
    let started = Instant::now();
    let outcome = replicate_prepared(
        scenario,
        control,
        |result| (replication_means(&result, routes), preparer.prepare(result)),
        |(replication, prepared)| {
            for (route, m) in means.iter_mut().zip(replication) {
                route.push(m);
            }
            writer.add(prepared)
        },
    )?;
    let facts = RunFacts {
        file: loaded.file.clone(),
        wall_s: started.elapsed().as_secs_f64(),
        threads: control.threads,
        events: outcome.events,
        replications_done: outcome.replications,
        cancelled: outcome.cancelled,
    };
    let summary = writer.finish(&facts)?;
    Ok(PointRun {
        summary,
        means,
        events: outcome.events,
        cancelled: outcome.cancelled,
    })
}

/// Each route's mean transit days, cost per TEU and CO2 per TEU over the
/// replication's arrived shipments, as `summary.json` defines them.
fn replication_means(result: &ReplicationResult, routes: usize) -> Vec<[f64; 3]> {
    let mut sums = vec![([0.0f64; 3], 0u64); routes];
    for s in &result.shipments {
        let Some(arrive_h) = s.arrive_h else { continue };
        let Some((sum, n)) = sums.get_mut(s.route) else {
            continue;
        };
        sum[0] += (arrive_h - s.depart_h) / 24.0;
        sum[1] += s.ledger.total_cost_usd() / s.teu;
        sum[2] += s.ledger.co2_t() / s.teu;
        *n += 1;
    }
    sums.into_iter()
        .map(|(sum, n)| {
            if n == 0 {
                [f64::NAN; 3]
            } else {
                sum.map(|x| x / n as f64)
            }
        })
        .collect()
}
