//! Calibration through `corridor calibrate`: every target of
//! src/calibration/targets.toml (a published figure, its source and a band
//! derived from the sources' spread) must hold, targets marked as a known
//! miss must still miss (so a fix removes the mark), and
//! docs/calibration.md must be what the command writes today.

use crate::common::{corridor, scratch};

#[test]
fn every_target_is_met_and_docs_calibration_md_is_up_to_date() {
    let dir = scratch("calibrate");
    let doc = dir.join("calibration.md");
    let out = corridor()
        .args(["calibrate", "--json", "--out"])
        .arg(&doc)
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).expect("json rows");
    assert!(rows.len() >= 10, "{} targets", rows.len());
    let mut misses = Vec::new();
    for r in &rows {
        let met = r["met"].as_bool().expect("met");
        let known_miss = !r["known_miss"].is_null();
        let what = format!(
            "{} · {} {} = {} not in {} ({}: {})",
            r["scenario"], r["route"], r["metric"], r["model"], r["band"], r["source"], r["figure"]
        );
        if known_miss && met {
            misses.push(format!("fixed, remove its known_miss mark: {what}"));
        } else if !known_miss && !met {
            misses.push(what);
        }
    }
    assert!(misses.is_empty(), "calibration:\n{}", misses.join("\n"));

    // instc-west is held to S33's clock, from loading on the ship to the
    // Moscow terminal: the metric leaves out gate-in, customs and the wait
    // for the weekly sailing at Nhava Sheva (the ship berths 2.5 days after
    // the box sets out when it makes the cut-off and the ship is on time;
    // 38 % of sailings are late, by 5 days on average) and the release in
    // Moscow (triangular(24, 48, 96) h, 2.3 days on average), and the row
    // still reports the door-to-door median beside it.
    let west = rows
        .iter()
        .find(|r| r["route"] == "instc-west")
        .expect("the instc-west row");
    assert_eq!(west["metric"], "median_days_inner");
    let inner = west["model"].as_f64().expect("a value");
    let door = west["door_to_door_days"].as_f64().expect("door to door");
    assert!(
        (4.8..=8.0).contains(&(door - inner)),
        "door to door {door:.1} d, from loading to the terminal {inner:.1} d"
    );

    let written = std::fs::read_to_string(&doc).expect("the table is written");
    let shipped = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/calibration.md"),
    )
    .expect("docs/calibration.md exists");
    assert!(
        written == shipped,
        "docs/calibration.md is out of date: run `corridor calibrate` (cargo run --release -- calibrate)"
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn the_comcec_table_is_reproduced_in_the_shipper_basis() {
    // The same figures as the calibration rows, read from a plain run so a
    // failure shows the route's whole summary.
    let dir = scratch("comcec");
    let out = corridor()
        .args([
            "run",
            "comcec-2017",
            "--no-plots",
            "--json",
            "-q",
            "--replications",
            "40",
            "--out",
        ])
        .arg(&dir)
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let s: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(s["scenario"]["cost_basis"], "shipper");
    // S14, Table 58: (route id, days, USD per TEU).
    for (id, days, usd) in [
        ("route-1", 32.0, 3882.0),
        ("route-2", 44.0, 5765.0),
        ("sea-rail", 26.0, 3550.0),
        ("traditional", 32.0, 3133.0),
    ] {
        let r = s["routes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == id)
            .unwrap_or_else(|| panic!("route {id}"));
        let median = r["transit_days"]["p50"].as_f64().unwrap();
        let cost = r["cost_usd_per_teu"]["mean"].as_f64().unwrap();
        assert!(
            (median / days - 1.0).abs() <= 0.15,
            "{id}: median {median:.1} d against {days} d (S14)"
        );
        assert!(
            (cost / usd - 1.0).abs() <= 0.20,
            "{id}: {cost:.0} USD/TEU against {usd} (S14)"
        );
    }
    std::fs::remove_dir_all(&dir).ok();
}
