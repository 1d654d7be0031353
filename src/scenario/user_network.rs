//! A scenario's own places and links (`[nodes.NAME]`, `[links.NAME]`): read
//! raw, checked, and added to a copy of the network the rest of validation
//! resolves names against, so routes use them like built-in ones.
//!
//! ```toml
//! [nodes.chennai-north]             # a planned terminal
//! name = "Chennai North Terminal"   # optional; the key otherwise
//! kind = "port"                     # port | caspian-port | river-port | terminal | dry-port | border
//! lat = 13.32
//! lon = 80.35
//! class = "terminal"                # port defaults: terminal | port (default port)
//!
//! [links.chennai-north-bengaluru]
//! from = "chennai-north"
//! to = "INBLR"                      # any known name, or a node above
//! mode = "rail"                     # rail | road
//! km = 370                          # at least the geodesic between the ends
//! gauge_mm = 1676
//! ```
//!
//! A `port` joins the sea lanes at the nearest open-sea node whose
//! connector does not cross land; a `caspian-port` or `river-port` joins the
//! Caspian. Ports take the defaults of their class (`port_classes.csv`),
//! which `[ports.ID]` overrides as for built-in ports.

use indexmap::IndexMap;
use serde::Deserialize;

use super::error::{KeyPath, ScenarioError};
use super::raw::RawScenario;
use super::source::Layers;
use crate::network::{Mode, Network, NewLink, NewNode, NodeKind};

/// `[nodes.NAME]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawNode {
    pub name: Option<String>,
    pub kind: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub locode: Option<String>,
    pub class: Option<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
}

/// `[links.NAME]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLink {
    pub from: Option<String>,
    pub to: Option<String>,
    pub mode: Option<String>,
    pub km: Option<f64>,
    pub gauge_mm: Option<u32>,
    pub border: Option<String>,
    pub enabled: Option<bool>,
}

/// The kinds a scenario may give a node, and what each is in the network.
const KINDS: [(&str, NodeKind); 6] = [
    ("port", NodeKind::Sea),
    ("caspian-port", NodeKind::Caspian),
    ("river-port", NodeKind::River),
    ("terminal", NodeKind::RailTerminal),
    ("dry-port", NodeKind::RailTerminal),
    ("border", NodeKind::Border),
];

/// The network with the scenario's own nodes and links, or `None` when it
/// adds none (then the given network serves as it is).
pub(crate) fn extend(
    layers: &Layers,
    nodes: &IndexMap<String, RawNode>,
    links: &IndexMap<String, RawLink>,
    network: &Network,
) -> Result<Option<Network>, ScenarioError> {
    if nodes.is_empty() && links.is_empty() {
        return Ok(None);
    }
    let at = |table: &str, id: &str, field: Option<&str>| {
        let p = KeyPath::root().key(table).key(id);
        match field {
            Some(f) => p.key(f),
            None => p,
        }
    };
    let missing = |table: &str, id: &str, field: &str| {
        layers
            .error_at(&at(table, id, Some(field)), "is missing")
            .with_hint(format!(
                "add `{field}` (see docs/network.md, \"Nodes of your own\")"
            ))
    };
    let mut new_nodes = Vec::new();
    for (id, raw) in nodes {
        let kind_text = raw
            .kind
            .as_deref()
            .ok_or_else(|| missing("nodes", id, "kind"))?;
        let kind = KINDS
            .iter()
            .find(|(name, _)| *name == kind_text)
            .map(|(_, k)| *k)
            .ok_or_else(|| {
                let names: Vec<&str> = KINDS.iter().map(|(n, _)| *n).collect();
                layers
                    .error_at(
                        &at("nodes", id, Some("kind")),
                        format!("unknown kind `{kind_text}`"),
                    )
                    .with_hint(format!("kind is one of {}", names.join(", ")))
            })?;
        new_nodes.push(NewNode {
            id: id.clone(),
            name: raw.name.clone().unwrap_or_else(|| id.clone()),
            kind,
            lat: raw.lat.ok_or_else(|| missing("nodes", id, "lat"))?,
            lon: raw.lon.ok_or_else(|| missing("nodes", id, "lon"))?,
            locode: raw.locode.clone(),
            aliases: raw.aliases.clone(),
            // Ports take the defaults of a class (the small `port` class
            // unless the scenario names another); `[ports.ID]` overrides.
            class: raw.class.clone().or_else(|| {
                matches!(kind, NodeKind::Sea | NodeKind::Caspian | NodeKind::River)
                    .then(|| "port".to_string())
            }),
        });
    }
    let mut new_links = Vec::new();
    for (id, raw) in links {
        let mode_text = raw
            .mode
            .as_deref()
            .ok_or_else(|| missing("links", id, "mode"))?;
        let mode = Mode::parse(mode_text)
            .filter(|m| matches!(m, Mode::Rail | Mode::Road))
            .ok_or_else(|| {
                layers
                    .error_at(
                        &at("links", id, Some("mode")),
                        format!("mode must be rail or road, got `{mode_text}`"),
                    )
                    .with_hint("sea lanes and ferries come from the network; a new port joins them by itself")
            })?;
        new_links.push(NewLink {
            id: id.clone(),
            from: raw
                .from
                .clone()
                .ok_or_else(|| missing("links", id, "from"))?,
            to: raw.to.clone().ok_or_else(|| missing("links", id, "to"))?,
            mode,
            km: raw.km.ok_or_else(|| missing("links", id, "km"))?,
            gauge_mm: raw.gauge_mm,
            border: raw.border.clone(),
            enabled: raw.enabled.unwrap_or(true),
        });
    }
    network
        .with_additions(&new_nodes, &new_links)
        .map(Some)
        .map_err(|e| layers.error_at(&at(e.table, &e.id, e.field), e.message))
}

/// [`extend`] for a whole raw scenario.
pub(crate) fn extend_for(
    layers: &Layers,
    raw: &RawScenario,
    network: &Network,
) -> Result<Option<Network>, ScenarioError> {
    extend(layers, &raw.nodes, &raw.links, network)
}
