//! Edges: sea lanes between waypoints and ports, and rail, road and ferry links.

use serde::Serialize;

use super::node::NodeId;

/// Index of an edge in its [`Network`](super::Network).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct EdgeId(pub(crate) u32);

impl EdgeId {
    /// The index into [`Network::edges`](super::Network::edges).
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// How cargo moves along an edge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Mode {
    /// The modelled ship sails a sea lane (the ocean, or the Caspian and the
    /// Volga–Caspian channel).
    Sea,
    /// Rail.
    Rail,
    /// Road (truck).
    Road,
    /// A Caspian ferry or feeder service: the cargo changes ship, and the
    /// distance is the shortest Caspian sea path between the two ports.
    Ferry,
}

impl Mode {
    /// Every mode.
    pub const ALL: [Mode; 4] = [Mode::Sea, Mode::Rail, Mode::Road, Mode::Ferry];

    /// The name used in the CSV files, on the command line and in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Sea => "sea",
            Mode::Rail => "rail",
            Mode::Road => "road",
            Mode::Ferry => "ferry",
        }
    }

    /// Parses a mode name.
    pub fn parse(text: &str) -> Option<Mode> {
        Mode::ALL.into_iter().find(|m| m.as_str() == text)
    }

    /// True for modes on water (sea and ferry).
    pub fn is_water(self) -> bool {
        matches!(self, Mode::Sea | Mode::Ferry)
    }
}

impl std::fmt::Display for Mode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What kind of water (or land) an edge crosses; the land-mask test uses it to
/// know which lanes may legitimately run through coarse coastlines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum EdgeKind {
    /// Open sea.
    Open,
    /// A strait or narrow passage.
    Strait,
    /// A ship canal (Suez, the Volga–Caspian sea channel).
    Canal,
    /// A river (the Volga delta).
    River,
    /// The last miles into a port.
    Approach,
    /// A land link (rail or road) or a ferry service.
    Link,
}

impl EdgeKind {
    /// Parses the `kind` column of `lanes.csv`.
    pub fn parse(text: &str) -> Option<EdgeKind> {
        Some(match text {
            "open" => EdgeKind::Open,
            "strait" => EdgeKind::Strait,
            "canal" => EdgeKind::Canal,
            "river" => EdgeKind::River,
            "approach" => EdgeKind::Approach,
            _ => return None,
        })
    }
}

/// Ice on a sea lane, and so the ice class a ship needs (see
/// [`IceClass`](super::IceClass) and [`Season`](super::Season)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum IceRegime {
    /// Open all year.
    None,
    /// Ice in winter (Gulf of Finland, northern Caspian, Bering Sea): an
    /// ice-class ship (Ice1 or better) is needed in winter.
    Seasonal,
    /// The Northern Sea Route: Ice1 or better in the summer–autumn season,
    /// Arc7 in winter (where it is open only with icebreakers, S15).
    Arctic,
    /// An inland waterway closed to navigation in the ice season (the
    /// Volga–Don, roughly December–April), whatever the ship's ice class.
    ClosedInWinter,
}

impl IceRegime {
    /// Parses the `ice` column of `lanes.csv`.
    pub fn parse(text: &str) -> Option<IceRegime> {
        Some(match text {
            "none" | "" => IceRegime::None,
            "seasonal" => IceRegime::Seasonal,
            "arctic" => IceRegime::Arctic,
            "closed-winter" => IceRegime::ClosedInWinter,
            _ => return None,
        })
    }
}

/// A sea lane or a land link. Edges are undirected; `geometry` runs from
/// `from` to `to`.
#[derive(Debug, Clone, PartialEq)]
pub struct Edge {
    /// Stable id: `from--to` for sea lanes, the `id` column for land links.
    pub id: String,
    /// One end.
    pub from: NodeId,
    /// The other end.
    pub to: NodeId,
    /// How cargo moves.
    pub mode: Mode,
    /// What the edge crosses.
    pub kind: EdgeKind,
    /// Length, kilometres.
    pub distance_km: f64,
    /// The named passages the edge belongs to (`suez`, `malacca`, `nsr`, …).
    /// One for a sea lane at a chokepoint, several for a ferry whose sea path
    /// crosses several, none in open water or on land.
    pub passages: Vec<String>,
    /// Kilometres in each sea region, in path order (one entry for a lane,
    /// several for a ferry, none for land links).
    pub regions: Vec<(String, f64)>,
    /// Deepest draught allowed, metres.
    pub max_draft_m: Option<f64>,
    /// Longest ship allowed, metres.
    pub max_length_m: Option<f64>,
    /// Ice on the lane.
    pub ice: IceRegime,
    /// Rail gauge, millimetres (rail only).
    pub gauge_mm: Option<u32>,
    /// The border crossing on this link, if any.
    pub border: Option<String>,
    /// False for planned links (Rasht–Astara rail) that a request must enable.
    pub enabled_by_default: bool,
    /// Where the length and limits come from.
    pub source: String,
    /// Densified geometry as `[lon, lat]` pairs from `from` to `to`.
    pub geometry: Vec<[f64; 2]>,
}

impl Edge {
    /// Length in nautical miles.
    pub fn distance_nm(&self) -> f64 {
        self.distance_km / super::KM_PER_NM
    }

    /// The end that is not `node` (or `from`, if `node` is neither).
    pub fn other(&self, node: NodeId) -> NodeId {
        if node == self.from {
            self.to
        } else {
            self.from
        }
    }

    /// The main sea region: the one with the most kilometres.
    pub fn main_region(&self) -> Option<&str> {
        self.regions
            .iter()
            .max_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(name, _)| name.as_str())
    }
}
