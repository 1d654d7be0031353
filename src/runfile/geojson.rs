//! `routes.geojson`: a GeoJSON FeatureCollection (RFC 7946, lines split at
//! the antimeridian) with one `MultiLineString` per route and one `Point`
//! per place the routes call at.

use std::path::Path;

use super::atomic::AtomicFile;
use super::summary::read_json;
use crate::error::InputError;

/// A route's line on the map.
#[derive(Debug, Clone, PartialEq)]
pub struct RouteLine {
    /// Route id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Palette index.
    pub colour_index: usize,
    /// Line parts of (lon, lat) in degrees, already split at ±180°.
    pub parts: Vec<Vec<(f64, f64)>>,
}

/// A place the routes call at.
#[derive(Debug, Clone, PartialEq)]
pub struct MapPlace {
    /// Display name.
    pub name: String,
    /// The network's id (empty in format 1).
    pub id: String,
    /// UN/LOCODE, when the place has one.
    pub locode: Option<String>,
    /// The node's kind (`sea`, `rail-terminal`, `border`, …; `port` in format 1).
    pub kind: String,
    /// (lon, lat) in degrees.
    pub at: (f64, f64),
}

/// `routes.geojson`: the routes and the places they call at.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RouteGeometry {
    /// One entry per route feature.
    pub routes: Vec<RouteLine>,
    /// One entry per point feature.
    pub places: Vec<MapPlace>,
}

impl RouteGeometry {
    /// Writes `routes.geojson` atomically.
    pub fn write(&self, path: &Path) -> anyhow::Result<()> {
        let mut features = Vec::new();
        for r in &self.routes {
            let lines: Vec<Vec<[f64; 2]>> = r
                .parts
                .iter()
                .map(|p| p.iter().map(|&(lon, lat)| [lon, lat]).collect())
                .collect();
            features.push(serde_json::json!({
                "type": "Feature",
                "properties": { "id": r.id, "name": r.name, "colour_index": r.colour_index, "kind": "route" },
                "geometry": { "type": "MultiLineString", "coordinates": lines },
            }));
        }
        for p in &self.places {
            features.push(serde_json::json!({
                "type": "Feature",
                "properties": { "id": p.id, "name": p.name, "locode": p.locode, "kind": p.kind },
                "geometry": { "type": "Point", "coordinates": [p.at.0, p.at.1] },
            }));
        }
        let doc = serde_json::json!({ "type": "FeatureCollection", "features": features });
        AtomicFile::write_all(path, &serde_json::to_vec(&doc)?)?;
        Ok(())
    }

    /// Reads `routes.geojson`.
    pub fn load(path: &Path) -> anyhow::Result<RouteGeometry> {
        let value: serde_json::Value = read_json(path)?;
        Self::from_value(&value).map_err(|what| {
            InputError::new(format!("{}: {what}", path.display()))
                .with_hint("expected a GeoJSON FeatureCollection as in docs/run-output.md")
                .into()
        })
    }

    fn from_value(value: &serde_json::Value) -> Result<RouteGeometry, String> {
        let features = value
            .get("features")
            .and_then(|f| f.as_array())
            .ok_or("no `features` array")?;
        let mut out = RouteGeometry::default();
        for (n, feature) in features.iter().enumerate() {
            let properties = feature.get("properties");
            let text = |key: &str| {
                properties
                    .and_then(|p| p.get(key))
                    .and_then(|v| v.as_str())
                    .unwrap_or("")
                    .to_string()
            };
            let geometry = feature
                .get("geometry")
                .ok_or_else(|| format!("feature {n} has no geometry"))?;
            let kind = geometry.get("type").and_then(|t| t.as_str()).unwrap_or("");
            let coordinates = geometry
                .get("coordinates")
                .ok_or_else(|| format!("feature {n} has no coordinates"))?;
            match kind {
                "Point" => out.places.push(MapPlace {
                    name: text("name"),
                    id: text("id"),
                    locode: Some(text("locode")).filter(|l| !l.is_empty()),
                    kind: text("kind"),
                    at: position(coordinates).ok_or_else(|| format!("feature {n}: bad point"))?,
                }),
                "LineString" | "MultiLineString" => {
                    let parts = if kind == "LineString" {
                        vec![line(coordinates).ok_or_else(|| format!("feature {n}: bad line"))?]
                    } else {
                        coordinates
                            .as_array()
                            .ok_or_else(|| format!("feature {n}: bad lines"))?
                            .iter()
                            .map(|l| line(l).ok_or_else(|| format!("feature {n}: bad line")))
                            .collect::<Result<_, _>>()?
                    };
                    let colour_index = properties
                        .and_then(|p| p.get("colour_index"))
                        .and_then(|v| v.as_u64())
                        .unwrap_or(n as u64) as usize;
                    out.routes.push(RouteLine {
                        id: text("id"),
                        name: text("name"),
                        colour_index,
                        parts,
                    });
                }
                // Other geometries are not written, and not drawn.
                _ => {}
            }
        }
        Ok(out)
    }
}

fn position(value: &serde_json::Value) -> Option<(f64, f64)> {
    let pair = value.as_array()?;
    let lon = pair.first()?.as_f64()?;
    let lat = pair.get(1)?.as_f64()?;
    (lon.is_finite() && lat.is_finite()).then_some((lon, lat))
}

fn line(value: &serde_json::Value) -> Option<Vec<(f64, f64)>> {
    value.as_array()?.iter().map(position).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inland_places_keep_their_kind_and_no_locode() {
        let dir = std::env::temp_dir().join(format!("corridor-geojson-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("routes.geojson");
        let geo = RouteGeometry {
            routes: vec![RouteLine {
                id: "instc-east".into(),
                name: "INSTC east".into(),
                colour_index: 2,
                parts: vec![vec![(56.3, 27.1), (61.2, 36.5)]],
            }],
            places: vec![MapPlace {
                name: "Sarakhs".into(),
                id: "sarakhs".into(),
                locode: None,
                kind: "border".into(),
                at: (61.2, 36.5),
            }],
        };
        geo.write(&path).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains("\"locode\":null"), "{text}");
        assert!(text.contains("\"kind\":\"border\""), "{text}");
        assert_eq!(RouteGeometry::load(&path).unwrap(), geo);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
