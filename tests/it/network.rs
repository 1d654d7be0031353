//! The geographic layer through its public API: published distances,
//! restrictions, the Caspian, the antimeridian, routing properties and the
//! land-mask check of every sea lane. Distances and their sources are listed
//! in `docs/network.md`.

use corridor::network::geometry::{DENSIFY_MAX_M, geodesic_km, split_antimeridian};
use corridor::network::land::LandMask;
use corridor::network::{
    EdgeKind, IceClass, Mode, Network, NetworkError, Route, RouteRequest, Season, VesselLimits,
};
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

/// The id of the open-sea (MARNET) node nearest a position.
fn sea_node(lat: f64, lon: f64) -> &'static str {
    let net = network();
    let node = net
        .nodes()
        .iter()
        .filter(|n| n.is_waypoint() && n.id.starts_with('m'))
        .min_by(|a, b| {
            let da = geodesic_km([a.lon, a.lat], [lon, lat]);
            let db = geodesic_km([b.lon, b.lat], [lon, lat]);
            da.total_cmp(&db)
        })
        .expect("the network has sea nodes");
    node.id.as_str()
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
        let r = route(&sea("chennai", "st petersburg"));
        assert!(r.passages.iter().any(|p| p == "suez"));
        assert!(within(r.distance_nm, 8_675.0, 0.03), "{} nm", r.distance_nm);
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
    fn murmansk_to_yokohama_is_12840_nm_by_suez_and_5770_by_the_nsr() {
        // S15. The NSR figure is for the route along the coast; MARNET's
        // lane runs a little further north (docs/network.md).
        let suez = route(&sea("murmansk", "yokohama"));
        assert!(suez.passages.iter().any(|p| p == "suez"));
        assert!(
            within(suez.distance_nm, 12_840.0, 0.02),
            "{} nm",
            suez.distance_nm
        );
        let nsr = route(&RouteRequest {
            vessel: VesselLimits {
                ice_class: IceClass::Arc4,
                ..VesselLimits::default()
            },
            ..sea("murmansk", "yokohama")
        });
        assert!(nsr.passages.iter().any(|p| p == "nsr"));
        assert!(
            within(nsr.distance_nm, 5_770.0, 0.06),
            "{} nm",
            nsr.distance_nm
        );
    }

    #[test]
    fn the_issue_13_pairs_are_within_2_percent_of_the_independent_routers() {
        // Issue 13 quotes two independent public sea routers for these
        // pairs; the hand-built network was +29 % and +5.5 % off.
        let r = route(&sea("chennai", "nhava sheva"));
        assert!(within(r.distance_nm, 1_565.0, 0.02), "{} nm", r.distance_nm);
        let r = route(&sea("mundra", "st petersburg"));
        assert!(within(r.distance_nm, 7_610.0, 0.02), "{} nm", r.distance_nm);
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
    fn avoiding_suez_and_the_cape_goes_by_panama() {
        let r = route(&sea("chennai", "rotterdam").avoiding(&["suez", "cape"]));
        assert!(r.passages.iter().any(|p| p == "panama"), "{:?}", r.passages);
    }

    #[test]
    fn avoiding_every_way_out_leaves_no_route_and_says_why() {
        let err = network()
            .route(&sea("chennai", "rotterdam").avoiding(&["suez", "cape", "panama", "cape-horn"]))
            .unwrap_err();
        let text = err.to_string();
        assert!(matches!(err, NetworkError::NoRoute { .. }), "{text}");
        assert!(
            text.contains("avoiding cape, cape-horn, panama, suez"),
            "{text}"
        );
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
        // Between two open-sea nodes, so no port's own draught limit applies.
        let vessel = VesselLimits {
            draft_m: Some(20.5),
            ..VesselLimits::default()
        };
        let (off_ceylon, off_morocco) = (sea_node(5.7, 80.6), sea_node(35.9, -6.5));
        let r = route(&RouteRequest {
            vessel,
            ..sea(off_ceylon, off_morocco)
        });
        assert!(!r.passages.iter().any(|p| p == "suez"), "{:?}", r.passages);
        assert!(r.passages.iter().any(|p| p == "cape"), "{:?}", r.passages);
        let shallow = route(&sea(off_ceylon, off_morocco));
        assert!(shallow.passages.iter().any(|p| p == "suez"));
        // A 9 m ship reaches the Baltic, but not through the Sound (7.7 m).
        let deep = VesselLimits {
            draft_m: Some(9.0),
            ..VesselLimits::default()
        };
        let r = route(&RouteRequest {
            vessel: deep,
            ..sea("rotterdam", "st petersburg")
        });
        for leg in &r.legs {
            let limit = network().edge(leg.edge_id).max_draft_m;
            assert!(limit.is_none_or(|m| m >= 9.0), "{}: {limit:?}", leg.edge);
        }
        let sound = network()
            .edges()
            .iter()
            .filter(|e| e.passages.iter().any(|p| p == "danish-straits"))
            .filter(|e| e.max_draft_m == Some(7.7))
            .count();
        assert!(sound > 0, "the Sound carries its 7.7 m limit");
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
            // World ports by LOCODE, name and alias; the accent is folded.
            ("INCCU", "inccu"),
            ("Kolkata", "inccu"),
            ("Visakhapatnam", "invtz"),
            ("cochin", "incok"),
            ("tuticorin", "intut"),
            ("Jebel Ali", "aejea"),
            ("salalah", "omsll"),
            ("JEDDAH", "sajed"),
            ("karachi", "pkkhi"),
            ("Chattogram", "bdcgp"),
            ("ho chi minh city", "vnsgn"),
            ("Laem Chabang", "thlch"),
            ("jakarta", "idjkt"),
            ("ningbo", "cnngb"),
            ("shenzhen", "cnszx"),
            ("Hong Kong", "hkhkg"),
            ("yokohama", "jpyok"),
            ("hamburg", "deham"),
            ("antwerp", "beanr"),
            ("istanbul", "trist"),
            ("ust-luga", "ruulu"),
            ("kaliningrad", "rukgd"),
            ("primorsk", "rupri"),
            ("Gdańsk", "plgdn"),
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
    fn a_sea_going_ship_reaches_the_caspian_only_by_land() {
        // The Volga–Don takes river-sea ships only (3.5 m, 140 m; EST).
        let container_ship = VesselLimits {
            draft_m: Some(12.0),
            ..VesselLimits::default()
        };
        let err = network()
            .route(&RouteRequest {
                vessel: container_ship,
                ..sea("chennai", "bandar anzali")
            })
            .unwrap_err();
        assert!(
            err.to_string()
                .contains("draught 12 m > 3.5 m in volga-don"),
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
        assert!(r.passages.iter().any(|p| p == "bering"), "{:?}", r.passages);
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

/// Lane geometry against the Natural Earth 1:50m land mask (finer than the
/// 1:110m mask of the hand-built network's tests).
mod land {
    use super::*;
    use corridor::network::land::LandIndex;
    use std::sync::OnceLock;

    fn index() -> &'static LandIndex {
        static INDEX: OnceLock<LandIndex> = OnceLock::new();
        INDEX.get_or_init(|| {
            let text = include_str!("../../src/network/data/land_50m.json");
            LandIndex::new(&LandMask::from_json(text).expect("valid mask"))
        })
    }

    /// Land a lane may cross without being reported: 1:50m coastlines are
    /// generalised to about a kilometre, and MARNET hugs them.
    const TOLERANCE_KM: f64 = 3.0;

    fn land_km(edge: &corridor::network::Edge) -> f64 {
        edge.geometry
            .windows(2)
            .map(|p| index().land_km(p[0], p[1]))
            .sum()
    }

    /// The lanes over more than TOLERANCE_KM of land that no named exception
    /// covers: canals, rivers and straits are exempt as a kind (the Suez and
    /// Kiel canals, the Volga–Caspian channel, the Bosporus and Dardanelles,
    /// which 1:50m draws closed or narrower than the lane's straight line),
    /// and so are approaches, which the conversion measured per port
    /// (world_ports.csv, connector_land_km; see the next test).
    fn open_sea_crossings() -> Vec<(String, f64)> {
        let net = network();
        let mut out: Vec<(String, f64)> = net
            .edges()
            .iter()
            .filter(|e| e.mode == Mode::Sea)
            .filter(|e| {
                !matches!(
                    e.kind,
                    EdgeKind::Canal | EdgeKind::River | EdgeKind::Strait | EdgeKind::Approach
                )
            })
            .map(|e| (e.id.clone(), land_km(e)))
            .filter(|(_, km)| *km > TOLERANCE_KM)
            .collect();
        out.sort_by(|a, b| b.1.total_cmp(&a.1));
        out
    }

    /// A named place where lanes may cross land, from land_exceptions.csv.
    struct Exception {
        name: String,
        lon: (f64, f64),
        lat: (f64, f64),
        max_land_km: f64,
    }

    impl Exception {
        fn contains(&self, [lon, lat]: [f64; 2]) -> bool {
            let in_lon = if self.lon.0 <= self.lon.1 {
                (self.lon.0..=self.lon.1).contains(&lon)
            } else {
                // The box runs east across 180°.
                lon >= self.lon.0 || lon <= self.lon.1
            };
            in_lon && (self.lat.0..=self.lat.1).contains(&lat)
        }
    }

    fn exceptions() -> Vec<Exception> {
        let text = include_str!("../../src/network/data/land_exceptions.csv");
        let body: String = text
            .lines()
            .filter(|l| !l.starts_with('#'))
            .map(|l| format!("{l}\n"))
            .collect();
        csv::Reader::from_reader(body.as_bytes())
            .records()
            .map(|r| {
                let r = r.expect("a well-formed row");
                let num = |i: usize| r[i].parse::<f64>().expect("a number");
                assert!(!r[6].trim().is_empty(), "{}: no reason given", &r[0]);
                Exception {
                    name: r[0].to_string(),
                    lon: (num(1), num(3)),
                    lat: (num(2), num(4)),
                    max_land_km: num(5),
                }
            })
            .collect()
    }

    /// Land a crossing may have outside the named places: 1:50m coastlines
    /// clip headlands and islets by a few kilometres.
    const UNNAMED_MAX_KM: f64 = 10.0;

    /// Each open-sea crossing with its land and the named exception that
    /// excuses it, if any.
    fn excused() -> Vec<(String, f64, Option<String>)> {
        let net = network();
        let named = exceptions();
        open_sea_crossings()
            .into_iter()
            .map(|(id, km)| {
                let e = net.edges().iter().find(|e| e.id == id).unwrap();
                let ends = [net.node(e.from), net.node(e.to)].map(|n| [n.lon, n.lat]);
                let by = named
                    .iter()
                    .find(|x| km <= x.max_land_km && ends.iter().any(|p| x.contains(*p)))
                    .map(|x| x.name.clone());
                (id, km, by)
            })
            .collect()
    }

    #[test]
    fn every_lane_over_10_km_of_land_is_a_named_exception() {
        let unnamed: Vec<(String, f64)> = excused()
            .into_iter()
            .filter(|(_, km, by)| by.is_none() && *km > UNNAMED_MAX_KM)
            .map(|(id, km, _)| (id, km))
            .collect();
        assert!(
            unnamed.is_empty(),
            "lanes over {UNNAMED_MAX_KM} km of 1:50m land that land_exceptions.csv does not name: {unnamed:#?}"
        );
    }

    #[test]
    fn every_named_exception_is_still_needed() {
        let used: Vec<String> = excused().into_iter().filter_map(|(_, _, by)| by).collect();
        for x in exceptions() {
            assert!(
                used.contains(&x.name),
                "land_exceptions.csv names {} but no lane crosses land there",
                x.name
            );
        }
    }

    #[test]
    fn few_lanes_clip_land_outside_the_named_places() {
        // 3–10 km clips of headlands and islets, counted rather than named.
        // The bound is today's count (docs/network.md), so a change to the
        // data or the overlays that adds one fails here and lists them.
        let clips: Vec<(String, f64)> = excused()
            .into_iter()
            .filter(|(_, _, by)| by.is_none())
            .map(|(id, km, _)| (id, km))
            .collect();
        assert!(
            clips.len() <= 115,
            "{} lanes clip 3–{UNNAMED_MAX_KM} km of land outside the named places: {:#?}",
            clips.len(),
            &clips[..clips.len().min(40)]
        );
    }

    #[test]
    fn main_routes_do_not_cross_land() {
        // The corridors the scenarios sail: every lane of them stays off
        // 1:50m land beyond the tolerance, except the canal and strait legs
        // and the approaches into port.
        let crossings: Vec<String> = open_sea_crossings().into_iter().map(|(id, _)| id).collect();
        for (a, b, avoid) in [
            ("chennai", "vladivostok", vec![]),
            ("chennai", "st petersburg", vec![]),
            ("chennai", "rotterdam", vec!["suez"]),
            ("nhava sheva", "rotterdam", vec![]),
            ("nhava sheva", "bandar abbas", vec![]),
            ("rotterdam", "st petersburg", vec![]),
            ("singapore", "busan", vec![]),
        ] {
            let r = route(&sea(a, b).avoiding(&avoid));
            for leg in &r.legs {
                assert!(
                    !crossings.contains(&leg.edge),
                    "{a}→{b}: {} crosses land",
                    leg.edge
                );
            }
        }
    }

    /// Land an approach may cross beyond the port's own shore and still
    /// count as clear: a rounding margin where it grazes a coastline vertex
    /// (make_marnet.py's CLEAR_KM).
    const CLEAR_KM: f64 = 0.1;

    /// The bends the conversion gave the connectors (`via_lat`, `via_lon`):
    /// world ports by LOCODE (world_ports.csv), curated ports by id
    /// (port_joins.csv).
    fn bends() -> std::collections::HashMap<String, [f64; 2]> {
        let mut out = std::collections::HashMap::new();
        for (text, key) in [
            (
                include_str!("../../src/network/data/world_ports.csv"),
                "locode",
            ),
            (include_str!("../../src/network/data/port_joins.csv"), "id"),
        ] {
            let mut reader = csv::Reader::from_reader(text.as_bytes());
            let headers = reader.headers().unwrap().clone();
            let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
            let (code, lat, lon) = (col(key), col("via_lat"), col("via_lon"));
            for r in reader.records().map(|r| r.unwrap()) {
                if !r[lat].is_empty() {
                    let via = [r[lon].parse().unwrap(), r[lat].parse().unwrap()];
                    out.insert(r[code].to_string(), via);
                }
            }
        }
        out
    }

    /// Every approach (port, its LOCODE, kilometres of 1:50m land beyond
    /// the port's own shore), following the connector's bend if it has one.
    fn approach_land() -> Vec<(String, Option<String>, f64)> {
        let net = network();
        let bends = bends();
        net.edges()
            .iter()
            .filter(|e| e.kind == EdgeKind::Approach)
            .map(|e| {
                let port = if net.node(e.from).is_waypoint() {
                    e.to
                } else {
                    e.from
                };
                let (p, n) = (net.node(port), net.node(e.other(port)));
                let (a, b) = ([p.lon, p.lat], [n.lon, n.lat]);
                // A bend is stored per LOCODE; a curated port at another
                // position than the world row joins straight.
                let via = [Some(&p.id), p.locode.as_ref()]
                    .into_iter()
                    .flatten()
                    .filter_map(|k| bends.get(k))
                    .find(|v| e.geometry.contains(v));
                let km = match via {
                    Some(&v) => index().land_km_beyond_shore(a, v) + index().land_km(v, b),
                    None => index().land_km_beyond_shore(a, b),
                };
                (p.id.clone(), p.locode.clone(), km)
            })
            .collect()
    }

    /// The ports overlay.csv lets join across land, with their bound.
    fn join_exceptions() -> Vec<(String, f64)> {
        super::overlay::rows()
            .into_iter()
            .filter(|r| r.action == "join")
            .map(|r| (r.name, r.max_land_km.expect("a join row gives max_land_km")))
            .collect()
    }

    #[test]
    fn every_port_joins_the_network_clear_of_land() {
        // The conversion joins each port to the nearest of its 12 nearest
        // nodes it reaches clear of 1:50m land, straight or bent once at a
        // sea point. Most ports are geocoded a little inland at 1:50m, so
        // the land at the port's own end of the approach does not count.
        let exceptions = join_exceptions();
        let approaches = approach_land();
        assert!(approaches.len() > 3_900, "{} approaches", approaches.len());
        let across: Vec<(String, f64)> = approaches
            .into_iter()
            .filter(|(_, code, km)| {
                let allowed = exceptions
                    .iter()
                    .find(|(c, _)| Some(c) == code.as_ref())
                    .map_or(CLEAR_KM, |(_, max)| *max);
                *km > allowed
            })
            .map(|(id, _, km)| (id, km))
            .collect();
        assert!(
            across.is_empty(),
            "approaches over 1:50m land that overlay.csv does not name: {across:#?}"
        );
    }

    #[test]
    fn every_named_join_exception_is_still_needed() {
        let approaches = approach_land();
        for (code, _) in join_exceptions() {
            let km = approaches
                .iter()
                .find(|(_, c, _)| c.as_deref() == Some(code.as_str()))
                .map(|(_, _, km)| *km)
                .unwrap_or_else(|| panic!("overlay.csv names {code}, which has no approach"));
            assert!(
                km > CLEAR_KM,
                "overlay.csv names {code}, which joins clear of land"
            );
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

    /// Every port and land node: the curated places first, then the world
    /// ports (so a random index in 0..4,000 draws from all of them).
    fn port_ids() -> &'static [String] {
        static IDS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
        IDS.get_or_init(|| network().ports().map(|p| p.id.clone()).collect())
    }

    /// Any mode, and an Arc7 ship, so Arctic ports (Tiksi, Khatanga) are
    /// reachable too.
    fn any_mode_route(a: &str, b: &str, avoid: &[&str]) -> Result<Route, NetworkError> {
        network().route(&RouteRequest {
            vessel: VesselLimits {
                ice_class: IceClass::Arc7,
                ..VesselLimits::default()
            },
            ..sea(a, b).with_modes(&Mode::ALL).avoiding(avoid)
        })
    }

    proptest! {
        #![proptest_config(crate::common::proptest_config(200))]

        #[test]
        fn a_path_is_never_shorter_than_the_geodesic(i in 0usize..4_000, j in 0usize..4_000) {
            let ids = port_ids();
            let (a, b) = (&ids[i % ids.len()], &ids[j % ids.len()]);
            let r = any_mode_route(a, b, &[]).expect("every listed place is connected by some mode");
            let (na, nb) = (network().port(a).unwrap(), network().port(b).unwrap());
            let straight = geodesic_km([na.lon, na.lat], [nb.lon, nb.lat]);
            prop_assert!(r.distance_km + 1e-6 >= straight, "{a}→{b}: {} < {straight}", r.distance_km);
        }

        #[test]
        fn avoiding_a_passage_never_shortens_a_path(
            i in 0usize..4_000,
            j in 0usize..4_000,
            p in prop::sample::select(vec!["suez", "cape", "malacca", "bab-el-mandeb", "hormuz", "danish-straits", "gibraltar", "korea-strait", "taiwan-strait", "caspian", "panama", "dover", "bosporus"]),
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
        fn legs_join_end_to_end(i in 0usize..4_000, j in 0usize..4_000) {
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

/// Places and links of the user's own: the library API and the scenario
/// tables (`[nodes.NAME]`, `[links.NAME]`).
mod own_nodes {
    use super::*;
    use crate::common::{corridor, scratch};
    use corridor::network::{NewLink, NewNode, NodeKind};

    fn terminal() -> NewNode {
        NewNode {
            id: "chennai-north".into(),
            name: "Chennai North Terminal".into(),
            kind: NodeKind::Sea,
            lat: 13.32,
            lon: 80.35,
            locode: None,
            aliases: vec!["ennore north".into()],
            class: Some("terminal".into()),
        }
    }

    fn dry_port() -> NewNode {
        NewNode {
            id: "bengaluru-icd".into(),
            name: "Bengaluru ICD".into(),
            kind: NodeKind::RailTerminal,
            lat: 12.97,
            lon: 77.59,
            locode: None,
            aliases: Vec::new(),
            class: None,
        }
    }

    fn rail(km: f64) -> NewLink {
        NewLink {
            id: "bengaluru-chennai-north-rail".into(),
            from: "bengaluru-icd".into(),
            to: "chennai north terminal".into(),
            mode: Mode::Rail,
            km,
            gauge_mm: Some(1676),
            border: None,
            enabled: true,
        }
    }

    #[test]
    fn a_new_port_joins_the_sea_network_and_routes_like_a_built_in_one() {
        let net = network()
            .with_additions(&[terminal(), dry_port()], &[rail(370.0)])
            .expect("valid additions");
        let own = net
            .route(&sea("ennore north", "vladivostok"))
            .expect("routes");
        let builtin = route(&sea("chennai", "vladivostok"));
        assert_eq!(own.from, "chennai-north");
        assert!(own.passages.iter().any(|p| p == "malacca"));
        // 25 km up the coast from Chennai: the same voyage within a few per cent.
        assert!(
            within(own.distance_nm, builtin.distance_nm, 0.03),
            "{} vs {}",
            own.distance_nm,
            builtin.distance_nm
        );
        assert_eq!(own.legs[0].region.as_deref(), Some("bay-of-bengal"));
        // The dry port reaches the sea by the new line.
        let multimodal = net
            .route(&sea("bengaluru icd", "vladivostok").with_modes(&[Mode::Rail, Mode::Sea]))
            .expect("routes");
        assert_eq!(multimodal.legs[0].edge, "bengaluru-chennai-north-rail");
        assert_eq!(multimodal.legs[0].gauge_mm, Some(1676));
        assert!(
            multimodal
                .transshipments
                .iter()
                .any(|t| t.at == "chennai-north")
        );
        // A port takes its class's defaults.
        let port = net.port("chennai-north").expect("added");
        assert!(
            port.defaults
                .as_ref()
                .is_some_and(|d| d.source.starts_with("terminal class"))
        );
        // The built-in network is untouched.
        assert!(network().resolve("chennai-north").is_err());
    }

    #[test]
    fn bad_additions_name_the_node_or_link_and_the_field() {
        let dup = NewNode {
            id: "chennai".into(),
            ..terminal()
        };
        let err = network().with_additions(&[dup], &[]).unwrap_err();
        assert_eq!(
            (err.table, err.id.as_str(), err.field),
            ("nodes", "chennai", None)
        );
        let off = NewNode {
            lat: 95.0,
            ..terminal()
        };
        let err = network().with_additions(&[off], &[]).unwrap_err();
        assert_eq!(err.field, Some("lat"));
        let err = network()
            .with_additions(&[terminal(), dry_port()], &[rail(100.0)])
            .unwrap_err();
        assert_eq!(err.field, Some("km"));
        assert!(err.message.contains("shorter than the"), "{err}");
        let err = network()
            .with_additions(
                &[terminal()],
                &[NewLink {
                    from: "atlantis".into(),
                    ..rail(370.0)
                }],
            )
            .unwrap_err();
        assert_eq!((err.table, err.field), ("links", Some("from")));
        assert!(
            err.message.contains("unknown port or node `atlantis`"),
            "{err}"
        );
    }

    const SCENARIO: &str = r#"
extends = "baseline"
name = "own-terminal"
replications = 2

[nodes.chennai-north]
name = "Chennai North Terminal"
kind = "port"
lat = 13.32
lon = 80.35

[nodes.bengaluru-icd]
kind = "dry-port"
lat = 12.97
lon = 77.59

[links.bengaluru-chennai-north-rail]
from = "bengaluru-icd"
to = "chennai-north"
mode = "rail"
km = 370
gauge_mm = 1676

[ports.chennai-north]
berths = 2
berth_teu_per_h = 150
source = "EST: a planned two-berth terminal"

[nodes.kattupalli]
kind = "port"
lat = 13.30
lon = 80.33

[routes.kattupalli]
legs = [
  { kind = "sea", from = "kattupalli", to = "vladivostok", vessel = "feeder-1100" },
]

[routes.north]
legs = [
  { kind = "rail", from = "bengaluru-icd", to = "chennai-north", service = "transsib" },
  { kind = "sea", from = "chennai-north", to = "vladivostok", vessel = "feeder-1100" },
]
"#;

    #[test]
    fn a_scenario_adds_nodes_and_links_and_routes_over_them() {
        let loaded = corridor::scenario::load_from_str("own.toml", SCENARIO).expect("validates");
        let ids: Vec<&str> = loaded
            .scenario
            .routes
            .iter()
            .map(|r| r.id.as_str())
            .collect();
        assert!(ids.contains(&"north") && ids.contains(&"emc"), "{ids:?}");
        // A port without [ports.ID] runs on its class's defaults.
        assert!(ids.contains(&"kattupalli"), "{ids:?}");
        // The shipped baseline, without the tables, still loads on its own.
        corridor::scenario::load_from_str("plain.toml", "extends = \"baseline\"\n")
            .expect("validates");
    }

    #[test]
    fn a_bad_node_in_a_scenario_points_at_its_key() {
        let text = SCENARIO.replace("kind = \"dry-port\"", "kind = \"dryport\"");
        let err = corridor::scenario::load_from_str("own.toml", &text).unwrap_err();
        let shown = err.to_string();
        assert!(shown.contains("nodes.bengaluru-icd.kind"), "{shown}");
        assert!(shown.contains("unknown kind `dryport`"), "{shown}");
        assert!(shown.contains("dry-port"), "{shown}");
        let text = SCENARIO.replace("km = 370", "km = 37");
        let shown = corridor::scenario::load_from_str("own.toml", &text)
            .unwrap_err()
            .to_string();
        assert!(
            shown.contains("links.bengaluru-chennai-north-rail.km"),
            "{shown}"
        );
        assert!(shown.contains("own.toml:21:"), "names the line: {shown}");
    }

    #[test]
    fn a_port_of_the_users_never_joins_the_lanes_across_land() {
        // Kattupalli (above) stands on the shore and joins; a "port" at
        // Delhi could only reach the sea across the subcontinent, which the
        // old rule allowed (the nearest node, whatever lay between).
        let dir = scratch("inland-port");
        let file = dir.join("inland.toml");
        std::fs::write(
            &file,
            "extends = \"baseline\"\n\n[nodes.delhi-port]\nkind = \"port\"\nlat = 28.61\nlon = 77.21\n",
        )
        .unwrap();
        let out = corridor()
            .args(["validate", file.to_str().unwrap()])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        let shown = String::from_utf8_lossy(&out.stderr);
        assert!(shown.contains("nodes.delhi-port.lat"), "{shown}");
        assert!(shown.contains("without crossing land"), "{shown}");
        assert!(shown.contains("inland.toml:5:"), "names the line: {shown}");
        // The shore port of the same kind still joins, from the same binary.
        let shore = dir.join("shore.toml");
        std::fs::write(
            &shore,
            "extends = \"baseline\"\n\n[nodes.kattupalli]\nkind = \"port\"\nlat = 13.30\nlon = 80.33\n",
        )
        .unwrap();
        corridor()
            .args(["validate", shore.to_str().unwrap()])
            .assert()
            .success();
    }
}

/// Accuracy against an independent router on many pairs of major ports.
mod accuracy {
    use super::*;

    /// 300 pairs of major ports with searoute 1.6.0's port-to-port
    /// distance (made by src/network/data/make_searoute_check.py). searoute
    /// routes over the same MARNET lanes, so this checks the conversion,
    /// the port joins and the routing, not the lanes; the `published`
    /// module checks those against published figures.
    const PAIRS: &str = include_str!("../../src/network/data/searoute_check.csv");

    #[test]
    fn against_searoute_95_percent_within_2_percent_and_none_beyond_4() {
        let mut deviations = Vec::new();
        for line in PAIRS.lines().skip(1) {
            let mut cols = line.split(',');
            let (a, b, nm) = (
                cols.next().expect("from"),
                cols.next().expect("to"),
                cols.next().expect("nm").parse::<f64>().expect("a number"),
            );
            // By LOCODE, as the independent checks outside the repo call it.
            let r = route(&sea(a, b));
            deviations.push((
                (r.distance_nm - nm) / nm,
                format!("{a}→{b}: {:.0} vs {nm} nm", r.distance_nm),
            ));
        }
        assert_eq!(deviations.len(), 300);
        let within_2 = deviations.iter().filter(|(d, _)| d.abs() <= 0.02).count();
        let beyond_4: Vec<&String> = deviations
            .iter()
            .filter(|(d, _)| d.abs() > 0.04)
            .map(|(_, s)| s)
            .collect();
        assert!(
            within_2 * 100 >= deviations.len() * 95,
            "{within_2} of 300 within 2 %"
        );
        assert!(beyond_4.is_empty(), "beyond 4 %: {beyond_4:#?}");
    }
}

/// The hand corrections of overlay.csv: every row still applies to the
/// converted data (make_marnet.py applies them and records what each one
/// changed in overlay_applied.csv; a row that changes nothing stops it).
mod overlay {
    use super::*;

    /// One row of overlay.csv.
    pub(super) struct Row {
        pub(super) action: String,
        pub(super) name: String,
        /// `[lat0, lon0, lat1, lon1]`.
        pub(super) boxes: Vec<[f64; 4]>,
        pub(super) tag: String,
        pub(super) max_land_km: Option<f64>,
    }

    fn in_boxes(boxes: &[[f64; 4]], [lon, lat]: [f64; 2]) -> bool {
        boxes
            .iter()
            .any(|b| (b[0]..=b[2]).contains(&lat) && (b[1]..=b[3]).contains(&lon))
    }

    fn without_comments(text: &str) -> String {
        text.lines()
            .filter(|l| !l.starts_with('#'))
            .map(|l| format!("{l}\n"))
            .collect()
    }

    pub(super) fn rows() -> Vec<Row> {
        let body = without_comments(include_str!("../../src/network/data/overlay.csv"));
        csv::Reader::from_reader(body.as_bytes())
            .records()
            .map(|r| {
                let r = r.expect("a well-formed row");
                assert!(!r[5].trim().is_empty(), "{}: no reason given", &r[1]);
                let boxes = r[2]
                    .split(';')
                    .filter(|p| !p.trim().is_empty())
                    .map(|p| {
                        let v: Vec<f64> =
                            p.split_whitespace().map(|x| x.parse().unwrap()).collect();
                        [v[0], v[1], v[2], v[3]]
                    })
                    .collect();
                Row {
                    action: r[0].to_string(),
                    name: r[1].to_string(),
                    boxes,
                    tag: r[3].to_string(),
                    max_land_km: r[4].parse().ok(),
                }
            })
            .collect()
    }

    fn marnet_nodes() -> Vec<[f64; 2]> {
        let text = include_str!("../../src/network/data/marnet_nodes.csv");
        csv::Reader::from_reader(text.as_bytes())
            .records()
            .map(|r| {
                let r = r.unwrap();
                [r[0].parse().unwrap(), r[1].parse().unwrap()]
            })
            .collect()
    }

    /// `(a, b, tag)` of every MARNET lane.
    fn marnet_edges() -> Vec<(usize, usize, String)> {
        let text = include_str!("../../src/network/data/marnet_edges.csv");
        csv::Reader::from_reader(text.as_bytes())
            .records()
            .map(|r| {
                let r = r.unwrap();
                (
                    r[0].parse().unwrap(),
                    r[1].parse().unwrap(),
                    r[2].to_string(),
                )
            })
            .collect()
    }

    #[test]
    fn every_row_was_applied_and_changed_something() {
        // overlay_applied.csv is written by the conversion from overlay.csv:
        // the same rows in the same order, so an edit to overlay.csv
        // without a rerun of make_marnet.py fails here.
        let applied = include_str!("../../src/network/data/overlay_applied.csv");
        let applied: Vec<(String, String, u64)> = csv::Reader::from_reader(applied.as_bytes())
            .records()
            .map(|r| {
                let r = r.unwrap();
                (r[0].to_string(), r[1].to_string(), r[2].parse().unwrap())
            })
            .collect();
        let rows = rows();
        assert_eq!(
            rows.iter()
                .map(|r| (r.action.clone(), r.name.clone()))
                .collect::<Vec<_>>(),
            applied
                .iter()
                .map(|(a, n, _)| (a.clone(), n.clone()))
                .collect::<Vec<_>>(),
            "overlay.csv and overlay_applied.csv differ: rerun make_marnet.py"
        );
        for (action, name, changed) in &applied {
            assert!(*changed > 0, "overlay.csv: {action} {name} changes nothing");
        }
        for action in ["drop-tag", "cut", "tag", "join"] {
            assert!(rows.iter().any(|r| r.action == action), "no {action} row");
        }
    }

    #[test]
    fn dropped_tags_and_cut_waters_are_gone() {
        let nodes = marnet_nodes();
        let edges = marnet_edges();
        for row in rows() {
            match row.action.as_str() {
                "drop-tag" => assert!(
                    edges.iter().all(|(_, _, t)| *t != row.tag),
                    "{}: a lane still has tag {}",
                    row.name,
                    row.tag
                ),
                "cut" => {
                    assert!(!row.boxes.is_empty(), "{}: no box", row.name);
                    let inside = nodes.iter().filter(|p| in_boxes(&row.boxes, **p)).count();
                    assert_eq!(inside, 0, "{}: {inside} MARNET nodes in the cut", row.name);
                }
                _ => {}
            }
        }
    }

    #[test]
    fn every_tag_row_tags_the_lanes_in_its_box() {
        let nodes = marnet_nodes();
        let edges = marnet_edges();
        for row in rows().into_iter().filter(|r| r.action == "tag") {
            let tagged = edges.iter().filter(|(_, _, t)| *t == row.tag).count();
            assert!(tagged > 0, "{}: no lane has tag {}", row.name, row.tag);
            for (a, b, t) in &edges {
                if in_boxes(&row.boxes, nodes[*a]) && in_boxes(&row.boxes, nodes[*b]) {
                    assert!(!t.is_empty(), "{}: lane {a}-{b} is untagged", row.name);
                }
            }
        }
    }

    #[test]
    fn every_tag_names_a_passage() {
        let net = network();
        for row in rows().into_iter().filter(|r| r.action == "tag") {
            let passage = row.name.as_str();
            assert!(
                net.passages().iter().any(|p| p == passage),
                "{passage} is not a passage"
            );
            assert!(
                net.edges()
                    .iter()
                    .any(|e| e.passages.iter().any(|p| p == passage)),
                "no lane carries {passage}"
            );
        }
    }
}

/// The Volga–Don: a waterway for river-sea ships between the Caspian and the
/// Sea of Azov, through the binary.
mod volga_don {
    use super::*;
    use crate::common::corridor;

    fn json(args: &[&str]) -> serde_json::Value {
        let out = corridor()
            .arg("route")
            .args(args)
            .arg("--json")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).expect("JSON")
    }

    fn refused(args: &[&str]) -> String {
        let out = corridor().arg("route").args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?} was not refused");
        String::from_utf8_lossy(&out.stderr).into_owned()
    }

    #[test]
    fn a_river_sea_ship_sails_from_baku_to_rostov_by_the_volga_don() {
        let r = json(&["baku", "RURND", "--draft-m", "3.4", "--length-m", "120"]);
        let passages: Vec<&str> = r["passages"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p.as_str().unwrap())
            .collect();
        for p in ["caspian", "volga-caspian", "volga-don", "volga-don-canal"] {
            assert!(passages.contains(&p), "{passages:?}");
        }
        // Baku–Astrakhan ≈ 480 nm over the Caspian and the Volga–Caspian
        // channel, then MARNET's Volga and Don (≈ 880 km to Rostov): the
        // sum must be well above the 900 km great circle and below the
        // ≈ 1,200 nm an independent chart would not exceed.
        let nm = r["distance_nm"].as_f64().unwrap();
        assert!((850.0..=1_100.0).contains(&nm), "{nm} nm");
        // And from the Black Sea to the Caspian, the other way round.
        let back = json(&["RUNVS", "aktau", "--draft-m", "3.4", "--length-m", "120"]);
        assert!(back["passages"].to_string().contains("volga-don"));
    }

    #[test]
    fn the_canal_counts_its_published_length() {
        // About 101 km (EST), which MARNET draws as 79 km of straight lanes.
        let km: f64 = network()
            .edges()
            .iter()
            .filter(|e| e.passages.iter().any(|p| p == "volga-don-canal"))
            .map(|e| e.distance_km)
            .sum();
        assert!(within(km, 101.0, 0.02), "{km} km");
    }

    #[test]
    fn a_sea_going_ship_is_refused_and_routes_otherwise() {
        let err = refused(&["baku", "RUNVS", "--draft-m", "12"]);
        assert!(err.contains("draught 12 m > 3.5 m in volga-don"), "{err}");
        let long = refused(&["astrakhan", "RUNVS", "--length-m", "160"]);
        assert!(long.contains("length 160 m > 140 m in volga-don"), "{long}");
        // A 4 m ship fits the Volga–Caspian channel (4.2 m) but not the
        // Volga–Don: with rail allowed it goes through Iran and Suez.
        let r = json(&[
            "astrakhan",
            "RUNVS",
            "--draft-m",
            "4",
            "--mode",
            "sea",
            "--mode",
            "rail",
        ]);
        let passages = r["passages"].to_string();
        assert!(!passages.contains("volga-don"), "{passages}");
        assert!(passages.contains("suez"), "{passages}");
    }

    #[test]
    fn the_waterway_is_closed_in_winter() {
        let err = refused(&[
            "baku",
            "RUNVS",
            "--draft-m",
            "3.4",
            "--season",
            "winter",
            "--ice-class",
            "ice1",
        ]);
        assert!(
            err.contains("volga-don is closed to navigation in winter"),
            "{err}"
        );
    }
}
