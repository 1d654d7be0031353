//! Reproducible random streams and the named distributions models sample.
//!
//! Every replication and every purpose (sailing, service, weather at one port,
//! …) draws from its own stream, seeded from `(scenario seed, replication,
//! purpose, index)` alone. A replication therefore gives the same numbers
//! whichever thread runs it and whatever ran before, and two routes that ask
//! for the same purpose in the same replication see the same numbers (common
//! random numbers).
//!
//! The generator is Xoshiro256++ (Blackman & Vigna 2018): its output is fixed
//! by its published algorithm, unlike `StdRng`, which may change between rand
//! releases and would silently change every result.

use std::fmt;

use rand::{RngExt, SeedableRng};
use rand_distr::{Distribution, Exp1, Gamma, Poisson, StandardNormal};
use rand_xoshiro::Xoshiro256PlusPlus;

/// The random number generator of one stream.
pub type SimRng = Xoshiro256PlusPlus;

/// Derives independent, reproducible streams from one seed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Streams {
    seed: u64,
}

impl Streams {
    /// Streams for a scenario seed.
    pub fn new(seed: u64) -> Self {
        Streams { seed }
    }

    /// The scenario seed.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// The stream of `purpose` in `replication`.
    pub fn stream(&self, replication: u64, purpose: &str) -> SimRng {
        self.stream_indexed(replication, purpose, 0)
    }

    /// The stream of `purpose` number `index` in `replication` (for example
    /// the background traffic of port 17, or the weather of day 230).
    pub fn stream_indexed(&self, replication: u64, purpose: &str, index: u64) -> SimRng {
        let mut key = splitmix64(self.seed);
        key = splitmix64(key ^ replication);
        key = splitmix64(key ^ fnv1a64(purpose.as_bytes()));
        key = splitmix64(key ^ index);
        SimRng::seed_from_u64(key)
    }
}

/// SplitMix64's finaliser (Steele, Lea & Flood 2014): a bijective 64-bit mix,
/// so distinct inputs give distinct, well-spread keys.
fn splitmix64(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// FNV-1a, a stable string hash (std's hasher is randomised per process).
fn fnv1a64(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xCBF2_9CE4_8422_2325, |h, &b| {
        (h ^ b as u64).wrapping_mul(0x0100_0000_01B3)
    })
}

/// Invalid distribution parameters.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{0}")]
pub struct DistError(String);

/// A probability distribution over real numbers, with validated parameters,
/// optionally shifted by a constant (`Dist::plus`).
#[derive(Debug, Clone, PartialEq)]
pub struct Dist(Kind, f64);

#[derive(Debug, Clone, PartialEq)]
enum Kind {
    Fixed(f64),
    Uniform {
        low: f64,
        high: f64,
    },
    Triangular {
        min: f64,
        mode: f64,
        max: f64,
    },
    Normal {
        mean: f64,
        sd: f64,
    },
    /// Stored as the underlying normal's mu and sigma; built from mean and sd.
    LogNormal {
        mean: f64,
        sd: f64,
        mu: f64,
        sigma: f64,
    },
    Exponential {
        mean: f64,
    },
    Gamma {
        shape: f64,
        scale: f64,
    },
    Erlang {
        k: u32,
        mean: f64,
    },
    Empirical {
        values: Vec<f64>,
        cumulative: Vec<f64>,
    },
    Poisson {
        mean: f64,
    },
}

fn finite(name: &str, x: f64) -> Result<(), DistError> {
    if x.is_finite() {
        Ok(())
    } else {
        Err(DistError(format!(
            "{name} must be a finite number, got {x}"
        )))
    }
}

fn positive(name: &str, x: f64) -> Result<(), DistError> {
    finite(name, x)?;
    if x > 0.0 {
        Ok(())
    } else {
        Err(DistError(format!("{name} must be greater than 0, got {x}")))
    }
}

impl Dist {
    /// Always `value`.
    pub fn fixed(value: f64) -> Result<Dist, DistError> {
        finite("value", value)?;
        Ok(Dist(Kind::Fixed(value), 0.0))
    }

    /// Uniform on `[low, high]`.
    pub fn uniform(low: f64, high: f64) -> Result<Dist, DistError> {
        finite("low", low)?;
        finite("high", high)?;
        if low > high {
            return Err(DistError(format!(
                "uniform needs low ≤ high, got [{low}, {high}]"
            )));
        }
        Ok(Dist(Kind::Uniform { low, high }, 0.0))
    }

    /// Triangular with the given minimum, mode and maximum.
    pub fn triangular(min: f64, mode: f64, max: f64) -> Result<Dist, DistError> {
        for (n, x) in [("min", min), ("mode", mode), ("max", max)] {
            finite(n, x)?;
        }
        if !(min <= mode && mode <= max) {
            return Err(DistError(format!(
                "triangular needs min ≤ mode ≤ max, got [{min}, {mode}, {max}]"
            )));
        }
        Ok(Dist(Kind::Triangular { min, mode, max }, 0.0))
    }

    /// Normal with mean and standard deviation (`sd` ≥ 0).
    pub fn normal(mean: f64, sd: f64) -> Result<Dist, DistError> {
        finite("mean", mean)?;
        finite("sd", sd)?;
        if sd < 0.0 {
            return Err(DistError(format!("sd must not be negative, got {sd}")));
        }
        Ok(Dist(Kind::Normal { mean, sd }, 0.0))
    }

    /// Log-normal given the mean and standard deviation of the variable itself
    /// (not of its logarithm), which is how published figures are quoted.
    pub fn lognormal(mean: f64, sd: f64) -> Result<Dist, DistError> {
        positive("mean", mean)?;
        finite("sd", sd)?;
        if sd < 0.0 {
            return Err(DistError(format!("sd must not be negative, got {sd}")));
        }
        let sigma2 = (1.0 + (sd / mean).powi(2)).ln();
        let mu = mean.ln() - sigma2 / 2.0;
        Ok(Dist(
            Kind::LogNormal {
                mean,
                sd,
                mu,
                sigma: sigma2.sqrt(),
            },
            0.0,
        ))
    }

    /// Exponential with the given mean.
    pub fn exponential(mean: f64) -> Result<Dist, DistError> {
        positive("mean", mean)?;
        Ok(Dist(Kind::Exponential { mean }, 0.0))
    }

    /// Gamma with shape k and scale θ (mean kθ).
    pub fn gamma(shape: f64, scale: f64) -> Result<Dist, DistError> {
        positive("shape", shape)?;
        positive("scale", scale)?;
        Ok(Dist(Kind::Gamma { shape, scale }, 0.0))
    }

    /// Erlang: the sum of `k` exponential phases, with the given overall mean.
    pub fn erlang(k: u32, mean: f64) -> Result<Dist, DistError> {
        if k == 0 {
            return Err(DistError("erlang needs k ≥ 1 phases".into()));
        }
        positive("mean", mean)?;
        Ok(Dist(Kind::Erlang { k, mean }, 0.0))
    }

    /// Poisson counts with the given mean (≥ 0); a mean of zero always gives 0.
    pub fn poisson(mean: f64) -> Result<Dist, DistError> {
        finite("mean", mean)?;
        if mean < 0.0 {
            return Err(DistError(format!("mean must not be negative, got {mean}")));
        }
        Ok(Dist(Kind::Poisson { mean }, 0.0))
    }

    /// Draws one of `values`, each with equal probability (a bootstrap of
    /// observed data).
    pub fn empirical(values: Vec<f64>) -> Result<Dist, DistError> {
        let weights = vec![1.0; values.len()];
        Dist::empirical_weighted(values, weights)
    }

    /// Draws one of `values` with probability proportional to its weight.
    pub fn empirical_weighted(values: Vec<f64>, weights: Vec<f64>) -> Result<Dist, DistError> {
        if values.is_empty() {
            return Err(DistError("empirical needs at least one value".into()));
        }
        if values.len() != weights.len() {
            return Err(DistError(format!(
                "empirical has {} values but {} weights",
                values.len(),
                weights.len()
            )));
        }
        for &v in &values {
            finite("value", v)?;
        }
        let mut total = 0.0;
        let mut cumulative = Vec::with_capacity(weights.len());
        for &w in &weights {
            finite("weight", w)?;
            if w < 0.0 {
                return Err(DistError(format!("weights must not be negative, got {w}")));
            }
            total += w;
            cumulative.push(total);
        }
        if total <= 0.0 {
            return Err(DistError("empirical weights must not all be zero".into()));
        }
        cumulative.iter_mut().for_each(|c| *c /= total);
        Ok(Dist(Kind::Empirical { values, cumulative }, 0.0))
    }

    /// This distribution shifted by `offset` (every value plus `offset`), for
    /// a fixed part plus a random delay.
    pub fn plus(&self, offset: f64) -> Dist {
        Dist(self.0.clone(), self.1 + offset)
    }

    /// Draws one value.
    #[inline]
    pub fn sample<R: rand::Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        self.sample_unshifted(rng) + self.1
    }

    #[inline]
    fn sample_unshifted<R: rand::Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        match &self.0 {
            Kind::Fixed(x) => *x,
            Kind::Uniform { low, high } => low + (high - low) * rng.random::<f64>(),
            Kind::Triangular { min, mode, max } => {
                // Inverse of the triangular CDF.
                let u: f64 = rng.random();
                let span = max - min;
                if span == 0.0 {
                    return *min;
                }
                let split = (mode - min) / span;
                if u < split {
                    min + (u * span * (mode - min)).sqrt()
                } else {
                    max - ((1.0 - u) * span * (max - mode)).sqrt()
                }
            }
            Kind::Normal { mean, sd } => mean + sd * rng.sample::<f64, _>(StandardNormal),
            Kind::LogNormal { mu, sigma, .. } => {
                (mu + sigma * rng.sample::<f64, _>(StandardNormal)).exp()
            }
            Kind::Exponential { mean } => mean * rng.sample::<f64, _>(Exp1),
            Kind::Gamma { shape, scale } => Gamma::new(*shape, *scale)
                .expect("parameters validated at construction")
                .sample(rng),
            Kind::Erlang { k, mean } => {
                let phase = mean / *k as f64;
                (0..*k).map(|_| phase * rng.sample::<f64, _>(Exp1)).sum()
            }
            Kind::Empirical { values, cumulative } => {
                let u: f64 = rng.random();
                let i = cumulative
                    .partition_point(|&c| c <= u)
                    .min(values.len() - 1);
                values[i]
            }
            Kind::Poisson { mean } if *mean == 0.0 => 0.0,
            Kind::Poisson { mean } => Poisson::new(*mean)
                .expect("parameters validated at construction")
                .sample(rng),
        }
    }

    /// Draws one value, floored at zero: for durations and amounts from a
    /// distribution (normal, say) whose tail reaches below zero.
    #[inline]
    pub fn sample_non_negative<R: rand::Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        self.sample(rng).max(0.0)
    }

    /// Fills `out` with draws, in order: the same numbers as `out.len()`
    /// calls of [`sample`](Self::sample) (or of
    /// [`sample_non_negative`](Self::sample_non_negative) if `floor_at_zero`),
    /// but with the distribution chosen once for the whole batch, so a
    /// queue's background traffic pays for the arithmetic alone.
    pub fn fill<R: rand::Rng + ?Sized>(&self, rng: &mut R, out: &mut [f64], floor_at_zero: bool) {
        let shift = self.1;
        // A test the compiler hoists out of the loops.
        let floor = |v: f64| if floor_at_zero { v.max(0.0) } else { v };
        match &self.0 {
            Kind::LogNormal { mu, sigma, .. } => {
                for x in out {
                    let v = (mu + sigma * rng.sample::<f64, _>(StandardNormal)).exp() + shift;
                    *x = floor(v);
                }
            }
            Kind::Exponential { mean } => {
                for x in out {
                    *x = floor(mean * rng.sample::<f64, _>(Exp1) + shift);
                }
            }
            _ => {
                for x in out {
                    *x = floor(self.sample(rng));
                }
            }
        }
    }

    /// The distribution's mean.
    pub fn mean(&self) -> f64 {
        self.1
            + match &self.0 {
                Kind::Fixed(x) => *x,
                Kind::Uniform { low, high } => (low + high) / 2.0,
                Kind::Triangular { min, mode, max } => (min + mode + max) / 3.0,
                Kind::Normal { mean, .. } | Kind::LogNormal { mean, .. } => *mean,
                Kind::Exponential { mean } | Kind::Erlang { mean, .. } => *mean,
                Kind::Gamma { shape, scale } => shape * scale,
                Kind::Poisson { mean } => *mean,
                Kind::Empirical { values, cumulative } => {
                    let mut previous = 0.0;
                    values
                        .iter()
                        .zip(cumulative)
                        .map(|(v, &c)| {
                            let p = c - previous;
                            previous = c;
                            v * p
                        })
                        .sum()
                }
            }
    }

    /// The smallest value the distribution can produce (−∞ for the normal).
    pub fn min(&self) -> f64 {
        self.1
            + match &self.0 {
                Kind::Fixed(x) => *x,
                Kind::Uniform { low, .. } => *low,
                Kind::Triangular { min, .. } => *min,
                Kind::Normal { sd, mean } if *sd == 0.0 => *mean,
                Kind::Normal { .. } => f64::NEG_INFINITY,
                Kind::LogNormal { .. }
                | Kind::Exponential { .. }
                | Kind::Gamma { .. }
                | Kind::Erlang { .. }
                | Kind::Poisson { .. } => 0.0,
                Kind::Empirical { values, .. } => {
                    values.iter().copied().fold(f64::INFINITY, f64::min)
                }
            }
    }

    /// This distribution with every value multiplied by `factor` (≥ 0), for
    /// unit conversions and scenario-wide scaling.
    pub fn scaled(&self, factor: f64) -> Dist {
        let k = match &self.0 {
            Kind::Fixed(x) => Kind::Fixed(x * factor),
            Kind::Uniform { low, high } => Kind::Uniform {
                low: low * factor,
                high: high * factor,
            },
            Kind::Triangular { min, mode, max } => Kind::Triangular {
                min: min * factor,
                mode: mode * factor,
                max: max * factor,
            },
            Kind::Normal { mean, sd } => Kind::Normal {
                mean: mean * factor,
                sd: sd * factor,
            },
            Kind::LogNormal {
                mean,
                sd,
                mu,
                sigma,
            } => Kind::LogNormal {
                mean: mean * factor,
                sd: sd * factor,
                mu: mu + factor.ln(),
                sigma: *sigma,
            },
            Kind::Exponential { mean } => Kind::Exponential {
                mean: mean * factor,
            },
            Kind::Gamma { shape, scale } => Kind::Gamma {
                shape: *shape,
                scale: scale * factor,
            },
            Kind::Erlang { k, mean } => Kind::Erlang {
                k: *k,
                mean: mean * factor,
            },
            Kind::Empirical { values, cumulative } => Kind::Empirical {
                values: values.iter().map(|v| v * factor).collect(),
                cumulative: cumulative.clone(),
            },
            // Counts do not scale like amounts: scale the rate instead.
            Kind::Poisson { mean } => Kind::Poisson {
                mean: mean * factor,
            },
        };
        Dist(k, self.1 * factor)
    }
}

impl fmt::Display for Dist {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.1 != 0.0 {
            write!(f, "{} + ", self.1)?;
        }
        match &self.0 {
            Kind::Fixed(x) => write!(f, "{x}"),
            Kind::Uniform { low, high } => write!(f, "uniform({low}, {high})"),
            Kind::Triangular { min, mode, max } => write!(f, "triangular({min}, {mode}, {max})"),
            Kind::Normal { mean, sd } => write!(f, "normal(mean {mean}, sd {sd})"),
            Kind::LogNormal { mean, sd, .. } => write!(f, "lognormal(mean {mean}, sd {sd})"),
            Kind::Exponential { mean } => write!(f, "exponential(mean {mean})"),
            Kind::Gamma { shape, scale } => write!(f, "gamma(shape {shape}, scale {scale})"),
            Kind::Erlang { k, mean } => write!(f, "erlang(k {k}, mean {mean})"),
            Kind::Empirical { values, .. } => write!(f, "empirical({} values)", values.len()),
            Kind::Poisson { mean } => write!(f, "poisson(mean {mean})"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Tally;

    fn moments(d: &Dist, n: usize, seed: u64) -> Tally {
        let mut rng = Streams::new(seed).stream(0, "test");
        let mut t = Tally::new();
        (0..n).for_each(|_| t.add(d.sample(&mut rng)));
        t
    }

    /// The sample mean lies within 4.5 standard errors of the true mean: with a
    /// fixed seed this never flakes, and a wrong formula misses by far more.
    fn assert_mean(d: &Dist, sd: f64) {
        let n = 200_000;
        let t = moments(d, n, 7);
        let se = sd / (n as f64).sqrt();
        assert!(
            (t.mean() - d.mean()).abs() < 4.5 * se,
            "{d}: sample mean {} vs {}",
            t.mean(),
            d.mean()
        );
        assert!(
            (t.std_dev() - sd).abs() < 0.02 * sd.max(1e-9),
            "{d}: sample sd {} vs {sd}",
            t.std_dev()
        );
    }

    mod streams {
        use super::*;
        use rand::Rng;

        #[test]
        fn same_key_same_numbers() {
            let s = Streams::new(99);
            let a: Vec<u64> = (0..5)
                .map(|_| 0)
                .scan(s.stream(3, "sail"), |r, _| Some(r.next_u64()))
                .collect();
            let b: Vec<u64> = (0..5)
                .map(|_| 0)
                .scan(s.stream(3, "sail"), |r, _| Some(r.next_u64()))
                .collect();
            assert_eq!(a, b);
        }

        #[test]
        fn any_change_of_key_changes_the_stream() {
            let first = |s: Streams, rep, purpose: &str, idx| {
                s.stream_indexed(rep, purpose, idx).next_u64()
            };
            let base = first(Streams::new(1), 0, "sail", 0);
            assert_ne!(base, first(Streams::new(2), 0, "sail", 0));
            assert_ne!(base, first(Streams::new(1), 1, "sail", 0));
            assert_ne!(base, first(Streams::new(1), 0, "service", 0));
            assert_ne!(base, first(Streams::new(1), 0, "sail", 1));
        }
    }

    mod distributions {
        use super::*;

        #[test]
        fn moments_match_theory() {
            assert_mean(&Dist::uniform(2.0, 8.0).unwrap(), 6.0 / 12f64.sqrt());
            let tri_var = (1.0 + 4.0 + 16.0 - 1.0 * 2.0 - 1.0 * 4.0 - 2.0 * 4.0) / 18.0;
            assert_mean(
                &Dist::triangular(1.0, 2.0, 4.0).unwrap(),
                f64::sqrt(tri_var),
            );
            assert_mean(&Dist::normal(10.0, 3.0).unwrap(), 3.0);
            assert_mean(&Dist::lognormal(30.0, 8.0).unwrap(), 8.0);
            assert_mean(&Dist::exponential(48.0).unwrap(), 48.0);
            assert_mean(&Dist::gamma(3.0, 2.0).unwrap(), f64::sqrt(3.0 * 4.0));
            assert_mean(&Dist::erlang(4, 12.0).unwrap(), 12.0 / 2.0);
            assert_mean(&Dist::poisson(25.0).unwrap(), 5.0);
        }

        #[test]
        fn fixed_is_fixed() {
            let d = Dist::fixed(4.5).unwrap();
            let t = moments(&d, 100, 1);
            assert_eq!((t.min(), t.max()), (4.5, 4.5));
        }

        #[test]
        fn empirical_draws_only_its_values_in_proportion() {
            let d = Dist::empirical_weighted(vec![1.0, 2.0, 3.0], vec![1.0, 0.0, 3.0]).unwrap();
            let mut rng = Streams::new(5).stream(0, "emp");
            let draws: Vec<f64> = (0..40_000).map(|_| d.sample(&mut rng)).collect();
            assert!(draws.iter().all(|&x| x == 1.0 || x == 3.0));
            let ones = draws.iter().filter(|&&x| x == 1.0).count() as f64 / draws.len() as f64;
            // p = 0.25, se = sqrt(.25*.75/40000) ≈ 0.0022; 4.5 se ≈ 0.01.
            assert!((ones - 0.25).abs() < 0.01, "share of ones {ones}");
            assert_eq!(d.mean(), 2.5);
        }

        #[test]
        fn scaling_scales_the_mean() {
            for d in [
                Dist::lognormal(30.0, 8.0).unwrap(),
                Dist::triangular(1.0, 2.0, 4.0).unwrap(),
                Dist::erlang(2, 5.0).unwrap(),
            ] {
                assert!((d.scaled(24.0).mean() - 24.0 * d.mean()).abs() < 1e-9);
            }
            assert_mean(&Dist::lognormal(30.0, 8.0).unwrap().scaled(2.0), 16.0);
            let shifted = Dist::exponential(5.0).unwrap().plus(10.0);
            assert_eq!((shifted.mean(), shifted.min()), (15.0, 10.0));
            assert_mean(&shifted, 5.0);
            assert_eq!(shifted.to_string(), "10 + exponential(mean 5)");
        }

        #[test]
        fn bad_parameters_are_refused_with_a_reason() {
            assert!(
                Dist::exponential(-1.0)
                    .unwrap_err()
                    .to_string()
                    .contains("greater than 0")
            );
            assert!(Dist::triangular(3.0, 1.0, 4.0).is_err());
            assert!(Dist::uniform(5.0, 1.0).is_err());
            assert!(Dist::normal(f64::NAN, 1.0).is_err());
            assert!(Dist::empirical(vec![]).is_err());
            assert!(Dist::erlang(0, 1.0).is_err());
            assert!(Dist::fixed(f64::INFINITY).is_err());
        }
    }
}
