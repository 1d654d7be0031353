//! Disruptions and re-planning: what closes (or slows, or costs more) when,
//! and what a shipment does about it.
//!
//! A [`Disruption`] names one element a route may meet (a passage, canal,
//! port, border post, service, land link or weather region) and when it is
//! disrupted: fixed dates, or a random process drawn per replication from a
//! stream of its own. Validation works out, for every path (a route, or an
//! alternative compiled to get round a closure), where the path meets the
//! element ([`Impact`]): the *decision step* (where the shipment still
//! chooses: the last port or terminal before the element) and the *element
//! step* (where it is reached).
//!
//! At run time `voyage` asks two questions through this module:
//! - [`Plan::decide`], when a shipment is about to begin its decision step:
//!   is a closure known (announced) that it would meet? Then it waits,
//!   switches to the alternative path, or is stranded, by the policy;
//! - [`Plan::at_element`], when it begins an element step: is the element
//!   closed now (then it is held until it reopens: shipments already past
//!   their decision point have no other choice), or slowed, or surcharged?
//! - [`Plan::sea_elements`] and [`Plan::closed_on_reach`], when a ship
//!   begins a sailing that meets a closable sea element (a passage, a
//!   canal's entrance, a region): will a closure announced before it gets
//!   there meet it? Then, from where it is when the closure is announced,
//!   it takes the nearest [`Diversion`] (policy `reroute`) or holds just
//!   before the element until it reopens (`wait`); see `voyage::at_sea`.
//!
//! Shipments whose paths never meet a disrupted element never ask anything
//! here that changes them: their draws and events are the same as without
//! the disruption.

use crate::engine::{Dist, Streams};

use super::spec::{Route, Scenario, Step};

/// What a shipment does about a closure it learns of before its decision point.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Policy {
    /// No re-planning: the element's own queue holds it (canal convoys and
    /// timetabled services with a capacity factor, as before disruptions
    /// could re-plan).
    Queue,
    /// Hold at the decision point until the element reopens.
    Wait,
    /// Take the best alternative path that avoids the element.
    Reroute,
    /// Reroute if the closure has more than this many hours to run; wait otherwise.
    RerouteIfLongerThanH(f64),
}

/// When a disruption happens.
#[derive(Debug, Clone, PartialEq)]
pub enum Timing {
    /// One window: from `start_h` to `end_h` (`None`: open-ended), known
    /// from `announced_h`.
    Fixed {
        /// Start, hours after time zero.
        start_h: f64,
        /// End, hours after time zero; `None` for no end within the run.
        end_h: Option<f64>,
        /// When shipments learn of it, hours after time zero.
        announced_h: f64,
    },
    /// Windows recurring at random: gaps and durations drawn per
    /// replication, each known when it starts.
    Random {
        /// Days from the end of one window to the start of the next.
        every_days: Dist,
        /// Days a window lasts.
        duration_days: Dist,
    },
}

/// Where a path meets a disrupted element.
#[derive(Debug, Clone, PartialEq)]
pub struct Impact {
    /// The step the shipment decides at (it has not begun it yet).
    pub decision_step: usize,
    /// The step that reaches the element.
    pub element_step: usize,
    /// Nominal hours from the start of the decision step to the element.
    pub eta_h: f64,
    /// Nominal hours from the start of the element step to the element
    /// (part-way through a sailing; 0 elsewhere).
    pub within_h: f64,
    /// The policy for this path (the disruption's, or the route's `on_closure`).
    pub policy: Policy,
    /// Index into [`Scenario::alternatives`] of the path to switch to.
    pub alternative: Option<usize>,
    /// The sailings from which a ship at sea still meets the element
    /// ahead, for closures announced while it sails them.
    pub ahead: Vec<AtSea>,
}

/// A sailing on which a ship meets a sea element (a passage, a canal's
/// entrance, a region) ahead of it.
#[derive(Debug, Clone, PartialEq)]
pub struct AtSea {
    /// The sailing step.
    pub step: usize,
    /// Nautical miles from the sailing's start to the element.
    pub element_nm: f64,
    /// The ways round the element from points of the sailing before it
    /// (none when the policy never re-routes or the network has none).
    pub diversions: Vec<Diversion>,
}

/// A way round a closed element from a network node of a sailing, for a
/// ship that is near it when the closure is announced.
#[derive(Debug, Clone, PartialEq)]
pub struct Diversion {
    /// Nautical miles from the sailing's start to the node.
    pub from_nm: f64,
    /// Index into [`Scenario::alternatives`]: the path's steps up to the
    /// sailing, the sailing itself (cut at the node), then the way round
    /// to the port the sailing was bound for, then the rest of the path.
    pub alternative: usize,
    /// Nominal hours of the way round, from the node to that port's call.
    pub nominal_h: f64,
}

/// One disruption, validated.
#[derive(Debug, Clone, PartialEq)]
pub struct Disruption {
    /// The target as written, e.g. `passage:bab-el-mandeb`.
    pub target: String,
    /// A sentence for reports.
    pub description: String,
    /// When.
    pub timing: Timing,
    /// Capacity while disrupted (0 closes).
    pub capacity_factor: f64,
    /// Hours added to a shipment that meets the element while disrupted.
    pub delay_h: f64,
    /// Surcharge (war risk, emergency) per TEU for a shipment that meets the element while disrupted.
    pub surcharge_usd_per_teu: f64,
    /// Per path (routes first, then alternatives): where it meets the element.
    pub impacts: Vec<Option<Impact>>,
    /// The random stream's purpose (for random timing).
    pub stream: String,
    /// Whether the element's own timetable already carries this disruption
    /// as a capacity window (fixed canal and service disruptions), so that
    /// it must not hold shipments a second time.
    pub in_timetable: bool,
}

/// A path compiled to get round a closure.
#[derive(Debug, Clone, PartialEq)]
pub struct Alternative {
    /// Path id, e.g. `suez/avoid-bab-el-mandeb` or `instc-west>instc-east`.
    pub id: String,
    /// Index of the route it replaces.
    pub route: usize,
    /// The path's steps and geometry (its `id` is the path id).
    pub path: Route,
}

/// Nominal hours of a step: means, calm water, no queues. Used to tell
/// whether a shipment would meet a closure, never to time it.
pub fn nominal_h(step: &Step, scenario_ports: &[super::spec::Port]) -> f64 {
    match step {
        Step::Dwell { dwell_h, .. } => dwell_h.mean(),
        Step::PortCall {
            port, moves_teu, ..
        } => scenario_ports
            .get(*port)
            .map_or(0.0, |p| p.call_overhead_h + moves_teu / p.berth_teu_per_h),
        Step::Sail {
            speed_kn, segments, ..
        } => segments.iter().map(|s| s.distance_nm).sum::<f64>() / speed_kn,
        Step::Canal { transit_h, .. } => transit_h.mean(),
        Step::Scheduled { travel_h, .. } | Step::Road { travel_h, .. } => travel_h.mean(),
        // Waiting for a liner's sailing is a queue, not a nominal time.
        Step::Border { .. } | Step::Board { .. } => 0.0,
    }
}

/// What a shipment does at its decision step.
#[derive(Debug, Clone, PartialEq)]
pub enum Decision {
    /// Nothing known that it would meet.
    Go,
    /// Hold here until this time, then begin the step.
    Hold {
        /// Disruption index.
        disruption: usize,
        /// Hours after time zero.
        until_h: f64,
    },
    /// Switch to an alternative path from this step on.
    Switch {
        /// Disruption index.
        disruption: usize,
        /// Index into [`Scenario::alternatives`].
        alternative: usize,
    },
    /// No way to the destination.
    Strand {
        /// Disruption index.
        disruption: usize,
    },
}

/// What meeting disrupted elements does to a shipment at an element step.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Effect {
    /// Hold until (closed element), hours after time zero, and by which disruption.
    pub hold_until_h: Option<(usize, f64)>,
    /// Extra hours.
    pub delay_h: f64,
    /// Extra USD per TEU.
    pub surcharge_usd_per_teu: f64,
    /// Capacity factor (product of the active ones, 1 if none).
    pub capacity_factor: f64,
}

/// One replication's disruption windows.
#[derive(Debug, Clone)]
pub struct Plan {
    /// Per disruption: (start, end, announced), hours.
    windows: Vec<Vec<(f64, f64, f64)>>,
}

impl Plan {
    /// The windows of every disruption of `scenario` in replication
    /// `replication`; random ones drawn from their own streams.
    pub fn new(scenario: &Scenario, replication: u64) -> Plan {
        let streams = Streams::new(scenario.seed);
        let windows = scenario
            .disruptions
            .iter()
            .map(|d| match &d.timing {
                Timing::Fixed {
                    start_h,
                    end_h,
                    announced_h,
                } => vec![(*start_h, end_h.unwrap_or(f64::INFINITY), *announced_h)],
                Timing::Random {
                    every_days,
                    duration_days,
                } => {
                    let mut rng = streams.stream(replication, &d.stream);
                    let mut out = Vec::new();
                    let mut t = 0.0;
                    loop {
                        t += every_days.sample_non_negative(&mut rng) * 24.0;
                        if t >= scenario.horizon_h || out.len() >= 10_000 {
                            break;
                        }
                        let end = t + duration_days.sample_non_negative(&mut rng) * 24.0;
                        out.push((t, end, t));
                        t = end;
                    }
                    out
                }
            })
            .collect();
        Plan { windows }
    }

    /// The window of disruption `d` holding at `t`, if any.
    fn active(&self, d: usize, t: f64) -> Option<(f64, f64, f64)> {
        self.windows[d]
            .iter()
            .copied()
            .find(|&(s, e, _)| s <= t && t < e)
    }

    /// A shipment on path `path` is about to begin step `step` at `now`.
    pub fn decide(&self, scenario: &Scenario, path: usize, step: usize, now: f64) -> Decision {
        for (i, d) in scenario.disruptions.iter().enumerate() {
            if d.capacity_factor > 0.0 {
                continue;
            }
            let Some(Some(impact)) = d.impacts.get(path) else {
                continue;
            };
            if impact.decision_step != step || impact.policy == Policy::Queue {
                continue;
            }
            let reach = now + impact.eta_h;
            let Some(&(_, end, _)) = self.windows[i]
                .iter()
                .find(|&&(s, e, a)| a <= now && s <= reach && reach < e)
            else {
                continue;
            };
            let reroute = match impact.policy {
                Policy::Reroute => true,
                Policy::RerouteIfLongerThanH(h) => end - reach > h,
                Policy::Wait | Policy::Queue => false,
            };
            if reroute {
                return match impact.alternative {
                    Some(alternative) => Decision::Switch {
                        disruption: i,
                        alternative,
                    },
                    None => Decision::Strand { disruption: i },
                };
            }
            if end.is_infinite() {
                return Decision::Strand { disruption: i };
            }
            return Decision::Hold {
                disruption: i,
                until_h: end - impact.eta_h,
            };
        }
        Decision::Go
    }

    /// The closable sea elements ahead of a ship sailing step `step` of
    /// path `path`: (disruption, where it meets it, policy). Canal and
    /// service queues (policy `Queue`) and partial closures are left to
    /// [`Plan::at_element`].
    pub fn sea_elements<'s>(
        &self,
        scenario: &'s Scenario,
        path: usize,
        step: usize,
    ) -> Vec<(usize, &'s AtSea, Policy)> {
        let mut out = Vec::new();
        for (i, d) in scenario.disruptions.iter().enumerate() {
            if d.capacity_factor > 0.0 || d.in_timetable {
                continue;
            }
            let Some(Some(impact)) = d.impacts.get(path) else {
                continue;
            };
            if impact.policy == Policy::Queue {
                continue;
            }
            if let Some(at) = impact.ahead.iter().find(|a| a.step == step) {
                out.push((i, at, impact.policy));
            }
        }
        out
    }

    /// The window of disruption `d` that a ship reaching its element at
    /// `reach` meets closed and learns of before it gets there:
    /// (start, end, announced), hours.
    pub fn closed_on_reach(&self, d: usize, reach: f64) -> Option<(f64, f64, f64)> {
        self.windows[d]
            .iter()
            .copied()
            .find(|&(s, e, a)| a < reach && s <= reach && reach < e)
    }

    /// A shipment on path `path` begins step `step` at `now`: what the
    /// disrupted elements it meets there do to it.
    pub fn at_element(&self, scenario: &Scenario, path: usize, step: usize, now: f64) -> Effect {
        let mut effect = Effect {
            capacity_factor: 1.0,
            ..Effect::default()
        };
        for (i, d) in scenario.disruptions.iter().enumerate() {
            let Some(Some(impact)) = d.impacts.get(path) else {
                continue;
            };
            if impact.element_step != step {
                continue;
            }
            // A passage is met part-way through the sailing.
            let reach = now + impact.within_h;
            let Some((_, end, _)) = self.active(i, reach) else {
                continue;
            };
            effect.delay_h += d.delay_h;
            effect.surcharge_usd_per_teu += d.surcharge_usd_per_teu;
            if d.in_timetable {
                continue;
            }
            effect.capacity_factor *= d.capacity_factor;
            // A closed passage or region ahead of a sailing is dealt with
            // when the sailing begins (`voyage::at_sea`: ships at sea
            // divert or hold before it); ports, posts, links, canals and
            // services hold them here until the reopening.
            let passing = matches!(scenario.path_steps(path).get(step), Some(Step::Sail { .. }));
            if d.capacity_factor == 0.0 && !passing {
                let until = match effect.hold_until_h {
                    Some((_, u)) => u.max(end),
                    None => end,
                };
                effect.hold_until_h = Some((i, until));
            }
        }
        effect
    }
}

impl Scenario {
    /// The steps of path `path`: a route's, or an alternative's after the routes.
    pub fn path_steps(&self, path: usize) -> &[Step] {
        match path.checked_sub(self.routes.len()) {
            None => &self.routes[path].steps,
            Some(a) => &self.alternatives[a].path.steps,
        }
    }

    /// Path `path` itself: a route, or an alternative's path after the routes.
    pub fn path_route(&self, path: usize) -> &Route {
        match path.checked_sub(self.routes.len()) {
            None => &self.routes[path],
            Some(a) => &self.alternatives[a].path,
        }
    }

    /// The id of path `path`.
    pub fn path_id(&self, path: usize) -> &str {
        match path.checked_sub(self.routes.len()) {
            None => &self.routes[path].id,
            Some(a) => &self.alternatives[a].id,
        }
    }
}
