//! Many replications, in parallel, delivered in order.
//!
//! Replications are independent (each draws only from its own streams), so
//! they run on a rayon pool in chunks; each chunk's results are handed to the
//! caller in replication order before the next chunk starts. Memory stays
//! bounded by one chunk whatever the replication count, and the results are
//! byte-identical whatever the thread count.

use std::sync::atomic::{AtomicBool, Ordering};

use rayon::prelude::*;

use super::spec::Scenario;
use super::voyage::{ReplicationResult, simulate};

/// How replications are run.
pub struct RunControl<'a> {
    /// Worker threads (at least 1).
    pub threads: usize,
    /// Set from another thread (Ctrl-C) to stop after the current chunk.
    pub cancel: Option<&'a AtomicBool>,
    /// Called after each chunk with (replications done, total).
    pub progress: Option<&'a (dyn Fn(u64, u64) + Sync)>,
}

impl Default for RunControl<'_> {
    fn default() -> Self {
        RunControl {
            threads: std::thread::available_parallelism().map_or(1, |n| n.get()),
            cancel: None,
            progress: None,
        }
    }
}

/// How a run of replications ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RunOutcome {
    /// Replications delivered.
    pub replications: u64,
    /// Events handled over all of them.
    pub events: u64,
    /// Whether the run was cancelled before the end.
    pub cancelled: bool,
}

/// Runs `scenario.replications` replications and hands each result, in
/// replication order, to `sink`. Stops at the first error from `sink`.
pub fn replicate<E>(
    scenario: &Scenario,
    control: &RunControl<'_>,
    mut sink: impl FnMut(ReplicationResult) -> Result<(), E>,
) -> Result<RunOutcome, E> {
    let total = u64::from(scenario.replications);
    let threads = control.threads.max(1);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("a thread pool of a valid size can be built");
    // A few replications per thread per chunk keeps threads busy while
    // bounding what is held in memory.
    let chunk = (threads as u64 * 4).max(1);
    let mut outcome = RunOutcome {
        replications: 0,
        events: 0,
        cancelled: false,
    };
    let mut start = 0;
    while start < total {
        if control.cancel.is_some_and(|c| c.load(Ordering::Relaxed)) {
            outcome.cancelled = true;
            break;
        }
        let end = (start + chunk).min(total);
        let results: Vec<ReplicationResult> = pool.install(|| {
            (start..end)
                .into_par_iter()
                .map(|r| simulate(scenario, r))
                .collect()
        });
        for result in results {
            outcome.events += result.events;
            outcome.replications += 1;
            sink(result)?;
        }
        if let Some(progress) = control.progress {
            progress(end, total);
        }
        start = end;
    }
    Ok(outcome)
}
