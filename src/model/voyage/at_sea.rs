//! Ships at sea when a closure is announced.
//!
//! A ship decides about a closure in the port it sails from
//! ([`Plan::decide`](crate::model::disruption::Plan::decide)). One that has
//! already left when a closure of a passage, a canal or a weather region
//! ahead of it is announced re-plans from where it is then, as an operator
//! would:
//!
//! - policy `reroute` (or `reroute_if_longer_than_days` when the closure
//!   will outlast the limit when the ship gets there): it sails from its
//!   position (found by walking its sailing through the weather up to the
//!   announcement) to the turning point of the sailing that makes the
//!   whole way shortest (back the way it came, or on), then takes the
//!   network's way round to the port it was bound for
//!   ([`Diversion`](crate::model::disruption::Diversion), compiled at
//!   validation). It pays every mile it sailed, to the position, to the
//!   turning point, and round.
//! - `wait` (or a closure shorter than the limit, or no way round): it
//!   sails on and holds at sea just before the element until it reopens;
//!   the hold is booked as time at anchor. Turning back to the last port
//!   would cost the same wait plus the miles back and forth.
//! - a closure with no end and no way round strands it.
//!
//! Ships that reach the element before the announcement are unaffected.
//! The sailing is looked at when it begins, using only the windows
//! announced before the ship would reach the element (the plan holds each
//! replication's windows from the start), so no event is added and no
//! random draw is taken: the weather along the way is the same day-keyed
//! draws every ship meets.

use crate::engine::{SimTime, Simulation};
use crate::model::disruption::{AtSea, Policy};
use crate::model::ledger::TimeComponent;
use crate::model::spec::{SeaSegment, Step};

use super::{Event, Voyages};

impl Voyages<'_> {
    /// Shipment `id` begins its sailing: if a closure ahead that it learns
    /// of before getting there would meet it, it diverts, holds before the
    /// element or is stranded, and the sailing is booked and its end
    /// scheduled here (true); otherwise nothing happens (false).
    pub(super) fn at_sea(&mut self, sim: &mut Simulation<Event>, id: u32) -> bool {
        let now = sim.now().hours();
        let scenario = self.scenario;
        let (path, step) = {
            let s = &self.shipments[id as usize];
            (s.path, s.step)
        };
        let Step::Sail {
            speed_kn, segments, ..
        } = &scenario.path_steps(path)[step]
        else {
            return false;
        };
        let elements = self.plan.sea_elements(scenario, path, step);
        // The closure the ship learns of first, of those that would meet it.
        let mut met: Option<(f64, usize, &AtSea, Policy, f64, f64)> = None;
        for (d, at, policy) in elements {
            let (before, _) = split(segments, at.element_nm);
            let (reach, _, _) = self.sail_walk(now, *speed_kn, &before, f64::INFINITY);
            if let Some((_, end, announced)) = self.plan.closed_on_reach(d, reach) {
                let learnt = announced.max(now);
                if met.as_ref().is_none_or(|m| learnt < m.0) {
                    met = Some((learnt, d, at, policy, reach, end));
                }
            }
        }
        let Some((learnt, d, at, policy, reach, end)) = met else {
            return false;
        };
        let reroute = match policy {
            Policy::Reroute => true,
            Policy::RerouteIfLongerThanH(h) => end - reach > h,
            Policy::Wait | Policy::Queue => false,
        };
        if reroute && !at.diversions.is_empty() {
            self.shipments[id as usize].replanned_by = Some(d);
            self.divert(sim, id, learnt, at);
        } else if end.is_infinite() {
            self.shipments[id as usize].stranded_by = Some(d);
            self.unfinished -= 1;
        } else {
            self.shipments[id as usize].replanned_by = Some(d);
            self.hold_before(sim, id, at.element_nm, end);
        }
        true
    }

    /// Shipment `id` learns at `learnt` of a closure ahead: it sails from
    /// where it is to the best turning point and takes its way round.
    fn divert(&mut self, sim: &mut Simulation<Event>, id: u32, learnt: f64, at: &AtSea) {
        let now = sim.now().hours();
        let scenario = self.scenario;
        let (path, step) = {
            let s = &self.shipments[id as usize];
            (s.path, s.step)
        };
        let Step::Sail {
            vessel,
            speed_kn,
            segments,
            risk_areas,
        } = &scenario.path_steps(path)[step]
        else {
            return;
        };
        let speed = *speed_kn;
        let (_, _, x) = self.sail_walk(now, speed, segments, learnt);
        // The first of equals wins: the diversions are in order along the sailing.
        let Some(best) = at.diversions.iter().min_by(|a, b| {
            let cost = |d: &crate::model::disruption::Diversion| {
                (x - d.from_nm).abs() / speed + d.nominal_h
            };
            cost(a).total_cmp(&cost(b))
        }) else {
            return;
        };
        // The miles sailed until the news, with the risk areas of the
        // passages already passed.
        let touches = &scenario.path_route(path).touches;
        let passed: Vec<usize> = risk_areas
            .iter()
            .copied()
            .filter(|&a| {
                let passage = format!("passage:{}", scenario.risk_areas[a].passage);
                touches
                    .iter()
                    .find(|t| t.element == passage && t.element_step == step)
                    .is_none_or(|t| t.within_step_h * speed <= x)
            })
            .collect();
        let calm = x / speed;
        self.book_sail(
            id,
            *vessel,
            speed,
            x,
            (calm, (learnt - now - calm).max(0.0)),
            &passed,
        );
        // To the turning point, in the weather of where the ship is.
        let turn_nm = (x - best.from_nm).abs();
        let here = segment_at(segments, x);
        let turn = [SeaSegment {
            region: here.region,
            region_name: here.region_name.clone(),
            distance_nm: turn_nm,
        }];
        let (t_end, calm, _) = self.sail_walk(learnt, speed, &turn, f64::INFINITY);
        self.book_sail(
            id,
            *vessel,
            speed,
            turn_nm,
            (calm, (t_end - learnt - calm).max(0.0)),
            &[],
        );
        // The alternative keeps this step (the sailing cut at the turning
        // point); the way round follows it.
        self.shipments[id as usize].path = scenario.routes.len() + best.alternative;
        sim.schedule_at(SimTime::from_hours(t_end), Event::StepDone { shipment: id });
    }

    /// Shipment `id` sails to the element `element_nm` along its sailing,
    /// holds there until `end`, then sails on.
    fn hold_before(&mut self, sim: &mut Simulation<Event>, id: u32, element_nm: f64, end: f64) {
        let now = sim.now().hours();
        let scenario = self.scenario;
        let s = &self.shipments[id as usize];
        let Step::Sail {
            vessel,
            speed_kn,
            segments,
            risk_areas,
        } = &scenario.path_steps(s.path)[s.step]
        else {
            return;
        };
        let (before, after) = split(segments, element_nm);
        let (reach, calm_before, _) = self.sail_walk(now, *speed_kn, &before, f64::INFINITY);
        let (t_end, calm_after, _) = self.sail_walk(end, *speed_kn, &after, f64::INFINITY);
        let weather = (reach - now - calm_before).max(0.0) + (t_end - end - calm_after).max(0.0);
        let nm: f64 = segments.iter().map(|g| g.distance_nm).sum();
        self.book_sail(
            id,
            *vessel,
            *speed_kn,
            nm,
            (calm_before + calm_after, weather),
            risk_areas,
        );
        self.shipments[id as usize]
            .ledger
            .add_time(TimeComponent::BerthWait, (end - reach).max(0.0));
        sim.schedule_at(SimTime::from_hours(t_end), Event::StepDone { shipment: id });
    }
}

/// A sailing's segments cut `nm` nautical miles from its start: (before, after).
fn split(segments: &[SeaSegment], nm: f64) -> (Vec<SeaSegment>, Vec<SeaSegment>) {
    let mut before = Vec::new();
    let mut after = Vec::new();
    let mut left = nm;
    for g in segments {
        if left >= g.distance_nm {
            before.push(g.clone());
            left -= g.distance_nm;
        } else if left > 0.0 {
            let mut head = g.clone();
            head.distance_nm = left;
            before.push(head);
            let mut tail = g.clone();
            tail.distance_nm = g.distance_nm - left;
            after.push(tail);
            left = 0.0;
        } else {
            after.push(g.clone());
        }
    }
    (before, after)
}

/// The segment `nm` nautical miles along a sailing lies in (the last one
/// past its end).
fn segment_at(segments: &[SeaSegment], nm: f64) -> &SeaSegment {
    let mut at = 0.0;
    for g in segments {
        at += g.distance_nm;
        if nm < at {
            return g;
        }
    }
    segments.last().expect("a sailing has a segment")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seg(region: &str, nm: f64) -> SeaSegment {
        SeaSegment {
            region: None,
            region_name: region.to_string(),
            distance_nm: nm,
        }
    }

    #[test]
    fn split_cuts_the_segment_the_mark_falls_in() {
        let sailing = [seg("a", 100.0), seg("b", 200.0), seg("c", 50.0)];
        let (before, after) = split(&sailing, 150.0);
        let nm = |v: &[SeaSegment]| -> Vec<(String, f64)> {
            v.iter()
                .map(|g| (g.region_name.clone(), g.distance_nm))
                .collect()
        };
        assert_eq!(nm(&before), [("a".into(), 100.0), ("b".into(), 50.0)]);
        assert_eq!(nm(&after), [("b".into(), 150.0), ("c".into(), 50.0)]);
        // At a boundary nothing is cut; at the end nothing is left.
        assert_eq!(split(&sailing, 100.0).1.len(), 2);
        assert!(split(&sailing, 350.0).1.is_empty());
        assert_eq!(split(&sailing, 0.0).0.len(), 0);
    }

    #[test]
    fn segment_at_finds_where_a_ship_is() {
        let sailing = [seg("a", 100.0), seg("b", 200.0)];
        assert_eq!(segment_at(&sailing, 0.0).region_name, "a");
        assert_eq!(segment_at(&sailing, 100.0).region_name, "b");
        assert_eq!(segment_at(&sailing, 500.0).region_name, "b");
    }
}
