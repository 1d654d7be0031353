//! What runs, beyond one plain run: shards of a run (`--shard K/N`) and
//! precision-based stopping (`--precision`). Replications are scheduled here
//! by their global index, so a shard or a batch reproduces exactly the
//! replications a single run makes (each draws only from the streams of its
//! own index, `engine::random::Streams`).

pub mod plan;
pub mod precision;
pub mod shard;

pub use plan::{Plan, execute};
pub use precision::{Precision, PrecisionTarget};
pub use shard::{Shard, inputs_fingerprint};
