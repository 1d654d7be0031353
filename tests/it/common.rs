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
