//! The `corridor` binary: parse the command line, hand it to the library, and
//! turn the outcome into an exit code (0 success, 1 internal error, 2 bad input,
//! 74 the environment failed, 130 interrupted).

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = corridor::cli::Cli::parse();
    match corridor::app::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::from(corridor::app::exit_code(&err))
        }
    }
}
