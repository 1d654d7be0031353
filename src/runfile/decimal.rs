//! Six-decimal numbers for the CSV files, written without `core::fmt`.
//!
//! `shipments.csv` holds about twenty numbers per shipment, and formatting
//! them with `{:.6}` (exact decimal expansion, Grisu with a Dragon4
//! fallback) was a tenth of a baseline run's CPU time. Most values are
//! days and dollars far below 10⁷, for which `x × 10⁶` is exact to well
//! under a thousandth, so the nearest integer to it is the rounded value
//! unless `x × 10⁶` lies within a hair of a half; those, and anything
//! large or not finite, go through `{:.6}`. The output is the same bytes
//! as `{:.6}` for every input (tested against it).

use std::io::Write as _;

/// Appends `x` as `format!("{x:.6}")` would write it.
pub fn push_fixed6(out: &mut Vec<u8>, x: f64) {
    match scaled(x) {
        Some(n) => push_scaled(out, x.is_sign_negative(), n),
        None => {
            // Writing into a Vec cannot fail.
            let _ = write!(out, "{x:.6}");
        }
    }
}

/// `|x| × 10⁶` rounded to the nearest integer, when that is certain to be
/// what the exact decimal expansion of `x` rounds to.
#[inline]
fn scaled(x: f64) -> Option<u64> {
    let a = x.abs();
    // Below 10⁷, a × 10⁶ < 2⁴⁴: its rounding error is at most 2⁻⁹ / 2.
    if a.is_nan() || a >= 1e7 {
        return None;
    }
    let y = a * 1e6;
    let whole = y.floor();
    let frac = y - whole;
    // Too near a half to tell which way the exact value rounds (and exact
    // halves, left to `{:.6}`'s own rule).
    if (frac - 0.5).abs() < 0.01 {
        return None;
    }
    Some(whole as u64 + u64::from(frac > 0.5))
}

/// Writes `n / 10⁶` with six decimals, with a minus sign if `negative`
/// (as `{:.6}` writes `-0.000000` for negative values that round to zero).
#[inline]
fn push_scaled(out: &mut Vec<u8>, negative: bool, n: u64) {
    // 10⁷ × 10⁶ has 14 digits; with the point and sign, 16 bytes.
    let mut buf = [0u8; 24];
    let mut i = buf.len();
    let mut rest = n;
    for _ in 0..6 {
        i -= 1;
        buf[i] = b'0' + (rest % 10) as u8;
        rest /= 10;
    }
    i -= 1;
    buf[i] = b'.';
    loop {
        i -= 1;
        buf[i] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    if negative {
        i -= 1;
        buf[i] = b'-';
    }
    out.extend_from_slice(&buf[i..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixed6(x: f64) -> String {
        let mut out = Vec::new();
        push_fixed6(&mut out, x);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn writes_what_the_standard_formatter_writes() {
        let mut special = vec![
            0.0,
            -0.0,
            1.0,
            -1.0,
            0.5,
            1e-7,
            -1e-7,
            4e-7,
            5e-7,
            -5e-7,
            6e-7,
            0.0078125, // × 10⁶ is exactly 7812.5, a tie
            0.0234375,
            2.5e-6,
            3.5e-6,
            9_999_999.999_999_5,
            1e7,
            -1e7,
            123_456_789.123,
            f64::MAX,
            f64::MIN_POSITIVE,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NAN,
            21.338,
            41.7,
            57.656,
        ];
        // Dyadic fractions: exact halves at the sixth decimal and their
        // neighbours one unit in the last place away.
        for k in 1..2000u32 {
            let x = f64::from(k) / 128.0;
            special.extend([x, x.next_up(), x.next_down(), -x]);
        }
        for x in special {
            assert_eq!(fixed6(x), format!("{x:.6}"), "{x:e}");
        }
        // Days, dollars and tonnes of every size, from a fixed generator.
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        for _ in 0..200_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let mantissa = (state >> 11) as f64 / (1u64 << 53) as f64;
            let exponent = (state % 17) as i32 - 9;
            let x = (mantissa - 0.2) * 10f64.powi(exponent);
            assert_eq!(fixed6(x), format!("{x:.6}"), "{x:e}");
        }
    }
}
