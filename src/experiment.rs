//! Experiments: what runs, beyond one plain run of one scenario.
//!
//! - [`plan`] schedules a run's replications by their global index, so that
//!   a shard (`--shard K/N`, [`shard`]) or a batch of precision-based
//!   stopping (`--precision`, [`precision`]) reproduces exactly the
//!   replications a single run makes (each draws only from the streams of
//!   its own index, `engine::random::Streams`);
//! - [`point`] runs one scenario (one point of an experiment) and keeps, besides
//!   its summary, every replication's mean per route, so that points can be
//!   compared replication by replication;
//! - [`sweep`] runs the full factorial of a few keys' values and finds where
//!   routes' curves cross (break-even values with their intervals);
//! - [`sensitivity`] runs each input at a low and a high value around the base
//!   and ranks the inputs by their effect on a metric;
//! - [`sweep_merge`] joins a sweep's shards (`--shard K/N`, a block of every
//!   point's replications) into the single sweep's files;
//! - [`paired`] holds the paired statistics both use.
//!
//! Every point is a scenario layer validated like a file
//! ([`crate::scenario::validate_with_overrides`]), and every point runs on
//! the same seed: random streams are keyed by (seed, replication, purpose),
//! so replication r of every point sees the same draws wherever the model
//! is the same (common random numbers), and differences between points are
//! paired. Results go to a run folder through [`crate::runfile`]; charts are
//! drawn by [`crate::report::experiment`] from those files.

pub mod paired;
pub mod plan;
pub mod point;
pub mod precision;
pub mod sensitivity;
pub mod shard;
pub mod sweep;
pub mod sweep_merge;

pub use plan::{Plan, execute};
pub use precision::{Precision, PrecisionTarget};
pub use shard::{Shard, inputs_fingerprint};
