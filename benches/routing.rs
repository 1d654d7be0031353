//! Routing benchmark over the built-in network (MARNET lanes, 3,900 world
//! ports, the Caspian overlay and the land links).
//!
//! - `major-pairs`: 300 fixed pairs of major ports (the searoute check
//!   table), sea only; criterion's throughput line gives queries per second,
//!   so the time per query is its inverse.
//! - `one-query`: Chennai → St Petersburg via Suez, the longest corridor
//!   the scenarios sail.
//! - `multimodal`: Nhava Sheva → Moscow with every mode (the INSTC).
//! - `load`: parsing and validating every data file into a [`Network`]
//!   (what a `corridor route` pays once per process).
//!
//! Run with `cargo bench --bench routing`.

use std::hint::black_box;

use corridor::network::{DataFiles, Mode, Network, RouteRequest};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

fn routing(c: &mut Criterion) {
    let network = Network::builtin();
    let pairs = include_str!("../src/network/data/searoute_check.csv");
    let requests: Vec<RouteRequest> = pairs
        .lines()
        .skip(1)
        .filter_map(|line| {
            let mut cols = line.split(',');
            Some(RouteRequest::sea(cols.next()?, cols.next()?))
        })
        .collect();

    let mut group = c.benchmark_group("routing");
    group.throughput(Throughput::Elements(requests.len() as u64));
    group.bench_function("major-pairs", |b| {
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
    let instc = RouteRequest::sea("nhava sheva", "moscow").with_modes(&Mode::ALL);
    group.bench_function("multimodal", |b| {
        b.iter(|| network.route(black_box(&instc)).map(|r| r.distance_km))
    });
    group.sample_size(10);
    group.bench_function("load", |b| {
        b.iter(|| Network::from_data(black_box(&DataFiles::builtin())).map(|n| n.edges().len()))
    });
    group.finish();
}

criterion_group!(benches, routing);
criterion_main!(benches);
