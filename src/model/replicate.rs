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
pub fn replicate<E: Send>(
    scenario: &Scenario,
    control: &RunControl<'_>,
    sink: impl FnMut(ReplicationResult) -> Result<(), E> + Send,
) -> Result<RunOutcome, E> {
    replicate_prepared(scenario, control, |r| r, sink)
}

/// Like [`replicate`], with a `prepare` step that runs on the worker threads
/// (formatting output rows, say), so that `sink`, which runs in replication
/// order on the calling thread, has little left to do. While `sink` handles
/// one chunk, the workers already simulate the next.
pub fn replicate_prepared<T: Send, E: Send>(
    scenario: &Scenario,
    control: &RunControl<'_>,
    prepare: impl Fn(ReplicationResult) -> T + Sync,
    sink: impl FnMut(T) -> Result<(), E> + Send,
) -> Result<RunOutcome, E> {
    let all = 0..u64::from(scenario.replications);
    replicate_range(scenario, all, control, prepare, sink)
}

/// Like [`replicate_prepared`], for the replications of `range` only (by
/// global index: replication r draws from the streams of r wherever it
/// runs, so a shard of a run, or a later batch of it, reproduces exactly
/// the replications a single run would have made). Progress is reported
/// within the range.
pub fn replicate_range<T: Send, E: Send>(
    scenario: &Scenario,
    range: std::ops::Range<u64>,
    control: &RunControl<'_>,
    prepare: impl Fn(ReplicationResult) -> T + Sync,
    mut sink: impl FnMut(T) -> Result<(), E> + Send,
) -> Result<RunOutcome, E> {
    let first = range.start;
    let total = range.end.saturating_sub(range.start);
    let threads = control.threads.max(1);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("a thread pool of a valid size can be built");
    // Sixteen replications per thread per chunk keep threads busy (a chunk
    // ends when its slowest replication does, so with four a thread idled
    // for about half a replication in eight) while bounding what is held in
    // memory (two chunks at most); a short run still reports progress in
    // four steps or more.
    let chunk = (threads as u64 * 16).min((total / 4).max(threads as u64));
    let mut outcome = RunOutcome {
        replications: 0,
        events: 0,
        cancelled: false,
    };
    let cancelled = || control.cancel.is_some_and(|c| c.load(Ordering::Relaxed));
    let compute = |start: u64| -> Vec<(u64, T)> {
        let end = (start + chunk).min(total);
        (start..end)
            .into_par_iter()
            .map(|r| {
                let result = simulate(scenario, first + r);
                (result.events, prepare(result))
            })
            .collect()
    };
    pool.install(|| {
        let mut start = 0;
        let mut ready: Option<Vec<(u64, T)>> = None;
        loop {
            let next_start = start + ready.as_ref().map_or(0, |r| r.len() as u64);
            let stop = cancelled();
            let want_next = next_start < total && !stop;
            let (next, handled) = rayon::join(
                || want_next.then(|| compute(next_start)),
                || -> Result<(), E> {
                    if let Some(results) = ready.take() {
                        for (events, prepared) in results {
                            outcome.events += events;
                            outcome.replications += 1;
                            sink(prepared)?;
                        }
                        if let Some(progress) = control.progress {
                            progress(outcome.replications, total);
                        }
                    }
                    Ok(())
                },
            );
            handled?;
            start = next_start;
            match next {
                Some(results) => ready = Some(results),
                None => {
                    outcome.cancelled = stop && outcome.replications < total;
                    return Ok(outcome);
                }
            }
        }
    })
}
