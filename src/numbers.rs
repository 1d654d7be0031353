//! Numbers as readers see them, in the terminal, charts and reports: one
//! way to round, group thousands, sign a difference, show a share and a
//! mean with its confidence interval. A value that does not exist (no
//! arrivals, no interval) shows as `–`.
//!
//! Files meant for programs (CSV, JSON) do not use this module: they keep
//! full precision.

/// Shown for a value that does not exist.
pub const NONE: &str = "–";

/// `1234567` → `1,234,567`; negatives get a true minus sign (`−1,234`).
pub fn thousands(value: i64) -> String {
    let digits = value.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if value < 0 { format!("−{out}") } else { out }
}

/// A number with `decimals` decimals (thousands grouped when 0), or `–`.
pub fn number(value: Option<f64>, decimals: usize) -> String {
    match value {
        Some(v) if v.is_finite() => {
            if decimals == 0 {
                thousands(v.round() as i64)
            } else if v < 0.0 && format!("{:.decimals$}", -v) != format!("{:.decimals$}", 0.0) {
                format!("−{:.decimals$}", -v)
            } else {
                format!("{:.decimals$}", v.abs())
            }
        }
        _ => NONE.to_string(),
    }
}

/// A difference with its sign always shown (`+2.1`, `−0.4`, `0.0`), or `–`.
pub fn signed(value: Option<f64>, decimals: usize) -> String {
    let text = number(value, decimals);
    match value {
        Some(v) if v > 0.0 && text != number(Some(0.0), decimals) => format!("+{text}"),
        _ => text,
    }
}

/// A share as a whole percentage (`0.314` → `31 %`), or `–`.
pub fn percent(value: Option<f64>) -> String {
    match value {
        Some(v) if v.is_finite() => format!("{:.0} %", v * 100.0),
        _ => NONE.to_string(),
    }
}

/// Decimals that show an interval of half-width `half` with at least one
/// significant digit, from `decimals` up to `decimals + 3`.
pub fn decimals_for(half: f64, decimals: usize) -> usize {
    let mut d = decimals;
    while d < decimals + 3 && half.is_finite() && half > 0.0 && half < 0.5 * 10f64.powi(-(d as i32))
    {
        d += 1;
    }
    d
}

/// A mean with its 95 % confidence interval, `21.3 (21.1–21.5)`. The
/// decimals grow (up to three more) until the interval shows, so a narrow
/// interval never reads as `21.5 (21.5–21.5)`; an interval narrower than
/// that says so (`21.500 (±<0.0005)`). Without an interval, the mean alone.
pub fn estimate(mean: Option<f64>, ci: Option<(f64, f64)>, decimals: usize) -> String {
    let Some(m) = mean.filter(|m| m.is_finite()) else {
        return NONE.to_string();
    };
    let Some((low, high)) = ci.filter(|(l, h)| l.is_finite() && h.is_finite()) else {
        return number(Some(m), decimals);
    };
    let d = decimals_for((high - low) / 2.0, decimals);
    let (ml, mh) = (number(Some(low), d), number(Some(high), d));
    if ml == mh {
        format!(
            "{} (±<{})",
            number(Some(m), d),
            0.5 * 10f64.powi(-(d as i32))
        )
    } else {
        format!("{} ({ml}–{mh})", number(Some(m), d))
    }
}

/// A percentile with its 95 % confidence interval at fixed `decimals`,
/// `57.4 (57.1–57.9)`: the digits are the column's, so the interval says
/// how many of them carry information. An interval narrower than the last
/// digit, which would read `21.5 (21.5–21.5)`, shows as `21.5 (–)`; without
/// an interval, the value alone.
pub fn quantile(value: Option<f64>, ci: Option<(f64, f64)>, decimals: usize) -> String {
    let text = number(value, decimals);
    if value.is_none_or(|v| !v.is_finite()) {
        return text;
    }
    match ci.filter(|(l, h)| l.is_finite() && h.is_finite()) {
        None => text,
        Some((low, high)) => {
            let (l, h) = (number(Some(low), decimals), number(Some(high), decimals));
            if l == h {
                format!("{text} ({NONE})")
            } else {
                format!("{text} ({l}–{h})")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_group_digits_and_sign() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(thousands(-1_234), "−1,234");
    }

    #[test]
    fn missing_values_show_a_dash() {
        assert_eq!(number(None, 1), "–");
        assert_eq!(number(Some(f64::NAN), 1), "–");
        assert_eq!(percent(None), "–");
        assert_eq!(estimate(None, Some((1.0, 2.0)), 1), "–");
    }

    #[test]
    fn signs_are_shown_but_never_on_zero() {
        assert_eq!(signed(Some(2.14), 1), "+2.1");
        assert_eq!(signed(Some(-0.44), 1), "−0.4");
        assert_eq!(signed(Some(0.01), 1), "0.0");
        assert_eq!(signed(Some(-0.01), 1), "0.0");
        assert_eq!(signed(Some(1500.0), 0), "+1,500");
    }

    #[test]
    fn a_narrow_interval_gets_the_digits_it_needs() {
        assert_eq!(
            estimate(Some(21.3), Some((21.1, 21.5)), 1),
            "21.3 (21.1–21.5)"
        );
        assert_eq!(
            estimate(Some(21.5), Some((21.49, 21.51)), 1),
            "21.50 (21.49–21.51)"
        );
        assert_eq!(estimate(Some(21.5), Some((21.5, 21.5)), 1), "21.5 (±<0.05)");
        assert_eq!(estimate(Some(21.5), None, 1), "21.5");
    }

    #[test]
    fn a_percentile_interval_that_rounds_away_shows_a_dash() {
        assert_eq!(
            quantile(Some(57.4), Some((57.12, 57.93)), 1),
            "57.4 (57.1–57.9)"
        );
        assert_eq!(quantile(Some(21.5), Some((21.48, 21.52)), 1), "21.5 (–)");
        assert_eq!(quantile(Some(21.5), None, 1), "21.5");
        assert_eq!(quantile(None, Some((1.0, 2.0)), 1), "–");
    }
}
