//! Routing benchmark: shortest routes over the built-in network.
//!
//! `all-pairs` routes every ordered pair of the listed ports and land nodes
//! with every mode allowed; criterion's throughput line gives queries per
//! second, so the time per query is its inverse. `one-query` times a single
//! long sea route (Chennai → St Petersburg via Suez).
//!
//! Run with `cargo bench --bench routing`.

use std::hint::black_box;

use corridor::network::{Mode, Network, RouteRequest};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

fn routing(c: &mut Criterion) {
    let network = Network::builtin();
    let ports: Vec<String> = network.ports().map(|p| p.id.clone()).collect();
    let requests: Vec<RouteRequest> = ports
        .iter()
        .flat_map(|a| ports.iter().filter(move |b| *b != a).map(move |b| (a, b)))
        .map(|(a, b)| RouteRequest::sea(a, b).with_modes(&Mode::ALL))
        .collect();

    let mut group = c.benchmark_group("routing");
    group.throughput(Throughput::Elements(requests.len() as u64));
    group.bench_function("all-pairs", |b| {
        b.iter(|| {
            let mut km = 0.0;
            for request in &requests {
                if let Ok(route) = network.route(black_box(request)) {
                    km += route.distance_km;
                }
            }
            black_box(km)
        })
    });
    group.throughput(Throughput::Elements(1));
    let one = RouteRequest::sea("chennai", "st petersburg");
    group.bench_function("one-query", |b| {
        b.iter(|| network.route(black_box(&one)).map(|r| r.distance_km))
    });
    group.finish();
}

criterion_group!(benches, routing);
criterion_main!(benches);
