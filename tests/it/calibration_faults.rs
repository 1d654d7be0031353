//! The scenario faults of issue 10, held to what was reported, through the
//! binary: the Suez blockage's queue and its clearing, Vladivostok's
//! congestion in a state that holds (and the warning for one that does not),
//! the INSTC's western branch against its measured runs, Trans-Siberian
//! trains at the speed reported for them, the INSTC's sea legs on liner
//! services, border posts where the border is with rail and road
//! procedures (Astara's lanes and traffic from their sources), and random
//! streams keyed so that common random numbers hold across routes and
//! scenarios.
//!
//! Each band says where it comes from; runs use the scenarios' fixed seeds.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::common::{corridor, parameter, parameter_text, scratch};

/// Runs a scenario (a name or a file) without charts into `out`, with
/// `extra` arguments; returns stderr.
fn run(scenario: &str, extra: &[&str], out: &Path) -> String {
    let output = corridor()
        .args(["run", scenario, "--no-plots", "--out"])
        .arg(out)
        .args(extra)
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(output.status.success(), "{stderr}");
    stderr
}

/// Writes `body` as `name.toml` in a fresh folder and returns its path.
fn scenario_file(name: &str, body: &str) -> PathBuf {
    let path = scratch(name).join(format!("{name}.toml"));
    std::fs::write(&path, body).unwrap();
    path
}

/// Rows of shipments.csv as maps from column name to text.
fn shipments(dir: &Path) -> Vec<BTreeMap<String, String>> {
    let mut reader = csv::Reader::from_path(dir.join("shipments.csv")).unwrap();
    let headers = reader.headers().unwrap().clone();
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            headers
                .iter()
                .zip(r.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

fn number(row: &BTreeMap<String, String>, column: &str) -> f64 {
    row[column].parse().unwrap()
}

/// Mean and half-width of its 95 % confidence interval.
fn mean_ci(xs: &[f64]) -> (f64, f64) {
    let n = xs.len() as f64;
    let mean = xs.iter().sum::<f64>() / n;
    let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0);
    (mean, 1.96 * (var / n).sqrt())
}

mod blockage {
    use super::*;

    /// Ships waiting for a Suez convoy, both ways, per day (mean over
    /// replications of the day's time-average).
    fn canal_queue(dir: &Path) -> BTreeMap<usize, f64> {
        let mut reader = csv::Reader::from_path(dir.join("queues.csv")).unwrap();
        let mut by_day = BTreeMap::new();
        for record in reader.records() {
            let r = record.unwrap();
            if r[0].starts_with("canal:suez-") {
                *by_day.entry(r[2].parse::<usize>().unwrap()).or_insert(0.0) +=
                    r[3].parse::<f64>().unwrap();
            }
        }
        by_day
    }

    #[test]
    fn the_queue_peaks_above_350_ships_and_is_back_to_normal_5_to_9_days_after_reopening() {
        let dir = scratch("blockage-2021");
        run("suez-blockage", &["--replications", "60"], &dir);
        let queue = canal_queue(&dir);
        // Normal times: the five weeks before the closure on day 63.
        let normal = (28..63).map(|d| queue[&d]).sum::<f64>() / 35.0;
        // More than 350 ships queued in March 2021 (S61). The daily
        // time-average is below the instant before the first convoy, so
        // this is the cautious reading.
        let peak = queue.values().copied().fold(0.0, f64::max);
        assert!(peak > 350.0, "peak {peak:.0} ships, normal {normal:.0}");
        // The canal reopened on day 69. The backlog was cleared by 3 April
        // and normal convoy timings resumed on 5 April, 5 and 7 days after
        // the refloat (S53): back within 10 % of the normal queue 5–9 days
        // after reopening. (The old scenario counted the surge twice and
        // was back after 3.)
        let back = (69..queue.len())
            .find(|d| queue[d] <= 1.1 * normal)
            .expect("the queue drains");
        assert!(
            (5..=9).contains(&(back - 69)),
            "back to normal {} days after reopening: {:?}",
            back - 69,
            (66..80).map(|d| queue[&d].round()).collect::<Vec<_>>()
        );
        std::fs::remove_dir_all(&dir).ok();
    }
}

mod congestion {
    use super::*;

    /// Per departure, one route's values of `column` over replications.
    fn by_departure(rows: &[BTreeMap<String, String>], route: &str, column: &str) -> Vec<Vec<f64>> {
        let mut by: BTreeMap<u32, Vec<f64>> = BTreeMap::new();
        for r in rows.iter().filter(|r| r["route"] == route) {
            by.entry(r["shipment"].parse().unwrap())
                .or_default()
                .push(number(r, column));
        }
        by.into_values().collect()
    }

    /// The mean over the first six and the last six departures agree
    /// within their confidence intervals, and the overall mean is in `band`.
    fn holds_near(per_departure: &[Vec<f64>], band: std::ops::RangeInclusive<f64>, what: &str) {
        let n = per_departure.len();
        let first: Vec<f64> = per_departure[..6].concat();
        let last: Vec<f64> = per_departure[n - 6..].concat();
        let ((a, ha), (b, hb)) = (mean_ci(&first), mean_ci(&last));
        assert!(
            (a - b).abs() <= (ha * ha + hb * hb).sqrt(),
            "{what}: first departures {a:.2} ± {ha:.2} days, last {b:.2} ± {hb:.2}: the queue does not hold"
        );
        let all = per_departure.concat();
        let mean = all.iter().sum::<f64>() / all.len() as f64;
        assert!(
            band.contains(&mean),
            "{what}: mean {mean:.2} days, outside {band:?}"
        );
    }

    #[test]
    fn waits_hold_through_the_run_near_what_was_reported_in_2022() {
        let dir = scratch("congestion-steady");
        let stderr = run("vladivostok-congestion", &[], &dir);
        assert!(!stderr.contains("capacity"), "{stderr}");
        let rows = shipments(&dir);
        // S75 gives single monthly averages for November 2022 (9 days at
        // anchor, 14 days' wait for rail) without a spread; a queue this
        // close to capacity moves by ≈25 % for one point of load, so the
        // bands are the reported figure ± 30 %. The EMC's berth waits
        // include ≈0.2 days at Chennai, Singapore and Busan.
        holds_near(
            &by_departure(&rows, "emc", "time_berth_wait_days"),
            6.3..=11.7,
            "EMC at anchor off Vladivostok",
        );
        // emc-transsib rides the emc route's liner and leaves with it, so
        // what it waits more than the same departure of emc is its wait for
        // a westbound train.
        let emc: BTreeMap<(String, String), f64> = rows
            .iter()
            .filter(|r| r["route"] == "emc")
            .map(|r| {
                let key = (r["replication"].clone(), r["shipment"].clone());
                (key, number(r, "time_service_wait_days"))
            })
            .collect();
        let mut rail: BTreeMap<u32, Vec<f64>> = BTreeMap::new();
        for r in rows.iter().filter(|r| r["route"] == "emc-transsib") {
            let key = (r["replication"].clone(), r["shipment"].clone());
            rail.entry(r["shipment"].parse().unwrap())
                .or_default()
                .push(number(r, "time_service_wait_days") - emc[&key]);
        }
        holds_near(
            &rail.into_values().collect::<Vec<_>>(),
            9.8..=18.2,
            "EMC cargo waiting for westbound trains",
        );
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn a_port_or_train_overloaded_by_the_scenarios_own_shipments_is_warned_about() {
        // Other traffic alone stays below capacity (0.96 of the berths, 140
        // of 142 TEU a train); the scenario's own ships (the EMC's direct and
        // hub services and the EMC + rail route: 0.08) and boxes tip both
        // over.
        let path = scenario_file(
            "overloaded",
            "extends = \"vladivostok-congestion\"\nname = \"overloaded\"\n\n\
             [ports.RUVVO]\nberth_occupancy = 0.96\n\n\
             [services.transsib-west]\nbackground_teu_per_departure = 140.0\n",
        );
        let out = corridor().arg("validate").arg(&path).output().unwrap();
        assert!(out.status.success());
        let stderr = String::from_utf8_lossy(&out.stderr);
        for needle in [
            "overloaded.toml:5:1: `ports.RUVVO.berth_occupancy`: port RUVVO (4 berths) is loaded at 104 %",
            "overloaded.toml:8:1: `services.transsib-west.background_teu_per_departure`: service transsib-west is loaded at 103 %",
            "no steady state",
        ] {
            assert!(stderr.contains(needle), "missing `{needle}` in:\n{stderr}");
        }
        // The shipped scenario stays below capacity: no warning.
        let shipped = corridor()
            .args(["validate", "vladivostok-congestion"])
            .output()
            .unwrap();
        assert!(
            !String::from_utf8_lossy(&shipped.stderr).contains("warning"),
            "{}",
            String::from_utf8_lossy(&shipped.stderr)
        );
    }
}

mod instc {
    use super::*;

    #[test]
    fn the_western_branch_measured_as_the_2016_run_was_matches_it() {
        // S33: the containers were loaded onto a ship in Mumbai on 20 Sep
        // 2016 and arrived at the Vorsino terminal near Moscow on 12 Oct,
        // 23 days. That clock starts after gate-in and export customs and
        // stops before import release: the route's first and last dwells
        // (≈2.3 days each) lie outside it. The same route without them:
        let path = scenario_file(
            "instc-s33",
            r#"extends = "instc"
name = "instc-s33"
replications = 100

[routes.instc-west]
name = "INSTC west, from loading at Nhava Sheva to the Moscow terminal (S33)"
legs = [
  { kind = "sea", from = "nhava-sheva", to = "bandar-abbas", vessel = "feeder-1100" },
  { kind = "dwell", at = "bandar-abbas", dwell_h = { triangular = [24, 48, 120] }, cost_usd_per_teu = 100 },
  { kind = "rail", from = "bandar-abbas", to = "rasht", service = "iran-north" },
  { kind = "road", from = "rasht", to = "astara-az" },
  { kind = "dwell", at = "astara-az", dwell_h = { triangular = [12, 24, 72] }, cost_usd_per_teu = 150 },
  { kind = "rail", from = "astara-az", to = "moscow", service = "azerbaijan-russia" },
]
"#,
        );
        let dir = scratch("instc-s33-run");
        run(path.to_str().unwrap(), &[], &dir);
        let mut days: Vec<f64> = shipments(&dir)
            .iter()
            .filter(|r| r["route"] == "instc-west")
            .map(|r| number(r, "transit_days"))
            .collect();
        days.sort_by(f64::total_cmp);
        let at = |q: f64| days[((days.len() - 1) as f64 * q).round() as usize];
        // Measured runs took 23 days (S33) and 24 (S43; planned < 25, S42):
        // single runs, so each should be an ordinary outcome of the model,
        // between its 10th and 90th percentiles, and the median within the
        // runs' 23–25 days widened by a day for the train delays (sd ≈ 1
        // day a train) of a single run.
        let (p10, p50, p90) = (at(0.1), at(0.5), at(0.9));
        assert!(p10 <= 23.0 && 24.0 <= p90, "p10 {p10:.1}, p90 {p90:.1}");
        assert!((22.0..=26.0).contains(&p50), "median {p50:.1}");
        std::fs::remove_dir_all(&dir).ok();
    }
}

mod transsib {
    use super::*;

    #[test]
    fn trans_siberian_trains_average_the_2013_container_train_speed() {
        // S93: container trains ran Moscow–Vladivostok (9,288 km, S16) at
        // 1,200 km/day on average in 2013, from departure to arrival, stops
        // and delays included; the express of S92 (7 days) is the run on
        // schedule. The old default, 1,000 km/day plus a mean day of delay
        // on top, made the ride 10.3 days instead of 7.74. suez-transsib
        // also rides the St Petersburg–Moscow shuttle (650 km at the
        // library's 700 km/day plus a mean 8 h of delay: 1.26 days).
        let dir = scratch("transsib-speed");
        run("baseline", &["--replications", "20"], &dir);
        let rail: Vec<f64> = shipments(&dir)
            .iter()
            .filter(|r| r["route"] == "suez-transsib")
            .map(|r| number(r, "time_rail_days"))
            .collect();
        let (mean, half) = mean_ci(&rail);
        let expected = 9288.0 / 1200.0 + (650.0 / 700.0 * 24.0 + 8.0) / 24.0;
        // 0.02 days for rounding 1,337 km/day (S92) to 1,330.
        assert!(
            (mean - expected).abs() <= half + 0.02,
            "rail {mean:.2} ± {half:.2} days, expected {expected:.2}"
        );
        std::fs::remove_dir_all(&dir).ok();
    }
}

mod liners {
    use super::*;

    /// `corridor explain NAME`'s text.
    fn explain(name: &str) -> String {
        let out = corridor().args(["explain", name]).output().unwrap();
        assert!(out.status.success());
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// The lines of `route`'s steps in an explain text.
    fn steps_of<'a>(text: &'a str, route: &str) -> &'a str {
        let start = text.find(&format!("  {route} — ")).expect("the route");
        let section = &text[start..];
        let end = section[3..].find("\n\n").map_or(section.len(), |e| e + 3);
        &section[..end]
    }

    #[test]
    fn the_instc_sea_legs_and_emc_transsib_book_scheduled_sailings() {
        // Boxes no longer get a ship of their own that leaves when they are
        // ready: they book the next sailing of a weekly service.
        let instc = explain("instc");
        for route in ["instc-west", "instc-caspian", "instc-east"] {
            assert!(
                steps_of(&instc, route)
                    .contains("board liner india-iran-feeder (feeder-1100): a sailing every 168 h"),
                "{route}:\n{}",
                steps_of(&instc, route)
            );
        }
        let hormuz = explain("hormuz-closure");
        assert!(steps_of(&hormuz, "instc-chabahar").contains("board liner india-chabahar-feeder"));
        let congestion = explain("vladivostok-congestion");
        assert!(steps_of(&congestion, "emc-transsib").contains("board liner emc-direct"));
    }
}

mod borders {
    use super::*;

    fn explain_instc() -> String {
        let out = corridor().args(["explain", "instc"]).output().unwrap();
        assert!(out.status.success());
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// The position of the first line of `route`'s steps containing `needle`.
    fn step_position(text: &str, route: &str, needle: &str) -> usize {
        let start = text.find(&format!("  {route} — ")).expect("the route");
        let section = &text[start..];
        let end = section[3..].find("\n\n").map_or(section.len(), |e| e + 3);
        section[..end]
            .lines()
            .position(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("no `{needle}` in {route}:\n{}", &section[..end]))
    }

    #[test]
    fn posts_stand_where_the_border_is() {
        let text = explain_instc();
        // Sarakhs is at the start of the 3,800 km ride to Moscow, not after it.
        assert!(
            step_position(&text, "instc-east", "border sarakhs")
                < step_position(&text, "instc-east", "rail central-asia: 3800 km")
        );
        // Yalama is 500 km from Astara (Azerbaijan) by Baku, where the ride
        // into Russia begins, not 210 km beyond it at Makhachkala.
        assert!(text.contains("rail azerbaijan-russia: 500 km"), "{text}");
        assert!(
            step_position(&text, "instc-west", "border yalama by rail")
                < step_position(&text, "instc-west", "rail azerbaijan-russia: 2280 km")
        );
    }

    #[test]
    fn a_train_clears_as_one_and_a_shipment_by_road_truck_by_truck() {
        // One lane taking exactly 1 h a truck and one track exactly 5 h a
        // train, with no other traffic: instc-west's 40 TEU cross Astara on
        // 20 trucks (20 h) and Yalama on one train (5 h). The feeder to
        // Bandar Abbas keeps its schedule and sails late enough in the week
        // for every box to make its cut-off, so no two departures share a
        // sailing and meet at the posts.
        let path = scenario_file(
            "border-procedures",
            "extends = \"instc\"\nname = \"border-procedures\"\nreplications = 2\n\n\
             [services.india-iran-feeder]\nfirst_departure_h = 120.0\non_time_share = 1.0\n\n\
             [borders.astara]\nlanes = 1\nservice_h = 1.0\nbackground_per_day = 0.0\n\n\
             [borders.yalama]\nrail_tracks = 1\nrail_service_h = 5.0\nrail_background_trains_per_day = 0.0\n",
        );
        let dir = scratch("border-procedures-run");
        run(path.to_str().unwrap(), &[], &dir);
        for r in shipments(&dir)
            .iter()
            .filter(|r| r["route"] == "instc-west")
        {
            let hours = number(r, "time_border_days") * 24.0;
            assert!((hours - 25.0).abs() < 1e-3, "border time {hours} h");
        }
        std::fs::remove_dir_all(&dir).ok();
    }

    /// Resources with a queue series in `dir`'s queues.csv.
    fn queue_resources(dir: &Path) -> std::collections::BTreeSet<String> {
        let mut reader = csv::Reader::from_path(dir.join("queues.csv")).unwrap();
        reader
            .records()
            .map(|r| r.unwrap()[0].to_string())
            .collect()
    }

    #[test]
    fn only_the_lanes_and_tracks_some_path_crosses_carry_background_traffic() {
        // instc crosses Astara by road and Yalama and Sarakhs by train: the
        // posts' other procedures (Yalama's 250 trucks a day among them)
        // impose no wait on any shipment, so they are not simulated and
        // have no series; the ones crossed keep theirs.
        let dir = scratch("posts-in-use");
        run("instc", &["--replications", "2"], &dir);
        let resources = queue_resources(&dir);
        for crossed in ["border:astara", "border:yalama-rail", "border:sarakhs-rail"] {
            assert!(resources.contains(crossed), "{crossed}: {resources:?}");
        }
        for idle in ["border:yalama", "border:sarakhs", "border:astara-rail"] {
            assert!(!resources.contains(idle), "{idle}: {resources:?}");
        }
        // A post's idle lanes change no shipment: with Yalama's road
        // traffic cut from 250 to 100 trucks a day, every row of
        // shipments.csv is the same.
        let busier = scratch("posts-in-use-busier");
        run(
            "instc",
            &[
                "--replications",
                "2",
                "--set",
                "borders.yalama.background_per_day=100",
            ],
            &busier,
        );
        assert!(shipments(&dir) == shipments(&busier));
        for d in [dir, busier] {
            std::fs::remove_dir_all(d).ok();
        }
    }

    #[test]
    fn a_posts_series_ends_with_the_last_shipment_to_queue_there() {
        // Only instc-west crosses Astara by road, on its way to Moscow: the
        // post's trucks after the last of them has crossed touch no
        // shipment and are not generated, so its series ends before the
        // last instc-west box arrives, while the replication (and the
        // Suez convoys' series) runs on until the slower Caspian and Suez
        // boxes arrive.
        let dir = scratch("post-series-end");
        run("instc", &["--replications", "1"], &dir);
        let mut reader = csv::Reader::from_path(dir.join("queues.csv")).unwrap();
        let mut last_day = std::collections::BTreeMap::<String, f64>::new();
        for row in reader.records() {
            let row = row.unwrap();
            let day: f64 = row[2].parse().unwrap();
            let last = last_day.entry(row[0].to_string()).or_insert(0.0);
            *last = last.max(day);
        }
        let rows = shipments(&dir);
        let last_arrival = |route: &str| {
            rows.iter()
                .filter(|r| r["route"] == route)
                .map(|r| number(r, "arrive_day"))
                .fold(0.0, f64::max)
        };
        let (west, end) = (last_arrival("instc-west"), last_arrival("instc-caspian"));
        assert!(end > west + 5.0, "caspian {end} d, west {west} d");
        let astara = last_day["border:astara"];
        assert!(
            astara < west && astara > west - 20.0,
            "astara to day {astara}, west {west}"
        );
        assert!(last_day["canal:suez-northbound"] > west, "{last_day:?}");
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn a_post_crossed_by_rail_needs_a_rail_procedure() {
        let path = scenario_file(
            "no-rail-procedure",
            "extends = \"instc\"\nname = \"no-rail-procedure\"\n\n\
             [borders.frontier]\nlanes = 2\nservice_h = 1.0\n\n\
             [routes.instc-west]\nname = \"x\"\nlegs = [\n  { kind = \"rail\", from = \"bandar-abbas\", to = \"sarakhs\", service = \"iran-east\" },\n  { kind = \"border\", post = \"frontier\" },\n]\n",
        );
        let out = corridor().arg("validate").arg(&path).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(
            stderr.contains("by rail, and the post has no rail procedure")
                && stderr.contains("rail_tracks"),
            "{stderr}"
        );
    }

    /// Astara's lanes and its other trucks come from different sources.
    /// The lanes clear what Azerbaijan agreed in Dec 2025 to accept from
    /// Iran, 350–400 trucks a day (S96); the other trucks are the
    /// northbound ones, X4's ≈500 a day both ways in 2024/25 times X5's
    /// share leaving Iran (4,654 of 8,936 in a month). X4 gives a round
    /// figure, so the rate is held within ±5 % of the product. The library
    /// once used S96's figure for both, which put the post at 98 % of its
    /// lanes by construction.
    #[test]
    fn astaras_capacity_and_its_other_trucks_come_from_separate_sources() {
        let (lanes, _) = parameter("instc", "borders.astara.lanes");
        let (service, _) = parameter_text("instc", "borders.astara.service_h");
        let mean_h: f64 = service
            .split("mean ")
            .nth(1)
            .and_then(|rest| rest.split([',', ')']).next())
            .and_then(|m| m.trim().parse().ok())
            .unwrap_or_else(|| panic!("a mean in `{service}`"));
        let capacity = lanes * 24.0 / mean_h;
        assert!(
            (350.0..=400.0).contains(&capacity),
            "{lanes} lanes of {mean_h} h clear {capacity} trucks a day"
        );
        let (trucks, source) = parameter("instc", "borders.astara.background_per_day");
        let northbound = 500.0 * 4654.0 / (4654.0 + 4282.0);
        assert!(
            (trucks / northbound - 1.0).abs() <= 0.05,
            "{trucks} other trucks a day, sources give {northbound:.0}"
        );
        for cited in ["S96", "X4", "X5"] {
            assert!(source.contains(cited), "{cited} in `{source}`");
        }
    }
}

mod streams {
    use super::*;

    /// shipments.csv rows of `routes`, as text.
    fn rows_of(dir: &Path, routes: &[&str]) -> Vec<BTreeMap<String, String>> {
        shipments(dir)
            .into_iter()
            .filter(|r| routes.contains(&r["route"].as_str()))
            .collect()
    }

    #[test]
    fn adding_an_unrelated_route_leaves_the_other_routes_shipments_unchanged() {
        let base = scenario_file(
            "crn-base",
            "extends = \"baseline\"\nname = \"crn-base\"\nreplications = 4\n",
        );
        let more = scenario_file(
            "crn-more",
            "extends = \"baseline\"\nname = \"crn-more\"\nreplications = 4\n\n\
             [routes.aaa-mundra]\nname = \"Mundra → Piraeus\"\nlegs = [\n  \
             { kind = \"dwell\", at = \"mundra\", dwell_h = { triangular = [24, 48, 96] } },\n  \
             { kind = \"sea\", from = \"mundra\", to = \"piraeus\", vessel = \"panamax-4300\" },\n]\n",
        );
        let (a, b) = (scratch("crn-base-run"), scratch("crn-more-run"));
        run(base.to_str().unwrap(), &[], &a);
        run(more.to_str().unwrap(), &[], &b);
        let shared = ["emc", "suez", "suez-transsib"];
        let (ra, rb) = (rows_of(&a, &shared), rows_of(&b, &shared));
        assert_eq!(ra.len(), 3 * 26 * 4);
        assert!(ra == rb, "the shared routes' rows differ");
        assert!(shipments(&b).iter().any(|r| r["route"] == "aaa-mundra"));
    }

    #[test]
    fn changing_one_legs_distribution_leaves_the_other_legs_draws_unchanged() {
        // suez-transsib with its Chennai dwell fixed: the rides by rail draw
        // their delays from streams of their own, so each shipment's time
        // on trains is the same to the last digit.
        let base = scenario_file(
            "legs-base",
            "extends = \"baseline\"\nname = \"legs-base\"\nreplications = 4\n",
        );
        let text = std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/baseline.toml"),
        )
        .unwrap();
        let start = text.find("[routes.suez-transsib]").unwrap();
        // The first dwell of the route (at Chennai), whatever its numbers.
        let table = &text[start..];
        let from = table
            .find("dwell_h = {")
            .expect("a dwell with a distribution");
        let to = from + table[from..].find("] }").unwrap() + "] }".len();
        let table = format!("{}dwell_h = 48.0{}", &table[..from], &table[to..]);
        let changed = scenario_file(
            "legs-changed",
            &format!(
                "extends = \"baseline\"\nname = \"legs-changed\"\nreplications = 4\n\n{table}"
            ),
        );
        let (a, b) = (scratch("legs-base-run"), scratch("legs-changed-run"));
        run(base.to_str().unwrap(), &[], &a);
        run(changed.to_str().unwrap(), &[], &b);
        let (ra, rb) = (
            rows_of(&a, &["suez-transsib"]),
            rows_of(&b, &["suez-transsib"]),
        );
        assert_eq!(ra.len(), rb.len());
        let mut differ = 0;
        for (x, y) in ra.iter().zip(&rb) {
            assert_eq!(x["time_rail_days"], y["time_rail_days"]);
            differ += usize::from(x["time_dwell_days"] != y["time_dwell_days"]);
        }
        assert!(differ > 0, "the changed dwell changed nothing");
    }

    #[test]
    fn routes_that_share_a_step_draw_the_same_numbers_for_it() {
        // Two routes with the same dwell at Chennai: shipment k of each
        // draws the same dwell (common random numbers across routes).
        let path = scenario_file(
            "crn-routes",
            "extends = \"baseline\"\nname = \"crn-routes\"\nreplications = 3\n\n\
             [routes.emc]\nname = \"to Colombo\"\nlegs = [\n  \
             { kind = \"dwell\", at = \"chennai\", dwell_h = { triangular = [24, 48, 96] } },\n  \
             { kind = \"sea\", from = \"chennai\", to = \"colombo\", vessel = \"feeder-1100\" },\n]\n\n\
             [routes.suez]\nname = \"to Singapore\"\nlegs = [\n  \
             { kind = \"dwell\", at = \"chennai\", dwell_h = { triangular = [24, 48, 96] } },\n  \
             { kind = \"sea\", from = \"chennai\", to = \"singapore\", vessel = \"feeder-1100\" },\n]\n\n\
             [routes.suez-transsib]\nname = \"to Port Klang\"\nlegs = [\n  \
             { kind = \"dwell\", at = \"chennai\", dwell_h = { triangular = [24, 48, 96] } },\n  \
             { kind = \"sea\", from = \"chennai\", to = \"port-klang\", vessel = \"feeder-1100\" },\n]\n",
        );
        let dir = scratch("crn-routes-run");
        run(path.to_str().unwrap(), &[], &dir);
        let rows = shipments(&dir);
        let dwell = |route: &str| -> Vec<String> {
            rows.iter()
                .filter(|r| r["route"] == route)
                .map(|r| r["time_dwell_days"].clone())
                .collect()
        };
        let (a, b, c) = (dwell("emc"), dwell("suez"), dwell("suez-transsib"));
        assert_eq!(a.len(), 26 * 3);
        assert!(a == b && b == c, "the routes drew different dwells");
        // …and the draws vary from shipment to shipment.
        assert!(a.iter().any(|d| d != &a[0]));
    }
}
