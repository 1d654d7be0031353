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

/// Lower case, accents folded (`Tromsø` → `tromso`, `Gdańsk` → `gdansk`),
/// every run of non-alphanumeric characters one space, and `saint` written
/// `st`, so `St. Petersburg`, `saint-petersburg` and `ST PETERSBURG` are one
/// key.
pub(crate) fn normalise(text: &str) -> String {
    let text = fold_accents(text);
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

/// The Latin letters with diacritics (Latin-1 Supplement and Latin
/// Extended-A, which cover the port names of the data) as their base letters.
/// Other characters pass unchanged.
fn fold_accents(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let folded = match c as u32 {
            0xC0..=0xC5 | 0xE0..=0xE5 | 0x100..=0x105 => "a",
            0xC6 | 0xE6 => "ae",
            0xC7 | 0xE7 | 0x106..=0x10D => "c",
            0xD0 | 0xF0 | 0x10E..=0x111 => "d",
            0xC8..=0xCB | 0xE8..=0xEB | 0x112..=0x11B => "e",
            0x11C..=0x123 => "g",
            0x124..=0x127 => "h",
            0xCC..=0xCF | 0xEC..=0xEF | 0x128..=0x131 => "i",
            0x132 | 0x133 => "ij",
            0x134 | 0x135 => "j",
            0x136..=0x138 => "k",
            0x139..=0x142 => "l",
            0xD1 | 0xF1 | 0x143..=0x14B => "n",
            0xD2..=0xD6 | 0xD8 | 0xF2..=0xF6 | 0xF8 | 0x14C..=0x151 => "o",
            0x152 | 0x153 => "oe",
            0x154..=0x159 => "r",
            0xDF => "ss",
            0x15A..=0x161 | 0x17F => "s",
            0x162..=0x167 => "t",
            0xDE | 0xFE => "th",
            0xD9..=0xDC | 0xF9..=0xFC | 0x168..=0x173 => "u",
            0x174 | 0x175 => "w",
            0xDD | 0xFD | 0xFF | 0x176..=0x178 => "y",
            0x179..=0x17E => "z",
            _ => {
                out.push(c);
                continue;
            }
        };
        out.push_str(folded);
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
            // An id or LOCODE written out beats a name; then the most
            // prominent node (a curated port beats a major world port, which
            // beats a minor one, which beats a waypoint).
            let exact: Vec<NodeId> = found
                .iter()
                .copied()
                .filter(|id| {
                    let n = &nodes[id.index()];
                    normalise(&n.id) == key
                        || n.locode.as_deref().map(normalise) == Some(key.clone())
                })
                .collect();
            let best = found
                .iter()
                .map(|id| nodes[id.index()].prominence)
                .min()
                .expect("a key has at least one node");
            let candidates: Vec<NodeId> = if exact.len() == 1 {
                exact
            } else {
                found
                    .iter()
                    .copied()
                    .filter(|id| nodes[id.index()].prominence == best)
                    .collect()
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
    fn normalise_folds_accents() {
        assert_eq!(normalise("Tromsø"), "tromso");
        assert_eq!(normalise("GDAŃSK"), "gdansk");
        assert_eq!(normalise("Haydarpaşa"), "haydarpasa");
        assert_eq!(normalise("Île-de-Sein"), "ile de sein");
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
