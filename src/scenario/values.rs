//! Reading and checking values: numbers with ranges, and distributions
//! written as `12`, `{ triangular = [1, 2, 4] }`, `{ lognormal = { mean = 30, sd = 8 } }`.

use crate::engine::Dist;

/// Distribution names a scenario may use.
pub const DISTRIBUTIONS: &[&str] = &[
    "fixed",
    "uniform",
    "triangular",
    "normal",
    "lognormal",
    "exponential",
    "gamma",
    "erlang",
    "empirical",
];

/// A numeric check failed: the message says what is wrong.
pub type Check<T> = Result<T, String>;

/// Largest size of a number in a scenario: far above any real price,
/// distance, rate or duration, and far enough below `f64::MAX` that the
/// model's products and quotients of a few of them stay finite.
pub const MAX_MAGNITUDE: f64 = 1e12;

/// Smallest size of a number other than zero, for the same reason: a speed
/// or rate of 1e-300 would make times infinite.
pub const MIN_MAGNITUDE: f64 = 1e-12;

/// A finite number, zero or between [`MIN_MAGNITUDE`] and [`MAX_MAGNITUDE`]
/// in size.
pub fn finite(x: f64) -> Check<f64> {
    if !x.is_finite() {
        return Err(format!("must be a finite number, got {x}"));
    }
    if x.abs() > MAX_MAGNITUDE {
        return Err(format!(
            "{x:e} is out of range: numbers in a scenario are at most 1e12 in size"
        ));
    }
    if x != 0.0 && x.abs() < MIN_MAGNITUDE {
        return Err(format!(
            "{x:e} is out of range: numbers in a scenario other than 0 are at least 1e-12 in size"
        ));
    }
    Ok(x)
}

/// A finite number greater than zero.
pub fn positive(x: f64) -> Check<f64> {
    finite(x)?;
    if x > 0.0 {
        Ok(x)
    } else {
        Err(format!("must be greater than 0, got {x}"))
    }
}

/// A finite number of at least zero.
pub fn non_negative(x: f64) -> Check<f64> {
    finite(x)?;
    if x >= 0.0 {
        Ok(x)
    } else {
        Err(format!("must not be negative, got {x}"))
    }
}

/// A probability or share, 0–1.
pub fn share(x: f64) -> Check<f64> {
    finite(x)?;
    if (0.0..=1.0).contains(&x) {
        Ok(x)
    } else {
        Err(format!(
            "must be between 0 and 1 (a share, not a percentage), got {x}"
        ))
    }
}

/// Longest cutoff before a timetabled departure, hours (30 days).
pub const MAX_CUTOFF_H: f64 = 720.0;

/// A cutoff before a departure, hours: 0 to [`MAX_CUTOFF_H`].
pub fn cutoff_h(x: f64) -> Check<f64> {
    non_negative(x)?;
    if x > MAX_CUTOFF_H {
        return Err(format!(
            "must be at most {MAX_CUTOFF_H} h (30 days) before the departure, got {x}"
        ));
    }
    Ok(x)
}

/// Most background arrivals a day at one border post: each is an event, and
/// more than this would only make runs endless.
pub const MAX_BACKGROUND_PER_DAY: f64 = 10_000.0;

/// Background arrivals a day: 0 to [`MAX_BACKGROUND_PER_DAY`].
pub fn background_per_day(x: f64) -> Check<f64> {
    non_negative(x)?;
    if x > MAX_BACKGROUND_PER_DAY {
        return Err(format!(
            "must be at most {MAX_BACKGROUND_PER_DAY} a day (each is simulated), got {x}"
        ));
    }
    Ok(x)
}

fn number(v: &toml::Value) -> Option<f64> {
    match v {
        toml::Value::Integer(i) => Some(*i as f64),
        toml::Value::Float(f) => Some(*f),
        _ => None,
    }
}

fn numbers(v: &toml::Value, what: &str, n: Option<usize>) -> Check<Vec<f64>> {
    let arr = v
        .as_array()
        .ok_or_else(|| format!("`{what}` takes an array of numbers"))?;
    let xs = arr
        .iter()
        .map(|x| {
            number(x)
                .ok_or_else(|| format!("`{what}` takes numbers only, found {x}"))
                .and_then(finite)
        })
        .collect::<Check<Vec<f64>>>()?;
    if let Some(n) = n
        && xs.len() != n
    {
        return Err(format!("`{what}` takes {n} numbers, found {}", xs.len()));
    }
    Ok(xs)
}

fn field(t: &toml::Table, what: &str, key: &str) -> Check<f64> {
    let v = t
        .get(key)
        .ok_or_else(|| format!("`{what}` needs `{key}`"))?;
    number(v)
        .ok_or_else(|| format!("`{what}.{key}` must be a number, found {v}"))
        .and_then(finite)
}

fn only_keys(t: &toml::Table, what: &str, allowed: &[&str]) -> Check<()> {
    for k in t.keys() {
        if !allowed.contains(&k.as_str()) {
            return Err(format!(
                "`{what}` has an unknown key `{k}` (expected {})",
                allowed.join(", ")
            ));
        }
    }
    Ok(())
}

/// Reads a number or a named distribution.
pub fn dist(v: &toml::Value) -> Check<Dist> {
    if let Some(x) = number(v) {
        return Dist::fixed(finite(x)?).map_err(|e| e.to_string());
    }
    let t = v.as_table().ok_or_else(|| {
        format!(
            "must be a number or a distribution such as {{ triangular = [1, 2, 4] }}, found {}",
            v.type_str()
        )
    })?;
    if t.len() != 1 {
        return Err(format!(
            "a distribution is a table with one key, its name ({}); found {} keys",
            DISTRIBUTIONS.join(", "),
            t.len()
        ));
    }
    let (name, p) = t.iter().next().expect("one entry");
    let d = match name.as_str() {
        "fixed" => Dist::fixed(finite(number(p).ok_or("`fixed` takes a number")?)?),
        "uniform" => {
            let x = numbers(p, "uniform", Some(2))?;
            Dist::uniform(x[0], x[1])
        }
        "triangular" => {
            let x = numbers(p, "triangular", Some(3))?;
            Dist::triangular(x[0], x[1], x[2])
        }
        "normal" | "lognormal" => {
            let t = p
                .as_table()
                .ok_or_else(|| format!("`{name}` takes {{ mean = …, sd = … }}"))?;
            only_keys(t, name, &["mean", "sd"])?;
            let (mean, sd) = (field(t, name, "mean")?, field(t, name, "sd")?);
            if name == "normal" {
                Dist::normal(mean, sd)
            } else {
                Dist::lognormal(mean, sd)
            }
        }
        "exponential" => {
            let mean = match p.as_table() {
                Some(t) => {
                    only_keys(t, name, &["mean"])?;
                    field(t, name, "mean")?
                }
                None => finite(
                    number(p).ok_or("`exponential` takes { mean = … } or a number (the mean)")?,
                )?,
            };
            Dist::exponential(mean)
        }
        "gamma" => {
            let t = p
                .as_table()
                .ok_or("`gamma` takes { shape = …, scale = … }")?;
            only_keys(t, name, &["shape", "scale"])?;
            Dist::gamma(field(t, name, "shape")?, field(t, name, "scale")?)
        }
        "erlang" => {
            let t = p.as_table().ok_or("`erlang` takes { k = …, mean = … }")?;
            only_keys(t, name, &["k", "mean"])?;
            let k = field(t, name, "k")?;
            if k.fract() != 0.0 || !(1.0..=1000.0).contains(&k) {
                return Err(format!(
                    "`erlang.k` must be a whole number from 1 to 1000, got {k}"
                ));
            }
            Dist::erlang(k as u32, field(t, name, "mean")?)
        }
        "empirical" => match p {
            toml::Value::Array(_) => Dist::empirical(numbers(p, "empirical", None)?),
            toml::Value::Table(t) => {
                only_keys(t, name, &["values", "weights"])?;
                let values = numbers(
                    t.get("values").ok_or("`empirical` needs `values`")?,
                    "values",
                    None,
                )?;
                let weights = match t.get("weights") {
                    Some(w) => numbers(w, "weights", None)?,
                    None => vec![1.0; values.len()],
                };
                if values.len() > 100_000 {
                    return Err("`empirical` takes at most 100,000 values".into());
                }
                Dist::empirical_weighted(values, weights)
            }
            _ => {
                return Err(
                    "`empirical` takes an array of values or { values = […], weights = […] }"
                        .into(),
                );
            }
        },
        other => {
            let hint = super::did_you_mean(other, DISTRIBUTIONS.iter().copied())
                .map(|h| format!(" ({h})"))
                .unwrap_or_default();
            return Err(format!(
                "unknown distribution `{other}`{hint}; known: {}",
                DISTRIBUTIONS.join(", ")
            ));
        }
    };
    d.map_err(|e| e.to_string())
}

/// Reads a distribution of a duration or amount: it may not go below zero.
pub fn non_negative_dist(v: &toml::Value) -> Check<Dist> {
    let d = dist(v)?;
    if d.min() < 0.0 {
        return Err(format!(
            "{d} can give negative values; use a distribution bounded at zero (lognormal, gamma, triangular with min ≥ 0)"
        ));
    }
    Ok(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> toml::Value {
        text.parse::<toml::Table>().unwrap()["x"].clone()
    }

    #[test]
    fn reads_every_named_distribution() {
        for (text, mean) in [
            ("x = 12", 12.0),
            ("x = { fixed = 3 }", 3.0),
            ("x = { uniform = [2, 4] }", 3.0),
            ("x = { triangular = [1, 2, 6] }", 3.0),
            ("x = { normal = { mean = 5, sd = 1 } }", 5.0),
            ("x = { lognormal = { mean = 30, sd = 8 } }", 30.0),
            ("x = { exponential = { mean = 48 } }", 48.0),
            ("x = { exponential = 48 }", 48.0),
            ("x = { gamma = { shape = 2, scale = 3 } }", 6.0),
            ("x = { erlang = { k = 3, mean = 9 } }", 9.0),
            ("x = { empirical = [1, 2, 3] }", 2.0),
            (
                "x = { empirical = { values = [1, 3], weights = [3, 1] } }",
                1.5,
            ),
        ] {
            let d = dist(&parse(text)).unwrap_or_else(|e| panic!("{text}: {e}"));
            assert!((d.mean() - mean).abs() < 1e-9, "{text}: mean {}", d.mean());
        }
    }

    #[test]
    fn explains_what_is_wrong() {
        let err = |t: &str| dist(&parse(t)).unwrap_err();
        assert!(err("x = { triangulr = [1, 2, 3] }").contains("did you mean `triangular`"));
        assert!(err("x = { triangular = [1, 2] }").contains("3 numbers"));
        assert!(err("x = { lognormal = { mean = 30 } }").contains("needs `sd`"));
        assert!(err("x = \"ten\"").contains("must be a number or a distribution"));
        assert!(err("x = nan").contains("finite"));
        assert!(err("x = { exponential = -1 }").contains("greater than 0"));
        assert!(err("x = 1e300").contains("out of range"));
        assert!(err("x = { lognormal = { mean = 1e-300, sd = 1e300 } }").contains("out of range"));
        assert!(err("x = { empirical = [1, 2e15] }").contains("out of range"));
        assert!(
            non_negative_dist(&parse("x = { normal = { mean = 5, sd = 1 } }"))
                .unwrap_err()
                .contains("negative")
        );
    }
}
