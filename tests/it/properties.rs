//! Property tests of the corridor model over random valid scenarios.
//!
//! Scenarios are TOML text built from the shipped routes (sea, canal, rail,
//! road, ferry, border and gauge-break legs) with random seeds, departures,
//! shipment sizes, speeds, dwell times and port occupancy, read with
//! `scenario::load_from_str` and run one replication at a time with
//! `model::simulate`. Case counts are kept small so the suite stays quick;
//! failures are deterministic for a given input (no timing, no threads),
//! cases are drawn from a fixed seed and failures are kept and replayed
//! (`common::proptest_config`).

use corridor::model::{CostComponent, Scenario, ShipmentRecord, TimeComponent, simulate};
use corridor::scenario::load_from_str;
use proptest::prelude::*;

/// Route templates: (id, legs). `{S}` is the first sea leg's speed, knots;
/// `{D}` a dwell distribution.
const ROUTES: &[(&str, &str)] = &[
    (
        "emc",
        r#"{ kind = "dwell", at = "chennai", dwell_h = {D} },
  { kind = "sea", from = "chennai", to = "vladivostok", vessel = "feeder-1100", speed_kn = {S}, calls = ["singapore", "busan"] },
  { kind = "dwell", at = "vladivostok", dwell_h = {D} },"#,
    ),
    (
        "suez",
        r#"{ kind = "dwell", at = "chennai", dwell_h = {D} },
  { kind = "sea", from = "chennai", to = "rotterdam", vessel = "panamax-4300", speed_kn = {S}, calls = ["colombo"] },
  { kind = "dwell", at = "rotterdam", dwell_h = {D}, cost_usd_per_teu = 150 },
  { kind = "sea", from = "rotterdam", to = "st-petersburg", vessel = "feeder-1100" },"#,
    ),
    (
        "suez-transsib",
        r#"{ kind = "sea", from = "chennai", to = "rotterdam", vessel = "panamax-4300", speed_kn = {S} },
  { kind = "sea", from = "rotterdam", to = "st-petersburg", vessel = "feeder-1100" },
  { kind = "dwell", at = "st-petersburg", dwell_h = {D} },
  { kind = "rail", from = "st-petersburg", to = "moscow", service = "oktyabrskaya" },
  { kind = "rail", from = "moscow", to = "vladivostok", service = "transsib" },"#,
    ),
    (
        "instc-west",
        r#"{ kind = "sea", from = "nhava-sheva", to = "bandar-abbas", vessel = "feeder-1100", speed_kn = {S} },
  { kind = "dwell", at = "bandar-abbas", dwell_h = {D} },
  { kind = "rail", from = "bandar-abbas", to = "rasht", service = "iran-north" },
  { kind = "road", from = "rasht", to = "astara-az" },
  { kind = "dwell", at = "astara-az", dwell_h = {D} },
  { kind = "rail", from = "astara-az", to = "moscow", service = "azerbaijan-russia" },"#,
    ),
    (
        "instc-caspian",
        r#"{ kind = "sea", from = "nhava-sheva", to = "bandar-abbas", vessel = "feeder-1100", speed_kn = {S} },
  { kind = "rail", from = "bandar-abbas", to = "bandar-anzali", service = "iran-north" },
  { kind = "ferry", from = "bandar-anzali", to = "astrakhan", service = "caspian-ferry" },
  { kind = "dwell", at = "astrakhan", dwell_h = {D} },
  { kind = "rail", from = "astrakhan", to = "moscow", service = "russia-south" },"#,
    ),
    (
        "instc-east",
        r#"{ kind = "sea", from = "nhava-sheva", to = "bandar-abbas", vessel = "feeder-1100", speed_kn = {S} },
  { kind = "rail", from = "bandar-abbas", to = "sarakhs", service = "iran-east" },
  { kind = "rail", from = "sarakhs", to = "moscow", service = "central-asia" },
  { kind = "dwell", at = "moscow", dwell_h = {D} },"#,
    ),
];

/// What varies between random scenarios.
#[derive(Debug, Clone)]
struct Params {
    seed: u64,
    replications: u32,
    first_day: f64,
    every_days: f64,
    count: u32,
    teu: f64,
    speed_kn: f64,
    occupancy: f64,
    /// Triangular dwell (min, mode, max), hours.
    dwell: (f64, f64, f64),
    /// Which templates of [`ROUTES`], in order, without repeats.
    routes: Vec<usize>,
    /// Horizon after the last departure, days (short ones leave shipments
    /// in transit).
    tail_days: f64,
    /// The month the run starts in (seasons: winter ferries, ice, monsoon).
    start_month: u32,
}

/// Seeds a TOML file can hold (its integers are signed 64-bit).
const SEEDS: std::ops::RangeInclusive<u64> = 0..=i64::MAX as u64;

fn params() -> impl Strategy<Value = Params> {
    (
        (SEEDS, 1u32..=3, 0.0..10.0f64, 0.5..14.0f64, 1u32..=6),
        (1.0..400.0f64, 8.0..25.0f64, 0.0..0.95f64),
        (0.0..48.0f64, 0.0..48.0f64, 0.0..96.0f64),
        proptest::sample::subsequence((0..ROUTES.len()).collect::<Vec<_>>(), 1..=3),
        (5.0..200.0f64, 1u32..=12),
    )
        .prop_map(
            |(
                (seed, replications, first_day, every_days, count),
                (teu, speed_kn, occupancy),
                (a, b, c),
                routes,
                (tail_days, start_month),
            )| {
                let min = a.min(b);
                let mode = a.max(b);
                Params {
                    seed,
                    replications,
                    first_day,
                    every_days,
                    count,
                    teu,
                    speed_kn,
                    occupancy,
                    dwell: (min, mode, mode + c),
                    routes,
                    tail_days,
                    start_month,
                }
            },
        )
}

/// The scenario's TOML text. Numbers are written with six decimals, and
/// read back from the loaded scenario where they matter.
fn toml(p: &Params) -> String {
    let horizon = p.first_day + p.every_days * f64::from(p.count - 1) + p.tail_days;
    let (d0, d1, d2) = p.dwell;
    let dwell = format!("{{ triangular = [{d0:.6}, {d1:.6}, {d2:.6}] }}");
    let mut text = format!(
        "name = \"prop\"\nseed = {}\nreplications = {}\nstart_date = 2025-{:02}-01\nhorizon_days = {horizon:.6}\n\n\
         [departures]\nfirst_day = {:.6}\nevery_days = {:.6}\ncount = {}\nteu = {:.6}\n\n\
         [ports.default]\nberth_occupancy = {:.6}\n",
        p.seed,
        p.replications,
        p.start_month,
        p.first_day,
        p.every_days,
        p.count,
        p.teu,
        p.occupancy
    );
    for &r in &p.routes {
        let (id, legs) = ROUTES[r];
        let legs = legs
            .replace("{S}", &format!("{:.6}", p.speed_kn))
            .replace("{D}", &dwell);
        text.push_str(&format!("\n[routes.{id}]\nlegs = [\n  {legs}\n]\n"));
    }
    text
}

fn load(text: &str) -> Scenario {
    match load_from_str("prop.toml", text) {
        Ok(loaded) => loaded.scenario,
        Err(e) => panic!("a generated scenario must be valid:\n{e}\n\n{text}"),
    }
}

/// 32 cases from the shared fixed seed; failures are kept in
/// tests/proptest-regressions/properties.txt and replayed first.
fn config() -> ProptestConfig {
    crate::common::proptest_config(32)
}

/// Relative closeness for sums of many float terms.
fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-6 * a.abs().max(b.abs()).max(1.0)
}

fn check_record(s: &Scenario, r: &ShipmentRecord) -> Result<(), TestCaseError> {
    let l = &r.ledger;
    let d = s.departures;
    // It left when the timetable says.
    let expected_depart = d.first_h + f64::from(r.shipment) * d.every_h;
    prop_assert!(close(r.depart_h, expected_depart), "{r:?}");
    prop_assert_eq!(r.teu, d.teu);
    for c in TimeComponent::ALL {
        let h = l.time_h(c);
        prop_assert!(h.is_finite() && h >= 0.0, "{c:?}: {h} h in {r:?}");
    }
    for c in CostComponent::ALL {
        let usd = l.cost_usd(c);
        prop_assert!(usd.is_finite() && usd >= 0.0, "{c:?}: {usd} USD in {r:?}");
    }
    prop_assert!(l.co2_t().is_finite() && l.co2_t() >= 0.0, "{r:?}");
    let cost_sum: f64 = CostComponent::ALL.iter().map(|&c| l.cost_usd(c)).sum();
    prop_assert!(close(cost_sum, l.total_cost_usd()), "{r:?}");
    let time_sum: f64 = TimeComponent::ALL.iter().map(|&c| l.time_h(c)).sum();
    prop_assert!(close(time_sum, l.total_time_h()), "{r:?}");
    match r.arrive_h {
        Some(arrive) => {
            // Times never run backwards, arrivals fall inside the run, and
            // every hour of the trip is booked to exactly one component.
            prop_assert!(arrive >= r.depart_h, "{r:?}");
            prop_assert!(arrive <= s.horizon_h, "{r:?}");
            prop_assert!(
                close(l.total_time_h(), arrive - r.depart_h),
                "components {} h, transit {} h: {r:?}",
                l.total_time_h(),
                arrive - r.depart_h
            );
            // An arrived shipment paid cargo insurance and inventory.
            prop_assert!(l.total_cost_usd() > 0.0, "{r:?}");
        }
        None => prop_assert!(r.depart_h < s.horizon_h, "{r:?}"),
    }
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    /// Every shipment that departs arrives or is still travelling at the
    /// horizon; nothing is lost or duplicated, and its ledger adds up.
    #[test]
    fn every_shipment_is_accounted_for_and_its_ledger_adds_up(p in params()) {
        let text = toml(&p);
        let scenario = load(&text);
        prop_assert_eq!(scenario.routes.len(), p.routes.len());
        prop_assert_eq!(scenario.replications, p.replications);
        let count = scenario.departures.count;
        for rep in 0..u64::from(scenario.replications) {
            let result = simulate(&scenario, rep);
            prop_assert_eq!(result.replication, rep);
            prop_assert_eq!(
                result.shipments.len(),
                scenario.routes.len() * count as usize
            );
            let mut seen: Vec<(usize, u32)> =
                result.shipments.iter().map(|r| (r.route, r.shipment)).collect();
            seen.sort_unstable();
            seen.dedup();
            prop_assert_eq!(seen.len(), result.shipments.len(), "a shipment twice");
            for r in &result.shipments {
                prop_assert!(r.route < scenario.routes.len() && r.shipment < count);
                check_record(&scenario, r)?;
            }
            // The same scenario and replication give the same records.
            if rep == 0 {
                prop_assert_eq!(&simulate(&scenario, rep).shipments, &result.shipments);
            }
        }
    }

    /// The same sea leg, the long way round (avoiding Malacca), at the same
    /// speed and with no weather or other ships, burns more fuel and emits
    /// more CO2 for every shipment.
    #[test]
    fn a_longer_sea_leg_never_burns_less_fuel(
        seed in SEEDS,
        speed in 8.0..25.0f64,
        count in 1u32..=4,
        every_days in 1.0..10.0f64,
        teu in 1.0..400.0f64,
    ) {
        let text = |avoid: &str| {
            format!(
                "name = \"fuel\"\nseed = {seed}\nreplications = 1\nhorizon_days = 200\n\
                 [departures]\nevery_days = {every_days:.6}\ncount = {count}\nteu = {teu:.6}\n\
                 [routes.sea]\nlegs = [ {{ kind = \"sea\", from = \"chennai\", to = \"vladivostok\", \
                 vessel = \"feeder-1100\", speed_kn = {speed:.6}{avoid} }} ]\n"
            )
        };
        let calm = |mut s: Scenario| {
            for r in &mut s.regions {
                r.storm_day_probability = [0.0; 12];
                r.cyclone_day_probability = [0.0; 12];
                r.ice_months = [false; 12];
            }
            for p in &mut s.ports {
                p.background_calls_per_week = 0.0;
            }
            s
        };
        let near = calm(load(&text("")));
        let far = calm(load(&text(", avoid = [\"malacca\"]")));
        prop_assert!(far.routes[0].distance_km > near.routes[0].distance_km);
        let (a, b) = (simulate(&near, 0), simulate(&far, 0));
        prop_assert_eq!(a.shipments.len(), b.shipments.len());
        for (n, f) in a.shipments.iter().zip(&b.shipments) {
            prop_assert!(n.arrive_h.is_some() && f.arrive_h.is_some(), "{n:?} {f:?}");
            let (fuel_n, fuel_f) = (
                n.ledger.cost_usd(CostComponent::Fuel),
                f.ledger.cost_usd(CostComponent::Fuel),
            );
            prop_assert!(fuel_f > fuel_n, "fuel {fuel_f} USD the long way, {fuel_n} USD the short way");
            prop_assert!(f.ledger.co2_t() > n.ledger.co2_t());
            prop_assert!(
                f.ledger.time_h(TimeComponent::Sailing) > n.ledger.time_h(TimeComponent::Sailing)
            );
        }
    }
}

/// A failing case is written to tests/proptest-regressions/properties.txt
/// and replayed first next time; cases come from a fixed seed, so a run
/// that passes here passes on every machine.
#[test]
fn property_failures_are_kept_and_cases_are_reproducible() {
    use proptest::test_runner::RngSeed;
    let c = config();
    let persistence = c.failure_persistence.as_ref().expect("failures are kept");
    assert!(format!("{persistence:?}").contains("proptest-regressions"));
    assert_ne!(c.rng_seed, RngSeed::Random);
    if std::env::var_os("PROPTEST_RNG_SEED").is_none() {
        assert_eq!(c.rng_seed, RngSeed::Fixed(crate::common::PROPTEST_SEED));
    }
}
