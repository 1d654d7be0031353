//! Orchestration: one function per subcommand, turning parsed arguments into
//! library calls and printing the results. No simulation logic lives here.

mod bench;
mod compare;
mod plot;
mod ports;
mod route;
mod run;

use crate::cli::{BenchCommand, Cli, Command};

/// Runs one parsed command line.
pub fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Run(args) => run::run(&args),
        Command::Validate(args) => run::validate(&args),
        Command::Bench(BenchCommand::BerthRing(args)) => bench::berth_ring(&args),
        Command::Route(args) => route::run(&args),
        Command::Ports(args) => ports::run(&args),
        Command::Plot(args) => plot::run(&args),
        Command::Compare(args) => compare::run(&args),
    }
}
