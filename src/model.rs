//! The corridor model: shipments moving door to door over sea, canal, port,
//! rail, road, ferry and border steps, in many stochastic replications.
//!
//! - [`spec`]: the validated inputs (`Scenario`, `Route`, `Step`, …).
//! - [`voyage`]: one replication as a discrete-event simulation on the kernel.
//! - [`replicate`](mod@replicate): many replications in parallel, delivered in order.
//! - [`liner`]: liner services, their sailings and schedule reliability.
//! - [`ledger`]: time, cost and CO2 of a shipment by component.
//! - [`date`]: calendar dates for seasons.
//! - [`disruption`]: closures in time windows and the re-planning they cause.
//!
//! It depends on `engine` (kernel) only; `scenario` builds its inputs from
//! files and the network, `output` writes what it produces.

pub mod date;
pub mod describe;
pub mod disruption;
mod draws;
pub mod ledger;
pub mod liner;
pub mod replicate;
pub mod spec;
pub mod voyage;

pub use date::Date;
pub use ledger::{CostComponent, Ledger, TimeComponent};
pub use liner::{Liner, LinerCall, Reliability};
pub use replicate::{RunControl, RunOutcome, replicate, replicate_prepared, replicate_range};
pub use spec::*;
pub use voyage::{QueueSeries, ReplicationResult, ShipmentRecord, simulate};
