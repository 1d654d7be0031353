//! Criterion benchmarks of the kernel: the berth-ring model at several fleet
//! sizes, run by the kernel (`corridor/S`) and by the hand-written
//! binary-heap loop of the same model (`heap-loop/S`, benches/peers/), so
//! that their ratio is measured in the same run.
//!
//! The background queue of a border post (`background_queue/astara`): the
//! Astara road post's 16 lanes and 375 trucks a day (library.toml) over 240
//! days, the lanes and the period statistics of an INSTC replication
//! without the rest of the model, in trucks per second.
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

/// The Astara road post as library.toml has it: 240 days of trucks, each
/// replication on its own streams, then the daily series.
fn border_post(replication: u64) -> usize {
    let streams = Streams::new(20241123);
    let traffic = Traffic::poisson(
        375.0 / 24.0,
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
    group.throughput(Throughput::Elements(240 * 375));
    let mut replication = 0;
    group.bench_function("astara", |b| {
        b.iter(|| {
            replication += 1;
            border_post(replication)
        })
    });
    group.finish();
}

criterion_group!(benches, berth_ring_by_fleet, background_queue);
criterion_main!(benches);
