//! The hand-written binary-heap loop of the berth-ring model, runnable on
//! its own so that `benches/peers/run.py` can time it beside the kernel:
//!
//! `cargo run --release --example berth_ring_heap -- --ships 1000 --years 1`
//!
//! Prints one JSON object with the same keys as
//! `corridor bench berth-ring --json`.

#[path = "heap_loop.rs"]
mod heap_loop;

use corridor::berth_ring::BerthRingParams;

fn main() {
    let mut p = BerthRingParams::default();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut i = 0;
    while i < args.len() {
        let value = args.get(i + 1).map(String::as_str).unwrap_or("");
        let bad = || -> ! {
            eprintln!("error: {} needs a positive number, got '{value}'", args[i]);
            std::process::exit(2)
        };
        match args[i].as_str() {
            "--ships" => {
                p.ships = value
                    .parse()
                    .ok()
                    .filter(|&n| n > 0)
                    .unwrap_or_else(|| bad())
            }
            "--ports" => {
                p.ports = value
                    .parse()
                    .ok()
                    .filter(|&n| n > 0)
                    .unwrap_or_else(|| bad())
            }
            "--berths" => {
                p.berths = value
                    .parse()
                    .ok()
                    .filter(|&n| n > 0)
                    .unwrap_or_else(|| bad())
            }
            "--years" => {
                p.years = value
                    .parse()
                    .ok()
                    .filter(|&y: &f64| y > 0.0)
                    .unwrap_or_else(|| bad())
            }
            "--seed" => p.seed = value.parse().unwrap_or_else(|_| bad()),
            other => {
                eprintln!(
                    "error: unknown option '{other}' (--ships, --ports, --berths, --years, --seed)"
                );
                std::process::exit(2)
            }
        }
        i += 2;
    }
    let r = heap_loop::run(&p);
    println!(
        "{{\"ships\":{},\"ports\":{},\"berths\":{},\"years\":{},\"seed\":{},\"port_calls\":{},\"mean_wait_h\":{},\"events\":{},\"wall_s\":{},\"port_calls_per_s\":{}}}",
        p.ships,
        p.ports,
        p.berths,
        p.years,
        p.seed,
        r.port_calls,
        r.mean_wait_h,
        r.events,
        r.wall_s,
        r.port_calls_per_s
    );
}
