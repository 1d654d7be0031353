//! Ships at sea when a closure is announced: where on each sailing a path
//! meets a closable sea element (a passage, a canal's entrance, a weather
//! region), and the network's ways round it from points of the sailing
//! before it.
//!
//! A ship that has left its last port when the closure is announced can
//! only re-plan from where it is. The sailing's network nodes before the
//! element are taken at most [`BUCKET_NM`] apart (the first node, the
//! port, always); from each, the network's shortest sea way avoiding the
//! element to the port the sailing was bound for is compiled like any
//! sailing (distance, regions, risk areas, canals). At run time the ship
//! sails from its position to whichever node makes the whole way shortest
//! (forward, or back the way it came) and takes that way round
//! (`model::voyage` does it). Precomputing them here keeps the run free of
//! network searches, and the same for any thread count.

use crate::model::disruption::{Alternative, AtSea, Diversion, nominal_h};
use crate::model::{Route, Step};
use crate::network::{KM_PER_NM, Mode, RouteRequest};
use crate::scenario::error::KeyPath;

use super::routes::Compiler;

/// Nautical miles between the points of a sailing a diverting ship may
/// turn from: about 6 hours at 17 kn, so a ship never sails more than
/// ~3 hours to its turning point beyond the network's own node spacing.
/// EST: a trade-off between the detour's fidelity and validation time
/// (one network search per point).
pub const BUCKET_NM: f64 = 100.0;

/// The sailings of `path` on which a ship meets an element ahead: the
/// element step itself when it is a sailing (a passage or region part-way
/// through it), or the sailing just before a canal transit (the canal's
/// entrance at its end). Only sailings from `decision_step` on count: a
/// ship before them still decides in port.
pub(super) fn sea_ahead(
    path: &Route,
    element: &str,
    decision_step: usize,
    element_step: usize,
    within_h: f64,
) -> Vec<AtSea> {
    if !["passage:", "canal:", "region:"]
        .iter()
        .any(|k| element.starts_with(k))
    {
        return Vec::new();
    }
    let mut out = Vec::new();
    for track in &path.tracks {
        let k = track.step;
        if k < decision_step || k > element_step {
            continue;
        }
        let Some(Step::Sail {
            speed_kn, segments, ..
        }) = path.steps.get(k)
        else {
            continue;
        };
        let total: f64 = segments.iter().map(|g| g.distance_nm).sum();
        let element_nm = if k == element_step {
            within_h * speed_kn
        } else if k + 1 == element_step
            && matches!(path.steps.get(element_step), Some(Step::Canal { .. }))
        {
            total
        } else {
            continue;
        };
        // An element beyond this sailing (after a canal on the same leg)
        // is met on a later one.
        if element_nm > total + 1e-9 {
            continue;
        }
        out.push(AtSea {
            step: k,
            element_nm,
            diversions: Vec::new(),
        });
    }
    out
}

impl Compiler<'_, '_> {
    /// Fills `at.diversions` for route `r`: one alternative per turning
    /// point of the sailing before the element, added to `alternatives`.
    pub(super) fn diversions(
        &mut self,
        routes: &[Route],
        r: usize,
        at: &mut AtSea,
        element: &str,
        speed: Option<f64>,
        alternatives: &mut Vec<Alternative>,
    ) {
        let route = &routes[r];
        let Some(track) = route.tracks.iter().find(|t| t.step == at.step) else {
            return;
        };
        let avoid = match element.split_once(':') {
            Some(("passage" | "canal", name)) => name.to_string(),
            _ => element.to_string(),
        };
        let mut last: Option<f64> = None;
        for (node, from_nm) in &track.nodes {
            if *from_nm >= at.element_nm {
                break;
            }
            if last.is_some_and(|l| from_nm - l < BUCKET_NM) {
                continue;
            }
            last = Some(*from_nm);
            if let Some((alternative, hours)) =
                self.diversion(route, r, track, node, *from_nm, &avoid, element, speed)
            {
                at.diversions.push(Diversion {
                    from_nm: *from_nm,
                    alternative: alternatives.len(),
                    nominal_h: hours,
                });
                alternatives.push(alternative);
            }
        }
    }

    /// The path of route `r` turning off its sailing `track` at `node`
    /// (`from_nm` along it) and going round `avoid` to the sailing's port,
    /// with the nominal hours of the way round.
    #[allow(clippy::too_many_arguments)]
    fn diversion(
        &mut self,
        route: &Route,
        r: usize,
        track: &crate::model::Track,
        node: &str,
        from_nm: f64,
        avoid: &str,
        element: &str,
        speed: Option<f64>,
    ) -> Option<(Alternative, f64)> {
        let k = track.step;
        let Step::Sail {
            vessel,
            speed_kn,
            segments,
            risk_areas,
        } = &route.steps[k]
        else {
            return None;
        };
        let request = RouteRequest {
            from: node.to_string(),
            to: track.to.clone(),
            via: Vec::new(),
            avoid: vec![avoid.to_string()],
            modes: vec![Mode::Sea],
            vessel: self.tables().vessels.limits(*vessel),
            enable: track.enable.clone(),
        };
        let found = self.network().route(&request).ok()?;
        if found.legs.is_empty() {
            return None;
        }
        let speed = speed.unwrap_or(*speed_kn);
        // The sailing up to the turning point stays as it was planned (the
        // ship has sailed part of it); its risk areas are booked at run
        // time by where the ship turned.
        let mut cut = Vec::new();
        let mut left = from_nm;
        for g in segments {
            if left <= 0.0 {
                break;
            }
            let mut g = g.clone();
            g.distance_nm = g.distance_nm.min(left);
            left -= g.distance_nm;
            cut.push(g);
        }
        let mut path = Route {
            id: String::new(),
            name: String::new(),
            steps: route.steps[..k].to_vec(),
            geometry: route.geometry.clone(),
            places: route.places.clone(),
            distance_km: route.distance_km - track.leg_km
                + track.start_km
                + from_nm * KM_PER_NM
                + found.distance_km,
            touches: route
                .touches
                .iter()
                .filter(|t| t.element_step < k)
                .cloned()
                .collect(),
            tracks: route
                .tracks
                .iter()
                .filter(|t| t.step < k)
                .cloned()
                .collect(),
        };
        path.steps.push(Step::Sail {
            vessel: *vessel,
            speed_kn: *speed_kn,
            segments: cut,
            risk_areas: risk_areas.clone(),
        });
        let first = path.steps.len();
        let known_tracks = path.tracks.len();
        self.sail_steps(&KeyPath::root(), &found, *vessel, speed, &mut path)
            .ok()?;
        let call = path.steps.len();
        for t in &mut path.tracks[known_tracks..] {
            t.to = track.to.clone();
            t.call_step = call;
            t.leg_km = found.distance_km;
            t.enable = track.enable.clone();
        }
        self.touch_sea(&mut path, &found, first, speed);
        if path.touches.iter().any(|t| t.element == element) {
            return None;
        }
        let hours: f64 = path.steps[first..]
            .iter()
            .map(|s| nominal_h(s, self.ports().list()))
            .sum();
        // The rest of the route, from the call on, shifted.
        let shift = |i: usize| i - track.call_step + call;
        path.steps
            .extend(route.steps[track.call_step..].iter().cloned());
        for t in &route.touches {
            if t.element_step >= track.call_step {
                let mut t = t.clone();
                t.decision_step = if t.decision_step >= track.call_step {
                    shift(t.decision_step)
                } else {
                    first
                };
                t.element_step = shift(t.element_step);
                path.touches.push(t);
            }
        }
        for t in &route.tracks {
            if t.step >= track.call_step {
                let mut t = t.clone();
                t.step = shift(t.step);
                t.call_step = shift(t.call_step);
                path.tracks.push(t);
            }
        }
        let label = match element.split_once(':') {
            Some(("passage" | "canal", name)) => name.to_string(),
            _ => element.replace(':', "-").to_lowercase(),
        };
        path.id = format!("{}/avoid-{label}/at-sea-{}nm", route.id, from_nm.round());
        path.name = format!(
            "{} avoiding {label}, turning {} nm out",
            route.name,
            from_nm.round()
        );
        Some((
            Alternative {
                id: path.id.clone(),
                route: r,
                path,
            },
            hours,
        ))
    }
}
