//! `[[disruptions]]`: targets resolved against the network and the
//! scenario's tables, windows and effects checked, and for every route the
//! place it meets the element and the path it takes round it
//! ([`crate::model::disruption`] runs them).
//!
//! ```toml
//! [[disruptions]]
//! target = "passage:bab-el-mandeb"   # passage: canal: port: border: service: link: region:
//! start_day = 60.0
//! duration_days = 250.0              # absent: open-ended
//! capacity_factor = 0.0              # absent: 0, closed
//! announced_day = 55.0               # absent: the start
//! policy = "reroute"                 # "wait" | "reroute" | { reroute_if_longer_than_days = N }
//! diverted_speed_kn = 16.5           # speed of re-routed sea legs
//! delay_h = 0.0                      # added to shipments meeting it while disrupted
//! surcharge_usd_per_teu = 0.0        # charged to shipments meeting it while disrupted
//! # or, instead of dates:
//! random = { every_days = { exponential = 365 }, duration_days = { lognormal = { mean = 5, sd = 3 } } }
//! ```

use std::collections::BTreeSet;

use crate::engine::Dist;
use crate::model::Route;
use crate::model::disruption::{Alternative, Disruption, Impact, Policy, Timing, nominal_h};

use crate::scenario::error::KeyPath;
use crate::scenario::raw::{RawDisruption, RawLegKind, RawRoute};
use crate::scenario::values;

use super::context::VResult;
use super::routes::Compiler;

/// The kinds of target, as written before the colon.
pub const TARGET_KINDS: [&str; 7] = [
    "passage", "canal", "port", "border", "service", "link", "region",
];

/// The disruptions of a scenario, checked.
#[derive(Debug, Default)]
pub(super) struct Disruptions {
    pub(super) list: Vec<Disruption>,
    /// The paths re-routing takes round closures.
    pub(super) alternatives: Vec<Alternative>,
    /// Disruptions whose element no route meets (warned about).
    pub(super) unmet: Vec<KeyPath>,
}

impl Compiler<'_, '_> {
    /// Every disruption, each checked on its own (one that fails is
    /// reported and the next is checked), with the alternatives
    /// re-routing needs.
    pub(super) fn disruptions(&mut self, routes: &[Route]) -> Disruptions {
        let mut checked = Disruptions::default();
        let mut on_closure = Vec::with_capacity(routes.len());
        for policy in self.route_policies(routes) {
            on_closure.push(self.keep(policy).flatten());
        }
        let raws = self.raw().disruptions.clone();
        for (i, d) in raws.iter().enumerate() {
            let result = self.disruption(routes, &on_closure, &raws, i, d, &mut checked);
            if let Some(disruption) = self.keep(result) {
                checked.list.push(disruption);
            }
        }
        // Paths taken round one closure may meet another element: they
        // wait there (no second re-route).
        for d in &mut checked.list {
            let element = element_key(self, &d.target);
            for alt in &checked.alternatives {
                let impact = alt
                    .path
                    .touches
                    .iter()
                    .find(|t| Some(&t.element) == element.as_ref())
                    .map(|t| Impact {
                        ahead: super::at_sea::sea_ahead(
                            &alt.path,
                            &t.element,
                            t.decision_step,
                            t.element_step,
                            t.within_step_h,
                        ),
                        decision_step: t.decision_step,
                        element_step: t.element_step,
                        eta_h: alt.path.steps[t.decision_step..t.element_step]
                            .iter()
                            .map(|s| nominal_h(s, self.ports().list()))
                            .sum::<f64>()
                            + t.within_step_h,
                        within_h: t.within_step_h,
                        policy: if d.in_timetable {
                            Policy::Queue
                        } else {
                            Policy::Wait
                        },
                        alternative: None,
                    });
                d.impacts.push(impact);
            }
        }
        checked
    }

    /// Disruption `i`, checked, its alternatives added to `checked`.
    fn disruption(
        &mut self,
        routes: &[Route],
        on_closure: &[Option<Policy>],
        raws: &[RawDisruption],
        i: usize,
        d: &RawDisruption,
        checked: &mut Disruptions,
    ) -> VResult<Disruption> {
        let alternatives = &mut checked.alternatives;
        let p = KeyPath::root().key("disruptions").index(i);
        let (kind, element) = self.element(&p.key("target"), &d.target, routes)?;
        let timing = self.timing(&p, d)?;
        let capacity = self.check(
            &p.key("capacity_factor"),
            values::non_negative(d.capacity_factor.unwrap_or(0.0)),
        )?;
        if capacity > 0.0 && capacity != 1.0 && !matches!(kind, "canal" | "service") {
            return Err(self
                .err(
                    &p.key("capacity_factor"),
                    format!("a {kind} is open or closed: the factor must be 0 or 1, got {capacity}"),
                )
                .with_hint("capacities between 0 and 1 thin a canal's convoys or a service's trains; slow a passage, port, post, link or region with delay_h"));
        }
        let delay_h = self.check(
            &p.key("delay_h"),
            values::non_negative(d.delay_h.unwrap_or(0.0)),
        )?;
        let surcharge = self.check(
            &p.key("surcharge_usd_per_teu"),
            values::non_negative(d.surcharge_usd_per_teu.unwrap_or(0.0)),
        )?;
        let speed = match d.diverted_speed_kn {
            Some(kn) => {
                let kn = self.check(&p.key("diverted_speed_kn"), values::positive(kn))?;
                if kn > 40.0 {
                    return Err(self.err(
                        &p.key("diverted_speed_kn"),
                        format!("{kn} kn is faster than any container ship"),
                    ));
                }
                Some(kn)
            }
            None => None,
        };
        let queue_kind = matches!(kind, "canal" | "service");
        let policy = match &d.policy {
            Some(v) => self.policy(&p.key("policy"), v)?,
            None if queue_kind => Policy::Queue,
            None => Policy::Wait,
        };
        let mut impacts = Vec::with_capacity(routes.len());
        let mut meets = false;
        for (r, route) in routes.iter().enumerate() {
            let Some(touch) = route.touches.iter().find(|t| t.element == element) else {
                impacts.push(None);
                continue;
            };
            meets = true;
            let policy = on_closure[r].unwrap_or(policy);
            let mut decision = touch.decision_step;
            let mut alternative = None;
            if capacity == 0.0
                && matches!(policy, Policy::Reroute | Policy::RerouteIfLongerThanH(_))
                && let Some(alt) = self.alternative(routes, r, &element, speed)
            {
                let shared = route
                    .steps
                    .iter()
                    .zip(&alt.path.steps)
                    .take_while(|(a, b)| a == b)
                    .count();
                decision = decision.min(shared);
                alternative = Some(alternatives.len());
                alternatives.push(alt);
            }
            let eta: f64 = route.steps[decision..touch.element_step]
                .iter()
                .map(|s| nominal_h(s, self.ports().list()))
                .sum();
            let mut ahead = super::at_sea::sea_ahead(
                route,
                &element,
                decision,
                touch.element_step,
                touch.within_step_h,
            );
            if capacity == 0.0
                && matches!(policy, Policy::Reroute | Policy::RerouteIfLongerThanH(_))
            {
                for at in &mut ahead {
                    self.diversions(routes, r, at, &element, speed, alternatives);
                }
            }
            impacts.push(Some(Impact {
                ahead,
                decision_step: decision,
                element_step: touch.element_step,
                eta_h: eta + touch.within_step_h,
                within_h: touch.within_step_h,
                policy,
                alternative,
            }));
        }
        let description = describe(d, &timing, capacity, policy, delay_h, surcharge);
        self.note(&p, &description, "", &d.source.clone().or(d.note.clone()));
        if !meets {
            checked.unmet.push(p.clone());
        }
        let same_target = raws[..i].iter().filter(|x| x.target == d.target).count();
        Ok(Disruption {
            target: d.target.clone(),
            description,
            timing,
            capacity_factor: capacity,
            delay_h,
            surcharge_usd_per_teu: surcharge,
            impacts,
            stream: format!("disruption:{}#{same_target}", d.target),
            in_timetable: queue_kind && d.random.is_none(),
        })
    }

    /// Each route's `on_closure`, if it has one.
    fn route_policies(&self, routes: &[Route]) -> Vec<VResult<Option<Policy>>> {
        routes
            .iter()
            .map(|r| {
                let raw = &self.raw().routes[&r.id];
                match &raw.on_closure {
                    None => Ok(None),
                    Some(v) => {
                        let p = KeyPath::root().key("routes").key(&r.id).key("on_closure");
                        self.policy(&p, v).map(Some)
                    }
                }
            })
            .collect()
    }

    fn policy(&self, path: &KeyPath, value: &toml::Value) -> VResult<Policy> {
        let hint = "write \"wait\", \"reroute\" or { reroute_if_longer_than_days = 7 }";
        match value {
            toml::Value::String(s) if s == "wait" => Ok(Policy::Wait),
            toml::Value::String(s) if s == "reroute" => Ok(Policy::Reroute),
            toml::Value::String(s) => {
                Err(self.err(path, format!("unknown policy `{s}`")).with_hint(
                    crate::scenario::did_you_mean(s, ["wait", "reroute"])
                        .unwrap_or_else(|| hint.into()),
                ))
            }
            toml::Value::Table(t)
                if t.len() == 1 && t.contains_key("reroute_if_longer_than_days") =>
            {
                let days = t["reroute_if_longer_than_days"]
                    .as_float()
                    .or_else(|| {
                        t["reroute_if_longer_than_days"]
                            .as_integer()
                            .map(|i| i as f64)
                    })
                    .ok_or_else(|| {
                        self.err(
                            &path.key("reroute_if_longer_than_days"),
                            "must be a number of days",
                        )
                    })?;
                let days = self.check(
                    &path.key("reroute_if_longer_than_days"),
                    values::non_negative(days),
                )?;
                Ok(Policy::RerouteIfLongerThanH(days * 24.0))
            }
            _ => Err(self.err(path, "is not a policy").with_hint(hint)),
        }
    }

    fn timing(&self, p: &KeyPath, d: &RawDisruption) -> VResult<Timing> {
        if let Some(random) = &d.random {
            for (key, given) in [
                ("start_day", d.start_day.is_some()),
                ("duration_days", d.duration_days.is_some()),
                ("announced_day", d.announced_day.is_some()),
            ] {
                if given {
                    return Err(self
                        .err(&p.key(key), "a random disruption has no fixed dates")
                        .with_hint("remove it, or remove `random` for a dated disruption"));
                }
            }
            let dist = |key: &str, v: &toml::Value| -> VResult<Dist> {
                let path = p.key("random").key(key);
                let dist = self.check(&path, values::non_negative_dist(v))?;
                if dist.mean() <= 0.0 {
                    return Err(self.err(&path, "must have a positive mean"));
                }
                Ok(dist)
            };
            return Ok(Timing::Random {
                every_days: dist("every_days", &random.every_days)?,
                duration_days: dist("duration_days", &random.duration_days)?,
            });
        }
        let start = self.required(&p.key("start_day"), &d.start_day, values::non_negative)?;
        let end_h = match d.duration_days {
            Some(x) => {
                Some((start + self.check(&p.key("duration_days"), values::positive(x))?) * 24.0)
            }
            None => None,
        };
        let announced = match d.announced_day {
            Some(a) => self.check(&p.key("announced_day"), values::non_negative(a))?,
            None => start,
        };
        Ok(Timing::Fixed {
            start_h: start * 24.0,
            end_h,
            announced_h: announced * 24.0,
        })
    }

    /// The target's kind and the element key routes record, or an error
    /// listing the valid targets.
    fn element(
        &self,
        path: &KeyPath,
        target: &str,
        routes: &[Route],
    ) -> VResult<(&'static str, String)> {
        let (kind, name) = target.split_once(':').unwrap_or(("", target));
        let kind = TARGET_KINDS.iter().find(|k| **k == kind).copied();
        let resolved = kind.and_then(|k| {
            let known = match k {
                "passage" => self.network().passages().iter().any(|p| p == name),
                "canal" => self.raw().canals.contains_key(name),
                "border" => self.tables().borders.names().contains(name),
                "service" => {
                    self.services().names().contains(name)
                        || self.services().liners().names().any(|n| n == name)
                }
                "link" => self.network().edges().iter().any(|e| e.id == name),
                "region" => {
                    self.tables().regions.names().contains(name)
                        || self
                            .network()
                            .edges()
                            .iter()
                            .any(|e| e.regions.iter().any(|(r, _)| r == name))
                }
                _ => self.network().resolve(name).is_ok(),
            };
            known.then(|| element_key(self, target)).flatten()
        });
        if let (Some(kind), Some(element)) = (kind, resolved) {
            return Ok((kind, element));
        }
        let mut met: BTreeSet<String> = routes
            .iter()
            .flat_map(|r| r.touches.iter().map(|t| t.element.clone()))
            .filter(|e| !e.starts_with("link:"))
            .collect();
        met.extend(self.raw().canals.keys().map(|k| format!("canal:{k}")));
        met.extend(
            self.services()
                .names()
                .names()
                .map(|k| format!("service:{k}")),
        );
        met.extend(
            self.services()
                .liners()
                .names()
                .map(|k| format!("service:{k}")),
        );
        met.extend(
            self.tables()
                .borders
                .names()
                .names()
                .map(|k| format!("border:{k}")),
        );
        let mut candidates: Vec<String> = met.iter().cloned().collect();
        candidates.extend(
            self.network()
                .passages()
                .iter()
                .map(|p| format!("passage:{p}")),
        );
        // `strait:hormuz`: the name is right, the kind is not.
        let other_kind = TARGET_KINDS
            .iter()
            .map(|k| format!("{k}:{name}"))
            .find(|t| candidates.contains(t));
        let suggestion = match other_kind {
            Some(t) => Some(format!("did you mean `{t}`?")),
            None => crate::scenario::did_you_mean(target, candidates.iter().map(String::as_str)),
        };
        let list = met.into_iter().collect::<Vec<_>>().join(", ");
        let hint = match suggestion {
            Some(s) => format!("{s} Targets of this scenario's routes and tables: {list}"),
            None => format!(
                "a target is KIND:NAME with KIND one of {}; targets of this scenario's routes and tables: {list} (and `link:NAME` for a network link)",
                TARGET_KINDS.join(", ")
            ),
        };
        Err(self
            .err(path, format!("no element `{target}` to disrupt"))
            .with_hint(hint))
    }

    /// The best path for route `r` that avoids `element`: the route with
    /// the passage avoided on its sailings (for passages and canals), else
    /// the network's way round it from the leg that meets it
    /// (detour.rs).
    fn alternative(
        &mut self,
        routes: &[Route],
        r: usize,
        element: &str,
        speed: Option<f64>,
    ) -> Option<Alternative> {
        let route = &routes[r];
        if let Some(passage) = element
            .strip_prefix("passage:")
            .or_else(|| element.strip_prefix("canal:"))
        {
            let legs: BTreeSet<usize> = route
                .touches
                .iter()
                .filter(|t| t.element == element || t.element == format!("passage:{passage}"))
                .map(|t| t.leg)
                .collect();
            let mut raw: RawRoute = self.raw().routes[&route.id].clone();
            for &i in &legs {
                let leg = &mut raw.legs[i];
                if leg.kind == RawLegKind::Sea {
                    leg.avoid.push(passage.to_string());
                    if speed.is_some() {
                        leg.speed_kn = speed;
                    }
                }
            }
            let id = format!("{}/avoid-{passage}", route.id);
            let compiled = self.compile_alternative(&route.id, &raw);
            if let Ok(mut path) = compiled
                && path.steps != route.steps
                && !path.touches.iter().any(|t| t.element == element)
            {
                path.id = id.clone();
                path.name = format!("{} avoiding {passage}", route.name);
                return Some(Alternative { id, route: r, path });
            }
        }
        self.detour(routes, r, element, speed)
    }
}

/// The element key a target names, as routes record it (`port:NAME`
/// becomes `port:LOCODE`, `canal:NAME` the canal's passage).
fn element_key(v: &Compiler<'_, '_>, target: &str) -> Option<String> {
    let (kind, name) = target.split_once(':')?;
    Some(match kind {
        "port" => {
            let node = v.network().node(v.network().resolve(name).ok()?);
            format!(
                "port:{}",
                node.locode.clone().unwrap_or_else(|| node.id.clone())
            )
        }
        "canal" => {
            let passage = v
                .raw()
                .canals
                .get(name)
                .and_then(|c| c.passage.clone())
                .unwrap_or_else(|| name.to_string());
            format!("canal:{passage}")
        }
        _ => target.to_string(),
    })
}

/// One sentence saying what a disruption does, for `explain` and reports.
fn describe(
    d: &RawDisruption,
    timing: &Timing,
    capacity: f64,
    policy: Policy,
    delay_h: f64,
    surcharge: f64,
) -> String {
    let what = if capacity == 0.0 {
        format!("{} closed", d.target)
    } else {
        format!("{} at {capacity} × capacity", d.target)
    };
    let when = match timing {
        Timing::Fixed {
            start_h,
            end_h,
            announced_h,
        } => {
            let mut w = format!("from day {}", start_h / 24.0);
            match end_h {
                Some(e) => w.push_str(&format!(" for {} days", (e - start_h) / 24.0)),
                None => w.push_str(" with no end in the run"),
            }
            if announced_h < start_h {
                w.push_str(&format!(" (announced on day {})", announced_h / 24.0));
            }
            w
        }
        Timing::Random {
            every_days,
            duration_days,
        } => format!(
            "at random, on average every {:.0} days for {:.1} days",
            every_days.mean(),
            duration_days.mean()
        ),
    };
    let mut s = format!("{what} {when}");
    if capacity == 0.0 {
        s.push_str(match policy {
            Policy::Queue => "; shipments queue for it",
            Policy::Wait => "; shipments wait for it to reopen",
            Policy::Reroute => "; shipments re-route round it",
            Policy::RerouteIfLongerThanH(_) => {
                "; shipments re-route if it stays closed longer than their limit, else wait"
            }
        });
    }
    if delay_h > 0.0 {
        s.push_str(&format!("; +{delay_h} h to shipments meeting it"));
    }
    if surcharge > 0.0 {
        s.push_str(&format!("; +${surcharge}/TEU surcharge"));
    }
    s.push('.');
    s
}
