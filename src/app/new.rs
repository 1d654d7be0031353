//! `corridor new NAME`: writes a commented starter scenario that runs as it
//! is, so a new study starts from a working file rather than a blank page.

use std::io::Write;
use std::path::PathBuf;

use crate::cli::NewArgs;
use crate::error::InputError;

/// The starter scenario; `{name}` is replaced by the scenario's name.
const TEMPLATE: &str = r#"# {name}: a starter scenario written by `corridor new`.
#
# Run it:       corridor run {file} --replications 50
# Check it:     corridor validate {file}
# Audit it:     corridor explain {file}   (every value, its unit and source)
#
# How a scenario is built: this file is read over corridor's built-in library
# of defaults (src/scenario/library.toml: vessels, fuels, ports, the Suez
# Canal, railways, weather by sea region, war-risk premiums, each with its
# source). Write here only what you want to change; every key you leave out
# keeps the library's value. `extends = "baseline"` (or a path to another
# file) would start from that scenario instead of from the library alone.
#
# Units are in the key names: _h hours, _days days, _kn knots, _nm nautical
# miles, _km kilometres, _usd US dollars, _teu twenty-foot containers,
# _t tonnes, _share a fraction from 0 to 1. Numbers marked "may be a
# distribution" also take { triangular = [min, mode, max] },
# { uniform = [min, max] }, { lognormal = { mean = M, sd = S } } and the like.

# The name also names the output folder: output/{name}/.
# Letters, digits, `-` and `_` only.
name = "{name}"
description = "Chennai → Vladivostok by the Eastern Maritime Corridor against Chennai → St Petersburg via Suez."

# Replications: independent runs of the whole scenario with fresh random
# draws; a few hundred give confidence intervals of a fraction of a day.
# `corridor run --replications N` overrides it. Default: 100.
replications = 100
# The random seed: the same seed gives byte-identical results. Default: 1.
seed = 1
# Calendar date of time zero (weather and ice go by month). Default: 2025-01-01.
start_date = 2025-01-06
# Simulated days; shipments still travelling then are reported as in transit.
# It must end after the last departure. Default: 400.
horizon_days = 300
# The route the others are compared with, shipment by shipment.
# Default: the first route.
reference_route = "suez"

# When shipments leave: shipment k of every route leaves at the same time, so
# routes are compared like for like. Library: weekly, 26 departures, 40 TEU.
[departures]
first_day = 0      # day of the first departure, days after start_date
every_days = 7     # days between departures
count = 26         # departures per route and replication
teu = 40           # size of each shipment, TEU

# Money not tied to one step. Library: no carbon price (India–Russia shipping
# is outside the EU ETS), cargo worth $30,000 per TEU.
[prices]
carbon_usd_per_t_co2 = 0          # USD per tonne of CO2 emitted
cargo_value_usd_per_teu = 30000   # USD per TEU, for inventory cost and insurance

# To change a library value, name its table and key, e.g. a slower feeder:
# [vessels.feeder-1100]
# service_speed_kn = 12           # knots; fuel per day falls with the cube of speed
#
# The library's vessels: feeder-1100, panamax-4300, neo-8000; ports take
# their berths and dues from the network's port table (`corridor ports`).

# Routes: each is a list of legs from origin to destination. Leg kinds:
#   dwell   containers wait at a place: at, dwell_h (may be a distribution),
#           cost_usd_per_teu (default 0)
#   sea     a vessel sails from a port to a port: from, to, vessel, and
#           optionally calls = [ports on the way], avoid = [passages such as
#           "suez" or "bab-el-mandeb"], speed_kn (default: the vessel's
#           service speed). The way is the network's shortest sea path;
#           `corridor route FROM TO` shows it. Canals on the way are
#           transited in convoys.
#   rail, ferry   a timetabled service: from, to, service (see the library's
#           [services.*], e.g. "transsib")
#   road    a truck: from, to
#   border  a border post: post (see the library's [borders.*])
# Ports and places are named by UN/LOCODE (INMAA) or name (chennai),
# case-insensitive; `corridor ports` lists them. `note` is free text.

[routes.emc]
name = "EMC: Chennai → Vladivostok"
legs = [
  { kind = "dwell", at = "chennai", dwell_h = { triangular = [24, 48, 96] }, note = "gate-in to loading: export customs and the vessel cut-off" },
  { kind = "sea", from = "chennai", to = "vladivostok", vessel = "feeder-1100", calls = ["singapore", "busan"] },
  { kind = "dwell", at = "vladivostok", dwell_h = { triangular = [36, 60, 96] }, note = "import customs and release" },
]

[routes.suez]
name = "Suez: Chennai → St Petersburg"
legs = [
  { kind = "dwell", at = "chennai", dwell_h = { triangular = [24, 48, 96] } },
  { kind = "sea", from = "chennai", to = "rotterdam", vessel = "panamax-4300", calls = ["colombo"], note = "mainline through the Red Sea and the Suez Canal" },
  { kind = "dwell", at = "rotterdam", dwell_h = { triangular = [72, 144, 264] }, cost_usd_per_teu = 150, note = "transshipment to a Baltic feeder" },
  { kind = "sea", from = "rotterdam", to = "st-petersburg", vessel = "feeder-1100" },
  { kind = "dwell", at = "st-petersburg", dwell_h = { triangular = [36, 60, 120] }, note = "import customs and release" },
]
"#;

/// Writes the starter scenario.
pub fn run(args: &NewArgs) -> anyhow::Result<()> {
    let (name, path) = target(&args.name)?;
    let file = path.display().to_string();
    let text = TEMPLATE.replace("{name}", &name).replace("{file}", &file);
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
        && !dir.is_dir()
    {
        return Err(InputError::new(format!(
            "cannot write {file}: the folder {} does not exist",
            dir.display()
        ))
        .with_hint("create the folder first, or name a file in an existing one")
        .into());
    }
    // create_new refuses an existing file, so nothing is ever overwritten,
    // even if the file appears between a check and the write.
    let mut out = match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
    {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            return Err(InputError::new(format!("{file} already exists"))
                .with_hint(format!(
                    "choose another name, or remove {file} first; `corridor new` never overwrites a file"
                ))
                .into());
        }
        Err(e) => {
            return Err(InputError::new(format!("cannot create {file}: {e}"))
                .with_hint("choose a writable place")
                .into());
        }
    };
    out.write_all(text.as_bytes())
        .and_then(|()| out.sync_all())
        .map_err(|e| anyhow::anyhow!("cannot write {file}: {e}"))?;
    println!("wrote {file}");
    println!("next: corridor run {file} --replications 50");
    Ok(())
}

/// The scenario's name and the file to write: `NAME` gives `NAME.toml`; a
/// path ending in `.toml` is used as it is and its stem names the scenario.
fn target(arg: &str) -> anyhow::Result<(String, PathBuf)> {
    let path = if arg.ends_with(".toml") {
        PathBuf::from(arg)
    } else {
        PathBuf::from(format!("{arg}.toml"))
    };
    let name = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    if !valid_name(&name) || (!arg.ends_with(".toml") && arg.contains(['/', '\\'])) {
        return Err(InputError::new(format!(
            "`{arg}` cannot name a scenario"
        ))
        .with_hint(
            "use letters, digits, `-` and `_` only (e.g. `corridor new red-sea-study`), or a path ending in .toml whose file name is such a name",
        )
        .into());
    }
    Ok((name, path))
}

/// Whether `name` can name a scenario and its output folder.
fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_becomes_a_toml_file_and_a_path_keeps_its_folder() {
        let (name, path) = target("my-study").unwrap();
        assert_eq!(
            (name.as_str(), path),
            ("my-study", PathBuf::from("my-study.toml"))
        );
        let (name, path) = target("studies/red_sea.toml").unwrap();
        assert_eq!(
            (name.as_str(), path),
            ("red_sea", PathBuf::from("studies/red_sea.toml"))
        );
    }

    #[test]
    fn names_that_cannot_name_a_folder_are_refused() {
        for bad in ["", "my study", "a/b", ".toml", "é"] {
            assert!(target(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn the_template_loads_and_validates() {
        let text = TEMPLATE
            .replace("{name}", "starter")
            .replace("{file}", "starter.toml");
        let dir = std::env::temp_dir().join(format!("corridor-new-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("starter.toml");
        std::fs::write(&file, text).unwrap();
        let loaded = crate::scenario::load(&crate::scenario::ScenarioRef::File(file)).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        let ids: Vec<&str> = loaded
            .scenario
            .routes
            .iter()
            .map(|r| r.id.as_str())
            .collect();
        assert_eq!(ids, ["emc", "suez"]);
    }
}
