//! Criterion benchmark of the corridor model: the built-in baseline scenario
//! (three routes, 26 weekly shipments each) over 100 replications on all
//! cores, writing nothing. `corridor run --replications 1000 --json` reports
//! the wall time and events per second of the full run with its files.
//!
//! `cargo bench --bench run`

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

use corridor::model::{RunControl, replicate};
use corridor::scenario::{ScenarioRef, load};

fn baseline(c: &mut Criterion) {
    let mut loaded = load(&ScenarioRef::BuiltIn("baseline")).expect("the baseline validates");
    loaded.scenario.replications = 100;
    let scenario = loaded.scenario;
    let mut group = c.benchmark_group("run");
    group.sample_size(10);
    group.throughput(Throughput::Elements(u64::from(scenario.replications)));
    group.bench_function("baseline_100_replications", |b| {
        b.iter(|| {
            let mut shipments = 0usize;
            replicate(&scenario, &RunControl::default(), |r| {
                shipments += r.shipments.len();
                Ok::<_, ()>(())
            })
            .expect("no sink errors");
            shipments
        })
    });
    group.finish();
}

criterion_group!(benches, baseline);
criterion_main!(benches);
