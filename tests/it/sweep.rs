//! `corridor sweep` and `corridor sensitivity` through the binary: points
//! agree with separate runs, common random numbers across points, errors
//! like a file's, ranking, break-even values, and the folder's files.

use std::path::Path;

use crate::common::{corridor, scratch};
use predicates::prelude::*;

const PRICE: &str = "fuels.vlsfo.price_usd_per_t";
const CHARTER: &str = "vessels.feeder-1100.charter_usd_per_day";

/// Runs the binary, asserts success and returns stdout.
fn ok(args: &[&str], out: &Path) -> Vec<u8> {
    let output = corridor()
        .args(args)
        .args(["--threads", "2", "--out"])
        .arg(out)
        .output()
        .expect("runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    output.stdout
}

fn json_file(path: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(path).expect("the file exists")).expect("valid JSON")
}

/// Every file under `dir`, relative, sorted.
fn files(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p.strip_prefix(dir).unwrap().display().to_string());
            }
        }
    }
    out.sort();
    out
}

mod points {
    use super::*;

    #[test]
    fn agree_with_separate_runs_of_the_scenario_with_the_key_set() {
        let dir = scratch("sweep-agree");
        let sweep = dir.join("sweep");
        let set = format!("{PRICE}=450,900");
        ok(
            &[
                "sweep",
                "baseline",
                "--set",
                &set,
                "--replications",
                "4",
                "--seed",
                "7",
                "-q",
                "--no-plots",
            ],
            &sweep,
        );
        let file = json_file(&sweep.join("sweep.json"));
        let points = file["points"].as_array().unwrap();
        assert_eq!(points.len(), 2);
        for (point, price) in points.iter().zip(["450", "900"]) {
            assert_eq!(point["set"][PRICE].to_string(), price);
            let run = dir.join(format!("run-{price}"));
            ok(
                &[
                    "run",
                    "baseline",
                    "--set",
                    &format!("{PRICE}={price}"),
                    "--replications",
                    "4",
                    "--seed",
                    "7",
                    "-q",
                    "--no-plots",
                ],
                &run,
            );
            let summary = json_file(&run.join("summary.json"));
            assert_eq!(point["routes"], summary["routes"], "point {price}");
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_range_expands_to_evenly_spaced_values_both_ends_included() {
        let dir = scratch("sweep-range");
        let stdout = ok(
            &[
                "sweep",
                "baseline",
                "--set",
                &format!("{PRICE}=400..1000:4"),
                "--replications",
                "2",
                "-q",
                "--no-plots",
                "--json",
            ],
            &dir.join("out"),
        );
        let file: serde_json::Value = serde_json::from_slice(&stdout).unwrap();
        let values: Vec<i64> = file["points"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["set"][PRICE].as_i64().unwrap())
            .collect();
        assert_eq!(values, [400, 600, 800, 1000]);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn two_parameters_give_their_full_factorial_first_slowest_and_heat_maps() {
        let dir = scratch("sweep-factorial");
        let out = dir.join("out");
        ok(
            &[
                "sweep",
                "baseline",
                "--set",
                &format!("{PRICE}=400,800"),
                "--set",
                "vessels.feeder-1100.service_speed_kn=12,14,16",
                "--replications",
                "2",
                "-q",
            ],
            &out,
        );
        let file = json_file(&out.join("sweep.json"));
        let sets: Vec<String> = file["points"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                format!(
                    "{}/{}",
                    p["set"][PRICE], p["set"]["vessels.feeder-1100.service_speed_kn"]
                )
            })
            .collect();
        assert_eq!(
            sets,
            ["400/12", "400/14", "400/16", "800/12", "800/14", "800/16"]
        );
        let all = files(&out);
        assert!(
            all.iter()
                .any(|f| f.starts_with("plots/heatmap-cost-usd-per-teu-emc")),
            "{all:?}"
        );
        assert!(
            all.iter()
                .any(|f| f.starts_with("plots/response-transit-days-")),
            "{all:?}"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

mod common_random_numbers {
    use super::*;

    #[test]
    fn results_do_not_depend_on_the_thread_count() {
        let dir = scratch("sweep-threads");
        let run = |threads: &str, out: &str| -> serde_json::Value {
            let output = corridor()
                .args(["sweep", "baseline", "--set", &format!("{PRICE}=400,800")])
                .args([
                    "--replications",
                    "5",
                    "-q",
                    "--no-plots",
                    "--json",
                    "--threads",
                    threads,
                    "--out",
                ])
                .arg(dir.join(out))
                .output()
                .expect("runs");
            assert!(output.status.success());
            let mut file: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
            // Wall time and the thread count are facts about the machine.
            file["scenario"]["wall_s"] = serde_json::Value::Null;
            file["scenario"]["threads"] = serde_json::Value::Null;
            file
        };
        assert_eq!(run("1", "one"), run("3", "three"));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_bunker_price_sweep_leaves_every_transit_time_identical() {
        let dir = scratch("sweep-crn");
        let stdout = ok(
            &[
                "sweep",
                "baseline",
                "--set",
                &format!("{PRICE}=300,700,1100"),
                "--replications",
                "6",
                "-q",
                "--no-plots",
                "--json",
            ],
            &dir.join("out"),
        );
        let file: serde_json::Value = serde_json::from_slice(&stdout).unwrap();
        let points = file["points"].as_array().unwrap();
        let first = &points[0]["routes"];
        for point in &points[1..] {
            for (a, b) in first
                .as_array()
                .unwrap()
                .iter()
                .zip(point["routes"].as_array().unwrap())
            {
                // The whole distribution, not only the mean: every shipment
                // met the same draws.
                assert_eq!(a["transit_days"], b["transit_days"], "{}", a["id"]);
                assert_eq!(a["time_components_days"], b["time_components_days"]);
                assert_ne!(a["cost_usd_per_teu"]["mean"], b["cost_usd_per_teu"]["mean"]);
            }
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn differences_between_points_are_paired() {
        // The effect of the bunker price on transit time is exactly zero in
        // every replication (interval 0 to 0), and its effect on cost has an
        // interval far narrower than the points' own intervals, because the
        // replications' noise cancels pair by pair.
        let dir = scratch("sensitivity-paired");
        let stdout = ok(
            &[
                "sensitivity",
                "baseline",
                "--vary",
                &format!("{PRICE}=400,1000"),
                "--replications",
                "8",
                "-q",
                "--no-plots",
                "--json",
                "--metric",
                "transit_days",
            ],
            &dir.join("t"),
        );
        let file: serde_json::Value = serde_json::from_slice(&stdout).unwrap();
        for route in file["routes"].as_array().unwrap() {
            let e = &route["effects"][0]["high_vs_low"];
            assert_eq!(e["mean"], 0.0, "{}", route["route"]);
            assert_eq!(e["ci95_low"], 0.0);
            assert_eq!(e["ci95_high"], 0.0);
            assert_eq!(e["pairs"], 8);
        }
        let stdout = ok(
            &[
                "sensitivity",
                "baseline",
                "--vary",
                &format!("{PRICE}=400,1000"),
                "--replications",
                "8",
                "-q",
                "--no-plots",
                "--json",
                "--metric",
                "cost_usd_per_teu",
            ],
            &dir.join("c"),
        );
        let file: serde_json::Value = serde_json::from_slice(&stdout).unwrap();
        let half = |low: &serde_json::Value, high: &serde_json::Value| {
            (high.as_f64().unwrap() - low.as_f64().unwrap()) / 2.0
        };
        let points = file["points"].as_array().unwrap();
        for (r, route) in file["routes"].as_array().unwrap().iter().enumerate() {
            let effect = &route["effects"][0]["high_vs_low"];
            let paired = half(&effect["ci95_low"], &effect["ci95_high"]);
            assert!(effect["mean"].as_f64().unwrap() > 0.0);
            let unpaired: f64 = points[1..]
                .iter()
                .map(|p| {
                    let c = &p["routes"][r]["cost_usd_per_teu"];
                    half(&c["ci95_low"], &c["ci95_high"])
                })
                .sum();
            assert!(
                paired < unpaired / 3.0,
                "{}: paired ±{paired} vs the points' ±{unpaired}",
                route["route"]
            );
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

mod errors {
    use super::*;

    #[test]
    fn a_bad_key_fails_like_a_file_error_with_did_you_mean() {
        let dir = scratch("sweep-bad-key");
        corridor()
            .args([
                "sweep",
                "baseline",
                "--set",
                "fuels.vlsfo.price_usd_per_tt=400,600",
                "--out",
            ])
            .arg(dir.join("out"))
            .assert()
            .code(2)
            .stderr(predicate::str::contains("unknown key `price_usd_per_tt`"))
            .stderr(predicate::str::contains("did you mean `price_usd_per_t`?"));
        assert!(!dir.join("out").exists(), "nothing is written");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_bad_value_fails_like_a_file_error_naming_the_point() {
        let dir = scratch("sweep-bad-value");
        corridor()
            .args([
                "sweep",
                "baseline",
                "--set",
                &format!("{PRICE}=400,-5"),
                "--out",
            ])
            .arg(dir.join("out"))
            .assert()
            .code(2)
            .stderr(predicate::str::contains(format!("the point {PRICE}=-5")))
            .stderr(predicate::str::contains("price_usd_per_t"));
        corridor()
            .args([
                "sensitivity",
                "baseline",
                "--vary",
                "borders.astara.lanes=1,2,3",
                "--out",
            ])
            .arg(dir.join("out"))
            .assert()
            .code(2)
            .stderr(predicate::str::contains("a low and a high value"));
        corridor()
            .args(["sweep", "baseline", "--out"])
            .arg(dir.join("out"))
            .assert()
            .code(2)
            .stderr(predicate::str::contains("nothing to sweep"));
        assert!(!dir.join("out").exists(), "nothing is written");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_bad_sweep_table_fails_at_its_line_in_validate_too() {
        let dir = scratch("sweep-bad-table");
        let file = dir.join("s.toml");
        std::fs::write(
            &file,
            "extends = \"baseline\"\n\n[sweep]\nfuels.vlsfo.price_usd_per_t = 800\n",
        )
        .unwrap();
        corridor()
            .arg("validate")
            .arg(&file)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(":4:"))
            .stderr(predicate::str::contains("expected a list of values"));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

mod sweep_table {
    use super::*;

    #[test]
    fn a_scenario_carries_its_sweep_and_the_command_line_replaces_a_key_of_it() {
        let dir = scratch("sweep-table");
        let file = dir.join("study.toml");
        std::fs::write(
            &file,
            "extends = \"baseline\"\nname = \"study\"\nreplications = 2\n\n[sweep]\n\
             fuels.vlsfo.price_usd_per_t = [500, 700]\n\
             \"vessels.feeder-1100.service_speed_kn\" = \"12..16:3\"\n",
        )
        .unwrap();
        let f = file.to_str().unwrap();
        // `run` and `validate` take the file as it is: one run, no sweep.
        corridor().args(["validate", f]).assert().success();
        let stdout = ok(&["sweep", f, "-q", "--no-plots", "--json"], &dir.join("a"));
        let swept: serde_json::Value = serde_json::from_slice(&stdout).unwrap();
        assert_eq!(swept["points"].as_array().unwrap().len(), 6);
        assert_eq!(
            swept["parameters"][1]["values"],
            serde_json::json!([12, 14, 16])
        );
        let stdout = ok(
            &[
                "sweep",
                f,
                "--set",
                &format!("{PRICE}=900"),
                "-q",
                "--no-plots",
                "--json",
            ],
            &dir.join("b"),
        );
        let swept: serde_json::Value = serde_json::from_slice(&stdout).unwrap();
        let points = swept["points"].as_array().unwrap();
        assert_eq!(points.len(), 3);
        assert!(points.iter().all(|p| p["set"][PRICE] == 900));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

mod sensitivity {
    use super::*;

    #[test]
    fn ranks_a_known_dominant_input_first() {
        // On cost per TEU, a feeder charter from $10,000 to $90,000 a day
        // moves the EMC's cost by over $1,000; the bunker price from 500 to
        // 600 USD/t by tens of dollars.
        let dir = scratch("sensitivity-rank");
        let out = dir.join("out");
        let stdout = ok(
            &[
                "sensitivity",
                "baseline",
                "--vary",
                &format!("{PRICE}=500,600"),
                "--vary",
                &format!("{CHARTER}=10000,90000"),
                "--metric",
                "cost_usd_per_teu",
                // On the operator basis a ship's charter is a cost of the
                // box; on the shipper basis the freight rate is.
                "--set",
                "cost_basis=operator",
                "--replications",
                "3",
                "-q",
            ],
            &out,
        );
        let text = String::from_utf8(stdout).unwrap();
        let file = json_file(&out.join("sensitivity.json"));
        assert_eq!(file["metric"], "cost_usd_per_teu");
        let emc = file["routes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["route"] == "emc")
            .unwrap();
        assert_eq!(emc["effects"][0]["key"], CHARTER, "{text}");
        assert_eq!(emc["effects"][1]["key"], PRICE);
        assert!(
            emc["effects"][0]["high_vs_low"]["ci95_low"]
                .as_f64()
                .unwrap()
                > 1000.0
        );
        assert!(
            text.contains("1. vessels.feeder-1100.charter_usd_per_day"),
            "{text}"
        );
        let all = files(&out);
        for f in [
            "sensitivity.json",
            "sensitivity.csv",
            "report.html",
            "plots/tornado-emc.svg",
            "plots/tornado-emc.png",
        ] {
            assert!(all.iter().any(|x| x == f), "{f} in {all:?}");
        }
        let csv = std::fs::read_to_string(out.join("sensitivity.csv")).unwrap();
        assert!(
            csv.lines()
                .nth(1)
                .unwrap()
                .starts_with("emc,1,vessels.feeder-1100.charter_usd_per_day,"),
            "{csv}"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

mod outputs {
    use super::*;

    #[test]
    fn json_prints_sweep_json() {
        let dir = scratch("sweep-json");
        let out = dir.join("out");
        let stdout = ok(
            &[
                "sweep",
                "baseline",
                "--set",
                &format!("{PRICE}=400,800"),
                "--replications",
                "2",
                "-q",
                "--no-plots",
                "--json",
            ],
            &out,
        );
        let printed: serde_json::Value =
            serde_json::from_slice(&stdout).expect("stdout is JSON only");
        assert_eq!(printed, json_file(&out.join("sweep.json")));
        assert!(printed["points"][0]["routes"][0]["transit_days"]["ci95_low"].is_number());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn the_folder_is_whole_and_replaced_whole() {
        let dir = scratch("sweep-folder");
        let out = dir.join("out");
        let args = [
            "sweep",
            "baseline",
            "--set",
            &format!("{CHARTER}=10000..90000:5"),
            // The charter is a cost of the box on the operator basis.
            "--set",
            "cost_basis=operator",
            "--replications",
            "5",
            "-q",
        ];
        let stdout = String::from_utf8(ok(&args, &out)).unwrap();
        let all = files(&out);
        for f in ["sweep.json", "sweep.csv", "report.html", ".corridor-run"] {
            assert!(all.iter().any(|x| x == f), "{f} in {all:?}");
        }
        for metric in ["transit-days", "cost-usd-per-teu", "co2-t-per-teu"] {
            for ext in ["svg", "png"] {
                let chart = format!(
                    "plots/response-{metric}-vessels-feeder-1100-charter-usd-per-day.{ext}"
                );
                assert!(all.contains(&chart), "{chart} in {all:?}");
            }
        }
        // One row per point and route, after the header.
        let csv = std::fs::read_to_string(out.join("sweep.csv")).unwrap();
        // baseline has four routes (emc, emc-hub, suez, suez-transsib).
        assert_eq!(csv.lines().count(), 1 + 5 * 4);
        assert!(csv.starts_with(&format!(
            "{CHARTER},cost_basis,route,shipments,arrived,transit_days_mean,transit_days_ci95_low"
        )));
        // The EMC's feeder costs more per TEU than Suez's mainliner as the
        // charter rises: the curves cross, and the report says where.
        let file = json_file(&out.join("sweep.json"));
        let b = file["break_even"]
            .as_array()
            .unwrap()
            .iter()
            .find(|b| {
                b["metric"] == "cost_usd_per_teu" && b["route_a"] == "emc" && b["route_b"] == "suez"
            })
            .expect("a break-even of emc and suez");
        let (v, lo, hi) = (
            b["value"].as_f64().unwrap(),
            b["ci95_low"].as_f64().unwrap(),
            b["ci95_high"].as_f64().unwrap(),
        );
        assert!(lo < v && v < hi && 30_000.0 < v && v < 90_000.0, "{b}");
        assert_eq!(b["lower_below"], "emc");
        assert!(
            stdout.contains("break-even: cost_usd_per_teu of emc and suez"),
            "{stdout}"
        );
        let report = std::fs::read_to_string(out.join("report.html")).unwrap();
        assert!(report.contains("Break-even values") && report.contains("<svg"));
        // A second sweep into the same folder replaces it whole, and leaves
        // no staging folder beside it.
        ok(
            &[
                "sweep",
                "baseline",
                "--set",
                &format!("{PRICE}=400,500"),
                "--replications",
                "2",
                "-q",
                "--no-plots",
            ],
            &out,
        );
        assert_eq!(files(&out), [".corridor-run", "sweep.csv", "sweep.json"]);
        let beside: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains("staging") || n.contains("corridor-old"))
            .collect();
        assert!(beside.is_empty(), "{beside:?}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
