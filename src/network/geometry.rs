//! Geometry: geodesic densification, the antimeridian split of RFC 7946 §3.1.9
//! and the GeoJSON export of a route.

use geo::{Distance, Geodesic, InterpolatePoint, Point};
use serde_json::{Value, json};

use super::{Network, Route};

/// Longest straight segment left in drawn geometry, metres. At 50 km the
/// chord of a geodesic departs from the curve by well under a kilometre, which
/// is invisible on a world map and keeps a 20,000 km route under 500 points.
pub const DENSIFY_MAX_M: f64 = 50_000.0;

/// Geodesic distance between two `[lon, lat]` points, kilometres (WGS84).
pub fn geodesic_km(a: [f64; 2], b: [f64; 2]) -> f64 {
    Geodesic.distance(Point::new(a[0], a[1]), Point::new(b[0], b[1])) / 1_000.0
}

/// Points along the geodesic from `a` to `b`, ends included, no two more
/// than [`DENSIFY_MAX_M`] apart. Longitudes are normalised to [-180, 180].
pub fn densify(a: [f64; 2], b: [f64; 2]) -> Vec<[f64; 2]> {
    let (pa, pb) = (Point::new(a[0], a[1]), Point::new(b[0], b[1]));
    if geodesic_km(a, b) * 1_000.0 <= DENSIFY_MAX_M {
        return vec![a, b];
    }
    let mut out: Vec<[f64; 2]> = Geodesic
        .points_along_line(pa, pb, DENSIFY_MAX_M, true)
        .map(|p| [normalise_lon(p.x()), p.y()])
        .collect();
    // Keep the exact end coordinates (the interpolation may round them).
    if let Some(first) = out.first_mut() {
        *first = a;
    }
    if let Some(last) = out.last_mut() {
        *last = b;
    }
    out
}

/// Densifies a polyline of `[lon, lat]` points segment by segment.
pub fn densify_path(points: &[[f64; 2]]) -> Vec<[f64; 2]> {
    let mut out: Vec<[f64; 2]> = Vec::new();
    for pair in points.windows(2) {
        let part = densify(pair[0], pair[1]);
        let skip = usize::from(!out.is_empty());
        out.extend(part.into_iter().skip(skip));
    }
    if out.is_empty() {
        out.extend(points.iter().copied());
    }
    out
}

/// Maps any longitude into [-180, 180].
pub fn normalise_lon(lon: f64) -> f64 {
    let mut x = (lon + 180.0).rem_euclid(360.0) - 180.0;
    if x == -180.0 && lon > 0.0 {
        x = 180.0;
    }
    x
}

/// Splits a line at the antimeridian, as RFC 7946 §3.1.9 asks: wherever two
/// neighbours are more than 180° of longitude apart, the line ends at ±180°
/// (latitude interpolated) and a new part starts at ∓180°.
pub fn split_antimeridian(points: &[[f64; 2]]) -> Vec<Vec<[f64; 2]>> {
    let mut parts: Vec<Vec<[f64; 2]>> = Vec::new();
    let mut current: Vec<[f64; 2]> = Vec::new();
    for &p in points {
        if let Some(&q) = current.last() {
            let dlon = p[0] - q[0];
            if dlon.abs() > 180.0 {
                // Crossing eastward (179 → -179) when dlon < -180.
                let (edge, unwrapped) = if dlon < 0.0 {
                    (180.0, p[0] + 360.0)
                } else {
                    (-180.0, p[0] - 360.0)
                };
                let t = (edge - q[0]) / (unwrapped - q[0]);
                let lat = q[1] + t * (p[1] - q[1]);
                current.push([edge, lat]);
                parts.push(std::mem::take(&mut current));
                current.push([-edge, lat]);
            }
        }
        current.push(p);
    }
    if !current.is_empty() {
        parts.push(current);
    }
    parts.retain(|part| part.len() >= 2);
    parts
}

fn line_geometry(points: &[[f64; 2]]) -> Value {
    let parts = split_antimeridian(points);
    let round = |part: &Vec<[f64; 2]>| -> Vec<[f64; 2]> {
        part.iter().map(|p| [round6(p[0]), round6(p[1])]).collect()
    };
    if parts.len() == 1 {
        json!({ "type": "LineString", "coordinates": round(&parts[0]) })
    } else {
        let lines: Vec<Vec<[f64; 2]>> = parts.iter().map(round).collect();
        json!({ "type": "MultiLineString", "coordinates": lines })
    }
}

fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// The route as a GeoJSON FeatureCollection (RFC 7946): one feature per leg
/// (a LineString, or a MultiLineString where it crosses 180°) with the leg's
/// mode, distance, passage, region, gauge and border as properties, and one
/// point per origin, via point and destination.
pub fn route_geojson(network: &Network, route: &Route) -> Value {
    let mut features = Vec::new();
    for (i, leg) in route.legs.iter().enumerate() {
        let edge = network.edge(leg.edge_id);
        let mut coords = edge.geometry.clone();
        if leg.reversed {
            coords.reverse();
        }
        features.push(json!({
            "type": "Feature",
            "geometry": line_geometry(&coords),
            "properties": {
                "leg": i + 1,
                "edge": leg.edge,
                "from": leg.from_name,
                "to": leg.to_name,
                "mode": leg.mode.as_str(),
                "distance_km": round1(leg.distance_km),
                "distance_nm": round1(leg.distance_nm),
                // Every passage the lane belongs to, as an array (empty
                // when none), not the text joined for display.
                "passages": edge.passages,
                "region": leg.region,
                "gauge_mm": leg.gauge_mm,
                "border": leg.border,
            }
        }));
    }
    let mut stops = vec![("origin", route.from_node)];
    stops.extend(route.via_nodes.iter().map(|&v| ("via", v)));
    stops.push(("destination", route.to_node));
    for (role, id) in stops {
        let node = network.node(id);
        features.push(json!({
            "type": "Feature",
            "geometry": { "type": "Point", "coordinates": [node.lon, node.lat] },
            "properties": {
                "role": role,
                "id": node.id,
                "name": node.name,
                "locode": node.locode,
                "kind": node.kind.as_str(),
            }
        }));
    }
    json!({ "type": "FeatureCollection", "features": features })
}

#[cfg(test)]
mod tests {
    use super::*;

    mod split {
        use super::*;

        #[test]
        fn leaves_a_line_that_does_not_cross_alone() {
            let parts = split_antimeridian(&[[10.0, 0.0], [20.0, 5.0]]);
            assert_eq!(parts, vec![vec![[10.0, 0.0], [20.0, 5.0]]]);
        }

        #[test]
        fn cuts_an_eastward_crossing_at_plus_180() {
            let parts = split_antimeridian(&[[179.0, 70.0], [-179.0, 68.0]]);
            assert_eq!(parts.len(), 2);
            assert_eq!(parts[0], vec![[179.0, 70.0], [180.0, 69.0]]);
            assert_eq!(parts[1], vec![[-180.0, 69.0], [-179.0, 68.0]]);
        }

        #[test]
        fn cuts_a_westward_crossing_at_minus_180() {
            let parts = split_antimeridian(&[[-178.0, 60.0], [178.0, 64.0]]);
            assert_eq!(parts[0].last(), Some(&[-180.0, 62.0]));
            assert_eq!(parts[1].first(), Some(&[180.0, 62.0]));
        }
    }

    mod densify {
        use super::*;

        #[test]
        fn keeps_ends_and_limits_segments() {
            let points = densify([0.0, 0.0], [10.0, 0.0]);
            assert_eq!(points.first(), Some(&[0.0, 0.0]));
            assert_eq!(points.last(), Some(&[10.0, 0.0]));
            for pair in points.windows(2) {
                assert!(geodesic_km(pair[0], pair[1]) <= DENSIFY_MAX_M / 1_000.0 + 0.01);
            }
        }

        #[test]
        fn crosses_the_antimeridian_with_normalised_longitudes() {
            let points = densify([178.0, 70.0], [-178.0, 70.0]);
            assert!(points.iter().all(|p| (-180.0..=180.0).contains(&p[0])));
            // The short way: never near longitude 0.
            assert!(points.iter().all(|p| p[0].abs() > 170.0));
        }
    }

    #[test]
    fn a_degree_of_latitude_is_about_111_km() {
        let km = geodesic_km([0.0, 0.0], [0.0, 1.0]);
        assert!((km - 110.57).abs() < 0.01, "{km}");
    }
}
