//! Orchestration: one function per subcommand, turning parsed arguments into
//! library calls and printing the results. No simulation logic lives here.

mod bench;
mod calibrate;
mod compare;
mod completions;
mod explain;
mod merge;
mod new;
mod plot;
mod ports;
mod route;
mod run;
mod sensitivity;
mod sink;
mod sweep;

use crate::cli::{BenchCommand, Cli, Command};
use crate::error::{
    EXIT_ENVIRONMENT, EXIT_INPUT, EXIT_INTERNAL, EXIT_INTERRUPTED, InputError, Interrupted,
};

/// The process exit code for an error chain: 130 for an interrupted run, 2
/// when any link describes bad input, 74 when the environment failed (an
/// I/O error: disk full, no permission), 1 otherwise (a bug).
///
/// Every library error type that only ever describes bad input is listed here.
pub fn exit_code(err: &anyhow::Error) -> u8 {
    if err.chain().any(|cause| cause.is::<Interrupted>()) {
        return EXIT_INTERRUPTED;
    }
    let input = err.chain().any(|cause| {
        cause.is::<InputError>()
            || cause.is::<crate::network::NetworkError>()
            || cause.is::<crate::scenario::ScenarioError>()
            || cause.is::<crate::scenario::ScenarioErrors>()
    });
    if input {
        EXIT_INPUT
    } else if err.chain().any(|cause| cause.is::<std::io::Error>()) {
        EXIT_ENVIRONMENT
    } else {
        EXIT_INTERNAL
    }
}

/// Runs one parsed command line.
pub fn run(cli: Cli) -> anyhow::Result<()> {
    // No command: the main job, the built-in baseline with default options.
    let command = cli.command.unwrap_or(Command::Run(cli.run));
    let result = match command {
        Command::Run(args) => run::run(&args),
        Command::Validate(args) => run::validate(&args),
        Command::Explain(args) => explain::run(&args),
        Command::New(args) => new::run(&args),
        Command::Completions(args) => completions::run(&args),
        Command::Bench(BenchCommand::BerthRing(args)) => bench::berth_ring(&args),
        Command::Route(args) => route::run(&args),
        Command::Ports(args) => ports::run(&args),
        Command::Plot(args) => plot::run(&args),
        Command::Compare(args) => compare::run(&args),
        Command::Sweep(args) => sweep::run(&args),
        Command::Sensitivity(args) => sensitivity::run(&args),
        Command::Calibrate(args) => calibrate::run(&args),
        Command::Merge(args) => merge::run(&args),
    };
    match result {
        // `corridor explain baseline | head` closes the pipe early: the
        // reader has what it wanted, so that is not a failure.
        Err(err) if is_broken_pipe(&err) => Ok(()),
        other => other,
    }
}

/// The worker threads a command uses: those asked for, or every core. The
/// pool that shares out the network's construction at start-up is held to
/// the same number, so `--threads 1` keeps a run on one core throughout.
pub(crate) fn worker_threads(asked: Option<u32>) -> usize {
    let threads = asked
        .map(|t| t as usize)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    // Fails only when the global pool already exists (a second command in
    // one process, as in tests), which then keeps its size.
    let _ = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build_global();
    threads
}

/// Prints a scenario's warnings on stderr (stdout stays for results), with
/// control characters made visible as in errors.
pub(crate) fn print_warnings(loaded: &crate::scenario::Loaded) {
    for warning in &loaded.warnings {
        eprintln!("warning: {}", crate::text::visible(&warning.to_string()));
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
            || cause
                .downcast_ref::<serde_json::Error>()
                .and_then(|e| e.io_error_kind())
                == Some(std::io::ErrorKind::BrokenPipe)
    })
}
