//! Scenario files: TOML read with serde into raw types (`raw`), layered over
//! the built-in library and any `extends` chain (`source`), then validated
//! into the model's types with every name resolved against the network
//! (`validate`). Errors name the file, line and key, with a hint.

mod capacity;
mod costs;
mod detour;
mod disruptions;
pub mod error;
mod liners;
pub mod overrides;
pub mod raw;
mod routes;
pub mod source;
pub mod sweep;
mod user_network;
mod validate;
pub mod values;

pub use error::{KeyPath, ScenarioError};
pub use overrides::Overrides;
pub use source::{Layers, ScenarioRef, layers_from_str, load_layers};
pub use validate::MAX_REPLICATIONS;

use crate::model::Scenario;
use crate::network::Network;

/// A validated scenario and where it came from.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The model's inputs.
    pub scenario: Scenario,
    /// The layers it was merged from (for `explain`).
    pub layers: Layers,
    /// The file, as the user named it (or `<built-in NAME>`).
    pub file: Option<String>,
    /// What is valid but probably not meant (a route that cannot arrive
    /// within the horizon), located like errors; `run` and `validate` print
    /// them as `warning:` lines on stderr.
    pub warnings: Vec<ScenarioError>,
}

/// Reads, merges and validates a scenario against the built-in network.
pub fn load(scenario: &ScenarioRef) -> Result<Loaded, ScenarioError> {
    load_with(scenario, Network::builtin())
}

/// Like [`load`], against a given network.
pub fn load_with(scenario: &ScenarioRef, network: &Network) -> Result<Loaded, ScenarioError> {
    validate_layers(load_layers(scenario)?, network)
}

/// Like [`load`], with command-line overrides as the top layer, validated
/// with the rest.
pub fn load_with_overrides(
    scenario: &ScenarioRef,
    overrides: &Overrides,
) -> Result<Loaded, ScenarioError> {
    let mut layers = load_layers(scenario)?;
    layers.apply_overrides(overrides)?;
    validate_layers(layers, Network::builtin())
}

/// Like [`load`], for scenario text held in memory rather than in a file;
/// `name` stands for the file in messages. Its `extends` may name built-in
/// scenarios only (nothing is read from disk), and the text is held to the
/// same size limit as a file.
///
/// ```
/// let text = "extends = \"baseline\"\nname = \"quick\"\nreplications = 2\n";
/// let loaded = corridor::scenario::load_from_str("quick.toml", text).unwrap();
/// assert_eq!(loaded.scenario.replications, 2);
/// ```
pub fn load_from_str(name: &str, text: &str) -> Result<Loaded, ScenarioError> {
    load_from_str_with(name, text, Network::builtin())
}

/// Like [`load_from_str`], against a given network.
pub fn load_from_str_with(
    name: &str,
    text: &str,
    network: &Network,
) -> Result<Loaded, ScenarioError> {
    validate_layers(layers_from_str(name, text)?, network)
}

/// Validates layers already read (by [`load_layers`]) with `overrides` on
/// top, against the built-in network: one point of a sweep, validated like
/// a file.
pub fn validate_with_overrides(
    mut layers: Layers,
    overrides: &Overrides,
) -> Result<Loaded, ScenarioError> {
    layers.apply_overrides(overrides)?;
    validate_layers(layers, Network::builtin())
}

fn validate_layers(layers: Layers, network: &Network) -> Result<Loaded, ScenarioError> {
    // A `[sweep]` table is checked here too, so `validate` and `run` report
    // a malformed one as `sweep` would.
    sweep::table_axes(&layers)?;
    let raw = deserialize(&layers)?;
    // The scenario's own nodes and links join a copy of the network.
    let own = user_network::extend_for(&layers, &raw, network)?;
    let network = own.as_ref().unwrap_or(network);
    let (validated, mut warnings) = validate::Validator::new(&layers, &raw, network).run()?;
    warnings.extend(routes::arrival_warnings(&validated, &layers));
    Ok(Loaded {
        warnings,
        scenario: validated,
        file: Some(layers.top().name.clone()),
        layers,
    })
}

/// The merged document as raw types; a type error or an unknown key names
/// the key and the file and line that wrote it.
fn deserialize(layers: &Layers) -> Result<raw::RawScenario, ScenarioError> {
    let value = toml::Value::Table(layers.merged.clone());
    serde_path_to_error::deserialize(value).map_err(|e| {
        let mut path = KeyPath::parse(&e.path().to_string().replace('?', ""));
        let mut message = e.inner().to_string();
        // toml appends "in `table`" on a line of its own: the key path says it.
        if let Some(cut) = message.find("\nin `") {
            message.truncate(cut);
        }
        let message = message.trim().to_string();
        // serde reports an unknown key at its table: point at the key itself.
        let mut hint = None;
        if let Some(rest) = message.strip_prefix("unknown field `")
            && let Some((field, expected)) = rest.split_once('`')
        {
            if path.0.last() != Some(&error::PathSegment::Key(field.to_string())) {
                path = path.key(field);
            }
            let expected: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
            hint = Some(
                did_you_mean(field, expected.iter().copied())
                    .unwrap_or_else(|| format!("expected one of: {}", expected.join(", "))),
            );
            let error = layers.error_at(&path, format!("unknown key `{field}`"));
            return ScenarioError { hint, ..error };
        }
        if let Some(rest) = message.strip_prefix("unknown variant `")
            && let Some((variant, expected)) = rest.split_once('`')
        {
            let expected: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
            hint = did_you_mean(variant, expected.iter().copied());
        }
        // serde names Rust types ("expected f64"): say what the key wants,
        // in the unit its name carries.
        let message = match (message.split_once(", expected "), path.0.last()) {
            (Some((found, rust)), Some(error::PathSegment::Key(key)))
                if message.starts_with("invalid type") =>
            {
                let expected = expected_value(key, rust);
                if found.contains("string") && expected.starts_with("a ") {
                    hint = hint.or(Some(format!(
                        "write the number alone, without quotes or unit: `{key} = 18`, not `{key} = \"18\"`"
                    )));
                }
                format!("{found}, expected {expected}")
            }
            _ => message,
        };
        let mut error = layers.error_at(&path, message);
        error.hint = hint.or(error.hint);
        error
    })
}

/// "did you mean `x`?" for the closest of `candidates` to `word`, if close
/// enough to be a likely typo: the one hint every unknown name gets.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    suggest(word, candidates).map(|s| format!("did you mean `{s}`?"))
}

/// What a key expects, in words, from serde's Rust type name and the unit
/// suffix of the key (the naming rule of docs/scenarios.md): `speed_kn`
/// expects "a number in knots", `cost_usd_per_teu` "a number in US dollars
/// per TEU", `count` "a whole number".
fn expected_value(key: &str, rust: &str) -> String {
    let number = match rust {
        "f64" | "f32" => "a number",
        "u8" | "u16" | "u32" | "u64" | "i32" | "i64" | "usize" => "a whole number",
        "a boolean" | "bool" => return "true or false".to_string(),
        other => return other.to_string(),
    };
    if key.ends_with("_share") || key == "berth_occupancy" || key == "utilisation" {
        return format!("{number} from 0 to 1 (a share, not a percentage)");
    }
    if key.ends_with("_probability") {
        return format!("{number} from 0 to 1 (a probability)");
    }
    // (plural, singular) for each unit word of key names.
    let unit = |word: &str| -> Option<(&str, &str)> {
        Some(match word {
            "h" => ("hours", "hour"),
            "days" | "day" => ("days", "day"),
            "year" => ("years", "year"),
            "week" => ("weeks", "week"),
            "kn" => ("knots", "knot"),
            "km" => ("kilometres", "kilometre"),
            "nm" => ("nautical miles", "nautical mile"),
            "m" => ("metres", "metre"),
            "teu" => ("TEU", "TEU"),
            "usd" => ("US dollars", "US dollar"),
            "t" => ("tonnes", "tonne"),
            "kg" => ("kilograms", "kilogram"),
            "co2" => ("CO2", "CO2"),
            "departure" => ("departures", "departure"),
            _ => return None,
        })
    };
    let words: Vec<&str> = key.split('_').collect();
    let Some(start) = words.iter().position(|w| unit(w).is_some()) else {
        return number.to_string();
    };
    let mut text = String::new();
    let mut after_per = false;
    for word in &words[start..] {
        if *word == "per" {
            text.push_str(" per");
            after_per = true;
            continue;
        }
        let Some((plural, singular)) = unit(word) else {
            continue;
        };
        text.push(' ');
        text.push_str(if after_per { singular } else { plural });
    }
    format!("{number} in{text}")
}

/// The closest of `candidates` to `word`, if close enough to be a likely typo.
pub fn suggest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let word = word.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(&word, &c.to_lowercase()), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::expected_value;

    #[test]
    fn type_errors_name_the_unit_of_the_key() {
        assert_eq!(expected_value("speed_kn", "f64"), "a number in knots");
        assert_eq!(expected_value("dwell_h", "f64"), "a number in hours");
        assert_eq!(
            expected_value("cost_usd_per_teu", "f64"),
            "a number in US dollars per TEU"
        );
        assert_eq!(
            expected_value("carbon_usd_per_t_co2", "f64"),
            "a number in US dollars per tonne CO2"
        );
        assert_eq!(
            expected_value("berth_teu_per_h", "f64"),
            "a number in TEU per hour"
        );
        assert_eq!(expected_value("count", "u32"), "a whole number");
        assert!(expected_value("storm_speed_loss", "f64").starts_with("a number"));
        assert!(expected_value("cargo_insurance_share", "f64").contains("from 0 to 1"));
    }
}
