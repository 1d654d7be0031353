//! Routing: shortest paths (A* with a chord lower bound) over the network with restrictions —
//! modes, avoided passages, forced via points, vessel limits (draught,
//! length, ice class and season) and links that must be enabled.
//!
//! Two rules keep routes physical:
//!
//! - a ship does not sail *through* a port: a path may arrive at a port by sea
//!   and leave by land (that is a transshipment), but not arrive and leave by
//!   sea unless the port is the origin or a via point (a call);
//! - vessel limits apply to sea lanes only; a ferry leg is sailed by the
//!   ferry, not by the modelled ship.
//!
//! When the restrictions leave no route, [`NetworkError::NoRoute`] names them
//! and, by relaxing them one at a time, says which one to drop.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use geo::LineString;
use serde::Serialize;

use super::edge::{Edge, EdgeId, IceRegime, Mode};
use super::lookup::{closest, normalise};
use super::node::NodeId;
use super::{KM_PER_NM, Network, NetworkError};

/// A ship's ice class, weakest first.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum IceClass {
    /// No ice strengthening.
    #[default]
    None,
    /// Light ice: Finnish–Swedish 1A–1C, Russian Register Ice1–Ice3.
    Ice1,
    /// Russian Register Arc4–Arc6: the Arctic in summer and autumn.
    Arc4,
    /// Russian Register Arc7 or higher: the Arctic in winter with icebreakers.
    Arc7,
}

impl IceClass {
    /// The name used on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            IceClass::None => "none",
            IceClass::Ice1 => "ice1",
            IceClass::Arc4 => "arc4",
            IceClass::Arc7 => "arc7",
        }
    }
}

/// The season a voyage sails in, for ice.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Season {
    /// The open-water season (roughly May–November).
    #[default]
    Summer,
    /// The ice season (roughly December–April; St Petersburg's icebreaker
    /// season ran 7 Dec – 28 Apr in 2021-22, S79).
    Winter,
}

/// What the modelled ship can do. The default is a ship with no draught or
/// length limit and no ice class, in summer: it cannot use the Northern Sea
/// Route.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct VesselLimits {
    /// Draught, metres.
    pub draft_m: Option<f64>,
    /// Length overall, metres.
    pub length_m: Option<f64>,
    /// Ice class.
    pub ice_class: IceClass,
    /// Season of the voyage.
    pub season: Season,
}

impl VesselLimits {
    /// The ice class a lane's ice regime needs in this season.
    pub fn needed_ice_class(ice: IceRegime, season: Season) -> IceClass {
        match (ice, season) {
            (IceRegime::None | IceRegime::ClosedInWinter, _)
            | (IceRegime::Seasonal, Season::Summer) => IceClass::None,
            (IceRegime::Seasonal, Season::Winter) => IceClass::Ice1,
            // S102: an Ice1 container ship transited the NSR in 2024 (summer).
            (IceRegime::Arctic, Season::Summer) => IceClass::Ice1,
            // S15: all year only with icebreakers.
            (IceRegime::Arctic, Season::Winter) => IceClass::Arc7,
        }
    }

    /// Why this ship cannot sail `edge`, or `None` if it can. Only sea lanes
    /// are checked, including the draught limit of a port at either end.
    pub fn blocks(&self, network: &Network, edge: &Edge) -> Option<String> {
        if edge.mode != Mode::Sea {
            return None;
        }
        // Name the passage (or region) rather than the lane: one reason per
        // strait reads better than one per lane.
        let place = edge
            .passages
            .first()
            .map(String::as_str)
            .or(edge.main_region())
            .unwrap_or(edge.id.as_str());
        if let (Some(draft), Some(max)) = (self.draft_m, edge.max_draft_m)
            && draft > max
        {
            return Some(format!("draught {draft} m > {max} m in {place}"));
        }
        if let Some(draft) = self.draft_m {
            for end in [edge.from, edge.to] {
                let node = network.node(end);
                if let Some(max) = node.defaults.as_ref().and_then(|d| d.max_draft_m)
                    && draft > max
                {
                    return Some(format!("draught {draft} m > {max} m at {}", node.name));
                }
            }
        }
        if let (Some(length), Some(max)) = (self.length_m, edge.max_length_m)
            && length > max
        {
            return Some(format!("length {length} m > {max} m in {place}"));
        }
        if edge.ice == IceRegime::ClosedInWinter && self.season == Season::Winter {
            return Some(format!(
                "{place} is closed to navigation in winter (ice, about December to April)"
            ));
        }
        let needed = Self::needed_ice_class(edge.ice, self.season);
        if self.ice_class < needed {
            let season = match self.season {
                Season::Summer => "summer",
                Season::Winter => "winter",
            };
            return Some(format!(
                "{place} needs ice class {} or better in {season} (ship: {})",
                needed.as_str(),
                self.ice_class.as_str()
            ));
        }
        None
    }

    fn validate(&self) -> Result<(), NetworkError> {
        for (what, value) in [("draught", self.draft_m), ("length", self.length_m)] {
            if let Some(v) = value
                && !(v.is_finite() && v > 0.0)
            {
                return Err(NetworkError::InvalidLimit(format!(
                    "{what} must be a positive number of metres, got {v}"
                )));
            }
        }
        Ok(())
    }

    fn is_default(&self) -> bool {
        *self == VesselLimits::default()
    }
}

/// A routing request. Names are resolved with [`Network::resolve`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RouteRequest {
    /// Origin: UN/LOCODE, id or name.
    pub from: String,
    /// Destination.
    pub to: String,
    /// Points to pass, in order (ports or waypoints).
    pub via: Vec<String>,
    /// Passages to avoid (`suez`, `cape`, …; see [`Network::passages`]),
    /// or other elements written `KIND:NAME`: `passage:NAME`, `port:NAME`
    /// (every link at the port), `border:NAME` (links crossing a border
    /// whose name starts with NAME), `link:ID` and `region:NAME` (lanes
    /// and ferries through the sea region), as disruptions name them.
    pub avoid: Vec<String>,
    /// Modes the route may use; empty means sea only.
    pub modes: Vec<Mode>,
    /// The modelled ship.
    pub vessel: VesselLimits,
    /// Links disabled by default to enable (`rasht-astara-rail`).
    pub enable: Vec<String>,
}

impl RouteRequest {
    /// A sea-only request with no other restriction.
    pub fn sea(from: &str, to: &str) -> RouteRequest {
        RouteRequest {
            from: from.to_string(),
            to: to.to_string(),
            ..RouteRequest::default()
        }
    }

    /// The same request with other modes.
    pub fn with_modes(mut self, modes: &[Mode]) -> RouteRequest {
        self.modes = modes.to_vec();
        self
    }

    /// The same request avoiding these passages.
    pub fn avoiding(mut self, passages: &[&str]) -> RouteRequest {
        self.avoid = passages.iter().map(|p| p.to_string()).collect();
        self
    }

    /// The same request through these points.
    pub fn via(mut self, points: &[&str]) -> RouteRequest {
        self.via = points.iter().map(|p| p.to_string()).collect();
        self
    }
}

/// One edge of a route, in travel direction.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Leg {
    /// The edge id (`dondra--galle-s`, `moscow-vladivostok-rail`).
    pub edge: String,
    /// Start node id.
    pub from: String,
    /// Start node name.
    pub from_name: String,
    /// End node id.
    pub to: String,
    /// End node name.
    pub to_name: String,
    /// Mode.
    pub mode: Mode,
    /// Length, kilometres.
    pub distance_km: f64,
    /// Length, nautical miles.
    pub distance_nm: f64,
    /// The passage(s) the edge belongs to, joined with `, `.
    pub passage: Option<String>,
    /// The main sea region crossed.
    pub region: Option<String>,
    /// Rail gauge, millimetres.
    pub gauge_mm: Option<u32>,
    /// Border crossing on this leg.
    pub border: Option<String>,
    /// The edge in the network.
    #[serde(skip)]
    pub edge_id: EdgeId,
    /// True when the leg runs the edge from its `to` end to its `from` end.
    #[serde(skip)]
    pub reversed: bool,
    /// Start node.
    #[serde(skip)]
    pub from_node: NodeId,
    /// End node.
    #[serde(skip)]
    pub to_node: NodeId,
}

/// Distance sailed in one sea region.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RegionDistance {
    /// Region name (`bay-of-bengal`, `caspian-south`, …).
    pub region: String,
    /// Kilometres in the region.
    pub distance_km: f64,
    /// Nautical miles in the region.
    pub distance_nm: f64,
}

/// A place where cargo changes mode or rail gauge.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Transshipment {
    /// Node id.
    pub at: String,
    /// Node name.
    pub at_name: String,
    /// Mode arriving.
    pub from_mode: Mode,
    /// Mode leaving.
    pub to_mode: Mode,
    /// Gauge arriving (rail), millimetres.
    pub from_gauge_mm: Option<u32>,
    /// Gauge leaving (rail), millimetres.
    pub to_gauge_mm: Option<u32>,
}

/// A route: legs in order with totals, passages, regions and geometry.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Route {
    /// Origin id.
    pub from: String,
    /// Origin name.
    pub from_name: String,
    /// Destination id.
    pub to: String,
    /// Destination name.
    pub to_name: String,
    /// Via point ids, in order.
    pub via: Vec<String>,
    /// Total length, kilometres.
    pub distance_km: f64,
    /// Total length, nautical miles.
    pub distance_nm: f64,
    /// Passages crossed, in order of first crossing.
    pub passages: Vec<String>,
    /// Distance in each sea region, in order of first entry.
    pub regions: Vec<RegionDistance>,
    /// Border crossings, in order.
    pub border_crossings: Vec<String>,
    /// Changes of mode or gauge, in order.
    pub transshipments: Vec<Transshipment>,
    /// The legs.
    pub legs: Vec<Leg>,
    /// Origin node.
    #[serde(skip)]
    pub from_node: NodeId,
    /// Destination node.
    #[serde(skip)]
    pub to_node: NodeId,
    /// Via nodes.
    #[serde(skip)]
    pub via_nodes: Vec<NodeId>,
    /// The whole route as `(lon, lat)` coordinates, densified along geodesics.
    /// Longitudes stay in [-180, 180], so a route across 180° jumps there; use
    /// [`geometry::split_antimeridian`](super::geometry::split_antimeridian)
    /// (as the GeoJSON export does) to draw it.
    #[serde(skip)]
    pub geometry: LineString<f64>,
}

impl Route {
    /// Days to cover the whole distance at `speed_kn` knots.
    pub fn days_at(&self, speed_kn: f64) -> f64 {
        self.distance_nm / speed_kn / 24.0
    }

    /// Nautical miles on water (sea and ferry legs).
    pub fn water_nm(&self) -> f64 {
        self.legs
            .iter()
            .filter(|l| l.mode.is_water())
            .fold(0.0, |sum, l| sum + l.distance_nm)
    }

    /// The modes used, in order of first use.
    pub fn modes(&self) -> Vec<Mode> {
        let mut modes = Vec::new();
        for leg in &self.legs {
            if !modes.contains(&leg.mode) {
                modes.push(leg.mode);
            }
        }
        modes
    }

    /// The route as a GeoJSON FeatureCollection (see
    /// [`geometry::route_geojson`](super::geometry::route_geojson)).
    pub fn geojson(&self, network: &Network) -> serde_json::Value {
        super::geometry::route_geojson(network, self)
    }
}

fn dedup_keep_order(items: &mut Vec<String>) {
    let mut seen = std::collections::HashSet::new();
    items.retain(|item| seen.insert(item.clone()));
}

/// One step of a path: an edge and its direction.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Step {
    pub(crate) edge: EdgeId,
    pub(crate) reversed: bool,
}

/// A shortest path.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Path {
    pub(crate) steps: Vec<Step>,
}

/// Which edges a search may use.
#[derive(Debug, Clone)]
pub(crate) struct Filter {
    allowed: Vec<bool>,
}

impl Filter {
    /// Every sea lane, nothing else, no limits.
    pub(crate) fn sea_only(network: &Network) -> Filter {
        Filter {
            allowed: network
                .edges()
                .iter()
                .map(|e| e.mode == Mode::Sea)
                .collect(),
        }
    }
}

/// The resolved restrictions of a request.
#[derive(Debug, Clone, PartialEq)]
struct Restrictions {
    modes: Vec<Mode>,
    avoid: Vec<String>,
    /// Elements avoided other than passages, as written (for messages).
    avoid_elements: Vec<String>,
    /// Per edge: closed by an avoided element or the caller's rule.
    closed: Vec<bool>,
    vessel: VesselLimits,
    enable: Vec<EdgeId>,
}

impl Restrictions {
    fn filter(&self, network: &Network) -> Filter {
        let allowed = network
            .edges()
            .iter()
            .enumerate()
            .map(|(i, edge)| {
                self.modes.contains(&edge.mode)
                    && (edge.enabled_by_default || self.enable.contains(&EdgeId(i as u32)))
                    && !edge.passages.iter().any(|p| self.avoid.contains(p))
                    && !self.closed.get(i).copied().unwrap_or(false)
                    && self.vessel.blocks(network, edge).is_none()
            })
            .collect();
        Filter { allowed }
    }

    fn describe(&self, network: &Network) -> String {
        let modes: Vec<&str> = self.modes.iter().map(|m| m.as_str()).collect();
        let mut text = format!("by {}", modes.join(", "));
        let avoided: Vec<&str> = self
            .avoid
            .iter()
            .chain(&self.avoid_elements)
            .map(String::as_str)
            .collect();
        if !avoided.is_empty() {
            text.push_str(&format!(", avoiding {}", avoided.join(", ")));
        }
        let v = &self.vessel;
        if let Some(d) = v.draft_m {
            text.push_str(&format!(", draught {d} m"));
        }
        if let Some(l) = v.length_m {
            text.push_str(&format!(", length {l} m"));
        }
        let season = match v.season {
            Season::Summer => "summer",
            Season::Winter => "winter",
        };
        text.push_str(&format!(", ice class {} in {season}", v.ice_class.as_str()));
        if !self.enable.is_empty() {
            let names: Vec<&str> = self
                .enable
                .iter()
                .map(|&e| network.edge(e).id.as_str())
                .collect();
            text.push_str(&format!(", with {} enabled", names.join(", ")));
        }
        text
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
struct Queued {
    /// Estimated total: distance so far plus the lower bound to the target.
    km: f64,
    /// Distance so far (a stale entry has more than the state's best).
    so_far: f64,
    state: usize,
}

impl Eq for Queued {}

impl Ord for Queued {
    fn cmp(&self, other: &Self) -> Ordering {
        // Min-heap on distance; ties broken by state index so the result does
        // not depend on the heap's internal order.
        other
            .km
            .total_cmp(&self.km)
            .then_with(|| other.state.cmp(&self.state))
    }
}

impl PartialOrd for Queued {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// A lower bound on the path length from any node to one target, km: the
/// straight chord through the Earth between the two points on a sphere of
/// the Earth's mean radius, less 1 %. The chord is shorter than the
/// great-circle arc, every edge is at least as long as the WGS84 geodesic
/// between its ends (sea lanes are geodesics; land links are checked on
/// load, and so are a scenario's own), and the sphere is within 0.6 % of the
/// ellipsoid, so the bound never overestimates and A* returns the path
/// Dijkstra would. The chord costs a square root, no trigonometry, per node.
struct LowerBound {
    target: [f64; 3],
}

impl LowerBound {
    const SCALE_KM: f64 = 0.99 * 6_371.008_8; // 1 % under the IUGG mean Earth radius

    fn unit(network: &Network, node: NodeId) -> [f64; 3] {
        let n = network.node(node);
        let (lat, lon) = (n.lat.to_radians(), n.lon.to_radians());
        [lat.cos() * lon.cos(), lat.cos() * lon.sin(), lat.sin()]
    }

    fn to(network: &Network, target: NodeId) -> LowerBound {
        LowerBound {
            target: Self::unit(network, target),
        }
    }

    fn km(&self, network: &Network, node: NodeId) -> f64 {
        let p = network.unit_vectors[node.index()];
        let d = [
            p[0] - self.target[0],
            p[1] - self.target[1],
            p[2] - self.target[2],
        ];
        Self::SCALE_KM * (d[0] * d[0] + d[1] * d[1] + d[2] * d[2]).sqrt()
    }
}

/// Unit vectors of every node, for [`LowerBound`].
pub(crate) fn unit_vectors(network: &Network) -> Vec<[f64; 3]> {
    (0..network.nodes().len())
        .map(|i| LowerBound::unit(network, NodeId(i as u32)))
        .collect()
}

/// A* from `from` to `to` over the allowed edges, with the chord lower
/// bound as heuristic (see [`LowerBound`]). The state is the node and
/// whether the last edge was a sea lane, so that a ship cannot sail through
/// a port (see the module docs).
pub(crate) fn shortest(
    network: &Network,
    from: NodeId,
    to: NodeId,
    filter: &Filter,
) -> Option<Path> {
    if from == to {
        return Some(Path { steps: Vec::new() });
    }
    let bound = LowerBound::to(network, to);
    let n = network.nodes().len() * 2;
    let mut dist = vec![f64::INFINITY; n];
    let mut prev: Vec<Option<(usize, Step)>> = vec![None; n];
    let mut heap = BinaryHeap::new();
    let start = from.index() * 2;
    dist[start] = 0.0;
    heap.push(Queued {
        km: bound.km(network, from),
        so_far: 0.0,
        state: start,
    });
    while let Some(Queued {
        so_far: km, state, ..
    }) = heap.pop()
    {
        if km > dist[state] {
            continue; // a stale entry: the state was reached shorter since
        }
        let node = NodeId((state / 2) as u32);
        let by_sea = state % 2 == 1;
        if node == to {
            let mut steps = Vec::new();
            let mut s = state;
            while let Some((p, step)) = prev[s] {
                steps.push(step);
                s = p;
            }
            steps.reverse();
            return Some(Path { steps });
        }
        let can_sail_on = !by_sea || node == from || network.node(node).is_waypoint();
        for &edge_id in network.edges_at(node) {
            if !filter.allowed[edge_id.index()] {
                continue;
            }
            let edge = network.edge(edge_id);
            if edge.mode == Mode::Sea && !can_sail_on {
                continue;
            }
            let next = edge.other(node);
            let next_state = next.index() * 2 + usize::from(edge.mode == Mode::Sea);
            let next_km = km + edge.distance_km;
            if next_km < dist[next_state] {
                dist[next_state] = next_km;
                prev[next_state] = Some((
                    state,
                    Step {
                        edge: edge_id,
                        reversed: edge.from != node,
                    },
                ));
                heap.push(Queued {
                    km: next_km + bound.km(network, next),
                    so_far: next_km,
                    state: next_state,
                });
            }
        }
    }
    None
}

impl Network {
    /// The shortest route for a request.
    ///
    /// # Errors
    ///
    /// [`NetworkError::UnknownPort`], `AmbiguousPort`, `UnknownPassage`,
    /// `UnknownEdge` or `InvalidLimit` for bad names or limits;
    /// [`NetworkError::NoRoute`] when the restrictions leave no route (never a
    /// route that ignores a restriction).
    pub fn route(&self, request: &RouteRequest) -> Result<Route, NetworkError> {
        self.route_with(request, &|_| true)
    }

    /// Like [`route`](Self::route), using only the edges `allow` accepts as
    /// well (a scenario's re-routing uses rail and ferry links only where
    /// one of its services runs).
    ///
    /// # Errors
    ///
    /// As [`route`](Self::route).
    pub fn route_with(
        &self,
        request: &RouteRequest,
        allow: &dyn Fn(&Edge) -> bool,
    ) -> Result<Route, NetworkError> {
        let from = self.resolve(&request.from)?;
        let to = self.resolve(&request.to)?;
        let via = request
            .via
            .iter()
            .map(|v| self.resolve(v))
            .collect::<Result<Vec<_>, _>>()?;
        let mut restrictions = self.restrictions(request)?;
        for (closed, edge) in restrictions.closed.iter_mut().zip(self.edges()) {
            *closed = *closed || !allow(edge);
        }
        let filter = restrictions.filter(self);

        let mut stops = vec![from];
        stops.extend(via.iter().copied());
        stops.push(to);
        let mut steps = Vec::new();
        for pair in stops.windows(2) {
            match shortest(self, pair[0], pair[1], &filter) {
                Some(path) => steps.extend(path.steps),
                None => return Err(self.no_route(pair[0], pair[1], &restrictions)),
            }
        }
        Ok(self.assemble_route(from, to, via, &steps))
    }

    fn restrictions(&self, request: &RouteRequest) -> Result<Restrictions, NetworkError> {
        let mut modes = if request.modes.is_empty() {
            vec![Mode::Sea]
        } else {
            request.modes.clone()
        };
        modes.sort();
        modes.dedup();
        let mut avoid = Vec::new();
        let mut avoid_elements = Vec::new();
        let mut closed = vec![false; self.edges().len()];
        for name in &request.avoid {
            if let Some((kind, element)) = name.split_once(':')
                && kind != "passage"
                && kind != "canal"
            {
                self.close_element(kind, element, &mut closed)?;
                avoid_elements.push(name.clone());
                continue;
            }
            let name = name
                .strip_prefix("passage:")
                .or_else(|| name.strip_prefix("canal:"))
                .unwrap_or(name);
            let key = normalise(name).replace(' ', "-");
            match self.passages().iter().find(|p| **p == key) {
                Some(p) => avoid.push(p.clone()),
                None => {
                    return Err(NetworkError::UnknownPassage {
                        name: name.to_string(),
                        suggestions: closest(name, self.passages()),
                        known: self.passages().to_vec(),
                    });
                }
            }
        }
        avoid.sort();
        avoid.dedup();
        request.vessel.validate()?;
        let mut enable = Vec::new();
        for name in &request.enable {
            match self.edge_by_name(name) {
                Some(id) => enable.push(id),
                None => {
                    let disabled: Vec<String> = self
                        .edges()
                        .iter()
                        .filter(|e| !e.enabled_by_default)
                        .map(|e| e.id.clone())
                        .collect();
                    return Err(NetworkError::UnknownEdge {
                        name: name.clone(),
                        suggestions: if disabled.is_empty() {
                            Vec::new()
                        } else {
                            let near = closest(name, &disabled);
                            if near.is_empty() { disabled } else { near }
                        },
                    });
                }
            }
        }
        Ok(Restrictions {
            modes,
            avoid,
            avoid_elements,
            closed,
            vessel: request.vessel,
            enable,
        })
    }

    /// Closes the edges of one avoided element (`port`, `border`, `link` or
    /// `region` and its name), or says which names that kind takes.
    fn close_element(
        &self,
        kind: &str,
        name: &str,
        closed: &mut [bool],
    ) -> Result<(), NetworkError> {
        let lower = name.to_lowercase();
        let mut any = false;
        match kind {
            "port" => {
                let node = match self.resolve(name) {
                    Ok(node) => node,
                    // `port:astara`: two places; the message lists them.
                    Err(e @ NetworkError::AmbiguousPort { .. }) => return Err(e),
                    Err(_) => return Err(self.unknown_element(kind, name)),
                };
                for &e in self.edges_at(node) {
                    closed[e.index()] = true;
                    any = true;
                }
            }
            "link" => {
                let e = self
                    .edge_by_name(name)
                    .ok_or_else(|| self.unknown_element(kind, name))?;
                closed[e.index()] = true;
                any = true;
            }
            "border" | "region" => {
                for (i, edge) in self.edges().iter().enumerate() {
                    let hit = if kind == "border" {
                        edge.border
                            .as_ref()
                            .is_some_and(|b| b.to_lowercase().starts_with(&lower))
                    } else {
                        edge.regions.iter().any(|(r, _)| *r == lower)
                    };
                    if hit {
                        closed[i] = true;
                        any = true;
                    }
                }
            }
            _ => {}
        }
        if any {
            return Ok(());
        }
        Err(self.unknown_element(kind, name))
    }

    fn unknown_element(&self, kind: &str, name: &str) -> NetworkError {
        NetworkError::UnknownElement {
            kind: kind.to_string(),
            name: name.to_string(),
            known: self.avoid_names(kind),
        }
    }

    /// The valid names of one kind of element to avoid (without the
    /// `KIND:`), sorted; for a kind the network does not know, the valid
    /// `KIND:NAME` forms.
    pub fn avoid_names(&self, kind: &str) -> Vec<String> {
        let mut known: Vec<String> = match kind {
            "passage" | "canal" => self.passages().to_vec(),
            "border" => self
                .edges()
                .iter()
                .filter_map(|e| e.border.as_ref())
                .map(|b| b.split([' ', '-']).next().unwrap_or(b).to_lowercase())
                .collect(),
            "region" => self
                .edges()
                .iter()
                .flat_map(|e| e.regions.iter().map(|(r, _)| r.clone()))
                .collect(),
            "link" => self.edges().iter().map(|e| e.id.clone()).collect(),
            "port" => self
                .nodes()
                .iter()
                .filter(|n| n.kind != super::NodeKind::Waypoint)
                .map(|n| n.id.clone())
                .collect(),
            _ => super::AVOID_KINDS
                .iter()
                .map(|k| format!("{k}:NAME"))
                .collect(),
        };
        known.sort();
        known.dedup();
        known
    }

    /// Builds the `NoRoute` error, with a hint found by relaxing one
    /// restriction at a time.
    fn no_route(&self, from: NodeId, to: NodeId, r: &Restrictions) -> NetworkError {
        let try_with = |relaxed: &Restrictions| shortest(self, from, to, &relaxed.filter(self));
        let edges_of =
            |path: &Path| -> Vec<&Edge> { path.steps.iter().map(|s| self.edge(s.edge)).collect() };
        let mut hint = None;

        if !r.avoid.is_empty() {
            let relaxed = Restrictions {
                avoid: Vec::new(),
                avoid_elements: Vec::new(),
                closed: Vec::new(),
                ..r.clone()
            };
            if let Some(path) = try_with(&relaxed) {
                let mut used: Vec<String> = edges_of(&path)
                    .iter()
                    .flat_map(|e| e.passages.iter())
                    .filter(|p| r.avoid.contains(p))
                    .cloned()
                    .collect();
                used.dedup();
                hint = Some(format!(
                    "every such route passes through an avoided passage ({}); drop --avoid {}",
                    used.join(", "),
                    used.join(" --avoid ")
                ));
            }
        }
        if hint.is_none() && !r.vessel.is_default() {
            let relaxed = Restrictions {
                vessel: VesselLimits::default(),
                ..r.clone()
            };
            if let Some(path) = try_with(&relaxed) {
                let mut reasons: Vec<String> = edges_of(&path)
                    .iter()
                    .filter_map(|e| r.vessel.blocks(self, e))
                    .collect();
                dedup_keep_order(&mut reasons);
                reasons.truncate(3);
                hint = Some(format!(
                    "the vessel limits block it: {}",
                    reasons.join("; ")
                ));
            }
        }
        if hint.is_none() && r.vessel.ice_class < IceClass::Arc7 {
            // The default ship has no ice class, so the NSR is closed to it.
            let relaxed = Restrictions {
                vessel: VesselLimits {
                    ice_class: IceClass::Arc7,
                    ..r.vessel
                },
                ..r.clone()
            };
            if let Some(path) = try_with(&relaxed) {
                let mut reasons: Vec<String> = edges_of(&path)
                    .iter()
                    .filter_map(|e| r.vessel.blocks(self, e))
                    .collect();
                dedup_keep_order(&mut reasons);
                reasons.truncate(1);
                hint = Some(format!(
                    "a route exists for an ice-class ship: {} (set --ice-class)",
                    reasons.join("; ")
                ));
            }
        }
        if hint.is_none() && r.modes.len() < Mode::ALL.len() {
            let relaxed = Restrictions {
                modes: Mode::ALL.to_vec(),
                ..r.clone()
            };
            if let Some(path) = try_with(&relaxed) {
                let mut extra: Vec<&str> = edges_of(&path)
                    .iter()
                    .map(|e| e.mode)
                    .filter(|m| !r.modes.contains(m))
                    .map(Mode::as_str)
                    .collect();
                extra.sort();
                extra.dedup();
                let water_body = if r.modes == [Mode::Sea]
                    && (self.node(from).kind == super::NodeKind::Caspian
                        || self.node(to).kind == super::NodeKind::Caspian
                        || self.node(from).kind == super::NodeKind::River
                        || self.node(to).kind == super::NodeKind::River)
                {
                    " (the Caspian is joined to the ocean by land, and by the Volga–Don only for river-sea ships)"
                } else {
                    ""
                };
                // The whole set, not only what is missing: `--mode` flags
                // replace the default (sea), so "add --mode rail" alone
                // would drop the sea and fail again.
                let all: Vec<&str> = r.modes.iter().map(|m| m.as_str()).chain(extra).collect();
                hint = Some(format!(
                    "a route exists with more modes{water_body}: use --mode {}",
                    all.join(" --mode ")
                ));
            }
        }
        if hint.is_none() {
            let disabled: Vec<EdgeId> = (0..self.edges().len())
                .map(|i| EdgeId(i as u32))
                .filter(|&e| !self.edge(e).enabled_by_default && !r.enable.contains(&e))
                .collect();
            if !disabled.is_empty() {
                let mut enable = r.enable.clone();
                enable.extend(disabled.iter().copied());
                let relaxed = Restrictions {
                    enable,
                    ..r.clone()
                };
                if let Some(path) = try_with(&relaxed) {
                    let needed: Vec<&str> = path
                        .steps
                        .iter()
                        .filter(|s| disabled.contains(&s.edge))
                        .map(|s| self.edge(s.edge).id.as_str())
                        .collect();
                    hint = Some(format!(
                        "it needs a link that is disabled by default: enable {}",
                        needed.join(", ")
                    ));
                }
            }
        }
        if hint.is_none() {
            hint = Some(
                "no combination of the restrictions gives one: the places are not connected"
                    .to_string(),
            );
        }
        NetworkError::NoRoute {
            from: self.node(from).label(),
            to: self.node(to).label(),
            restrictions: r.describe(self),
            hint,
        }
    }

    fn assemble_route(&self, from: NodeId, to: NodeId, via: Vec<NodeId>, steps: &[Step]) -> Route {
        let mut legs = Vec::with_capacity(steps.len());
        let mut coords: Vec<geo::Coord<f64>> = Vec::new();
        let mut passages: Vec<String> = Vec::new();
        let mut regions: Vec<RegionDistance> = Vec::new();
        let mut borders = Vec::new();
        let mut transshipments = Vec::new();
        let mut total_km = 0.0;
        for (i, step) in steps.iter().enumerate() {
            let edge = self.edge(step.edge);
            let (a, b) = if step.reversed {
                (edge.to, edge.from)
            } else {
                (edge.from, edge.to)
            };
            let (na, nb) = (self.node(a), self.node(b));
            total_km += edge.distance_km;
            for p in &edge.passages {
                if !passages.contains(p) {
                    passages.push(p.clone());
                }
            }
            for (region, km) in &edge.regions {
                match regions.iter_mut().find(|r| &r.region == region) {
                    Some(r) => {
                        r.distance_km += km;
                        r.distance_nm = r.distance_km / KM_PER_NM;
                    }
                    None => regions.push(RegionDistance {
                        region: region.clone(),
                        distance_km: *km,
                        distance_nm: km / KM_PER_NM,
                    }),
                }
            }
            if let Some(border) = &edge.border {
                borders.push(border.clone());
            }
            if i > 0 {
                let before = self.edge(steps[i - 1].edge);
                let gauge_break = before.mode == Mode::Rail
                    && edge.mode == Mode::Rail
                    && before.gauge_mm != edge.gauge_mm;
                if before.mode != edge.mode || gauge_break {
                    transshipments.push(Transshipment {
                        at: na.id.clone(),
                        at_name: na.name.clone(),
                        from_mode: before.mode,
                        to_mode: edge.mode,
                        from_gauge_mm: before.gauge_mm,
                        to_gauge_mm: edge.gauge_mm,
                    });
                }
            }
            let mut part = edge.geometry.clone();
            if step.reversed {
                part.reverse();
            }
            let skip = usize::from(!coords.is_empty());
            coords.extend(
                part.into_iter()
                    .skip(skip)
                    .map(|p| geo::Coord { x: p[0], y: p[1] }),
            );
            legs.push(Leg {
                edge: edge.id.clone(),
                from: na.id.clone(),
                from_name: na.name.clone(),
                to: nb.id.clone(),
                to_name: nb.name.clone(),
                mode: edge.mode,
                distance_km: edge.distance_km,
                distance_nm: edge.distance_nm(),
                passage: (!edge.passages.is_empty()).then(|| edge.passages.join(", ")),
                region: edge.main_region().map(String::from),
                gauge_mm: edge.gauge_mm,
                border: edge.border.clone(),
                edge_id: step.edge,
                reversed: step.reversed,
                from_node: a,
                to_node: b,
            });
        }
        let (f, t) = (self.node(from), self.node(to));
        Route {
            from: f.id.clone(),
            from_name: f.name.clone(),
            to: t.id.clone(),
            to_name: t.name.clone(),
            via: via.iter().map(|&v| self.node(v).id.clone()).collect(),
            distance_km: total_km,
            distance_nm: total_km / KM_PER_NM,
            passages,
            regions,
            border_crossings: borders,
            transshipments,
            legs,
            from_node: from,
            to_node: to,
            via_nodes: via,
            geometry: LineString::new(coords),
        }
    }
}
