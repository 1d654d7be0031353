//! What the hand-built network knew, laid as data on the MARNET lanes: named
//! passages (`passages.csv`: what `--avoid` names, with their vessel limits)
//! and sea regions (`regions.csv`: weather and ice), both found by the lane's
//! midpoint in latitude/longitude boxes; and the nearest-node index that
//! joins ports (built-in or a scenario's own) to the network.

use super::edge::{EdgeKind, IceRegime};
use super::geometry::geodesic_km;

/// A latitude/longitude box, `lat0 lon0 lat1 lon1` (south-west corner, then
/// north-east). A box with `lon0 > lon1` crosses 180°.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct GeoBox {
    lat0: f64,
    lon0: f64,
    lat1: f64,
    lon1: f64,
}

impl GeoBox {
    pub(crate) fn contains(&self, lon: f64, lat: f64) -> bool {
        let in_lon = if self.lon0 <= self.lon1 {
            (self.lon0..=self.lon1).contains(&lon)
        } else {
            lon >= self.lon0 || lon <= self.lon1
        };
        in_lon && (self.lat0..=self.lat1).contains(&lat)
    }
}

/// Parses `lat0 lon0 lat1 lon1;…`.
pub(crate) fn parse_boxes(text: &str) -> Result<Vec<GeoBox>, String> {
    let mut boxes = Vec::new();
    for part in text.split(';').map(str::trim).filter(|p| !p.is_empty()) {
        let numbers: Vec<f64> = part
            .split_whitespace()
            .map(str::parse::<f64>)
            .collect::<Result<_, _>>()
            .map_err(|_| format!("box `{part}` is not four numbers"))?;
        let [lat0, lon0, lat1, lon1] = numbers[..] else {
            return Err(format!("box `{part}` is not `lat0 lon0 lat1 lon1`"));
        };
        let lat_ok = |v: f64| (-90.0..=90.0).contains(&v);
        let lon_ok = |v: f64| (-180.0..=180.0).contains(&v);
        if !(lat_ok(lat0) && lat_ok(lat1) && lon_ok(lon0) && lon_ok(lon1) && lat0 < lat1) {
            return Err(format!(
                "box `{part}` is outside the globe or has lat0 >= lat1"
            ));
        }
        boxes.push(GeoBox {
            lat0,
            lon0,
            lat1,
            lon1,
        });
    }
    Ok(boxes)
}

/// The midpoint of a lane in plain longitude/latitude, taking the short way
/// round across 180°. Lanes are short enough (MARNET's longest is about
/// 2,000 km) for this to fall in the right box.
pub(crate) fn midpoint(a: [f64; 2], b: [f64; 2]) -> [f64; 2] {
    let mut dlon = b[0] - a[0];
    if dlon > 180.0 {
        dlon -= 360.0;
    } else if dlon < -180.0 {
        dlon += 360.0;
    }
    let mut lon = a[0] + dlon / 2.0;
    if lon >= 180.0 {
        lon -= 360.0;
    } else if lon < -180.0 {
        lon += 360.0;
    }
    [lon, (a[1] + b[1]) / 2.0]
}

/// One row of `regions.csv`.
#[derive(Debug, Clone)]
pub(crate) struct Region {
    pub(crate) name: String,
    pub(crate) ice: IceRegime,
    pub(crate) boxes: Vec<GeoBox>,
}

/// One row of `passages.csv`.
#[derive(Debug, Clone)]
pub(crate) struct Passage {
    pub(crate) name: String,
    pub(crate) kind: EdgeKind,
    /// MARNET passage tags that mean this passage.
    pub(crate) tags: Vec<String>,
    pub(crate) boxes: Vec<GeoBox>,
    pub(crate) max_draft_m: Option<f64>,
    pub(crate) max_length_m: Option<f64>,
    /// The published length of the passage over the geodesic length of its
    /// lanes (a canal MARNET draws straighter than it runs); 1 for most.
    pub(crate) length_factor: f64,
}

/// The overlays, in file order (first match wins).
#[derive(Debug, Clone, Default)]
pub(crate) struct SeaOverlay {
    pub(crate) regions: Vec<Region>,
    pub(crate) passages: Vec<Passage>,
}

/// What the overlays say about one lane.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct LaneFacts {
    pub(crate) region: String,
    pub(crate) ice: IceRegime,
    pub(crate) passages: Vec<String>,
    pub(crate) kind: EdgeKind,
    pub(crate) max_draft_m: Option<f64>,
    pub(crate) max_length_m: Option<f64>,
    /// What the lane's geodesic length is multiplied by (the largest
    /// factor among its passages).
    pub(crate) length_factor: f64,
}

/// The region of waters no box names (there should be none; the land test
/// would show it in a route's regions).
pub(crate) const UNNAMED_REGION: &str = "open-ocean";

impl SeaOverlay {
    /// The facts for a lane from `a` to `b` (`[lon, lat]`) with MARNET tag
    /// `tag`: the first region whose box holds the midpoint; every passage
    /// (first matching row per name) whose tag matches or whose box holds the
    /// midpoint; the tightest limits and the narrowest kind among them.
    pub(crate) fn facts(&self, a: [f64; 2], b: [f64; 2], tag: &str, kind: EdgeKind) -> LaneFacts {
        let [lon, lat] = midpoint(a, b);
        let region = self
            .regions
            .iter()
            .find(|r| r.boxes.iter().any(|bx| bx.contains(lon, lat)));
        let mut facts = LaneFacts {
            region: region.map_or(UNNAMED_REGION.to_string(), |r| r.name.clone()),
            ice: region.map_or(IceRegime::None, |r| r.ice),
            passages: Vec::new(),
            kind,
            max_draft_m: None,
            max_length_m: None,
            length_factor: 1.0,
        };
        for p in &self.passages {
            if facts.passages.contains(&p.name) {
                continue;
            }
            let by_tag = !tag.is_empty() && p.tags.iter().any(|t| t == tag);
            if !(by_tag || p.boxes.iter().any(|bx| bx.contains(lon, lat))) {
                continue;
            }
            facts.passages.push(p.name.clone());
            facts.max_draft_m = min_opt(facts.max_draft_m, p.max_draft_m);
            facts.max_length_m = min_opt(facts.max_length_m, p.max_length_m);
            facts.length_factor = facts.length_factor.max(p.length_factor);
            // A canal beats a river beats a strait beats open water; an
            // approach stays one.
            if kind != EdgeKind::Approach {
                facts.kind = match (facts.kind, p.kind) {
                    (EdgeKind::Canal, _) | (_, EdgeKind::Canal) => EdgeKind::Canal,
                    (EdgeKind::River, _) | (_, EdgeKind::River) => EdgeKind::River,
                    (EdgeKind::Strait, _) | (_, EdgeKind::Strait) => EdgeKind::Strait,
                    (k, _) => k,
                };
            }
        }
        facts
    }
}

fn min_opt(a: Option<f64>, b: Option<f64>) -> Option<f64> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, None) => x,
        (None, y) => y,
    }
}

/// Nodes bucketed in 1° cells, for the nearest-node search.
#[derive(Debug, Clone, Default)]
pub(crate) struct NodeGrid {
    cells: std::collections::HashMap<(i32, i32), Vec<u32>>,
    points: Vec<[f64; 2]>,
}

impl NodeGrid {
    /// Indexes `points` (`[lon, lat]`); the search returns indexes into it.
    pub(crate) fn new(points: Vec<[f64; 2]>) -> NodeGrid {
        let mut cells: std::collections::HashMap<(i32, i32), Vec<u32>> =
            std::collections::HashMap::new();
        for (i, p) in points.iter().enumerate() {
            cells.entry(cell(*p)).or_default().push(i as u32);
        }
        NodeGrid { cells, points }
    }

    /// The nearest point to `at` and its geodesic distance in km, or `None`
    /// for an empty grid.
    pub(crate) fn nearest(&self, at: [f64; 2]) -> Option<(usize, f64)> {
        self.nearest_k(at, 1).into_iter().next()
    }

    /// The `k` nearest points to `at` with their geodesic distances in km,
    /// nearest first. Searches rings of cells outward until the next ring
    /// cannot hold anything nearer than the k-th found (a cell is 111 km
    /// tall and 111 km × cos(lat) wide; the bound takes the narrowest width
    /// in reach).
    pub(crate) fn nearest_k(&self, at: [f64; 2], k: usize) -> Vec<(usize, f64)> {
        let mut found: Vec<(usize, f64)> = Vec::new();
        if self.points.is_empty() || k == 0 {
            return found;
        }
        let (cx, cy) = cell(at);
        for radius in 0..=180i32 {
            for dx in -radius..=radius {
                for dy in -radius..=radius {
                    if dx.abs() != radius && dy.abs() != radius {
                        continue;
                    }
                    let x = (cx + dx + 180).rem_euclid(360) - 180;
                    for &i in self.cells.get(&(x, cy + dy)).into_iter().flatten() {
                        found.push((i as usize, geodesic_km(at, self.points[i as usize])));
                    }
                }
            }
            if found.len() >= k {
                found.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
                let lat = (at[1].abs() + radius as f64 + 1.0).min(89.0);
                let cell_km = 111.0 * lat.to_radians().cos();
                if found[k - 1].1 <= radius as f64 * cell_km {
                    break;
                }
            }
        }
        found.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
        found.truncate(k);
        found
    }
}

fn cell(p: [f64; 2]) -> (i32, i32) {
    (p[0].floor() as i32, p[1].floor() as i32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_box_across_180_holds_both_sides() {
        let b = parse_boxes("51 162 66 -157").unwrap()[0];
        assert!(b.contains(175.0, 60.0));
        assert!(b.contains(-170.0, 60.0));
        assert!(!b.contains(0.0, 60.0));
        assert!(!b.contains(175.0, 70.0));
    }

    #[test]
    fn bad_boxes_are_refused() {
        assert!(parse_boxes("1 2 3").is_err());
        assert!(parse_boxes("10 0 5 1").is_err());
        assert!(parse_boxes("0 0 95 1").is_err());
    }

    #[test]
    fn the_midpoint_takes_the_short_way_round() {
        let m = midpoint([179.0, 0.0], [-179.0, 2.0]);
        assert!((m[0].abs() - 180.0).abs() < 1e-9, "{m:?}");
        assert_eq!(m[1], 1.0);
    }

    #[test]
    fn the_grid_finds_the_nearest_point_even_across_180() {
        let grid = NodeGrid::new(vec![[179.9, 10.0], [170.0, 10.0], [-100.0, 10.0]]);
        assert_eq!(grid.nearest([-179.9, 10.0]).unwrap().0, 0);
        assert_eq!(grid.nearest([171.0, 11.0]).unwrap().0, 1);
        // Far from everything: still found.
        assert_eq!(grid.nearest([-60.0, 10.0]).unwrap().0, 2);
        let two: Vec<usize> = grid
            .nearest_k([175.0, 10.0], 2)
            .iter()
            .map(|p| p.0)
            .collect();
        assert_eq!(two, vec![0, 1]);
    }
}
