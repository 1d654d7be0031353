//! Small statistics on samples that the charts draw: quantiles, histogram
//! bins, empirical CDFs and "nice" axis ranges. Summary statistics for tables
//! come from `summary.json`; these are only for drawing.

/// A sorted copy of the finite values.
pub fn sorted(values: &[f32]) -> Vec<f32> {
    let mut out: Vec<f32> = values.iter().copied().filter(|v| v.is_finite()).collect();
    out.sort_by(f32::total_cmp);
    out
}

/// The `q` quantile (0 ≤ q ≤ 1) of sorted values, linear interpolation
/// between order statistics (type 7, as in R and numpy's default).
///
/// ```
/// use corridor::report::sample::quantile;
/// // Transit days of four shipments, sorted: the median is 23.5 days.
/// assert_eq!(quantile(&[21.0, 23.0, 24.0, 30.0], 0.5), Some(23.5));
/// ```
pub fn quantile(sorted: &[f32], q: f64) -> Option<f64> {
    if sorted.is_empty() {
        return None;
    }
    let h = (sorted.len() - 1) as f64 * q.clamp(0.0, 1.0);
    let lo = h.floor() as usize;
    let hi = h.ceil() as usize;
    let (a, b) = (f64::from(sorted[lo]), f64::from(sorted[hi]));
    Some(a + (b - a) * (h - lo as f64))
}

/// The mean, or `None` for no values.
pub fn mean(values: &[f32]) -> Option<f64> {
    if values.is_empty() {
        None
    } else {
        Some(values.iter().map(|&v| f64::from(v)).sum::<f64>() / values.len() as f64)
    }
}

/// A tick step near `span / target` of the form 1, 2 or 5 × 10^k.
pub fn nice_step(span: f64, target: f64) -> f64 {
    if !(span.is_finite() && span > 0.0) {
        return 1.0;
    }
    let raw = span / target.max(1.0);
    let magnitude = 10f64.powf(raw.log10().floor());
    let fraction = raw / magnitude;
    let nice = if fraction <= 1.0 {
        1.0
    } else if fraction <= 2.0 {
        2.0
    } else if fraction <= 5.0 {
        5.0
    } else {
        10.0
    };
    nice * magnitude
}

/// The range of all values of several samples, widened to whole steps of a
/// nice bin width; `None` when there is no finite value.
pub fn binned_range(samples: &[&[f32]], bins: f64) -> Option<(f64, f64, f64)> {
    let (lo, hi) = extent(samples)?;
    // A single value (or all equal) still gets a readable axis around it.
    let span = (hi - lo).max(hi.abs().max(lo.abs()) * 0.05).max(1e-6);
    let width = nice_step(span, bins);
    let start = (lo / width).floor() * width;
    let mut end = (hi / width).ceil() * width;
    if end <= start {
        end = start + width;
    }
    // A value exactly on the upper edge belongs in the last bin, so make room.
    if hi >= end {
        end += width;
    }
    Some((start, end, width))
}

/// Minimum and maximum finite value over several samples.
pub fn extent(samples: &[&[f32]]) -> Option<(f64, f64)> {
    let mut lo = f64::INFINITY;
    let mut hi = f64::NEG_INFINITY;
    for sample in samples {
        for &v in *sample {
            if v.is_finite() {
                lo = lo.min(f64::from(v));
                hi = hi.max(f64::from(v));
            }
        }
    }
    (lo <= hi).then_some((lo, hi))
}

/// Histogram densities: the share of values per unit of x in each bin of
/// width `width` from `start`, as (bin start, density). Densities rather
/// than counts so that routes with different numbers of arrivals compare.
pub fn density(values: &[f32], start: f64, end: f64, width: f64) -> Vec<(f64, f64)> {
    let bins = (((end - start) / width).round() as usize).max(1);
    let mut counts = vec![0u64; bins];
    let mut n = 0u64;
    for &v in values {
        if !v.is_finite() {
            continue;
        }
        let i = ((f64::from(v) - start) / width).floor();
        if i >= 0.0 && (i as usize) < bins {
            counts[i as usize] += 1;
            n += 1;
        }
    }
    let scale = if n == 0 {
        0.0
    } else {
        1.0 / (n as f64 * width)
    };
    counts
        .iter()
        .enumerate()
        .map(|(i, &c)| (start + i as f64 * width, c as f64 * scale))
        .collect()
}

/// The outline of a histogram as a closed step line from y = 0 to y = 0.
pub fn step_outline(bins: &[(f64, f64)], width: f64) -> Vec<(f64, f64)> {
    let mut out = Vec::with_capacity(bins.len() * 2 + 2);
    if let Some(&(x0, _)) = bins.first() {
        out.push((x0, 0.0));
    }
    for &(x, y) in bins {
        out.push((x, y));
        out.push((x + width, y));
    }
    if let Some(&(x, _)) = bins.last() {
        out.push((x + width, 0.0));
    }
    out
}

/// The empirical CDF of sorted values as a step line, in percent, thinned to
/// at most about `max_points` vertices so a million shipments do not make a
/// million-vertex SVG path. Starts at (`from`, 0) and ends at (`to`, 100).
pub fn ecdf_steps(sorted: &[f32], from: f64, to: f64, max_points: usize) -> Vec<(f64, f64)> {
    let n = sorted.len();
    let mut out = vec![(from, 0.0)];
    if n == 0 {
        out.push((to, 0.0));
        return out;
    }
    let stride = (n / max_points.max(1)).max(1);
    let mut previous = 0.0;
    let mut i = 0;
    while i < n {
        // Jump to the last copy of a tied value so the step is exact.
        let mut j = (i + stride - 1).min(n - 1);
        while j + 1 < n && sorted[j + 1] == sorted[j] {
            j += 1;
        }
        let x = f64::from(sorted[j]);
        let y = 100.0 * (j + 1) as f64 / n as f64;
        out.push((x, previous));
        out.push((x, y));
        previous = y;
        i = j + 1;
    }
    out.push((to, 100.0));
    out
}

/// Five numbers for a box plot: (p5, p25, p50, p75, p95).
pub fn box_stats(sorted: &[f32]) -> Option<[f64; 5]> {
    Some([
        quantile(sorted, 0.05)?,
        quantile(sorted, 0.25)?,
        quantile(sorted, 0.50)?,
        quantile(sorted, 0.75)?,
        quantile(sorted, 0.95)?,
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    mod quantile {
        use super::*;

        #[test]
        fn interpolates_between_order_statistics() {
            let s = [1.0, 2.0, 3.0, 4.0];
            assert_eq!(quantile(&s, 0.5), Some(2.5));
            assert_eq!(quantile(&s, 0.0), Some(1.0));
            assert_eq!(quantile(&s, 1.0), Some(4.0));
        }

        #[test]
        fn is_none_for_no_values() {
            assert_eq!(quantile(&[], 0.5), None);
        }
    }

    mod density {
        use super::*;

        #[test]
        fn integrates_to_one() {
            let values = [0.5, 1.5, 1.7, 2.2, 9.9];
            let bins = density(&values, 0.0, 10.0, 1.0);
            let area: f64 = bins.iter().map(|b| b.1 * 1.0).sum();
            assert!((area - 1.0).abs() < 1e-12);
            assert_eq!(bins.len(), 10);
        }
    }

    mod binned_range {
        use super::*;

        #[test]
        fn covers_every_value_with_nice_edges() {
            let a = [19.2f32, 33.1];
            let b = [40.0f32];
            let (start, end, width) = binned_range(&[&a, &b], 40.0).unwrap();
            assert!(start <= 19.2 && end > 40.0);
            assert_eq!(width, 1.0);
        }
    }

    mod ecdf {
        use super::*;

        #[test]
        fn ends_at_one_hundred_percent_and_never_falls() {
            let s = sorted(&[3.0, 1.0, 2.0, 2.0]);
            let steps = ecdf_steps(&s, 0.0, 5.0, 100);
            assert_eq!(steps.last(), Some(&(5.0, 100.0)));
            assert!(steps.windows(2).all(|w| w[1].1 >= w[0].1));
            // The tie at 2 is one step from 25 % to 75 %.
            assert!(steps.contains(&(2.0, 75.0)));
        }

        #[test]
        fn is_thinned_for_large_samples() {
            let values: Vec<f32> = (0..100_000).map(|i| i as f32).collect();
            let steps = ecdf_steps(&values, 0.0, 1e5, 500);
            assert!(steps.len() < 1_100);
        }
    }
}
