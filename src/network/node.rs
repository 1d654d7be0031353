//! Nodes: ports, inland terminals, border stations and sea waypoints.

use serde::Serialize;

/// Index of a node in its [`Network`](super::Network).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct NodeId(pub(crate) u32);

impl NodeId {
    /// The index into [`Network::nodes`](super::Network::nodes).
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// What a node is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum NodeKind {
    /// A sea port on the world ocean.
    Sea,
    /// A port on the Caspian Sea (a closed water body).
    Caspian,
    /// A river port (Astrakhan, Olya on the Volga).
    River,
    /// An inland rail or road terminal.
    RailTerminal,
    /// A border station (and, for Astara (Iran), a small Caspian port).
    Border,
    /// A point sea lanes pass: a strait, a cape, an open-sea turning point.
    Waypoint,
}

impl NodeKind {
    /// Parses the `kind` column of `ports.csv`.
    pub fn parse(text: &str) -> Option<NodeKind> {
        Some(match text {
            "sea" => NodeKind::Sea,
            "caspian" => NodeKind::Caspian,
            "river" => NodeKind::River,
            "rail-terminal" => NodeKind::RailTerminal,
            "border" => NodeKind::Border,
            "waypoint" => NodeKind::Waypoint,
            _ => return None,
        })
    }

    /// The name used in the CSV files and in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            NodeKind::Sea => "sea",
            NodeKind::Caspian => "caspian",
            NodeKind::River => "river",
            NodeKind::RailTerminal => "rail-terminal",
            NodeKind::Border => "border",
            NodeKind::Waypoint => "waypoint",
        }
    }
}

/// Port defaults the corridor model starts from. Most are estimates (see
/// `source`); a scenario may override any of them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PortDefaults {
    /// Container berths available to the modelled service.
    pub berths: Option<u32>,
    /// Ship-to-shore cranes in total.
    pub cranes: Option<u32>,
    /// Gross crane rate, container moves per hour per crane.
    pub moves_per_crane_h: Option<f64>,
    /// Deepest draught the port accepts, metres.
    pub max_draft_m: Option<f64>,
    /// Port dues for one call of a ~4,000 TEU ship, US dollars.
    pub dues_usd_per_call: Option<f64>,
    /// Published average ship turnaround, hours.
    pub turnaround_h: Option<f64>,
    /// Where these figures come from (S# of `shared/domain.md`, or EST).
    pub source: String,
}

impl PortDefaults {
    /// Handling rate in moves per hour with every crane working, if known.
    pub fn moves_per_h(&self) -> Option<f64> {
        Some(self.cranes? as f64 * self.moves_per_crane_h?)
    }
}

/// How much a node counts when a name matches several: a curated place (or
/// a scenario's own) beats a major world port, which beats a minor one, which
/// beats a waypoint. `Hamburg` is Hamburg (DEHAM), not Hamburg, New York.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Prominence {
    /// A place of `ports.csv` or of a scenario's `[nodes]`.
    Curated,
    /// A world port searoute marks as a cargo terminal.
    Major,
    /// Any other world port.
    Minor,
    /// A waypoint or MARNET node.
    Waypoint,
}

/// A port, terminal, border station or waypoint.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Node {
    /// Stable id used in the CSV files (`chennai`, `astara-ir`, `dondra`).
    pub id: String,
    /// UN/LOCODE where known (`INMAA`).
    pub locode: Option<String>,
    /// Display name.
    pub name: String,
    /// Other names accepted on the command line.
    pub aliases: Vec<String>,
    /// ISO 3166 alpha-2 country code (ports and land nodes).
    pub country: Option<String>,
    /// Latitude, degrees north.
    pub lat: f64,
    /// Longitude, degrees east in [-180, 180].
    pub lon: f64,
    /// What the node is.
    pub kind: NodeKind,
    /// Which node wins when a name matches several.
    pub prominence: Prominence,
    /// Port defaults (ports only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub defaults: Option<PortDefaults>,
    /// Where the position (and code) comes from.
    pub source: String,
}

impl Node {
    /// The position as a geo point (x = longitude, y = latitude).
    pub fn point(&self) -> geo::Point<f64> {
        geo::Point::new(self.lon, self.lat)
    }

    /// True for waypoints (points on sea lanes, not places cargo is handled).
    pub fn is_waypoint(&self) -> bool {
        self.kind == NodeKind::Waypoint
    }

    /// `Name (LOCODE)` or `Name (id)`.
    pub fn label(&self) -> String {
        match &self.locode {
            Some(code) => format!("{} ({code})", self.name),
            None => format!("{} ({})", self.name, self.id),
        }
    }
}
