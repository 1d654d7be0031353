//! The land mask: Natural Earth 1:110m land polygons (public domain), converted
//! once from the npm package world-atlas by `src/network/data/make_land.py`
//! into `src/network/data/land_110m.json`.
//!
//! The tests use it to check that no sea lane crosses a continent; the report
//! can use it to draw world maps. Polygons crossing 180° are cut there by the
//! conversion script, so plain longitude/latitude point-in-polygon tests work.
//! At 1:110m narrow waters (the Bosporus, Kola Bay, the Neva Bay, the Suez
//! Canal) are not resolved: see `tests/it/network.rs` for the listed
//! exceptions.

use serde::Deserialize;

/// The land polygons as compiled into the binary (about 90 kB).
pub const LAND_110M_JSON: &str = include_str!("data/land_110m.json");

/// A ring: closed list of `[lon, lat]` points.
pub type Ring = Vec<[f64; 2]>;

/// Land polygons with a point-in-land test.
#[derive(Debug, Clone, Deserialize)]
pub struct LandMask {
    /// Where the data comes from.
    pub source: String,
    /// Each polygon is an outer ring followed by its holes.
    pub polygons: Vec<Vec<Ring>>,
    #[serde(skip)]
    bboxes: Vec<[f64; 4]>,
}

impl LandMask {
    /// Parses the JSON written by `make_land.py`.
    pub fn from_json(text: &str) -> Result<LandMask, serde_json::Error> {
        let mut mask: LandMask = serde_json::from_str(text)?;
        mask.bboxes = mask
            .polygons
            .iter()
            .map(|poly| {
                let mut b = [
                    f64::INFINITY,
                    f64::NEG_INFINITY,
                    f64::INFINITY,
                    f64::NEG_INFINITY,
                ];
                for p in poly.first().into_iter().flatten() {
                    b[0] = b[0].min(p[0]);
                    b[1] = b[1].max(p[0]);
                    b[2] = b[2].min(p[1]);
                    b[3] = b[3].max(p[1]);
                }
                b
            })
            .collect();
        Ok(mask)
    }

    /// The built-in Natural Earth 1:110m mask.
    pub fn builtin() -> LandMask {
        LandMask::from_json(LAND_110M_JSON)
            .expect("the built-in land mask is valid JSON (tests load it)")
    }

    /// True if the point (degrees) is on land at 1:110m.
    pub fn contains(&self, lon: f64, lat: f64) -> bool {
        self.polygons.iter().zip(&self.bboxes).any(|(poly, b)| {
            lon >= b[0]
                && lon <= b[1]
                && lat >= b[2]
                && lat <= b[3]
                && poly.first().is_some_and(|outer| in_ring(outer, lon, lat))
                && !poly[1..].iter().any(|hole| in_ring(hole, lon, lat))
        })
    }
}

/// A land mask's coastline segments bucketed by 1° latitude row and 1° cell,
/// for fast questions on fine masks (the 1:50m mask has 60,000 points): is a
/// point on land, and how much of a segment runs over land.
#[derive(Debug, Clone)]
pub struct LandIndex {
    /// Segments `[x0, y0, x1, y1]` by latitude row (`floor(lat) + 90`).
    rows: Vec<Vec<[f64; 4]>>,
    /// Segment indexes into `all` by 1° cell.
    cells: std::collections::HashMap<(i32, i32), Vec<u32>>,
    all: Vec<[f64; 4]>,
}

impl LandIndex {
    /// Indexes every ring of `mask`.
    pub fn new(mask: &LandMask) -> LandIndex {
        let mut rows = vec![Vec::new(); 181];
        let mut cells: std::collections::HashMap<(i32, i32), Vec<u32>> =
            std::collections::HashMap::new();
        let mut all = Vec::new();
        for ring in mask.polygons.iter().flatten() {
            for pair in ring.windows(2) {
                let seg = [pair[0][0], pair[0][1], pair[1][0], pair[1][1]];
                let (y0, y1) = (seg[1].min(seg[3]), seg[1].max(seg[3]));
                let (x0, x1) = (seg[0].min(seg[2]), seg[0].max(seg[2]));
                for row in (y0.floor() as i32)..=(y1.floor() as i32) {
                    rows[(row + 90).clamp(0, 180) as usize].push(seg);
                    for col in (x0.floor() as i32)..=(x1.floor() as i32) {
                        cells.entry((col, row)).or_default().push(all.len() as u32);
                    }
                }
                all.push(seg);
            }
        }
        LandIndex { rows, cells, all }
    }

    /// True if the point is on land (even–odd rule over every ring, which
    /// is the polygons-with-holes rule when polygons do not overlap).
    pub fn contains(&self, lon: f64, lat: f64) -> bool {
        let row = &self.rows[((lat.floor() as i32) + 90).clamp(0, 180) as usize];
        let mut inside = false;
        for s in row {
            let (xi, yi, xj, yj) = (s[0], s[1], s[2], s[3]);
            if (yi > lat) != (yj > lat) && lon < (xj - xi) * (lat - yi) / (yj - yi) + xi {
                inside = !inside;
            }
        }
        inside
    }

    /// Kilometres of the straight (longitude/latitude) segment `a`–`b` over
    /// land, for segments short enough to be straight on a map (the
    /// densified lane geometry: at most 50 km). Returns 0 for a segment
    /// across 180°.
    pub fn land_km(&self, a: [f64; 2], b: [f64; 2]) -> f64 {
        self.land_km_from(a, b, false)
    }

    /// Like [`land_km`](Self::land_km), without a first stretch of land at
    /// `a`: the land a port's approach crosses beyond the port's own shore
    /// (ports are geocoded on land at 1:50m more often than not).
    pub fn land_km_beyond_shore(&self, a: [f64; 2], b: [f64; 2]) -> f64 {
        self.land_km_from(a, b, true)
    }

    fn land_km_from(&self, a: [f64; 2], b: [f64; 2], skip_shore: bool) -> f64 {
        if (a[0] - b[0]).abs() > 180.0 {
            return 0.0;
        }
        let mut ts = vec![0.0, 1.0];
        let (x0, x1) = (a[0].min(b[0]), a[0].max(b[0]));
        let (y0, y1) = (a[1].min(b[1]), a[1].max(b[1]));
        let mut seen = std::collections::HashSet::new();
        for col in (x0.floor() as i32)..=(x1.floor() as i32) {
            for row in (y0.floor() as i32)..=(y1.floor() as i32) {
                for &i in self.cells.get(&(col, row)).into_iter().flatten() {
                    if seen.insert(i)
                        && let Some(t) = intersect(a, b, self.all[i as usize])
                    {
                        ts.push(t);
                    }
                }
            }
        }
        ts.sort_by(f64::total_cmp);
        let km = super::geometry::geodesic_km(a, b);
        let mut land = 0.0;
        for (i, pair) in ts.windows(2).enumerate() {
            let mid = (pair[0] + pair[1]) / 2.0;
            if pair[1] > pair[0]
                && !(skip_shore && i == 0)
                && self.contains(a[0] + (b[0] - a[0]) * mid, a[1] + (b[1] - a[1]) * mid)
            {
                land += (pair[1] - pair[0]) * km;
            }
        }
        land
    }
}

/// Where along `a`→`b` (0..1) it crosses the segment `s`, if it does.
fn intersect(a: [f64; 2], b: [f64; 2], s: [f64; 4]) -> Option<f64> {
    let (rx, ry) = (b[0] - a[0], b[1] - a[1]);
    let (sx, sy) = (s[2] - s[0], s[3] - s[1]);
    let den = rx * sy - ry * sx;
    if den == 0.0 {
        return None;
    }
    let t = ((s[0] - a[0]) * sy - (s[1] - a[1]) * sx) / den;
    let u = ((s[0] - a[0]) * ry - (s[1] - a[1]) * rx) / den;
    ((0.0..=1.0).contains(&t) && (0.0..=1.0).contains(&u)).then_some(t)
}

/// Even–odd rule in plain longitude/latitude.
fn in_ring(ring: &[[f64; 2]], x: f64, y: f64) -> bool {
    let mut inside = false;
    let mut j = ring.len().wrapping_sub(1);
    for i in 0..ring.len() {
        let (xi, yi) = (ring[i][0], ring[i][1]);
        let (xj, yj) = (ring[j][0], ring[j][1]);
        if (yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi {
            inside = !inside;
        }
        j = i;
    }
    inside
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knows_land_from_sea() {
        let mask = LandMask::builtin();
        assert!(mask.contains(78.0, 20.0), "central India is land");
        assert!(mask.contains(37.6, 55.75), "Moscow is land");
        assert!(!mask.contains(88.0, 15.0), "the Bay of Bengal is sea");
        assert!(!mask.contains(-30.0, 40.0), "the mid-Atlantic is sea");
        assert!(
            !mask.contains(51.0, 42.0),
            "the Caspian is a hole in the land"
        );
        // Chukotka crosses 180°: both sides must be land, the sea north of it not.
        assert!(mask.contains(179.5, 67.0));
        assert!(mask.contains(-179.5, 67.0));
        assert!(!mask.contains(-179.5, 72.0));
        // Fiji crosses 180° too: the ocean at the same latitude elsewhere is sea.
        assert!(!mask.contains(60.0, -16.5));
    }

    #[test]
    fn the_index_agrees_with_the_mask_and_measures_land() {
        let mask = LandMask::builtin();
        let index = LandIndex::new(&mask);
        for (lon, lat) in [
            (78.0, 20.0),
            (37.6, 55.75),
            (88.0, 15.0),
            (51.0, 42.0),
            (179.5, 67.0),
            (-179.5, 72.0),
        ] {
            assert_eq!(
                index.contains(lon, lat),
                mask.contains(lon, lat),
                "{lon} {lat}"
            );
        }
        // Across the Indian peninsula at 20°N from sea to sea: most of it land.
        let km = index.land_km([70.0, 20.0], [88.0, 20.0]);
        let total = super::super::geometry::geodesic_km([70.0, 20.0], [88.0, 20.0]);
        assert!(km > 0.7 * total && km < total, "{km} of {total}");
        assert_eq!(index.land_km([60.0, 10.0], [65.0, 12.0]), 0.0);
    }
}
