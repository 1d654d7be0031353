//! The geographic layer through its public API: published distances,
//! restrictions, the Caspian, the antimeridian, routing properties and the
//! land-mask check of every sea lane. Distances and their sources are listed
//! in `docs/network.md`.

use corridor::network::geometry::{DENSIFY_MAX_M, geodesic_km, split_antimeridian};
use corridor::network::land::LandMask;
use corridor::network::{
    EdgeKind, IceClass, Mode, Network, NetworkError, NodeKind, Route, RouteRequest, Season,
    VesselLimits,
};
use geo::{Geodesic, InterpolatePoint, Point};
use proptest::prelude::*;

fn network() -> &'static Network {
    Network::builtin()
}

fn route(request: &RouteRequest) -> Route {
    network()
        .route(request)
        .unwrap_or_else(|e| panic!("{request:?}: {e}"))
}

fn sea(from: &str, to: &str) -> RouteRequest {
    RouteRequest::sea(from, to)
}

fn within(value: f64, published: f64, tolerance: f64) -> bool {
    (value - published).abs() <= published * tolerance
}

/// Published distances, each within 3 % (the sources are in docs/network.md).
mod published {
    use super::*;

    #[test]
    fn chennai_to_st_petersburg_via_suez_is_8675_nm() {
        // S1/S3/S4 give 8,675 nm for India → St Petersburg via Suez; the issue
        // and S2 attribute it to Chennai, domain.md to Nhava Sheva (see
        // docs/network.md: it matches Chennai).
        let r = route(&sea("chennai", "st petersburg").via(&["suez"]));
        assert!(r.passages.iter().any(|p| p == "suez"));
        assert!(within(r.distance_nm, 8_675.0, 0.03), "{} nm", r.distance_nm);
        // Without --via the shortest sea route is the Suez route too.
        let direct = route(&sea("chennai", "st petersburg"));
        assert!((direct.distance_nm - r.distance_nm).abs() < 1e-6);
    }

    #[test]
    fn moscow_to_vladivostok_by_rail_is_9288_km() {
        let r = route(&sea("moscow", "vladivostok").with_modes(&[Mode::Rail]));
        assert!(within(r.distance_km, 9_288.0, 0.03), "{} km", r.distance_km);
        assert_eq!(r.legs.len(), 1);
        assert_eq!(r.legs[0].gauge_mm, Some(1520));
    }

    #[test]
    fn the_cape_adds_3500_to_4500_nm_from_chennai_to_rotterdam() {
        // S18: +3,500 nm Asia–Europe; S20: +4,000–6,000 nm India–Europe.
        let suez = route(&sea("chennai", "rotterdam"));
        let cape = route(&sea("chennai", "rotterdam").avoiding(&["suez"]));
        assert!(suez.passages.iter().any(|p| p == "suez"));
        assert!(cape.passages.iter().any(|p| p == "cape"));
        let extra = cape.distance_nm - suez.distance_nm;
        assert!((3_500.0..=4_500.0).contains(&extra), "+{extra} nm");
    }

    #[test]
    fn the_cape_adds_4000_to_6000_nm_from_nhava_sheva_to_rotterdam() {
        // S20's range for India–Europe; from the west coast the detour is
        // longer than from Chennai (docs/network.md lists both).
        let suez = route(&sea("nhava sheva", "rotterdam"));
        let cape = route(&sea("nhava sheva", "rotterdam").avoiding(&["suez"]));
        let extra = cape.distance_nm - suez.distance_nm;
        assert!((4_000.0..=6_000.0).contains(&extra), "+{extra} nm");
    }

    #[test]
    fn st_petersburg_to_vladivostok_by_suez_is_23200_km() {
        // S15.
        let r = route(&sea("st petersburg", "vladivostok"));
        assert!(r.passages.iter().any(|p| p == "suez"));
        assert!(
            within(r.distance_km, 23_200.0, 0.03),
            "{} km",
            r.distance_km
        );
    }

    #[test]
    fn chennai_to_vladivostok_is_shorter_than_the_published_5647_nm() {
        // S1–S4 publish 5,647 nm; the shortest sea path is about 1,000 nm
        // shorter (docs/network.md explains why). The model sails the path.
        let r = route(&sea("chennai", "vladivostok"));
        assert!(
            r.distance_nm < 5_647.0 && r.distance_nm > 4_400.0,
            "{} nm",
            r.distance_nm
        );
        for passage in ["malacca", "korea-strait"] {
            assert!(r.passages.iter().any(|p| p == passage), "{:?}", r.passages);
        }
    }
}

/// Restrictions are obeyed or reported, never ignored.
mod restrictions {
    use super::*;

    #[test]
    fn avoiding_suez_goes_round_the_cape() {
        let r = route(&sea("chennai", "st petersburg").avoiding(&["suez"]));
        assert!(r.passages.iter().any(|p| p == "cape"));
        assert!(!r.passages.iter().any(|p| p == "suez"));
        assert!(r.legs.iter().all(|l| l.passage.as_deref() != Some("suez")));
    }

    #[test]
    fn avoiding_suez_and_the_cape_leaves_no_route_and_says_why() {
        let err = network()
            .route(&sea("chennai", "rotterdam").avoiding(&["suez", "cape"]))
            .unwrap_err();
        let text = err.to_string();
        assert!(matches!(err, NetworkError::NoRoute { .. }), "{text}");
        assert!(text.contains("avoiding cape, suez"), "{text}");
        assert!(text.contains("drop --avoid"), "{text}");
    }

    #[test]
    fn via_points_are_visited_in_order() {
        let r = route(&sea("chennai", "rotterdam").via(&["colombo", "piraeus"]));
        let stops: Vec<&str> = r.legs.iter().map(|l| l.to.as_str()).collect();
        let colombo = stops
            .iter()
            .position(|s| *s == "colombo")
            .expect("calls Colombo");
        let piraeus = stops
            .iter()
            .position(|s| *s == "piraeus")
            .expect("calls Piraeus");
        assert!(colombo < piraeus);
        assert_eq!(r.via, vec!["colombo", "piraeus"]);
    }

    #[test]
    fn a_ship_does_not_sail_through_a_port() {
        // Singapore lies in the Singapore Strait; a through route passes it
        // on the lane, not by calling.
        let r = route(&sea("port klang", "busan"));
        assert!(r.legs.iter().all(|l| l.to != "singapore"));
    }

    #[test]
    fn a_deep_draught_ship_cannot_use_the_sound_or_the_suez_canal() {
        // Between two waypoints, so no port's own draught limit applies.
        let vessel = VesselLimits {
            draft_m: Some(20.5),
            ..VesselLimits::default()
        };
        let r = route(&RouteRequest {
            vessel,
            ..sea("dondra", "gibraltar")
        });
        assert!(!r.passages.iter().any(|p| p == "suez"), "{:?}", r.passages);
        assert!(r.passages.iter().any(|p| p == "cape"), "{:?}", r.passages);
        let deep = VesselLimits {
            draft_m: Some(9.0),
            ..VesselLimits::default()
        };
        let r = route(&RouteRequest {
            vessel: deep,
            ..sea("rotterdam", "st petersburg")
        });
        assert!(r.legs.iter().all(|l| !l.edge.contains("oresund")));
        assert!(r.legs.iter().any(|l| l.edge.contains("gbelt")));
    }

    #[test]
    fn the_volga_caspian_channel_limits_length() {
        let long_ship = VesselLimits {
            length_m: Some(140.0),
            ..VesselLimits::default()
        };
        let err = network()
            .route(&RouteRequest {
                vessel: long_ship,
                ..sea("astrakhan", "bandar anzali")
            })
            .unwrap_err();
        assert!(
            err.to_string()
                .contains("length 140 m > 126 m in volga-caspian"),
            "{err}"
        );
    }

    #[test]
    fn st_petersburg_in_winter_needs_an_ice_class() {
        let winter = VesselLimits {
            season: Season::Winter,
            ..VesselLimits::default()
        };
        let err = network()
            .route(&RouteRequest {
                vessel: winter,
                ..sea("rotterdam", "st petersburg")
            })
            .unwrap_err();
        assert!(err.to_string().contains("ice class ice1"), "{err}");
        let ice1 = VesselLimits {
            ice_class: IceClass::Ice1,
            ..winter
        };
        route(&RouteRequest {
            vessel: ice1,
            ..sea("rotterdam", "st petersburg")
        });
    }

    #[test]
    fn the_planned_rasht_astara_railway_is_off_unless_enabled() {
        let rail_only = sea("rasht", "astara-az").with_modes(&[Mode::Rail]);
        let today = route(&rail_only);
        assert!(today.legs.iter().all(|l| l.edge != "rasht-astara-rail"));
        let planned = route(&RouteRequest {
            enable: vec!["rasht-astara-rail".into()],
            ..rail_only
        });
        assert_eq!(planned.legs[0].edge, "rasht-astara-rail");
        assert!(within(planned.distance_km, 162.0 + 10.3, 1e-9));
        // 1,435 mm meets 1,520 mm at Astara: a gauge break.
        assert!(planned.transshipments.iter().any(|t| t.at == "astara-ir"
            && t.from_gauge_mm == Some(1435)
            && t.to_gauge_mm == Some(1520)));
    }

    #[test]
    fn bad_names_are_input_errors_with_suggestions() {
        let err = network().route(&sea("chenai", "vladivostok")).unwrap_err();
        assert!(
            err.to_string().contains("did you mean Chennai (INMAA)"),
            "{err}"
        );
        let err = network()
            .route(&sea("chennai", "rotterdam").avoiding(&["sues"]))
            .unwrap_err();
        assert!(matches!(err, NetworkError::UnknownPassage { .. }));
        assert!(err.to_string().contains("did you mean suez"), "{err}");
        let err = network().route(&sea("astara", "baku")).unwrap_err();
        assert!(matches!(err, NetworkError::AmbiguousPort { .. }), "{err}");
        let err = network()
            .route(&RouteRequest {
                enable: vec!["rasht-astra-rail".into()],
                ..sea("rasht", "baku")
            })
            .unwrap_err();
        assert!(err.to_string().contains("rasht-astara-rail"), "{err}");
    }
}

/// Names resolve by LOCODE, id, name and alias, case-insensitively.
mod names {
    use super::*;

    #[test]
    fn every_listed_place_resolves() {
        for (query, id) in [
            ("INMAA", "chennai"),
            ("chennai", "chennai"),
            ("Ennore", "kamarajar"),
            ("jnpt", "nhava-sheva"),
            ("INNSA", "nhava-sheva"),
            ("Mumbai", "mumbai"),
            ("mundra", "mundra"),
            ("colombo", "colombo"),
            ("singapore", "singapore"),
            ("Port Klang", "port-klang"),
            ("busan", "busan"),
            ("shanghai", "shanghai"),
            ("vladivostok", "vladivostok"),
            ("nakhodka", "vostochny"),
            ("Saint-Petersburg", "st-petersburg"),
            ("st. petersburg", "st-petersburg"),
            ("novorossiysk", "novorossiysk"),
            ("ROTTERDAM", "rotterdam"),
            ("piraeus", "piraeus"),
            ("port said", "port-said"),
            ("shahid rajaee", "bandar-abbas"),
            ("chabahar", "chabahar"),
            ("anzali", "bandar-anzali"),
            ("amirabad", "amirabad"),
            ("astrakhan", "astrakhan"),
            ("olya", "olya"),
            ("makhachkala", "makhachkala"),
            ("alat", "baku"),
            ("baku", "baku"),
            ("aktau", "aktau"),
            ("murmansk", "murmansk"),
            ("tehran", "tehran"),
            ("qazvin", "qazvin"),
            ("rasht", "rasht"),
            ("astara (iran)", "astara-ir"),
            ("Astara (Azerbaijan)", "astara-az"),
            ("samur", "yalama"),
            ("sarakhs", "sarakhs"),
            ("moscow", "moscow"),
            ("cape of good hope", "good-hope"),
        ] {
            let node = network()
                .port(query)
                .unwrap_or_else(|e| panic!("{query}: {e}"));
            assert_eq!(node.id, id, "{query}");
        }
    }

    #[test]
    fn coordinates_are_real() {
        // Spot checks against the charts (degrees, to 0.1°).
        for (id, lat, lon) in [
            ("chennai", 13.08, 80.29),
            ("vladivostok", 43.11, 131.89),
            ("st-petersburg", 59.9, 30.25),
            ("rotterdam", 51.95, 4.1),
            ("bandar-abbas", 27.15, 56.1),
            ("moscow", 55.75, 37.62),
        ] {
            let n = network().port(id).expect("listed");
            assert!(
                (n.lat - lat).abs() < 0.1 && (n.lon - lon).abs() < 0.1,
                "{id}: {} {}",
                n.lat,
                n.lon
            );
        }
    }

    #[test]
    fn ports_carry_defaults_with_a_source() {
        let chennai = network().port("chennai").expect("listed");
        let d = chennai.defaults.as_ref().expect("a port has defaults");
        assert_eq!(d.turnaround_h, Some(44.92));
        assert!(d.source.contains("S73"));
        assert!(d.moves_per_h().is_some_and(|m| m > 0.0));
    }
}

/// The Caspian, the INSTC and the antimeridian.
mod geography {
    use super::*;

    #[test]
    fn the_caspian_is_joined_to_the_ocean_only_by_land() {
        let err = network()
            .route(&sea("chennai", "bandar anzali"))
            .unwrap_err();
        assert!(
            err.to_string()
                .contains("the Caspian is joined to the ocean only by land"),
            "{err}"
        );
        let r = route(&sea("nhava sheva", "bandar anzali").with_modes(&Mode::ALL));
        assert!(r.modes().contains(&Mode::Sea));
        assert!(
            r.modes()
                .iter()
                .any(|m| matches!(m, Mode::Rail | Mode::Road))
        );
    }

    #[test]
    fn anzali_to_astrakhan_comes_from_the_network() {
        // No source gives it (domain.md §4 estimates ≈600 nm).
        let r = route(&sea("bandar anzali", "astrakhan"));
        assert!(r.passages.iter().any(|p| p == "volga-caspian"));
        assert!(
            (450.0..=750.0).contains(&r.distance_nm),
            "{} nm",
            r.distance_nm
        );
        let ferry = route(&sea("bandar anzali", "astrakhan").with_modes(&[Mode::Ferry]));
        assert!((ferry.distance_km - r.distance_km).abs() < 1e-6);
        assert!(ferry.regions.iter().any(|g| g.region == "caspian-south"));
    }

    #[test]
    fn nhava_sheva_to_moscow_by_the_instc_crosses_borders() {
        let r = route(&sea("nhava sheva", "moscow").with_modes(&Mode::ALL));
        assert_eq!(r.legs.first().map(|l| l.mode), Some(Mode::Sea));
        assert!(
            !r.border_crossings.is_empty() || r.modes().contains(&Mode::Ferry),
            "{r:?}"
        );
        assert!(!r.transshipments.is_empty());
    }

    #[test]
    fn the_nsr_from_murmansk_crosses_the_antimeridian() {
        let ice1 = VesselLimits {
            ice_class: IceClass::Ice1,
            ..VesselLimits::default()
        };
        let r = route(&RouteRequest {
            vessel: ice1,
            ..sea("murmansk", "vladivostok")
        });
        assert!(r.passages.iter().any(|p| p == "nsr"), "{:?}", r.passages);
        assert!(
            r.legs
                .iter()
                .any(|l| l.to == "bering" || l.from == "bering")
        );
        let coords: Vec<[f64; 2]> = r.geometry.coords().map(|c| [c.x, c.y]).collect();
        assert!(
            coords.iter().any(|c| c[1] > 77.0),
            "reaches the Vilkitsky Strait"
        );
        let parts = split_antimeridian(&coords);
        assert!(parts.len() >= 2, "crosses 180°");
        for part in &parts {
            assert!(part.iter().all(|c| (-180.0..=180.0).contains(&c[0])));
            for pair in part.windows(2) {
                assert!((pair[1][0] - pair[0][0]).abs() <= 180.0);
            }
        }
        // S15 gives Murmansk → Yokohama 5,770 nm by the NSR; Vladivostok is
        // a little closer to the Bering Strait than Yokohama.
        assert!(
            (5_000.0..=7_000.0).contains(&r.distance_nm),
            "{} nm",
            r.distance_nm
        );
        // Without an ice class the NSR is closed and the route goes by Suez.
        let open_water = route(&sea("murmansk", "vladivostok"));
        assert!(!open_water.passages.iter().any(|p| p == "nsr"));
        assert!(open_water.distance_nm > r.distance_nm);
    }

    #[test]
    fn geojson_is_a_feature_collection_split_at_180() {
        let ice1 = VesselLimits {
            ice_class: IceClass::Ice1,
            ..VesselLimits::default()
        };
        let r = route(&RouteRequest {
            vessel: ice1,
            ..sea("murmansk", "vladivostok")
        });
        let json = r.geojson(network());
        assert_eq!(json["type"], "FeatureCollection");
        let features = json["features"].as_array().expect("features");
        assert_eq!(features.len(), r.legs.len() + 2);
        assert!(
            features
                .iter()
                .any(|f| f["geometry"]["type"] == "MultiLineString")
        );
        fn longitudes(value: &serde_json::Value, out: &mut Vec<f64>) {
            match value.as_array() {
                Some(items) if items.len() == 2 && items[0].is_number() => {
                    out.extend(items[0].as_f64());
                }
                Some(items) => items.iter().for_each(|v| longitudes(v, out)),
                None => {}
            }
        }
        let mut lons = Vec::new();
        for f in features {
            longitudes(&f["geometry"]["coordinates"], &mut lons);
        }
        assert!(lons.iter().all(|x| (-180.0..=180.0).contains(x)));
        assert!(lons.contains(&180.0) && lons.contains(&-180.0));
    }
}

/// Lane geometry against the Natural Earth 1:110m land mask.
mod land {
    use super::*;

    /// Lanes allowed to touch 1:110m land beyond the port allowance, with the
    /// reason. Canals and rivers (EdgeKind::Canal, EdgeKind::River) are
    /// exempt as a kind: the Suez Canal and the Volga–Caspian channel.
    const EXCEPTIONS: &[(&str, &str)] = &[
        (
            "gos-n--suez-s",
            "head of the Gulf of Suez: 110m closes the gulf about 15 km short of Suez",
        ),
        (
            "dard-c--dard-n",
            "Dardanelles, 1.2–7 km wide: not resolved at 110m",
        ),
        (
            "kola-app--murmansk",
            "Kola Bay, a fjord 1–7 km wide and 50 km long: not resolved at 110m",
        ),
        (
            "spb-app--st-petersburg",
            "Neva Bay: 110m ends the Gulf of Finland at 29.1°E, 60 km short of the port",
        ),
    ];

    /// Samples this close to a port end are allowed on land: coarse
    /// coastlines put many harbours inside the land polygons.
    const PORT_ALLOWANCE_KM: f64 = 25.0;

    /// Sample spacing along each lane, metres.
    const STEP_M: f64 = 5_000.0;

    #[test]
    fn no_sea_lane_crosses_a_continent() {
        let mask = LandMask::builtin();
        let net = network();
        for (id, _) in EXCEPTIONS {
            assert!(
                net.edges().iter().any(|e| e.id == *id),
                "stale exception {id}"
            );
        }
        let mut crossings = Vec::new();
        for edge in net.edges().iter().filter(|e| e.mode == Mode::Sea) {
            if matches!(edge.kind, EdgeKind::Canal | EdgeKind::River)
                || EXCEPTIONS.iter().any(|(id, _)| *id == edge.id)
            {
                continue;
            }
            let (a, b) = (net.node(edge.from), net.node(edge.to));
            let (pa, pb) = (a.point(), b.point());
            let samples: Vec<Point<f64>> =
                Geodesic.points_along_line(pa, pb, STEP_M, false).collect();
            for p in samples {
                if !mask.contains(p.x(), p.y()) {
                    continue;
                }
                let near = |n: &corridor::network::Node| {
                    n.kind != NodeKind::Waypoint
                        && geodesic_km([n.lon, n.lat], [p.x(), p.y()]) <= PORT_ALLOWANCE_KM
                };
                if !(near(a) || near(b)) {
                    crossings.push(format!("{} at {:.2},{:.2}", edge.id, p.y(), p.x()));
                    break;
                }
            }
        }
        assert!(crossings.is_empty(), "lanes over land: {crossings:#?}");
    }

    #[test]
    fn no_waypoint_is_on_land_except_in_canals_and_rivers() {
        let mask = LandMask::builtin();
        let inland_ok = [
            "suez-s",
            "bitter-lakes",
            "ismailia",
            "dard-n",
            "olya-channel",
        ];
        for node in network().nodes().iter().filter(|n| n.is_waypoint()) {
            if mask.contains(node.lon, node.lat) {
                assert!(
                    inland_ok.contains(&node.id.as_str()),
                    "{} is on land",
                    node.id
                );
            }
        }
    }

    #[test]
    fn lane_geometry_is_densified() {
        for edge in network().edges() {
            for pair in edge.geometry.windows(2) {
                let km = geodesic_km(pair[0], pair[1]);
                // Land links follow their shape points, densified the same way.
                assert!(km <= DENSIFY_MAX_M / 1_000.0 + 0.5, "{}: {km} km", edge.id);
            }
        }
    }
}

/// Properties of every route.
mod properties {
    use super::*;

    fn port_ids() -> Vec<String> {
        network().ports().map(|p| p.id.clone()).collect()
    }

    fn any_mode_route(a: &str, b: &str, avoid: &[&str]) -> Result<Route, NetworkError> {
        network().route(&sea(a, b).with_modes(&Mode::ALL).avoiding(avoid))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        #[test]
        fn a_path_is_never_shorter_than_the_geodesic(i in 0usize..35, j in 0usize..35) {
            let ids = port_ids();
            let (a, b) = (&ids[i % ids.len()], &ids[j % ids.len()]);
            let r = any_mode_route(a, b, &[]).expect("every listed place is connected by some mode");
            let (na, nb) = (network().port(a).unwrap(), network().port(b).unwrap());
            let straight = geodesic_km([na.lon, na.lat], [nb.lon, nb.lat]);
            prop_assert!(r.distance_km + 1e-6 >= straight, "{a}→{b}: {} < {straight}", r.distance_km);
        }

        #[test]
        fn avoiding_a_passage_never_shortens_a_path(
            i in 0usize..35,
            j in 0usize..35,
            p in prop::sample::select(vec!["suez", "cape", "malacca", "bab-el-mandeb", "hormuz", "danish-straits", "gibraltar", "korea-strait", "taiwan-strait", "caspian"]),
        ) {
            let ids = port_ids();
            let (a, b) = (&ids[i % ids.len()], &ids[j % ids.len()]);
            let base = any_mode_route(a, b, &[]).expect("connected");
            match any_mode_route(a, b, &[p]) {
                Ok(r) => {
                    prop_assert!(r.distance_km + 1e-6 >= base.distance_km);
                    prop_assert!(!r.passages.iter().any(|x| x == p));
                }
                Err(e) => prop_assert!(matches!(e, NetworkError::NoRoute { .. }), "{e}"),
            }
        }

        #[test]
        fn legs_join_end_to_end(i in 0usize..35, j in 0usize..35) {
            let ids = port_ids();
            let (a, b) = (&ids[i % ids.len()], &ids[j % ids.len()]);
            let r = any_mode_route(a, b, &[]).expect("connected");
            if a != b {
                prop_assert_eq!(&r.legs.first().unwrap().from, a);
                prop_assert_eq!(&r.legs.last().unwrap().to, b);
            }
            for pair in r.legs.windows(2) {
                prop_assert_eq!(&pair[0].to, &pair[1].from);
            }
            let sum: f64 = r.legs.iter().map(|l| l.distance_km).sum();
            prop_assert!((sum - r.distance_km).abs() < 1e-6);
            let regions: f64 = r.regions.iter().map(|g| g.distance_km).sum();
            let water: f64 = r.legs.iter().filter(|l| l.mode.is_water()).map(|l| l.distance_km).sum();
            prop_assert!((regions - water).abs() < 1e-6);
            if let (Some(first), Some(last)) = (r.geometry.coords().next(), r.geometry.coords().last()) {
                let (na, nb) = (network().port(a).unwrap(), network().port(b).unwrap());
                prop_assert!((first.x - na.lon).abs() < 1e-9 && (first.y - na.lat).abs() < 1e-9);
                prop_assert!((last.x - nb.lon).abs() < 1e-9 && (last.y - nb.lat).abs() < 1e-9);
            }
        }
    }
}
