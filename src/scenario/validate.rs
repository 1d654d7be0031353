//! Raw scenario → the model's [`Scenario`]: defaults filled from the library,
//! names resolved against the network, numbers checked, routes compiled into
//! steps. Every error names the key it is about; `Layers::error_at` finds the
//! file and line that wrote it.
//!
//! Each independent item (a vessel class, a border post, a service, a route,
//! a disruption…) is checked on its own: one that fails is reported and the
//! next is checked, so a file's mistakes are all reported at once. What
//! names a failed item fails quietly (one mistake, one error).
//!
//! The steps, each in its own file, depend only on the ones listed before
//! them; this file runs them in order:
//!
//! | file | owns |
//! |---|---|
//! | `context.rs` | layers, raw document, network; notes and errors gathered |
//! | `basics.rs` | `[departures]`, `[prices]` |
//! | `vessels.rs` | `[fuels.*]`, `[vessels.*]` and what each class may sail |
//! | `costs.rs` | `cost_basis`, `[costs]`, `[freight.*]` |
//! | `weather.rs` | `[weather.*]`, `[risk_areas.*]` |
//! | `borders.rs` | `[borders.*]` |
//! | `liners.rs` | liner services, laid out when a leg first rides one |
//! | `services.rs` | `[canals.*]`, `[services.*]`: every timetable |
//! | `road.rs` | `[road]`, `[transshipment]` |
//! | `ports.rs` | ports, built when a route first calls |
//! | `routes.rs` | `[routes.*]` compiled into steps |
//! | `disruptions.rs` | `[[disruptions]]` and the paths round them |
//! | `detour.rs` | the network's way round a closed element (for `disruptions.rs`) |
//! | `at_sea.rs` | where ships at sea meet a closed sea element, and the ways round it from points of their sailing (for `disruptions.rs`) |
//! | `prune.rs` | what no route uses: dropped, and warned about |

mod at_sea;
mod basics;
mod borders;
mod context;
mod costs;
mod detour;
mod disruptions;
mod liners;
mod ports;
mod prune;
mod road;
mod routes;
mod services;
mod vessels;
mod weather;

use crate::model::{Date, Departures, Scenario};
use crate::network::Network;

use super::error::{KeyPath, ScenarioError};
use super::raw::RawScenario;
use super::source::Layers;
use super::values;

use borders::Borders;
use context::{Context, Failure, VResult};
use ports::Ports;
use road::{Road, Transshipment};
use routes::{Compiler, Tables};
use services::{Calendar, Services};
use vessels::{Fuels, Vessels};
use weather::{Regions, RiskAreas};

/// Most replications accepted without `--force`-style overrides in the file.
pub const MAX_REPLICATIONS: u32 = 1_000_000;

/// Most shipments in one replication (routes × departures): each is held
/// in memory while the replication runs.
pub const MAX_SHIPMENTS: u64 = 100_000;

/// Longest scenario name: it names the output folder, and `compare` joins
/// two of them (`compare-A-vs-B`) within the 255 bytes file systems allow.
pub const MAX_NAME_CHARS: usize = 64;

/// Days a scenario runs when `horizon_days` is not set.
const DEFAULT_HORIZON_DAYS: f64 = 400.0;

/// A validated scenario, and warnings about what is valid but probably
/// not meant.
pub(super) struct Validated {
    pub(super) scenario: Scenario,
    pub(super) warnings: Vec<ScenarioError>,
}

/// Validates a merged document against `network`: the scenario and its
/// warnings, or every error found, in the order of the file's tables.
pub(super) fn validate(
    layers: &Layers,
    raw: &RawScenario,
    network: &Network,
) -> Result<Validated, Vec<ScenarioError>> {
    let mut cx = Context::new(layers, raw, network);
    let root = KeyPath::root();
    let name = scenario_name(&cx);
    let name = cx.keep(name);
    let seed = raw.seed.unwrap_or(1);
    let replications = replications(&cx);
    let replications = cx.keep(replications);
    let start_date = start_date(&cx);
    let start_date = cx.keep(start_date).flatten();
    let horizon_h = horizon_h(&cx);
    let horizon_h = cx.keep(horizon_h);
    let calendar = Calendar {
        start_date: start_date.unwrap_or_else(|| Date::new(2025, 1, 1).expect("a real date")),
        horizon_h: horizon_h.unwrap_or(DEFAULT_HORIZON_DAYS * 24.0),
    };
    let departures = basics::departures(&mut cx);
    let departures = cx.keep(departures);
    if let Some(d) = &departures {
        let shipments = shipments(&cx, d);
        cx.keep(shipments);
    }
    let prices = basics::prices(&mut cx);
    let prices = cx.keep(prices);
    let fuels = Fuels::read(&mut cx);
    let vessels = Vessels::read(&mut cx, &fuels);
    let costs = costs::read(&mut cx, &vessels);
    let costs = cx.keep(costs);
    let regions = Regions::read(&mut cx);
    let risk_areas = RiskAreas::read(&mut cx);
    let borders = Borders::read(&mut cx);
    let mut services = Services::read(&mut cx, &vessels, calendar);
    let road = Road::read(&mut cx);
    let road = cx.keep(road);
    let transshipment = Transshipment::read(&mut cx);
    let transshipment = cx.keep(transshipment);
    let mut ports = Ports::default();
    let tables = Tables {
        vessels: &vessels,
        borders: &borders,
        regions: &regions,
        risk_areas: &risk_areas,
        road: road.as_ref(),
        transshipment: transshipment.as_ref(),
    };
    let mut compiler = Compiler::new(&mut cx, tables, &mut services, &mut ports);
    let compiled = compiler.routes();
    let disruptions = compiler.disruptions(&compiled.routes);
    let routes = compiled.routes;
    if raw.routes.is_empty() {
        let error = cx
            .err(&root.key("routes"), "the scenario has no routes")
            .with_hint("add at least one [routes.<id>] table with legs");
        cx.record(error);
    }
    let reference_route = reference_route(&cx, &routes, &compiled.failed);
    let reference_route = cx.keep(reference_route);
    if let (Some(d), Some(horizon_h)) = (&departures, horizon_h) {
        let fits = last_departure_fits(&cx, d, horizon_h);
        cx.keep(fits);
    }
    let (assumptions, errors) = cx.finish();
    let (
        Some(name),
        Some(replications),
        Some(departures),
        Some(prices),
        Some(costs),
        Some(reference_route),
        true,
    ) = (
        name,
        replications,
        departures,
        prices,
        costs,
        reference_route,
        errors.is_empty(),
    )
    else {
        return Err(errors);
    };
    let (service_list, liners, canals) = services.finish();
    let mut scenario = Scenario {
        name,
        description: raw.description.clone().unwrap_or_default(),
        seed,
        replications,
        start_date: calendar.start_date,
        horizon_h: calendar.horizon_h,
        departures,
        prices,
        costs,
        fuels: fuels.into_list(),
        vessels: vessels.into_list(),
        ports: ports.into_list(),
        borders: borders.into_list(),
        services: service_list,
        liners: Vec::new(),
        regions: regions.into_list(),
        risk_areas: risk_areas.into_list(),
        routes,
        reference_route,
        assumptions,
        disruptions: disruptions.list,
        alternatives: disruptions.alternatives,
    };
    let unused_liners = liners.unused();
    scenario.liners = liners.into_model();
    let mut unused = prune::prune_unused(&mut scenario, &canals);
    scenario.assumptions.retain(|a| {
        !unused_liners
            .iter()
            .any(|g| a.key.starts_with(&format!("{g}.")))
    });
    unused.extend(unused_liners);
    let mut warnings = prune::unused_warnings(layers, &unused);
    warnings.extend(super::capacity::load_warnings(&scenario, layers));
    warnings.extend(disruptions.unmet.iter().map(|p| {
        layers
            .error_at(
                &p.key("target"),
                "no route meets this element, so the disruption has no effect",
            )
            .with_hint("`corridor explain` lists each route's legs; check the target against them")
    }));
    warnings.extend(routes::arrival_warnings(&scenario, layers));
    Ok(Validated { scenario, warnings })
}

/// `name`: it names the output folder.
fn scenario_name(cx: &Context<'_>) -> VResult<String> {
    let key = KeyPath::root().key("name");
    let name = cx.need(&key, &cx.raw().name)?;
    if name.is_empty()
        || name.len() > MAX_NAME_CHARS
        || !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return Err(cx
            .err(&key, format!("`{name}` cannot name an output folder"))
            .with_hint(format!(
                "use 1 to {MAX_NAME_CHARS} letters, digits, `-` and `_`, e.g. \"red-sea-crisis\""
            )));
    }
    Ok(name)
}

fn replications(cx: &Context<'_>) -> VResult<u32> {
    let replications = cx.raw().replications.unwrap_or(100);
    if replications == 0 || replications > MAX_REPLICATIONS {
        return Err(cx
            .err(
                &KeyPath::root().key("replications"),
                format!("must be from 1 to {MAX_REPLICATIONS}, got {replications}"),
            )
            .with_hint(
                "a few hundred replications give confidence intervals of a fraction of a day",
            ));
    }
    Ok(replications)
}

/// `start_date`, if set.
fn start_date(cx: &Context<'_>) -> VResult<Option<Date>> {
    let Some(d) = &cx.raw().start_date else {
        return Ok(None);
    };
    let key = KeyPath::root().key("start_date");
    match d.date {
        Some(date) if d.time.is_none() => Date::new(
            i32::from(date.year),
            u32::from(date.month),
            u32::from(date.day),
        )
        .map(Some)
        .ok_or_else(|| cx.err(&key, format!("{d} is not a date"))),
        _ => Err(cx
            .err(&key, format!("must be a date like 2025-01-06, got {d}"))
            .with_hint("write it without quotes: start_date = 2025-01-06")),
    }
}

/// `horizon_days`, in hours.
fn horizon_h(cx: &Context<'_>) -> VResult<f64> {
    let key = KeyPath::root().key("horizon_days");
    let days = cx.raw().horizon_days.unwrap_or(DEFAULT_HORIZON_DAYS);
    let days = cx.check(&key, values::positive(days))?;
    if days > 3650.0 {
        return Err(cx.err(&key, "must be at most 3,650 days (ten years)"));
    }
    Ok(days * 24.0)
}

/// Routes × departures within what a replication holds in memory.
fn shipments(cx: &Context<'_>, departures: &Departures) -> VResult<()> {
    let routes = cx.raw().routes.len();
    let shipments = routes as u64 * u64::from(departures.count);
    if shipments > MAX_SHIPMENTS {
        return Err(cx
            .err(
                &KeyPath::root().key("departures").key("count"),
                format!(
                    "{routes} routes × {} departures make {shipments} shipments a replication; at most {MAX_SHIPMENTS}",
                    departures.count
                ),
            )
            .with_hint("fewer departures or fewer routes; more replications narrow the confidence intervals instead"));
    }
    Ok(())
}

/// `reference_route`: the route others are paired with (the first if unset).
fn reference_route(
    cx: &Context<'_>,
    routes: &[crate::model::Route],
    failed: &std::collections::HashSet<String>,
) -> VResult<usize> {
    let Some(id) = &cx.raw().reference_route else {
        return Ok(0);
    };
    if failed.contains(id) {
        return Err(Failure::Dependent);
    }
    routes.iter().position(|r| &r.id == id).ok_or_else(|| {
        let hint =
            super::did_you_mean(id, routes.iter().map(|r| r.id.as_str())).unwrap_or_else(|| {
                format!(
                    "routes: {}",
                    routes
                        .iter()
                        .map(|r| r.id.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            });
        cx.err(
            &KeyPath::root().key("reference_route"),
            format!("no route `{id}`"),
        )
        .with_hint(hint)
    })
}

/// The last shipment leaves within the horizon.
fn last_departure_fits(cx: &Context<'_>, d: &Departures, horizon_h: f64) -> VResult<()> {
    let last_departure_h = d.first_h + d.every_h * f64::from(d.count - 1);
    if last_departure_h < horizon_h {
        return Ok(());
    }
    let root = KeyPath::root();
    let departures_key = root.key("departures");
    let culprit = cx.layers().latest(&[
        root.key("horizon_days"),
        departures_key.key("count"),
        departures_key.key("every_days"),
        departures_key.key("first_day"),
    ]);
    Err(cx
        .err(&culprit, "the horizon ends before the last departure")
        .with_hint(format!(
            "the last shipment leaves on day {:.0}; make horizon_days longer, or departures fewer",
            last_departure_h / 24.0
        )))
}
