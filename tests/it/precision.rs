//! `corridor run --precision P`: replications in deterministic batches until
//! every route's mean transit time and mean cost is known to within P (95 %
//! confidence), and summary.json says how many were needed.

use std::path::Path;

use serde_json::Value;

use crate::common::{corridor, scratch};

fn run(out: &Path, args: &[&str]) -> Value {
    let output = corridor()
        .args([
            "run",
            "baseline",
            "--replications",
            "10",
            "-q",
            "--no-plots",
            "--json",
        ])
        .arg("--out")
        .arg(out)
        .args(args)
        .assert()
        .success()
        .get_output()
        .clone();
    serde_json::from_slice(&output.stdout).expect("summary.json on stdout")
}

fn half_width(stats: &Value) -> f64 {
    (stats["ci95_high"].as_f64().unwrap() - stats["ci95_low"].as_f64().unwrap()) / 2.0
}

#[test]
fn precision_stops_once_every_mean_is_within_the_target_and_says_so() {
    let dir = scratch("precision");
    let summary = run(&dir.join("one"), &["--precision", "1%", "--threads", "1"]);
    let meta = &summary["scenario"];
    let p = &meta["precision"];
    assert_eq!(p["reached"], true, "{p}");
    let needed = p["replications"].as_u64().unwrap();
    assert_eq!(meta["replications"].as_u64(), Some(needed));
    assert!(
        needed > 10,
        "10 replications are not enough for 1 % here: {p}"
    );
    // The run's own intervals meet the target…
    for route in summary["routes"].as_array().unwrap() {
        for metric in ["transit_days", "cost_usd_per_teu"] {
            let s = &route[metric];
            let target = 0.01 * s["mean"].as_f64().unwrap().abs();
            assert!(
                half_width(s) <= target,
                "{} {metric}: ±{} > {target}",
                route["id"],
                half_width(s)
            );
        }
    }
    // …and the check before the last did not: it stopped when first met.
    let checks = p["checks"].as_array().unwrap();
    assert_eq!(
        checks.last().unwrap()["replications"].as_u64(),
        Some(needed)
    );
    for c in &checks[..checks.len() - 1] {
        assert!(c["worst_ratio"].as_f64().unwrap() > 1.0, "{c}");
    }
    assert!(checks.last().unwrap()["worst_ratio"].as_f64().unwrap() <= 1.0);

    // The same replications whatever the thread count.
    let again = run(&dir.join("two"), &["--precision", "1%", "--threads", "2"]);
    assert_eq!(
        again["scenario"]["precision"]["replications"].as_u64(),
        Some(needed)
    );
    assert!(
        std::fs::read(dir.join("one/shipments.csv")).unwrap()
            == std::fs::read(dir.join("two/shipments.csv")).unwrap(),
        "shipments.csv differs between 1 and 2 threads"
    );
}

#[test]
fn precision_out_of_reach_stops_at_the_maximum_and_says_it_was_not_reached() {
    let dir = scratch("precision-max");
    let summary = run(
        &dir.join("run"),
        &[
            "--precision",
            "0.01d",
            "--precision",
            "1usd",
            "--max-replications",
            "30",
        ],
    );
    let p = &summary["scenario"]["precision"];
    assert_eq!(p["reached"], false, "{p}");
    assert_eq!(p["replications"], 30);
    assert_eq!(p["target"], "0.01d,1usd");
    assert_eq!(summary["scenario"]["replications"], 30);
    assert_eq!(summary["scenario"]["replications_requested"], 30);
    let unmet = p["half_widths"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|h| h["met"] == false)
        .count();
    assert!(unmet > 0, "{p}");
}

#[test]
fn precision_flags_refuse_bad_values() {
    let dir = scratch("precision-flags");
    for (args, expected) in [
        (vec!["--precision", "0.5"], "needs a unit"),
        (vec!["--precision=-1%"], "greater than 0"),
        (vec!["--max-replications", "50"], "--precision"),
        (
            vec!["--precision", "1%", "--shard", "1/2"],
            "cannot be used with",
        ),
    ] {
        let output = corridor()
            .args(["run", "baseline", "-q", "--no-plots", "--out"])
            .arg(dir.join("x"))
            .args(&args)
            .assert()
            .code(2)
            .get_output()
            .clone();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
    }
}

#[test]
fn the_report_shows_the_precision_outcome() {
    let dir = scratch("precision-report");
    let out = dir.join("run");
    corridor()
        .args([
            "run",
            "baseline",
            "--replications",
            "10",
            "-q",
            "--threads",
            "2",
        ])
        .args(["--precision", "0.01d", "--max-replications", "20", "--out"])
        .arg(&out)
        .assert()
        .success();
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    let section = &html[html
        .find("<h2 id=\"precision\">")
        .expect("a precision section")..];
    assert!(section.contains("<b>0.01d</b>"), "the target");
    assert!(
        section.contains("<b>not reached</b> after <b>20</b>"),
        "the outcome"
    );
    assert!(section.contains("<td>transit_days</td>"), "the half-widths");

    // A reached target says so, with the replications needed.
    let summary = run(&dir.join("json"), &["--precision", "1%", "--threads", "2"]);
    let needed = summary["scenario"]["precision"]["replications"]
        .as_u64()
        .unwrap();
    let out = dir.join("reached");
    corridor()
        .args([
            "run",
            "baseline",
            "--replications",
            "10",
            "-q",
            "--threads",
            "2",
        ])
        .args(["--precision", "1%", "--out"])
        .arg(&out)
        .assert()
        .success();
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(
        html.contains(&format!(
            "<b>reached</b> after <b>{needed}</b> replications"
        )),
        "{}",
        &html[html.find("id=\"precision\"").unwrap_or(0)..][..400]
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
