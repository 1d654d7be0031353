//! The network's data: four CSV files in `src/network/data/`, compiled into the
//! binary, read with the csv crate and validated into a [`Network`].
//!
//! | file | one row is |
//! |---|---|
//! | `ports.csv` | a port, inland terminal or border station, with its defaults |
//! | `waypoints.csv` | a point sea lanes pass (strait, cape, open-sea turn) |
//! | `lanes.csv` | a sea lane: passage, sea region, kind, vessel limits, ice |
//! | `links.csv` | a rail, road or ferry link: km, gauge, border, enabled |
//!
//! Every row carries a `source` column (S# of `shared/domain.md`, or EST with
//! a reason). Sea lane lengths are computed (geodesic); land link lengths are
//! read; ferry lengths are the shortest Caspian sea path, computed here.

use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::sync::OnceLock;

use serde::Deserialize;

use super::edge::{Edge, EdgeId, EdgeKind, IceRegime, Mode};
use super::geometry::{densify, densify_path, geodesic_km};
use super::lookup::Names;
use super::node::{Node, NodeId, NodeKind, PortDefaults};
use super::routing::{self, Filter};

/// `ports.csv` as compiled into the binary.
pub const PORTS_CSV: &str = include_str!("data/ports.csv");
/// `waypoints.csv` as compiled into the binary.
pub const WAYPOINTS_CSV: &str = include_str!("data/waypoints.csv");
/// `lanes.csv` as compiled into the binary.
pub const LANES_CSV: &str = include_str!("data/lanes.csv");
/// `links.csv` as compiled into the binary.
pub const LINKS_CSV: &str = include_str!("data/links.csv");

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
            Network::from_csv(
                PORTS_CSV.as_bytes(),
                WAYPOINTS_CSV.as_bytes(),
                LANES_CSV.as_bytes(),
                LINKS_CSV.as_bytes(),
            )
            .expect("the built-in network data is valid (the network tests load it)")
        })
    }

    /// Reads and validates a network from the four CSV files (see the module
    /// docs for their columns).
    pub fn from_csv(
        ports: impl Read,
        waypoints: impl Read,
        lanes: impl Read,
        links: impl Read,
    ) -> Result<Network, DataError> {
        let mut nodes: Vec<Node> = Vec::new();
        let mut index: HashMap<String, NodeId> = HashMap::new();

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
                    defaults,
                    source: row.source,
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
                    defaults: None,
                    source: row.source,
                },
            )?;
        }

        let find = |file: &str, line: u64, id: &str| -> Result<NodeId, DataError> {
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
            let id = format!("{}--{}", row.from, row.to);
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
            let Network {
                nodes, mut edges, ..
            } = network;
            edges.extend(ferry_edges);
            network = Network::assemble(nodes, edges);
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
        Network {
            nodes,
            edges,
            adjacency,
            names,
            passages,
        }
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
