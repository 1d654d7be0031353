//! Criterion benchmarks of the kernel: the berth-ring model at several fleet
//! sizes, run by the kernel (`corridor/S`) and by the hand-written
//! binary-heap loop of the same model (`heap-loop/S`, benches/peers/), so
//! that their ratio is measured in the same run.
//!
//! The background queue of a border post (`background_queue/astara/N`): the
//! Astara road post's 16 lanes over 240 days with N other trucks a day, the
//! lanes and the period statistics of an INSTC replication without the rest
//! of the model, in trucks per second. N = 260 is library.toml's northbound
//! flow (a load of 0.68); N = 375, a load of 0.98, is the two-way flow the
//! library held until Dec 2026, kept so that per-truck costs compare with
//! the figures measured before.
//!
//! `cargo bench --bench engine`

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

use corridor::berth_ring::{self, BerthRingParams};
use corridor::engine::{Dist, LazyQueue, Streams, Traffic};

#[path = "peers/heap_loop.rs"]
mod heap_loop;

fn berth_ring_by_fleet(c: &mut Criterion) {
    let mut group = c.benchmark_group("berth_ring");
    group.sample_size(10);
    for ships in [1_000u32, 10_000, 100_000] {
        let params = BerthRingParams {
            ships,
            ..BerthRingParams::default()
        };
        // Port calls per run are nearly constant for a seed: measure once to
        // express throughput in port calls.
        let calls = berth_ring::run(&params).port_calls;
        group.throughput(Throughput::Elements(calls));
        group.bench_with_input(BenchmarkId::new("corridor", ships), &params, |b, p| {
            b.iter(|| berth_ring::run(p))
        });
        group.bench_with_input(BenchmarkId::new("heap-loop", ships), &params, |b, p| {
            b.iter(|| heap_loop::run(p))
        });
    }
    group.finish();
}

/// The Astara road post (16 lanes, clearance log-normal with mean 1 h and
/// sd 0.8 h, as library.toml has it) with `trucks_per_day` other trucks:
/// 240 days of them, each replication on its own streams, then the daily
/// series.
fn border_post(trucks_per_day: u64, replication: u64) -> usize {
    let streams = Streams::new(20241123);
    let traffic = Traffic::poisson(
        trucks_per_day as f64 / 24.0,
        Dist::lognormal(1.0, 0.8).expect("a valid service time"),
        streams.stream(replication, "arrivals"),
        streams.stream(replication, "services"),
    );
    let mut queue = LazyQueue::new(16, Some(traffic), 24.0);
    queue.periods_until(240.0 * 24.0).len()
}

fn background_queue(c: &mut Criterion) {
    let mut group = c.benchmark_group("background_queue");
    group.sample_size(20);
    for trucks_per_day in [260, 375] {
        group.throughput(Throughput::Elements(240 * trucks_per_day));
        let mut replication = 0;
        group.bench_with_input(
            BenchmarkId::new("astara", trucks_per_day),
            &trucks_per_day,
            |b, &n| {
                b.iter(|| {
                    replication += 1;
                    border_post(n, replication)
                })
            },
        );
    }
    group.finish();
}

criterion_group!(benches, berth_ring_by_fleet, background_queue);
criterion_main!(benches);
