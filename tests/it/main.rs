//! All integration tests, built as one test binary (`cargo test --test it`).
//! Each module holds the tests of one part of the public interface.

mod common;

mod cli_bench;
mod cli_misc;
mod cli_route;
mod cli_run;
mod engine;
mod hostile;
mod network;
mod output_analysis;
mod precision;
mod properties;
mod report;
mod run_folder;
mod scenarios;
mod shard;
