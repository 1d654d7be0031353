//! `corridor route`: shortest routes over the network, printed as text or
//! JSON, optionally written as GeoJSON.

use std::fmt::Write as _;
use std::io::Write;

use anyhow::Context;
use serde_json::{Value, json};

use super::sink::Sink;
use crate::cli::{IceClassArg, ModeArg, RouteArgs, SeasonArg};
use crate::error::InputError;
use crate::network::{
    AVOID_KINDS, IceClass, Leg, Mode, Network, NetworkError, Route, RouteRequest, Season,
    VesselLimits,
};

/// Runs `corridor route`.
pub fn run(args: &RouteArgs) -> anyhow::Result<()> {
    let network = Network::builtin();
    let sink = args.geojson.as_deref().map(Sink::resolve).transpose()?;
    if sink == Some(Sink::Stdout) && args.json {
        return Err(
            InputError::new("--json and --geojson - both write to standard output")
                .with_hint("write the GeoJSON to a file (--geojson route.geojson), or drop --json")
                .into(),
        );
    }
    let route = network
        .route(&request(args))
        .map_err(|e| suggest_element(network, e))?;
    if route.legs.is_empty() {
        return Err(InputError::new(format!(
            "`{}` and `{}` are the same place ({}): there is no route to find",
            args.from, args.to, route.from_name
        ))
        .with_hint("name two different ports or nodes; `corridor ports` lists them")
        .into());
    }
    if let Some(sink) = &sink {
        let text = serde_json::to_string_pretty(&route.geojson(network))
            .context("serialising the GeoJSON")?;
        sink.write(format!("{text}\n").as_bytes())?;
    }
    let text = if args.json {
        let mut s = serde_json::to_string_pretty(&summary(&route, args.speed_kn))
            .context("serialising the route")?;
        s.push('\n');
        s
    } else {
        render(&route, args.speed_kn)
    };
    if sink == Some(Sink::Stdout) {
        // Standard output carries the GeoJSON alone, so it can be piped;
        // the table goes to the terminal on stderr.
        std::io::stderr()
            .lock()
            .write_all(text.as_bytes())
            .context("writing to stderr")?;
    } else {
        std::io::stdout()
            .lock()
            .write_all(text.as_bytes())
            .context("writing to stdout")?;
    }
    Ok(())
}

/// An unknown `--avoid KIND:NAME` as an input error whose hint says
/// which name (or kind) was probably meant; other errors unchanged.
fn suggest_element(network: &Network, e: NetworkError) -> anyhow::Error {
    let NetworkError::UnknownElement { kind, name, known } = &e else {
        return e.into();
    };
    let hint = if AVOID_KINDS.contains(&kind.as_str()) {
        crate::scenario::did_you_mean(name, known.iter().map(String::as_str))
    } else {
        // `strait:hormuz`: the name is right, the kind is not.
        AVOID_KINDS
            .iter()
            .find(|k| network.avoid_names(k).iter().any(|n| n == name))
            .map(|k| format!("did you mean `{k}:{name}`?"))
            .or_else(|| crate::scenario::did_you_mean(kind, AVOID_KINDS))
    };
    let error = InputError::new(e.to_string());
    match hint {
        Some(h) => error.with_hint(h).into(),
        None => error.into(),
    }
}

/// The library request for the command-line arguments.
pub fn request(args: &RouteArgs) -> RouteRequest {
    let mut modes: Vec<Mode> = Vec::new();
    for mode in &args.mode {
        match mode {
            ModeArg::Any => modes.extend(Mode::ALL),
            ModeArg::Sea => modes.push(Mode::Sea),
            ModeArg::Rail => modes.push(Mode::Rail),
            ModeArg::Road => modes.push(Mode::Road),
            ModeArg::Ferry => modes.push(Mode::Ferry),
        }
    }
    RouteRequest {
        from: args.from.clone(),
        to: args.to.clone(),
        via: args.via.clone(),
        avoid: args.avoid.clone(),
        modes,
        vessel: VesselLimits {
            draft_m: args.draft_m,
            length_m: args.length_m,
            ice_class: match args.ice_class {
                IceClassArg::None => IceClass::None,
                IceClassArg::Ice1 => IceClass::Ice1,
                IceClassArg::Arc4 => IceClass::Arc4,
                IceClassArg::Arc7 => IceClass::Arc7,
            },
            season: match args.season {
                SeasonArg::Summer => Season::Summer,
                SeasonArg::Winter => Season::Winter,
            },
        },
        enable: args.enable.clone(),
    }
}

/// Kilometres on land (rail and road legs): a ship's speed says nothing
/// about them, so they are never timed at `--speed-kn` nor shown in nm.
fn land_km(route: &Route) -> f64 {
    route
        .legs
        .iter()
        .filter(|l| !l.mode.is_water())
        .map(|l| l.distance_km)
        // Not `sum()`: an empty float sum is −0.0, which JSON would show.
        .fold(0.0, |total, km| total + km)
}

/// The `--json` object: the route plus speed, days and water distance.
/// `days` is the whole route at the ship's speed when it is all water, and
/// `null` when it has land legs (their time depends on timetables and
/// borders: a scenario's business); `water_days` is always the water part.
pub fn summary(route: &Route, speed_kn: f64) -> Value {
    let mut value = serde_json::to_value(route).unwrap_or(Value::Null);
    if let Value::Object(map) = &mut value {
        let modes: Vec<&str> = route.modes().iter().map(|m| m.as_str()).collect();
        let land = land_km(route);
        map.insert("modes".into(), json!(modes));
        map.insert("speed_kn".into(), json!(speed_kn));
        map.insert(
            "days".into(),
            if land > 0.0 {
                Value::Null
            } else {
                json!(route.days_at(speed_kn))
            },
        );
        map.insert("water_nm".into(), json!(route.water_nm()));
        map.insert(
            "water_days".into(),
            json!(route.water_nm() / speed_kn / 24.0),
        );
        map.insert("land_km".into(), json!(land));
    }
    value
}

/// Formats a non-negative number with thousands separators and no decimals.
fn thousands(x: f64) -> String {
    crate::numbers::thousands(x.max(0.0).round() as i64)
}

/// The text report.
pub fn render(route: &Route, speed_kn: f64) -> String {
    let mut s = String::new();
    let modes: Vec<&str> = route.modes().iter().map(|m| m.as_str()).collect();
    let via = if route.via.is_empty() {
        String::new()
    } else {
        format!(" via {}", route.via.join(", "))
    };
    let _ = writeln!(
        s,
        "{} → {}{via}, by {}",
        route.from_name,
        route.to_name,
        if modes.is_empty() {
            "—".to_string()
        } else {
            modes.join(" + ")
        }
    );
    let water = route.water_nm();
    let land = land_km(route);
    if land == 0.0 {
        let _ = writeln!(
            s,
            "  distance        {} nm  ({} km)",
            thousands(route.distance_nm),
            thousands(route.distance_km)
        );
        let _ = writeln!(
            s,
            "  time            {:.1} days at {speed_kn} kn",
            route.days_at(speed_kn)
        );
    } else {
        let _ = writeln!(
            s,
            "  distance        {} km: {} km by land, {} nm by water",
            thousands(route.distance_km),
            thousands(land),
            thousands(water)
        );
        let water_time = if water > 0.0 {
            format!(
                "{:.1} days afloat at {speed_kn} kn; ",
                water / speed_kn / 24.0
            )
        } else {
            String::new()
        };
        let _ = writeln!(
            s,
            "  time            {water_time}land legs not timed here (timetables, borders: `corridor explain` a scenario)"
        );
    }
    let passages = if route.passages.is_empty() {
        "none".to_string()
    } else {
        route.passages.join(", ")
    };
    let _ = writeln!(s, "  passages        {passages}");
    if !route.regions.is_empty() {
        let regions: Vec<String> = route
            .regions
            .iter()
            .map(|r| format!("{} {} nm", r.region, thousands(r.distance_nm)))
            .collect();
        let _ = writeln!(s, "  sea regions     {}", regions.join(", "));
    }
    if !route.border_crossings.is_empty() {
        let _ = writeln!(s, "  borders         {}", route.border_crossings.join(", "));
    }
    for t in &route.transshipments {
        let what = match (t.from_gauge_mm, t.to_gauge_mm) {
            (Some(a), Some(b)) if t.from_mode == t.to_mode => format!("gauge {a} → {b} mm"),
            _ => format!("{} → {}", t.from_mode, t.to_mode),
        };
        let _ = writeln!(s, "  transshipment   {}: {what}", t.at_name);
    }
    let _ = writeln!(s);
    let _ = writeln!(
        s,
        "  {:>3}  {:<28} {:<28} {:<5} {:>8} {:>8}  passage / region / gauge / border",
        "leg", "from", "to", "mode", "nm", "km"
    );
    // MARNET's lanes are short (a Chennai → Vladivostok route has dozens),
    // so the table joins consecutive lanes that share a mode, passage,
    // region, gauge and border into one stretch; `--json` keeps every lane.
    let stretches = stretches(&route.legs);
    for (i, stretch) in stretches.iter().enumerate() {
        let (first, last) = (stretch[0], stretch[stretch.len() - 1]);
        let mut notes: Vec<String> = Vec::new();
        if stretch.len() > 1 {
            notes.push(format!("{} legs", stretch.len()));
        }
        notes.extend(first.passage.clone());
        notes.extend(first.region.clone());
        notes.extend(first.gauge_mm.map(|g| format!("{g} mm")));
        notes.extend(first.border.clone());
        // Nautical miles measure water; a rail or road leg shows km only.
        let nm = if first.mode.is_water() {
            thousands(stretch.iter().map(|l| l.distance_nm).sum())
        } else {
            "–".to_string()
        };
        let line = format!(
            "  {:>3}  {:<28} {:<28} {:<5} {:>8} {:>8}  {}",
            i + 1,
            truncate(&first.from_name, 28),
            truncate(&last.to_name, 28),
            first.mode.as_str(),
            nm,
            thousands(stretch.iter().map(|l| l.distance_km).sum()),
            notes.join(" / ")
        );
        let _ = writeln!(s, "{}", line.trim_end());
    }
    if stretches.len() < route.legs.len() {
        let _ = writeln!(
            s,
            "\n  {} legs in {} stretches; `--json` and `--geojson` list every leg",
            route.legs.len(),
            stretches.len()
        );
    }
    s
}

/// Runs of consecutive legs with the same mode, passage, region, gauge and
/// border: what a reader sees as one stretch of the journey.
fn stretches(legs: &[Leg]) -> Vec<Vec<&Leg>> {
    let key = |l: &Leg| {
        (
            l.mode,
            l.passage.clone(),
            l.region.clone(),
            l.gauge_mm,
            l.border.clone(),
        )
    };
    let mut out: Vec<Vec<&Leg>> = Vec::new();
    for leg in legs {
        match out.last_mut() {
            Some(run) if key(run[0]) == key(leg) => run.push(leg),
            _ => out.push(vec![leg]),
        }
    }
    out
}

fn truncate(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        text.to_string()
    } else {
        let mut t: String = text.chars().take(width - 1).collect();
        t.push('…');
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_groups_digits() {
        assert_eq!(thousands(0.4), "0");
        assert_eq!(thousands(999.0), "999");
        assert_eq!(thousands(1_234.0), "1,234");
        assert_eq!(thousands(9_288_000.2), "9,288,000");
    }

    #[test]
    fn truncate_keeps_short_names() {
        assert_eq!(truncate("Chennai", 10), "Chennai");
        assert_eq!(truncate("Bandar Abbas (Shahid Rajaee)", 10), "Bandar Ab…");
    }
}
