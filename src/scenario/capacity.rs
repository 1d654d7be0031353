//! Warnings for ports, border posts and timetabled services loaded at or
//! above their capacity once the scenario's own shipments are counted.
//!
//! Validation already refuses background traffic that alone fills a port or
//! a post. What it cannot see key by key is the load the routes add: every
//! departure sends a ship to each port its route calls at, a consignment
//! through each post and a booking onto each train, ferry and convoy. A
//! resource whose long-run load (background plus ours) is 1 or more has no
//! steady state: its queue grows through the run, so the medians depend on
//! how many departures the run has. Such a scenario still runs (a growing
//! queue can be the point of a study), with a warning that says so.

use std::collections::HashMap;

use crate::model::{Scenario, ServiceKind, Step};

use super::error::{KeyPath, ScenarioError};
use super::source::Layers;

/// One warning per resource loaded at or above capacity.
pub(super) fn load_warnings(s: &Scenario, layers: &Layers) -> Vec<ScenarioError> {
    let every_h = s.departures.every_h;
    let teu = s.departures.teu;
    // What our departures bring, per hour of the run.
    let mut port_work_h: HashMap<usize, f64> = HashMap::new();
    let mut post_work_h: HashMap<usize, f64> = HashMap::new();
    let mut rail_work_h: HashMap<usize, f64> = HashMap::new();
    let mut service_units: HashMap<usize, f64> = HashMap::new();
    for route in &s.routes {
        for step in &route.steps {
            match step {
                Step::PortCall {
                    port, moves_teu, ..
                } => {
                    let p = &s.ports[*port];
                    let work = p.call_overhead_h + moves_teu / p.berth_teu_per_h;
                    *port_work_h.entry(*port).or_default() += work / every_h;
                }
                Step::Border { post, rail } => {
                    let b = &s.borders[*post];
                    match (&b.rail, rail) {
                        (Some(r), true) => {
                            *rail_work_h.entry(*post).or_default() += r.service_h.mean() / every_h
                        }
                        _ => {
                            let trucks = (teu / crate::model::TEU_PER_TRUCK).ceil().max(1.0);
                            *post_work_h.entry(*post).or_default() +=
                                trucks * b.service_h.mean() / every_h
                        }
                    }
                }
                Step::Scheduled {
                    service,
                    books: true,
                    ..
                } => *service_units.entry(*service).or_default() += teu / every_h,
                Step::Canal { service, .. } => {
                    *service_units.entry(*service).or_default() += 1.0 / every_h
                }
                _ => {}
            }
        }
    }
    let mut warnings = Vec::new();
    let mut warn = |paths: Vec<KeyPath>, what: String, load: f64, ours: f64| {
        let path = layers.latest(&paths);
        warnings.push(
            layers
                .error_at(
                    &path,
                    format!(
                        "{what} is loaded at {:.0} % of its capacity, {:.0} % of it by this scenario's own shipments: its queue has no steady state and grows through the run",
                        load * 100.0,
                        ours * 100.0
                    ),
                )
                .with_hint("results then depend on the number of departures; lower the background traffic or add capacity (an initial backlog models a standing queue)"),
        );
    };
    for (i, p) in s.ports.iter().enumerate() {
        let capacity_h = f64::from(p.berths);
        let background = p.background_calls_per_week / 168.0 * p.background_service_h.mean();
        let ours = port_work_h.get(&i).copied().unwrap_or(0.0);
        let load = (background + ours) / capacity_h;
        if load >= 1.0 {
            let t = KeyPath::root().key("ports").key(&p.locode);
            warn(
                vec![t.key("berth_occupancy"), t.key("background_service_h")],
                format!("port {} ({} berths)", p.locode, p.berths),
                load,
                ours / capacity_h,
            );
        }
    }
    for (i, b) in s.borders.iter().enumerate() {
        let capacity_h = f64::from(b.lanes);
        let background = b.background_per_day / 24.0 * b.service_h.mean();
        let ours = post_work_h.get(&i).copied().unwrap_or(0.0);
        let load = (background + ours) / capacity_h;
        if load >= 1.0 {
            let t = KeyPath::root().key("borders").key(&b.name);
            warn(
                vec![
                    t.key("background_per_day"),
                    t.key("service_h"),
                    t.key("lanes"),
                ],
                format!("border post {} ({} lanes)", b.name, b.lanes),
                load,
                ours / capacity_h,
            );
        }
        if let Some(r) = &b.rail {
            let capacity_h = f64::from(r.tracks);
            let background = r.background_trains_per_day / 24.0 * r.service_h.mean();
            let ours = rail_work_h.get(&i).copied().unwrap_or(0.0);
            let load = (background + ours) / capacity_h;
            if load >= 1.0 {
                let t = KeyPath::root().key("borders").key(&b.name);
                warn(
                    vec![
                        t.key("rail_background_trains_per_day"),
                        t.key("rail_service_h"),
                        t.key("rail_tracks"),
                    ],
                    format!("border post {} ({} rail tracks)", b.name, r.tracks),
                    load,
                    ours / capacity_h,
                );
            }
        }
    }
    for (i, service) in s.services.iter().enumerate() {
        let t = &service.timetable;
        let per_departure_ours = service_units.get(&i).copied().unwrap_or(0.0) * t.headway_h;
        let load = (t.background_per_departure + per_departure_ours) / t.capacity;
        if load >= 1.0 {
            let (table, background, capacity) = match service.kind {
                ServiceKind::Canal => (
                    KeyPath::root()
                        .key("canals")
                        .key(t.name.rsplit_once('-').map_or(t.name.as_str(), |(c, _)| c)),
                    "background_ships_per_day",
                    "convoy_capacity",
                ),
                _ => (
                    KeyPath::root().key("services").key(&t.name),
                    "background_teu_per_departure",
                    "capacity_teu",
                ),
            };
            warn(
                vec![table.key(background), table.key(capacity)],
                format!("service {}", t.name),
                load,
                per_departure_ours / t.capacity,
            );
        }
    }
    warnings
}
