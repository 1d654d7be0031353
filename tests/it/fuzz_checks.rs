//! What the fuzz targets check for one input, written once.
//!
//! The fuzz targets in `fuzz/fuzz_targets/` include this file with
//! `#[path]`, and the `fuzz_corpus` tests replay every committed corpus
//! input through the same functions, so the test command exercises what the
//! fuzzers found interesting without cargo-fuzz, and a change that breaks an
//! input the fuzzers once reached fails the ordinary tests.
//!
//! Each function panics on a property violation (that is how libFuzzer
//! learns of a failure) and returns normally otherwise.

use std::path::{Path, PathBuf};

/// Scenario text → layered, parsed, validated scenario → one short
/// replication. Any input must give a scenario or a clean `ScenarioError`:
/// never a panic, a hang or unbounded memory. What validation accepts is also
/// simulated (one replication, at most two departures per route), so values
/// that pass the checks but break the model are found too.
pub fn check_scenario_text(data: &[u8]) {
    // The file reader refuses non-UTF-8 before parsing; lossy decoding lets
    // every input reach the parser.
    let text = String::from_utf8_lossy(data);
    match corridor::scenario::load_from_str("fuzz.toml", &text) {
        Ok(loaded) => {
            let mut scenario = loaded.scenario;
            // Short runs keep the fuzzer fast: two departures, and a horizon
            // of at most 60 days after the last (still after it).
            let d = &mut scenario.departures;
            d.count = d.count.min(2);
            let last_h = d.first_h + d.every_h * f64::from(d.count - 1);
            scenario.horizon_h = scenario.horizon_h.min(last_h + 60.0 * 24.0);
            let result = corridor::model::simulate(&scenario, 0);
            assert_eq!(
                result.shipments.len(),
                scenario.routes.len() * scenario.departures.count as usize
            );
            for s in &result.shipments {
                let l = &s.ledger;
                assert!(l.total_time_h().is_finite() && l.total_time_h() >= 0.0);
                assert!(l.total_cost_usd().is_finite() && l.total_cost_usd() >= 0.0);
                assert!(l.co2_t().is_finite() && l.co2_t() >= 0.0);
            }
        }
        // Messages are drawn from spans into the text: format them too.
        Err(e) => drop(e.to_string()),
    }
}

/// The file layer: builds a small folder under `root` from one input and
/// loads its top file from disk, through `extends` chains and the kinds of
/// files they may name.
///
/// Input layout (every byte string is a valid input):
/// - byte 0, two bits per slot for `b.toml`, `sub/c.toml`, `d.toml` and
///   `../outside.toml`: 0 a regular file, 1 a FIFO nobody writes, 2 a
///   symlink to `/dev/zero`, 3 a folder;
/// - byte 1: `a.toml` is padded with comment lines to byte 1 × 8 KiB (up to
///   ≈ 2 MiB, past the 1 MiB limit);
/// - the rest: the texts of `a.toml`, `b.toml`, `sub/c.toml`, `d.toml` and
///   `../outside.toml`, separated by lines `%%`.
///
/// Loading must end in a scenario or a `ScenarioError`: a FIFO that blocks
/// or a device read to exhaustion shows as a hang or an out-of-memory.
pub fn check_scenario_files(data: &[u8], root: &Path) {
    let (kinds, pad) = (
        data.first().copied().unwrap_or(0),
        data.get(1).copied().unwrap_or(0),
    );
    let rest = data.get(2..).unwrap_or(&[]);
    let text = String::from_utf8_lossy(rest);
    let mut parts = text.split("\n%%\n");
    let _ = std::fs::remove_dir_all(root);
    let home = root.join("home");
    std::fs::create_dir_all(home.join("sub")).unwrap();
    let mut top = parts.next().unwrap_or("").as_bytes().to_vec();
    if pad > 0 {
        let line = format!("# {}\n", "x".repeat(1021));
        while top.len() < usize::from(pad) * 8 * 1024 {
            top.extend_from_slice(line.as_bytes());
        }
    }
    std::fs::write(home.join("a.toml"), &top).unwrap();
    let slots = ["b.toml", "sub/c.toml", "d.toml", "../outside.toml"];
    for (i, slot) in slots.iter().enumerate() {
        let path = home.join(slot);
        let kind = (kinds >> (2 * i)) & 3;
        let body = parts.next().unwrap_or("");
        #[cfg(unix)]
        if kind != 0 {
            make_special(&path, kind);
            continue;
        }
        let _ = std::fs::write(&path, body);
    }
    let source = corridor::scenario::ScenarioRef::File(home.join("a.toml"));
    match corridor::scenario::load(&source) {
        Ok(loaded) => drop(loaded),
        Err(e) => drop(e.to_string()),
    }
}

/// A folder of this process's own under the temporary directory, for
/// [`check_scenario_files`].
pub fn files_root(tag: &str) -> PathBuf {
    std::env::temp_dir().join(format!("corridor-fuzz-{tag}-{}", std::process::id()))
}

#[cfg(unix)]
fn make_special(path: &Path, kind: u8) {
    match kind {
        1 => {
            let c = std::ffi::CString::new(path.as_os_str().as_encoded_bytes()).unwrap();
            // SAFETY: a valid NUL-terminated path; mkfifo only creates a node.
            unsafe { libc_mkfifo(c.as_ptr(), 0o600) };
        }
        2 => {
            let _ = std::os::unix::fs::symlink("/dev/zero", path);
        }
        _ => {
            let _ = std::fs::create_dir_all(path);
        }
    }
}

#[cfg(unix)]
unsafe extern "C" {
    #[link_name = "mkfifo"]
    fn libc_mkfifo(path: *const std::ffi::c_char, mode: u32) -> i32;
}
