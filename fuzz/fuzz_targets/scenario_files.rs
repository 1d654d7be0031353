//! The file layer: scenario files on disk, their `extends` chains and the
//! kinds of files they may name (FIFOs, devices, folders, files past the size
//! limit). The `scenario` target parses text already in memory, so it cannot
//! reach the reader; this one builds a small folder from each input and loads
//! its top file from disk. The input layout and the check are
//! `check_scenario_files` in `tests/it/fuzz_checks.rs`, shared with the test
//! that replays this target's corpus.
//!
//! A hang (a FIFO opened for reading) shows as a timeout, a device read to
//! exhaustion as an out-of-memory.

#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

#[path = "../../tests/it/fuzz_checks.rs"]
#[allow(dead_code)]
mod fuzz_checks;

/// One folder per fuzzing process, emptied before each input.
fn root() -> &'static PathBuf {
    static ROOT: OnceLock<PathBuf> = OnceLock::new();
    ROOT.get_or_init(|| fuzz_checks::files_root("files"))
}

fuzz_target!(|data: &[u8]| fuzz_checks::check_scenario_files(data, root()));
