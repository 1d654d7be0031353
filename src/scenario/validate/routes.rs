//! Compiling a scenario's routes: each leg is resolved against the network
//! and becomes model steps. A sea leg becomes port calls, sailings split by
//! weather region, and canal convoys where the path uses a canal; rail, road
//! and ferry legs become timetabled rides, truck runs and border posts;
//! changes of mode or gauge between legs add a transshipment.

use std::collections::HashSet;

use crate::engine::Dist;
use crate::model::{Place, Route, SeaSegment, ServiceKind, Step, Touch, Track};
use crate::network::{self, EdgeKind, Mode, Network, NodeId, RouteRequest, VesselLimits};
use crate::scenario::error::{KeyPath, ScenarioError};
use crate::scenario::raw::{RawLeg, RawLegKind, RawRoute, RawScenario};
use crate::scenario::source::Layers;
use crate::scenario::values;

use super::borders::Borders;
use super::context::{Context, Failure, VResult};
use super::ports::Ports;
use super::road::{Road, Transshipment};
use super::services::Services;
use super::vessels::Vessels;
use super::weather::{Regions, RiskAreas};

/// Longest route id: it heads table columns and names chart series.
pub const MAX_ROUTE_ID_CHARS: usize = 40;

/// Longest route name, characters: it labels charts and tables.
pub const MAX_ROUTE_NAME_CHARS: usize = 80;

/// Whether `id` may name a route: `[a-z0-9][a-z0-9_.-]*`, at most
/// [`MAX_ROUTE_ID_CHARS`]. Ids reach terminals, file contents and SVG
/// unescaped in places, so they hold no control or markup characters.
pub fn is_route_id(id: &str) -> bool {
    let mut chars = id.chars();
    id.len() <= MAX_ROUTE_ID_CHARS
        && chars
            .next()
            .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        && chars
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '-' | '_' | '.'))
}

/// Where the previous leg left the cargo, and how.
struct Position {
    node: Option<NodeId>,
    mode: Option<Mode>,
    gauge_mm: Option<u32>,
}

/// The tables routes are compiled against, validated before them. A table
/// that failed is absent, and what needs it fails quietly.
#[derive(Clone, Copy)]
pub(super) struct Tables<'t> {
    pub(super) vessels: &'t Vessels,
    pub(super) borders: &'t Borders,
    pub(super) regions: &'t Regions,
    pub(super) risk_areas: &'t RiskAreas,
    pub(super) road: Option<&'t Road>,
    pub(super) transshipment: Option<&'t Transshipment>,
}

/// Compiles routes against the tables, building the ports they call at and
/// the liner timetables they board as it goes.
pub(super) struct Compiler<'c, 'a> {
    cx: &'c mut Context<'a>,
    network: &'a Network,
    raw: &'a RawScenario,
    tables: Tables<'c>,
    services: &'c mut Services,
    ports: &'c mut Ports,
}

/// The routes that compiled, and the ids of those that did not (reported).
pub(super) struct CompiledRoutes {
    pub(super) routes: Vec<Route>,
    pub(super) failed: HashSet<String>,
}

impl<'c, 'a> Compiler<'c, 'a> {
    pub(super) fn new(
        cx: &'c mut Context<'a>,
        tables: Tables<'c>,
        services: &'c mut Services,
        ports: &'c mut Ports,
    ) -> Self {
        let (network, raw) = (cx.network(), cx.raw());
        Compiler {
            cx,
            network,
            raw,
            tables,
            services,
            ports,
        }
    }

    /// The merged document.
    pub(super) fn raw(&self) -> &'a RawScenario {
        self.raw
    }

    /// The network.
    pub(super) fn network(&self) -> &'a Network {
        self.network
    }

    /// The tables.
    pub(super) fn tables(&self) -> Tables<'c> {
        self.tables
    }

    /// The timetables.
    pub(super) fn services(&self) -> &Services {
        self.services
    }

    /// The ports so far.
    pub(super) fn ports(&self) -> &Ports {
        self.ports
    }

    /// An error at `path`.
    pub(super) fn err(&self, path: &KeyPath, message: impl Into<String>) -> Failure {
        self.cx.err(path, message)
    }

    /// Checks a value, or explains at `path`.
    pub(super) fn check<T>(&self, path: &KeyPath, result: values::Check<T>) -> VResult<T> {
        self.cx.check(path, result)
    }

    /// A required value.
    pub(super) fn need<T: Clone>(&self, path: &KeyPath, value: &Option<T>) -> VResult<T> {
        self.cx.need(path, value)
    }

    /// A required number that must pass `check`.
    pub(super) fn required(
        &self,
        path: &KeyPath,
        value: &Option<f64>,
        check: fn(f64) -> values::Check<f64>,
    ) -> VResult<f64> {
        self.cx.required(path, value, check)
    }

    /// Records a parameter with its source.
    pub(super) fn note(
        &mut self,
        key: &KeyPath,
        value: impl ToString,
        unit: &str,
        source: &Option<String>,
    ) {
        self.cx.note(key, value, unit, source)
    }

    /// Keeps a value, or records why there is none.
    pub(super) fn keep<T>(&mut self, result: VResult<T>) -> Option<T> {
        self.cx.keep(result)
    }

    /// A route compiled only to try another path: it notes nothing, and
    /// its errors are the caller's to judge.
    pub(super) fn compile_alternative(&mut self, id: &str, raw: &RawRoute) -> VResult<Route> {
        let mark = self.cx.notes_mark();
        let compiled = self.compile_route(id, raw);
        self.cx.forget_notes_after(mark);
        compiled
    }

    /// Every route of the scenario, each compiled on its own: one that
    /// fails is reported and the next is compiled.
    pub(super) fn routes(&mut self) -> CompiledRoutes {
        let raw_routes = &self.raw.routes;
        let mut compiled = CompiledRoutes {
            routes: Vec::with_capacity(raw_routes.len()),
            failed: HashSet::new(),
        };
        for (id, raw) in raw_routes {
            match self.checked_route(id, raw) {
                Ok(route) => compiled.routes.push(route),
                Err(failure) => {
                    compiled.failed.insert(id.clone());
                    self.cx.record(failure);
                }
            }
        }
        compiled
    }

    /// One route, its id and name checked, compiled.
    fn checked_route(&mut self, id: &str, raw: &RawRoute) -> VResult<Route> {
        {
            let p = KeyPath::root().key("routes").key(id);
            if !is_route_id(id) {
                return Err(self
                    .err(&p, format!("`{id}` cannot be a route id"))
                    .with_hint(format!(
                        "ids are 1 to {MAX_ROUTE_ID_CHARS} characters: a lower-case letter or digit, then lower-case letters, digits, `-`, `_` or `.` (e.g. instc-west); `name` takes any text"
                    )));
            }
            if let Some(name) = &raw.name
                && (name.chars().any(char::is_control)
                    || name.chars().count() > MAX_ROUTE_NAME_CHARS)
            {
                return Err(self
                    .err(&p.key("name"), "must be one line of at most 80 characters, without control characters")
                    .with_hint("the name labels charts and tables; put longer text in the scenario's description"));
            }
            self.compile_route(id, raw)
        }
    }

    /// One route, compiled.
    pub(super) fn compile_route(&mut self, id: &str, raw: &RawRoute) -> VResult<Route> {
        let p = KeyPath::root().key("routes").key(id);
        {
            {
                if raw.legs.is_empty() {
                    return Err(self.err(&p, "has no legs").with_hint(
                        "add legs = [ { kind = \"sea\", from = …, to = …, vessel = … } ]",
                    ));
                }
                let mut route = Route {
                    id: id.to_string(),
                    name: raw.name.clone().unwrap_or_else(|| id.to_string()),
                    steps: Vec::new(),
                    geometry: Vec::new(),
                    places: Vec::new(),
                    distance_km: 0.0,
                    touches: Vec::new(),
                    tracks: Vec::new(),
                };
                let mut at = Position {
                    node: None,
                    mode: None,
                    gauge_mm: None,
                };
                for (i, leg) in raw.legs.iter().enumerate() {
                    let known = route.touches.len();
                    self.leg(&p.key("legs").index(i), leg, &mut route, &mut at)?;
                    for t in &mut route.touches[known..] {
                        t.leg = i;
                    }
                }
                if !route.steps.iter().any(|s| !matches!(s, Step::Dwell { .. })) {
                    return Err(self
                        .err(&p, "does not move: every leg is a dwell")
                        .with_hint("add a sea, rail, road or ferry leg"));
                }
                Ok(route)
            }
        }
    }

    fn node(&self, path: &KeyPath, name: &str) -> VResult<NodeId> {
        self.network.resolve(name).map_err(|e| {
            self.err(path, e.to_string())
                .with_hint("`corridor ports` lists every port and node")
        })
    }

    fn place(&self, route: &mut Route, node: NodeId) {
        let n = self.network.node(node);
        if !route.places.iter().any(|p| p.id == n.id) {
            route.places.push(Place {
                name: n.name.clone(),
                id: n.id.clone(),
                locode: n.locode.clone(),
                kind: n.kind.as_str(),
                lon: n.lon,
                lat: n.lat,
            });
        }
    }

    /// Checks that a leg starts where the previous one ended.
    fn joins(&self, path: &KeyPath, at: &Position, start: NodeId) -> VResult<()> {
        if let Some(previous) = at.node
            && previous != start
        {
            let (a, b) = (self.network.node(previous), self.network.node(start));
            return Err(self
                .err(
                    path,
                    format!(
                        "starts at {} but the previous leg ends at {}",
                        b.label(),
                        a.label()
                    ),
                )
                .with_hint("legs must join end to end; add a leg between them"));
        }
        Ok(())
    }

    /// Adds a transshipment when the cargo changes mode or gauge here and no
    /// dwell leg already stands for it.
    fn transship_if_needed(
        &self,
        route: &mut Route,
        at: &Position,
        mode: Mode,
        gauge: Option<u32>,
    ) -> VResult<()> {
        let last_is_dwell = matches!(route.steps.last(), Some(Step::Dwell { .. }));
        let mode_change = at.mode.is_some_and(|m| m != mode);
        let gauge_change = matches!((at.gauge_mm, gauge), (Some(a), Some(b)) if a != b);
        if (mode_change && !last_is_dwell) || gauge_change {
            route.steps.push(self.transshipment_step(at.node)?);
        }
        Ok(())
    }

    fn transshipment_step(&self, node: Option<NodeId>) -> VResult<Step> {
        let t = self.tables.transshipment.ok_or(Failure::Dependent)?;
        Ok(Step::Dwell {
            at: node
                .map(|n| self.network.node(n).name.clone())
                .unwrap_or_default(),
            dwell_h: t.dwell_h.clone(),
            cost_usd_per_teu: t.cost_usd_per_teu,
        })
    }

    fn leg(
        &mut self,
        path: &KeyPath,
        leg: &RawLeg,
        route: &mut Route,
        at: &mut Position,
    ) -> VResult<()> {
        self.only(path, leg)?;
        match leg.kind {
            RawLegKind::Dwell => {
                let name = self.need(&path.key("at"), &leg.at)?;
                let node = self.node(&path.key("at"), &name)?;
                self.joins(&path.key("at"), at, node)?;
                let dwell = self.need(&path.key("dwell_h"), &leg.dwell_h)?;
                let dwell = self.check(&path.key("dwell_h"), values::non_negative_dist(&dwell))?;
                let cost = self.check(
                    &path.key("cost_usd_per_teu"),
                    values::non_negative(leg.cost_usd_per_teu.unwrap_or(0.0)),
                )?;
                self.note(&path.key("dwell_h"), &dwell, "h", &leg.note);
                self.place(route, node);
                route.steps.push(Step::Dwell {
                    at: self.network.node(node).name.clone(),
                    dwell_h: dwell,
                    cost_usd_per_teu: cost,
                });
                at.node = Some(node);
            }
            RawLegKind::Sea => self.sea_leg(path, leg, route, at)?,
            RawLegKind::Rail | RawLegKind::Road | RawLegKind::Ferry => {
                self.land_leg(path, leg, route, at)?
            }
            RawLegKind::Border => {
                let post = self.need(&path.key("post"), &leg.post)?;
                let index = self.tables.borders.names().find(
                    self.cx,
                    &path.key("post"),
                    "border post",
                    &post,
                )?;
                let rail = at.mode == Some(Mode::Rail);
                self.check_rail_clearance(&path.key("post"), index, rail)?;
                touch(route, format!("border:{post}"), route.steps.len(), 0.0);
                route.steps.push(Step::Border { post: index, rail });
            }
        }
        Ok(())
    }

    /// Refuses keys that mean nothing for the leg's kind, so a typo'd intent
    /// (a `service` on a sea leg) is not silently ignored.
    fn only(&self, path: &KeyPath, leg: &RawLeg) -> VResult<()> {
        let allowed: &[&str] = match leg.kind {
            RawLegKind::Dwell => &["at", "dwell_h", "cost_usd_per_teu"],
            RawLegKind::Sea => &[
                "from", "to", "vessel", "speed_kn", "calls", "via", "avoid", "enable", "service",
            ],
            RawLegKind::Rail | RawLegKind::Ferry => &["from", "to", "service", "via", "enable"],
            RawLegKind::Road => &["from", "to", "via", "enable"],
            RawLegKind::Border => &["post"],
        };
        let present = [
            ("at", leg.at.is_some()),
            ("from", leg.from.is_some()),
            ("to", leg.to.is_some()),
            ("vessel", leg.vessel.is_some()),
            ("speed_kn", leg.speed_kn.is_some()),
            ("calls", !leg.calls.is_empty()),
            ("via", !leg.via.is_empty()),
            ("avoid", !leg.avoid.is_empty()),
            ("enable", !leg.enable.is_empty()),
            ("service", leg.service.is_some()),
            ("post", leg.post.is_some()),
            ("dwell_h", leg.dwell_h.is_some()),
            ("cost_usd_per_teu", leg.cost_usd_per_teu.is_some()),
        ];
        for (key, is_there) in present {
            if is_there && !allowed.contains(&key) {
                return Err(self
                    .err(
                        &path.key(key),
                        format!("a {:?} leg takes no `{key}`", leg.kind).to_lowercase(),
                    )
                    .with_hint(format!("it takes: kind, {}, note", allowed.join(", "))));
            }
        }
        Ok(())
    }

    fn network_route(&self, path: &KeyPath, request: &RouteRequest) -> VResult<network::Route> {
        self.network.route(request).map_err(|e| {
            let hint = match &e {
                network::NetworkError::UnknownElement { name, known, .. } => {
                    crate::scenario::did_you_mean(name, known.iter().map(String::as_str))
                }
                _ => None,
            };
            let e = self.err(path, e.to_string());
            e.with_hint(hint.unwrap_or_else(|| {
                "`corridor route FROM TO` with the same options shows what the network allows"
                    .to_string()
            }))
        })
    }

    /// A leg's `from` and `to`, resolved, with their names as written; the
    /// leg must start where the previous one ended.
    fn endpoints(
        &self,
        path: &KeyPath,
        leg: &RawLeg,
        at: &Position,
    ) -> VResult<(NodeId, NodeId, String, String)> {
        let from_name = self.need(&path.key("from"), &leg.from)?;
        let to_name = self.need(&path.key("to"), &leg.to)?;
        let from = self.node(&path.key("from"), &from_name)?;
        let to = self.node(&path.key("to"), &to_name)?;
        self.joins(&path.key("from"), at, from)?;
        Ok((from, to, from_name, to_name))
    }

    fn sea_leg(
        &mut self,
        path: &KeyPath,
        leg: &RawLeg,
        route: &mut Route,
        at: &mut Position,
    ) -> VResult<()> {
        let (from, to, from_name, to_name) = self.endpoints(path, leg, at)?;
        if from == to && leg.calls.is_empty() {
            return Err(self
                .err(
                    &path.key("to"),
                    format!(
                        "a sea leg from {} to itself goes nowhere",
                        self.network.node(to).label()
                    ),
                )
                .with_hint(
                    "time spent in port is a dwell leg: { kind = \"dwell\", at = …, dwell_h = … }",
                ));
        }
        // A leg riding a liner service takes its ships and calls from the
        // service (scenario/validate/liners.rs) and books a sailing before loading.
        let ride = match &leg.service {
            Some(name) => Some(self.services.ride_liner(
                self.cx,
                self.tables.vessels,
                path,
                leg,
                name,
                from,
                to,
            )?),
            None => None,
        };
        let vessel = match &ride {
            Some(r) => r.vessel,
            None => {
                let vessel_name = self.need(&path.key("vessel"), &leg.vessel)?;
                self.tables
                    .vessels
                    .find(self.cx, &path.key("vessel"), &vessel_name)?
            }
        };
        let speed = match leg.speed_kn {
            Some(s) => self.check(&path.key("speed_kn"), values::positive(s))?,
            None => self.tables.vessels.get(vessel).service_speed_kn,
        };
        if speed > 40.0 {
            return Err(self.err(
                &path.key("speed_kn"),
                format!("{speed} kn is faster than any container ship"),
            ));
        }
        if !leg.calls.is_empty() && !leg.via.is_empty() {
            return Err(self
                .err(
                    &path.key("via"),
                    "a sea leg takes either `calls` or `via`, not both",
                )
                .with_hint("split the leg at the call, and put `via` on the part it belongs to"));
        }
        let mut stops = vec![from];
        for (i, c) in leg.calls.iter().enumerate() {
            stops.push(self.node(&path.key("calls").index(i), c)?);
        }
        if let Some(r) = &ride {
            stops.extend(&r.calls);
        }
        stops.push(to);
        for (&stop, name) in stops.iter().zip(
            std::iter::once(&from_name)
                .chain(&leg.calls)
                .chain([&to_name]),
        ) {
            if self.network.node(stop).kind == network::NodeKind::Waypoint {
                return Err(self
                    .err(
                        &path.key("calls"),
                        format!(
                            "{} is a sea waypoint, not a port",
                            self.network.node(stop).label()
                        ),
                    )
                    .with_hint(format!(
                        "ships call at ports; put `{name}` in `via` to sail past it"
                    )));
            }
        }
        self.transship_if_needed(route, at, Mode::Sea, None)?;
        if let Some(r) = &ride {
            // A box booked on a liner meets its service and its loading
            // port when it books: `service:` and `port:` disruptions reach it.
            let board = route.steps.len();
            route.steps.push(Step::Board {
                liner: r.liner,
                service: r.service,
            });
            if let Some(name) = &leg.service {
                push_touch(route, format!("service:{name}"), board, board, 0.0);
            }
            self.touch_port(route, from, board, board);
        }
        let vessels = self.tables.vessels;
        let limits = vessels.limits(vessel);
        let on_board = vessels.get(vessel).teu_on_board();
        let call_moves = on_board * vessels.call_moves_share(vessel);
        let port_of =
            |s: &mut Self, node: NodeId| -> VResult<usize> { s.ports.port_for(s.cx, path, node) };
        let mut previous_sail = None;
        for (k, pair) in stops.windows(2).enumerate() {
            let request = RouteRequest {
                from: self.network.node(pair[0]).id.clone(),
                to: self.network.node(pair[1]).id.clone(),
                via: leg.via.clone(),
                avoid: leg.avoid.clone(),
                modes: vec![Mode::Sea],
                vessel: limits,
                enable: leg.enable.clone(),
            };
            let found = self.network_route(path, &request)?;
            let port = port_of(self, pair[0])?;
            let call_step = route.steps.len();
            self.touch_port(
                route,
                pair[0],
                previous_sail.unwrap_or(call_step),
                call_step,
            );
            route.steps.push(Step::PortCall {
                port,
                vessel,
                moves_teu: if k == 0 { on_board } else { call_moves },
                handles_shipment: k == 0,
            });
            self.place(route, pair[0]);
            let first_sail = route.steps.len();
            let known_tracks = route.tracks.len();
            self.sail_steps(path, &found, vessel, speed, route)?;
            // The sailings end at the next call (pushed next).
            let to_id = self.network.node(pair[1]).id.clone();
            for t in &mut route.tracks[known_tracks..] {
                t.leg_km = found.distance_km;
                t.to = to_id.clone();
                t.call_step = route.steps.len();
                t.enable = leg.enable.clone();
            }
            self.touch_sea(route, &found, first_sail, speed);
            previous_sail = Some(first_sail);
            route
                .geometry
                .push(found.geometry.points().map(|p| (p.x(), p.y())).collect());
            route.distance_km += found.distance_km;
        }
        let port = port_of(self, to)?;
        let call_step = route.steps.len();
        self.touch_port(route, to, previous_sail.unwrap_or(call_step), call_step);
        route.steps.push(Step::PortCall {
            port,
            vessel,
            moves_teu: on_board,
            handles_shipment: true,
        });
        self.place(route, to);
        at.node = Some(to);
        at.mode = Some(Mode::Sea);
        at.gauge_mm = None;
        Ok(())
    }

    /// Sailings and canal transits along a sea path; each sailing's
    /// [`Track`] (its `to` and `call_step` left for the caller).
    pub(super) fn sail_steps(
        &self,
        path: &KeyPath,
        found: &network::Route,
        vessel: usize,
        speed: f64,
        route: &mut Route,
    ) -> VResult<()> {
        let mut segments: Vec<SeaSegment> = Vec::new();
        let mut risks: Vec<usize> = Vec::new();
        let mut nodes: Vec<(String, f64)> = Vec::new();
        let (mut km, mut start_km) = (0.0, 0.0);
        let flush = |segments: &mut Vec<SeaSegment>,
                     risks: &mut Vec<usize>,
                     nodes: &mut Vec<(String, f64)>,
                     start_km: f64,
                     route: &mut Route| {
            if !segments.is_empty() {
                route.tracks.push(Track {
                    step: route.steps.len(),
                    nodes: std::mem::take(nodes),
                    to: String::new(),
                    call_step: 0,
                    start_km,
                    leg_km: 0.0,
                    enable: Vec::new(),
                });
                route.steps.push(Step::Sail {
                    vessel,
                    speed_kn: speed,
                    segments: std::mem::take(segments),
                    risk_areas: std::mem::take(risks),
                });
            }
            nodes.clear();
        };
        for leg in &found.legs {
            km += leg.distance_km;
            let edge = self.network.edge(leg.edge_id);
            if let Some(passage) = &leg.passage
                && let Some(risk) = self.tables.risk_areas.get(passage)
                && !risks.contains(&risk)
            {
                risks.push(risk);
            }
            let canal = (edge.kind == EdgeKind::Canal)
                .then(|| leg.passage.as_ref().and_then(|p| self.services.canal(p)))
                .flatten();
            if let Some(convoys) = canal {
                // The canal is drawn as several lanes; one convoy transits
                // them all, so only the first lane of a run books a convoy.
                if segments.is_empty() && matches!(route.steps.last(), Some(Step::Canal { .. })) {
                    continue;
                }
                flush(&mut segments, &mut risks, &mut nodes, start_km, route);
                let (a, b) = (
                    self.network.node(leg.from_node),
                    self.network.node(leg.to_node),
                );
                let service = if b.lat > a.lat {
                    convoys.northbound
                } else {
                    convoys.southbound
                };
                route.steps.push(Step::Canal {
                    service,
                    vessel,
                    transit_h: convoys.transit_h.clone(),
                });
                continue;
            }
            let sailed = segments.iter().map(|g| g.distance_nm).sum::<f64>();
            if nodes.is_empty() {
                start_km = km - leg.distance_km;
                nodes.push((self.network.node(leg.from_node).id.clone(), 0.0));
            }
            nodes.push((
                self.network.node(leg.to_node).id.clone(),
                sailed + leg.distance_nm,
            ));
            let region_name = leg.region.clone().unwrap_or_default();
            let region = self.tables.regions.names().get(&region_name);
            // Consecutive lanes in one region make one segment.
            match segments.last_mut() {
                Some(last) if last.region_name == region_name => {
                    last.distance_nm += leg.distance_nm
                }
                _ => segments.push(SeaSegment {
                    region,
                    region_name,
                    distance_nm: leg.distance_nm,
                }),
            }
        }
        flush(&mut segments, &mut risks, &mut nodes, start_km, route);
        let _ = path;
        Ok(())
    }

    fn land_leg(
        &mut self,
        path: &KeyPath,
        leg: &RawLeg,
        route: &mut Route,
        at: &mut Position,
    ) -> VResult<()> {
        let mode = match leg.kind {
            RawLegKind::Rail => Mode::Rail,
            RawLegKind::Road => Mode::Road,
            _ => Mode::Ferry,
        };
        let (from, to, _, _) = self.endpoints(path, leg, at)?;
        let service = match mode {
            Mode::Road => None,
            _ => {
                let name = self.need(&path.key("service"), &leg.service)?;
                if self.services.liners().contains(&name) {
                    return Err(self
                        .err(
                            &path.key("service"),
                            format!("`{name}` is a liner service, not a train or ferry"),
                        )
                        .with_hint("a sea leg rides a liner: { kind = \"sea\", from = …, to = …, service = … }"));
                }
                let index =
                    self.services
                        .names()
                        .find(self.cx, &path.key("service"), "service", &name)?;
                let kind = self.services.get(index).kind;
                let wanted = if mode == Mode::Rail {
                    ServiceKind::Rail
                } else {
                    ServiceKind::Ferry
                };
                if kind != wanted {
                    return Err(self.err(
                        &path.key("service"),
                        format!("`{name}` is a {kind:?} service, not {wanted:?}").to_lowercase(),
                    ));
                }
                Some(index)
            }
        };
        // Border crossings are links of their own mode in the data (a road
        // bridge at Astara): rail and road legs may use them.
        let request = RouteRequest {
            from: self.network.node(from).id.clone(),
            to: self.network.node(to).id.clone(),
            via: leg.via.clone(),
            avoid: Vec::new(),
            modes: vec![mode],
            vessel: VesselLimits::default(),
            enable: leg.enable.clone(),
        };
        let found = self.network_route(path, &request)?;
        let leg_start = route.steps.len();
        let first_gauge = found.legs.first().and_then(|l| l.gauge_mm);
        self.transship_if_needed(route, at, mode, first_gauge)?;
        self.place(route, from);
        // Split the path at border posts and gauge breaks. A gauge break
        // means another train (a new booking); a border stop does not.
        let mut part_km = 0.0;
        let mut gauge = first_gauge;
        let mut boarding = true;
        for l in &found.legs {
            if l.gauge_mm.is_some() && gauge.is_some() && l.gauge_mm != gauge {
                self.ride(path, mode, service, part_km, boarding, route)?;
                part_km = 0.0;
                boarding = true;
                route
                    .steps
                    .push(self.transshipment_step(Some(l.from_node))?);
                gauge = l.gauge_mm;
            }
            // The post stands where the border is: at the link's start when
            // the crossing is named after its first node (Sarakhs at the
            // start of the 3,800 km ride to Moscow), otherwise at its end.
            let at_start = l.border.as_ref().is_some_and(|border| {
                border
                    .to_lowercase()
                    .starts_with(&self.network.node(l.from_node).id)
            });
            if !at_start {
                part_km += l.distance_km;
            }
            if let Some(border) = &l.border {
                if self.ride(path, mode, service, part_km, boarding, route)? {
                    boarding = false;
                }
                part_km = 0.0;
                let post = self.border_post(path, border)?;
                let rail = mode == Mode::Rail;
                self.check_rail_clearance(path, post, rail)?;
                route.steps.push(Step::Border { post, rail });
                self.place(route, if at_start { l.from_node } else { l.to_node });
            }
            if at_start {
                part_km += l.distance_km;
            }
        }
        self.ride(path, mode, service, part_km, boarding, route)?;
        self.touch_land(route, &found, leg_start, service);
        self.place(route, to);
        route
            .geometry
            .push(found.geometry.points().map(|p| (p.x(), p.y())).collect());
        route.distance_km += found.distance_km;
        at.node = Some(to);
        at.mode = Some(mode);
        at.gauge_mm = found.legs.last().and_then(|l| l.gauge_mm);
        Ok(())
    }

    /// A train may only cross at a post that says how it clears trains.
    fn check_rail_clearance(&self, path: &KeyPath, post: usize, rail: bool) -> VResult<()> {
        let b = self.tables.borders.get(post);
        if rail && b.rail.is_none() {
            return Err(self
                .err(path, format!("the route crosses border post `{}` by rail, and the post has no rail procedure", b.name))
                .with_hint(format!("add rail_tracks, rail_service_h and rail_background_trains_per_day to [borders.{}]", b.name)));
        }
        Ok(())
    }

    /// The border post whose name starts a network border crossing's name.
    fn border_post(&self, path: &KeyPath, crossing: &str) -> VResult<usize> {
        let lower = crossing.to_lowercase();
        let names = self.tables.borders.names();
        if names.failed_names().any(|name| lower.starts_with(name)) {
            return Err(Failure::Dependent);
        }
        names
            .iter()
            .filter(|(name, _)| lower.starts_with(name))
            .max_by_key(|(name, _)| name.len())
            .map(|(_, i)| i)
            .ok_or_else(|| {
                self.err(path, format!("the path crosses the border at {crossing}, and no border post describes it"))
                    .with_hint("add a [borders.<name>] table whose name starts the crossing's name (lanes, service_h, background_per_day)")
            })
    }

    /// One ride of `km` by `mode`: a timetabled service, or a truck. A ride
    /// that boards books a departure and draws the service's delay; one that
    /// continues after a border stop only travels. Returns whether a ride
    /// was added.
    #[allow(clippy::too_many_arguments)]
    fn ride(
        &self,
        path: &KeyPath,
        mode: Mode,
        service: Option<usize>,
        km: f64,
        boarding: bool,
        route: &mut Route,
    ) -> VResult<bool> {
        if km <= 0.0 {
            return Ok(false);
        }
        match (mode, service) {
            (Mode::Road, _) | (_, None) => {
                let r = self.tables.road.ok_or(Failure::Dependent)?;
                let base_h = km / r.km_per_day * 24.0;
                route.steps.push(Step::Road {
                    travel_h: if boarding {
                        r.delay_h.plus(base_h)
                    } else {
                        Dist::fixed(base_h).expect("finite")
                    },
                    distance_km: km,
                    tariff_usd_per_teu: r.tariff_usd_per_teu_km * km,
                    co2_t_per_teu: r.co2_kg_per_teu_km * km / 1000.0,
                });
            }
            (_, Some(index)) => {
                let t = self
                    .services
                    .travel(index)
                    .ok_or_else(|| self.err(path, "internal: service without travel data"))?;
                let base_h = match (t.km_per_day, t.speed_kn) {
                    (Some(k), _) => km / k * 24.0,
                    (None, Some(kn)) => km / network::KM_PER_NM / kn,
                    (None, None) => 0.0,
                };
                route.steps.push(Step::Scheduled {
                    service: index,
                    books: boarding,
                    travel_h: if boarding {
                        t.delay_h.plus(base_h)
                    } else {
                        Dist::fixed(base_h).expect("finite")
                    },
                    distance_km: km,
                    tariff_usd_per_teu: t.tariff_usd_per_teu_km * km + t.tariff_usd_per_teu,
                    co2_t_per_teu: t.co2_kg_per_teu_km * km / 1000.0,
                    winter: if boarding { t.winter.clone() } else { None },
                });
            }
        }
        Ok(true)
    }
}

/// The least time a route can take, hours: its sailing at full speed with
/// no weather, port or land time. A bound, so a warning built on it is
/// never wrong.
fn least_sailing_h(route: &Route) -> f64 {
    route
        .steps
        .iter()
        .map(|step| match step {
            Step::Sail {
                speed_kn, segments, ..
            } => segments.iter().map(|s| s.distance_nm).sum::<f64>() / speed_kn,
            _ => 0.0,
        })
        .sum()
}

/// Warnings for routes some of whose shipments cannot arrive before the
/// horizon even at full speed with no delay (`speed_kn = 0.5` used to run
/// and report 0 arrivals without a word). Each names the route's table.
pub(super) fn arrival_warnings(
    scenario: &crate::model::Scenario,
    layers: &Layers,
) -> Vec<ScenarioError> {
    let d = &scenario.departures;
    let mut warnings = Vec::new();
    for route in &scenario.routes {
        let least_h = least_sailing_h(route);
        let last_h = d.first_h + d.every_h * f64::from(d.count.saturating_sub(1));
        // Departures that leave too late to arrive: those after `latest_h`.
        let latest_h = scenario.horizon_h - least_h;
        if last_h <= latest_h {
            continue;
        }
        let can = if latest_h < d.first_h {
            0
        } else {
            ((latest_h - d.first_h) / d.every_h).floor() as u64 + 1
        };
        let path = KeyPath::root().key("routes").key(&route.id);
        warnings.push(
            layers
                .error_at(
                    &path,
                    format!(
                        "at most {can} of its {} shipments can arrive within the {:.0}-day horizon: its sailing alone takes at least {:.1} days",
                        d.count,
                        scenario.horizon_h / 24.0,
                        least_h / 24.0
                    ),
                )
                .with_hint(
                    "check the legs' speed_kn (knots), or make horizon_days longer; the others are reported in_transit",
                ),
        );
    }
    warnings
}

/// Records that `route` meets `element`, decided at `decision_step` and
/// reached at the last step pushed (or the next one).
fn touch(route: &mut Route, element: String, decision_step: usize, within_step_h: f64) {
    let element_step = route.steps.len().saturating_sub(1).max(decision_step);
    push_touch(route, element, decision_step, element_step, within_step_h);
}

fn push_touch(
    route: &mut Route,
    element: String,
    decision_step: usize,
    element_step: usize,
    within_step_h: f64,
) {
    if !route
        .touches
        .iter()
        .any(|t| t.element == element && t.element_step == element_step)
    {
        route.touches.push(Touch {
            element,
            leg: 0,
            decision_step,
            element_step,
            within_step_h,
        });
    }
}

impl Compiler<'_, '_> {
    /// The port a call is made at, as disruptions name it.
    fn touch_port(&self, route: &mut Route, node: NodeId, decision_step: usize, call_step: usize) {
        let n = self.network.node(node);
        let code = n.locode.clone().unwrap_or_else(|| n.id.clone());
        push_touch(route, format!("port:{code}"), decision_step, call_step, 0.0);
    }

    /// The passages, canals and weather regions of one sailing between two
    /// calls, decided in the port the sailing leaves.
    pub(super) fn touch_sea(
        &self,
        route: &mut Route,
        found: &network::Route,
        first_sail: usize,
        speed: f64,
    ) {
        let mut nm = 0.0;
        for l in &found.legs {
            if let Some(passage) = &l.passage
                && !route.touches.iter().any(|t| {
                    t.element == format!("passage:{passage}") && t.decision_step == first_sail
                })
            {
                push_touch(
                    route,
                    format!("passage:{passage}"),
                    first_sail,
                    first_sail,
                    nm / speed,
                );
            }
            if let Some(region) = &l.region
                && !route.touches.iter().any(|t| {
                    t.element == format!("region:{region}") && t.decision_step == first_sail
                })
            {
                push_touch(
                    route,
                    format!("region:{region}"),
                    first_sail,
                    first_sail,
                    nm / speed,
                );
            }
            nm += l.distance_nm;
        }
        for i in first_sail..route.steps.len() {
            if let Step::Canal { service, .. } = route.steps[i]
                && let Some((passage, _)) = self.services.canal_of(service)
            {
                push_touch(route, format!("canal:{passage}"), first_sail, i, 0.0);
            }
        }
    }

    /// The links, border posts and service of one land leg, decided where
    /// the leg starts.
    fn touch_land(
        &self,
        route: &mut Route,
        found: &network::Route,
        leg_start: usize,
        service: Option<usize>,
    ) {
        for l in &found.legs {
            let edge = self.network.edge(l.edge_id);
            push_touch(
                route,
                format!("link:{}", edge.id),
                leg_start,
                leg_start,
                0.0,
            );
        }
        for i in leg_start..route.steps.len() {
            match route.steps[i] {
                Step::Border { post, .. } => {
                    let name = format!("border:{}", self.tables.borders.get(post).name);
                    push_touch(route, name, leg_start, i, 0.0);
                }
                Step::Scheduled {
                    service: s,
                    books: true,
                    ..
                } if Some(s) == service => {
                    let name = format!("service:{}", self.services.get(s).timetable.name);
                    push_touch(route, name, leg_start, i, 0.0);
                }
                _ => {}
            }
        }
    }
}
