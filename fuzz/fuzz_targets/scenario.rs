//! Scenario text → layered, parsed, validated scenario → one short replication.
//!
//! Any input must give a scenario or a clean `ScenarioError`: never a panic,
//! a hang or unbounded memory. What validation accepts is also simulated
//! (one replication, at most two departures per route), so values that pass
//! the checks but break the model are found too.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The file reader refuses non-UTF-8 before parsing; lossy decoding lets
    // every input reach the parser.
    let text = String::from_utf8_lossy(data);
    match corridor::scenario::load_from_str("fuzz.toml", &text) {
        Ok(loaded) => {
            let mut scenario = loaded.scenario;
            // Short runs keep the fuzzer fast: two departures, and a horizon
            // of at most 60 days after the last (still after it).
            let d = &mut scenario.departures;
            d.count = d.count.min(2);
            let last_h = d.first_h + d.every_h * f64::from(d.count - 1);
            scenario.horizon_h = scenario.horizon_h.min(last_h + 60.0 * 24.0);
            let result = corridor::model::simulate(&scenario, 0);
            assert_eq!(
                result.shipments.len(),
                scenario.routes.len() * scenario.departures.count as usize
            );
            for s in &result.shipments {
                let l = &s.ledger;
                assert!(l.total_time_h().is_finite() && l.total_time_h() >= 0.0);
                assert!(l.total_cost_usd().is_finite() && l.total_cost_usd() >= 0.0);
                assert!(l.co2_t().is_finite() && l.co2_t() >= 0.0);
            }
        }
        // Messages are drawn from spans into the text: format them too.
        Err(e) => drop(e.to_string()),
    }
});
