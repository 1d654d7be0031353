//! `corridor explain SCENARIO`: every effective parameter of a scenario, with
//! its unit, its source and the layer that set it, and every route as the
//! steps the model will simulate, so a reader can audit a run's inputs.

use std::io::Write;

use serde::Serialize;

use crate::cli::ExplainArgs;
use crate::model::describe::{StepDescription, exact};
use crate::scenario::{self, KeyPath, Layers, Loaded, ScenarioRef};

/// Where a value set by no layer comes from.
const BUILT_IN_DEFAULT: &str = "built-in default";

/// One parameter as `explain` shows it.
#[derive(Debug, Clone, Serialize)]
struct Parameter {
    key: String,
    value: String,
    unit: String,
    source: String,
    /// The layer that wrote the value: a file, `<built-in library>`, or
    /// `built-in default` when no layer did.
    set_in: String,
    /// The layer that wrote `source`, when it is not the one that wrote the
    /// value: the source then describes the value this one replaced.
    source_set_in: Option<String>,
}

/// One route as `explain` shows it.
#[derive(Debug, Clone, Serialize)]
struct RouteView {
    id: String,
    name: String,
    reference: bool,
    distance_km: f64,
    steps: Vec<StepDescription>,
}

/// The whole explanation (`--json`).
#[derive(Debug, Clone, Serialize)]
struct Explanation {
    name: String,
    description: String,
    file: Option<String>,
    layers: Vec<String>,
    seed: u64,
    replications: u32,
    start_date: String,
    horizon_days: f64,
    reference_route: String,
    parameters: Vec<Parameter>,
    routes: Vec<RouteView>,
}

/// Prints the explanation of one scenario.
pub fn run(args: &ExplainArgs) -> anyhow::Result<()> {
    let loaded = scenario::load(&ScenarioRef::resolve(&args.scenario))?;
    let explanation = explain(&loaded);
    let mut out = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &explanation)?;
        writeln!(out)?;
    } else {
        print_text(&mut out, &explanation)?;
    }
    out.flush()?;
    Ok(())
}

fn explain(loaded: &Loaded) -> Explanation {
    let s = &loaded.scenario;
    let layers = &loaded.layers;
    let mut parameters: Vec<Parameter> = Vec::with_capacity(s.assumptions.len() + 8);
    let mut add = |key: &str, value: String, unit: &str, source: &str, audited: bool| {
        let provenance = if audited {
            provenance(layers, key)
        } else {
            Provenance {
                set_in: set_in(layers, key),
                source: None,
                source_set_in: None,
            }
        };
        parameters.push(Parameter {
            key: key.to_string(),
            value: crate::model::describe::tidy_numbers(&value),
            unit: unit.to_string(),
            source: provenance.source.unwrap_or_else(|| source.to_string()),
            set_in: provenance.set_in,
            source_set_in: provenance.source_set_in,
        });
    };
    // The run's own settings are not assumptions about the world, so the
    // validator does not record them; they are shown first.
    add("seed", s.seed.to_string(), "", "run setting", false);
    add(
        "replications",
        s.replications.to_string(),
        "replications",
        "run setting",
        false,
    );
    add(
        "start_date",
        s.start_date.to_string(),
        "date",
        "run setting",
        false,
    );
    add(
        "horizon_days",
        exact(s.horizon_h / 24.0),
        "days",
        "run setting",
        false,
    );
    add(
        "departures.first_day",
        exact(s.departures.first_h / 24.0),
        "day",
        "run setting",
        false,
    );
    for a in &s.assumptions {
        add(&a.key, a.value.clone(), &a.unit, &a.source, true);
    }
    Explanation {
        name: s.name.clone(),
        description: s.description.clone(),
        file: loaded.file.clone(),
        layers: layers.sources.iter().map(|l| l.name.clone()).collect(),
        seed: s.seed,
        replications: s.replications,
        start_date: s.start_date.to_string(),
        horizon_days: s.horizon_h / 24.0,
        reference_route: s.routes[s.reference_route].id.clone(),
        parameters,
        routes: s
            .routes
            .iter()
            .enumerate()
            .map(|(i, r)| RouteView {
                id: r.id.clone(),
                name: r.name.clone(),
                reference: i == s.reference_route,
                distance_km: r.distance_km,
                steps: r.steps.iter().map(|step| step.describe(s)).collect(),
            })
            .collect(),
    }
}

/// Where a parameter's value and its source text come from.
struct Provenance {
    set_in: String,
    /// A better source text than the one recorded, if the value came from a
    /// `default` table (`weather.default`, `ports.default`).
    source: Option<String>,
    source_set_in: Option<String>,
}

fn provenance(layers: &Layers, key: &str) -> Provenance {
    let path = KeyPath::parse(key);
    if lookup(&layers.merged, &path).is_some() {
        let set_in = set_in(layers, key);
        let source_set_in = source_key(key)
            .map(|k| self::set_in(layers, &k))
            .filter(|l| *l != set_in && l != BUILT_IN_DEFAULT);
        return Provenance {
            set_in,
            source: None,
            source_set_in,
        };
    }
    // `weather.north-sea.cyclone_day_probability` not written: the validator
    // took it from `weather.default`, and so is its source.
    let parts: Vec<&str> = key.split('.').collect();
    if let [group, _, field] = parts[..]
        && !key.contains('[')
    {
        let default = format!("{group}.default.{field}");
        if lookup(&layers.merged, &KeyPath::parse(&default)).is_some() {
            let source = lookup(
                &layers.merged,
                &KeyPath::parse(&format!("{group}.default.source")),
            )
            .and_then(|v| v.as_str())
            .map(str::to_string);
            return Provenance {
                set_in: format!("{} [{group}.default]", set_in(layers, &default)),
                source,
                source_set_in: None,
            };
        }
    }
    Provenance {
        // Berths, crane rates and dues not written anywhere come from the
        // network's port table, which has its own sources.
        set_in: if key.starts_with("ports.") {
            "the network's port table (src/network/data/)".to_string()
        } else {
            BUILT_IN_DEFAULT.to_string()
        },
        source: None,
        source_set_in: None,
    }
}

/// The layer that wrote `key`, or [`BUILT_IN_DEFAULT`] if none did.
fn set_in(layers: &Layers, key: &str) -> String {
    let path = KeyPath::parse(key);
    if lookup(&layers.merged, &path).is_none() {
        return BUILT_IN_DEFAULT.to_string();
    }
    layers
        .sources
        .get(layers.origin_of(&path))
        .map_or_else(|| BUILT_IN_DEFAULT.to_string(), |l| l.name.clone())
}

/// The `source` key of the table that holds `key`.
fn source_key(key: &str) -> Option<String> {
    let (table, _) = key.rsplit_once('.')?;
    // Route legs carry a `note`, not a `source`.
    (!table.contains('[')).then(|| format!("{table}.source"))
}

/// The value at `path` in a merged document, if it is there.
fn lookup<'a>(table: &'a toml::Table, path: &KeyPath) -> Option<&'a toml::Value> {
    use crate::scenario::error::PathSegment;
    let mut segments = path.0.iter();
    let PathSegment::Key(first) = segments.next()? else {
        return None;
    };
    let mut value = table.get(first)?;
    for segment in segments {
        value = match segment {
            PathSegment::Key(k) => value.as_table()?.get(k)?,
            PathSegment::Index(i) => value.as_array()?.get(*i)?,
        };
    }
    Some(value)
}

fn print_text(out: &mut impl Write, e: &Explanation) -> std::io::Result<()> {
    writeln!(out, "{}", e.name)?;
    if !e.description.is_empty() {
        writeln!(out, "{}", e.description)?;
    }
    writeln!(out)?;
    writeln!(
        out,
        "Layers, bottom to top (a later one overrides an earlier one): {}",
        e.layers.join(" → ")
    )?;
    writeln!(out)?;
    writeln!(out, "Parameters ({}):", e.parameters.len())?;
    let key_width = e
        .parameters
        .iter()
        .map(|p| p.key.chars().count())
        .max()
        .unwrap_or(0)
        .min(60);
    // Parameters of one table share a source: it is printed once, after them.
    for (i, p) in e.parameters.iter().enumerate() {
        let value = if p.unit.is_empty() {
            p.value.clone()
        } else {
            format!("{} {}", p.value, p.unit)
        };
        writeln!(out, "  {:<key_width$}  {value}", p.key)?;
        let group =
            |p: &'_ Parameter| (p.set_in.clone(), p.source_set_in.clone(), p.source.clone());
        if e.parameters.get(i + 1).map(group) != Some(group(p)) {
            match &p.source_set_in {
                None => writeln!(out, "      set in {}; source: {}", p.set_in, p.source)?,
                Some(other) => writeln!(
                    out,
                    "      set in {}, replacing the value from {other}, whose source reads: {}",
                    p.set_in, p.source
                )?,
            }
        }
    }
    writeln!(out)?;
    writeln!(out, "Routes ({}):", e.routes.len())?;
    for r in &e.routes {
        writeln!(out)?;
        writeln!(
            out,
            "  {} — {}{}, {:.0} km door to door",
            r.id,
            r.name,
            if r.reference { " (reference)" } else { "" },
            r.distance_km
        )?;
        for (i, step) in r.steps.iter().enumerate() {
            writeln!(out, "    {:>2}. {}", i + 1, step.text)?;
        }
    }
    Ok(())
}
