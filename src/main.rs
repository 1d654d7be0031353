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
            // Messages quote the user's text (names, keys, lines of a file):
            // control characters in it are shown, never obeyed.
            eprintln!("error: {}", corridor::text::visible(&format!("{err:#}")));
            ExitCode::from(corridor::app::exit_code(&err))
        }
    }
}
