//! Summary statistics of one metric as written to `summary.json` and
//! `summary.csv`: moments and percentiles over shipments, and a confidence
//! interval of the mean over replication means.

use serde::Serialize;

use crate::engine::{QuantileSketch, Tally, student_t_quantile};

/// Collects one metric (transit days, cost per TEU, …) over a run.
#[derive(Debug, Clone, Default)]
pub struct MetricCollector {
    all: Tally,
    sketch: QuantileSketch,
    replication_means: Tally,
    current: Tally,
}

impl MetricCollector {
    /// Adds one shipment's value in the current replication.
    pub fn add(&mut self, x: f64) {
        self.all.add(x);
        self.sketch.add(x);
        self.current.add(x);
    }

    /// Closes the current replication.
    pub fn end_replication(&mut self) {
        if self.current.count() > 0 {
            self.replication_means.add(self.current.mean());
        }
        self.current = Tally::new();
    }

    /// The statistics so far.
    pub fn stats(&self) -> MetricStats {
        let p = |q| self.sketch.percentile(q).unwrap_or(f64::NAN);
        let mean = self.all.mean();
        let reps = &self.replication_means;
        // With one replication there is no between-replication spread: fall
        // back to the shipments' own standard error (an underestimate, flagged
        // by n_replications = 1).
        let half = if reps.count() >= 2 {
            student_t_quantile(0.975, (reps.count() - 1) as f64) * reps.std_dev()
                / (reps.count() as f64).sqrt()
        } else {
            self.all.ci_half_width(0.95)
        };
        MetricStats {
            count: self.all.count(),
            mean,
            sd: self.all.std_dev(),
            min: self.all.min(),
            p5: p(5.0),
            p50: p(50.0),
            p90: p(90.0),
            p95: p(95.0),
            max: self.all.max(),
            ci95_low: mean - half,
            ci95_high: mean + half,
        }
    }

    /// Share of values at or below `x`.
    pub fn share_at_most(&self, x: f64) -> f64 {
        self.sketch.share_at_most(x)
    }
}

/// The statistics of one metric.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct MetricStats {
    /// Number of values.
    pub count: u64,
    /// Mean.
    pub mean: f64,
    /// Standard deviation over shipments.
    pub sd: f64,
    /// Smallest value.
    pub min: f64,
    /// 5th percentile.
    pub p5: f64,
    /// Median.
    pub p50: f64,
    /// 90th percentile.
    pub p90: f64,
    /// 95th percentile.
    pub p95: f64,
    /// Largest value.
    pub max: f64,
    /// Lower end of the 95 % confidence interval of the mean.
    pub ci95_low: f64,
    /// Upper end of the 95 % confidence interval of the mean.
    pub ci95_high: f64,
}
