//! Scenario text → layered, parsed, validated scenario → one short replication.
//! The check itself is `check_scenario_text` in `tests/it/fuzz_checks.rs`,
//! shared with the test that replays this target's corpus.

#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../tests/it/fuzz_checks.rs"]
#[allow(dead_code)]
mod fuzz_checks;

fuzz_target!(|data: &[u8]| fuzz_checks::check_scenario_text(data));
