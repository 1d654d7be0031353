//! `corridor explain SCENARIO`: every effective parameter of a scenario, with
//! its unit, its source and the layer that set it, and every route as the
//! steps the model will simulate, so a reader can audit a run's inputs.

use std::io::Write;

use serde::Serialize;

use crate::cli::ExplainArgs;
use crate::model::{Scenario, ServiceKind, Step};
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

/// One step of a route, as text and as data.
#[derive(Debug, Clone, Serialize)]
struct StepView {
    kind: &'static str,
    text: String,
}

/// One route as `explain` shows it.
#[derive(Debug, Clone, Serialize)]
struct RouteView {
    id: String,
    name: String,
    reference: bool,
    distance_km: f64,
    steps: Vec<StepView>,
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
            value: tidy_numbers(&value),
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
        trim(s.horizon_h / 24.0),
        "days",
        "run setting",
        false,
    );
    add(
        "departures.first_day",
        trim(s.departures.first_h / 24.0),
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
                steps: r.steps.iter().map(|step| describe(s, step)).collect(),
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

/// A number without trailing zeros: `14`, `0.25`.
fn trim(x: f64) -> String {
    let text = format!("{x:.3}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    text.to_string()
}

/// One step in words, with the numbers the model uses.
fn describe(s: &Scenario, step: &Step) -> StepView {
    let (kind, text) = match step {
        Step::Dwell {
            at,
            dwell_h,
            cost_usd_per_teu,
        } => (
            "dwell",
            format!(
                "dwell at {at}: {dwell_h} h (mean {} h), {} USD/TEU",
                trim(dwell_h.mean()),
                trim(*cost_usd_per_teu)
            ),
        ),
        Step::PortCall {
            port,
            vessel,
            moves_teu,
            handles_shipment,
        } => {
            let p = &s.ports[*port];
            (
                "port-call",
                format!(
                    "port call at {} ({}) by {}: {} TEU moved, {} berths at {} TEU/h, {} h overhead{}",
                    p.name,
                    p.locode,
                    s.vessels[*vessel].name,
                    trim(*moves_teu),
                    p.berths,
                    trim(p.berth_teu_per_h),
                    trim(p.call_overhead_h),
                    if *handles_shipment {
                        format!(
                            "; the shipment is handled here ({} USD/TEU)",
                            trim(p.handling_usd_per_teu)
                        )
                    } else {
                        String::new()
                    }
                ),
            )
        }
        Step::Sail {
            vessel,
            speed_kn,
            segments,
            risk_areas,
        } => {
            let total: f64 = segments.iter().map(|g| g.distance_nm).sum();
            let regions = segments
                .iter()
                .map(|g| format!("{} {:.0} nm", g.region_name, g.distance_nm))
                .collect::<Vec<_>>()
                .join(", ");
            let risk = if risk_areas.is_empty() {
                String::new()
            } else {
                format!(
                    "; war risk: {}",
                    risk_areas
                        .iter()
                        .map(|&i| s.risk_areas[i].passage.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            };
            (
                "sail",
                format!(
                    "sail {:.0} nm on {} at {} kn ({regions}){risk}",
                    total,
                    s.vessels[*vessel].name,
                    trim(*speed_kn)
                ),
            )
        }
        Step::Canal {
            service,
            vessel,
            transit_h,
        } => {
            let t = &s.services[*service].timetable;
            (
                "canal",
                format!(
                    "canal {} by {}: convoy every {} h, {} ships per convoy, transit {transit_h} h",
                    t.name,
                    s.vessels[*vessel].name,
                    trim(t.headway_h),
                    trim(t.capacity)
                ),
            )
        }
        Step::Scheduled {
            service,
            books,
            travel_h,
            distance_km,
            tariff_usd_per_teu,
            co2_t_per_teu,
            winter,
        } => {
            let sv = &s.services[*service];
            let t = &sv.timetable;
            let kind = match sv.kind {
                ServiceKind::Ferry => "ferry",
                ServiceKind::Rail | ServiceKind::Canal => "rail",
            };
            let departures = if *books {
                format!(
                    "a departure every {} h, {} TEU each, cut-off {} h",
                    trim(t.headway_h),
                    trim(t.capacity),
                    trim(t.cutoff_h)
                )
            } else {
                "continues the same departure".to_string()
            };
            let winter = match winter {
                Some((months, delay)) => format!(
                    "; in months {} add {delay} h",
                    months
                        .iter()
                        .enumerate()
                        .filter(|(_, on)| **on)
                        .map(|(m, _)| (m + 1).to_string())
                        .collect::<Vec<_>>()
                        .join(",")
                ),
                None => String::new(),
            };
            (
                kind,
                format!(
                    "{kind} {}: {:.0} km, {travel_h} h on board, {departures}, {} USD/TEU, {} t CO2/TEU{winter}",
                    t.name,
                    distance_km,
                    trim(*tariff_usd_per_teu),
                    trim(*co2_t_per_teu)
                ),
            )
        }
        Step::Road {
            travel_h,
            distance_km,
            tariff_usd_per_teu,
            co2_t_per_teu,
        } => (
            "road",
            format!(
                "road: {:.0} km, {travel_h} h, {} USD/TEU, {} t CO2/TEU",
                distance_km,
                trim(*tariff_usd_per_teu),
                trim(*co2_t_per_teu)
            ),
        ),
        Step::Border { post } => {
            let b = &s.borders[*post];
            (
                "border",
                format!(
                    "border {}: {} lanes, clearance {} h, {} other consignments a day",
                    b.name,
                    b.lanes,
                    b.service_h,
                    trim(b.background_per_day)
                ),
            )
        }
    };
    StepView {
        kind,
        text: tidy_numbers(&text),
    }
}

/// Rounds numbers printed with float noise (`94.34666666666666`,
/// `82.80000000000001`) to three decimals, without trailing zeros.
fn tidy_numbers(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut number = String::new();
    let flush = |number: &mut String, out: &mut String| {
        let noisy = number
            .split_once('.')
            .is_some_and(|(_, decimals)| decimals.len() > 3);
        match number.parse::<f64>() {
            Ok(x) if noisy => out.push_str(&trim(x)),
            _ => out.push_str(number),
        }
        number.clear();
    };
    for c in text.chars() {
        if c.is_ascii_digit() || (c == '.' && !number.is_empty() && !number.contains('.')) {
            number.push(c);
        } else {
            flush(&mut number, &mut out);
            out.push(c);
        }
    }
    flush(&mut number, &mut out);
    out
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn float_noise_is_rounded_and_other_numbers_are_kept() {
        assert_eq!(
            tidy_numbers("94.34666666666666 + lognormal(mean 24, sd 18) h, 82.80000000000001 h"),
            "94.347 + lognormal(mean 24, sd 18) h, 82.8 h"
        );
        assert_eq!(
            tidy_numbers("port call at Chennai (INMAA): 133.333 TEU/h."),
            "port call at Chennai (INMAA): 133.333 TEU/h."
        );
        assert_eq!(tidy_numbers("legs[0] 1,769 km"), "legs[0] 1,769 km");
    }
}
