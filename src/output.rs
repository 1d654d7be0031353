//! Writing results: a run's files (`shipments.csv` streamed, summaries,
//! queues, route map data, assumptions), always whole or not at all.
//! Charts and the HTML report are drawn by `report` from these files.

pub mod atomic;
pub mod run;
pub mod stats;

pub use atomic::AtomicFile;
pub use run::{RunFacts, RunWriter, Summary};
pub use stats::{MetricCollector, MetricStats};
