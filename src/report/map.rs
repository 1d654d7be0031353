//! The route map: every route of a scenario on an equirectangular world map,
//! zoomed to the routes' extent, ports labelled, land from Natural Earth.
//!
//! Routes that cross the antimeridian (written as split lines, RFC 7946) are
//! joined again by choosing the map's longitude window around the routes:
//! the window starts after the widest gap in the routes' longitudes, and
//! every longitude is shifted by a multiple of 360° into it.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::breakdown::side_legend;
use super::chart::{self, ChartResult};
use super::data::short_name;
use super::land;
use super::style;
use crate::runfile::geojson::{MapPlace, RouteGeometry};

/// The longitude window: a start, so that every longitude maps into
/// [start, start + 360).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LonWindow {
    /// The western edge, degrees (may be outside −180…180).
    pub start: f64,
}

impl LonWindow {
    /// The window that keeps these longitudes together: it starts just after
    /// the widest gap between neighbouring longitudes on the circle.
    pub fn around(lons: &[f64]) -> LonWindow {
        let mut sorted: Vec<f64> = lons
            .iter()
            .filter(|l| l.is_finite())
            .map(|l| (l + 180.0).rem_euclid(360.0) - 180.0)
            .collect();
        sorted.sort_by(f64::total_cmp);
        let (Some(&first), Some(&last)) = (sorted.first(), sorted.last()) else {
            return LonWindow { start: -180.0 };
        };
        // The gap across the antimeridian, from the last back to the first.
        let mut best_gap = first + 360.0 - last;
        let mut start = first;
        for pair in sorted.windows(2) {
            let gap = pair[1] - pair[0];
            if gap > best_gap {
                best_gap = gap;
                start = pair[1];
            }
        }
        LonWindow { start }
    }

    /// Shifts a longitude into the window.
    pub fn wrap(&self, lon: f64) -> f64 {
        let shifted = self.start + (lon - self.start).rem_euclid(360.0);
        // 180 and −180 are the same meridian: keep the end that joins the line.
        if shifted >= self.start + 360.0 - 1e-9 {
            shifted - 360.0
        } else {
            shifted
        }
    }
}

/// "30°E", "150°W" for a possibly shifted longitude.
fn lon_label(lon: f64) -> String {
    let l = (lon + 180.0).rem_euclid(360.0) - 180.0;
    if l.abs() < 1e-9 || (l.abs() - 180.0).abs() < 1e-9 {
        format!("{:.0}°", l.abs())
    } else if l > 0.0 {
        format!("{l:.0}°E")
    } else {
        format!("{:.0}°W", -l)
    }
}

fn lat_label(lat: f64) -> String {
    if lat.abs() < 1e-9 {
        "0°".to_string()
    } else if lat > 0.0 {
        format!("{lat:.0}°N")
    } else {
        format!("{:.0}°S", -lat)
    }
}

/// Draws the routes and ports of `geo` over land, zoomed to their extent;
/// route colours come from each route's `colour_index`.
pub fn route_map<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    title: &str,
    geo: &RouteGeometry,
) -> ChartResult {
    let lons: Vec<f64> = geo
        .routes
        .iter()
        .flat_map(|r| r.parts.iter().flatten().map(|p| p.0))
        .chain(geo.places.iter().map(|p| p.at.0))
        .collect();
    if lons.is_empty() {
        return chart::empty_chart(area, title, "The run has no route geometry.");
    }
    chart::prepare(area)?;
    let window = LonWindow::around(&lons);
    let points: Vec<(f64, f64)> = geo
        .routes
        .iter()
        .flat_map(|r| r.parts.iter().flatten().copied())
        .chain(geo.places.iter().map(|p| p.at))
        .map(|(lon, lat)| (window.wrap(lon), lat))
        .collect();
    let (mut x0, mut x1, mut y0, mut y1) = points.iter().fold(
        (
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ),
        |(a, b, c, d), &(x, y)| (a.min(x), b.max(x), c.min(y), d.max(y)),
    );
    // Padding, and at least 20° each way so a short route keeps its context.
    let pad_x = ((x1 - x0) * 0.08).max((20.0 - (x1 - x0)) / 2.0).max(3.0);
    let pad_y = ((y1 - y0) * 0.10).max((20.0 - (y1 - y0)) / 2.0).max(3.0);
    x0 -= pad_x;
    x1 += pad_x;
    y0 = (y0 - pad_y).max(-85.0);
    y1 = (y1 + pad_y).min(85.0);

    let (w, h) = area.dim_in_pixel();
    let (map_area, legend_area) = area.split_horizontally(w as i32 * 76 / 100);
    // Equal ground distances at the map's middle latitude: widen the shorter
    // side to the plot's aspect ratio (approximate plot size; the axis
    // label areas are fixed below).
    let plot_w = f64::from(w * 76 / 100 - 110);
    let plot_h = f64::from(h - 150);
    let cos_mid = ((y0 + y1) / 2.0).to_radians().cos().max(0.2);
    let want = plot_w / plot_h; // ground width / height on screen
    let have = (x1 - x0) * cos_mid / (y1 - y0);
    if have < want {
        let extra = ((y1 - y0) * want / cos_mid - (x1 - x0)) / 2.0;
        x0 -= extra;
        x1 += extra;
    } else {
        let extra = ((x1 - x0) * cos_mid / want - (y1 - y0)) / 2.0;
        y0 -= extra;
        y1 += extra;
        if y0 < -89.0 || y1 > 89.0 {
            // Near the poles, accept some stretching rather than empty rows.
            y0 = y0.max(-89.0);
            y1 = y1.min(89.0);
        }
    }

    let mut chart = ChartBuilder::on(&map_area)
        .caption(title, style::title())
        .margin(18)
        .x_label_area_size(44)
        .y_label_area_size(62)
        .build_cartesian_2d(x0..x1, y0..y1)?;
    chart.plotting_area().fill(&style::SEA)?;

    // Land: each polygon at the shifts that can reach the window, clipped.
    for polygon in land::polygons() {
        for shift in [-360.0, 0.0, 360.0] {
            for (ring_index, ring) in polygon.iter().enumerate() {
                let shifted: Vec<(f64, f64)> = ring
                    .iter()
                    .map(|&(lon, lat)| (f64::from(lon) + shift, f64::from(lat)))
                    .collect();
                let clipped = land::clip(&shifted, x0, x1, y0, y1);
                if clipped.len() < 3 {
                    continue;
                }
                // Holes (ring 1 and after) are water.
                let fill = if ring_index == 0 {
                    style::LAND
                } else {
                    style::SEA
                };
                chart.draw_series([Polygon::new(clipped.clone(), fill.filled())])?;
                let mut outline = clipped;
                outline.push(outline[0]);
                chart.draw_series([PathElement::new(outline, style::COAST.stroke_width(1))])?;
            }
        }
    }

    chart
        .configure_mesh()
        .x_labels(8)
        .y_labels(8)
        .x_label_formatter(&|x| lon_label(*x))
        .y_label_formatter(&|y| lat_label(*y))
        .label_style(style::label())
        .light_line_style(TRANSPARENT)
        .bold_line_style(style::GREY.mix(0.18))
        .draw()?;

    // Routes: the first widest, so that where routes share a lane every
    // colour still shows as a band.
    let count = geo.routes.len();
    let mut entries = Vec::new();
    for (i, route) in geo.routes.iter().enumerate() {
        let colour = style::route_colour(route.colour_index);
        let width = (3 + 2 * (count - 1 - i)).min(11) as u32;
        for part in &route.parts {
            let line: Vec<(f64, f64)> = part
                .iter()
                .map(|&(lon, lat)| (window.wrap(lon), lat))
                .collect();
            chart.draw_series(LineSeries::new(line, colour.stroke_width(width)))?;
        }
        entries.push((short_name(&route.name, &route.id).to_string(), colour));
    }

    // Ports: a dot each, and a label where it covers neither another label
    // nor another port's dot. Ports close together (Rasht, Bandar Anzali and
    // Astara are 30–60 km apart) would otherwise pile their names on each
    // other's dots; a name with no free place is left out (the report's
    // tables name every port).
    let label_style = style::note();
    let dots: Vec<(i32, i32)> = geo
        .places
        .iter()
        .map(|port| chart.backend_coord(&(window.wrap(port.at.0), port.at.1)))
        .collect();
    let sizes: Vec<(i32, i32)> = geo
        .places
        .iter()
        .map(|port| {
            let (w, h) = map_area
                .estimate_text_size(&place_name(port), &label_style)
                .unwrap_or((place_name(port).chars().count() as u32 * 8, 15));
            (w as i32, h as i32)
        })
        .collect();
    let labels = place_labels(&dots, &sizes);
    for ((port, &(px, py)), label) in geo.places.iter().zip(&dots).zip(labels) {
        let at = (window.wrap(port.at.0), port.at.1);
        chart.draw_series([Circle::new(at, DOT_PX, BLACK.filled())])?;
        chart.draw_series([Circle::new(at, DOT_PX, WHITE.stroke_width(1))])?;
        let Some(Label { rect, hpos }) = label else {
            continue;
        };
        let (dx, dy) = (rect.0 - px, rect.1 - py);
        let anchor_dx = match hpos {
            HPos::Left => dx,
            HPos::Right => rect.2 - px,
            HPos::Center => (rect.0 + rect.2) / 2 - px,
        };
        // A light halo so the name reads over land, sea and route lines.
        chart.draw_series([EmptyElement::at(at)
            + Rectangle::new(
                [(dx - 2, dy - 1), (rect.2 - px + 2, rect.3 - py + 1)],
                WHITE.mix(0.75).filled(),
            )])?;
        chart.draw_series([EmptyElement::at(at)
            + Text::new(
                place_name(port),
                (anchor_dx, dy),
                label_style.clone().pos(Pos::new(hpos, VPos::Top)),
            )])?;
    }
    side_legend(&legend_area, "Route", &entries)?;
    Ok(())
}

/// Radius of a port's dot, pixels.
const DOT_PX: i32 = 5;

/// A pixel rectangle: left, top, right, bottom.
type Rect = (i32, i32, i32, i32);

/// Where a port's name goes: its box, and which side of the box the text is
/// anchored on.
#[derive(Clone, Copy)]
struct Label {
    rect: Rect,
    hpos: HPos,
}

/// The name shown beside a place's dot.
fn place_name(place: &MapPlace) -> String {
    if place.name.is_empty() {
        place.locode.clone().unwrap_or_else(|| place.id.clone())
    } else {
        place.name.clone()
    }
}

/// Places each name (of pixel size `sizes[i]`) beside its dot (`dots[i]`)
/// where it covers neither a name placed before nor any dot; `None` where no
/// candidate place is free. Tried in order: right of the dot above and below
/// its centre line, then left of it, then centred above and below.
fn place_labels(dots: &[(i32, i32)], sizes: &[(i32, i32)]) -> Vec<Option<Label>> {
    let mut placed: Vec<Rect> = dots
        .iter()
        .map(|&(x, y)| {
            (
                x - DOT_PX - 1,
                y - DOT_PX - 1,
                x + DOT_PX + 1,
                y + DOT_PX + 1,
            )
        })
        .collect();
    dots.iter()
        .zip(sizes)
        .map(|(&(px, py), &(tw, th))| {
            let candidates = [
                (px + 8, py - th - 2, HPos::Left),
                (px + 8, py + 2, HPos::Left),
                (px - 8 - tw, py - th - 2, HPos::Right),
                (px - 8 - tw, py + 2, HPos::Right),
                (px - tw / 2, py - th - 8, HPos::Center),
                (px - tw / 2, py + 8, HPos::Center),
            ];
            let free = candidates.into_iter().find_map(|(left, top, hpos)| {
                let rect = (left, top, left + tw, top + th);
                (!placed.iter().any(|r| overlaps(*r, rect))).then_some(Label { rect, hpos })
            })?;
            placed.push(free.rect);
            Some(free)
        })
        .collect()
}

fn overlaps(a: Rect, b: Rect) -> bool {
    a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3
}

#[cfg(test)]
mod tests {
    use super::*;

    mod labels {
        use super::*;

        fn dot_box(&(x, y): &(i32, i32)) -> Rect {
            (x - DOT_PX, y - DOT_PX, x + DOT_PX, y + DOT_PX)
        }

        /// INSTC's Caspian corner as the map draws it: Astara, Rasht and
        /// Bandar Anzali a few pixels apart, with Makhachkala above.
        #[test]
        fn names_never_cover_a_dot_or_each_other() {
            let dots = [(626, 328), (631, 337), (629, 339), (615, 280), (726, 348)];
            let sizes = [(125, 15), (35, 15), (90, 15), (90, 15), (50, 15)];
            let labels = place_labels(&dots, &sizes);
            let rects: Vec<Rect> = labels.iter().flatten().map(|l| l.rect).collect();
            for (i, r) in rects.iter().enumerate() {
                for d in &dots {
                    assert!(!overlaps(*r, dot_box(d)), "label {r:?} covers dot {d:?}");
                }
                for other in &rects[i + 1..] {
                    assert!(!overlaps(*r, *other), "{r:?} covers {other:?}");
                }
            }
            // The crowded corner still gets most names, the open one all.
            assert!(rects.len() >= 4, "only {} of 5 names placed", rects.len());
            assert!(labels[3].is_some() && labels[4].is_some());
        }

        #[test]
        fn a_name_with_no_free_place_is_left_out() {
            // A ring of dots 10 px apart leaves no room for a 200 px name.
            let dots: Vec<(i32, i32)> = (-3..=3)
                .flat_map(|i| (-3..=3).map(move |j| (100 + 10 * i, 100 + 10 * j)))
                .collect();
            let sizes = vec![(200, 15); dots.len()];
            let labels = place_labels(&dots, &sizes);
            assert!(labels[24].is_none(), "the centre dot's name found a place");
        }
    }

    mod lon_window {
        use super::*;

        #[test]
        fn keeps_an_ordinary_extent_as_it_is() {
            let w = LonWindow::around(&[30.0, 80.0, 131.9]);
            assert_eq!(w.start, 30.0);
            assert_eq!(w.wrap(131.9), 131.9);
        }

        #[test]
        fn joins_a_route_across_the_antimeridian() {
            // Vladivostok → Alaska, split at 180°.
            let w = LonWindow::around(&[131.9, 170.0, 180.0, -180.0, -165.0, -150.0]);
            let close = |a: f64, b: f64| (a - b).abs() < 1e-9;
            assert!(close(w.start, 131.9), "{}", w.start);
            assert!(close(w.wrap(-165.0), 195.0));
            assert!(close(w.wrap(180.0), 180.0));
            assert!(close(w.wrap(-180.0), 180.0));
        }
    }

    #[test]
    fn labels_longitudes_east_and_west() {
        assert_eq!(lon_label(195.0), "165°W");
        assert_eq!(lon_label(30.0), "30°E");
        assert_eq!(lat_label(-34.4), "34°S");
    }
}
