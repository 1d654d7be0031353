//! Costs through the binary: the two cost bases (`cost_basis = "shipper"`
//! and `"operator"`), how they are labelled in summary.json and the table,
//! and the cost faults of issue 10 (port dues by ship size, the
//! Trans-Siberian tariff of S94, Suez tolls after S58–S60, the Rotterdam
//! double count), each checked against the figure its source gives.

use std::path::Path;

use crate::common::{corridor, parameter, scratch};

/// Runs a scenario without charts and returns summary.json.
fn run(scenario: &str, extra: &[&str], out: &Path) -> serde_json::Value {
    let output = corridor()
        .args(["run", scenario, "--no-plots", "--json", "-q", "--out"])
        .arg(out)
        .args(extra)
        .output()
        .expect("runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("--json prints summary.json")
}

fn route<'a>(summary: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    summary["routes"]
        .as_array()
        .expect("routes")
        .iter()
        .find(|r| r["id"] == id)
        .unwrap_or_else(|| panic!("route {id} in summary"))
}

fn component(summary: &serde_json::Value, id: &str, key: &str) -> f64 {
    route(summary, id)["cost_components_usd_per_teu"][key]
        .as_f64()
        .unwrap_or_else(|| panic!("{id}: cost component {key}"))
}

mod bases {
    use super::*;

    #[test]
    fn the_default_is_the_shipper_basis_and_it_is_labelled() {
        let dir = scratch("basis-default");
        let s = run("baseline", &["--replications", "2"], &dir);
        assert_eq!(s["scenario"]["cost_basis"], "shipper");
        // Sea legs are priced as freight, not as the vessel's time.
        assert!(component(&s, "emc", "freight") > 0.0);
        assert_eq!(component(&s, "emc", "vessel_time"), 0.0);
        assert_eq!(component(&s, "emc", "port"), 0.0);
        let table = corridor()
            .args(["run", "baseline", "--no-plots", "-q", "--replications", "2"])
            .arg("--out")
            .arg(dir.join("table"))
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&table.stdout);
        assert!(text.contains("shipper basis"), "{text}");
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn the_report_says_which_basis_its_costs_are_on() {
        let dir = scratch("basis-report");
        let out = corridor()
            .args([
                "run",
                "baseline",
                "-q",
                "--replications",
                "2",
                "--set",
                "cost_basis=operator",
                "--out",
            ])
            .arg(&dir)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let html = std::fs::read_to_string(dir.join("report.html")).expect("report.html");
        assert!(
            html.contains("Costs are on the operator basis: round-voyage resource cost"),
            "report.html does not name the basis"
        );
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn set_cost_basis_operator_prices_the_round_voyage() {
        let dir = scratch("basis-operator");
        let s = run(
            "baseline",
            &["--replications", "2", "--set", "cost_basis=operator"],
            &dir,
        );
        assert_eq!(s["scenario"]["cost_basis"], "operator");
        assert_eq!(component(&s, "emc", "freight"), 0.0);
        assert!(component(&s, "emc", "vessel_time") > 0.0);
        assert!(component(&s, "emc", "container_lease") > 0.0);
        assert!(component(&s, "emc", "empties") > 0.0);
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn emissions_do_not_depend_on_the_basis() {
        let dir = scratch("basis-co2");
        let a = run("baseline", &["--replications", "2"], &dir.join("a"));
        let b = run(
            "baseline",
            &["--replications", "2", "--set", "cost_basis=operator"],
            &dir.join("b"),
        );
        for id in ["emc", "suez", "suez-transsib"] {
            assert_eq!(
                route(&a, id)["co2_t_per_teu"]["mean"],
                route(&b, id)["co2_t_per_teu"]["mean"],
                "{id}"
            );
        }
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn an_unknown_basis_is_bad_input_with_a_hint() {
        let dir = scratch("basis-typo");
        let out = corridor()
            .args([
                "run",
                "baseline",
                "--no-plots",
                "--set",
                "cost_basis=shiper",
                "--out",
            ])
            .arg(&dir)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains("cost_basis"), "{stderr}");
        assert!(stderr.contains("did you mean"), "{stderr}");
        assert!(stderr.contains("shipper"), "{stderr}");
        std::fs::remove_dir_all(&dir).ok();
    }
}

mod faults {
    use super::*;

    /// One sea leg Chennai → Busan without calls on a vessel class, with
    /// the port dues of both ends set.
    fn one_leg(dir: &Path, vessel: &str) -> serde_json::Value {
        let path = dir.join(format!("{vessel}.toml"));
        std::fs::write(
            &path,
            format!(
                r#"name = "dues-{vessel}"
seed = 1
replications = 1
cost_basis = "operator"
[departures]
every_days = 7.0
count = 2
teu = 40.0
[costs]
backhaul_load_factor = 0.3
[ports.INMAA]
dues_usd_per_call = 40000.0
[ports.KRPUS]
dues_usd_per_call = 30000.0
[routes.r]
legs = [{{ kind = "sea", from = "chennai", to = "busan", vessel = "{vessel}" }}]
"#
            ),
        )
        .unwrap();
        run(path.to_str().unwrap(), &[], &dir.join(vessel))
    }

    /// Port dues are quoted for a ≈4,000 TEU ship (docs/network.md); a
    /// 1,080 TEU feeder pays about a quarter of them, so per TEU on board
    /// both pay the same. Before the fix the feeder paid the whole figure,
    /// ≈4× too much per TEU.
    #[test]
    fn port_dues_are_scaled_by_ship_size() {
        let dir = scratch("dues");
        let feeder = component(&one_leg(&dir, "feeder-1100"), "r", "port");
        let panamax = component(&one_leg(&dir, "panamax-4300"), "r", "port");
        // (40,000 + 30,000) / (4,000 TEU × 80 % on board), over the
        // rotation: 2 / (1 + 0.3).
        let expected = 70_000.0 / (4000.0 * 0.8) * 2.0 / 1.3;
        assert!((feeder - expected).abs() < 1e-6, "feeder {feeder}");
        assert!((panamax - expected).abs() < 1e-6, "panamax {panamax}");
        std::fs::remove_dir_all(&dir).ok();
    }

    /// S94: $6–7k per 40′ over ≈8,000 km is $0.375–0.44 per TEU-km.
    #[test]
    fn the_trans_siberian_tariff_is_its_sources() {
        let (tariff, source) = parameter("baseline", "services.transsib.tariff_usd_per_teu_km");
        assert!((0.375..=0.44).contains(&tariff), "{tariff}");
        assert!(source.contains("S94"));
    }

    /// 2015 tolls ≈$47 per TEU of capacity (S59), then +6 % (Feb 2022),
    /// +5–10 % (Mar 2022), +15 % for container ships (Jan 2023) (S58, S60):
    /// at least 47 × 1.06 × 1.05 × 1.15 ≈ $60.2 per TEU of capacity.
    #[test]
    fn suez_tolls_carry_the_rises_since_2015() {
        let floor = 47.0 * 1.06 * 1.05 * 1.15;
        let ceiling = 47.0 * 1.06 * 1.10 * 1.15 * 1.1;
        for vessel in ["feeder-1100", "panamax-4300"] {
            let (toll, source) = parameter("baseline", &format!("vessels.{vessel}.canal_toll_usd"));
            let (capacity, _) = parameter("baseline", &format!("vessels.{vessel}.capacity_teu"));
            let per_teu = toll / capacity;
            assert!(
                (floor..=ceiling).contains(&per_teu),
                "{vessel}: {per_teu:.1} USD per TEU of capacity"
            );
            assert!(source.contains("S60"), "{vessel}: {source}");
            assert!(
                !source.contains("inside the $500–600k"),
                "{vessel}: {source}"
            );
        }
    }

    /// A box transshipped at Rotterdam is lifted twice (off the mainline,
    /// onto the feeder), and each port call charges its lift; the dwell in
    /// between adds no third handling charge.
    #[test]
    fn rotterdam_charges_each_lift_once() {
        let dir = scratch("rotterdam");
        let s = run("baseline", &["--replications", "1"], &dir);
        let handling = component(&s, "suez", "handling");
        let thc =
            |port: &str| parameter("baseline", &format!("ports.{port}.handling_usd_per_teu")).0;
        // Chennai loads, Rotterdam discharges and loads, St Petersburg discharges.
        let expected = thc("chennai") + 2.0 * thc("rotterdam") + thc("st-petersburg");
        assert!(
            (handling - expected).abs() < 1e-6,
            "handling {handling} against {expected}"
        );
        std::fs::remove_dir_all(&dir).ok();
    }
}
