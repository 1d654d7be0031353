//! A synthetic run folder that follows `docs/run-output.md`: three routes
//! (EMC, Suez + rail as the reference, INSTC), paired shipments, a Suez
//! queue that builds and drains, route geometry and assumptions. Values come
//! from a fixed-seed generator, so the folder is the same on every call.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

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

/// A fresh, empty folder under the system temp folder.
pub fn temp_dir(name: &str) -> PathBuf {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "corridor-test-{}-{}-{name}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

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
    cost: [f64; 11],
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
                900.0, 600.0, 0.0, 250.0, 300.0, 0.0, 0.0, 0.0, 60.0, 90.0, 120.0,
            ],
            line: EMC_LINE,
        },
        RouteDef {
            id: "suez",
            name: "Suez + Trans-Siberian rail",
            time: [22.0, 1.0, 1.5, 2.5, 0.8, 0.6, 2.0, 9.0, 0.0, 0.0, 0.5, 4.0],
            cost: [
                1300.0, 900.0, 420.0, 300.0, 380.0, 1200.0, 0.0, 0.0, 80.0, 130.0, 260.0,
            ],
            line: SUEZ_LINE,
        },
        RouteDef {
            id: "instc",
            name: "INSTC: Nhava Sheva → Bandar Abbas → Astara → Moscow",
            time: [3.5, 0.2, 0.8, 2.0, 0.0, 0.0, 3.0, 6.0, 1.0, 2.5, 2.5, 4.0],
            cost: [
                300.0, 250.0, 0.0, 200.0, 450.0, 900.0, 350.0, 400.0, 70.0, 40.0, 150.0,
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

fn stats_json(values: &mut [f64], rep_means: &[f64]) -> String {
    if values.is_empty() {
        return "{\"count\": 0, \"mean\": null}".to_string();
    }
    values.sort_by(f64::total_cmp);
    let n = values.len() as f64;
    let mean = values.iter().sum::<f64>() / n;
    let sd = (values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1.0).max(1.0)).sqrt();
    let q = |p: f64| values[((values.len() - 1) as f64 * p).round() as usize];
    let r = rep_means.len() as f64;
    let rm = rep_means.iter().sum::<f64>() / r;
    let rsd = (rep_means.iter().map(|v| (v - rm).powi(2)).sum::<f64>() / (r - 1.0).max(1.0)).sqrt();
    let half = 2.2 * rsd / r.sqrt();
    format!(
        "{{\"count\": {}, \"mean\": {mean:.4}, \"sd\": {sd:.4}, \"min\": {:.4}, \"max\": {:.4}, \
         \"p5\": {:.4}, \"p50\": {:.4}, \"p90\": {:.4}, \"p95\": {:.4}, \
         \"ci95_low\": {:.4}, \"ci95_high\": {:.4}}}",
        values.len(),
        values[0],
        values[values.len() - 1],
        q(0.05),
        q(0.5),
        q(0.9),
        q(0.95),
        mean - half,
        mean + half
    )
}

/// Writes the fixture run folder into `dir` (which must exist).
pub fn write_run(dir: &Path, size: Size) {
    let defs = routes();
    let mut rng = Rng(20250106);
    let mut csv = String::from(
        "replication,route,shipment,status,teu,depart_day,arrive_day,transit_days,\
         cost_usd_per_teu,co2_t_per_teu",
    );
    for t in time_keys() {
        let _ = write!(csv, ",time_{t}_days");
    }
    for c in cost_keys() {
        let _ = write!(csv, ",cost_{c}_usd_per_teu");
    }
    csv.push('\n');
    // Per route: transit, cost, co2 of arrived shipments; per replication means.
    let mut kept: Vec<[Vec<f64>; 3]> = (0..defs.len()).map(|_| Default::default()).collect();
    let mut rep_means: Vec<[Vec<f64>; 3]> = (0..defs.len()).map(|_| Default::default()).collect();
    let mut in_transit = vec![0u64; defs.len()];
    for rep in 0..size.replications {
        // Shared random inputs: the same weather for shipment k on every route.
        let weather: Vec<f64> = (0..size.shipments).map(|_| rng.normal()).collect();
        for (r, def) in defs.iter().enumerate() {
            let mut sums = [0.0; 3];
            let mut arrived = 0.0;
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
                let _ = write!(csv, "{rep},{},{k},", def.id);
                if late {
                    in_transit[r] += 1;
                    let _ = write!(csv, "in_transit,1,{depart:.3},,,{total:.2},{co2:.4}");
                } else {
                    let _ = write!(
                        csv,
                        "arrived,1,{depart:.3},{:.3},{transit:.3},{total:.2},{co2:.4}",
                        depart + transit
                    );
                    kept[r][0].push(transit);
                    kept[r][1].push(total);
                    kept[r][2].push(co2);
                    sums[0] += transit;
                    sums[1] += total;
                    sums[2] += co2;
                    arrived += 1.0;
                }
                for t in time {
                    let _ = write!(csv, ",{t:.3}");
                }
                for c in cost {
                    let _ = write!(csv, ",{c:.2}");
                }
                csv.push('\n');
            }
            for m in 0..3 {
                rep_means[r][m].push(sums[m] / arrived);
            }
        }
    }
    std::fs::write(dir.join("shipments.csv"), csv).expect("write shipments.csv");

    let mut routes_json = Vec::new();
    let mut summary_csv =
        String::from("route,metric,count,mean,sd,min,p5,p50,p90,p95,max,ci95_low,ci95_high\n");
    for (r, def) in defs.iter().enumerate() {
        let shipments = (size.replications * size.shipments) as u64;
        let time_components: Vec<String> = time_keys()
            .zip(def.time)
            .map(|(n, v)| format!("\"{n}\": {v}"))
            .collect();
        let cost_components: Vec<String> = cost_keys()
            .zip(def.cost)
            .map(|(n, v)| format!("\"{n}\": {v}"))
            .collect();
        let mut metrics = Vec::new();
        for (m, name) in ["transit_days", "cost_usd_per_teu", "co2_t_per_teu"]
            .iter()
            .enumerate()
        {
            let json = stats_json(&mut kept[r][m].clone(), &rep_means[r][m]);
            metrics.push(format!("\"{name}\": {json}"));
            let _ = writeln!(
                summary_csv,
                "{},{name},{},,,,,,,,,,",
                def.id,
                kept[r][m].len()
            );
        }
        let vs = if def.id == "suez" {
            "null".to_string()
        } else {
            "{\"reference\": \"suez\", \"share_faster\": 0.9, \"share_cheaper\": 0.8}".to_string()
        };
        routes_json.push(format!(
            "    {{ \"id\": \"{}\", \"name\": \"{}\", \"colour_index\": {r}, \"shipments\": \
             {shipments}, \"arrived\": {}, \"in_transit\": {}, {}, \
             \"time_components_days\": {{ {} }}, \"cost_components_usd_per_teu\": {{ {} }}, \
             \"vs_reference\": {vs} }}",
            def.id,
            def.name,
            shipments - in_transit[r],
            in_transit[r],
            metrics.join(", "),
            time_components.join(", "),
            cost_components.join(", "),
        ));
    }
    let summary = format!(
        "{{\n  \"scenario\": {{ \"name\": \"fixture\", \"description\": \"A synthetic run for \
         the report tests: <three> routes & a Suez queue.\", \"file\": \
         \"scenarios/fixture.toml\", \"seed\": 1, \"replications\": {}, \"start_date\": \
         \"2025-01-06\", \"horizon_days\": 240, \"reference_route\": \"suez\", \"version\": \
         \"0.1.0\", \"wall_s\": 0.5, \"threads\": 2, \"events\": 12345, \"events_per_s\": \
         24690.0 }},\n  \"routes\": [\n{}\n  ]\n}}\n",
        size.replications,
        routes_json.join(",\n")
    );
    std::fs::write(dir.join("summary.json"), summary).expect("write summary.json");
    std::fs::write(dir.join("summary.csv"), summary_csv).expect("write summary.csv");

    // A Suez queue that builds during a blockage (days 30–36) and drains.
    let mut queues = String::from("resource,kind,day,mean_waiting,max_waiting\n");
    for day in 0..120 {
        let d = f64::from(day);
        let suez = if (30.0..37.0).contains(&d) {
            4.0 + (d - 29.0) * 55.0
        } else if d >= 37.0 {
            4.0 + 385.0 * (-(d - 37.0) / 6.0).exp()
        } else {
            4.0 + (d / 3.0).sin()
        };
        let port = 2.0 + (d / 5.0).sin().abs() * 3.0;
        let rail = 150.0 + 60.0 * (d / 9.0).sin();
        let _ = writeln!(queues, "suez-canal,canal,{day},{suez:.3},{:.3}", suez * 1.3);
        let _ = writeln!(queues, "port:RUVVO,port,{day},{port:.3},{:.3}", port * 2.0);
        let _ = writeln!(queues, "port:RULED,port,{day},0,0");
        let _ = writeln!(queues, "rail:RUVVO,rail,{day},{rail:.3},{:.3}", rail * 1.5);
    }
    std::fs::write(dir.join("queues.csv"), queues).expect("write queues.csv");

    let mut features = Vec::new();
    for (r, def) in defs.iter().enumerate() {
        let coords: Vec<String> = def
            .line
            .iter()
            .map(|(x, y)| format!("[{x}, {y}]"))
            .collect();
        features.push(format!(
            "{{\"type\": \"Feature\", \"properties\": {{\"id\": \"{}\", \"name\": \"{}\", \
             \"colour_index\": {r}, \"kind\": \"route\"}}, \"geometry\": {{\"type\": \
             \"LineString\", \"coordinates\": [{}]}}}}",
            def.id,
            def.name,
            coords.join(", ")
        ));
    }
    for (name, locode, lon, lat) in [
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
    ] {
        features.push(format!(
            "{{\"type\": \"Feature\", \"properties\": {{\"name\": \"{name}\", \"locode\": \
             \"{locode}\", \"kind\": \"port\"}}, \"geometry\": {{\"type\": \"Point\", \
             \"coordinates\": [{lon}, {lat}]}}}}"
        ));
    }
    std::fs::write(
        dir.join("routes.geojson"),
        format!(
            "{{\"type\": \"FeatureCollection\", \"features\": [\n{}\n]}}\n",
            features.join(",\n")
        ),
    )
    .expect("write routes.geojson");

    std::fs::write(
        dir.join("assumptions.json"),
        r#"[
  {"key": "vessel.speed_kn", "value": 14, "unit": "kn", "source": "domain.md §1 (EST)"},
  {"key": "suez.toll_usd_per_teu", "value": 420, "unit": "USD/TEU", "source": "SCA tariff <2024>"},
  {"key": "fuel.price", "value": "620", "unit": "USD/t", "source": null}
]
"#,
    )
    .expect("write assumptions.json");
}

/// A fresh fixture run folder.
pub fn run_dir(name: &str) -> PathBuf {
    let dir = temp_dir(name);
    write_run(&dir, Size::default());
    dir
}
