//! The berth-ring benchmark model, the standard model for comparing this
//! kernel with other simulators. Implemented exactly as specified so that
//! figures are comparable:
//!
//! ```text
//!   ship i ──sail~Exp(sail_h)──▶ port (i mod P) ──wait──▶ berth (C per port)
//!      ▲                                                   │ service~Exp(service_h)
//!      └──────────── sail on to port (p + 1) mod P ◀───────┘
//! ```
//!
//! - S ships, P ports, C identical berths per port with one FIFO line.
//! - Ship i starts at time 0 by sailing towards port i mod P.
//! - The run stops at the horizon (years × 8,760 h). `port_calls` counts the
//!   services that finished by the horizon; `mean_wait_h` is the mean
//!   arrival-to-berth wait over the berth grants made by the horizon
//!   (immediate grants count as zero).

use std::time::Instant;

use serde::Serialize;

use crate::engine::{Dist, Model, Resource, SimRng, SimTime, Simulation, Streams, Tally};

/// Hours in a (365-day) year, as the benchmark specifies.
pub const HOURS_PER_YEAR: f64 = 8760.0;

/// The model's parameters.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct BerthRingParams {
    /// Ships (S).
    pub ships: u32,
    /// Ports on the ring (P).
    pub ports: u32,
    /// Berths per port (C).
    pub berths: u32,
    /// Mean sailing time between ports, hours.
    pub sail_h: f64,
    /// Mean service time at a berth, hours.
    pub service_h: f64,
    /// Simulated years.
    pub years: f64,
    /// Random seed.
    pub seed: u64,
}

impl Default for BerthRingParams {
    /// The benchmark's defaults: S = 1,000, P = 200, C = 2, 48 h, 12 h, 1 year, seed 1.
    fn default() -> Self {
        BerthRingParams {
            ships: 1000,
            ports: 200,
            berths: 2,
            sail_h: 48.0,
            service_h: 12.0,
            years: 1.0,
            seed: 1,
        }
    }
}

/// Most ships: the calendar holds one pending event per ship (≈ 50 bytes
/// each with the heap's slack), so a million is ≈ 50 MB.
pub const MAX_SHIPS: u32 = 1_000_000;
/// Most ports: each is a berth resource of ≈ 200 bytes (a billion asked for
/// 192 GB at once), so a million is ≈ 200 MB.
pub const MAX_PORTS: u32 = 1_000_000;
/// Most berths per port: a count, not storage, but more than any port has.
pub const MAX_BERTHS: u32 = 1_000_000;
/// Longest horizon, years: the calendar counts ticks of 2^-16 h and reaches
/// about 1,900 years (2^24 h).
pub const MAX_YEARS: f64 = 1_000.0;
/// Longest mean sailing or service time, hours (≈ 114 years): longer ones
/// never finish within any horizon allowed.
pub const MAX_MEAN_H: f64 = 1.0e6;
/// Most port calls a run may be expected to make: about four minutes at the
/// 4–6 M port calls per second measured (README).
pub const MAX_EXPECTED_PORT_CALLS: f64 = 1.0e9;

impl BerthRingParams {
    /// An upper bound on the port calls a run makes: no ship cycles faster
    /// than its mean sail plus service time, and no port serves more than
    /// its berths can (plus the calls under way at the start).
    pub fn expected_port_calls(&self) -> f64 {
        let hours = self.years * HOURS_PER_YEAR;
        let by_ships = self.ships as f64 * hours / (self.sail_h + self.service_h);
        let by_berths = self.ports as f64 * self.berths as f64 * hours / self.service_h;
        by_ships.min(by_berths) + self.ships as f64
    }

    /// Checks every parameter against the limits above, so that a run
    /// neither exhausts memory nor runs for hours. The message names the
    /// flag; the hint says what fits.
    pub fn check(&self) -> Result<(), crate::error::InputError> {
        use crate::error::InputError;
        let count = |flag: &str, value: u32, max: u32, what: &str| {
            if value == 0 || value > max {
                Err(
                    InputError::new(format!("--{flag} {value} is out of range: 1 to {max}"))
                        .with_hint(what.to_string()),
                )
            } else {
                Ok(())
            }
        };
        count(
            "ships",
            self.ships,
            MAX_SHIPS,
            "each ship holds a pending event; the README's runs use up to 100,000 ships",
        )?;
        count(
            "ports",
            self.ports,
            MAX_PORTS,
            "each port holds its berths and queue in memory; the benchmark's default is 200",
        )?;
        count(
            "berths",
            self.berths,
            MAX_BERTHS,
            "berths per port; the benchmark's default is 2",
        )?;
        let hours = |flag: &str, value: f64| {
            if !(value > 0.0 && value <= MAX_MEAN_H) {
                Err(InputError::new(format!(
                    "--{flag} {value} is out of range: more than 0 and at most {MAX_MEAN_H} hours"
                ))
                .with_hint("a mean time in hours, e.g. 48 for two days"))
            } else {
                Ok(())
            }
        };
        hours("sail-h", self.sail_h)?;
        hours("service-h", self.service_h)?;
        if !(self.years > 0.0 && self.years <= MAX_YEARS) {
            return Err(InputError::new(format!(
                "--years {} is out of range: more than 0 and at most {MAX_YEARS}",
                self.years
            ))
            .with_hint("simulated years; one is the benchmark's standard"));
        }
        let calls = self.expected_port_calls();
        if calls > MAX_EXPECTED_PORT_CALLS {
            return Err(InputError::new(format!(
                "these parameters ask for up to {calls:.3e} port calls; at most {MAX_EXPECTED_PORT_CALLS:.0e} are run"
            ))
            .with_hint(
                "that would take hours; fewer --ships or --years, or longer --sail-h / --service-h, keep it within minutes",
            ));
        }
        Ok(())
    }
}

/// What one run measured.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct BerthRingResult {
    /// Services finished by the horizon.
    pub port_calls: u64,
    /// Mean wait for a berth over the grants made by the horizon, hours.
    pub mean_wait_h: f64,
    /// Events handled by the kernel.
    pub events: u64,
    /// Wall-clock seconds of the simulation loop (set-up excluded).
    pub wall_s: f64,
    /// `port_calls / wall_s`.
    pub port_calls_per_s: f64,
}

#[derive(Debug, Clone, Copy)]
enum Event {
    /// A ship reaches a port and asks for a berth.
    Arrive { ship: u32, port: u32 },
    /// A ship's service ends: it frees its berth and sails on.
    Depart { ship: u32, port: u32 },
}

struct BerthRing {
    /// One resource per port; the queued entity is the ship's index.
    ports: Vec<Resource<u32>>,
    sail: Dist,
    service: Dist,
    sail_rng: SimRng,
    service_rng: SimRng,
    port_calls: u64,
}

impl BerthRing {
    fn sail_to(&mut self, sim: &mut Simulation<Event>, ship: u32, port: u32) {
        let sail_h = self.sail.sample(&mut self.sail_rng);
        sim.schedule_in(sail_h, Event::Arrive { ship, port });
    }

    fn serve(&mut self, sim: &mut Simulation<Event>, ship: u32, port: u32) {
        let service_h = self.service.sample(&mut self.service_rng);
        sim.schedule_in(service_h, Event::Depart { ship, port });
    }
}

impl Model for BerthRing {
    type Event = Event;

    fn handle(&mut self, sim: &mut Simulation<Event>, event: Event) {
        match event {
            Event::Arrive { ship, port } => {
                if self.ports[port as usize].request(sim.now(), ship).is_some() {
                    self.serve(sim, ship, port);
                }
            }
            Event::Depart { ship, port } => {
                self.port_calls += 1;
                if let Some(next) = self.ports[port as usize].release(sim.now()) {
                    self.serve(sim, next.entity, port);
                }
                let next_port = (port + 1) % self.ports.len() as u32;
                self.sail_to(sim, ship, next_port);
            }
        }
    }
}

/// Runs the model once and measures the simulation loop's wall time.
///
/// # Panics
/// If a count is zero or a mean is not positive; [`BerthRingParams::check`]
/// refuses these (and values too large to run) with a message.
pub fn run(params: &BerthRingParams) -> BerthRingResult {
    assert!(params.ships > 0 && params.ports > 0 && params.berths > 0);
    let streams = Streams::new(params.seed);
    let mut model = BerthRing {
        ports: (0..params.ports)
            .map(|_| Resource::fifo(params.berths))
            .collect(),
        sail: Dist::exponential(params.sail_h).expect("sail_h > 0"),
        service: Dist::exponential(params.service_h).expect("service_h > 0"),
        sail_rng: streams.stream(0, "sail"),
        service_rng: streams.stream(0, "service"),
        port_calls: 0,
    };
    let mut sim = Simulation::new();
    let horizon = SimTime::from_hours(params.years * HOURS_PER_YEAR);

    let started = Instant::now();
    for ship in 0..params.ships {
        model.sail_to(&mut sim, ship, ship % params.ports);
    }
    sim.run_until(&mut model, horizon);
    let wall_s = started.elapsed().as_secs_f64();

    let mut waits = Tally::new();
    for port in &model.ports {
        waits.merge(port.waits());
    }
    BerthRingResult {
        port_calls: model.port_calls,
        mean_wait_h: if waits.count() == 0 {
            0.0
        } else {
            waits.mean()
        },
        events: sim.events_handled(),
        wall_s,
        port_calls_per_s: model.port_calls as f64 / wall_s.max(1e-9),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_result_different_seed_different_result() {
        let p = BerthRingParams {
            ships: 100,
            ports: 20,
            ..BerthRingParams::default()
        };
        let (a, b) = (run(&p), run(&p));
        assert_eq!(
            (a.port_calls, a.mean_wait_h, a.events),
            (b.port_calls, b.mean_wait_h, b.events)
        );
        let c = run(&BerthRingParams { seed: 2, ..p });
        assert_ne!((a.port_calls, a.mean_wait_h), (c.port_calls, c.mean_wait_h));
    }

    #[test]
    fn throughput_is_bounded_by_the_cycle_time() {
        // Each ship cycles in at least sail + service on average; with ample
        // berths (no waiting) calls ≈ S × horizon / (sail + service).
        let p = BerthRingParams {
            ships: 200,
            ports: 50,
            berths: 50,
            ..BerthRingParams::default()
        };
        let r = run(&p);
        assert_eq!(r.mean_wait_h, 0.0, "50 berths per port never fill");
        let expected = 200.0 * HOURS_PER_YEAR / 60.0;
        // Renewal-reward: sd of the count ≈ sqrt(S × T × var/mean³) ≈ 150 here.
        assert!(
            (r.port_calls as f64 - expected).abs() < 4.5 * 150.0,
            "{} vs {expected}",
            r.port_calls
        );
    }
}
