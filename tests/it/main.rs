//! All integration tests, built as one test binary (`cargo test --test it`).
//! Each module holds the tests of one part of the public interface.

mod common;

mod calibration;
mod calibration_faults;
mod cli_bench;
mod cli_misc;
mod cli_route;
mod cli_run;
mod costs;
mod disruptions;
mod engine;
mod fuzz_checks;
mod fuzz_corpus;
mod hostile;
mod liner;
mod network;
mod output_analysis;
mod precision;
mod properties;
mod report;
mod run_folder;
mod scenarios;
mod shard;
mod sweep;
mod sweep_precision;
mod sweep_shard;
