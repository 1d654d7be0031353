//! Liner services in scenario files: `[services.NAME]` with `kind = "liner"`
//! (a rotation of `calls`, a `vessel` class, `departures_per_week`, a
//! `cutoff_h`, an `allocation` of the ship for the scenario's cargo and a
//! schedule reliability), and sea legs that ride one (`service = "NAME"`).
//!
//! A service is checked where it is written, but only becomes part of the
//! model when a leg rides it: then its calls are resolved against the
//! network, its schedule is laid out (the offset of each call is the calm
//! sailing at the vessel's service speed plus `port_stay_h` at each call
//! before it), and the call where the leg boards gets a timetable of its own.
//! The library can thus define services that most scenarios never use.

use std::collections::HashMap;

use crate::engine::{CapacityWindow, TimetableSpec};
use crate::model::{Liner, LinerCall, Reliability, Service, ServiceKind, Step};
use crate::network::{Mode, NodeId, NodeKind, RouteRequest};

use crate::scenario::error::KeyPath;
use crate::scenario::raw::{RawLeg, RawService, RawServiceKind};
use crate::scenario::values;

use super::context::{Context, VResult};
use super::vessels::Vessels;

/// Keys a rail or ferry service takes and a liner does not, and the reverse.
const NOT_FOR_LINERS: &[&str] = &[
    "capacity_teu",
    "km_per_day",
    "speed_kn",
    "delay_h",
    "tariff_usd_per_teu_km",
    "tariff_usd_per_teu",
    "co2_kg_per_teu_km",
    "winter_months",
    "winter_capacity_factor",
    "winter_delay_h",
];
const ONLY_FOR_LINERS: &[&str] = &[
    "calls",
    "vessel",
    "allocation",
    "port_stay_h",
    "on_time_share",
    "late_h",
];

fn present(raw: &RawService) -> [(&'static str, bool); 16] {
    [
        ("capacity_teu", raw.capacity_teu.is_some()),
        ("km_per_day", raw.km_per_day.is_some()),
        ("speed_kn", raw.speed_kn.is_some()),
        ("delay_h", raw.delay_h.is_some()),
        ("tariff_usd_per_teu_km", raw.tariff_usd_per_teu_km.is_some()),
        ("tariff_usd_per_teu", raw.tariff_usd_per_teu.is_some()),
        ("co2_kg_per_teu_km", raw.co2_kg_per_teu_km.is_some()),
        ("winter_months", raw.winter_months.is_some()),
        (
            "winter_capacity_factor",
            raw.winter_capacity_factor.is_some(),
        ),
        ("winter_delay_h", raw.winter_delay_h.is_some()),
        ("calls", raw.calls.is_some()),
        ("vessel", raw.vessel.is_some()),
        ("allocation", raw.allocation.is_some()),
        ("port_stay_h", raw.port_stay_h.is_some()),
        ("on_time_share", raw.on_time_share.is_some()),
        ("late_h", raw.late_h.is_some()),
    ]
}

/// A liner service as checked, before any leg rides it.
#[derive(Debug, Clone)]
pub(super) struct LinerDef {
    name: String,
    calls: Vec<String>,
    vessel: usize,
    first_h: f64,
    headway_h: f64,
    capacity_teu: f64,
    background_teu: f64,
    cutoff_h: f64,
    port_stay_h: f64,
    reliability: Reliability,
    windows: Vec<CapacityWindow>,
    /// Once a leg rides it: the model's liner, the call nodes, and the
    /// timetable of each boarding call (by position in `calls`).
    built: Option<(usize, Vec<NodeId>, HashMap<usize, usize>)>,
}

/// The liner services of a scenario, by name.
#[derive(Debug, Clone, Default)]
pub(super) struct LinerDefs {
    defs: Vec<LinerDef>,
    index: HashMap<String, usize>,
    /// Services whose definition failed (reported already).
    failed: std::collections::HashSet<String>,
    /// The services legs ride, in the order they were first ridden.
    model: Vec<Liner>,
}

impl LinerDefs {
    /// Records that `name`'s definition failed.
    pub(super) fn fail(&mut self, name: &str) {
        self.failed.insert(name.to_string());
    }

    /// Whether `name` is a liner service whose definition failed.
    pub(super) fn failed(&self, name: &str) -> bool {
        self.failed.contains(name)
    }

    /// The services legs ride, for the model.
    pub(super) fn into_model(self) -> Vec<Liner> {
        self.model
    }

    /// Whether `name` is a liner service.
    pub fn contains(&self, name: &str) -> bool {
        self.index.contains_key(name)
    }

    /// Names of the services, in file order.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.defs.iter().map(|d| d.name.as_str())
    }

    /// The `services.NAME` keys of services no leg rides.
    pub fn unused(&self) -> Vec<String> {
        self.defs
            .iter()
            .filter(|d| d.built.is_none())
            .map(|d| format!("services.{}", d.name))
            .collect()
    }
}

/// What a sea leg riding a service needs to compile.
pub(super) struct Ride {
    /// Index into the model's liners.
    pub liner: usize,
    /// Index into the scenario's services: the boarding call's timetable.
    pub service: usize,
    /// The service's vessel class.
    pub vessel: usize,
    /// The calls between the leg's `from` and `to`.
    pub calls: Vec<NodeId>,
}

/// Refuses liner keys on a rail or ferry service, and rail or ferry keys
/// on a liner, so a mistaken intent is not silently ignored.
pub(super) fn service_keys_fit(
    cx: &Context<'_>,
    path: &KeyPath,
    kind: RawServiceKind,
    raw: &RawService,
) -> VResult<()> {
    let (refused, hint) = if kind == RawServiceKind::Liner {
        (
            NOT_FOR_LINERS,
            "a liner takes: kind, calls, vessel, departures_per_week, first_departure_h, cutoff_h, allocation, background_teu_per_departure, port_stay_h, on_time_share, late_h, source",
        )
    } else {
        (
            ONLY_FOR_LINERS,
            "those keys are for liner services (kind = \"liner\")",
        )
    };
    for (key, is_there) in present(raw) {
        if is_there && refused.contains(&key) {
            let kind = format!("{kind:?}").to_lowercase();
            return Err(cx
                .err(&path.key(key), format!("a {kind} service takes no `{key}`"))
                .with_hint(hint));
        }
    }
    Ok(())
}

impl LinerDefs {
    /// Checks a `kind = "liner"` service and keeps it for the legs that
    /// ride it.
    pub(super) fn define(
        &mut self,
        cx: &mut Context<'_>,
        vessels: &Vessels,
        name: &str,
        raw: &RawService,
    ) -> VResult<()> {
        let p = KeyPath::root().key("services").key(name);
        let calls = cx.need(&p.key("calls"), &raw.calls)?;
        if calls.len() < 2 {
            return Err(cx
                .err(&p.key("calls"), "a rotation needs at least two calls")
                .with_hint("calls = [\"chennai\", \"singapore\", \"vladivostok\"], in the order the ships call"));
        }
        let vessel_name = cx.need(&p.key("vessel"), &raw.vessel)?;
        let vessel = vessels.find(cx, &p.key("vessel"), &vessel_name)?;
        let per_week = cx.required(
            &p.key("departures_per_week"),
            &raw.departures_per_week,
            values::positive,
        )?;
        if per_week > 14.0 {
            return Err(cx
                .err(
                    &p.key("departures_per_week"),
                    format!("{per_week} sailings a week is more than any liner service"),
                )
                .with_hint("weekly is 1, fortnightly 0.5"));
        }
        let first = cx.required(
            &p.key("first_departure_h"),
            &raw.first_departure_h,
            values::non_negative,
        )?;
        let cutoff = cx.check(
            &p.key("cutoff_h"),
            values::cutoff_h(raw.cutoff_h.unwrap_or(0.0)),
        )?;
        let allocation = cx.required(&p.key("allocation"), &raw.allocation, values::share)?;
        if allocation == 0.0 {
            return Err(cx
                .err(&p.key("allocation"), "a service with no room carries nothing")
                .with_hint("allocation is the share of the ship's TEU the scenario's shippers can book, e.g. 0.3"));
        }
        let capacity = vessels.get(vessel).capacity_teu * allocation;
        let background = cx.check(
            &p.key("background_teu_per_departure"),
            values::non_negative(raw.background_teu_per_departure.unwrap_or(0.0)),
        )?;
        if background >= capacity {
            return Err(cx
                .err(
                    &p.key("background_teu_per_departure"),
                    format!(
                        "other shippers book {background} TEU a sailing, at least the {capacity} TEU the allocation gives (vessel TEU × allocation)"
                    ),
                )
                .with_hint("the backlog would grow for ever; raise allocation or lower background_teu_per_departure"));
        }
        let port_stay = cx.required(
            &p.key("port_stay_h"),
            &raw.port_stay_h,
            values::non_negative,
        )?;
        let on_time = cx.required(&p.key("on_time_share"), &raw.on_time_share, values::share)?;
        let late = cx.need(&p.key("late_h"), &raw.late_h)?;
        let late = cx.check(&p.key("late_h"), values::non_negative_dist(&late))?;
        for (key, value, unit) in [
            ("departures_per_week", per_week, "sailings/week"),
            (
                "first_departure_h",
                first,
                "h after the start, from the first call",
            ),
            ("cutoff_h", cutoff, "h before a sailing"),
            ("allocation", allocation, "share of vessel TEU"),
            (
                "background_teu_per_departure",
                background,
                "TEU per sailing (Poisson mean)",
            ),
            ("port_stay_h", port_stay, "h scheduled per call"),
            ("on_time_share", on_time, "share of sailings"),
        ] {
            cx.note(&p.key(key), value, unit, &raw.source);
        }
        cx.note(&p.key("calls"), calls.join(" → "), "", &raw.source);
        cx.note(&p.key("vessel"), &vessel_name, "", &raw.source);
        cx.note(&p.key("late_h"), &late, "h", &raw.source);
        let windows = cx.windows_for(&format!("service:{name}"));
        self.index.insert(name.to_string(), self.defs.len());
        self.defs.push(LinerDef {
            name: name.to_string(),
            calls,
            vessel,
            first_h: first,
            headway_h: 168.0 / per_week,
            capacity_teu: capacity,
            background_teu: background,
            cutoff_h: cutoff,
            port_stay_h: port_stay,
            reliability: Reliability {
                on_time_share: on_time,
                late_h: late,
            },
            windows,
            built: None,
        });
        Ok(())
    }

    /// The service a sea leg rides (`service = "NAME"`), with the leg's
    /// boarding timetable, vessel and intermediate calls.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn ride(
        &mut self,
        cx: &Context<'_>,
        vessels: &Vessels,
        timetables: &mut Vec<Service>,
        path: &KeyPath,
        leg: &RawLeg,
        name: &str,
        from: NodeId,
        to: NodeId,
    ) -> VResult<Ride> {
        let key = path.key("service");
        let Some(&i) = self.index.get(name) else {
            let hint = crate::scenario::did_you_mean(name, self.names()).unwrap_or_else(|| {
                format!(
                    "liner services: {}",
                    self.names().collect::<Vec<_>>().join(", ")
                )
            });
            return Err(cx
                .err(&key, format!("unknown liner service `{name}`"))
                .with_hint(hint));
        };
        let vessel = self.defs[i].vessel;
        if leg.vessel.is_some() {
            return Err(cx
                .err(
                    &path.key("vessel"),
                    format!(
                        "a sea leg riding `{name}` sails its ships ({})",
                        vessels.get(vessel).name
                    ),
                )
                .with_hint(format!("drop `vessel`, or set [services.{name}] vessel")));
        }
        let (liner, nodes) = self.build_liner(cx, vessels, i)?;
        let rotation = || {
            nodes
                .iter()
                .map(|&n| cx.network().node(n).name.clone())
                .collect::<Vec<_>>()
                .join(" → ")
        };
        if !leg.calls.is_empty() {
            return Err(cx
                .err(
                    &path.key("calls"),
                    format!("a sea leg riding `{name}` calls where the service calls"),
                )
                .with_hint(format!("drop `calls`; the rotation is {}", rotation())));
        }
        let Some(board) = nodes.iter().position(|&n| n == from) else {
            return Err(cx
                .err(
                    &path.key("from"),
                    format!(
                        "{} is not a call of `{name}`",
                        cx.network().node(from).label()
                    ),
                )
                .with_hint(format!("the rotation is {}", rotation())));
        };
        let Some(off) = nodes[board + 1..].iter().position(|&n| n == to) else {
            return Err(cx
                .err(
                    &path.key("to"),
                    format!(
                        "`{name}` does not call at {} after {}",
                        cx.network().node(to).label(),
                        cx.network().node(from).label()
                    ),
                )
                .with_hint(format!("the rotation is {}", rotation())));
        };
        let alight = board + 1 + off;
        let service = self.boarding_timetable(cx, timetables, i, board);
        Ok(Ride {
            liner,
            service,
            vessel,
            calls: nodes[board + 1..alight].to_vec(),
        })
    }

    /// Makes service `i` part of the model on first use: resolves its calls
    /// and lays out its schedule. Returns the model's index and the calls.
    fn build_liner(
        &mut self,
        cx: &Context<'_>,
        vessels: &Vessels,
        i: usize,
    ) -> VResult<(usize, Vec<NodeId>)> {
        if let Some((model, nodes, _)) = &self.defs[i].built {
            return Ok((*model, nodes.clone()));
        }
        let def = self.defs[i].clone();
        let p = KeyPath::root().key("services").key(&def.name);
        let mut nodes = Vec::with_capacity(def.calls.len());
        for (k, call) in def.calls.iter().enumerate() {
            let at = p.key("calls").index(k);
            let node = cx.network().resolve(call).map_err(|e| {
                cx.err(&at, e.to_string())
                    .with_hint("`corridor ports` lists every port and node")
            })?;
            if cx.network().node(node).kind == NodeKind::Waypoint {
                return Err(cx.err(
                    &at,
                    format!(
                        "{} is a sea waypoint, not a port",
                        cx.network().node(node).label()
                    ),
                ));
            }
            if nodes.last() == Some(&node) {
                return Err(cx.err(&at, "calls twice in a row at the same port"));
            }
            nodes.push(node);
        }
        let limits = vessels.limits(def.vessel);
        let speed = vessels.get(def.vessel).service_speed_kn;
        let mut calls = vec![LinerCall {
            port: cx.network().node(nodes[0]).name.clone(),
            offset_h: 0.0,
        }];
        let mut offset = 0.0;
        for (k, pair) in nodes.windows(2).enumerate() {
            let request = RouteRequest {
                from: cx.network().node(pair[0]).id.clone(),
                to: cx.network().node(pair[1]).id.clone(),
                via: Vec::new(),
                avoid: Vec::new(),
                modes: vec![Mode::Sea],
                vessel: limits,
                enable: Vec::new(),
            };
            let found = cx.network().route(&request).map_err(|e| {
                cx.err(&p.key("calls").index(k + 1), e.to_string())
                    .with_hint("`corridor route FROM TO` shows what the network allows")
            })?;
            offset += found.distance_nm / speed + def.port_stay_h;
            calls.push(LinerCall {
                port: cx.network().node(pair[1]).name.clone(),
                offset_h: offset,
            });
        }
        let model = self.model.len();
        self.model.push(Liner {
            name: def.name.clone(),
            vessel: def.vessel,
            headway_h: def.headway_h,
            port_stay_h: def.port_stay_h,
            calls,
            reliability: def.reliability.clone(),
        });
        self.defs[i].built = Some((model, nodes.clone(), HashMap::new()));
        Ok((model, nodes))
    }

    /// The timetable of service `i` at its call number `call`, made on
    /// first use: sailing k leaves there at first + offset + k × headway.
    fn boarding_timetable(
        &mut self,
        cx: &Context<'_>,
        timetables: &mut Vec<Service>,
        i: usize,
        call: usize,
    ) -> usize {
        let def = &self.defs[i];
        let (model, nodes, boarding) = def.built.as_ref().expect("built before boarding");
        if let Some(&s) = boarding.get(&call) {
            return s;
        }
        let offset = self.model[*model].calls[call].offset_h;
        let spec = TimetableSpec {
            name: format!("{}@{}", def.name, cx.network().node(nodes[call]).id),
            first_departure_h: def.first_h + offset,
            headway_h: def.headway_h,
            capacity: def.capacity_teu,
            cutoff_h: def.cutoff_h,
            background_per_departure: def.background_teu,
            windows: def.windows.clone(),
        };
        let index = timetables.len();
        timetables.push(Service {
            kind: ServiceKind::Liner,
            timetable: spec,
            // Liners start empty: a backlog of boxes waiting for a sailing
            // (`initial_backlog_teu`) is a rail and ferry key.
            initial_backlog: None,
        });
        if let Some((_, _, boarding)) = &mut self.defs[i].built {
            boarding.insert(call, index);
        }
        index
    }
}

/// Boarding steps keep their liner whatever else is pruned: the model's
/// liners are only those legs ride. Used by the validator's pruning.
pub(super) fn boarding_service(step: &Step) -> Option<usize> {
    match step {
        Step::Board { service, .. } => Some(*service),
        _ => None,
    }
}
