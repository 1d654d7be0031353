//! Command-line overrides as the top scenario layer.
//!
//! `--replications`, `--seed` and `--set KEY=VALUE` (and, for sweeps, each
//! point's values) are not patched into a validated scenario: they are one
//! more layer over the file, merged key by key and validated with the rest,
//! so a value given on the command line is held to exactly the limits a
//! file is, and an error about it points at the command line with the same
//! message and "did you mean" a file would get.
//!
//! A KEY is any key path of the scenario: `seed`, `fuels.vlsfo.price_usd_per_t`,
//! `borders.astara.lanes`, `routes.emc.legs[1].speed_kn`. A VALUE is read as
//! TOML (`800`, `16.5`, `true`, `"text"`, `{ lognormal = { mean = 5, sd = 3 } }`);
//! anything that is not TOML is taken as a string (`--set name=my-study`).

use super::error::{KeyPath, PathSegment, ScenarioError};

/// What messages call the layer.
pub const LAYER_NAME: &str = "command line";

/// One `KEY = VALUE` given on the command line.
#[derive(Debug, Clone, PartialEq)]
pub struct Override {
    /// Where it goes.
    pub key: KeyPath,
    /// The value.
    pub value: toml::Value,
}

/// The overrides of one run, in the order given (a later one wins).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Overrides {
    entries: Vec<Override>,
}

impl Overrides {
    /// No overrides.
    pub fn new() -> Self {
        Overrides::default()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The overrides, in order.
    pub fn entries(&self) -> &[Override] {
        &self.entries
    }

    /// Sets `key` to `value`.
    pub fn set(&mut self, key: &str, value: impl Into<toml::Value>) {
        self.entries.push(Override {
            key: KeyPath::parse(key),
            value: value.into(),
        });
    }

    /// Adds `KEY=VALUE` as typed after `--set`.
    pub fn assign(&mut self, assignment: &str) -> Result<(), ScenarioError> {
        let (key, value) = parse_assignment(assignment)?;
        self.entries.push(Override { key, value });
        Ok(())
    }

    /// The layer's text, one `KEY = VALUE` line per override, so that errors
    /// can show the line and point at the key.
    pub fn text(&self) -> String {
        self.entries
            .iter()
            .map(|o| format!("{} = {}\n", o.key, inline(&o.value)))
            .collect()
    }
}

/// Splits `KEY=VALUE` and reads the value.
pub fn parse_assignment(text: &str) -> Result<(KeyPath, toml::Value), ScenarioError> {
    let bad = |message: String| {
        ScenarioError::file(LAYER_NAME, message)
            .with_hint("write --set KEY=VALUE, e.g. --set fuels.vlsfo.price_usd_per_t=800")
    };
    let Some((key, value)) = text.split_once('=') else {
        return Err(bad(format!("`{text}` is not KEY=VALUE")));
    };
    let key = key.trim();
    let valid = !key.is_empty()
        && key.split('.').all(|part| {
            !part.is_empty()
                && part
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '[' | ']'))
        });
    if !valid {
        return Err(bad(format!(
            "`{key}` is not a key path (names of letters, digits, `_` and `-`, joined by dots, \
             with [N] for an element of a list)"
        )));
    }
    Ok((KeyPath::parse(key), read_value(value.trim())))
}

/// A value as TOML, or the text itself as a string when it is not TOML.
fn read_value(text: &str) -> toml::Value {
    format!("v = {text}")
        .parse::<toml::Table>()
        .ok()
        .and_then(|mut t| t.remove("v"))
        .unwrap_or_else(|| toml::Value::String(text.to_string()))
}

/// A value as one line of TOML.
fn inline(value: &toml::Value) -> String {
    let mut table = toml::Table::new();
    table.insert("v".to_string(), value.clone());
    toml::to_string(&table)
        .ok()
        .and_then(|t| t.strip_prefix("v = ").map(|v| v.trim_end().to_string()))
        .filter(|v| !v.contains('\n'))
        .unwrap_or_else(|| value.to_string())
}

/// Sets `key` in `table` to `value`, creating tables on the way; fails when
/// the path runs through a value that is not a table, or an element beyond
/// the end of a list.
pub(super) fn set_in(
    table: &mut toml::Table,
    key: &KeyPath,
    value: toml::Value,
) -> Result<(), String> {
    let Some((last, path)) = key.0.split_last() else {
        return Err("an empty key".to_string());
    };
    let mut here = Slot::Table(table);
    let mut walked = KeyPath::root();
    for segment in path {
        here = here.step(segment, &walked)?;
        walked = match segment {
            PathSegment::Key(k) => walked.key(k),
            PathSegment::Index(i) => walked.index(*i),
        };
    }
    here.put(last, value, &walked)
}

enum Slot<'a> {
    Table(&'a mut toml::Table),
    Value(&'a mut toml::Value),
}

impl<'a> Slot<'a> {
    fn step(self, segment: &PathSegment, walked: &KeyPath) -> Result<Slot<'a>, String> {
        match (self, segment) {
            (Slot::Table(t), PathSegment::Key(k)) => Ok(Slot::Value(
                t.entry(k.clone())
                    .or_insert_with(|| toml::Value::Table(toml::Table::new())),
            )),
            (Slot::Value(toml::Value::Table(t)), PathSegment::Key(_)) => {
                Slot::Table(t).step(segment, walked)
            }
            (Slot::Value(toml::Value::Array(a)), PathSegment::Index(i)) => {
                let len = a.len();
                a.get_mut(*i).map(Slot::Value).ok_or_else(|| {
                    format!("`{walked}` has {len} element(s); [{i}] is beyond its end")
                })
            }
            (Slot::Value(v), PathSegment::Key(k)) => Err(format!(
                "`{walked}` is a {}, not a table, so `{k}` cannot be set in it",
                v.type_str()
            )),
            (Slot::Value(v), PathSegment::Index(i)) => Err(format!(
                "`{walked}` is a {}, not a list, so it has no element [{i}]",
                v.type_str()
            )),
            (Slot::Table(_), PathSegment::Index(i)) => {
                Err(format!("the scenario is a table, not a list: [{i}]"))
            }
        }
    }

    fn put(self, last: &PathSegment, value: toml::Value, walked: &KeyPath) -> Result<(), String> {
        match (self, last) {
            (Slot::Table(t), PathSegment::Key(k)) => {
                t.insert(k.clone(), value);
                Ok(())
            }
            (Slot::Value(toml::Value::Table(t)), PathSegment::Key(k)) => {
                t.insert(k.clone(), value);
                Ok(())
            }
            (Slot::Value(toml::Value::Array(a)), PathSegment::Index(i)) => {
                let len = a.len();
                match a.get_mut(*i) {
                    Some(slot) => {
                        *slot = value;
                        Ok(())
                    }
                    None => Err(format!(
                        "`{walked}` has {len} element(s); [{i}] is beyond its end"
                    )),
                }
            }
            (slot, segment) => {
                let what = match &slot {
                    Slot::Table(_) => "table".to_string(),
                    Slot::Value(v) => v.type_str().to_string(),
                };
                let wanted = match segment {
                    PathSegment::Key(_) => "table",
                    PathSegment::Index(_) => "list",
                };
                Err(format!("`{walked}` is a {what}, not a {wanted}"))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_read_as_toml_or_else_as_text() {
        let (key, value) = parse_assignment("fuels.vlsfo.price_usd_per_t=800").unwrap();
        assert_eq!(key.to_string(), "fuels.vlsfo.price_usd_per_t");
        assert_eq!(value, toml::Value::Integer(800));
        assert_eq!(
            parse_assignment("name=my-study").unwrap().1,
            toml::Value::String("my-study".into())
        );
        assert_eq!(
            parse_assignment("routes.emc.legs[1].speed_kn = 16.5")
                .unwrap()
                .0
                .to_string(),
            "routes.emc.legs[1].speed_kn"
        );
        assert!(parse_assignment("no-equals-sign").is_err());
        assert!(parse_assignment("bad key=1").is_err());
    }

    #[test]
    fn setting_walks_tables_and_lists() {
        let mut t: toml::Table =
            "[routes.emc]\nlegs = [{ speed_kn = 14.0 }, { speed_kn = 15.0 }]\n"
                .parse()
                .unwrap();
        set_in(
            &mut t,
            &KeyPath::parse("routes.emc.legs[1].speed_kn"),
            16.5.into(),
        )
        .unwrap();
        assert_eq!(
            t["routes"]["emc"]["legs"][1]["speed_kn"].as_float(),
            Some(16.5)
        );
        set_in(
            &mut t,
            &KeyPath::parse("fuels.vlsfo.price_usd_per_t"),
            800.into(),
        )
        .unwrap();
        assert_eq!(
            t["fuels"]["vlsfo"]["price_usd_per_t"].as_integer(),
            Some(800)
        );
        let beyond = set_in(
            &mut t,
            &KeyPath::parse("routes.emc.legs[5].speed_kn"),
            1.into(),
        );
        assert!(beyond.unwrap_err().contains("2 element(s)"));
        let through = set_in(
            &mut t,
            &KeyPath::parse("fuels.vlsfo.price_usd_per_t.x"),
            1.into(),
        );
        assert!(through.unwrap_err().contains("not a table"));
    }

    #[test]
    fn the_layer_text_is_toml_with_a_line_per_override() {
        let mut o = Overrides::new();
        o.set("replications", 50i64);
        o.set("seed", 7i64);
        assert_eq!(o.text(), "replications = 50\nseed = 7\n");
    }
}
