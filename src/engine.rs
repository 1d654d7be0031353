//! A domain-free discrete-event simulation kernel.
//!
//! Nothing in here knows about ships, ports or money: models plug in through the
//! [`Model`] trait and their own closed event `enum`. The kernel owns
//!
//! - time ([`SimTime`], hours as `f64`; the calendar fires events on whole
//!   ticks of 2⁻¹⁶ h),
//! - the event calendar ([`EventQueue`]): events pop in time order, ties in
//!   insertion order, so a run is a pure function of its inputs,
//! - the run loop ([`Simulation`]): schedule, cancel, step, run to a horizon or
//!   until the calendar is empty,
//! - shared resources ([`Resource`]): a capacity-C server with a FIFO or
//!   priority queue that records waits, queue length and utilisation; and
//!   [`Timetable`], departures at fixed times with a capacity each (convoys,
//!   trains, ferries); [`LazyQueue`], a FIFO multi-server queue with Poisson
//!   background traffic computed without events (Kiefer–Wolfowitz),
//! - statistics ([`Tally`], [`TimeWeighted`], [`QuantileSketch`]) that merge
//!   across replications,
//! - random numbers ([`Streams`], [`Dist`]): one reproducible stream per
//!   (seed, replication, purpose), and the named distributions models sample.
//!
//! A minimal model, an M/M/1 queue:
//!
//! ```
//! use corridor::engine::{Model, Resource, SimTime, Simulation, Streams, Dist, SimRng};
//!
//! enum Ev { Arrive, Done }
//! struct Mm1 { server: Resource<()>, arrivals: SimRng, services: SimRng }
//!
//! impl Model for Mm1 {
//!     type Event = Ev;
//!     fn handle(&mut self, sim: &mut Simulation<Ev>, ev: Ev) {
//!         let (inter, service) = (Dist::exponential(1.0).unwrap(), Dist::exponential(0.8).unwrap());
//!         match ev {
//!             Ev::Arrive => {
//!                 sim.schedule_in(inter.sample(&mut self.arrivals), Ev::Arrive);
//!                 if self.server.request(sim.now(), ()).is_some() {
//!                     sim.schedule_in(service.sample(&mut self.services), Ev::Done);
//!                 }
//!             }
//!             Ev::Done => {
//!                 if self.server.release(sim.now()).is_some() {
//!                     sim.schedule_in(service.sample(&mut self.services), Ev::Done);
//!                 }
//!             }
//!         }
//!     }
//! }
//!
//! let streams = Streams::new(42);
//! let mut model = Mm1 {
//!     server: Resource::fifo(1),
//!     arrivals: streams.stream(0, "arrivals"),
//!     services: streams.stream(0, "services"),
//! };
//! let mut sim = Simulation::new();
//! sim.schedule_at(SimTime::ZERO, Ev::Arrive);
//! sim.run_until(&mut model, SimTime::from_hours(10_000.0));
//! let waits = model.server.waits();
//! assert!(waits.count() > 9_000);
//! ```

mod calendar;
mod lazy_queue;
mod random;
mod resource;
mod simulation;
mod sketch;
mod stats;
mod time;
mod timetable;

pub use calendar::{EventId, EventQueue, TICKS_PER_HOUR};
pub use lazy_queue::{LazyQueue, Traffic};
pub use random::{Dist, DistError, SimRng, Streams};
pub use resource::{Discipline, Grant, Resource};
pub use simulation::{Model, Simulation};
pub use sketch::QuantileSketch;
pub use stats::{Tally, TimeWeighted, normal_quantile, student_t_quantile};
pub use time::SimTime;
pub use timetable::{Booking, CapacityWindow, Timetable, TimetableSpec};
