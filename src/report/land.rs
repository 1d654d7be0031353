//! The world's land for the route map: Natural Earth 1:110m land polygons
//! (public domain), embedded in the binary as `land_110m.txt` (66 kB) and
//! parsed once per process into `f32` rings (about 5,100 points).
//!
//! `land_110m.txt` was converted once from the network module's
//! `src/network/data/land_110m.json` (rounded to 0.01°, repeated points
//! dropped), so the report does not depend on that file's layout:
//!
//! ```text
//! python3 -c 'import json; d = json.load(open("src/network/data/land_110m.json"))
//! # for each polygon: "P " + outer ring, then "H " + each hole, as "lon,lat" pairs'
//! ```

use std::sync::OnceLock;

static LAND: &str = include_str!("land_110m.txt");

/// A ring of [lon, lat] points in degrees, closed (first point repeated).
pub type Ring = Vec<(f32, f32)>;

/// A polygon: its outer ring, then its holes.
pub type Polygon = Vec<Ring>;

fn parse(text: &str) -> Option<Vec<Polygon>> {
    let mut polygons: Vec<Polygon> = Vec::new();
    for line in text.lines() {
        let (kind, points) = match line.split_once(' ') {
            Some((kind @ ("P" | "H"), points)) => (kind, points),
            _ => continue,
        };
        let ring = points
            .split(' ')
            .map(|pair| {
                let (lon, lat) = pair.split_once(',')?;
                Some((lon.parse().ok()?, lat.parse().ok()?))
            })
            .collect::<Option<Ring>>()?;
        if kind == "P" {
            polygons.push(vec![ring]);
        } else {
            polygons.last_mut()?.push(ring);
        }
    }
    Some(polygons)
}

/// The land polygons. An unreadable embedded file (a build mistake, caught
/// by the tests) yields no land rather than a failed report.
pub fn polygons() -> &'static [Polygon] {
    static POLYGONS: OnceLock<Vec<Polygon>> = OnceLock::new();
    POLYGONS.get_or_init(|| parse(LAND).unwrap_or_default())
}

/// Clips a ring to the rectangle [x0, x1] × [y0, y1] (Sutherland–Hodgman;
/// correct for any polygon against a convex window). The result may be empty.
pub fn clip(ring: &[(f64, f64)], x0: f64, x1: f64, y0: f64, y1: f64) -> Vec<(f64, f64)> {
    #[derive(Clone, Copy)]
    enum Edge {
        Left(f64),
        Right(f64),
        Bottom(f64),
        Top(f64),
    }
    let inside = |edge: Edge, p: (f64, f64)| match edge {
        Edge::Left(x) => p.0 >= x,
        Edge::Right(x) => p.0 <= x,
        Edge::Bottom(y) => p.1 >= y,
        Edge::Top(y) => p.1 <= y,
    };
    let cross = |edge: Edge, a: (f64, f64), b: (f64, f64)| match edge {
        Edge::Left(x) | Edge::Right(x) => {
            let t = (x - a.0) / (b.0 - a.0);
            (x, a.1 + t * (b.1 - a.1))
        }
        Edge::Bottom(y) | Edge::Top(y) => {
            let t = (y - a.1) / (b.1 - a.1);
            (a.0 + t * (b.0 - a.0), y)
        }
    };
    let mut points: Vec<(f64, f64)> = ring.to_vec();
    for edge in [
        Edge::Left(x0),
        Edge::Right(x1),
        Edge::Bottom(y0),
        Edge::Top(y1),
    ] {
        if points.is_empty() {
            break;
        }
        let input = std::mem::take(&mut points);
        let mut previous = input[input.len() - 1];
        for &current in &input {
            match (inside(edge, current), inside(edge, previous)) {
                (true, true) => points.push(current),
                (true, false) => {
                    points.push(cross(edge, previous, current));
                    points.push(current);
                }
                (false, true) => points.push(cross(edge, previous, current)),
                (false, false) => {}
            }
            previous = current;
        }
    }
    points
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_land_parses() {
        let land = polygons();
        assert!(land.len() > 100, "{} polygons", land.len());
        let points: usize = land.iter().flatten().map(Vec::len).sum();
        assert!(points > 4_000);
    }

    mod clip {
        use super::*;

        #[test]
        fn keeps_a_ring_inside_the_window() {
            let ring = [(1.0, 1.0), (2.0, 1.0), (2.0, 2.0)];
            assert_eq!(clip(&ring, 0.0, 10.0, 0.0, 10.0), ring.to_vec());
        }

        #[test]
        fn cuts_a_ring_at_the_window_edge() {
            let square = [(-5.0, -5.0), (5.0, -5.0), (5.0, 5.0), (-5.0, 5.0)];
            let clipped = clip(&square, 0.0, 10.0, 0.0, 10.0);
            assert!(clipped.iter().all(|p| p.0 >= 0.0 && p.1 >= 0.0));
            assert!(clipped.contains(&(5.0, 5.0)));
        }

        #[test]
        fn drops_a_ring_outside_the_window() {
            let ring = [(20.0, 20.0), (30.0, 20.0), (30.0, 30.0)];
            assert!(clip(&ring, 0.0, 10.0, 0.0, 10.0).is_empty());
        }
    }
}
