//! Places and links of the user's own: a planned terminal, a dry port, a new
//! rail link. [`Network::with_additions`] returns a copy of a network with
//! them added; a new port joins the sea network automatically (the nearest
//! open-sea node whose connector does not cross land, Caspian and river
//! ports the Caspian overlay), and the new places route like built-in ones.

use std::collections::HashSet;

use super::edge::{Edge, EdgeKind, IceRegime, Mode};
use super::geometry::{densify_path, geodesic_km};
use super::land::{LandIndex, LandMask};
use super::load::sea_edge;
use super::node::{Node, NodeId, NodeKind, Prominence};
use super::{Network, NetworkError};

/// A place to add.
#[derive(Debug, Clone, PartialEq)]
pub struct NewNode {
    /// Id, unique in the network (`chennai-north`).
    pub id: String,
    /// Display name (the id if the user gave none).
    pub name: String,
    /// What it is; a sea, Caspian or river port joins the water network.
    pub kind: NodeKind,
    /// Latitude, degrees north.
    pub lat: f64,
    /// Longitude, degrees east.
    pub lon: f64,
    /// UN/LOCODE, if it has one.
    pub locode: Option<String>,
    /// Other names.
    pub aliases: Vec<String>,
    /// The port class whose defaults it takes (`terminal` or `port`, see
    /// `port_classes.csv`); `None` for no defaults (land nodes, or a port
    /// whose scenario gives `[ports.ID]` in full).
    pub class: Option<String>,
}

/// A rail or road link to add.
#[derive(Debug, Clone, PartialEq)]
pub struct NewLink {
    /// Id, unique among the edges (`chennai-north-rail`).
    pub id: String,
    /// One end: a new node's id or any known name.
    pub from: String,
    /// The other end.
    pub to: String,
    /// Rail or road.
    pub mode: Mode,
    /// Length, km (at least the geodesic between the ends).
    pub km: f64,
    /// Rail gauge, mm (rail only, required).
    pub gauge_mm: Option<u32>,
    /// The border crossed on the link, if any.
    pub border: Option<String>,
    /// False for a link a route must enable by name.
    pub enabled: bool,
}

/// Which addition is wrong and why.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{message}")]
pub struct AdditionError {
    /// `nodes` or `links`.
    pub table: &'static str,
    /// The node or link id.
    pub id: String,
    /// The field at fault (`lat`, `from`, `km`, …), if one is.
    pub field: Option<&'static str>,
    /// What is wrong.
    pub message: String,
}

/// Land a new port's approach may cross beyond its own shore, km: none,
/// bar the rounding margin the conversion allows the world ports
/// (make_marnet.py), so a scenario's port never joins the lanes across land.
const APPROACH_LAND_KM: f64 = 0.1;

/// The most land between a new port and the water that still counts as
/// its own shore, km. EST: Natural Earth's 1:110m coastline is generalised
/// by several km, so a quay can sit that far "inland" on the mask; a port
/// further from the mask's water is not on the sea.
const OWN_SHORE_KM: f64 = 10.0;

/// Candidates tried for a new port's approach, nearest first.
const APPROACH_CANDIDATES: usize = 12;

impl Network {
    /// This network with `nodes` and `links` added.
    ///
    /// # Errors
    ///
    /// An [`AdditionError`] naming the node or link: an id already taken, a
    /// position off the globe, an unknown or ambiguous end, a link shorter
    /// than the geodesic between its ends, rail without a gauge.
    pub fn with_additions(
        &self,
        nodes: &[NewNode],
        links: &[NewLink],
    ) -> Result<Network, AdditionError> {
        let mut network = self.clone();
        let mut taken: HashSet<&str> = self.nodes().iter().map(|n| n.id.as_str()).collect();
        let node_err = |id: &str, field: Option<&'static str>, message: String| AdditionError {
            table: "nodes",
            id: id.to_string(),
            field,
            message,
        };
        let mut added = Vec::new();
        for node in nodes {
            if !taken.insert(node.id.as_str()) {
                return Err(node_err(
                    &node.id,
                    None,
                    format!("`{}` is already a node of the network", node.id),
                ));
            }
            if !(node.lat.is_finite() && (-90.0..=90.0).contains(&node.lat)) {
                return Err(node_err(
                    &node.id,
                    Some("lat"),
                    format!("latitude {} is outside [-90, 90]", node.lat),
                ));
            }
            if !(node.lon.is_finite() && (-180.0..=180.0).contains(&node.lon)) {
                return Err(node_err(
                    &node.id,
                    Some("lon"),
                    format!("longitude {} is outside [-180, 180]", node.lon),
                ));
            }
            let defaults = match &node.class {
                None => None,
                Some(class) => Some(self.port_classes.get(class).cloned().ok_or_else(|| {
                    let mut known: Vec<&str> =
                        self.port_classes.keys().map(String::as_str).collect();
                    known.sort();
                    node_err(
                        &node.id,
                        Some("class"),
                        format!("unknown port class `{class}`; known: {}", known.join(", ")),
                    )
                })?),
            };
            if node.kind == NodeKind::Waypoint {
                return Err(node_err(
                    &node.id,
                    Some("kind"),
                    "a scenario adds places, not waypoints".to_string(),
                ));
            }
            added.push(Node {
                id: node.id.clone(),
                locode: node.locode.as_ref().map(|c| c.to_uppercase()),
                name: node.name.clone(),
                aliases: node.aliases.clone(),
                country: node
                    .locode
                    .as_ref()
                    .map(|c| c[..2.min(c.len())].to_uppercase()),
                lat: node.lat,
                lon: node.lon,
                kind: node.kind,
                prominence: Prominence::Curated,
                defaults,
                source: "the scenario's [nodes]".to_string(),
            });
        }
        let first_new = network.nodes().len();
        network.rebuild_with(added, Vec::new());

        // Approaches for the new ports.
        let mut edges = Vec::new();
        let land = (nodes.iter().any(|n| n.kind == NodeKind::Sea))
            .then(|| LandIndex::new(&LandMask::builtin()));
        for i in first_new..network.nodes().len() {
            let id = NodeId(i as u32);
            let node = network.node(id);
            let target = match node.kind {
                NodeKind::Sea => {
                    let land = land.as_ref().expect("built when a sea port is added");
                    match network.sea_approach(node, land) {
                        Ok(target) => Some(target),
                        Err(crossing_km) => {
                            return Err(node_err(
                                &node.id,
                                Some("lat"),
                                format!(
                                    "no sea lane near this port is reachable without crossing land (the nearest approach crosses {crossing_km:.0} km of land); place the port at the water's edge, or give it kind = \"river-port\" or \"dry-port\" with a land link"
                                ),
                            ));
                        }
                    }
                }
                NodeKind::Caspian | NodeKind::River => network
                    .caspian_grid
                    .nearest([node.lon, node.lat])
                    .map(|(k, _)| network.caspian_grid_nodes[k]),
                _ => None,
            };
            if let Some(target) = target {
                edges.push(sea_edge(
                    network.nodes(),
                    &network.overlay,
                    id,
                    target,
                    "",
                    EdgeKind::Approach,
                    "approach: the scenario's port to its nearest network node; length: geodesic",
                ));
            }
        }

        let link_err = |id: &str, field: Option<&'static str>, message: String| AdditionError {
            table: "links",
            id: id.to_string(),
            field,
            message,
        };
        let mut edge_ids: HashSet<String> = network
            .edges()
            .iter()
            .map(|e| e.id.to_lowercase())
            .collect();
        for link in links {
            if !edge_ids.insert(link.id.to_lowercase()) {
                return Err(link_err(
                    &link.id,
                    None,
                    format!("`{}` is already a link of the network", link.id),
                ));
            }
            let end = |field: &'static str, name: &str| {
                network
                    .resolve(name)
                    .map_err(|e: NetworkError| link_err(&link.id, Some(field), e.to_string()))
            };
            let (from, to) = (end("from", &link.from)?, end("to", &link.to)?);
            if from == to {
                return Err(link_err(
                    &link.id,
                    Some("to"),
                    "a link must join two different places".to_string(),
                ));
            }
            if !matches!(link.mode, Mode::Rail | Mode::Road) {
                return Err(link_err(
                    &link.id,
                    Some("mode"),
                    format!("mode must be rail or road, got `{}`", link.mode),
                ));
            }
            if link.mode == Mode::Rail && link.gauge_mm.is_none() {
                return Err(link_err(
                    &link.id,
                    Some("gauge_mm"),
                    "rail links need gauge_mm (1435 or 1520)".to_string(),
                ));
            }
            let (a, b) = (network.node(from), network.node(to));
            let straight = geodesic_km([a.lon, a.lat], [b.lon, b.lat]);
            // The same rule as links.csv: no route is shorter than the
            // geodesic (and A* relies on it).
            if !(link.km.is_finite() && link.km >= straight * 0.999) {
                return Err(link_err(
                    &link.id,
                    Some("km"),
                    format!(
                        "{} km is shorter than the {straight:.0} km geodesic between {} and {}",
                        link.km, a.name, b.name
                    ),
                ));
            }
            edges.push(Edge {
                id: link.id.clone(),
                from,
                to,
                mode: link.mode,
                kind: EdgeKind::Link,
                distance_km: link.km,
                passages: Vec::new(),
                regions: Vec::new(),
                max_draft_m: None,
                max_length_m: None,
                ice: IceRegime::None,
                gauge_mm: link.gauge_mm,
                border: link.border.clone(),
                enabled_by_default: link.enabled,
                source: "the scenario's [links]".to_string(),
                geometry: densify_path(&[[a.lon, a.lat], [b.lon, b.lat]]),
            });
        }
        network.rebuild_with(Vec::new(), edges);
        Ok(network)
    }

    /// The open-sea node a new port joins: the nearest of the nearest few
    /// whose connector crosses no land beyond the port's own shore (at most
    /// `OWN_SHORE_KM`) on the built-in 1:110m mask. `Err` carries the land the nearest one would
    /// cross, km, when none is clear.
    fn sea_approach(&self, node: &Node, land: &LandIndex) -> Result<NodeId, f64> {
        let at = [node.lon, node.lat];
        let candidates = self.sea_grid.nearest_k(at, APPROACH_CANDIDATES);
        let mut nearest_crossing = None;
        for &(k, _) in &candidates {
            let id = self.sea_grid_nodes[k];
            let n = self.node(id);
            let to = [n.lon, n.lat];
            let beyond = land.land_km_beyond_shore(at, to);
            // The first stretch of land is the port's own shore only while
            // it is short: a "port" far inland has no shore of its own.
            let own_shore = land.land_km(at, to) - beyond;
            let crossing = if own_shore > OWN_SHORE_KM {
                beyond + own_shore
            } else {
                beyond
            };
            if crossing <= APPROACH_LAND_KM {
                return Ok(id);
            }
            nearest_crossing.get_or_insert(crossing);
        }
        Err(nearest_crossing.unwrap_or(f64::INFINITY))
    }
}
