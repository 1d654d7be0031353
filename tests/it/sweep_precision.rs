//! `corridor sweep --precision P` and `corridor sensitivity --precision P`
//! through the binary: every point advances batch by batch together (so
//! replication r of every point keeps its common random numbers) until
//! every point's routes meet P, and sweep.json, sweep.csv and the report say
//! per point what it needed.

use std::path::Path;

use serde_json::Value;

use crate::common::{corridor, scratch};

const PRICE: &str = "fuels.vlsfo.price_usd_per_t";

fn sweep(out: &Path, args: &[&str]) -> Value {
    corridor()
        .args(["sweep", "baseline", "--replications", "10", "-q", "--json"])
        .arg("--set")
        .arg(format!("{PRICE}=400,800"))
        .arg("--out")
        .arg(out)
        .args(args)
        .assert()
        .success();
    serde_json::from_slice(&std::fs::read(out.join("sweep.json")).unwrap()).unwrap()
}

fn half_width(stats: &Value) -> f64 {
    (stats["ci95_high"].as_f64().unwrap() - stats["ci95_low"].as_f64().unwrap()) / 2.0
}

#[test]
fn every_point_advances_together_until_each_meets_the_target() {
    let dir = scratch("sweep-precision");
    let file = sweep(
        &dir.join("one"),
        &["--precision", "1%", "--threads", "1", "--no-plots"],
    );
    let p = &file["scenario"]["precision"];
    assert_eq!(p["reached"], true, "{p}");
    assert_eq!(p["target"], "1%");
    assert_eq!(p["batch"], 10);
    let ran = p["replications"].as_u64().unwrap();
    assert!(ran > 10, "10 replications are not enough for 1 %: {p}");
    assert_eq!(file["scenario"]["replications"].as_u64(), Some(ran));
    // Stopped at the first check where every point met it.
    let checks = p["checks"].as_array().unwrap();
    assert_eq!(checks.last().unwrap()["replications"].as_u64(), Some(ran));
    for c in &checks[..checks.len() - 1] {
        assert!(c["worst_ratio"].as_f64().unwrap() > 1.0, "{c}");
    }
    let points = file["points"].as_array().unwrap();
    assert_eq!(points.len(), 2);
    for point in points {
        let own = &point["precision"];
        assert_eq!(own["reached"], true, "{own}");
        let needed = own["replications_needed"].as_u64().unwrap();
        assert!((10..=ran).contains(&needed), "{own}");
        assert_eq!(own["worst_ratios"].as_array().unwrap().len(), checks.len());
        for route in point["routes"].as_array().unwrap() {
            assert_eq!(route["shipments"], points[0]["routes"][0]["shipments"]);
            for metric in ["transit_days", "cost_usd_per_teu"] {
                let s = &route[metric];
                let target = 0.01 * s["mean"].as_f64().unwrap().abs();
                assert!(half_width(s) <= target, "{} {metric}", route["id"]);
            }
        }
    }
    // The bunker price does not touch time: with the same replications at
    // both points, every transit statistic is identical (common random
    // numbers survive the batches).
    for (a, b) in points[0]["routes"]
        .as_array()
        .unwrap()
        .iter()
        .zip(points[1]["routes"].as_array().unwrap())
    {
        assert_eq!(a["transit_days"], b["transit_days"], "{}", a["id"]);
        assert_ne!(a["cost_usd_per_teu"], b["cost_usd_per_teu"], "{}", a["id"]);
    }
    // sweep.csv says it per row.
    let csv = std::fs::read_to_string(dir.join("one/sweep.csv")).unwrap();
    let mut lines = csv.lines();
    assert!(
        lines
            .next()
            .unwrap()
            .ends_with(",replications,replications_needed,precision_reached")
    );
    for line in lines {
        assert!(line.ends_with(",true"), "{line}");
        assert!(line.contains(&format!(",{ran},")), "{line}");
    }
    // The same replications and files whatever the thread count.
    sweep(
        &dir.join("two"),
        &["--precision", "1%", "--threads", "2", "--no-plots"],
    );
    assert!(
        std::fs::read(dir.join("one/sweep.csv")).unwrap()
            == std::fs::read(dir.join("two/sweep.csv")).unwrap(),
        "sweep.csv differs between 1 and 2 threads"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn out_of_reach_stops_at_the_maximum_and_each_point_says_it_was_not_reached() {
    let dir = scratch("sweep-precision-max");
    let out = dir.join("out");
    let file = sweep(
        &out,
        &[
            "--precision",
            "0.01d",
            "--max-replications",
            "20",
            "--threads",
            "2",
        ],
    );
    let p = &file["scenario"]["precision"];
    assert_eq!(p["reached"], false, "{p}");
    assert_eq!(p["replications"], 20);
    assert_eq!(p["max_replications"], 20);
    for point in file["points"].as_array().unwrap() {
        let own = &point["precision"];
        assert_eq!(own["reached"], false, "{own}");
        assert_eq!(own["replications_needed"], Value::Null);
        assert!(
            own["half_widths"]
                .as_array()
                .unwrap()
                .iter()
                .any(|h| h["met"] == false && h["metric"] == "transit_days")
        );
    }
    // The report says so too.
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(html.contains("id=\"precision\""), "no precision section");
    assert!(html.contains("not reached"), "the report hides the miss");
    assert!(html.contains("0.01d"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn sensitivity_takes_precision_too() {
    let dir = scratch("sensitivity-precision");
    let out = dir.join("out");
    corridor()
        .args(["sensitivity", "baseline", "--replications", "10", "-q"])
        .args(["--vary", &format!("{PRICE}=400,800")])
        .args(["--precision", "2%", "--threads", "2", "--no-plots", "--out"])
        .arg(&out)
        .assert()
        .success();
    let file: Value =
        serde_json::from_slice(&std::fs::read(out.join("sensitivity.json")).unwrap()).unwrap();
    let p = &file["scenario"]["precision"];
    assert_eq!(p["reached"], true, "{p}");
    let ran = p["replications"].as_u64().unwrap();
    assert_eq!(file["scenario"]["replications"].as_u64(), Some(ran));
    let points = file["points"].as_array().unwrap();
    assert_eq!(points.len(), 3);
    for point in points {
        assert_eq!(point["precision"]["reached"], true);
        // Every point ran the same replications: the effects stay paired.
        assert_eq!(
            point["routes"][0]["shipments"],
            points[0]["routes"][0]["shipments"]
        );
    }
    let effect = &file["routes"][0]["effects"][0]["high_vs_low"];
    assert_eq!(effect["pairs"].as_u64(), Some(ran), "{effect}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn sensitivity_refuses_shards_it_cannot_merge() {
    let dir = scratch("sensitivity-shard");
    corridor()
        .args(["sensitivity", "baseline", "--replications", "4", "-q"])
        .args(["--vary", &format!("{PRICE}=400,800"), "--shard", "1/2"])
        .arg("--out")
        .arg(dir.join("out"))
        .assert()
        .code(2)
        .stderr(predicates::str::contains("does not take --shard"));
    assert!(!dir.join("out").exists());
}
