//! Criterion benchmarks of the kernel: the berth-ring model at several fleet
//! sizes, run by the kernel (`corridor/S`) and by the hand-written
//! binary-heap loop of the same model (`heap-loop/S`, benches/peers/), so
//! that their ratio is measured in the same run.
//!
//! `cargo bench --bench engine`

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

use corridor::berth_ring::{self, BerthRingParams};

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

criterion_group!(benches, berth_ring_by_fleet);
criterion_main!(benches);
