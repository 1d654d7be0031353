//! What summary.json offers for output analysis: percentile intervals,
//! every pair of routes compared with intervals, and `corridor compare`'s
//! intervals on the differences of two runs.

use std::path::Path;

use serde_json::Value;

use crate::common::{corridor, scratch};

fn run(out: &Path, extra: &[&str]) -> Value {
    corridor()
        .args([
            "run",
            "baseline",
            "--replications",
            "10",
            "-q",
            "--no-plots",
        ])
        .arg("--out")
        .arg(out)
        .args(extra)
        .assert()
        .success();
    serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap()
}

fn f(v: &Value) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("a number, got {v}"))
}

#[test]
fn percentiles_have_intervals_around_them() {
    let dir = scratch("quantile-ci");
    let summary = run(&dir.join("run"), &[]);
    for route in summary["routes"].as_array().unwrap() {
        for metric in ["transit_days", "cost_usd_per_teu"] {
            let s = &route[metric];
            for p in ["p50", "p90", "p95"] {
                let (low, value, high) = (
                    f(&s[format!("{p}_ci95_low")]),
                    f(&s[p]),
                    f(&s[format!("{p}_ci95_high")]),
                );
                assert!(
                    low <= value && value <= high,
                    "{} {metric} {p}: {low} {value} {high}",
                    route["id"]
                );
                assert!(low < high, "{} {metric} {p}: a point interval", route["id"]);
            }
        }
    }
    let csv = std::fs::read_to_string(dir.join("run/summary.csv")).unwrap();
    assert!(
        csv.lines().next().unwrap().ends_with(
            "p50_ci95_low,p50_ci95_high,p90_ci95_low,p90_ci95_high,p95_ci95_low,p95_ci95_high"
        ),
        "{csv}"
    );
}

#[test]
fn every_pair_of_routes_is_compared_with_intervals() {
    let dir = scratch("pairs");
    let summary = run(&dir.join("run"), &[]);
    let routes = summary["routes"].as_array().unwrap();
    let pairs = summary["pairs"].as_array().unwrap();
    let n = routes.len();
    assert_eq!(pairs.len(), n * (n - 1) / 2);
    let mut k = 0;
    for a in 0..n {
        for b in a + 1..n {
            let p = &pairs[k];
            k += 1;
            assert_eq!(p["a"], routes[a]["id"]);
            assert_eq!(p["b"], routes[b]["id"]);
            // Every shipment arrives in the baseline, so the mean of the
            // differences is the difference of the means.
            let diff = f(&p["transit_days_diff"]["mean"]);
            let means =
                f(&routes[a]["transit_days"]["mean"]) - f(&routes[b]["transit_days"]["mean"]);
            assert!((diff - means).abs() < 1e-9, "{diff} vs {means}");
            let (low, high) = (
                f(&p["transit_days_diff"]["ci95_low"]),
                f(&p["transit_days_diff"]["ci95_high"]),
            );
            assert!(low < diff && diff < high);
            for share in ["a_faster", "a_cheaper", "a_faster_and_cheaper"] {
                let s = &p[share];
                let (low, x, high) = (f(&s["ci95_low"]), f(&s["share"]), f(&s["ci95_high"]));
                assert!(
                    (0.0..=1.0).contains(&low) && low <= x && x <= high && high <= 1.0,
                    "{share}: {s}"
                );
                assert!(low < high, "{share}: a point interval {s}");
            }
        }
    }
    // The pair with the reference agrees with vs_reference, sign for sign.
    let reference = summary["scenario"]["reference_route"].as_str().unwrap();
    for p in pairs.iter().filter(|p| p["b"] == reference) {
        let route = routes.iter().find(|r| r["id"] == p["a"]).unwrap();
        let vs = &route["vs_reference"];
        assert_eq!(p["transit_days_diff"], vs["transit_days_diff"]);
        assert_eq!(p["a_faster"]["share"], vs["share_faster"]);
    }
}

#[test]
fn compare_gives_intervals_on_the_differences() {
    let dir = scratch("compare-ci");
    run(&dir.join("a"), &[]);
    run(
        &dir.join("b"),
        &["--set", "fuels.vlsfo.price_usd_per_t=900", "--seed", "2"],
    );
    let out = dir.join("cmp");
    let output = corridor()
        .arg("compare")
        .arg(dir.join("a"))
        .arg(dir.join("b"))
        .arg("--out")
        .arg(&out)
        .assert()
        .success()
        .get_output()
        .clone();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("B - A (95% CI)"), "{stdout}");
    let mut csv = csv::Reader::from_path(out.join("compare.csv")).unwrap();
    let headers = csv.headers().unwrap().clone();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (diff, low, high) = (
        col("diff_mean"),
        col("diff_ci95_low"),
        col("diff_ci95_high"),
    );
    let mut rows = 0;
    for row in csv.records() {
        let row = row.unwrap();
        let num = |i: usize| row[i].parse::<f64>().unwrap();
        assert!(num(low) < num(diff) && num(diff) < num(high), "{row:?}");
        rows += 1;
    }
    assert!(rows > 0);
}
