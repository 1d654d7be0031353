//! `corridor completions SHELL`: shell completion scripts from the clap grammar.

use std::io::Write;

use anyhow::Context;
use clap::CommandFactory;

use crate::cli::{Cli, CompletionsArgs};

/// Prints the completion script for one shell to stdout.
///
/// The script is built in memory and written with one checked write and a
/// flush: clap_complete panics when its writer fails, and a closed pipe
/// (`| head`) or a full disk (`> /dev/full`) must end in success or in a
/// message, never in a panic.
pub fn run(args: &CompletionsArgs) -> anyhow::Result<()> {
    let mut command = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "corridor", &mut script);
    let mut out = std::io::stdout().lock();
    out.write_all(&script)
        .and_then(|()| out.flush())
        .context("cannot write the completion script to standard output")
}
