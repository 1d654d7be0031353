//! The berth-ring model as a hand-written loop over `std`'s binary heap: the
//! baseline peer for the kernel (README, "Speed").
//!
//! It is what one would write without a simulation library: one heap of
//! (time, sequence) events, one FIFO line per port, the same random streams
//! and distributions as `corridor::berth_ring`, and the same definitions of
//! port calls (services finished by the horizon) and mean wait (over the
//! berth grants made by the horizon, immediate ones counting as zero).

use std::cmp::Ordering;
use std::collections::{BinaryHeap, VecDeque};
use std::time::Instant;

use corridor::berth_ring::{BerthRingParams, BerthRingResult, HOURS_PER_YEAR};
use corridor::engine::{Dist, Streams};

#[derive(Clone, Copy)]
struct Event {
    time: f64,
    seq: u64,
    ship: u32,
    port: u32,
    /// `true` when the ship's service ends, `false` when it reaches the port.
    depart: bool,
}

impl PartialEq for Event {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Event {}
impl PartialOrd for Event {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Event {
    // A max-heap: reversed, so the earliest (time, seq) is on top.
    fn cmp(&self, other: &Self) -> Ordering {
        other
            .time
            .total_cmp(&self.time)
            .then_with(|| other.seq.cmp(&self.seq))
    }
}

struct Port {
    busy: u32,
    /// Ships waiting, with their arrival time.
    line: VecDeque<(u32, f64)>,
}

/// Runs the model once and measures the loop's wall time (set-up excluded).
pub fn run(p: &BerthRingParams) -> BerthRingResult {
    let streams = Streams::new(p.seed);
    let sail = Dist::exponential(p.sail_h).expect("sail_h > 0");
    let service = Dist::exponential(p.service_h).expect("service_h > 0");
    let mut sail_rng = streams.stream(0, "sail");
    let mut service_rng = streams.stream(0, "service");
    let mut ports: Vec<Port> = (0..p.ports)
        .map(|_| Port {
            busy: 0,
            line: VecDeque::new(),
        })
        .collect();
    let mut heap = BinaryHeap::new();
    let mut seq = 0u64;
    let mut push = |heap: &mut BinaryHeap<Event>, time, ship, port, depart| {
        heap.push(Event {
            time,
            seq,
            ship,
            port,
            depart,
        });
        seq += 1;
    };
    let horizon = p.years * HOURS_PER_YEAR;
    let (mut calls, mut events, mut wait_sum, mut grants) = (0u64, 0u64, 0.0, 0u64);

    let started = Instant::now();
    for ship in 0..p.ships {
        let t = sail.sample(&mut sail_rng);
        push(&mut heap, t, ship, ship % p.ports, false);
    }
    while let Some(ev) = heap.pop() {
        if ev.time > horizon {
            break;
        }
        events += 1;
        let now = ev.time;
        let port = &mut ports[ev.port as usize];
        if ev.depart {
            calls += 1;
            if let Some((next, since)) = port.line.pop_front() {
                wait_sum += now - since;
                grants += 1;
                let t = now + service.sample(&mut service_rng);
                push(&mut heap, t, next, ev.port, true);
            } else {
                port.busy -= 1;
            }
            let t = now + sail.sample(&mut sail_rng);
            push(&mut heap, t, ev.ship, (ev.port + 1) % p.ports, false);
        } else if port.busy < p.berths {
            port.busy += 1;
            grants += 1;
            let t = now + service.sample(&mut service_rng);
            push(&mut heap, t, ev.ship, ev.port, true);
        } else {
            port.line.push_back((ev.ship, now));
        }
    }
    let wall_s = started.elapsed().as_secs_f64();
    BerthRingResult {
        port_calls: calls,
        mean_wait_h: if grants == 0 {
            0.0
        } else {
            wait_sum / grants as f64
        },
        events,
        wall_s,
        port_calls_per_s: calls as f64 / wall_s.max(1e-9),
    }
}
