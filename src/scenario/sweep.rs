//! Sweep axes: the values a key takes across the points of a sweep or a
//! sensitivity study, read from the command line (`--set KEY=V1,V2,…`,
//! `--set KEY=LOW..HIGH:STEPS`, `--vary KEY=LOW,HIGH`) or from a scenario's
//! `[sweep]` table.
//!
//! An axis only lists values: each point of a sweep becomes one more
//! scenario layer (see [`super::overrides`]) and is validated like a file,
//! so a bad key or value gets the same message and "did you mean" a file
//! would. What is checked here is only the shape of the lists.

use super::error::{KeyPath, ScenarioError};
use super::overrides::{LAYER_NAME, parse_assignment};
use super::source::Layers;

/// The table of a scenario that holds its sweep.
pub const TABLE: &str = "sweep";

/// Most values one range (`LOW..HIGH:STEPS`) may expand to.
pub const MAX_STEPS: u32 = 1000;

/// One key and the values it takes, in order.
#[derive(Debug, Clone, PartialEq)]
pub struct Axis {
    /// The scenario key path, e.g. `fuels.vlsfo.price_usd_per_t`.
    pub key: KeyPath,
    /// Its values, at least one.
    pub values: Vec<toml::Value>,
}

impl Axis {
    /// The key as text.
    pub fn name(&self) -> String {
        self.key.to_string()
    }

    /// The values as numbers, when every one is a number (integer or float).
    pub fn numbers(&self) -> Option<Vec<f64>> {
        self.values
            .iter()
            .map(|v| match v {
                toml::Value::Integer(i) => Some(*i as f64),
                toml::Value::Float(f) => Some(*f),
                _ => None,
            })
            .collect()
    }
}

/// Reads `KEY=V1,V2,…` or `KEY=LOW..HIGH:STEPS` as typed after `--set`.
/// Commas inside brackets, braces or quotes belong to a value
/// (`KEY={ lognormal = { mean = 5, sd = 3 } }` is one value).
pub fn parse_axis(spec: &str) -> Result<Axis, ScenarioError> {
    let Some((key, values)) = spec.split_once('=') else {
        return Err(bad_spec(format!("`{spec}` is not KEY=V1,V2,…")));
    };
    // The key is checked by the same rule as `--set KEY=VALUE`.
    let (key, _) = parse_assignment(&format!("{key}=0"))?;
    let values = values.trim();
    if let Some(range) = parse_range(values) {
        return Ok(Axis {
            key,
            values: range.map_err(bad_spec)?,
        });
    }
    let mut list = Vec::new();
    for part in split_top_level(values) {
        let part = part.trim();
        if part.is_empty() {
            return Err(bad_spec(format!(
                "`{spec}` has an empty value (two commas in a row, or one at an end)"
            )));
        }
        list.push(parse_assignment(&format!("v={part}"))?.1);
    }
    Ok(Axis { key, values: list })
}

/// Reads `--vary KEY=LOW,HIGH`: an axis of exactly two values.
pub fn parse_low_high(spec: &str) -> Result<Axis, ScenarioError> {
    let axis = parse_axis(spec)?;
    if axis.values.len() != 2 {
        return Err(ScenarioError::file(
            LAYER_NAME,
            format!(
                "`{spec}` gives {} value(s); --vary takes a low and a high value",
                axis.values.len()
            ),
        )
        .with_hint("write --vary KEY=LOW,HIGH, e.g. --vary fuels.vlsfo.price_usd_per_t=400,1000"));
    }
    Ok(axis)
}

/// The axes of a scenario's `[sweep]` table, in the order written. A key
/// path may be written as nested keys (`fuels.vlsfo.price_usd_per_t = […]`)
/// or quoted (`"routes.emc.legs[1].speed_kn" = […]`); each value is a list
/// of values or a range string `"LOW..HIGH:STEPS"`.
pub fn table_axes(layers: &Layers) -> Result<Vec<Axis>, ScenarioError> {
    let mut axes = Vec::new();
    match layers.merged.get(TABLE) {
        None => {}
        Some(toml::Value::Table(table)) => {
            collect(layers, table, &KeyPath::root().key(TABLE), "", &mut axes)?
        }
        Some(other) => {
            return Err(layers
                .error_at(
                    &KeyPath::root().key(TABLE),
                    format!("`{TABLE}` is a {}, not a table", other.type_str()),
                )
                .with_hint(SWEEP_HINT));
        }
    }
    Ok(axes)
}

const SWEEP_HINT: &str = "write e.g. [sweep] with `fuels.vlsfo.price_usd_per_t = [400, 600, 800]` \
                          or `\"borders.astara.lanes\" = \"1..4:4\"`";

fn collect(
    layers: &Layers,
    table: &toml::Table,
    at: &KeyPath,
    prefix: &str,
    axes: &mut Vec<Axis>,
) -> Result<(), ScenarioError> {
    for (k, v) in table {
        let here = at.key(k);
        let name = if prefix.is_empty() {
            k.clone()
        } else {
            format!("{prefix}.{k}")
        };
        let values = match v {
            toml::Value::Table(t) => {
                collect(layers, t, &here, &name, axes)?;
                continue;
            }
            toml::Value::Array(list) if !list.is_empty() => list.clone(),
            toml::Value::String(s) => match parse_range(s) {
                Some(range) => range.map_err(|m| layers.error_at(&here, m))?,
                None => {
                    return Err(layers
                        .error_at(&here, format!("`{s}` is not a range LOW..HIGH:STEPS"))
                        .with_hint(
                            "list the values, e.g. [\"a\", \"b\"], or write \"400..1000:4\"",
                        ));
                }
            },
            toml::Value::Array(_) => {
                return Err(layers
                    .error_at(&here, "an empty list: a sweep key needs at least one value")
                    .with_hint(SWEEP_HINT));
            }
            other => {
                return Err(layers
                    .error_at(
                        &here,
                        format!(
                            "a {}, expected a list of values or a range \"LOW..HIGH:STEPS\"",
                            other.type_str()
                        ),
                    )
                    .with_hint(SWEEP_HINT));
            }
        };
        let (key, _) = parse_assignment(&format!("{name}=0")).map_err(|e| {
            let mut located = layers.error_at(&here, e.message.clone());
            located.hint = e.hint;
            located
        })?;
        axes.push(Axis { key, values });
    }
    Ok(())
}

/// Combines the `[sweep]` table's axes with the command line's: a key given
/// on the command line replaces the table's axis of that key; the others
/// stay, table first.
pub fn combine(table: Vec<Axis>, command_line: Vec<Axis>) -> Vec<Axis> {
    let mut out: Vec<Axis> = table
        .into_iter()
        .filter(|t| !command_line.iter().any(|c| c.key == t.key))
        .collect();
    for axis in command_line {
        // A key given twice on the command line: the later one wins.
        out.retain(|a| a.key != axis.key);
        out.push(axis);
    }
    out
}

/// `LOW..HIGH:STEPS`: STEPS values evenly spaced from LOW to HIGH, both
/// included. Whole-number ends whose span divides evenly give whole numbers
/// (so an integer key such as `lanes` can be swept); otherwise floats.
/// `None` when the text is not a range at all.
fn parse_range(text: &str) -> Option<Result<Vec<toml::Value>, String>> {
    let (span, steps) = text.rsplit_once(':')?;
    let (low, high) = span.split_once("..")?;
    let (low_t, high_t, steps_t) = (low.trim(), high.trim(), steps.trim());
    let low: f64 = low_t.parse().ok()?;
    let high: f64 = high_t.parse().ok()?;
    Some((|| {
        let steps: u32 = steps_t
            .parse()
            .map_err(|_| format!("`{text}`: STEPS (`{steps_t}`) is not a whole number"))?;
        if !(2..=MAX_STEPS).contains(&steps) {
            return Err(format!(
                "`{text}`: STEPS is the number of values, from 2 to {MAX_STEPS}"
            ));
        }
        if !low.is_finite() || !high.is_finite() {
            return Err(format!("`{text}`: the ends must be finite numbers"));
        }
        let intervals = steps - 1;
        if let (Ok(l), Ok(h)) = (low_t.parse::<i64>(), high_t.parse::<i64>())
            && let Some(span) = h.checked_sub(l)
            && span % i64::from(intervals) == 0
        {
            let step = span / i64::from(intervals);
            return Ok((0..i64::from(steps))
                .map(|i| toml::Value::Integer(l + i * step))
                .collect());
        }
        Ok((0..steps)
            .map(|i| {
                // The last value is HIGH exactly, not LOW plus rounded steps.
                let x = if i == intervals {
                    high
                } else {
                    low + (high - low) * f64::from(i) / f64::from(intervals)
                };
                toml::Value::Float(x)
            })
            .collect())
    })())
}

/// Splits on commas outside brackets, braces and quotes.
fn split_top_level(text: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut depth, mut quote, mut start) = (0i32, None::<char>, 0);
    for (i, c) in text.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '[' | '{') => depth += 1,
            (None, ']' | '}') => depth -= 1,
            (None, ',') if depth == 0 => {
                parts.push(&text[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&text[start..]);
    parts
}

fn bad_spec(message: String) -> ScenarioError {
    ScenarioError::file(LAYER_NAME, message).with_hint(
        "write --set KEY=V1,V2,… or --set KEY=LOW..HIGH:STEPS, \
         e.g. --set fuels.vlsfo.price_usd_per_t=400..1000:4",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(spec: &str) -> Vec<toml::Value> {
        parse_axis(spec).unwrap().values
    }

    #[test]
    fn lists_split_at_top_level_commas_only() {
        assert_eq!(
            values("fuels.vlsfo.price_usd_per_t=400,600"),
            vec![toml::Value::Integer(400), toml::Value::Integer(600)]
        );
        let dist = values("ports.x.background_service_h={ lognormal = { mean = 5, sd = 3 } },7");
        assert_eq!(dist.len(), 2);
        assert!(dist[0].is_table());
        assert_eq!(values("name=a,b").len(), 2);
        assert!(parse_axis("k=1,,2").is_err());
        assert!(parse_axis("no-equals").is_err());
        assert!(parse_axis("bad key=1").is_err());
    }

    #[test]
    fn ranges_include_both_ends() {
        assert_eq!(
            values("k=400..1000:4"),
            [400, 600, 800, 1000].map(toml::Value::Integer).to_vec()
        );
        assert_eq!(
            values("k=0..1:3"),
            [0.0, 0.5, 1.0].map(toml::Value::Float).to_vec()
        );
        assert_eq!(
            values("k=14.5..16.5:3"),
            [14.5, 15.5, 16.5].map(toml::Value::Float).to_vec()
        );
        assert!(parse_axis("k=1..2:1").is_err());
        assert!(parse_axis("k=1..2:x").is_err());
    }

    #[test]
    fn vary_takes_two_values() {
        assert!(parse_low_high("k=1,2").is_ok());
        assert!(parse_low_high("k=1,2,3").is_err());
        assert!(parse_low_high("k=1").is_err());
    }

    #[test]
    fn the_command_line_replaces_a_table_axis_of_the_same_key() {
        let a = parse_axis("a=1,2").unwrap();
        let b = parse_axis("b=1,2").unwrap();
        let a2 = parse_axis("a=5").unwrap();
        let combined = combine(vec![a, b.clone()], vec![a2.clone()]);
        assert_eq!(combined, vec![b, a2]);
    }
}
