//! A run folder is one run, whole: reruns, concurrent runs, kills, a full
//! disk and a user's own files, all through the binary.

use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use predicates::prelude::*;

use crate::common::{corridor, scratch};

fn summary(dir: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(dir.join("summary.json")).expect("summary.json"))
        .expect("valid JSON")
}

/// Every file below `dir`, relative, sorted.
fn files(dir: &Path) -> Vec<String> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) {
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            if e.file_type().unwrap().is_dir() {
                walk(root, &e.path(), out);
            } else {
                out.push(
                    e.path()
                        .strip_prefix(root)
                        .unwrap()
                        .to_string_lossy()
                        .into_owned(),
                );
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// Entries of `parent` other than the run folder and its lock file: what a
/// killed or failed run could leave behind.
fn debris(parent: &Path, run: &str) -> Vec<String> {
    std::fs::read_dir(parent)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n != run && *n != format!(".{run}.corridor-lock"))
        .collect()
}

fn run_baseline(out: &Path, extra: &[&str]) -> std::process::Output {
    corridor()
        .args([
            "run",
            "baseline",
            "--replications",
            "3",
            "--threads",
            "1",
            "-q",
        ])
        .args(extra)
        .arg("--out")
        .arg(out)
        .output()
        .expect("runs")
}

/// A long run in the background, started once its staging folder exists.
fn start_long_run(out: &Path) -> Child {
    let child = std::process::Command::new(assert_cmd::cargo::cargo_bin("corridor"))
        .args([
            "run",
            "baseline",
            "--replications",
            "100000",
            "--threads",
            "1",
        ])
        .args(["--no-plots", "--quiet", "--out"])
        .arg(out)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawns");
    let parent = out.parent().unwrap();
    let name = out.file_name().unwrap().to_string_lossy().into_owned();
    let started = Instant::now();
    let writing = || {
        std::fs::read_dir(parent).unwrap().flatten().any(|e| {
            let n = e.file_name().to_string_lossy().into_owned();
            n.starts_with(&format!(".{name}.corridor-staging-"))
                && std::fs::read_dir(e.path()).is_ok_and(|d| {
                    d.flatten().any(|f| {
                        f.file_name()
                            .to_string_lossy()
                            .starts_with(".shipments.csv.partial")
                    })
                })
        })
    };
    while !writing() {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the run never started"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    child
}

fn wait(mut child: Child) -> std::process::Output {
    let deadline = Instant::now() + Duration::from_secs(60);
    while child.try_wait().expect("waits").is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("the run did not stop");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().expect("output")
}

fn signal(child: &Child, name: &str) {
    let status = std::process::Command::new("kill")
        .args([&format!("-{name}"), &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(status.success());
}

#[test]
fn a_rerun_without_plots_leaves_no_chart_or_report_of_the_run_before() {
    let root = scratch("rerun-no-plots");
    let out = root.join("run");
    assert!(run_baseline(&out, &["--seed", "1"]).status.success());
    assert!(out.join("report.html").is_file());
    assert!(out.join("plots").is_dir());
    let rerun = run_baseline(&out, &["--seed", "2", "--no-plots"]);
    assert!(rerun.status.success());
    assert_eq!(summary(&out)["scenario"]["seed"], 2);
    assert!(!out.join("report.html").exists(), "the old report is gone");
    assert!(!out.join("plots").exists(), "the old charts are gone");
    assert_eq!(
        files(&out),
        [
            ".corridor-run",
            "assumptions.json",
            "paths.csv",
            "queues.csv",
            "routes.geojson",
            "shipments.csv",
            "summary.csv",
            "summary.json"
        ]
    );
    assert_eq!(debris(&root, "run"), Vec::<String>::new());
}

#[test]
fn the_manifest_lists_every_file_written() {
    let root = scratch("manifest");
    let out = root.join("run");
    assert!(run_baseline(&out, &[]).status.success());
    let manifest = std::fs::read_to_string(out.join(".corridor-run")).unwrap();
    let listed: Vec<&str> = manifest.lines().collect();
    let present: Vec<String> = files(&out)
        .into_iter()
        .filter(|f| f != ".corridor-run")
        .collect();
    assert_eq!(listed, present);
    assert!(listed.contains(&"plots/transit-days-cdf.svg"), "{listed:?}");
}

#[test]
fn a_users_own_file_in_the_folder_is_refused_by_name_and_kept() {
    let root = scratch("foreign");
    let out = root.join("run");
    assert!(run_baseline(&out, &["--no-plots"]).status.success());
    std::fs::create_dir_all(out.join("plots")).unwrap();
    std::fs::write(out.join("plots/annotated.svg"), "<svg/>").unwrap();
    let before = std::fs::read(out.join("summary.json")).unwrap();
    corridor()
        .args(["run", "baseline", "--replications", "2", "-q", "--out"])
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("plots/annotated.svg"))
        .stderr(predicate::str::contains("did not write"));
    assert!(out.join("plots/annotated.svg").is_file());
    assert_eq!(std::fs::read(out.join("summary.json")).unwrap(), before);
}

#[test]
fn a_second_run_into_the_same_folder_is_refused_while_the_first_runs() {
    let root = scratch("concurrent");
    let out = root.join("run");
    let first = start_long_run(&out);
    corridor()
        .args(["run", "baseline", "--replications", "2", "-q", "--out"])
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("another corridor run is writing"));
    signal(&first, "INT");
    let done = wait(first);
    assert_eq!(done.status.code(), Some(130));
    // The folder holds the first run, whole.
    let s = summary(&out);
    assert_eq!(s["scenario"]["cancelled"], true);
    assert_eq!(s["scenario"]["replications_requested"], 100000);
    assert_eq!(debris(&root, "run"), Vec::<String>::new());
}

#[test]
fn sigterm_ends_a_run_like_ctrl_c() {
    let root = scratch("sigterm");
    let out = root.join("run");
    let child = start_long_run(&out);
    std::thread::sleep(Duration::from_millis(300));
    signal(&child, "TERM");
    let done = wait(child);
    let stderr = String::from_utf8_lossy(&done.stderr);
    assert_eq!(done.status.code(), Some(130), "{stderr}");
    assert!(stderr.contains("interrupted after"), "{stderr}");
    assert_eq!(summary(&out)["scenario"]["cancelled"], true);
}

#[test]
fn a_killed_run_leaves_the_run_before_whole_and_the_next_run_cleans_up() {
    let root = scratch("killed");
    let out = root.join("run");
    assert!(
        run_baseline(&out, &["--seed", "5", "--no-plots"])
            .status
            .success()
    );
    let before = files(&out);
    let shipments = std::fs::read(out.join("shipments.csv")).unwrap();
    let child = start_long_run(&out);
    signal(&child, "KILL");
    let _ = wait(child);
    // The earlier run is untouched; the killed one left only its staging folder.
    assert_eq!(files(&out), before);
    assert_eq!(std::fs::read(out.join("shipments.csv")).unwrap(), shipments);
    let left = debris(&root, "run");
    assert_eq!(left.len(), 1, "{left:?}");
    assert!(left[0].starts_with(".run.corridor-staging-"), "{left:?}");
    // The next run into the folder removes it.
    assert!(run_baseline(&out, &["--no-plots"]).status.success());
    assert_eq!(debris(&root, "run"), Vec::<String>::new());
}

/// Runs `corridor` with a file-size limit, SIGXFSZ ignored, so that writing
/// past `blocks` × 512 bytes fails like a full disk (EFBIG) — a full disk
/// needs no privileges this way.
fn run_with_file_limit(out: &Path, blocks: u32) -> std::process::Output {
    let bin = assert_cmd::cargo::cargo_bin("corridor");
    std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            "trap '' XFSZ; ulimit -f {blocks}; exec '{}' run baseline --replications 60 \
             --threads 1 -q --out '{}'",
            bin.display(),
            out.display()
        ))
        .output()
        .expect("sh runs")
}

#[test]
fn a_full_disk_names_the_file_keeps_the_run_before_and_exits_74() {
    let root = scratch("disk-full");
    let out = root.join("run");
    assert!(run_baseline(&out, &["--seed", "9"]).status.success());
    let before = files(&out);
    let summary_before = std::fs::read(out.join("summary.json")).unwrap();
    // shipments.csv of 60 replications is about 1.2 MB: 256 kB is not enough.
    let failed = run_with_file_limit(&out, 512);
    let stderr = String::from_utf8_lossy(&failed.stderr);
    assert_eq!(failed.status.code(), Some(74), "{stderr}");
    assert!(stderr.contains("shipments.csv"), "{stderr}");
    assert!(stderr.contains("cannot write"), "{stderr}");
    assert_eq!(files(&out), before);
    assert_eq!(
        std::fs::read(out.join("summary.json")).unwrap(),
        summary_before
    );
    assert_eq!(debris(&root, "run"), Vec::<String>::new());
}

#[test]
fn out_of_bounds_overrides_fail_like_a_file_would() {
    // The file's own limit holds on the command line, --force or not.
    corridor()
        .args(["run", "baseline", "--replications", "4000000000", "--force"])
        .args(["--out", "/nonexistent/never-written"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("command line"))
        .stderr(predicate::str::contains("must be from 1 to 1000000"));
    corridor().args(["validate", "baseline"]).assert().success();
}

#[test]
fn set_reaches_any_key_with_the_files_errors() {
    corridor()
        .args(["run", "baseline", "--set", "fuels.vlsfo.pricee=800"])
        .args(["--out", "/nonexistent/never-written"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("`fuels.vlsfo.pricee`"))
        .stderr(predicate::str::contains("did you mean `price_usd_per_t`"));
    corridor()
        .args(["run", "baseline", "--set", "routes.emc.legs[9].speed_kn=3"])
        .args(["--out", "/nonexistent/never-written"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("beyond its end"));
}

#[test]
fn a_fuel_price_set_on_the_command_line_moves_cost_and_nothing_else() {
    let root = scratch("set-fuel");
    let base = root.join("base");
    let dear = root.join("dear");
    assert!(run_baseline(&base, &["--no-plots"]).status.success());
    assert!(
        run_baseline(
            &dear,
            &["--no-plots", "--set", "fuels.vlsfo.price_usd_per_t=1000"]
        )
        .status
        .success()
    );
    let column = |dir: &PathBuf, name: &str| -> Vec<String> {
        let mut r = csv::Reader::from_path(dir.join("shipments.csv")).unwrap();
        let i = r.headers().unwrap().iter().position(|h| h == name).unwrap();
        r.records().map(|row| row.unwrap()[i].to_string()).collect()
    };
    // Same random numbers: every transit time is identical…
    assert_eq!(column(&base, "transit_days"), column(&dear, "transit_days"));
    // …while the fuel cost of every shipment rose.
    let (a, b) = (
        column(&base, "cost_fuel_usd_per_teu"),
        column(&dear, "cost_fuel_usd_per_teu"),
    );
    assert!(
        a.iter()
            .zip(&b)
            .all(|(x, y)| y.parse::<f64>().unwrap() > x.parse::<f64>().unwrap()),
        "fuel cost did not rise everywhere"
    );
}

#[test]
fn bare_corridor_takes_runs_flags() {
    let root = scratch("bare-flags");
    corridor()
        .current_dir(&root)
        .args(["--replications", "2", "--no-plots", "-q", "--seed", "3"])
        .assert()
        .success();
    let s = summary(&root.join("output/baseline"));
    assert_eq!(s["scenario"]["replications"], 2);
    assert_eq!(s["scenario"]["seed"], 3);
}
