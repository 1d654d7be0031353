//! Helpers every test module shares: the binary under test and fresh
//! scratch folders.

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use assert_cmd::Command;

/// The `corridor` binary built for these tests.
pub fn corridor() -> Command {
    Command::cargo_bin("corridor").expect("the binary is built")
}

/// A fresh, empty folder under the system temp folder, unique to this
/// process and call (tests run in parallel), named after `name` for
/// whoever has to look at it after a failure.
pub fn scratch(name: &str) -> PathBuf {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "corridor-test-{}-{}-{name}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a scratch folder");
    dir
}

/// The configuration of every property test: `cases` cases from a fixed
/// seed (so every run tries the same inputs; `PROPTEST_RNG_SEED=N` picks
/// others), and failures saved to tests/proptest-regressions/<file>.txt,
/// which proptest replays first on every later run. Commit those files.
pub fn proptest_config(cases: u32) -> proptest::test_runner::Config {
    use proptest::test_runner::{Config, FileFailurePersistence, RngSeed};
    let mut config = Config::with_cases(cases);
    config.failure_persistence = Some(Box::new(FileFailurePersistence::SourceParallel(
        "proptest-regressions",
    )));
    if config.rng_seed == RngSeed::Random {
        config.rng_seed = RngSeed::Fixed(PROPTEST_SEED);
    }
    config
}

/// The seed property tests draw their cases from unless
/// `PROPTEST_RNG_SEED` is set.
pub const PROPTEST_SEED: u64 = 20_241_122;

/// The effective value of a parameter as `corridor explain --json` prints
/// it (a number, or a distribution such as `lognormal(mean 1, sd 0.8)`),
/// and its source.
pub fn parameter_text(scenario: &str, key: &str) -> (String, String) {
    let out = corridor()
        .args(["explain", scenario, "--json"])
        .output()
        .expect("explains");
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let p = v["parameters"]
        .as_array()
        .expect("parameters")
        .iter()
        .find(|p| p["key"] == key)
        .unwrap_or_else(|| panic!("parameter {key}"));
    (
        p["value"].as_str().unwrap().to_string(),
        p["source"].as_str().unwrap_or_default().to_string(),
    )
}

/// The effective value of a numeric parameter, from `corridor explain
/// --json`, and its source.
pub fn parameter(scenario: &str, key: &str) -> (f64, String) {
    let (value, source) = parameter_text(scenario, key);
    (value.parse().expect("a number"), source)
}
