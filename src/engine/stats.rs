//! Statistics collected during a run and merged across replications.
//!
//! - [`Tally`]: observations (waits, transit days): count, mean, variance
//!   (Welford's update, Chan's merge), min, max, and percentiles when asked to
//!   keep the samples.
//! - [`TimeWeighted`]: a piecewise-constant quantity (queue length, busy
//!   servers) averaged over time.
//! - [`normal_quantile`] and [`student_t_quantile`] for confidence intervals.

/// Running statistics of a series of observations.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Tally {
    count: u64,
    mean: f64,
    /// Sum of squared deviations from the mean (Welford's M2).
    m2: f64,
    min: f64,
    max: f64,
    /// Kept only when percentiles are wanted; `None` keeps memory constant.
    samples: Option<Vec<f64>>,
}

impl Tally {
    /// A tally that keeps count, mean, variance, min and max in constant memory.
    pub fn new() -> Self {
        Self::default()
    }

    /// A tally that also keeps every sample, so percentiles can be computed.
    pub fn with_samples() -> Self {
        Tally {
            samples: Some(Vec::new()),
            ..Self::default()
        }
    }

    /// Adds one observation.
    #[inline]
    pub fn add(&mut self, x: f64) {
        self.count += 1;
        if self.count == 1 {
            self.min = x;
            self.max = x;
        } else {
            self.min = self.min.min(x);
            self.max = self.max.max(x);
        }
        let delta = x - self.mean;
        self.mean += delta / self.count as f64;
        self.m2 += delta * (x - self.mean);
        if let Some(samples) = &mut self.samples {
            samples.push(x);
        }
    }

    /// Folds another tally into this one, as if its observations had been
    /// added here (Chan et al.'s parallel update). Samples are kept only if
    /// both sides keep them.
    pub fn merge(&mut self, other: &Tally) {
        if other.count == 0 {
            return;
        }
        if self.count == 0 {
            let keep = self.samples.is_some();
            *self = other.clone();
            if !keep {
                self.samples = None;
            }
            return;
        }
        let (n_a, n_b) = (self.count as f64, other.count as f64);
        let n = n_a + n_b;
        let delta = other.mean - self.mean;
        self.mean += delta * n_b / n;
        self.m2 += other.m2 + delta * delta * n_a * n_b / n;
        self.count += other.count;
        self.min = self.min.min(other.min);
        self.max = self.max.max(other.max);
        match (&mut self.samples, &other.samples) {
            (Some(mine), Some(theirs)) => mine.extend_from_slice(theirs),
            (mine @ Some(_), None) => *mine = None,
            _ => {}
        }
    }

    /// Number of observations.
    pub fn count(&self) -> u64 {
        self.count
    }

    /// Mean, or `NaN` with no observations.
    pub fn mean(&self) -> f64 {
        if self.count == 0 { f64::NAN } else { self.mean }
    }

    /// Sum of the observations.
    pub fn sum(&self) -> f64 {
        self.mean * self.count as f64
    }

    /// Sample variance (n − 1 in the denominator), `NaN` below two observations.
    pub fn variance(&self) -> f64 {
        if self.count < 2 {
            f64::NAN
        } else {
            self.m2 / (self.count - 1) as f64
        }
    }

    /// Sample standard deviation.
    pub fn std_dev(&self) -> f64 {
        self.variance().sqrt()
    }

    /// Smallest observation (`NaN` with none).
    pub fn min(&self) -> f64 {
        if self.count == 0 { f64::NAN } else { self.min }
    }

    /// Largest observation (`NaN` with none).
    pub fn max(&self) -> f64 {
        if self.count == 0 { f64::NAN } else { self.max }
    }

    /// Half-width of the two-sided confidence interval of the mean at `level`
    /// (for example 0.95), from Student's t with n − 1 degrees of freedom.
    pub fn ci_half_width(&self, level: f64) -> f64 {
        if self.count < 2 {
            return f64::NAN;
        }
        let t = student_t_quantile(0.5 + level / 2.0, (self.count - 1) as f64);
        t * self.std_dev() / (self.count as f64).sqrt()
    }

    /// The `p`-th percentile (0–100) by linear interpolation between order
    /// statistics (type 7, the default of R and NumPy). `None` if samples were
    /// not kept or there are none.
    pub fn percentile(&self, p: f64) -> Option<f64> {
        let samples = self.samples.as_ref().filter(|s| !s.is_empty())?;
        let mut sorted = samples.clone();
        sorted.sort_by(f64::total_cmp);
        Some(percentile_of_sorted(&sorted, p))
    }

    /// Several percentiles at once, sorting the samples only once.
    pub fn percentiles(&self, ps: &[f64]) -> Option<Vec<f64>> {
        let samples = self.samples.as_ref().filter(|s| !s.is_empty())?;
        let mut sorted = samples.clone();
        sorted.sort_by(f64::total_cmp);
        Some(
            ps.iter()
                .map(|&p| percentile_of_sorted(&sorted, p))
                .collect(),
        )
    }

    /// The kept samples, in the order they were added.
    pub fn samples(&self) -> Option<&[f64]> {
        self.samples.as_deref()
    }
}

/// Type-7 percentile of already sorted, non-empty data.
pub(crate) fn percentile_of_sorted(sorted: &[f64], p: f64) -> f64 {
    let p = p.clamp(0.0, 100.0) / 100.0;
    let pos = p * (sorted.len() - 1) as f64;
    let lo = pos.floor() as usize;
    let hi = pos.ceil() as usize;
    sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo as f64)
}

/// The time average of a piecewise-constant quantity.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct TimeWeighted {
    start_h: f64,
    last_h: f64,
    value: f64,
    /// Integral of the value over time, value·hours.
    area: f64,
    max: f64,
}

impl TimeWeighted {
    /// Starts observing at `start_h` hours with the given value.
    pub fn new(start_h: f64, value: f64) -> Self {
        TimeWeighted {
            start_h,
            last_h: start_h,
            value,
            area: 0.0,
            max: value,
        }
    }

    /// The quantity changes to `value` at time `now_h`.
    #[inline]
    pub fn set(&mut self, now_h: f64, value: f64) {
        self.area += self.value * (now_h - self.last_h);
        self.last_h = now_h;
        self.value = value;
        if value > self.max {
            self.max = value;
        }
    }

    /// The current value.
    pub fn current(&self) -> f64 {
        self.value
    }

    /// Largest value seen.
    pub fn max(&self) -> f64 {
        self.max
    }

    /// Integral of the value from the start to `now_h`, value·hours.
    pub fn area_until(&self, now_h: f64) -> f64 {
        self.area + self.value * (now_h - self.last_h)
    }

    /// Time average from the start to `now_h` (`NaN` over an empty interval).
    pub fn mean_until(&self, now_h: f64) -> f64 {
        let span = now_h - self.start_h;
        if span <= 0.0 {
            f64::NAN
        } else {
            self.area_until(now_h) / span
        }
    }

    /// Closes the observation at `now_h` and returns (area, duration) so that
    /// averages from several replications can be pooled: Σarea / Σduration.
    pub fn close(&self, now_h: f64) -> (f64, f64) {
        (self.area_until(now_h), now_h - self.start_h)
    }
}

/// Quantile of the standard normal distribution (Acklam's rational
/// approximation, relative error below 1.2e-9), for `p` in (0, 1).
pub fn normal_quantile(p: f64) -> f64 {
    const A: [f64; 6] = [
        -3.969_683_028_665_376e1,
        2.209_460_984_245_205e2,
        -2.759_285_104_469_687e2,
        1.383_577_518_672_69e2,
        -3.066_479_806_614_716e1,
        2.506_628_277_459_239,
    ];
    const B: [f64; 5] = [
        -5.447_609_879_822_406e1,
        1.615_858_368_580_409e2,
        -1.556_989_798_598_866e2,
        6.680_131_188_771_972e1,
        -1.328_068_155_288_572e1,
    ];
    const C: [f64; 6] = [
        -7.784_894_002_430_293e-3,
        -3.223_964_580_411_365e-1,
        -2.400_758_277_161_838,
        -2.549_732_539_343_734,
        4.374_664_141_464_968,
        2.938_163_982_698_783,
    ];
    const D: [f64; 4] = [
        7.784_695_709_041_462e-3,
        3.224_671_290_700_398e-1,
        2.445_134_137_142_996,
        3.754_408_661_907_416,
    ];
    const P_LOW: f64 = 0.02425;
    if p <= 0.0 {
        return f64::NEG_INFINITY;
    }
    if p >= 1.0 {
        return f64::INFINITY;
    }
    if p < P_LOW {
        let q = (-2.0 * p.ln()).sqrt();
        (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    } else if p <= 1.0 - P_LOW {
        let q = p - 0.5;
        let r = q * q;
        (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
            / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1.0)
    } else {
        -normal_quantile(1.0 - p)
    }
}

/// Quantile of Student's t distribution with `df` degrees of freedom.
///
/// For whole `df` up to 30 (the small samples where an approximation would
/// show: a 95 % interval from two replications needs t = 12.706, which the
/// expansion below puts at 11.3) it inverts the exact distribution function
/// by bisection; beyond, and for fractional `df`, it uses the Cornish–Fisher
/// expansion around the normal quantile (Abramowitz & Stegun 26.7.5),
/// accurate to about 1e-3 for df ≥ 5 and to within 1e-6 of the normal
/// quantile for df > 1000.
pub fn student_t_quantile(p: f64, df: f64) -> f64 {
    if df.fract() == 0.0 && (1.0..=30.0).contains(&df) && p > 0.0 && p < 1.0 {
        let nu = df as u32;
        if p < 0.5 {
            return -student_t_quantile(1.0 - p, df);
        }
        let (mut lo, mut hi) = (0.0_f64, 1.0_f64);
        while student_t_cdf(hi, nu) < p && hi < 1e12 {
            hi *= 2.0;
        }
        for _ in 0..200 {
            let mid = 0.5 * (lo + hi);
            if student_t_cdf(mid, nu) < p {
                lo = mid;
            } else {
                hi = mid;
            }
            if hi - lo <= 1e-12 * hi.max(1.0) {
                break;
            }
        }
        return 0.5 * (lo + hi);
    }
    let z = normal_quantile(p);
    let z2 = z * z;
    let g1 = (z2 + 1.0) * z / 4.0;
    let g2 = ((5.0 * z2 + 16.0) * z2 + 3.0) * z / 96.0;
    let g3 = (((3.0 * z2 + 19.0) * z2 + 17.0) * z2 - 15.0) * z / 384.0;
    let g4 = ((((79.0 * z2 + 776.0) * z2 + 1482.0) * z2 - 1920.0) * z2 - 945.0) * z / 92160.0;
    z + g1 / df + g2 / df.powi(2) + g3 / df.powi(3) + g4 / df.powi(4)
}

/// The distribution function of Student's t with `nu` (whole) degrees of
/// freedom, by the finite series in θ = atan(t/√ν) (Abramowitz & Stegun
/// 26.7.3 and 26.7.4).
fn student_t_cdf(t: f64, nu: u32) -> f64 {
    let theta = (t / f64::from(nu).sqrt()).atan();
    let (s, c) = theta.sin_cos();
    let c2 = c * c;
    if nu % 2 == 1 {
        // 1/2 + (θ + sinθ cosθ (1 + 2/3 cos²θ + 2·4/(3·5) cos⁴θ + …)) / π
        let mut term = 1.0;
        let mut sum = 0.0;
        if nu > 1 {
            sum = 1.0;
            let mut k = 1;
            while 2 * k + 1 < nu {
                term *= c2 * f64::from(2 * k) / f64::from(2 * k + 1);
                sum += term;
                k += 1;
            }
        }
        0.5 + (theta + s * c * sum) / std::f64::consts::PI
    } else {
        // 1/2 + sinθ/2 (1 + 1/2 cos²θ + 1·3/(2·4) cos⁴θ + …)
        let mut term = 1.0;
        let mut sum = 1.0;
        let mut k = 1;
        while 2 * k < nu {
            term *= c2 * f64::from(2 * k - 1) / f64::from(2 * k);
            sum += term;
            k += 1;
        }
        0.5 + 0.5 * s * sum
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    mod student_t {
        use super::*;

        #[test]
        fn quantiles_match_the_tables_for_small_samples() {
            // Two-sided 95 % critical values (any statistics table).
            for (df, t) in [
                (1.0, 12.7062),
                (2.0, 4.3027),
                (3.0, 3.1824),
                (4.0, 2.7764),
                (5.0, 2.5706),
                (10.0, 2.2281),
                (30.0, 2.0423),
                (100.0, 1.9840),
            ] {
                let got = student_t_quantile(0.975, df);
                assert!((got - t).abs() < 5e-4, "df {df}: {got} against {t}");
                assert!((student_t_quantile(0.025, df) + t).abs() < 5e-4);
            }
        }
    }

    mod tally {
        use super::*;

        #[test]
        fn matches_the_textbook_formulas() {
            let mut t = Tally::with_samples();
            for x in [2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0] {
                t.add(x);
            }
            assert_eq!(t.count(), 8);
            assert!((t.mean() - 5.0).abs() < 1e-12);
            assert!((t.variance() - 32.0 / 7.0).abs() < 1e-12);
            assert_eq!((t.min(), t.max()), (2.0, 9.0));
            assert_eq!(t.percentile(50.0), Some(4.5));
            assert_eq!(t.percentile(0.0), Some(2.0));
            assert_eq!(t.percentile(100.0), Some(9.0));
        }

        #[test]
        fn merging_equals_adding_everything_to_one() {
            let xs: Vec<f64> = (0..1000)
                .map(|i| ((i * 7919) % 1013) as f64 / 10.0)
                .collect();
            let mut whole = Tally::with_samples();
            xs.iter().for_each(|&x| whole.add(x));
            let (mut a, mut b) = (Tally::with_samples(), Tally::with_samples());
            xs[..313].iter().for_each(|&x| a.add(x));
            xs[313..].iter().for_each(|&x| b.add(x));
            a.merge(&b);
            assert_eq!(a.count(), whole.count());
            assert!((a.mean() - whole.mean()).abs() < 1e-9);
            assert!((a.variance() - whole.variance()).abs() < 1e-6);
            assert_eq!(a.percentile(90.0), whole.percentile(90.0));
            assert_eq!((a.min(), a.max()), (whole.min(), whole.max()));
        }

        #[test]
        fn merging_into_an_empty_tally_keeps_its_sample_policy() {
            let mut with = Tally::new();
            with.add(1.0);
            let mut empty = Tally::with_samples();
            empty.merge(&with);
            assert_eq!(empty.count(), 1);
            assert_eq!(
                empty.percentile(50.0),
                None,
                "the other side kept no samples"
            );
        }

        #[test]
        fn empty_tally_reports_nan_not_zero() {
            let t = Tally::new();
            assert!(t.mean().is_nan() && t.variance().is_nan() && t.min().is_nan());
            assert_eq!(t.percentile(50.0), None);
        }
    }

    mod time_weighted {
        use super::*;

        #[test]
        fn averages_a_step_function() {
            // 0 for 2 h, 3 for 1 h, 1 for 1 h: area 4 over 4 h.
            let mut q = TimeWeighted::new(0.0, 0.0);
            q.set(2.0, 3.0);
            q.set(3.0, 1.0);
            assert_eq!(q.mean_until(4.0), 1.0);
            assert_eq!(q.max(), 3.0);
            assert_eq!(q.close(4.0), (4.0, 4.0));
        }
    }

    mod quantiles {
        use super::*;

        #[test]
        fn normal_quantiles_match_tables() {
            assert!((normal_quantile(0.975) - 1.959_964).abs() < 1e-5);
            assert!((normal_quantile(0.995) - 2.575_829).abs() < 1e-5);
            assert!((normal_quantile(0.5)).abs() < 1e-12);
            assert!((normal_quantile(0.001) + 3.090_232).abs() < 1e-5);
        }

        #[test]
        fn t_quantiles_match_tables() {
            // Two-sided 95 % and 99 % critical values.
            assert!((student_t_quantile(0.975, 10.0) - 2.228).abs() < 2e-3);
            assert!((student_t_quantile(0.995, 10.0) - 3.169).abs() < 5e-3);
            assert!((student_t_quantile(0.975, 30.0) - 2.042).abs() < 1e-3);
            assert!((student_t_quantile(0.995, 99.0) - 2.626).abs() < 1e-3);
        }
    }
}
