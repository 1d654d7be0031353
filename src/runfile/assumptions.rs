//! `assumptions.json`: every effective parameter of the scenario with its
//! unit and source, as the report lists them.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::atomic::AtomicFile;
use super::summary::read_json;

/// One scenario parameter with its source.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Assumption {
    /// Dotted key (`fuels.vlsfo.price_usd_per_t`).
    pub key: String,
    /// Its value as written (a number or a string).
    pub value: serde_json::Value,
    /// Unit, if any.
    #[serde(default)]
    pub unit: Option<String>,
    /// Where the figure comes from (a source number of the domain notes, or
    /// EST with the reasoning).
    #[serde(default)]
    pub source: Option<String>,
}

/// Writes `assumptions.json` atomically.
pub fn write(path: &Path, assumptions: &[Assumption]) -> anyhow::Result<()> {
    let mut json = serde_json::to_vec_pretty(assumptions)?;
    json.push(b'\n');
    AtomicFile::write_all(path, &json)?;
    Ok(())
}

/// Reads `assumptions.json`.
pub fn load(path: &Path) -> anyhow::Result<Vec<Assumption>> {
    read_json(path)
}
