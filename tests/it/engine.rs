//! The kernel against queueing theory, and its invariants, through the public API.
//!
//! Each queueing test runs independent replications of a G/G/c queue, discards
//! a warm-up period, and checks that the analytical mean wait lies inside the
//! 99 % confidence interval of the replication means. Seeds are fixed, so the
//! outcome never changes from run to run; the interval is what makes the
//! tolerance honest rather than picked.

use corridor::engine::{
    Dist, Model, Resource, SimRng, SimTime, Simulation, Streams, Tally, student_t_quantile,
};

#[derive(Debug, Clone, Copy)]
enum Ev {
    Arrive,
    Done,
}

/// A G/G/c queue whose customers are identified by their arrival time.
struct Queue {
    servers: Resource<f64>,
    interarrival: Dist,
    service: Dist,
    arrivals_rng: SimRng,
    service_rng: SimRng,
    warm_up_h: f64,
    waits: Tally,
    // Invariant bookkeeping.
    arrived: u64,
    finished: u64,
    last_event_h: f64,
    time_went_back: bool,
    over_capacity: bool,
}

impl Queue {
    fn new(
        c: u32,
        interarrival: Dist,
        service: Dist,
        streams: &Streams,
        rep: u64,
        warm_up_h: f64,
    ) -> Self {
        Queue {
            servers: Resource::fifo(c),
            interarrival,
            service,
            arrivals_rng: streams.stream(rep, "arrivals"),
            service_rng: streams.stream(rep, "service"),
            warm_up_h,
            waits: Tally::new(),
            arrived: 0,
            finished: 0,
            last_event_h: 0.0,
            time_went_back: false,
            over_capacity: false,
        }
    }

    fn record_grant(&mut self, arrived_h: f64, wait_h: f64) {
        if arrived_h >= self.warm_up_h {
            self.waits.add(wait_h);
        }
    }

    fn start(&mut self, sim: &mut Simulation<Ev>) {
        let s = self.service.sample(&mut self.service_rng);
        sim.schedule_in(s, Ev::Done);
    }
}

impl Model for Queue {
    type Event = Ev;
    fn handle(&mut self, sim: &mut Simulation<Ev>, ev: Ev) {
        let now = sim.now();
        self.time_went_back |= now.hours() < self.last_event_h;
        self.last_event_h = now.hours();
        match ev {
            Ev::Arrive => {
                self.arrived += 1;
                let gap = self.interarrival.sample(&mut self.arrivals_rng);
                sim.schedule_in(gap, Ev::Arrive);
                if let Some(t) = self.servers.request(now, now.hours()) {
                    self.record_grant(t, 0.0);
                    self.start(sim);
                }
            }
            Ev::Done => {
                self.finished += 1;
                if let Some(g) = self.servers.release(now) {
                    self.record_grant(g.entity, g.wait_h);
                    self.start(sim);
                }
            }
        }
        self.over_capacity |= self.servers.in_use() > self.servers.capacity();
    }
}

/// Replication means of the wait, and the 99 % CI half-width around their mean.
fn replicate(c: u32, interarrival: &Dist, service: &Dist, seed: u64) -> (f64, f64) {
    const REPLICATIONS: u64 = 40;
    const WARM_UP_H: f64 = 2_000.0;
    const RUN_H: f64 = 40_000.0;
    let streams = Streams::new(seed);
    let mut means = Tally::new();
    for rep in 0..REPLICATIONS {
        let mut q = Queue::new(
            c,
            interarrival.clone(),
            service.clone(),
            &streams,
            rep,
            WARM_UP_H,
        );
        let mut sim = Simulation::new();
        sim.schedule_at(SimTime::ZERO, Ev::Arrive);
        sim.run_until(&mut q, SimTime::from_hours(WARM_UP_H + RUN_H));
        means.add(q.waits.mean());
    }
    let t = student_t_quantile(0.995, (REPLICATIONS - 1) as f64);
    (
        means.mean(),
        t * means.std_dev() / (REPLICATIONS as f64).sqrt(),
    )
}

/// Erlang C mean wait in queue for M/M/c with arrival rate λ and service rate μ.
fn erlang_c_wait(c: u32, lambda: f64, mu: f64) -> f64 {
    let a = lambda / mu;
    let rho = a / c as f64;
    let mut term = 1.0; // a^k / k!
    let mut below = 0.0;
    for k in 0..c {
        if k > 0 {
            term *= a / k as f64;
        }
        below += term;
    }
    let top = term * a / c as f64 / (1.0 - rho);
    let p_wait = top / (below + top);
    p_wait / (c as f64 * mu - lambda)
}

mod queueing_theory {
    use super::*;

    #[test]
    fn erlang_c_formula_matches_a_textbook_value() {
        // M/M/1 with ρ = 0.5: Wq = ρ / (μ − λ) = 1.
        assert!((erlang_c_wait(1, 0.5, 1.0) - 1.0).abs() < 1e-12);
        // M/M/3 with λ = 2.4, μ = 1: P(wait) = 0.6472, Wq = 1.0787.
        assert!((erlang_c_wait(3, 2.4, 1.0) - 1.078_65).abs() < 1e-4);
    }

    #[test]
    fn mm1_matches_the_analytical_wait() {
        let (lambda, mu) = (0.7, 1.0);
        let expected = erlang_c_wait(1, lambda, mu); // ρ/(μ−λ) = 2.333 h
        let (mean, half) = replicate(
            1,
            &Dist::exponential(1.0 / lambda).unwrap(),
            &Dist::exponential(1.0 / mu).unwrap(),
            11,
        );
        assert!(
            (mean - expected).abs() <= half,
            "M/M/1: {mean} ± {half} vs {expected}"
        );
    }

    #[test]
    fn mmc_with_three_servers_at_80_percent_matches_erlang_c() {
        let (c, mu) = (3, 1.0);
        let lambda = 0.8 * c as f64 * mu;
        let expected = erlang_c_wait(c, lambda, mu);
        let (mean, half) = replicate(
            c,
            &Dist::exponential(1.0 / lambda).unwrap(),
            &Dist::exponential(1.0 / mu).unwrap(),
            12,
        );
        assert!(
            (mean - expected).abs() <= half,
            "M/M/3: {mean} ± {half} vs {expected}"
        );
    }

    #[test]
    fn md1_matches_pollaczek_khinchine() {
        // Wq = λ E[S²] / (2 (1 − ρ)) = ρ D / (2 (1 − ρ)) with D = 1, ρ = 0.8.
        let rho = 0.8;
        let expected = rho / (2.0 * (1.0 - rho));
        let (mean, half) = replicate(
            1,
            &Dist::exponential(1.0 / rho).unwrap(),
            &Dist::fixed(1.0).unwrap(),
            13,
        );
        assert!(
            (mean - expected).abs() <= half,
            "M/D/1: {mean} ± {half} vs {expected}"
        );
    }
}

mod invariants {
    use super::*;

    fn run_once(seed: u64) -> Queue {
        let streams = Streams::new(seed);
        let mut q = Queue::new(
            2,
            Dist::exponential(0.45).unwrap(),
            Dist::lognormal(1.0, 0.8).unwrap(),
            &streams,
            0,
            0.0,
        );
        let mut sim = Simulation::new();
        sim.schedule_at(SimTime::ZERO, Ev::Arrive);
        sim.run_until(&mut q, SimTime::from_hours(5_000.0));
        q
    }

    #[test]
    fn time_never_goes_back_and_capacity_is_never_exceeded() {
        let q = run_once(3);
        assert!(q.arrived > 10_000);
        assert!(!q.time_went_back);
        assert!(!q.over_capacity);
    }

    #[test]
    fn every_arrival_is_served_in_service_or_still_queued() {
        let q = run_once(4);
        let in_system = q.servers.in_use() as u64 + q.servers.queue_len() as u64;
        assert_eq!(q.arrived, q.finished + in_system);
        assert_eq!(
            q.servers.waits().count(),
            q.finished + q.servers.in_use() as u64
        );
    }

    #[test]
    fn same_seed_same_trajectory_other_seed_another() {
        let (a, b, c) = (run_once(5), run_once(5), run_once(6));
        assert_eq!((a.arrived, a.finished), (b.arrived, b.finished));
        assert_eq!(a.waits.mean().to_bits(), b.waits.mean().to_bits());
        assert_ne!(a.waits.mean().to_bits(), c.waits.mean().to_bits());
    }
}
