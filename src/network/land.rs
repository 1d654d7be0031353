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
}
