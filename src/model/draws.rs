//! Which random stream each of a shipment's draws comes from.
//!
//! A stream is keyed by (replication, entity, purpose): the entity is the
//! shipment's departure number, the purpose the step it draws for, named by
//! what the step is (`dwell@Chennai`, `ride:transsib`, `border:astara`, …)
//! and how many times the route met that name before. So
//!
//! - a step draws the same numbers whatever the steps before it drew
//!   (changing a dwell's distribution, or adding a leg, leaves the other
//!   legs' draws alone: common random numbers across scenarios);
//! - shipment k of two routes that share a step (the dwell at Chennai of the
//!   EMC and of the Suez route) draws the same numbers for it, so route
//!   differences are free of that noise (common random numbers across
//!   routes);
//! - adding a route to a scenario changes no other route's draws.
//!
//! Shared resources (berths, convoys, trains, weather) have streams of
//! their own, keyed by the resource; see `voyage`.

use std::collections::HashMap;

use crate::engine::{SimRng, Streams};

use super::spec::{Route, Scenario, Step};

/// The purpose names of a route's steps, one per step, in order.
pub(super) fn step_purposes(scenario: &Scenario, route: &Route) -> Vec<String> {
    let mut seen: HashMap<String, u32> = HashMap::new();
    route
        .steps
        .iter()
        .map(|step| {
            let name = match step {
                Step::Dwell { at, .. } => format!("dwell@{at}"),
                Step::PortCall { port, .. } => format!("call@{}", scenario.ports[*port].locode),
                Step::Sail { .. } => "sail".to_string(),
                Step::Canal { service, .. } => {
                    format!("canal:{}", scenario.services[*service].timetable.name)
                }
                Step::Scheduled { service, .. } => {
                    format!("ride:{}", scenario.services[*service].timetable.name)
                }
                Step::Board { service, .. } => {
                    format!("board:{}", scenario.services[*service].timetable.name)
                }
                Step::Road { .. } => "road".to_string(),
                Step::Border { post, rail } => format!(
                    "border:{}:{}",
                    scenario.borders[*post].name,
                    if *rail { "rail" } else { "road" }
                ),
            };
            let n = seen.entry(name.clone()).or_insert(0);
            *n += 1;
            format!("shipment/{name}#{n}")
        })
        .collect()
}

/// The stream of shipment `number`'s draws for `purpose` in `replication`.
pub(super) fn step_stream(
    streams: &Streams,
    replication: u64,
    purpose: &str,
    number: u32,
) -> SimRng {
    streams.stream_indexed(replication, purpose, u64::from(number))
}
