//! Geography: ports, sea lanes, land links and multimodal routing.
//!
//! This module owns where ships, trains and trucks can go and how far it is.
//! The sea lanes are Eurostat's MARNET and the ports the UN/LOCODE list, both
//! as shipped by the searoute package (Apache-2.0), converted by
//! `src/network/data/make_marnet.py`; what the hand-built network knew
//! (passages, sea regions, the Caspian) is laid on top as data.
//! It knows nothing about time, cost or queues: the corridor model asks it for
//! a [`Route`] and turns the legs into events.
//!
//! - [`node`]: ports, terminals, border stations and sea waypoints ([`Node`]),
//!   with the defaults the model uses for ports ([`PortDefaults`]).
//! - [`edge`]: sea lanes and land links ([`Edge`]), their [`Mode`], passage,
//!   sea region, gauge, border crossing and vessel limits.
//! - [`load`]: the CSV files in `src/network/data/` (compiled into the binary)
//!   and their validation into a [`Network`].
//! - [`routing`]: shortest paths with restrictions ([`RouteRequest`] →
//!   [`Route`]).
//! - [`geometry`]: densified geodesic geometry, the antimeridian split of
//!   RFC 7946 and the GeoJSON export.
//! - [`land`]: the Natural Earth land masks (1:110m built in; the tests use
//!   1:50m) and a segment index to check that lanes do not cross land.
//! - `sea`: the passage and region overlays laid on the MARNET lanes, and the
//!   nearest-node index that joins ports to them.
//! - [`user`]: places and links of a scenario's own
//!   ([`Network::with_additions`]).
//!
//! # Units
//!
//! Distances are kilometres (`_km`) and nautical miles (`_nm`, 1 nm = 1.852 km
//! exactly); coordinates are WGS84 degrees, longitude in [-180, 180]. Sea lane
//! lengths are geodesic distances on the WGS84 ellipsoid (geo's [`geo::Geodesic`]
//! metric, Karney 2013); land link lengths are published route lengths, cited
//! per row. See `docs/network.md` for the data sources and the accuracy table.
//!
//! # Example
//!
//! ```
//! use corridor::network::{Network, RouteRequest};
//!
//! let network = Network::builtin();
//! let route = network.route(&RouteRequest::sea("chennai", "vladivostok")).unwrap();
//! assert!(route.passages.iter().any(|p| p == "malacca"));
//! assert!(route.distance_nm > 4_000.0 && route.distance_nm < 6_000.0);
//! ```

pub mod edge;
pub mod geometry;
pub mod land;
pub mod load;
mod lookup;
pub mod node;
pub mod routing;
mod sea;
pub mod user;

pub use edge::{Edge, EdgeId, EdgeKind, IceRegime, Mode};
pub use load::{DataError, DataFiles, Network};
pub use node::{Node, NodeId, NodeKind, PortDefaults, Prominence};
pub use routing::{
    IceClass, Leg, RegionDistance, Route, RouteRequest, Season, Transshipment, VesselLimits,
};
pub use user::{AdditionError, NewLink, NewNode};

/// Kilometres in one nautical mile (exact, by definition).
pub const KM_PER_NM: f64 = 1.852;

/// Errors of the network layer. Every variant describes bad input (a name, a
/// restriction, a request that cannot be met), so the binary exits with code 2.
/// Broken data files are a [`DataError`] instead.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum NetworkError {
    /// A name or code that matches no known port, terminal or waypoint.
    #[error("unknown port or node `{name}`{}", suggest_or_list(suggestions))]
    UnknownPort {
        /// What the user typed.
        name: String,
        /// The closest known names, best first (may be empty).
        suggestions: Vec<String>,
    },
    /// A name that matches more than one node (e.g. `astara`).
    #[error("`{name}` is ambiguous: it could be {}; use the id or the full name", candidates.join(", "))]
    AmbiguousPort {
        /// What the user typed.
        name: String,
        /// The matching nodes as `id (name)`.
        candidates: Vec<String>,
    },
    /// A passage name (for `avoid`) that no lane carries.
    #[error("unknown passage `{name}`{}; known passages: {}", did_you_mean(suggestions), known.join(", "))]
    UnknownPassage {
        /// What the user typed.
        name: String,
        /// The closest known passages.
        suggestions: Vec<String>,
        /// Every passage in the network.
        known: Vec<String>,
    },
    /// An element to avoid written `KIND:NAME` whose name (or kind) the
    /// network does not know: names the kind and lists the valid names.
    #[error("{}", unknown_element(kind, name, known))]
    UnknownElement {
        /// The kind as written (`border`, `port`, `link`, `region`, or an unknown kind).
        kind: String,
        /// The name after the colon.
        name: String,
        /// The valid names of that kind (for an unknown kind: the valid
        /// `KIND:` prefixes), sorted.
        known: Vec<String>,
    },
    /// An edge id (for `enable`) that does not exist.
    #[error("unknown link `{name}`{}", did_you_mean(suggestions))]
    UnknownEdge {
        /// What the user typed.
        name: String,
        /// The closest disabled-by-default links.
        suggestions: Vec<String>,
    },
    /// A vessel limit that is not a finite positive number.
    #[error("invalid vessel limit: {0}")]
    InvalidLimit(String),
    /// The restrictions leave no route; the message names the restrictions and,
    /// where one exists, which of them to drop to get a route.
    #[error("no route from {from} to {to} {restrictions}{}", hint.as_ref().map(|h| format!("\n  hint: {h}")).unwrap_or_default())]
    NoRoute {
        /// Origin (or the start of the failing segment), as `name (id)`.
        from: String,
        /// Destination (or the end of the failing segment).
        to: String,
        /// The restrictions in force, e.g. `by sea, avoiding suez, cape`.
        restrictions: String,
        /// What would give a route, if anything does.
        hint: Option<String>,
    },
}

fn suggest_or_list(suggestions: &[String]) -> String {
    if suggestions.is_empty() {
        " (`corridor ports` lists the known places)".to_string()
    } else {
        did_you_mean(suggestions)
    }
}

/// The kinds of element `avoid` takes before a colon.
pub const AVOID_KINDS: [&str; 6] = ["passage", "canal", "port", "border", "link", "region"];

/// Longest list of known names an error message shows in full.
const LISTED_NAMES: usize = 60;

fn unknown_element(kind: &str, name: &str, known: &[String]) -> String {
    if !AVOID_KINDS.contains(&kind) {
        return format!(
            "unknown kind `{kind}` in `{kind}:{name}`; an element to avoid is one of {}",
            known.join(", ")
        );
    }
    // The caller adds "did you mean" (`scenario::did_you_mean`, as every
    // other name of a scenario or command line gets).
    let mut text = format!("unknown {kind} `{name}`");
    if known.len() <= LISTED_NAMES {
        text.push_str(&format!("; known {kind}s: {}", known.join(", ")));
    } else if kind == "port" {
        text.push_str(" (`corridor ports` lists the known places)");
    } else {
        text.push_str(&format!(
            " (one of {} links; `corridor route FROM TO --json` shows the `edge` of each leg)",
            known.len()
        ));
    }
    text
}

fn did_you_mean(suggestions: &[String]) -> String {
    if suggestions.is_empty() {
        String::new()
    } else {
        format!(" (did you mean {}?)", suggestions.join(", "))
    }
}
