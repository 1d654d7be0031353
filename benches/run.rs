//! Criterion benchmarks of the corridor model, writing nothing:
//!
//! - `run/baseline_100_replications`: the built-in baseline scenario (four
//!   routes, 26 weekly shipments each) over 100 replications on all cores;
//! - `replication/{baseline,instc}`: 50 replications of each built-in
//!   scenario on one thread, so the two times compare the CPU cost of a
//!   replication (issue 14 asks that an `instc` one cost at most twice a
//!   `baseline` one).
//!
//! `corridor run --replications 1000 --json` reports the wall time and
//! events per second of the full run with its files.
//!
//! `cargo bench --bench run`

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

use corridor::model::{RunControl, Scenario, replicate};
use corridor::scenario::{ScenarioRef, load};

/// Built-in scenario `name` with `replications` replications.
fn built_in(name: &'static str, replications: u32) -> Scenario {
    let mut loaded = load(&ScenarioRef::BuiltIn(name)).expect("built-in scenarios validate");
    loaded.scenario.replications = replications;
    loaded.scenario
}

/// Runs every replication of `scenario` on `threads` threads: the
/// shipments simulated, so nothing is optimised away.
fn run(scenario: &Scenario, threads: usize) -> usize {
    let control = RunControl {
        threads,
        ..RunControl::default()
    };
    let mut shipments = 0usize;
    replicate(scenario, &control, |r| {
        shipments += r.shipments.len();
        Ok::<_, ()>(())
    })
    .expect("no sink errors");
    shipments
}

fn baseline(c: &mut Criterion) {
    let scenario = built_in("baseline", 100);
    let threads = RunControl::default().threads;
    let mut group = c.benchmark_group("run");
    group.sample_size(10);
    group.throughput(Throughput::Elements(u64::from(scenario.replications)));
    group.bench_function("baseline_100_replications", |b| {
        b.iter(|| run(&scenario, threads))
    });
    group.finish();
}

fn replication_cost(c: &mut Criterion) {
    let mut group = c.benchmark_group("replication");
    group.sample_size(10);
    for name in ["baseline", "instc"] {
        let scenario = built_in(name, 50);
        group.throughput(Throughput::Elements(u64::from(scenario.replications)));
        group.bench_function(name, |b| b.iter(|| run(&scenario, 1)));
    }
    group.finish();
}

criterion_group!(benches, baseline, replication_cost);
criterion_main!(benches);
