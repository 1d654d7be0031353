//! Name lookup: UN/LOCODEs, ids, names and aliases, case-insensitive, with
//! "did you mean" suggestions.

use std::collections::HashMap;

use super::NetworkError;
use super::node::{Node, NodeId};

/// Index from normalised names to nodes.
#[derive(Debug, Clone, Default)]
pub(crate) struct Names {
    keys: HashMap<String, Vec<NodeId>>,
}

/// Lower case, every run of non-alphanumeric characters one space, and
/// `saint` written `st`, so `St. Petersburg`, `saint-petersburg` and
/// `ST PETERSBURG` are one key.
pub(crate) fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        let word = word.to_lowercase();
        out.push_str(if word == "saint" { "st" } else { &word });
    }
    out
}

/// The keys a node answers to: id, LOCODE, name, the name without its
/// bracketed part and the bracketed part alone (`Baku (Alat)` → `baku`,
/// `alat`), and the aliases.
fn keys_of(node: &Node) -> Vec<String> {
    let mut keys = vec![normalise(&node.id), normalise(&node.name)];
    if let Some(code) = &node.locode {
        keys.push(normalise(code));
    }
    if let (Some(open), Some(close)) = (node.name.find('('), node.name.rfind(')'))
        && open < close
    {
        keys.push(normalise(&node.name[..open]));
        keys.push(normalise(&node.name[open + 1..close]));
    }
    keys.extend(node.aliases.iter().map(|a| normalise(a)));
    keys.retain(|k| !k.is_empty());
    keys.sort();
    keys.dedup();
    keys
}

impl Names {
    pub(crate) fn build(nodes: &[Node]) -> Names {
        let mut keys: HashMap<String, Vec<NodeId>> = HashMap::new();
        for (i, node) in nodes.iter().enumerate() {
            for key in keys_of(node) {
                keys.entry(key).or_default().push(NodeId(i as u32));
            }
        }
        Names { keys }
    }

    pub(crate) fn resolve(&self, nodes: &[Node], query: &str) -> Result<NodeId, NetworkError> {
        let key = normalise(query);
        if let Some(found) = self.keys.get(&key) {
            // A port beats a waypoint of the same name.
            let ports: Vec<NodeId> = found
                .iter()
                .copied()
                .filter(|id| !nodes[id.index()].is_waypoint())
                .collect();
            let candidates = if ports.is_empty() {
                found.clone()
            } else {
                ports
            };
            return match candidates.as_slice() {
                [one] => Ok(*one),
                many => Err(NetworkError::AmbiguousPort {
                    name: query.to_string(),
                    candidates: many
                        .iter()
                        .map(|id| {
                            let n = &nodes[id.index()];
                            format!("{} ({})", n.id, n.name)
                        })
                        .collect(),
                }),
            };
        }
        Err(NetworkError::UnknownPort {
            name: query.to_string(),
            suggestions: self.suggest(nodes, &key),
        })
    }

    /// Up to three nodes whose names are closest to `key`, ports first.
    fn suggest(&self, nodes: &[Node], key: &str) -> Vec<String> {
        let mut best: HashMap<NodeId, f64> = HashMap::new();
        for (candidate, ids) in &self.keys {
            let score = similarity(key, candidate);
            for &id in ids {
                let entry = best.entry(id).or_insert(0.0);
                if score > *entry {
                    *entry = score;
                }
            }
        }
        let mut ranked: Vec<(NodeId, f64)> = best.into_iter().filter(|(_, s)| *s >= 0.8).collect();
        ranked.sort_by(|a, b| {
            let wa = nodes[a.0.index()].is_waypoint();
            let wb = nodes[b.0.index()].is_waypoint();
            wa.cmp(&wb).then(b.1.total_cmp(&a.1)).then(a.0.cmp(&b.0))
        });
        ranked
            .into_iter()
            .take(3)
            .map(|(id, _)| nodes[id.index()].label())
            .collect()
    }
}

/// Similarity in [0, 1] of two normalised names: Jaro–Winkler, raised when one
/// contains the other (so `petersburg` finds `St Petersburg`).
pub(crate) fn similarity(query: &str, candidate: &str) -> f64 {
    let jw = strsim::jaro_winkler(query, candidate);
    let contained = query.len() >= 3 && (candidate.contains(query) || query.contains(candidate));
    if contained { jw.max(0.9) } else { jw }
}

/// Up to three of `known` closest to `query`.
pub(crate) fn closest(query: &str, known: &[String]) -> Vec<String> {
    let key = normalise(query);
    let mut scored: Vec<(f64, &String)> = known
        .iter()
        .map(|k| (similarity(&key, &normalise(k)), k))
        .filter(|(s, _)| *s >= 0.75)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    scored.into_iter().take(3).map(|(_, k)| k.clone()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalise_folds_case_punctuation_and_saint() {
        assert_eq!(normalise("St. Petersburg"), "st petersburg");
        assert_eq!(normalise("saint-petersburg"), "st petersburg");
        assert_eq!(normalise("  NHAVA   Sheva (JNPT) "), "nhava sheva jnpt");
    }

    #[test]
    fn closest_finds_typos() {
        let known = vec![
            "suez".to_string(),
            "malacca".to_string(),
            "hormuz".to_string(),
        ];
        assert_eq!(closest("sues", &known), vec!["suez".to_string()]);
        assert_eq!(closest("malaca", &known), vec!["malacca".to_string()]);
        assert!(closest("xyzzy", &known).is_empty());
    }
}
