//! Re-routing by the network: the path a route takes round a closed
//! element, found by the network's multimodal search rather than picked
//! among the scenario's other routes.
//!
//! The route is kept up to the leg that meets the element; from that leg's
//! start the network finds the shortest way (as `corridor route --avoid`
//! does) to each place of the route beyond the element, where the route's
//! own legs would take over again; the quickest whole path (nominal hours:
//! means, no queues) wins. When no way round starts at that leg, the leg
//! before it is tried, and so on back. The detour uses the network the scenario
//! can run on: any sea lane its ship may sail, rail and ferry links where
//! one of the scenario's services runs (their legs ride that service), and
//! road links the scenario's routes drive or the scenario adds. The
//! detour's legs are then compiled like any leg, so the path pays its
//! distance, fuel, tolls, tariffs, risk premiums, transshipments and time.

use std::collections::{BTreeSet, HashMap};

use crate::model::Route;
use crate::model::disruption::{Alternative, nominal_h};
use crate::network::{Edge, Mode, RouteRequest};

use crate::scenario::raw::{RawLeg, RawLegKind, RawRoute};

use super::routes::Compiler;

/// The services running on each rail or ferry link, and the places their
/// legs start from (to prefer the service that starts where a ride starts).
#[derive(Default)]
struct Served {
    services: HashMap<String, Vec<String>>,
    starts: HashMap<String, BTreeSet<String>>,
    roads: BTreeSet<String>,
    enable: Vec<String>,
}

impl Compiler<'_, '_> {
    /// The network's best path for route `r` round `element`, or `None`
    /// when the usable network has none.
    pub(super) fn detour(
        &mut self,
        routes: &[Route],
        r: usize,
        element: &str,
        speed: Option<f64>,
    ) -> Option<Alternative> {
        let route = &routes[r];
        let touch_leg = route.touches.iter().find(|t| t.element == element)?.leg;
        let raw: RawRoute = self.raw().routes.get(&route.id)?.clone();
        let ends = self.leg_ends(&raw)?;
        let served = self.served(element);
        let vessel = self.detour_vessel(&raw, touch_leg)?;
        let vessels = self.tables().vessels;
        let limits = vessels.limits(vessels.names().get(&vessel)?);
        let avoid = network_avoid(element);
        let allow = |e: &Edge| match e.mode {
            Mode::Sea => true,
            Mode::Rail | Mode::Ferry => served.services.contains_key(&e.id),
            Mode::Road => served.roads.contains(&e.id),
        };
        let mut best: Option<(f64, Route)> = None;
        for start in (0..=touch_leg).rev() {
            if matches!(raw.legs[start].kind, RawLegKind::Dwell | RawLegKind::Border) {
                continue;
            }
            for end in touch_leg..raw.legs.len() {
                if matches!(raw.legs[end].kind, RawLegKind::Dwell | RawLegKind::Border) {
                    continue;
                }
                let request = RouteRequest {
                    from: ends[start].0.clone(),
                    to: ends[end].1.clone(),
                    via: Vec::new(),
                    avoid: avoid.iter().cloned().collect(),
                    modes: Mode::ALL.to_vec(),
                    vessel: limits,
                    enable: served.enable.clone(),
                };
                let Ok(found) = self.network().route_with(&request, &allow) else {
                    continue;
                };
                if found.legs.is_empty() {
                    continue;
                }
                let mut legs: Vec<RawLeg> = raw.legs[..start].to_vec();
                legs.extend(self.detour_legs(&found, &served, &vessel, speed, &avoid));
                legs.extend(raw.legs[end + 1..].iter().cloned());
                let candidate = RawRoute {
                    legs,
                    ..raw.clone()
                };
                let Ok(path) = self.compile_alternative(&route.id, &candidate) else {
                    continue;
                };
                if path.steps == route.steps || path.touches.iter().any(|t| t.element == element) {
                    continue;
                }
                let hours: f64 = path
                    .steps
                    .iter()
                    .map(|s| nominal_h(s, self.ports().list()))
                    .sum();
                if best.as_ref().is_none_or(|(h, _)| hours < *h) {
                    best = Some((hours, path));
                }
            }
            // The latest place to turn off that has a way round wins:
            // turning earlier gives up more of the planned route.
            if best.is_some() {
                break;
            }
        }
        let (_, mut path) = best?;
        let label = match element.split_once(':') {
            Some(("passage" | "canal", name)) => name.to_string(),
            _ => element.replace(':', "-").to_lowercase(),
        };
        let id = format!("{}/avoid-{label}", route.id);
        path.id = id.clone();
        path.name = format!("{} avoiding {element}", route.name);
        Some(Alternative { id, route: r, path })
    }

    /// Each leg's start and end node ids (a border leg stays where it is).
    fn leg_ends(&self, raw: &RawRoute) -> Option<Vec<(String, String)>> {
        let id = |name: &str| -> Option<String> {
            let node = self.network().resolve(name).ok()?;
            Some(self.network().node(node).id.clone())
        };
        let mut here = String::new();
        let mut out = Vec::with_capacity(raw.legs.len());
        for leg in &raw.legs {
            let (from, to) = match leg.kind {
                RawLegKind::Dwell => {
                    let at = id(leg.at.as_deref()?)?;
                    (at.clone(), at)
                }
                RawLegKind::Border => (here.clone(), here.clone()),
                _ => (id(leg.from.as_deref()?)?, id(leg.to.as_deref()?)?),
            };
            here = to.clone();
            out.push((from, to));
        }
        Some(out)
    }

    /// The links the scenario's routes ride and drive, less those of a
    /// closed service.
    fn served(&self, element: &str) -> Served {
        let mut served = Served::default();
        for raw in self.raw().routes.values() {
            for leg in &raw.legs {
                let mode = match leg.kind {
                    RawLegKind::Rail => Mode::Rail,
                    RawLegKind::Ferry => Mode::Ferry,
                    RawLegKind::Road => Mode::Road,
                    _ => continue,
                };
                let service = leg.service.clone().unwrap_or_default();
                if mode != Mode::Road
                    && (service.is_empty() || element == format!("service:{service}"))
                {
                    continue;
                }
                let (Some(from), Some(to)) = (&leg.from, &leg.to) else {
                    continue;
                };
                let request = RouteRequest {
                    from: from.clone(),
                    to: to.clone(),
                    via: leg.via.clone(),
                    avoid: Vec::new(),
                    modes: vec![mode],
                    vessel: Default::default(),
                    enable: leg.enable.clone(),
                };
                let Ok(found) = self.network().route(&request) else {
                    continue;
                };
                served.enable.extend(leg.enable.iter().cloned());
                if let Ok(node) = self.network().resolve(from) {
                    served
                        .starts
                        .entry(service.clone())
                        .or_default()
                        .insert(self.network().node(node).id.clone());
                }
                for l in &found.legs {
                    if mode == Mode::Road {
                        served.roads.insert(l.edge.clone());
                    } else {
                        let list = served.services.entry(l.edge.clone()).or_default();
                        if !list.contains(&service) {
                            list.push(service.clone());
                        }
                    }
                }
            }
        }
        // The scenario's own links are there to be used.
        for id in self.raw().links.keys() {
            if let Some(e) = self.network().edge_by_name(id)
                && self.network().edge(e).mode == Mode::Road
            {
                served.roads.insert(id.clone());
            }
        }
        served.enable.sort();
        served.enable.dedup();
        served
    }

    /// The vessel class the detour's sailings use: the nearest sea leg's
    /// (a liner's ship if it rides one), at or before the leg that meets
    /// the element, else after it.
    fn detour_vessel(&self, raw: &RawRoute, touch_leg: usize) -> Option<String> {
        let of = |leg: &RawLeg| -> Option<String> {
            if leg.kind != RawLegKind::Sea {
                return None;
            }
            leg.vessel.clone().or_else(|| {
                let service = leg.service.as_ref()?;
                self.raw().services.get(service)?.vessel.clone()
            })
        };
        raw.legs[..=touch_leg]
            .iter()
            .rev()
            .find_map(of)
            .or_else(|| raw.legs[touch_leg..].iter().find_map(of))
    }

    /// The network's path as legs: one per run of a mode (and, on rail and
    /// ferry links, of a service), each held to the network's path.
    fn detour_legs(
        &self,
        found: &crate::network::Route,
        served: &Served,
        vessel: &str,
        speed: Option<f64>,
        avoid: &Option<String>,
    ) -> Vec<RawLeg> {
        let mut legs = Vec::new();
        let mut i = 0;
        while i < found.legs.len() {
            let first = &found.legs[i];
            let service = match first.mode {
                Mode::Rail | Mode::Ferry => {
                    let candidates = &served.services[&first.edge];
                    // The service covering the longest run from here; on a
                    // tie, one whose legs start here.
                    candidates
                        .iter()
                        .max_by_key(|s| {
                            let run = found.legs[i..]
                                .iter()
                                .take_while(|l| {
                                    l.mode == first.mode
                                        && served
                                            .services
                                            .get(&l.edge)
                                            .is_some_and(|v| v.contains(s))
                                })
                                .count();
                            let starts_here = served
                                .starts
                                .get(*s)
                                .is_some_and(|set| set.contains(&first.from));
                            // max_by_key keeps the last of equals: reverse
                            // the position so the first listed wins ties.
                            (
                                run,
                                starts_here,
                                std::cmp::Reverse(candidates.iter().position(|c| c == *s)),
                            )
                        })
                        .cloned()
                }
                _ => None,
            };
            let mut j = i + 1;
            while j < found.legs.len()
                && found.legs[j].mode == first.mode
                && service.as_ref().is_none_or(|s| {
                    served
                        .services
                        .get(&found.legs[j].edge)
                        .is_some_and(|v| v.contains(s))
                })
            {
                j += 1;
            }
            let run = &found.legs[i..j];
            let via: Vec<String> = run[..run.len() - 1].iter().map(|l| l.to.clone()).collect();
            let from = Some(first.from.clone());
            let to = Some(run[run.len() - 1].to.clone());
            let mut leg = RawLeg {
                kind: RawLegKind::Road,
                at: None,
                from,
                to,
                vessel: None,
                speed_kn: None,
                calls: Vec::new(),
                via: Vec::new(),
                avoid: Vec::new(),
                enable: Vec::new(),
                service: None,
                post: None,
                dwell_h: None,
                cost_usd_per_teu: None,
                note: Some("re-routed by the network".to_string()),
            };
            match first.mode {
                Mode::Sea => {
                    leg.kind = RawLegKind::Sea;
                    leg.vessel = Some(vessel.to_string());
                    leg.speed_kn = speed;
                    // A sailing is held to the network's path by the
                    // passage it avoids; a closed region, by its lanes.
                    match avoid.as_deref() {
                        Some(a) if a.starts_with("region:") => leg.via = via,
                        Some(a) if !a.contains(':') => leg.avoid = vec![a.to_string()],
                        _ => {}
                    }
                }
                Mode::Rail | Mode::Ferry => {
                    leg.kind = if first.mode == Mode::Rail {
                        RawLegKind::Rail
                    } else {
                        RawLegKind::Ferry
                    };
                    leg.service = service;
                    leg.via = via;
                    leg.enable = served.enable.clone();
                }
                Mode::Road => {
                    leg.via = via;
                    leg.enable = served.enable.clone();
                }
            }
            legs.push(leg);
            i = j;
        }
        legs
    }
}

/// What the network avoids for an element: a passage by name, a port,
/// border, link or region as `KIND:NAME`; nothing for a service (its
/// links are left out of the usable network instead).
fn network_avoid(element: &str) -> Option<String> {
    match element.split_once(':') {
        Some(("passage" | "canal", name)) => Some(name.to_string()),
        Some(("service", _)) | None => None,
        Some(_) => Some(element.to_string()),
    }
}
