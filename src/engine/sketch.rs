//! Percentiles in constant memory: a log-bucketed histogram with a relative
//! accuracy guarantee (the DDSketch idea: Masson, Rim & Lee, VLDB 2019).
//!
//! A value x > 0 falls in bucket ⌈log_γ x⌉ with γ = (1 + α)/(1 − α); reporting
//! the bucket's midpoint (in the relative sense) is within α of every value in
//! it. Negative values mirror positive ones; zero has its own count. Memory
//! grows with the logarithm of the value range, not with the count, and two
//! sketches merge exactly, so per-replication sketches pool into one.

use std::collections::BTreeMap;

/// Relative accuracy of reported percentiles: 0.05 %.
const ALPHA: f64 = 0.0005;

/// A mergeable percentile sketch.
#[derive(Debug, Clone, PartialEq)]
pub struct QuantileSketch {
    gamma_ln: f64,
    positive: BTreeMap<i32, u64>,
    negative: BTreeMap<i32, u64>,
    zeros: u64,
    count: u64,
    min: f64,
    max: f64,
}

impl Default for QuantileSketch {
    fn default() -> Self {
        QuantileSketch {
            gamma_ln: ((1.0 + ALPHA) / (1.0 - ALPHA)).ln(),
            positive: BTreeMap::new(),
            negative: BTreeMap::new(),
            zeros: 0,
            count: 0,
            min: f64::INFINITY,
            max: f64::NEG_INFINITY,
        }
    }
}

/// Values closer to zero than this count as zero (far below any quantity we report).
const ZERO: f64 = 1e-9;

impl QuantileSketch {
    /// An empty sketch.
    pub fn new() -> Self {
        Self::default()
    }

    fn bucket(&self, magnitude: f64) -> i32 {
        (magnitude.ln() / self.gamma_ln).ceil() as i32
    }

    fn value_of(&self, bucket: i32) -> f64 {
        // The point within α of both ends of the bucket (γ^(i-1), γ^i].
        2.0 * (bucket as f64 * self.gamma_ln).exp() / (1.0 + self.gamma_ln.exp())
    }

    /// Adds one value (non-finite values are ignored).
    pub fn add(&mut self, x: f64) {
        if !x.is_finite() {
            return;
        }
        self.count += 1;
        self.min = self.min.min(x);
        self.max = self.max.max(x);
        if x > ZERO {
            *self.positive.entry(self.bucket(x)).or_insert(0) += 1;
        } else if x < -ZERO {
            *self.negative.entry(self.bucket(-x)).or_insert(0) += 1;
        } else {
            self.zeros += 1;
        }
    }

    /// Folds another sketch into this one.
    pub fn merge(&mut self, other: &QuantileSketch) {
        for (&b, &n) in &other.positive {
            *self.positive.entry(b).or_insert(0) += n;
        }
        for (&b, &n) in &other.negative {
            *self.negative.entry(b).or_insert(0) += n;
        }
        self.zeros += other.zeros;
        self.count += other.count;
        self.min = self.min.min(other.min);
        self.max = self.max.max(other.max);
    }

    /// Number of values.
    pub fn count(&self) -> u64 {
        self.count
    }

    /// The `p`-th percentile (0–100), within 0.05 % of a true sample value of
    /// that rank; exact at 0 and 100. `None` when empty.
    pub fn percentile(&self, p: f64) -> Option<f64> {
        if self.count == 0 {
            return None;
        }
        let p = p.clamp(0.0, 100.0);
        if p == 0.0 {
            return Some(self.min);
        }
        if p == 100.0 {
            return Some(self.max);
        }
        // Rank of the lower order statistic, as in the nearest-rank method.
        let rank = ((p / 100.0) * (self.count - 1) as f64).round() as u64;
        self.value_at_rank(rank)
    }

    /// The order statistic of 0-based `rank` (0 is the smallest value),
    /// within 0.05 %; `None` when empty or `rank` is past the last value.
    pub fn value_at_rank(&self, rank: u64) -> Option<f64> {
        if rank >= self.count {
            return None;
        }
        let mut seen = 0u64;
        for (&b, &n) in self.negative.iter().rev() {
            seen += n;
            if seen > rank {
                return Some((-self.value_of(b)).clamp(self.min, self.max));
            }
        }
        seen += self.zeros;
        if seen > rank {
            return Some(0.0);
        }
        for (&b, &n) in &self.positive {
            seen += n;
            if seen > rank {
                return Some(self.value_of(b).clamp(self.min, self.max));
            }
        }
        Some(self.max)
    }

    /// Share of values at or below `x` (the empirical CDF), within the
    /// sketch's resolution.
    pub fn share_at_most(&self, x: f64) -> f64 {
        if self.count == 0 {
            return f64::NAN;
        }
        let mut below = 0u64;
        for (&b, &n) in &self.negative {
            if -self.value_of(b) <= x {
                below += n;
            }
        }
        if x >= 0.0 {
            below += self.zeros;
        }
        for (&b, &n) in &self.positive {
            if self.value_of(b) <= x {
                below += n;
            }
        }
        below as f64 / self.count as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{Dist, Streams, Tally};

    #[test]
    fn percentiles_are_within_the_relative_accuracy_of_exact_ones() {
        let d = Dist::lognormal(30.0, 12.0).unwrap();
        let mut rng = Streams::new(1).stream(0, "sketch");
        let mut exact = Tally::with_samples();
        let mut sketch = QuantileSketch::new();
        for _ in 0..50_000 {
            let x = d.sample(&mut rng);
            exact.add(x);
            sketch.add(x);
        }
        for p in [1.0, 5.0, 50.0, 90.0, 95.0, 99.0] {
            let e = exact.percentile(p).unwrap();
            let s = sketch.percentile(p).unwrap();
            // Rank rounding adds at most one order statistic; at 50,000 values
            // neighbours are far closer than 0.5 %.
            assert!((s - e).abs() / e < 0.005, "p{p}: sketch {s} vs exact {e}");
        }
        assert_eq!(sketch.percentile(0.0), Some(exact.min()));
        assert_eq!(sketch.percentile(100.0), Some(exact.max()));
    }

    #[test]
    fn handles_negative_values_and_zero() {
        let mut s = QuantileSketch::new();
        for x in [-5.0, -1.0, 0.0, 0.0, 2.0, 10.0] {
            s.add(x);
        }
        let median = s.percentile(50.0).unwrap();
        assert_eq!(median, 0.0);
        assert!((s.percentile(20.0).unwrap() + 1.0).abs() < 0.01);
        assert!((s.share_at_most(0.0) - 4.0 / 6.0).abs() < 1e-12);
    }

    #[test]
    fn merging_equals_adding_to_one_sketch() {
        let (mut a, mut b, mut all) = (
            QuantileSketch::new(),
            QuantileSketch::new(),
            QuantileSketch::new(),
        );
        for i in 0..1000 {
            let x = (i as f64 * 0.37).sin() * 100.0;
            if i % 3 == 0 {
                a.add(x)
            } else {
                b.add(x)
            }
            all.add(x);
        }
        a.merge(&b);
        assert_eq!(a, all);
    }
}
