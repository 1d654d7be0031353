//! The network's data: CSV files in `src/network/data/`, compiled into the
//! binary, read with the csv crate and validated into a [`Network`].
//!
//! | file | one row is |
//! |---|---|
//! | `marnet_nodes.csv`, `marnet_edges.csv` | the sea-lane network (Eurostat MARNET via searoute, converted by `make_marnet.py`) |
//! | `world_ports.csv` | a port by UN/LOCODE, with the MARNET node it joins (same script) |
//! | `ports.csv` | a curated port, inland terminal or border station, with its defaults (replaces the `world_ports.csv` row of its LOCODE) |
//! | `port_classes.csv`, `port_aliases.csv` | class defaults for the other ports; extra names |
//! | `passages.csv`, `regions.csv` | named passages and sea regions laid on the lanes (`sea.rs`) |
//! | `waypoints.csv`, `lanes.csv` | the hand-built overlay: the Caspian and the Volga–Caspian channel |
//! | `links.csv` | a rail, road or ferry link: km, gauge, border, enabled |
//!
//! Every hand-written row carries a `source` column (S# of `shared/domain.md`,
//! or EST with a reason); `src/network/data/README.md` records the public data
//! sets and their licences. Sea lane lengths are computed (geodesic); land
//! link lengths are read; ferry lengths are the shortest Caspian sea path,
//! computed here. Every sea port joins the lanes through an approach edge to
//! its MARNET node (chosen by the conversion script so that the connector
//! does not cross land), or to the nearest node for ports without one.

use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::sync::OnceLock;

use serde::Deserialize;

use super::edge::{Edge, EdgeId, EdgeKind, IceRegime, Mode};
use super::geometry::{densify, densify_path, geodesic_km};
use super::lookup::Names;
use super::node::{Node, NodeId, NodeKind, PortDefaults, Prominence};
use super::routing::{self, Filter};
use super::sea::{self, NodeGrid, Passage, Region, SeaOverlay};

/// `ports.csv` as compiled into the binary.
pub const PORTS_CSV: &str = include_str!("data/ports.csv");
/// `waypoints.csv` as compiled into the binary.
pub const WAYPOINTS_CSV: &str = include_str!("data/waypoints.csv");
/// `lanes.csv` as compiled into the binary.
pub const LANES_CSV: &str = include_str!("data/lanes.csv");
/// `links.csv` as compiled into the binary.
pub const LINKS_CSV: &str = include_str!("data/links.csv");
/// `marnet_nodes.csv` as compiled into the binary.
pub const MARNET_NODES_CSV: &str = include_str!("data/marnet_nodes.csv");
/// `marnet_edges.csv` as compiled into the binary.
pub const MARNET_EDGES_CSV: &str = include_str!("data/marnet_edges.csv");
/// `world_ports.csv` as compiled into the binary.
pub const WORLD_PORTS_CSV: &str = include_str!("data/world_ports.csv");
/// `port_joins.csv` as compiled into the binary.
pub const PORT_JOINS_CSV: &str = include_str!("data/port_joins.csv");
/// `port_classes.csv` as compiled into the binary.
pub const PORT_CLASSES_CSV: &str = include_str!("data/port_classes.csv");
/// `port_aliases.csv` as compiled into the binary.
pub const PORT_ALIASES_CSV: &str = include_str!("data/port_aliases.csv");
/// `passages.csv` as compiled into the binary.
pub const PASSAGES_CSV: &str = include_str!("data/passages.csv");
/// `regions.csv` as compiled into the binary.
pub const REGIONS_CSV: &str = include_str!("data/regions.csv");

/// The text of every data file. [`DataFiles::builtin`] is what the binary
/// uses; the hand-built overlay alone ([`Network::from_csv`]) leaves the
/// public data sets empty.
#[derive(Debug, Clone, Copy)]
pub struct DataFiles<'a> {
    /// `ports.csv`.
    pub ports: &'a str,
    /// `waypoints.csv`.
    pub waypoints: &'a str,
    /// `lanes.csv`.
    pub lanes: &'a str,
    /// `links.csv`.
    pub links: &'a str,
    /// `marnet_nodes.csv` (empty: no MARNET).
    pub marnet_nodes: &'a str,
    /// `marnet_edges.csv`.
    pub marnet_edges: &'a str,
    /// `world_ports.csv` (empty: no world ports).
    pub world_ports: &'a str,
    /// `port_joins.csv`: the MARNET node each curated sea port joins.
    pub port_joins: &'a str,
    /// `port_classes.csv`.
    pub port_classes: &'a str,
    /// `port_aliases.csv`.
    pub port_aliases: &'a str,
    /// `passages.csv`.
    pub passages: &'a str,
    /// `regions.csv`.
    pub regions: &'a str,
}

impl DataFiles<'static> {
    /// The files compiled into the binary.
    pub fn builtin() -> DataFiles<'static> {
        DataFiles {
            ports: PORTS_CSV,
            waypoints: WAYPOINTS_CSV,
            lanes: LANES_CSV,
            links: LINKS_CSV,
            marnet_nodes: MARNET_NODES_CSV,
            marnet_edges: MARNET_EDGES_CSV,
            world_ports: WORLD_PORTS_CSV,
            port_joins: PORT_JOINS_CSV,
            port_classes: PORT_CLASSES_CSV,
            port_aliases: PORT_ALIASES_CSV,
            passages: PASSAGES_CSV,
            regions: REGIONS_CSV,
        }
    }
}

/// A broken data file: which file, which line, what is wrong. For the
/// built-in files this is our bug (the tests load them), so it is not a
/// [`NetworkError`](super::NetworkError).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{file}{}: {message}", line.map(|l| format!(":{l}")).unwrap_or_default())]
pub struct DataError {
    /// The file (`lanes.csv`).
    pub file: String,
    /// The 1-based line, when the problem is on one line.
    pub line: Option<u64>,
    /// What is wrong.
    pub message: String,
}

/// The geographic network: nodes, edges and the name index.
#[derive(Debug, Clone)]
pub struct Network {
    nodes: Vec<Node>,
    edges: Vec<Edge>,
    adjacency: Vec<Vec<EdgeId>>,
    names: Names,
    passages: Vec<String>,
    /// The passage and region overlays, kept to lay them on lanes added
    /// later (a scenario's own ports).
    pub(crate) overlay: SeaOverlay,
    /// The open-sea nodes a new port may join (MARNET, or the overlay's
    /// waypoints when there is no MARNET), and their node ids.
    pub(crate) sea_grid: NodeGrid,
    pub(crate) sea_grid_nodes: Vec<NodeId>,
    /// The Caspian overlay's waypoints, for Caspian ports.
    pub(crate) caspian_grid: NodeGrid,
    pub(crate) caspian_grid_nodes: Vec<NodeId>,
    /// Port defaults by class (`port_classes.csv`), for ports added later.
    pub(crate) port_classes: HashMap<String, PortDefaults>,
    /// Every node as a unit vector, for the routing's lower bound.
    pub(crate) unit_vectors: Vec<[f64; 3]>,
}

#[derive(Debug, Deserialize)]
struct MarnetNodeRow {
    lon: f64,
    lat: f64,
}

#[derive(Debug, Deserialize)]
struct MarnetEdgeRow {
    a: u32,
    b: u32,
    tag: String,
}

#[derive(Debug, Deserialize)]
struct WorldPortRow {
    locode: String,
    name: String,
    country: String,
    lat: f64,
    lon: f64,
    terminal: Option<u8>,
    sea_node: Option<u32>,
    /// Where the connector bends to stay off land (blank: straight).
    via_lat: Option<f64>,
    via_lon: Option<f64>,
}

#[derive(Debug, Deserialize)]
struct PortJoinRow {
    id: String,
    sea_node: u32,
    via_lat: Option<f64>,
    via_lon: Option<f64>,
}

#[derive(Debug, Deserialize)]
struct PortClassRow {
    class: String,
    berths: Option<u32>,
    cranes: Option<u32>,
    moves_per_crane_h: Option<f64>,
    max_draft_m: Option<f64>,
    dues_usd_per_call: Option<f64>,
    turnaround_h: Option<f64>,
    source: String,
}

#[derive(Debug, Deserialize)]
struct AliasRow {
    locode: String,
    aliases: String,
}

#[derive(Debug, Deserialize)]
struct RegionRow {
    region: String,
    ice: String,
    boxes: String,
}

#[derive(Debug, Deserialize)]
struct PassageRow {
    passage: String,
    kind: String,
    tags: String,
    boxes: String,
    max_draft_m: Option<f64>,
    max_length_m: Option<f64>,
    length_factor: Option<f64>,
}

/// The id of MARNET node `i`.
pub(crate) fn marnet_id(i: u32) -> String {
    format!("m{i}")
}

#[derive(Debug, Deserialize)]
struct PortRow {
    id: String,
    locode: String,
    name: String,
    aliases: String,
    country: String,
    lat: f64,
    lon: f64,
    kind: String,
    berths: Option<u32>,
    cranes: Option<u32>,
    moves_per_crane_h: Option<f64>,
    max_draft_m: Option<f64>,
    dues_usd_per_call: Option<f64>,
    turnaround_h: Option<f64>,
    source: String,
    defaults_source: String,
}

#[derive(Debug, Deserialize)]
struct WaypointRow {
    id: String,
    name: String,
    aliases: String,
    lat: f64,
    lon: f64,
    source: String,
}

#[derive(Debug, Deserialize)]
struct LaneRow {
    from: String,
    to: String,
    passage: String,
    region: String,
    kind: String,
    max_draft_m: Option<f64>,
    max_length_m: Option<f64>,
    ice: String,
    source: String,
}

#[derive(Debug, Deserialize)]
struct LinkRow {
    id: String,
    from: String,
    to: String,
    mode: String,
    km: Option<f64>,
    gauge_mm: Option<u32>,
    border: String,
    enabled: bool,
    shape: String,
    source: String,
}

/// Reads every row of one CSV file, with its line number.
fn read_rows<T, R>(file: &str, reader: R) -> Result<Vec<(u64, T)>, DataError>
where
    T: serde::de::DeserializeOwned,
    R: Read,
{
    let mut csv = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(reader);
    let headers = csv
        .headers()
        .map_err(|e| data_error(file, None, format!("cannot read the header: {e}")))?
        .clone();
    let mut rows = Vec::new();
    for record in csv.records() {
        let record = record.map_err(|e| {
            let line = e.position().map(|p| p.line());
            data_error(file, line, e.to_string())
        })?;
        let line = record.position().map_or(0, |p| p.line());
        let row: T = record
            .deserialize(Some(&headers))
            .map_err(|e| data_error(file, Some(line), e.to_string()))?;
        rows.push((line, row));
    }
    Ok(rows)
}

fn data_error(file: &str, line: Option<u64>, message: impl Into<String>) -> DataError {
    DataError {
        file: file.to_string(),
        line,
        message: message.into(),
    }
}

fn non_empty(text: &str) -> Option<String> {
    let t = text.trim();
    (!t.is_empty()).then(|| t.to_string())
}

fn split_list(text: &str) -> Vec<String> {
    text.split('|')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect()
}

fn check_position(file: &str, line: u64, lat: f64, lon: f64) -> Result<(), DataError> {
    if !(lat.is_finite() && (-90.0..=90.0).contains(&lat)) {
        return Err(data_error(
            file,
            Some(line),
            format!("latitude {lat} is outside [-90, 90]"),
        ));
    }
    if !(lon.is_finite() && (-180.0..=180.0).contains(&lon)) {
        return Err(data_error(
            file,
            Some(line),
            format!("longitude {lon} is outside [-180, 180]"),
        ));
    }
    Ok(())
}

fn check_positive(file: &str, line: u64, what: &str, value: Option<f64>) -> Result<(), DataError> {
    match value {
        Some(v) if !(v.is_finite() && v > 0.0) => Err(data_error(
            file,
            Some(line),
            format!("{what} must be a positive number, got {v}"),
        )),
        _ => Ok(()),
    }
}

/// Parses a `shape` column: `lat lon;lat lon;…` intermediate points.
fn parse_shape(file: &str, line: u64, text: &str) -> Result<Vec<[f64; 2]>, DataError> {
    let mut points = Vec::new();
    for part in text.split(';').map(str::trim).filter(|p| !p.is_empty()) {
        let mut numbers = part.split_whitespace().map(str::parse::<f64>);
        match (numbers.next(), numbers.next(), numbers.next()) {
            (Some(Ok(lat)), Some(Ok(lon)), None) => {
                check_position(file, line, lat, lon)?;
                points.push([lon, lat]);
            }
            _ => {
                return Err(data_error(
                    file,
                    Some(line),
                    format!("shape point `{part}` is not `lat lon`"),
                ));
            }
        }
    }
    Ok(points)
}

impl Network {
    /// The built-in network (the CSV files compiled into the binary), parsed
    /// once on first use.
    pub fn builtin() -> &'static Network {
        static NETWORK: OnceLock<Network> = OnceLock::new();
        NETWORK.get_or_init(|| {
            Network::from_data(&DataFiles::builtin())
                .expect("the built-in network data is valid (the network tests load it)")
        })
    }

    /// Reads and validates a network from the four hand-built CSV files
    /// alone (see the module docs for their columns): no MARNET lanes, no
    /// world ports, no overlays.
    pub fn from_csv(
        ports: impl Read,
        waypoints: impl Read,
        lanes: impl Read,
        links: impl Read,
    ) -> Result<Network, DataError> {
        let text = |name: &str, mut r: Box<dyn Read + '_>| -> Result<String, DataError> {
            let mut s = String::new();
            r.read_to_string(&mut s)
                .map_err(|e| data_error(name, None, e.to_string()))?;
            Ok(s)
        };
        let (ports, waypoints, lanes, links) = (
            text("ports.csv", Box::new(ports))?,
            text("waypoints.csv", Box::new(waypoints))?,
            text("lanes.csv", Box::new(lanes))?,
            text("links.csv", Box::new(links))?,
        );
        Network::from_data(&DataFiles {
            ports: &ports,
            waypoints: &waypoints,
            lanes: &lanes,
            links: &links,
            marnet_nodes: "",
            marnet_edges: "",
            world_ports: "",
            port_joins: "",
            port_classes: "",
            port_aliases: "",
            passages: "",
            regions: "",
        })
    }

    /// Reads and validates a network from every data file.
    pub fn from_data(files: &DataFiles<'_>) -> Result<Network, DataError> {
        let overlay = read_overlay(files)?;
        let classes = read_port_classes(files.port_classes)?;
        let mut aliases: HashMap<String, Vec<String>> = HashMap::new();
        for (_, row) in read_rows::<AliasRow, _>("port_aliases.csv", files.port_aliases.as_bytes())?
        {
            aliases
                .entry(row.locode.to_uppercase())
                .or_default()
                .extend(split_list(&row.aliases));
        }
        let mut nodes: Vec<Node> = Vec::new();
        let mut index: HashMap<String, NodeId> = HashMap::new();
        let (ports, waypoints, lanes, links) = (
            files.ports.as_bytes(),
            files.waypoints.as_bytes(),
            files.lanes.as_bytes(),
            files.links.as_bytes(),
        );

        for (line, row) in read_rows::<PortRow, _>("ports.csv", ports)? {
            let file = "ports.csv";
            check_position(file, line, row.lat, row.lon)?;
            let kind = NodeKind::parse(&row.kind)
                .filter(|k| *k != NodeKind::Waypoint)
                .ok_or_else(|| {
                    data_error(file, Some(line), format!("unknown kind `{}`", row.kind))
                })?;
            for (what, v) in [
                ("moves_per_crane_h", row.moves_per_crane_h),
                ("max_draft_m", row.max_draft_m),
                ("dues_usd_per_call", row.dues_usd_per_call),
                ("turnaround_h", row.turnaround_h),
            ] {
                check_positive(file, line, what, v)?;
            }
            let has_defaults = row.berths.is_some()
                || row.cranes.is_some()
                || row.moves_per_crane_h.is_some()
                || row.max_draft_m.is_some()
                || row.dues_usd_per_call.is_some()
                || row.turnaround_h.is_some();
            let defaults = has_defaults.then(|| PortDefaults {
                berths: row.berths,
                cranes: row.cranes,
                moves_per_crane_h: row.moves_per_crane_h,
                max_draft_m: row.max_draft_m,
                dues_usd_per_call: row.dues_usd_per_call,
                turnaround_h: row.turnaround_h,
                source: row.defaults_source.clone(),
            });
            push_node(
                &mut nodes,
                &mut index,
                file,
                line,
                Node {
                    id: row.id,
                    locode: non_empty(&row.locode).map(|c| c.to_uppercase()),
                    name: row.name,
                    aliases: split_list(&row.aliases),
                    country: non_empty(&row.country),
                    lat: row.lat,
                    lon: row.lon,
                    kind,
                    prominence: Prominence::Curated,
                    defaults,
                    source: row.source,
                },
            )?;
        }
        // World ports: every LOCODE not curated above. `sea_nodes` keeps the
        // MARNET node the conversion chose for every LOCODE, curated or not.
        let mut sea_nodes: HashMap<String, Option<u32>> = HashMap::new();
        let mut bends: HashMap<String, [f64; 2]> = HashMap::new();
        // Curated sea ports: the node the conversion chose for their own
        // position (Rotterdam is at Maasvlakte, not in the city).
        let mut curated_joins: HashMap<String, (u32, Option<[f64; 2]>)> = HashMap::new();
        for (line, row) in
            read_rows::<PortJoinRow, _>("port_joins.csv", files.port_joins.as_bytes())?
        {
            let file = "port_joins.csv";
            if !index.contains_key(&row.id) {
                return Err(data_error(
                    file,
                    Some(line),
                    format!("`{}` is not a port of ports.csv", row.id),
                ));
            }
            let via = match (row.via_lon, row.via_lat) {
                (Some(lon), Some(lat)) => {
                    check_position(file, line, lat, lon)?;
                    Some([lon, lat])
                }
                (None, None) => None,
                _ => {
                    return Err(data_error(
                        file,
                        Some(line),
                        "give both via_lat and via_lon, or neither",
                    ));
                }
            };
            curated_joins.insert(row.id, (row.sea_node, via));
        }
        let curated: HashSet<String> = nodes.iter().filter_map(|n| n.locode.clone()).collect();
        for (line, row) in
            read_rows::<WorldPortRow, _>("world_ports.csv", files.world_ports.as_bytes())?
        {
            let file = "world_ports.csv";
            check_position(file, line, row.lat, row.lon)?;
            let code = row.locode.to_uppercase();
            sea_nodes.insert(code.clone(), row.sea_node);
            match (row.via_lon, row.via_lat) {
                (Some(lon), Some(lat)) => {
                    check_position(file, line, lat, lon)?;
                    bends.insert(code.clone(), [lon, lat]);
                }
                (None, None) => {}
                _ => {
                    return Err(data_error(
                        file,
                        Some(line),
                        "give both via_lat and via_lon, or neither",
                    ));
                }
            }
            if curated.contains(&code) {
                continue;
            }
            let class = if row.terminal == Some(1) {
                "terminal"
            } else {
                "port"
            };
            let defaults = classes.get(class).cloned();
            push_node(
                &mut nodes,
                &mut index,
                file,
                line,
                Node {
                    id: code.to_lowercase(),
                    aliases: aliases.remove(&code).unwrap_or_default(),
                    locode: Some(code),
                    name: row.name,
                    country: non_empty(&row.country),
                    lat: row.lat,
                    lon: row.lon,
                    kind: if row.sea_node.is_some() {
                        NodeKind::Sea
                    } else {
                        NodeKind::Caspian
                    },
                    prominence: if class == "terminal" {
                        Prominence::Major
                    } else {
                        Prominence::Minor
                    },
                    defaults,
                    source: format!(
                        "UN/LOCODE and position: searoute 1.6.0 ports.geojson (Apache-2.0); defaults: {class} class"
                    ),
                },
            )?;
        }
        for (line, row) in read_rows::<WaypointRow, _>("waypoints.csv", waypoints)? {
            check_position("waypoints.csv", line, row.lat, row.lon)?;
            push_node(
                &mut nodes,
                &mut index,
                "waypoints.csv",
                line,
                Node {
                    id: row.id,
                    locode: None,
                    name: row.name,
                    aliases: split_list(&row.aliases),
                    country: None,
                    lat: row.lat,
                    lon: row.lon,
                    kind: NodeKind::Waypoint,
                    prominence: Prominence::Waypoint,
                    defaults: None,
                    source: row.source,
                },
            )?;
        }

        let overlay_waypoints: Vec<NodeId> = nodes
            .iter()
            .enumerate()
            .filter(|(_, n)| n.is_waypoint())
            .map(|(i, _)| NodeId(i as u32))
            .collect();
        let marnet_base = nodes.len() as u32;
        for (line, row) in
            read_rows::<MarnetNodeRow, _>("marnet_nodes.csv", files.marnet_nodes.as_bytes())?
        {
            check_position("marnet_nodes.csv", line, row.lat, row.lon)?;
            let id = marnet_id(nodes.len() as u32 - marnet_base);
            nodes.push(Node {
                name: id.clone(),
                id,
                locode: None,
                aliases: Vec::new(),
                country: None,
                lat: row.lat,
                lon: row.lon,
                kind: NodeKind::Waypoint,
                prominence: Prominence::Waypoint,
                defaults: None,
                source: "Eurostat MARNET via searoute 1.6.0 (Apache-2.0)".to_string(),
            });
        }
        let marnet_count = nodes.len() as u32 - marnet_base;
        let marnet_points: Vec<[f64; 2]> = nodes[marnet_base as usize..]
            .iter()
            .map(|n| [n.lon, n.lat])
            .collect();
        let marnet_grid = NodeGrid::new(marnet_points);
        let find = |file: &str, line: u64, id: &str| -> Result<NodeId, DataError> {
            if let Some(at) = id.strip_prefix('@') {
                return marnet_node_at(&marnet_grid, marnet_base, at)
                    .map_err(|message| data_error(file, Some(line), message));
            }
            index
                .get(id)
                .copied()
                .ok_or_else(|| data_error(file, Some(line), format!("unknown node `{id}`")))
        };
        let mut edges: Vec<Edge> = Vec::new();
        let mut edge_ids: HashSet<String> = HashSet::new();

        for (line, row) in read_rows::<LaneRow, _>("lanes.csv", lanes)? {
            let file = "lanes.csv";
            let from = find(file, line, &row.from)?;
            let to = find(file, line, &row.to)?;
            if from == to {
                return Err(data_error(
                    file,
                    Some(line),
                    "a lane must join two different nodes",
                ));
            }
            let kind = EdgeKind::parse(&row.kind).ok_or_else(|| {
                data_error(file, Some(line), format!("unknown kind `{}`", row.kind))
            })?;
            let ice = IceRegime::parse(&row.ice).ok_or_else(|| {
                data_error(file, Some(line), format!("unknown ice `{}`", row.ice))
            })?;
            let region = non_empty(&row.region)
                .ok_or_else(|| data_error(file, Some(line), "every lane needs a region"))?;
            check_positive(file, line, "max_draft_m", row.max_draft_m)?;
            check_positive(file, line, "max_length_m", row.max_length_m)?;
            for id in [from, to] {
                let node = &nodes[id.index()];
                if matches!(node.kind, NodeKind::RailTerminal) {
                    return Err(data_error(
                        file,
                        Some(line),
                        format!(
                            "`{}` is an inland terminal and cannot end a sea lane",
                            node.id
                        ),
                    ));
                }
            }
            let (a, b) = (&nodes[from.index()], &nodes[to.index()]);
            let geometry = densify([a.lon, a.lat], [b.lon, b.lat]);
            let distance_km = geodesic_km([a.lon, a.lat], [b.lon, b.lat]);
            let id = format!("{}--{}", nodes[from.index()].id, nodes[to.index()].id);
            if !edge_ids.insert(id.clone()) {
                return Err(data_error(
                    file,
                    Some(line),
                    format!("duplicate lane `{id}`"),
                ));
            }
            edges.push(Edge {
                id,
                from,
                to,
                mode: Mode::Sea,
                kind,
                distance_km,
                passages: non_empty(&row.passage).into_iter().collect(),
                regions: vec![(region, distance_km)],
                max_draft_m: row.max_draft_m,
                max_length_m: row.max_length_m,
                ice,
                gauge_mm: None,
                border: None,
                enabled_by_default: true,
                source: row.source,
                geometry,
            });
        }

        let mut lanes = Vec::new();
        for (line, row) in
            read_rows::<MarnetEdgeRow, _>("marnet_edges.csv", files.marnet_edges.as_bytes())?
        {
            let file = "marnet_edges.csv";
            if row.a == row.b || row.a >= marnet_count || row.b >= marnet_count {
                return Err(data_error(
                    file,
                    Some(line),
                    format!("lane {}-{} does not join two known nodes", row.a, row.b),
                ));
            }
            let (from, to) = (NodeId(marnet_base + row.a), NodeId(marnet_base + row.b));
            lanes.push((from, to, row.tag));
        }
        // Sixteen thousand lanes, each a geodesic and a densified line: the
        // largest part of a run's start, shared among the cores (collected
        // in file order, so the network is the same on any core count).
        {
            use rayon::prelude::*;
            let built: Vec<Edge> = lanes
                .par_iter()
                .map(|(from, to, tag)| {
                    sea_edge(
                        &nodes,
                        &overlay,
                        *from,
                        *to,
                        tag,
                        EdgeKind::Open,
                        "Eurostat MARNET via searoute 1.6.0 (Apache-2.0); length: geodesic",
                    )
                })
                .collect();
            edges.extend(built);
        }
        // Approaches: every sea port without a lane of its own joins the
        // network at the node the conversion chose (checked against 1:50m
        // land), or else at the nearest node; Caspian ports join the overlay.
        let marnet_nodes: Vec<NodeId> = (marnet_base..marnet_base + marnet_count)
            .map(NodeId)
            .collect();
        let (sea_grid, sea_grid_nodes) = if marnet_nodes.is_empty() {
            grid_of(&nodes, overlay_waypoints.clone())
        } else {
            grid_of(&nodes, marnet_nodes)
        };
        let (caspian_grid, caspian_grid_nodes) = grid_of(&nodes, overlay_waypoints);
        let has_lane: HashSet<NodeId> = edges.iter().flat_map(|e| [e.from, e.to]).collect();
        let mut approaches = Vec::new();
        for (i, node) in nodes.iter().enumerate() {
            let id = NodeId(i as u32);
            if has_lane.contains(&id)
                || !matches!(
                    node.kind,
                    NodeKind::Sea | NodeKind::Caspian | NodeKind::River
                )
            {
                continue;
            }
            // Ports take the node (and the bend) the conversion checked
            // against land: world ports by LOCODE, curated ports by id at
            // their own position; others (Caspian ports) the nearest node.
            let joined = if node.prominence == Prominence::Curated {
                curated_joins.get(&node.id).copied()
            } else {
                node.locode.as_ref().and_then(|c| {
                    Some((sea_nodes.get(c).copied().flatten()?, bends.get(c).copied()))
                })
            }
            .filter(|&(m, _)| m < marnet_count);
            let chosen = joined.map(|(m, _)| NodeId(marnet_base + m));
            let target = chosen.or_else(|| {
                let (grid, ids) = if node.kind == NodeKind::Sea {
                    (&sea_grid, &sea_grid_nodes)
                } else {
                    (&caspian_grid, &caspian_grid_nodes)
                };
                grid.nearest([node.lon, node.lat]).map(|(k, _)| ids[k])
            });
            if let Some(target) = target {
                let mut edge = sea_edge(
                    &nodes,
                    &overlay,
                    id,
                    target,
                    "",
                    EdgeKind::Approach,
                    "approach: the port to its network node; length: geodesic",
                );
                // A connector the conversion bent round a headland to stay
                // off land: its length and drawing follow the bend.
                if let Some(via) = joined.and_then(|(_, via)| via) {
                    let (a, b) = (&nodes[id.index()], &nodes[target.index()]);
                    let (pa, pb) = ([a.lon, a.lat], [b.lon, b.lat]);
                    edge.distance_km = geodesic_km(pa, via) + geodesic_km(via, pb);
                    edge.regions = vec![(edge.regions[0].0.clone(), edge.distance_km)];
                    edge.geometry = densify_path(&[pa, via, pb]);
                    edge.source = "approach: the port to its network node, bent once to stay off 1:50m land; length: geodesic".to_string();
                }
                approaches.push(edge);
            }
        }
        for edge in approaches {
            if !edge_ids.insert(edge.id.clone()) {
                return Err(data_error(
                    "world_ports.csv",
                    None,
                    format!("duplicate lane `{}`", edge.id),
                ));
            }
            edges.push(edge);
        }

        let mut ferries: Vec<(u64, LinkRow, NodeId, NodeId)> = Vec::new();
        for (line, row) in read_rows::<LinkRow, _>("links.csv", links)? {
            let file = "links.csv";
            let from = find(file, line, &row.from)?;
            let to = find(file, line, &row.to)?;
            if from == to {
                return Err(data_error(
                    file,
                    Some(line),
                    "a link must join two different nodes",
                ));
            }
            if !edge_ids.insert(row.id.clone()) {
                return Err(data_error(
                    file,
                    Some(line),
                    format!("duplicate link `{}`", row.id),
                ));
            }
            let mode = Mode::parse(&row.mode)
                .filter(|m| *m != Mode::Sea)
                .ok_or_else(|| {
                    data_error(
                        file,
                        Some(line),
                        format!("mode must be rail, road or ferry, got `{}`", row.mode),
                    )
                })?;
            if mode == Mode::Ferry {
                if row.km.is_some() {
                    return Err(data_error(
                        file,
                        Some(line),
                        "ferry km is computed from the sea lanes; leave it empty",
                    ));
                }
                ferries.push((line, row, from, to));
                continue;
            }
            let km = row
                .km
                .ok_or_else(|| data_error(file, Some(line), "rail and road links need km"))?;
            check_positive(file, line, "km", Some(km))?;
            if mode == Mode::Rail && row.gauge_mm.is_none() {
                return Err(data_error(file, Some(line), "rail links need gauge_mm"));
            }
            let (a, b) = (&nodes[from.index()], &nodes[to.index()]);
            let mut points = vec![[a.lon, a.lat]];
            points.extend(parse_shape(file, line, &row.shape)?);
            points.push([b.lon, b.lat]);
            let straight = geodesic_km([a.lon, a.lat], [b.lon, b.lat]);
            // A route can never be shorter than the geodesic between its ends;
            // a figure that is means a wrong source or a wrong node position.
            if km < straight * 0.999 {
                return Err(data_error(
                    file,
                    Some(line),
                    format!(
                        "{km} km is shorter than the {straight:.0} km geodesic between the ends"
                    ),
                ));
            }
            edges.push(Edge {
                id: row.id,
                from,
                to,
                mode,
                kind: EdgeKind::Link,
                distance_km: km,
                passages: Vec::new(),
                regions: Vec::new(),
                max_draft_m: None,
                max_length_m: None,
                ice: IceRegime::None,
                gauge_mm: row.gauge_mm,
                border: non_empty(&row.border),
                enabled_by_default: row.enabled,
                source: row.source,
                geometry: densify_path(&points),
            });
        }

        let mut network = Network::assemble(nodes, edges);
        network.overlay = overlay;
        network.sea_grid = sea_grid;
        network.sea_grid_nodes = sea_grid_nodes;
        network.caspian_grid = caspian_grid;
        network.caspian_grid_nodes = caspian_grid_nodes;
        network.port_classes = classes;
        // Ferries: the shortest sea path between the two ports, over open lanes
        // and with no vessel limits (the ferry is not the modelled ship).
        let mut ferry_edges = Vec::new();
        for (line, row, from, to) in ferries {
            let filter = Filter::sea_only(&network);
            let path = routing::shortest(&network, from, to, &filter).ok_or_else(|| {
                data_error(
                    "links.csv",
                    Some(line),
                    format!(
                        "no sea path for ferry `{}` from `{}` to `{}`",
                        row.id, row.from, row.to
                    ),
                )
            })?;
            ferry_edges.push(network.ferry_edge(row, from, to, &path));
        }
        if !ferry_edges.is_empty() {
            network.rebuild_with(Vec::new(), ferry_edges);
        }
        Ok(network)
    }

    fn assemble(nodes: Vec<Node>, edges: Vec<Edge>) -> Network {
        let mut adjacency = vec![Vec::new(); nodes.len()];
        for (i, edge) in edges.iter().enumerate() {
            let id = EdgeId(i as u32);
            adjacency[edge.from.index()].push(id);
            adjacency[edge.to.index()].push(id);
        }
        let mut passages: Vec<String> = edges
            .iter()
            .flat_map(|e| e.passages.iter().cloned())
            .collect();
        passages.sort();
        passages.dedup();
        let names = Names::build(&nodes);
        let mut network = Network {
            nodes,
            edges,
            adjacency,
            names,
            passages,
            overlay: SeaOverlay::default(),
            sea_grid: NodeGrid::default(),
            sea_grid_nodes: Vec::new(),
            caspian_grid: NodeGrid::default(),
            caspian_grid_nodes: Vec::new(),
            port_classes: HashMap::new(),
            unit_vectors: Vec::new(),
        };
        network.unit_vectors = routing::unit_vectors(&network);
        network
    }

    /// Adds nodes and edges (indexes continue the existing ones), keeping the
    /// overlays and grids.
    pub(crate) fn rebuild_with(&mut self, nodes: Vec<Node>, edges: Vec<Edge>) {
        let mut all_nodes = std::mem::take(&mut self.nodes);
        all_nodes.extend(nodes);
        let mut all_edges = std::mem::take(&mut self.edges);
        all_edges.extend(edges);
        let rebuilt = Network::assemble(all_nodes, all_edges);
        self.nodes = rebuilt.nodes;
        self.edges = rebuilt.edges;
        self.adjacency = rebuilt.adjacency;
        self.names = rebuilt.names;
        self.passages = rebuilt.passages;
        self.unit_vectors = rebuilt.unit_vectors;
    }

    fn ferry_edge(&self, row: LinkRow, from: NodeId, to: NodeId, path: &routing::Path) -> Edge {
        let mut geometry: Vec<[f64; 2]> = Vec::new();
        let mut passages: Vec<String> = Vec::new();
        let mut regions: Vec<(String, f64)> = Vec::new();
        let mut km = 0.0;
        for step in &path.steps {
            let edge = self.edge(step.edge);
            km += edge.distance_km;
            let mut part = edge.geometry.clone();
            if step.reversed {
                part.reverse();
            }
            let skip = usize::from(!geometry.is_empty());
            geometry.extend(part.into_iter().skip(skip));
            for p in &edge.passages {
                if passages.last() != Some(p) {
                    passages.push(p.clone());
                }
            }
            for (region, region_km) in &edge.regions {
                match regions.last_mut() {
                    Some((last, total)) if last == region => *total += region_km,
                    _ => regions.push((region.clone(), *region_km)),
                }
            }
        }
        Edge {
            id: row.id,
            from,
            to,
            mode: Mode::Ferry,
            kind: EdgeKind::Link,
            distance_km: km,
            passages,
            regions,
            max_draft_m: None,
            max_length_m: None,
            ice: IceRegime::None,
            gauge_mm: None,
            border: non_empty(&row.border),
            enabled_by_default: row.enabled,
            source: format!("{} = {km:.0} km", row.source),
            geometry,
        }
    }

    /// Every node: ports and land nodes first (in `ports.csv` order), then
    /// waypoints.
    pub fn nodes(&self) -> &[Node] {
        &self.nodes
    }

    /// Every edge: sea lanes, then land links, then ferries.
    pub fn edges(&self) -> &[Edge] {
        &self.edges
    }

    /// The node with this id.
    pub fn node(&self, id: NodeId) -> &Node {
        &self.nodes[id.index()]
    }

    /// The edge with this id.
    pub fn edge(&self, id: EdgeId) -> &Edge {
        &self.edges[id.index()]
    }

    /// The edges at a node.
    pub fn edges_at(&self, id: NodeId) -> &[EdgeId] {
        &self.adjacency[id.index()]
    }

    /// The ports, terminals and border stations (no waypoints).
    pub fn ports(&self) -> impl Iterator<Item = &Node> {
        self.nodes.iter().filter(|n| !n.is_waypoint())
    }

    /// Every passage name, sorted.
    pub fn passages(&self) -> &[String] {
        &self.passages
    }

    /// The edge with this id string (`rasht-astara-rail`, `dondra--galle-s`).
    pub fn edge_by_name(&self, name: &str) -> Option<EdgeId> {
        self.edges
            .iter()
            .position(|e| e.id.eq_ignore_ascii_case(name.trim()))
            .map(|i| EdgeId(i as u32))
    }

    /// Resolves a UN/LOCODE, id, name or alias, case-insensitively, to a
    /// node. Unknown names get the closest known names as suggestions.
    pub fn resolve(&self, query: &str) -> Result<NodeId, super::NetworkError> {
        self.names.resolve(&self.nodes, query)
    }

    /// Like [`resolve`](Self::resolve), returning the node itself.
    pub fn port(&self, query: &str) -> Result<&Node, super::NetworkError> {
        self.resolve(query).map(|id| self.node(id))
    }
}

/// A sea lane (or an approach) between two nodes, with the overlays' region,
/// ice, passages, kind and limits.
pub(crate) fn sea_edge(
    nodes: &[Node],
    overlay: &SeaOverlay,
    from: NodeId,
    to: NodeId,
    tag: &str,
    kind: EdgeKind,
    source: &str,
) -> Edge {
    let (a, b) = (&nodes[from.index()], &nodes[to.index()]);
    let (pa, pb) = ([a.lon, a.lat], [b.lon, b.lat]);
    let facts = overlay.facts(pa, pb, tag, kind);
    let distance_km = geodesic_km(pa, pb) * facts.length_factor;
    Edge {
        id: format!("{}--{}", a.id, b.id),
        from,
        to,
        mode: Mode::Sea,
        kind: facts.kind,
        distance_km,
        passages: facts.passages,
        regions: vec![(facts.region, distance_km)],
        max_draft_m: facts.max_draft_m,
        max_length_m: facts.max_length_m,
        ice: facts.ice,
        gauge_mm: None,
        border: None,
        enabled_by_default: true,
        source: source.to_string(),
        geometry: densify(pa, pb),
    }
}

/// The MARNET node at `lat lon` (a lanes.csv end written `@lat lon`, which
/// joins an overlay lane to MARNET): the nearest node, which must lie within
/// a kilometre, so a renumbered conversion cannot move the join unseen.
fn marnet_node_at(grid: &NodeGrid, marnet_base: u32, at: &str) -> Result<NodeId, String> {
    let numbers: Vec<f64> = at
        .split_whitespace()
        .map(str::parse::<f64>)
        .collect::<Result<_, _>>()
        .map_err(|_| format!("`@{at}` is not `@lat lon`"))?;
    let [lat, lon] = numbers[..] else {
        return Err(format!("`@{at}` is not `@lat lon`"));
    };
    match grid.nearest([lon, lat]) {
        Some((k, km)) if km <= 1.0 => Ok(NodeId(marnet_base + k as u32)),
        Some((_, km)) => Err(format!(
            "no MARNET node at `@{at}` (the nearest is {km:.1} km away)"
        )),
        None => Err(format!("no MARNET node at `@{at}` (no MARNET loaded)")),
    }
}

fn grid_of(nodes: &[Node], ids: Vec<NodeId>) -> (NodeGrid, Vec<NodeId>) {
    let points = ids
        .iter()
        .map(|id| {
            let n = &nodes[id.index()];
            [n.lon, n.lat]
        })
        .collect();
    (NodeGrid::new(points), ids)
}

fn read_overlay(files: &DataFiles<'_>) -> Result<SeaOverlay, DataError> {
    let mut overlay = SeaOverlay::default();
    for (line, row) in read_rows::<RegionRow, _>("regions.csv", files.regions.as_bytes())? {
        let file = "regions.csv";
        let ice = IceRegime::parse(&row.ice)
            .ok_or_else(|| data_error(file, Some(line), format!("unknown ice `{}`", row.ice)))?;
        let boxes = sea::parse_boxes(&row.boxes).map_err(|e| data_error(file, Some(line), e))?;
        overlay.regions.push(Region {
            name: row.region,
            ice,
            boxes,
        });
    }
    for (line, row) in read_rows::<PassageRow, _>("passages.csv", files.passages.as_bytes())? {
        let file = "passages.csv";
        let kind = EdgeKind::parse(&row.kind)
            .ok_or_else(|| data_error(file, Some(line), format!("unknown kind `{}`", row.kind)))?;
        let boxes = sea::parse_boxes(&row.boxes).map_err(|e| data_error(file, Some(line), e))?;
        check_positive(file, line, "max_draft_m", row.max_draft_m)?;
        check_positive(file, line, "max_length_m", row.max_length_m)?;
        if let Some(f) = row.length_factor
            && !(f.is_finite() && f >= 1.0)
        {
            return Err(data_error(
                file,
                Some(line),
                format!(
                    "length_factor must be at least 1 (a waterway is never shorter than its lanes), got {f}"
                ),
            ));
        }
        overlay.passages.push(Passage {
            name: row.passage,
            kind,
            tags: split_list(&row.tags),
            boxes,
            max_draft_m: row.max_draft_m,
            max_length_m: row.max_length_m,
            length_factor: row.length_factor.unwrap_or(1.0),
        });
    }
    Ok(overlay)
}

fn read_port_classes(text: &str) -> Result<HashMap<String, PortDefaults>, DataError> {
    let mut classes = HashMap::new();
    for (line, row) in read_rows::<PortClassRow, _>("port_classes.csv", text.as_bytes())? {
        for (what, v) in [
            ("moves_per_crane_h", row.moves_per_crane_h),
            ("max_draft_m", row.max_draft_m),
            ("dues_usd_per_call", row.dues_usd_per_call),
            ("turnaround_h", row.turnaround_h),
        ] {
            check_positive("port_classes.csv", line, what, v)?;
        }
        classes.insert(
            row.class.clone(),
            PortDefaults {
                berths: row.berths,
                cranes: row.cranes,
                moves_per_crane_h: row.moves_per_crane_h,
                max_draft_m: row.max_draft_m,
                dues_usd_per_call: row.dues_usd_per_call,
                turnaround_h: row.turnaround_h,
                source: format!("{} class: {}", row.class, row.source),
            },
        );
    }
    Ok(classes)
}

fn push_node(
    nodes: &mut Vec<Node>,
    index: &mut HashMap<String, NodeId>,
    file: &str,
    line: u64,
    node: Node,
) -> Result<(), DataError> {
    if node.id.is_empty() || node.name.is_empty() {
        return Err(data_error(
            file,
            Some(line),
            "id and name must not be empty",
        ));
    }
    let id = NodeId(nodes.len() as u32);
    if index.insert(node.id.clone(), id).is_some() {
        return Err(data_error(
            file,
            Some(line),
            format!("duplicate node id `{}`", node.id),
        ));
    }
    nodes.push(node);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const PORTS: &str = "id,locode,name,aliases,country,lat,lon,kind,berths,cranes,moves_per_crane_h,max_draft_m,dues_usd_per_call,turnaround_h,source,defaults_source\n\
        a,XXAAA,Alpha,,XX,0,0,sea,1,2,25,,,,s,s\n\
        b,,Beta,,XX,0,1,rail-terminal,,,,,,,s,\n";
    const WAYPOINTS: &str = "id,name,aliases,lat,lon,source\nw,West,,0,-1,s\n";
    const LANES: &str = "from,to,passage,region,kind,max_draft_m,max_length_m,ice,source\na,w,,test-sea,open,,,none,s\n";

    fn load(links: &str) -> Result<Network, DataError> {
        Network::from_csv(
            PORTS.as_bytes(),
            WAYPOINTS.as_bytes(),
            LANES.as_bytes(),
            links.as_bytes(),
        )
    }

    const LINK_HEADER: &str = "id,from,to,mode,km,gauge_mm,border,enabled,shape,source\n";

    #[test]
    fn loads_a_small_network() {
        let network = load(&format!("{LINK_HEADER}ab,a,b,rail,120,1520,,true,,s\n")).unwrap();
        assert_eq!(network.nodes().len(), 3);
        assert_eq!(network.edges().len(), 2);
        let lane = &network.edges()[0];
        assert!(
            (lane.distance_km - 111.32).abs() < 0.01,
            "{}",
            lane.distance_km
        );
        assert_eq!(network.ports().count(), 2);
        let alpha = network.port("xxaaa").unwrap();
        assert_eq!(
            alpha.defaults.as_ref().and_then(|d| d.moves_per_h()),
            Some(50.0)
        );
    }

    #[test]
    fn rejects_a_link_shorter_than_the_geodesic() {
        let err = load(&format!("{LINK_HEADER}ab,a,b,rail,100,1520,,true,,s\n")).unwrap_err();
        assert_eq!(err.file, "links.csv");
        assert_eq!(err.line, Some(2));
        assert!(err.message.contains("shorter than"), "{err}");
    }

    #[test]
    fn rejects_an_unknown_node_with_its_line() {
        let err = load(&format!("{LINK_HEADER}ab,a,zz,road,200,,,true,,s\n")).unwrap_err();
        assert_eq!(err.to_string(), "links.csv:2: unknown node `zz`");
    }

    #[test]
    fn rejects_rail_without_gauge() {
        let err = load(&format!("{LINK_HEADER}ab,a,b,rail,200,,,true,,s\n")).unwrap_err();
        assert!(err.message.contains("gauge"), "{err}");
    }

    #[test]
    fn rejects_a_malformed_shape() {
        let err = load(&format!("{LINK_HEADER}ab,a,b,road,200,,,true,0.5,s\n")).unwrap_err();
        assert!(err.message.contains("shape point"), "{err}");
    }

    #[test]
    fn the_builtin_network_loads() {
        let network = Network::builtin();
        assert!(network.ports().count() >= 35);
        assert!(network.passages().iter().any(|p| p == "suez"));
    }
}
