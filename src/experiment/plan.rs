//! Which replications a run makes: all of them, one shard's block, or
//! batches until a precision target is met.

use crate::error::InputError;
use crate::model::{RunControl, RunOutcome, Scenario, replicate_range};
use crate::runfile::writer::PreparedReplication;
use crate::runfile::{PrecisionCheck, PrecisionMeta, RunWriter, ShardMeta};

use super::precision::{PrecisionTarget, next_total};
use super::shard::{Shard, inputs_fingerprint};

/// Most replications `--precision` runs when `--max-replications` is not
/// given, as a multiple of the first batch (the scenario's replications).
pub const DEFAULT_MAX_BATCHES: u64 = 20;

/// What a run replicates.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum Plan {
    /// Replications 0 .. the scenario's count.
    #[default]
    All,
    /// One shard's block of them.
    Shard(Shard),
    /// Batches (the first of the scenario's count) until every route's mean
    /// transit time and cost is within the target, or `max` replications.
    Precision {
        /// The targets.
        target: PrecisionTarget,
        /// Most replications.
        max: Option<u64>,
    },
}

/// Runs the plan's replications, in global replication order, into `writer`.
pub fn execute(
    scenario: &Scenario,
    plan: &Plan,
    control: &RunControl<'_>,
    writer: &mut RunWriter<'_>,
) -> anyhow::Result<RunOutcome> {
    let preparer = writer.preparer();
    let prepare = |result| preparer.prepare(result);
    let total = u64::from(scenario.replications);
    let run = |writer: &mut RunWriter<'_>, range: std::ops::Range<u64>| {
        replicate_range(
            scenario,
            range,
            control,
            prepare,
            |p: PreparedReplication| writer.add(p),
        )
    };
    match plan {
        Plan::All => run(writer, 0..total),
        Plan::Shard(shard) => {
            if u64::from(shard.count) > total {
                return Err(InputError::new(format!(
                    "--shard {shard}: {} shards of {total} replications would leave some empty",
                    shard.count
                ))
                .with_hint(format!("use at most {total} shards, or more replications"))
                .into());
            }
            let range = shard.range(total);
            writer.shard(ShardMeta {
                index: shard.index,
                count: shard.count,
                first_replication: range.start,
                total_replications: total,
                inputs: inputs_fingerprint(scenario),
            })?;
            run(writer, range)
        }
        Plan::Precision { target, max } => {
            let batch = total;
            if batch < 2 {
                return Err(InputError::new(
                    "--precision needs batches of at least 2 replications (a confidence \
                     interval needs two)",
                )
                .with_hint("set --replications 10 or more: it is the size of the first batch")
                .into());
            }
            let max = max.unwrap_or(batch * DEFAULT_MAX_BATCHES).max(batch);
            let mut outcome = RunOutcome {
                replications: 0,
                events: 0,
                cancelled: false,
            };
            let mut checks = Vec::new();
            let mut goal = batch;
            let last = loop {
                let step = run(writer, outcome.replications..goal)?;
                outcome.replications += step.replications;
                outcome.events += step.events;
                let check = target.check(&writer.route_summaries());
                checks.push(PrecisionCheck {
                    replications: outcome.replications,
                    worst_ratio: check.worst_ratio.is_finite().then_some(check.worst_ratio),
                });
                if step.cancelled {
                    outcome.cancelled = true;
                    break check;
                }
                if check.met() || outcome.replications >= max {
                    break check;
                }
                goal = next_total(outcome.replications, check.worst_ratio, batch, max);
            };
            writer.set_precision(PrecisionMeta {
                target: target.label(),
                reached: last.met(),
                replications: outcome.replications,
                max_replications: max,
                batch,
                checks,
                half_widths: last.half_widths,
            });
            Ok(outcome)
        }
    }
}
