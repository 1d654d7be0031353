//! Summary statistics of one metric, as written to `summary.json` and
//! `summary.csv` and read back: moments and percentiles over shipments, and
//! a confidence interval of the mean over replication means.

use serde::{Deserialize, Serialize};

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
    pub fn stats(&self) -> Stats {
        let p = |q| self.sketch.percentile(q).and_then(finite);
        let mean = finite(self.all.mean());
        let reps = &self.replication_means;
        // Shipments within one replication share ports, convoys and weather,
        // so they are not independent: the interval is taken over replication
        // means only. With fewer than two replications there is none.
        let half = (reps.count() >= 2).then(|| {
            student_t_quantile(0.975, (reps.count() - 1) as f64) * reps.std_dev()
                / (reps.count() as f64).sqrt()
        });
        let (ci95_low, ci95_high) = match (mean, half.and_then(finite)) {
            (Some(m), Some(h)) => (Some(m - h), Some(m + h)),
            _ => (None, None),
        };
        Stats {
            count: self.all.count(),
            replications: reps.count(),
            mean,
            sd: finite(self.all.std_dev()),
            min: finite(self.all.min()),
            p5: p(5.0),
            p50: p(50.0),
            p90: p(90.0),
            p95: p(95.0),
            max: finite(self.all.max()),
            ci95_low,
            ci95_high,
        }
    }

    /// Share of values at or below `x`.
    pub fn share_at_most(&self, x: f64) -> f64 {
        self.sketch.share_at_most(x)
    }
}

fn finite(x: f64) -> Option<f64> {
    x.is_finite().then_some(x)
}

/// The statistics of one metric. A value is `None` (`null` in JSON, empty in
/// CSV) when it does not exist: no arrivals, or a confidence interval from
/// fewer than two replications.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Stats {
    /// Number of values (arrived shipments, or pairs).
    pub count: u64,
    /// Replications that contributed at least one value: the sample size of
    /// the confidence interval (absent in format 1).
    #[serde(default)]
    pub replications: u64,
    /// Mean.
    pub mean: Option<f64>,
    /// Standard deviation over shipments.
    pub sd: Option<f64>,
    /// Smallest value.
    pub min: Option<f64>,
    /// 5th percentile.
    pub p5: Option<f64>,
    /// Median.
    pub p50: Option<f64>,
    /// 90th percentile.
    pub p90: Option<f64>,
    /// 95th percentile.
    pub p95: Option<f64>,
    /// Largest value.
    pub max: Option<f64>,
    /// Lower end of the 95 % confidence interval of the mean.
    pub ci95_low: Option<f64>,
    /// Upper end of the 95 % confidence interval of the mean.
    pub ci95_high: Option<f64>,
}

impl Stats {
    /// The mean, or NaN when there is none (for arithmetic in charts).
    pub fn mean_or_nan(&self) -> f64 {
        self.mean.unwrap_or(f64::NAN)
    }

    /// The 95 % confidence interval of the mean, when there is one.
    pub fn ci95(&self) -> Option<(f64, f64)> {
        Some((self.ci95_low?, self.ci95_high?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_replication_has_no_confidence_interval() {
        let mut c = MetricCollector::default();
        for x in [20.0, 21.0, 22.0] {
            c.add(x);
        }
        c.end_replication();
        let s = c.stats();
        assert_eq!(s.mean, Some(21.0));
        assert_eq!(
            s.ci95(),
            None,
            "shipments of one replication are not independent"
        );
    }

    #[test]
    fn the_interval_is_over_replication_means() {
        let mut c = MetricCollector::default();
        for means in [[10.0, 12.0], [20.0, 22.0]] {
            for x in means {
                c.add(x);
            }
            c.end_replication();
        }
        let s = c.stats();
        // Replication means 11 and 21: sd 7.071, t(0.975, 1) = 12.706.
        let half = 12.706_2 * 7.071_07 / 2f64.sqrt();
        let (low, high) = s.ci95().unwrap();
        assert!((low - (16.0 - half)).abs() < 0.01, "{low}");
        assert!((high - (16.0 + half)).abs() < 0.01, "{high}");
        assert_eq!(s.replications, 2);
    }

    #[test]
    fn nothing_collected_is_all_none_and_round_trips() {
        let s = MetricCollector::default().stats();
        assert_eq!(s.count, 0);
        assert_eq!(s.mean, None);
        let json = serde_json::to_string(&s).unwrap();
        assert!(json.contains("\"mean\":null"), "{json}");
        let back: Stats = serde_json::from_str(&json).unwrap();
        assert_eq!(back, s);
    }
}
