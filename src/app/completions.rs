//! `corridor completions SHELL`: shell completion scripts from the clap grammar.

use clap::CommandFactory;

use crate::cli::{Cli, CompletionsArgs};

/// Prints the completion script for one shell to stdout.
pub fn run(args: &CompletionsArgs) -> anyhow::Result<()> {
    let mut command = Cli::command();
    clap_complete::generate(args.shell, &mut command, "corridor", &mut std::io::stdout());
    Ok(())
}
