//! `corridor bench` through the binary: output keys, determinism, bad input.

use crate::common::corridor;
use predicates::prelude::*;

fn bench_json(extra: &[&str]) -> serde_json::Value {
    let out = corridor()
        .args([
            "bench",
            "berth-ring",
            "--json",
            "--ships",
            "200",
            "--ports",
            "40",
        ])
        .args(extra)
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("stdout is one JSON object")
}

#[test]
fn json_has_exactly_the_result_keys_and_the_parameters() {
    let v = bench_json(&[]);
    let mut keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    keys.sort();
    assert_eq!(
        keys,
        [
            "berths",
            "events",
            "mean_wait_h",
            "port_calls",
            "port_calls_per_s",
            "ports",
            "sail_h",
            "seed",
            "service_h",
            "ships",
            "wall_s",
            "years"
        ]
    );
    assert!(v["port_calls"].as_u64().unwrap() > 0);
    assert_eq!(v["ships"], 200);
}

#[test]
fn same_seed_gives_the_same_figures_and_another_seed_does_not() {
    let (a, b) = (bench_json(&["--seed", "9"]), bench_json(&["--seed", "9"]));
    let c = bench_json(&["--seed", "10"]);
    for key in ["port_calls", "mean_wait_h", "events"] {
        assert_eq!(a[key], b[key], "{key}");
    }
    assert_ne!(a["mean_wait_h"], c["mean_wait_h"]);
}

#[test]
fn table_output_names_every_figure() {
    corridor()
        .args(["bench", "berth-ring", "--ships", "50", "--ports", "10"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("port_calls")
                .and(predicate::str::contains("mean_wait_h"))
                .and(predicate::str::contains("port_calls_per_s")),
        );
}

mod bad_input {
    use super::*;

    fn fails_with_code_2(args: &[&str], needle: &str) {
        corridor()
            .args(args)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(needle))
            .stderr(predicate::str::contains("panicked").not());
    }

    #[test]
    fn zero_ports() {
        fails_with_code_2(&["bench", "berth-ring", "--ports", "0"], "--ports");
    }

    #[test]
    fn negative_time() {
        fails_with_code_2(&["bench", "berth-ring", "--sail-h", "-5"], "--sail-h");
    }

    #[test]
    fn not_a_number() {
        fails_with_code_2(&["bench", "berth-ring", "--years", "soon"], "not a number");
    }

    /// Values that parse but would exhaust memory or never end: each is
    /// refused before the run with the flag, the range and a hint.
    #[test]
    fn values_too_large_to_run_are_refused_with_the_range() {
        for (flag, value, range) in [
            ("--ports", "1000000000", "1 to 1000000"),
            ("--ships", "1000000000", "1 to 1000000"),
            ("--berths", "4000000000", "1 to 1000000"),
            ("--years", "1e9", "at most 1000"),
            ("--sail-h", "1e300", "at most 1000000 hours"),
        ] {
            let out = corridor()
                .args(["bench", "berth-ring", flag, value])
                .timeout(std::time::Duration::from_secs(20))
                .output()
                .unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(2), "{flag} {value}: {stderr}");
            assert!(stderr.contains(flag) && stderr.contains(range), "{stderr}");
            assert!(stderr.contains("hint:"), "{stderr}");
        }
    }

    #[test]
    fn a_run_that_would_take_hours_is_refused() {
        // Each value is within its own range; together they ask for ~1e12 calls.
        let out = corridor()
            .args([
                "bench",
                "berth-ring",
                "--ships",
                "1000000",
                "--years",
                "1000",
            ])
            .args(["--ports", "1000000", "--berths", "1000"])
            .timeout(std::time::Duration::from_secs(20))
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains("port calls; at most 1e9"), "{stderr}");
    }

    #[test]
    fn more_years_than_the_calendar_reaches() {
        fails_with_code_2(&["bench", "berth-ring", "--years", "5000"], "--years 5000");
    }

    #[test]
    fn unknown_flag() {
        fails_with_code_2(&["bench", "berth-ring", "--shipz", "3"], "--shipz");
    }
}
