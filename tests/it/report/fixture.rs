//! A synthetic run folder that follows `docs/run-output.md`: three routes
//! (EMC, Suez + rail as the reference, INSTC), paired shipments, a Suez
//! queue that builds and drains, route geometry and assumptions. Values come
//! from a fixed-seed generator, so the folder is the same on every call.

use std::path::{Path, PathBuf};

/// splitmix64: a tiny deterministic generator, enough for test data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        (z >> 11) as f64 / (1u64 << 53) as f64
    }
    /// Roughly normal (sum of uniforms), mean 0, sd 1.
    fn normal(&mut self) -> f64 {
        (0..12).map(|_| self.next()).sum::<f64>() - 6.0
    }
}

pub use crate::common::scratch as temp_dir;

/// Component keys in the contract's order, from the model that defines them.
pub fn time_keys() -> impl Iterator<Item = &'static str> {
    corridor::model::TimeComponent::ALL.iter().map(|c| c.key())
}

/// Cost component keys in the contract's order.
pub fn cost_keys() -> impl Iterator<Item = &'static str> {
    corridor::model::CostComponent::ALL.iter().map(|c| c.key())
}

/// A route of the fixture: id, name, and per-component mean days and USD.
struct RouteDef {
    id: &'static str,
    name: &'static str,
    time: [f64; 12],
    cost: [f64; 14],
    line: &'static [(f64, f64)],
}

const EMC_LINE: &[(f64, f64)] = &[
    (80.3, 13.1),
    (82.0, 8.0),
    (95.0, 5.5),
    (103.8, 1.3),
    (110.0, 10.0),
    (121.0, 22.0),
    (125.0, 32.0),
    (129.5, 34.8),
    (131.9, 43.1),
];
const SUEZ_LINE: &[(f64, f64)] = &[
    (72.9, 18.9),
    (60.0, 14.0),
    (45.0, 12.5),
    (43.3, 12.6),
    (38.0, 20.0),
    (32.5, 29.9),
    (32.3, 31.3),
    (20.0, 34.0),
    (10.0, 37.5),
    (-5.6, 36.0),
    (-9.5, 40.0),
    (-5.0, 48.5),
    (3.0, 52.0),
    (10.5, 57.5),
    (20.0, 57.0),
    (30.2, 59.9),
    (37.6, 55.8),
];
const INSTC_LINE: &[(f64, f64)] = &[
    (72.9, 18.9),
    (60.0, 24.0),
    (56.3, 27.2),
    (51.4, 35.7),
    (49.6, 37.3),
    (48.9, 38.4),
    (49.9, 40.4),
    (48.0, 46.3),
    (37.6, 55.8),
];

fn routes() -> [RouteDef; 3] {
    [
        RouteDef {
            id: "emc",
            name: "Eastern Maritime Corridor",
            time: [14.0, 0.5, 1.0, 2.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 3.5],
            cost: [
                900.0, 600.0, 0.0, 250.0, 300.0, 0.0, 0.0, 0.0, 60.0, 90.0, 120.0, 0.0, 80.0, 30.0,
            ],
            line: EMC_LINE,
        },
        RouteDef {
            id: "suez",
            name: "Suez + Trans-Siberian rail",
            time: [22.0, 1.0, 1.5, 2.5, 0.8, 0.6, 2.0, 9.0, 0.0, 0.0, 0.5, 4.0],
            cost: [
                1300.0, 900.0, 420.0, 300.0, 380.0, 1200.0, 0.0, 0.0, 80.0, 130.0, 260.0, 0.0,
                500.0, 50.0,
            ],
            line: SUEZ_LINE,
        },
        RouteDef {
            id: "instc",
            name: "INSTC: Nhava Sheva → Bandar Abbas → Astara → Moscow",
            time: [3.5, 0.2, 0.8, 2.0, 0.0, 0.0, 3.0, 6.0, 1.0, 2.5, 2.5, 4.0],
            cost: [
                300.0, 250.0, 0.0, 200.0, 450.0, 900.0, 350.0, 400.0, 70.0, 40.0, 150.0, 0.0,
                600.0, 30.0,
            ],
            line: INSTC_LINE,
        },
    ]
}

/// Size of the fixture.
#[derive(Debug, Clone, Copy)]
pub struct Size {
    pub replications: usize,
    pub shipments: usize,
}

impl Default for Size {
    fn default() -> Self {
        Size {
            replications: 12,
            shipments: 25,
        }
    }
}

/// Writes the fixture run folder into `dir` (which must exist), through
/// the run folder's own types and writers, so the fixture cannot drift from
/// the format.
pub fn write_run(dir: &Path, size: Size) {
    use corridor::runfile::geojson::{MapPlace, RouteGeometry, RouteLine};
    use corridor::runfile::pairing::{Outcome, pair_replication};
    use corridor::runfile::queues::{QueuePoint, QueueSeries, Queues};
    use corridor::runfile::shipments::{ShipmentRow, ShipmentsFormat};
    use corridor::runfile::{
        MetricCollector, Paired, RouteSummary, RunMeta, Summary, assumptions, files,
    };

    let defs = routes();
    let components = corridor::runfile::writer::model_components();
    let format = ShipmentsFormat::new(defs.iter().map(|d| d.id), &components);
    let mut csv = format.header();
    let mut rng = Rng(20250106);
    let reference = 1; // suez
    #[derive(Default)]
    struct Collect {
        metrics: [MetricCollector; 3],
        diffs: [MetricCollector; 2],
        in_transit: u64,
        pairs: u64,
        faster: u64,
        cheaper: u64,
        both: u64,
    }
    let mut collect: Vec<Collect> = (0..defs.len()).map(|_| Collect::default()).collect();
    for rep in 0..size.replications {
        // Shared random inputs: the same weather for shipment k on every route.
        let weather: Vec<f64> = (0..size.shipments).map(|_| rng.normal()).collect();
        let mut outcomes = Vec::new();
        for (r, def) in defs.iter().enumerate() {
            for (k, shared) in weather.iter().enumerate() {
                let depart = k as f64 * 3.5;
                let own = rng.normal();
                let mut time = def.time;
                time[0] *= 1.0 + 0.04 * shared + 0.02 * own;
                time[1] = (time[1] * (1.0 + shared)).max(0.0);
                time[2] = (time[2] * (1.0 + 0.5 * own)).max(0.0);
                time[11] = (time[11] * (1.0 + 0.3 * rng.normal())).max(0.2);
                let transit: f64 = time.iter().sum();
                let mut cost = def.cost;
                cost[0] *= 1.0 + 0.05 * shared;
                cost[10] = cost[10] * transit / def.time.iter().sum::<f64>();
                let total: f64 = cost.iter().sum();
                let co2 = cost[0] / 600.0;
                // The INSTC's last shipment of every third replication is late.
                let late = def.id == "instc" && k == size.shipments - 1 && rep % 3 == 0;
                format.write_row(
                    &mut csv,
                    &ShipmentRow {
                        replication: rep as u64,
                        route: r,
                        shipment: k as u64,
                        teu: 1.0,
                        depart_day: depart,
                        arrive_day: (!late).then_some(depart + transit),
                        cost_usd_per_teu: total,
                        co2_t_per_teu: co2,
                        time_days: &time,
                        cost_parts_usd_per_teu: &cost,
                        stranded: false,
                        disruption: None,
                        replanned: false,
                        path: r,
                    },
                );
                if late {
                    collect[r].in_transit += 1;
                } else {
                    for (m, x) in [transit, total, co2].into_iter().enumerate() {
                        collect[r].metrics[m].add(x);
                    }
                    outcomes.push(Outcome {
                        route: r,
                        shipment: k as u64,
                        transit_days: transit,
                        cost_usd_per_teu: total,
                    });
                }
            }
        }
        pair_replication(&outcomes, reference, |d| {
            let c = &mut collect[d.route];
            c.diffs[0].add(d.transit_days);
            c.diffs[1].add(d.cost_usd_per_teu);
            c.pairs += 1;
            c.faster += u64::from(d.faster());
            c.cheaper += u64::from(d.cheaper());
            c.both += u64::from(d.faster() && d.cheaper());
        });
        for c in &mut collect {
            for m in c.metrics.iter_mut().chain(c.diffs.iter_mut()) {
                m.end_replication();
            }
        }
    }
    std::fs::write(dir.join(files::SHIPMENTS), csv).expect("write shipments.csv");

    let shipments = (size.replications * size.shipments) as u64;
    let routes: Vec<RouteSummary> = defs
        .iter()
        .zip(&collect)
        .enumerate()
        .map(|(r, (def, c))| {
            let share = |n: u64| (c.pairs > 0).then(|| n as f64 / c.pairs as f64);
            RouteSummary {
                id: def.id.to_string(),
                name: def.name.to_string(),
                colour_index: r,
                shipments,
                arrived: shipments - c.in_transit,
                in_transit: c.in_transit,
                stranded: 0,
                replanned: 0,
                transit_days: c.metrics[0].stats(),
                cost_usd_per_teu: c.metrics[1].stats(),
                co2_t_per_teu: c.metrics[2].stats(),
                time_components_days: time_keys().map(String::from).zip(def.time).collect(),
                cost_components_usd_per_teu: cost_keys().map(String::from).zip(def.cost).collect(),
                vs_reference: (r != reference).then(|| Paired {
                    reference: "suez".to_string(),
                    pairs: Some(c.pairs),
                    transit_days_diff: c.diffs[0].stats(),
                    cost_usd_per_teu_diff: c.diffs[1].stats(),
                    share_faster: share(c.faster),
                    share_cheaper: share(c.cheaper),
                    share_faster_and_cheaper: share(c.both),
                }),
            }
        })
        .collect();
    let summary = Summary {
        format_version: corridor::runfile::FORMAT_VERSION,
        scenario: RunMeta {
            name: "fixture".to_string(),
            description: "A synthetic run for the report tests: <three> routes & a Suez queue."
                .to_string(),
            file: Some("scenarios/fixture.toml".to_string()),
            seed: 1,
            replications: size.replications as u64,
            replications_requested: Some(size.replications as u64),
            start_date: "2025-01-06".to_string(),
            horizon_days: 240.0,
            reference_route: "suez".to_string(),
            cost_basis: Some("operator".to_string()),
            version: "0.1.0".to_string(),
            wall_s: 0.5,
            threads: 2,
            events: 12345,
            events_per_s: 24690.0,
            cancelled: false,
            shard: None,
            precision: None,
        },
        components,
        routes,
        disruptions: Vec::new(),
        pairs: Vec::new(),
    };
    summary
        .write_json(&dir.join(files::SUMMARY_JSON))
        .expect("write summary.json");
    summary
        .write_csv(&dir.join(files::SUMMARY_CSV))
        .expect("write summary.csv");

    // A Suez queue that builds during a blockage (days 30–36) and drains.
    let series = |resource: &str, kind: &str, f: &dyn Fn(f64) -> (f64, f64)| QueueSeries {
        resource: resource.to_string(),
        kind: kind.to_string(),
        points: (0..120)
            .map(|day| {
                let (mean, max) = f(f64::from(day));
                QueuePoint {
                    day: f64::from(day),
                    mean_waiting: mean,
                    max_waiting: max,
                    replications: Some(size.replications as u64),
                }
            })
            .collect(),
    };
    let suez = |d: f64| {
        let q = if (30.0..37.0).contains(&d) {
            4.0 + (d - 29.0) * 55.0
        } else if d >= 37.0 {
            4.0 + 385.0 * (-(d - 37.0) / 6.0).exp()
        } else {
            4.0 + (d / 3.0).sin()
        };
        (q, q * 1.3)
    };
    let port = |d: f64| {
        let q = 2.0 + (d / 5.0).sin().abs() * 3.0;
        (q, q * 2.0)
    };
    let rail = |d: f64| {
        let q = 150.0 + 60.0 * (d / 9.0).sin();
        (q, q * 1.5)
    };
    Queues {
        series: vec![
            series("suez-canal", "canal", &suez),
            series("port:RUVVO", "port", &port),
            series("port:RULED", "port", &|_| (0.0, 0.0)),
            series("rail:RUVVO", "rail", &rail),
        ],
    }
    .write(&dir.join(files::QUEUES))
    .expect("write queues.csv");

    let places = [
        ("Chennai", "INMAA", 80.3, 13.1),
        ("Vladivostok", "RUVVO", 131.9, 43.1),
        ("Nhava Sheva", "INNSA", 72.9, 18.9),
        ("Port Said", "EGPSD", 32.3, 31.3),
        ("St Petersburg", "RULED", 30.2, 59.9),
        ("Moscow", "RUMOW", 37.6, 55.8),
        ("Bandar Abbas", "IRBND", 56.3, 27.2),
        ("Astara", "AZAST", 48.9, 38.4),
        ("Astrakhan", "RUASF", 48.0, 46.3),
        ("Singapore", "SGSIN", 103.8, 1.3),
    ];
    RouteGeometry {
        routes: defs
            .iter()
            .enumerate()
            .map(|(r, def)| RouteLine {
                id: def.id.to_string(),
                name: def.name.to_string(),
                colour_index: r,
                parts: vec![def.line.to_vec()],
            })
            .collect(),
        places: places
            .iter()
            .map(|&(name, locode, lon, lat)| MapPlace {
                name: name.to_string(),
                id: name.to_lowercase().replace(' ', "-"),
                locode: Some(locode.to_string()),
                kind: "sea".to_string(),
                at: (lon, lat),
            })
            .collect(),
    }
    .write(&dir.join(files::ROUTES))
    .expect("write routes.geojson");

    let assumption = |key: &str, value: serde_json::Value, unit: &str, source: Option<&str>| {
        assumptions::Assumption {
            key: key.to_string(),
            value,
            unit: Some(unit.to_string()),
            source: source.map(String::from),
        }
    };
    assumptions::write(
        &dir.join(files::ASSUMPTIONS),
        &[
            assumption(
                "vessel.speed_kn",
                14.into(),
                "kn",
                Some("domain.md §1 (EST)"),
            ),
            assumption(
                "suez.toll_usd_per_teu",
                420.into(),
                "USD/TEU",
                Some("SCA tariff <2024>"),
            ),
            assumption("fuel.price", "620".into(), "USD/t", None),
        ],
    )
    .expect("write assumptions.json");
}

/// A fresh fixture run folder.
pub fn run_dir(name: &str) -> PathBuf {
    let dir = temp_dir(name);
    write_run(&dir, Size::default());
    dir
}

/// Brings `summary.json`'s counts in line with `shipments.csv` after a test
/// edited the rows (statistics of routes left without arrivals are emptied),
/// so the folder is again one consistent run.
pub fn resync_summary(dir: &Path) {
    use corridor::runfile::shipments::Shipments;
    use corridor::runfile::{Stats, Summary, files};
    let path = dir.join(files::SUMMARY_JSON);
    let mut summary = Summary::load(&path).expect("summary.json");
    let shipments = Shipments::load(&dir.join(files::SHIPMENTS), None, 1).expect("shipments.csv");
    for route in &mut summary.routes {
        let (rows, in_transit) = shipments
            .route(&route.id)
            .map_or((0, 0), |r| (r.rows, r.in_transit));
        route.shipments = rows;
        route.in_transit = in_transit;
        route.arrived = rows - in_transit;
        if route.arrived == 0 {
            route.transit_days = Stats::default();
            route.cost_usd_per_teu = Stats::default();
            route.co2_t_per_teu = Stats::default();
        }
    }
    summary.write_json(&path).expect("write summary.json");
}
