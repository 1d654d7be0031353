//! Paired statistics over replications: replication r of two points (or two
//! routes) met the same random numbers, so their difference is taken
//! replication by replication and its confidence interval is over those
//! differences, which is much narrower than comparing two independent means.

use crate::engine::student_t_quantile;
use crate::runfile::experiment::Difference;

/// The mean and 95 % confidence interval of Σ wᵢ·xᵢ,ᵣ over the replications r
/// where every series xᵢ has a (finite) value. Series may differ in length;
/// replications beyond the shortest are left out.
pub fn combination(terms: &[(f64, &[f64])]) -> Difference {
    let len = terms.iter().map(|(_, x)| x.len()).min().unwrap_or(0);
    let values: Vec<f64> = (0..len)
        .filter_map(|r| {
            let mut sum = 0.0;
            for (w, x) in terms {
                let v = x[r];
                if !v.is_finite() {
                    return None;
                }
                sum += w * v;
            }
            Some(sum)
        })
        .collect();
    summarise(&values)
}

/// The paired difference a − b.
pub fn difference(a: &[f64], b: &[f64]) -> Difference {
    combination(&[(1.0, a), (-1.0, b)])
}

/// Mean and t-based 95 % interval of independent values (none below two).
pub fn summarise(values: &[f64]) -> Difference {
    let n = values.len();
    if n == 0 {
        return Difference::default();
    }
    let mean = values.iter().sum::<f64>() / n as f64;
    let (ci95_low, ci95_high) = if n >= 2 {
        let var = values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1) as f64;
        let half = student_t_quantile(0.975, (n - 1) as f64) * (var / n as f64).sqrt();
        if half.is_finite() {
            (Some(mean - half), Some(mean + half))
        } else {
            (None, None)
        }
    } else {
        (None, None)
    };
    Difference {
        pairs: n as u64,
        mean: mean.is_finite().then_some(mean),
        ci95_low,
        ci95_high,
    }
}

/// Where a paired difference, known at increasing parameter values `xs`
/// (replication series `diffs[i]` at `xs[i]`), crosses zero: for each sign
/// change of the mean between neighbours, the value by linear interpolation
/// and its 95 % interval, the values of x where the confidence interval of
/// the interpolated difference (1 − w)·Dᵢ + w·Dᵢ₊₁, replication by
/// replication, holds zero. An end of the interval is `None` when it reaches
/// beyond the swept range. Returns (value, low, high, mean below the value).
pub fn crossings(xs: &[f64], diffs: &[&[f64]]) -> Vec<(f64, Option<f64>, Option<f64>, f64)> {
    let n = xs.len().min(diffs.len());
    if n < 2 || xs.windows(2).any(|w| w[1] <= w[0]) {
        return Vec::new();
    }
    let means: Vec<Option<f64>> = diffs[..n].iter().map(|d| summarise_mean(d)).collect();
    let at = |x: f64| -> Difference {
        let j = xs[..n].windows(2).position(|w| x <= w[1]).unwrap_or(n - 2);
        let w = ((x - xs[j]) / (xs[j + 1] - xs[j])).clamp(0.0, 1.0);
        combination(&[(1.0 - w, diffs[j]), (w, diffs[j + 1])])
    };
    let holds_zero = |x: f64| -> Option<bool> {
        let d = at(x);
        Some(d.ci95_low? <= 0.0 && 0.0 <= d.ci95_high?)
    };
    let mut out = Vec::new();
    for i in 0..n - 1 {
        let (Some(a), Some(b)) = (means[i], means[i + 1]) else {
            continue;
        };
        // A sign change: strictly across zero, or onto zero from either side
        // (counted once, at the segment that reaches it).
        let crosses = (a < 0.0 && b >= 0.0) || (a > 0.0 && b <= 0.0);
        if !crosses {
            continue;
        }
        let x0 = xs[i] + (xs[i + 1] - xs[i]) * a / (a - b);
        let (lo, hi) = match holds_zero(x0) {
            Some(true) => (
                edge(x0, xs[0], &holds_zero, (xs[n - 1] - xs[0]) / 400.0),
                edge(x0, xs[n - 1], &holds_zero, (xs[n - 1] - xs[0]) / 400.0),
            ),
            // A zero-width interval (no spread at all), or none: the value.
            Some(false) => (Some(x0), Some(x0)),
            None => (None, None),
        };
        out.push((x0, lo, hi, a));
    }
    out
}

/// From `start` (where the interval holds zero) toward `end`, the last x
/// where it still does, to a small fraction of the range; `None` when it
/// holds all the way to `end`.
fn edge(start: f64, end: f64, holds: &impl Fn(f64) -> Option<bool>, step: f64) -> Option<f64> {
    let dir = if end >= start { 1.0 } else { -1.0 };
    let step = step.abs().max(f64::MIN_POSITIVE);
    let mut inside = start;
    loop {
        let next = inside + dir * step;
        let past_end = (next - end) * dir >= 0.0;
        let probe = if past_end { end } else { next };
        if holds(probe) != Some(true) {
            // Bisect between `inside` (holds) and `probe` (does not).
            let (mut a, mut b) = (inside, probe);
            for _ in 0..40 {
                let m = 0.5 * (a + b);
                if holds(m) == Some(true) {
                    a = m;
                } else {
                    b = m;
                }
            }
            return Some(a);
        }
        if past_end {
            return None;
        }
        inside = next;
    }
}

fn summarise_mean(values: &[f64]) -> Option<f64> {
    let finite: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
    (!finite.is_empty()).then(|| finite.iter().sum::<f64>() / finite.len() as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_paired_difference_removes_the_shared_noise() {
        let noise = [3.0, -2.0, 5.0, 0.5, -4.0];
        let a: Vec<f64> = noise.iter().map(|n| 10.0 + n).collect();
        let b: Vec<f64> = noise.iter().map(|n| 8.0 + n).collect();
        let d = difference(&a, &b);
        assert_eq!(d.pairs, 5);
        assert!((d.mean.unwrap() - 2.0).abs() < 1e-12);
        assert!((d.ci95_high.unwrap() - d.ci95_low.unwrap()).abs() < 1e-9);
    }

    #[test]
    fn replications_without_a_value_are_left_out() {
        let d = difference(&[1.0, f64::NAN, 3.0], &[0.0, 0.0, 1.0]);
        assert_eq!(d.pairs, 2);
        assert_eq!(d.mean, Some(1.5));
    }

    #[test]
    fn a_crossing_is_interpolated_with_an_interval_around_it() {
        // D(x) = x − 5 plus noise shared within a replication at each x.
        let xs = [0.0, 4.0, 8.0];
        let noise = [0.5, -0.5, 0.3, -0.3, 0.1, -0.1];
        let series: Vec<Vec<f64>> = xs
            .iter()
            .map(|x| noise.iter().map(|n| x - 5.0 + n).collect())
            .collect();
        let refs: Vec<&[f64]> = series.iter().map(|s| s.as_slice()).collect();
        let found = crossings(&xs, &refs);
        assert_eq!(found.len(), 1);
        let (x, lo, hi, below) = found[0];
        assert!((x - 5.0).abs() < 1e-9, "{x}");
        assert!(below < 0.0);
        let (lo, hi) = (lo.unwrap(), hi.unwrap());
        assert!(lo < 5.0 && 5.0 < hi, "{lo}..{hi}");
        // Half-width of the mean of the noise: t(5)·sd/√6 ≈ 0.41.
        assert!(hi - lo > 0.5 && hi - lo < 1.0, "{lo}..{hi}");
    }

    #[test]
    fn no_sign_change_no_crossing() {
        let a = [1.0, 2.0];
        let b = [3.0, 4.0];
        assert!(crossings(&[0.0, 1.0], &[&a, &b]).is_empty());
    }
}
