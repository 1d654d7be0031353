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
        let q = |p: f64| self.quantile_ci95(p);
        let [
            (p50_ci95_low, p50_ci95_high),
            (p90_ci95_low, p90_ci95_high),
            (p95_ci95_low, p95_ci95_high),
        ] = [q(50.0), q(90.0), q(95.0)]
            .map(|ci| ci.map_or((None, None), |(l, h)| (Some(l), Some(h))));
        Stats {
            p50_ci95_low,
            p50_ci95_high,
            p90_ci95_low,
            p90_ci95_high,
            p95_ci95_low,
            p95_ci95_high,
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

    /// Kish's design effect of the mean: how much larger the variance of
    /// the mean is, taken over replication means, than if every value were
    /// independent (shipments of one replication share ports, convoys and
    /// weather). At least 1; `None` below two replications.
    fn design_effect(&self) -> Option<f64> {
        let reps = &self.replication_means;
        if reps.count() < 2 {
            return None;
        }
        let clustered = reps.variance() / reps.count() as f64;
        let independent = self.all.variance() / self.all.count() as f64;
        Some(if independent > 0.0 && clustered.is_finite() {
            (clustered / independent).max(1.0)
        } else {
            1.0
        })
    }

    /// The 95 % confidence interval of the `p`-th percentile: the
    /// distribution-free order-statistic interval [X₍ₗ₎, X₍ᵤ₎], whose ranks
    /// are those of a binomial count of values below the true percentile,
    /// ℓ, u = n·p ∓ 1.96·√(deff·n·p·(1 − p)), widened by the design effect
    /// `deff` for the values of one replication not being independent
    /// (Woodruff's interval with Kish's correction, as survey statistics do
    /// for clustered samples; the effect is the mean's, a proxy for the
    /// percentile's). `None` below two replications, or when a rank falls
    /// outside the sample (too few values for that percentile).
    pub fn quantile_ci95(&self, p: f64) -> Option<(f64, f64)> {
        let deff = self.design_effect()?;
        let n = self.sketch.count() as f64;
        let p = p / 100.0;
        let spread = crate::engine::normal_quantile(0.975) * (deff * n * p * (1.0 - p)).sqrt();
        // 1-based ranks, rounded outwards (conservative).
        let low = (n * p - spread).floor();
        let high = (n * p + spread).ceil();
        if low < 1.0 || high > n {
            return None;
        }
        let at = |rank: f64| self.sketch.value_at_rank(rank as u64 - 1).and_then(finite);
        Some((at(low)?, at(high)?))
    }

    /// Share of values at or below `x`.
    pub fn share_at_most(&self, x: f64) -> f64 {
        self.sketch.share_at_most(x)
    }
}

/// Collects a share (of pairs where a route was faster, say) over a run,
/// with its 95 % confidence interval.
#[derive(Debug, Clone, Default)]
pub struct ShareCollector {
    hits: u64,
    total: u64,
    current_hits: u64,
    current_total: u64,
    replication_shares: Tally,
}

impl ShareCollector {
    /// Adds one case of the current replication.
    pub fn add(&mut self, hit: bool) {
        self.current_hits += u64::from(hit);
        self.current_total += 1;
    }

    /// Closes the current replication.
    pub fn end_replication(&mut self) {
        if self.current_total > 0 {
            self.replication_shares
                .add(self.current_hits as f64 / self.current_total as f64);
        }
        self.hits += self.current_hits;
        self.total += self.current_total;
        self.current_hits = 0;
        self.current_total = 0;
    }

    /// The share and its 95 % confidence interval: Wilson's score interval
    /// for an effective sample size n / deff, where the design effect deff
    /// compares the variance of the share over replication shares with
    /// that of n independent cases (cases of one replication share its
    /// conditions). When every case agrees (share 0 or 1), the replications
    /// count as the independent cases. Wilson's interval stays within
    /// [0, 1] and never collapses to a point.
    pub fn share(&self) -> Share {
        if self.total == 0 {
            return Share::default();
        }
        let n = self.total as f64;
        let p = self.hits as f64 / n;
        let reps = self.replication_shares.count();
        let interval = (reps >= 2).then(|| {
            let independent = p * (1.0 - p) / n;
            let clustered = self.replication_shares.variance() / reps as f64;
            let n_eff = if independent > 0.0 && clustered > 0.0 {
                (p * (1.0 - p) / clustered).min(n)
            } else if independent > 0.0 {
                n
            } else {
                reps as f64
            };
            wilson(p, n_eff, crate::engine::normal_quantile(0.975))
        });
        Share {
            share: Some(p),
            ci95_low: interval.map(|i| i.0),
            ci95_high: interval.map(|i| i.1),
        }
    }
}

/// Wilson's score interval of a proportion `p` of `n` cases at normal
/// quantile `z`.
fn wilson(p: f64, n: f64, z: f64) -> (f64, f64) {
    let z2 = z * z;
    let centre = (p + z2 / (2.0 * n)) / (1.0 + z2 / n);
    let half = z / (1.0 + z2 / n) * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt();
    // At 0 or 1 an end is exact: rounding must not leave it at 0.999….
    let low = if p == 0.0 {
        0.0
    } else {
        (centre - half).max(0.0)
    };
    let high = if p == 1.0 {
        1.0
    } else {
        (centre + half).min(1.0)
    };
    (low, high)
}

/// A share with its 95 % confidence interval (`null`s when there are no
/// cases; no interval below two replications).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Share {
    /// The share, 0–1.
    pub share: Option<f64>,
    /// Lower end of its 95 % confidence interval.
    pub ci95_low: Option<f64>,
    /// Upper end.
    pub ci95_high: Option<f64>,
}

impl Share {
    /// The interval, when there is one.
    pub fn ci95(&self) -> Option<(f64, f64)> {
        Some((self.ci95_low?, self.ci95_high?))
    }
}

/// The 95 % confidence interval of `b.mean − a.mean` for two independent
/// runs (Welch: each mean's standard error recovered from its interval and
/// replications, Welch–Satterthwaite degrees of freedom). Runs with the
/// same seed share random numbers and are positively correlated, which
/// makes this interval conservative for them. `None` without both intervals.
pub fn difference_ci95(a: &Stats, b: &Stats) -> Option<(f64, f64)> {
    let se = |s: &Stats| -> Option<(f64, f64)> {
        let (low, high) = s.ci95()?;
        let df = s.replications.checked_sub(1).filter(|&d| d > 0)? as f64;
        Some(((high - low) / 2.0 / student_t_quantile(0.975, df), df))
    };
    let ((se_a, df_a), (se_b, df_b)) = (se(a)?, se(b)?);
    let diff = b.mean? - a.mean?;
    let var = se_a * se_a + se_b * se_b;
    if var == 0.0 {
        return Some((diff, diff));
    }
    let df = var * var / (se_a.powi(4) / df_a + se_b.powi(4) / df_b);
    let half = student_t_quantile(0.975, df) * var.sqrt();
    Some((diff - half, diff + half))
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
    /// 95 % confidence interval of the median (order statistics; see
    /// [`MetricCollector::quantile_ci95`]); absent in older folders.
    #[serde(default)]
    pub p50_ci95_low: Option<f64>,
    /// Upper end of the median's interval.
    #[serde(default)]
    pub p50_ci95_high: Option<f64>,
    /// Lower end of the 90th percentile's 95 % confidence interval.
    #[serde(default)]
    pub p90_ci95_low: Option<f64>,
    /// Upper end of the 90th percentile's interval.
    #[serde(default)]
    pub p90_ci95_high: Option<f64>,
    /// Lower end of the 95th percentile's 95 % confidence interval.
    #[serde(default)]
    pub p95_ci95_low: Option<f64>,
    /// Upper end of the 95th percentile's interval.
    #[serde(default)]
    pub p95_ci95_high: Option<f64>,
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

    /// The 95 % confidence interval of the median, when there is one.
    pub fn p50_ci95(&self) -> Option<(f64, f64)> {
        Some((self.p50_ci95_low?, self.p50_ci95_high?))
    }

    /// The 95 % confidence interval of the 90th percentile, when there is one.
    pub fn p90_ci95(&self) -> Option<(f64, f64)> {
        Some((self.p90_ci95_low?, self.p90_ci95_high?))
    }

    /// The 95 % confidence interval of the 95th percentile, when there is one.
    pub fn p95_ci95(&self) -> Option<(f64, f64)> {
        Some((self.p95_ci95_low?, self.p95_ci95_high?))
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

    /// Coverage of the percentile intervals over `trials` independent runs
    /// of `reps` replications × `per_rep` values: exponential(1) values
    /// (true p-th percentile −ln(1 − p)), each replication's values scaled
    /// by its own factor when `clustered` (so they are not independent).
    fn coverage(trials: u64, reps: u64, per_rep: u64, clustered: bool) -> [f64; 3] {
        use crate::engine::{Dist, Streams};
        let exp = Dist::exponential(1.0).unwrap();
        let ps = [50.0, 90.0, 95.0];
        let mut covered = [0u64; 3];
        for t in 0..trials {
            let streams = Streams::new(t + 1);
            let mut c = MetricCollector::default();
            for r in 0..reps {
                let mut rng = streams.stream(r, "quantile-coverage");
                // A shared factor with mean 1: every value of the
                // replication moves together, as under one storm.
                let factor = if clustered {
                    exp.sample(&mut rng).mul_add(0.5, 0.5)
                } else {
                    1.0
                };
                for _ in 0..per_rep {
                    c.add(exp.sample(&mut rng) * factor);
                }
                c.end_replication();
            }
            for (i, &p) in ps.iter().enumerate() {
                // The true percentile of the mixture: solve F(x) = p by
                // bisection when clustered (F averages over the factor).
                let truth = if clustered {
                    mixture_quantile(p / 100.0)
                } else {
                    -(1.0 - p / 100.0_f64).ln()
                };
                // No interval (a rank past the sample) counts as a miss.
                covered[i] += u64::from(
                    c.quantile_ci95(p)
                        .is_some_and(|(low, high)| low <= truth && truth <= high),
                );
            }
        }
        covered.map(|k| k as f64 / trials as f64)
    }

    /// The p-quantile of X·(0.5 + 0.5·E) with X, E independent exponential(1).
    fn mixture_quantile(p: f64) -> f64 {
        // P(X·s ≤ x) averaged over s = 0.5 + 0.5·e, e ~ Exp(1), by
        // integrating over e numerically.
        let cdf = |x: f64| {
            let steps = 4000;
            let top = 40.0;
            let h = top / steps as f64;
            (0..steps)
                .map(|k| {
                    let e = (k as f64 + 0.5) * h;
                    let s = 0.5 + 0.5 * e;
                    (1.0 - (-x / s).exp()) * (-e).exp() * h
                })
                .sum::<f64>()
        };
        let (mut lo, mut hi) = (0.0, 100.0);
        for _ in 0..60 {
            let mid = 0.5 * (lo + hi);
            if cdf(mid) < p { lo = mid } else { hi = mid }
        }
        0.5 * (lo + hi)
    }

    /// 400 trials: a 95 % interval covers 380 ± 4.4 (binomial sd); the
    /// bounds are 3 sd either side (0.917 … 0.983), widened above for the
    /// outward rounding of ranks, which makes the intervals conservative.
    #[test]
    fn percentile_intervals_cover_the_true_percentile_95_percent_of_the_time() {
        for (clustered, label) in [(false, "independent"), (true, "clustered")] {
            let rates = coverage(400, 40, 50, clustered);
            eprintln!("{label}: coverage of p50, p90, p95: {rates:?}");
            for (rate, p) in rates.iter().zip([50, 90, 95]) {
                assert!(
                    (0.917..=0.995).contains(rate),
                    "{label} p{p}: covered {rate} of the time"
                );
            }
        }
    }

    #[test]
    fn a_unanimous_share_keeps_an_interval_within_zero_and_one() {
        let mut c = ShareCollector::default();
        for _ in 0..20 {
            for _ in 0..10 {
                c.add(true);
            }
            c.end_replication();
        }
        let s = c.share();
        assert_eq!(s.share, Some(1.0));
        let (low, high) = s.ci95().unwrap();
        // Wilson with 20 replications as the cases: 0.839 … 1.
        assert!((low - 0.8389).abs() < 1e-3, "{low}");
        assert_eq!(high, 1.0);
    }

    #[test]
    fn a_difference_of_independent_runs_adds_the_variances() {
        let mut a = MetricCollector::default();
        let mut b = MetricCollector::default();
        for r in 0..10 {
            a.add(10.0 + f64::from(r % 3));
            a.end_replication();
            b.add(12.0 + f64::from(r % 3));
            b.end_replication();
        }
        let (low, high) = difference_ci95(&a.stats(), &b.stats()).unwrap();
        assert!((low + high) / 2.0 - 2.0 < 1e-9);
        let half_a = (a.stats().ci95_high.unwrap() - a.stats().ci95_low.unwrap()) / 2.0;
        let half = (high - low) / 2.0;
        // Equal variances, 18 df instead of 9: a little under √2 times.
        assert!(
            half > half_a && half < half_a * 2f64.sqrt(),
            "{half} vs {half_a}"
        );
    }

    #[test]
    fn too_few_values_give_no_percentile_interval() {
        let mut c = MetricCollector::default();
        for x in [[1.0, 2.0], [3.0, 4.0]] {
            for v in x {
                c.add(v);
            }
            c.end_replication();
        }
        assert_eq!(
            c.quantile_ci95(95.0),
            None,
            "4 values cannot bound a 95th percentile"
        );
        assert_eq!(c.stats().p95_ci95(), None);
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
