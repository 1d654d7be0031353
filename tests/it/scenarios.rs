//! The corridor model through `corridor run` and `corridor validate`:
//! calibration against published figures, determinism whatever the thread
//! count, the ledger adding up, the shipped scenarios, and scenario errors
//! that name the file, line and key.
//!
//! Calibration against published figures is in tests/it/calibration.rs
//! (driven by src/calibration/targets.toml); runs use fixed seeds, so the
//! medians are the same every time.

use std::path::{Path, PathBuf};

use crate::common::{corridor, scratch};
use predicates::prelude::*;

/// Runs a scenario without charts and returns summary.json and the folder.
fn run(scenario: &str, extra: &[&str], out: &Path) -> serde_json::Value {
    let output = corridor()
        .args(["run", scenario, "--no-plots", "--json", "--out"])
        .arg(out)
        .args(extra)
        .output()
        .expect("runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("--json prints summary.json")
}

fn route<'a>(summary: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    summary["routes"]
        .as_array()
        .expect("routes")
        .iter()
        .find(|r| r["id"] == id)
        .unwrap_or_else(|| panic!("route {id} in summary"))
}

fn median_days(summary: &serde_json::Value, id: &str) -> f64 {
    route(summary, id)["transit_days"]["p50"]
        .as_f64()
        .expect("a number")
}

mod calibration {
    use super::*;

    // The baseline's and the INSTC's medians, costs and CO2 are held to
    // published figures by the data-driven targets of
    // src/calibration/targets.toml (tests/it/calibration.rs).

    #[test]
    fn the_cape_diversion_is_slower_and_the_emc_is_not_touched_much() {
        let dir = scratch("calibration-red-sea");
        let base = run("baseline", &["--replications", "20"], &dir.join("a"));
        let crisis = run("red-sea-crisis", &["--replications", "20"], &dir.join("b"));
        let extra = median_days(&crisis, "suez") - median_days(&base, "suez");
        // +3,700 nm at 17.5 kn less the canal: about a week (S18–S20 report
        // +10–14 days door to door, with the congestion the diversion caused).
        assert!(
            (4.0..=16.0).contains(&extra),
            "Cape diversion adds {extra} days"
        );
        let emc_change = (median_days(&crisis, "emc") - median_days(&base, "emc")).abs();
        assert!(
            emc_change < 0.5,
            "the EMC does not pass the Red Sea: {emc_change}"
        );
        std::fs::remove_dir_all(&dir).ok();
    }
}

mod determinism {
    use super::*;

    fn files(dir: &Path) -> Vec<Vec<u8>> {
        [
            "shipments.csv",
            "summary.csv",
            "queues.csv",
            "routes.geojson",
            "assumptions.json",
        ]
        .iter()
        .map(|f| std::fs::read(dir.join(f)).unwrap_or_else(|e| panic!("{f}: {e}")))
        .collect()
    }

    #[test]
    fn results_are_byte_identical_whatever_the_thread_count() {
        let dir = scratch("threads");
        run(
            "baseline",
            &["--replications", "12", "--threads", "1"],
            &dir.join("one"),
        );
        run(
            "baseline",
            &["--replications", "12", "--threads", "2"],
            &dir.join("two"),
        );
        run(
            "baseline",
            &["--replications", "12", "--threads", "5"],
            &dir.join("five"),
        );
        let one = files(&dir.join("one"));
        assert_eq!(one, files(&dir.join("two")));
        assert_eq!(one, files(&dir.join("five")));
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn another_seed_gives_other_results() {
        let dir = scratch("seeds");
        run(
            "baseline",
            &["--replications", "4", "--seed", "1"],
            &dir.join("a"),
        );
        run(
            "baseline",
            &["--replications", "4", "--seed", "2"],
            &dir.join("b"),
        );
        let a = std::fs::read(dir.join("a/shipments.csv")).unwrap();
        let b = std::fs::read(dir.join("b/shipments.csv")).unwrap();
        assert_ne!(a, b);
        std::fs::remove_dir_all(&dir).ok();
    }
}

mod ledger {
    use super::*;

    #[test]
    fn components_add_up_to_the_totals_in_every_row() {
        let dir = scratch("ledger");
        run("instc", &["--replications", "3"], &dir);
        let mut reader = csv::Reader::from_path(dir.join("shipments.csv")).unwrap();
        let headers = reader.headers().unwrap().clone();
        let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
        let time_cols: Vec<usize> = (0..headers.len())
            .filter(|&i| headers[i].starts_with("time_"))
            .collect();
        let cost_cols: Vec<usize> = (0..headers.len())
            .filter(|&i| headers[i].starts_with("cost_") && &headers[i] != "cost_usd_per_teu")
            .collect();
        assert_eq!(time_cols.len(), 12);
        assert_eq!(cost_cols.len(), 14);
        let mut rows = 0;
        for record in reader.records() {
            let r = record.unwrap();
            let num = |i: usize| r[i].parse::<f64>().unwrap();
            if &r[col("status")] != "arrived" {
                continue;
            }
            rows += 1;
            let transit = num(col("transit_days"));
            let time: f64 = time_cols.iter().map(|&i| num(i)).sum();
            // Each column is printed to 6 decimals: allow their rounding.
            assert!(
                (time - transit).abs() < 1e-4,
                "time components {time} vs transit {transit}"
            );
            let cost: f64 = cost_cols.iter().map(|&i| num(i)).sum();
            let total = num(col("cost_usd_per_teu"));
            assert!(
                (cost - total).abs() < 1e-4,
                "cost components {cost} vs total {total}"
            );
            assert!(cost_cols.iter().chain(&time_cols).all(|&i| num(i) >= 0.0));
            assert!(num(col("co2_t_per_teu")) > 0.0);
        }
        assert_eq!(
            rows,
            3 * 4 * 26,
            "3 replications × 4 routes × 26 shipments, all arrived"
        );
        std::fs::remove_dir_all(&dir).ok();
    }
}

mod shipped {
    use super::*;

    #[test]
    fn every_shipped_scenario_validates() {
        let mut n = 0;
        for entry in std::fs::read_dir("scenarios").unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "toml") {
                corridor()
                    .arg("validate")
                    .arg(&path)
                    .assert()
                    .success()
                    .stdout(predicate::str::contains("ok"));
                n += 1;
            }
        }
        assert!(n >= 8, "baseline, instc and six variants: found {n}");
    }
}

mod errors {
    use super::*;

    /// Writes a scenario extending the built-in baseline with `body`.
    fn scenario(name: &str, body: &str) -> PathBuf {
        let dir = scratch(name);
        let path = dir.join("s.toml");
        std::fs::write(&path, body).unwrap();
        path
    }

    fn fails(path: &Path, needles: &[&str]) {
        let out = corridor().arg("validate").arg(path).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
        for n in needles {
            assert!(stderr.contains(n), "missing `{n}` in:\n{stderr}");
        }
    }

    #[test]
    fn an_unknown_key_names_the_line_and_suggests_the_right_one() {
        let p = scenario(
            "unknown-key",
            "extends = \"baseline\"\nname = \"x\"\n\n[vessels.feeder-1100]\nservice_sped_kn = 12\n",
        );
        fails(
            &p,
            &[
                "s.toml:5:1",
                "service_sped_kn",
                "did you mean `service_speed_kn`",
            ],
        );
    }

    #[test]
    fn a_negative_speed_names_the_key_and_its_line() {
        let p = scenario(
            "negative-speed",
            "extends = \"baseline\"\nname = \"x\"\n[vessels.panamax-4300]\nservice_speed_kn = -3\n",
        );
        fails(
            &p,
            &[
                "s.toml:4:1",
                "vessels.panamax-4300.service_speed_kn",
                "greater than 0",
            ],
        );
    }

    #[test]
    fn a_probability_above_one_is_refused() {
        let p = scenario(
            "probability",
            "extends = \"baseline\"\nname = \"x\"\n[ports.default]\nberth_occupancy = 1.5\n",
        );
        fails(&p, &["s.toml:4:1", "berth_occupancy", "between 0 and 1"]);
    }

    #[test]
    fn an_unknown_port_suggests_the_closest_names() {
        let p = scenario(
            "unknown-port",
            "name = \"x\"\n[routes.a]\nlegs = [\n  { kind = \"sea\", from = \"chenai\", to = \"vladivostok\", vessel = \"feeder-1100\" },\n]\n",
        );
        fails(&p, &["s.toml:4:", "chenai", "did you mean", "Chennai"]);
    }

    #[test]
    fn legs_that_do_not_join_are_refused() {
        let p = scenario(
            "no-join",
            "name = \"x\"\n[routes.a]\nlegs = [\n  { kind = \"sea\", from = \"chennai\", to = \"singapore\", vessel = \"feeder-1100\" },\n  { kind = \"sea\", from = \"busan\", to = \"vladivostok\", vessel = \"feeder-1100\" },\n]\n",
        );
        fails(
            &p,
            &[
                "s.toml:5:",
                "legs[1].from",
                "previous leg ends at Singapore",
                "join end to end",
            ],
        );
    }

    #[test]
    fn a_syntax_error_points_at_its_line() {
        let p = scenario("syntax", "name = \"x\"\nseed = = 3\n");
        fails(&p, &["s.toml:2:", "not valid TOML"]);
    }

    /// Three mistakes in independent tables: a price, a vessel class and a
    /// route's port.
    const THREE_MISTAKES: &str = "extends = \"baseline\"\nname = \"x\"\n[prices]\ncarbon_usd_per_t_co2 = -5\n[vessels.panamax-4300]\nservice_speed_kn = -3\n[routes.a]\nlegs = [\n  { kind = \"sea\", from = \"chenai\", to = \"vladivostok\", vessel = \"feeder-1100\" },\n]\n";

    #[test]
    fn validate_reports_every_independent_mistake_with_its_line_and_a_count() {
        let p = scenario("three-mistakes", THREE_MISTAKES);
        let out = corridor().arg("validate").arg(&p).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(out.stdout.is_empty(), "{stderr}");
        // In the order of the file's tables, each with its line, key and
        // hint.
        let at = |needle: &str| {
            stderr
                .find(needle)
                .unwrap_or_else(|| panic!("missing `{needle}` in:\n{stderr}"))
        };
        let (price, vessel, port) = (
            at("s.toml:4:1: `prices.carbon_usd_per_t_co2`"),
            at("s.toml:6:1: `vessels.panamax-4300.service_speed_kn`: must be greater than 0"),
            at("s.toml:9:"),
        );
        assert!(price < vessel && vessel < port, "{stderr}");
        assert!(stderr[port..].contains("chenai") && stderr[port..].contains("did you mean"));
        assert!(stderr[port..].contains("hint: `corridor ports` lists every port"));
        // One mistake, one error: the baseline's routes and liner service
        // that sail panamax-4300 are not reported again.
        assert_eq!(stderr.matches("error: ").count(), 3, "{stderr}");
        assert!(stderr.trim_end().ends_with("3 errors"), "{stderr}");
    }

    #[test]
    fn run_stops_at_the_first_mistake() {
        let p = scenario("three-mistakes-run", THREE_MISTAKES);
        let out_dir = p.parent().unwrap().join("out");
        let out = corridor()
            .arg("run")
            .arg(&p)
            .args(["--no-plots", "-q", "--out"])
            .arg(&out_dir)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains("s.toml:4:1"), "{stderr}");
        assert_eq!(stderr.matches("error: ").count(), 1, "{stderr}");
        assert!(!stderr.trim_end().ends_with("errors"), "{stderr}");
        assert!(!out_dir.join("shipments.csv").exists());
    }

    #[test]
    fn one_mistake_reads_as_before_without_a_count() {
        let p = scenario(
            "one-mistake",
            "extends = \"baseline\"\nname = \"x\"\n[vessels.panamax-4300]\nservice_speed_kn = -3\n",
        );
        let out = corridor().arg("validate").arg(&p).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert_eq!(stderr.matches("error: ").count(), 1, "{stderr}");
        assert!(!stderr.trim_end().ends_with("errors"), "{stderr}");
    }

    #[test]
    fn a_syntax_error_is_reported_alone() {
        // Nothing after a TOML syntax error can be checked.
        let p = scenario(
            "syntax-and-more",
            "name = \"x\"\nseed = = 3\n[vessels.panamax-4300]\nservice_speed_kn = -3\n",
        );
        let out = corridor().arg("validate").arg(&p).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains("s.toml:2:"), "{stderr}");
        assert_eq!(stderr.matches("error: ").count(), 1, "{stderr}");
    }

    #[test]
    fn a_missing_file_is_bad_input() {
        corridor()
            .args(["validate", "no/such/scenario.toml"])
            .assert()
            .code(2)
            .stderr(
                predicate::str::contains("no/such/scenario.toml")
                    .and(predicate::str::contains("hint")),
            );
    }

    #[test]
    fn extends_overrides_only_what_it_names() {
        let p = scenario(
            "extends",
            "extends = \"baseline\"\nname = \"faster\"\n[vessels.feeder-1100]\nservice_speed_kn = 18\n",
        );
        let dir = p.parent().unwrap().join("out");
        let faster = run(p.to_str().unwrap(), &["--replications", "4"], &dir);
        let base = run(
            "baseline",
            &["--replications", "4"],
            &p.parent().unwrap().join("base"),
        );
        assert!(median_days(&faster, "emc") < median_days(&base, "emc") - 2.0);
        assert_eq!(faster["scenario"]["name"], "faster");
        assert_eq!(
            faster["routes"].as_array().unwrap().len(),
            4,
            "routes come from the parent"
        );
    }
}

mod main_job {
    use super::*;

    #[test]
    fn corridor_with_no_command_runs_the_baseline_into_output() {
        let dir = scratch("main-job");
        corridor()
            .current_dir(&dir)
            .assert()
            .success()
            .stdout(predicate::str::contains("emc").and(predicate::str::contains("suez-transsib")));
        for file in ["shipments.csv", "summary.json", "report.html"] {
            assert!(
                dir.join("output/baseline").join(file).is_file(),
                "{file} written"
            );
        }
        std::fs::remove_dir_all(&dir).ok();
    }
}

mod table {
    use super::*;

    #[test]
    fn routes_with_no_arrivals_show_dashes_not_nan() {
        let dir = scratch("no-arrivals");
        let path = dir.join("short.toml");
        // Suez needs about 40 days: within a 30-day horizon nothing arrives.
        std::fs::write(&path, "extends = \"baseline\"\nname = \"short\"\nhorizon_days = 30\n[departures]\ncount = 2\n").unwrap();
        corridor()
            .arg("run")
            .arg(&path)
            .args(["--no-plots", "-q", "--replications", "1", "--out"])
            .arg(dir.join("out"))
            .assert()
            .success()
            .stdout(
                predicate::str::contains("NaN")
                    .not()
                    .and(predicate::str::contains("0/2")),
            );
        std::fs::remove_dir_all(&dir).ok();
    }
}

/// `routes.geojson` describes each place as the network does: an inland
/// node is not called a port and has no invented LOCODE.
mod route_geometry {
    use super::*;

    #[test]
    fn places_carry_the_node_kind_and_a_null_locode_when_there_is_none() {
        let dir = scratch("geojson-kinds");
        run("instc", &["--replications", "1"], &dir);
        let text = std::fs::read_to_string(dir.join("routes.geojson")).unwrap();
        let json: serde_json::Value = serde_json::from_str(&text).unwrap();
        let places: Vec<&serde_json::Value> = json["features"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| &f["properties"])
            .filter(|p| p["kind"] != "route")
            .collect();
        let find = |id: &str| {
            places
                .iter()
                .find(|p| p["id"] == id)
                .unwrap_or_else(|| panic!("no place {id} in {text}"))
        };
        let rasht = find("rasht");
        assert_eq!(rasht["kind"], "rail-terminal");
        assert!(rasht["locode"].is_null(), "{rasht}");
        let mumbai = places
            .iter()
            .find(|p| p["locode"] == "INNSA")
            .unwrap_or_else(|| panic!("no place INNSA in {text}"));
        assert_eq!(mumbai["locode"], "INNSA");
        assert_eq!(mumbai["kind"], "sea");
        assert!(places.iter().all(|p| p["kind"] != "port"), "{text}");
        std::fs::remove_dir_all(&dir).ok();
    }
}
