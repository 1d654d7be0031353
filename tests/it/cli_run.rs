//! `corridor run` through the binary: clean stdout for pipes, the progress
//! bar's silence off a terminal, the replication limit, Ctrl-C.

use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::common::{corridor, scratch};
use predicates::prelude::*;

/// Files in `dir` whose names mark an unfinished write.
fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .expect("the folder exists")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".partial") || n.starts_with(".corridor-write-test"))
        .collect()
}

#[test]
fn json_on_stdout_is_one_json_document_and_nothing_else() {
    let dir = scratch("json");
    let out = corridor()
        .args(["run", "baseline", "--replications", "2", "--threads", "1"])
        .args(["--no-plots", "--json", "--out"])
        .arg(dir.join("out"))
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let summary: serde_json::Value =
        serde_json::from_slice(&out.stdout).expect("stdout is valid JSON and nothing else");
    assert_eq!(summary["scenario"]["replications"], 2);
    assert_eq!(summary["scenario"]["cancelled"], false);
    // No progress bar or chatter when stderr is not a terminal.
    assert!(
        out.stderr.is_empty(),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn quiet_run_prints_the_table_and_nothing_on_stderr() {
    let dir = scratch("quiet");
    corridor()
        .args([
            "run",
            "baseline",
            "-q",
            "--replications",
            "2",
            "--threads",
            "1",
        ])
        .args(["--no-plots", "--out"])
        .arg(dir.join("out"))
        .assert()
        .success()
        .stdout(predicate::str::contains("vs reference").and(predicate::str::contains("wrote")))
        .stderr(predicate::str::is_empty());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn more_than_100000_replications_from_the_flag_need_force() {
    let dir = scratch("huge-flag");
    corridor()
        .args(["run", "baseline", "--replications", "100001", "--out"])
        .arg(dir.join("out"))
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("100001 replications")
                .and(predicate::str::contains("--force"))
                .and(predicate::str::contains("hint:")),
        );
    assert!(
        !dir.join("out").exists(),
        "refused before anything is written"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn more_than_100000_replications_from_the_file_need_force() {
    let dir = scratch("huge-file");
    let file = dir.join("huge.toml");
    std::fs::write(
        &file,
        "extends = \"baseline\"\nname = \"huge\"\nreplications = 500000\n",
    )
    .unwrap();
    corridor()
        .arg("run")
        .arg(&file)
        .arg("--out")
        .arg(dir.join("out"))
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("500000 replications")
                .and(predicate::str::contains("--force")),
        );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn ctrl_c_keeps_the_finished_replications_and_exits_130() {
    let dir = scratch("ctrl-c");
    let out_dir = dir.join("out");
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("corridor"))
        .args([
            "run",
            "baseline",
            "--replications",
            "100000",
            "--threads",
            "1",
        ])
        .args(["--no-plots", "--quiet", "--out"])
        .arg(&out_dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawns");

    // The Ctrl-C handler is installed before shipments.csv is opened under
    // its temporary name in the staging folder: once that file is there,
    // SIGINT is caught.
    let started = Instant::now();
    while !writing_started(&dir) {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the run never started writing"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    std::thread::sleep(Duration::from_millis(500));
    let kill = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(kill.success());

    let deadline = Instant::now() + Duration::from_secs(60);
    while child.try_wait().expect("waits").is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("the run did not stop after Ctrl-C");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().expect("output");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(130), "stderr: {stderr}");
    assert!(
        stderr.contains("interrupted after") && stderr.contains("of 100000 replications"),
        "{stderr}"
    );
    assert!(
        stderr.contains(&out_dir.display().to_string()),
        "the message names the folder: {stderr}"
    );
    assert_eq!(
        leftovers(&out_dir),
        Vec::<String>::new(),
        "no half-written files"
    );
    assert!(!writing_started(&dir), "no staging folder is left");

    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out_dir.join("summary.json")).unwrap()).unwrap();
    assert_eq!(summary["scenario"]["cancelled"], true);
    let done = summary["scenario"]["replications"].as_u64().unwrap();
    assert!(done < 100_000);
    assert!(
        stderr.contains(&format!("interrupted after {done} of")),
        "{stderr}"
    );
    // shipments.csv holds exactly the finished replications: a header, then
    // 4 routes × 26 departures per replication.
    let rows = std::fs::read_to_string(out_dir.join("shipments.csv"))
        .unwrap()
        .lines()
        .count() as u64;
    assert_eq!(rows, 1 + done * 4 * 26);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The temporary files in `dir` (empty if the folder is not there yet).
/// Whether a run into a folder inside `parent` is writing `shipments.csv`
/// in its staging folder.
fn writing_started(parent: &Path) -> bool {
    std::fs::read_dir(parent)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .contains(".corridor-staging-")
        })
        .any(|e| !leftovers(&e.path()).is_empty())
}

/// Runs `corridor ARGS` under a pseudo-terminal with `script` (util-linux),
/// returning what the terminal showed, or `None` where `script` is missing.
fn on_a_terminal(args: &str, dir: &Path) -> Option<String> {
    let script = ["/usr/bin/script", "/bin/script"]
        .into_iter()
        .find(|p| Path::new(p).exists())?;
    let bin = assert_cmd::cargo::cargo_bin("corridor");
    let out = std::process::Command::new(script)
        .args(["-qec", &format!("{} {args}", bin.display()), "/dev/null"])
        .current_dir(dir)
        .env("CORRIDOR_PROGRESS_AFTER_MS", "0")
        .stdin(Stdio::null())
        .output()
        .expect("script runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn progress_bar_is_drawn_on_a_terminal_and_not_with_quiet() {
    let dir = scratch("progress");
    let run = "run baseline --replications 12 --threads 1 --no-plots --out out";
    let Some(shown) = on_a_terminal(run, &dir) else {
        eprintln!("skipped: no `script` to make a terminal");
        return;
    };
    assert!(
        shown.contains("/12 replications") && shown.contains("ETA"),
        "{shown}"
    );
    let quiet = on_a_terminal(&format!("{run} --quiet"), &dir).unwrap();
    assert!(!quiet.contains("ETA"), "{quiet}");
    assert!(quiet.contains("vs reference"), "{quiet}");
    std::fs::remove_dir_all(&dir).unwrap();
}
