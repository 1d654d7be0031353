//! `corridor sweep --shard K/N` and `corridor merge` of the shards: each
//! shard runs its block of every point's replications (by global index, so
//! common random numbers hold), and any split, merged, is the single sweep:
//! byte-identical sweep.csv, the same sweep.json aside from wall-time
//! fields, break-even values included.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::common::{corridor, scratch};

/// Three charters by two feeder speeds, on the operator basis (where the
/// charter is a cost of the box): the EMC's and Suez's cost curves cross,
/// so the merged break-even values are checked too.
const AXES: [&str; 6] = [
    "--set",
    "vessels.feeder-1100.charter_usd_per_day=10000,50000,90000",
    "--set",
    "vessels.feeder-1100.service_speed_kn=12,16",
    "--set",
    "cost_basis=operator",
];

fn sweep(out: &Path, extra: &[&str]) {
    corridor()
        .args([
            "sweep",
            "baseline",
            "--replications",
            "7",
            "-q",
            "--no-plots",
        ])
        .args(AXES)
        .arg("--out")
        .arg(out)
        .args(extra)
        .assert()
        .success();
}

fn shards(dir: &Path, n: u32) -> Vec<PathBuf> {
    (1..=n)
        .map(|k| {
            let out = dir.join(format!("shard-{k}-of-{n}"));
            sweep(&out, &["--shard", &format!("{k}/{n}"), "--threads", "1"]);
            out
        })
        .collect()
}

/// sweep.json without the fields that measure the machine, not the model.
fn without_wall_time(dir: &Path) -> Value {
    let mut json: Value =
        serde_json::from_slice(&std::fs::read(dir.join("sweep.json")).unwrap()).unwrap();
    let meta = json["scenario"].as_object_mut().unwrap();
    for key in ["wall_s", "threads"] {
        assert!(meta.remove(key).is_some(), "{key} is in sweep.json");
    }
    json
}

#[test]
fn merging_1_2_or_3_sweep_shards_gives_the_single_sweep() {
    let dir = scratch("sweep-shard-merge");
    let single = dir.join("single");
    sweep(&single, &["--threads", "2"]);
    let whole = without_wall_time(&single);
    assert!(
        !whole["break_even"].as_array().unwrap().is_empty(),
        "the check needs break-even values to compare"
    );
    for n in 1..=3 {
        let parts = shards(&dir, n);
        let first: Value =
            serde_json::from_slice(&std::fs::read(parts[0].join("sweep.json")).unwrap()).unwrap();
        assert_eq!(first["scenario"]["shard"]["count"], n);
        assert_eq!(first["scenario"]["shard"]["total_replications"], 7);
        assert!(parts[0].join("replications.point-4.bin").is_file());
        let merged = dir.join(format!("merged-{n}"));
        corridor()
            .arg("merge")
            .args(parts.iter().rev())
            .arg("--out")
            .arg(&merged)
            .assert()
            .success();
        assert!(
            std::fs::read(single.join("sweep.csv")).unwrap()
                == std::fs::read(merged.join("sweep.csv")).unwrap(),
            "sweep.csv of {n} merged shards differs from the single sweep's"
        );
        assert_eq!(
            whole,
            without_wall_time(&merged),
            "sweep.json of {n} merged shards"
        );
        assert!(merged.join("report.html").is_file());
        assert!(!merged.join("replications.point-1.bin").exists());
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn merge_refuses_sweep_shards_that_are_not_one_whole_sweep() {
    let dir = scratch("sweep-shard-refuse");
    let parts = shards(&dir, 2);
    let other = dir.join("other");
    corridor()
        .args([
            "sweep",
            "baseline",
            "--replications",
            "7",
            "-q",
            "--no-plots",
        ])
        .args([
            "--set",
            "vessels.feeder-1100.charter_usd_per_day=10000,50000,80000",
        ])
        .args(["--set", "vessels.feeder-1100.service_speed_kn=12,16"])
        .args(["--set", "cost_basis=operator"])
        .args(["--shard", "2/2", "--threads", "1", "--out"])
        .arg(&other)
        .assert()
        .success();
    for (given, expected) in [
        (vec![&parts[0]], "incomplete"),
        (vec![&parts[0], &other], "different"),
        (vec![&parts[0], &parts[0]], "given twice"),
    ] {
        corridor()
            .arg("merge")
            .args(&given)
            .arg("--out")
            .arg(dir.join("merged"))
            .assert()
            .code(2)
            .stderr(predicates::str::contains(expected));
        assert!(!dir.join("merged").exists());
    }
    // --shard and --precision do not go together.
    corridor()
        .args([
            "sweep",
            "baseline",
            "-q",
            "--precision",
            "1%",
            "--shard",
            "1/2",
        ])
        .args(AXES)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("cannot be used with"));
    std::fs::remove_dir_all(&dir).unwrap();
}
