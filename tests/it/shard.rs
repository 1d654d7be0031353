//! `corridor run --shard K/N` and `corridor merge`: any split of a run,
//! merged, is the single run (byte-identical shipments.csv, the same
//! summary aside from wall-time fields), and merge refuses sets of shards
//! that are not one whole run.

use std::path::{Path, PathBuf};

use crate::common::{corridor, scratch};

const REPLICATIONS: &str = "12";

fn run(out: &Path, extra: &[&str]) {
    corridor()
        .args([
            "run",
            "baseline",
            "--replications",
            REPLICATIONS,
            "-q",
            "--no-plots",
        ])
        .arg("--out")
        .arg(out)
        .args(extra)
        .assert()
        .success();
}

fn shards(dir: &Path, n: u32, extra: &[&str]) -> Vec<PathBuf> {
    (1..=n)
        .map(|k| {
            let out = dir.join(format!("shard-{k}-of-{n}"));
            let shard = format!("{k}/{n}");
            let mut args = vec!["--shard", shard.as_str(), "--threads", "1"];
            args.extend_from_slice(extra);
            run(&out, &args);
            out
        })
        .collect()
}

/// summary.json without the fields that measure the machine, not the model.
fn summary_without_wall_time(dir: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(dir.join("summary.json")).unwrap();
    let mut json: serde_json::Value = serde_json::from_str(&text).unwrap();
    let meta = json["scenario"].as_object_mut().unwrap();
    for key in ["wall_s", "events_per_s", "threads"] {
        assert!(meta.remove(key).is_some(), "{key} is in summary.json");
    }
    json
}

#[test]
fn merging_1_2_or_3_shards_gives_the_single_run() {
    let dir = scratch("shard-merge");
    let single = dir.join("single");
    run(&single, &["--threads", "2"]);
    for n in 1..=3 {
        let parts = shards(&dir, n, &[]);
        let merged = dir.join(format!("merged-{n}"));
        corridor()
            .arg("merge")
            .args(parts.iter().rev())
            .arg("--out")
            .arg(&merged)
            .arg("--no-plots")
            .assert()
            .success();
        for file in [
            "shipments.csv",
            "summary.csv",
            "queues.csv",
            "routes.geojson",
        ] {
            assert!(
                std::fs::read(single.join(file)).unwrap()
                    == std::fs::read(merged.join(file)).unwrap(),
                "{file} of {n} merged shards differs from the single run's"
            );
        }
        assert_eq!(
            summary_without_wall_time(&single),
            summary_without_wall_time(&merged),
            "summary.json of {n} merged shards"
        );
        assert!(
            !merged.join("replications.bin").exists(),
            "a merged run is a whole run, without a shard's records"
        );
    }
}

#[test]
fn a_shard_says_which_it_is() {
    let dir = scratch("shard-meta");
    let parts = shards(&dir, 3, &[]);
    let text = std::fs::read_to_string(parts[1].join("summary.json")).unwrap();
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    let shard = &json["scenario"]["shard"];
    assert_eq!(shard["index"], 2);
    assert_eq!(shard["count"], 3);
    assert_eq!(shard["first_replication"], 4);
    assert_eq!(shard["total_replications"], 12);
    assert_eq!(json["scenario"]["replications"], 4);
    let manifest = std::fs::read_to_string(parts[1].join(".corridor-run")).unwrap();
    assert!(
        manifest.lines().any(|l| l == "replications.bin"),
        "{manifest}"
    );
}

fn merge_fails(shards: &[&Path], out: &Path, expected: &str) {
    let output = corridor()
        .arg("merge")
        .args(shards)
        .arg("--out")
        .arg(out)
        .arg("--no-plots")
        .assert()
        .code(2)
        .get_output()
        .clone();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(expected),
        "expected `{expected}` in: {stderr}"
    );
    assert!(!out.exists(), "a refused merge writes nothing");
}

#[test]
fn merge_refuses_sets_that_are_not_one_whole_run() {
    let dir = scratch("shard-refuse");
    let two = shards(&dir, 2, &[]);
    let out = dir.join("merged");
    merge_fails(&[&two[0]], &out, "incomplete: missing 2/2");
    merge_fails(
        &[&two[0], &two[0], &two[1]],
        &out,
        "shard 1/2 is given twice",
    );

    let other_seed = dir.join("other-seed");
    run(&other_seed, &["--shard", "2/2", "--seed", "7"]);
    merge_fails(&[&two[0], &other_seed], &out, "different runs");
    merge_fails(&[&two[0], &other_seed], &out, "seed");

    let other_inputs = dir.join("other-inputs");
    run(
        &other_inputs,
        &["--shard", "2/2", "--set", "fuels.vlsfo.price_usd_per_t=900"],
    );
    merge_fails(&[&two[0], &other_inputs], &out, "inputs");

    let three = shards(&dir, 3, &[]);
    merge_fails(&[&two[0], &three[1], &three[2]], &out, "different runs");

    let whole = dir.join("whole");
    run(&whole, &[]);
    merge_fails(&[&whole], &out, "is not a shard");
}

#[test]
fn shard_flag_refuses_what_cannot_be_a_shard() {
    let dir = scratch("shard-flag");
    for (args, expected) in [
        (vec!["--shard", "4/3"], "K must be between 1 and N"),
        (vec!["--shard", "0/3"], "K must be between 1 and N"),
        (vec!["--shard", "two"], "not K/N"),
        (
            vec!["--shard", "3/3", "--replications", "2"],
            "would leave some empty",
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
