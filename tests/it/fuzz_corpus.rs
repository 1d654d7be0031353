//! Replays the fuzzers' committed corpora (`fuzz/corpus/`) through the same
//! checks the fuzz targets run (`fuzz_checks`), so every input the fuzzers
//! found worth keeping stays a regression test of the ordinary test command,
//! with no cargo-fuzz needed.

use std::path::{Path, PathBuf};

use crate::fuzz_checks;

/// Every file of one corpus folder, in name order (the order does not matter
/// to the checks; sorting makes a failure message reproducible).
fn corpus(target: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/corpus")
        .join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

/// Runs `check` on every input, naming the input that failed.
fn replay(target: &str, check: impl Fn(&[u8])) -> usize {
    let files = corpus(target);
    for path in &files {
        let data = std::fs::read(path).unwrap();
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| check(&data)));
        assert!(
            outcome.is_ok(),
            "corpus input {} fails its fuzz check",
            path.display()
        );
    }
    files.len()
}

#[test]
fn scenario_corpus_replays_cleanly() {
    let n = replay("scenario", fuzz_checks::check_scenario_text);
    // The minimised corpus committed with the target (924 inputs when this
    // test was written): an empty or missing folder is a broken checkout,
    // not a pass.
    assert!(n >= 900, "only {n} inputs in fuzz/corpus/scenario");
}

#[test]
fn scenario_files_corpus_replays_cleanly() {
    let root = fuzz_checks::files_root("corpus-replay");
    let n = replay("scenario_files", |data| {
        fuzz_checks::check_scenario_files(data, &root)
    });
    let _ = std::fs::remove_dir_all(&root);
    assert!(n >= 1000, "only {n} inputs in fuzz/corpus/scenario_files");
}
