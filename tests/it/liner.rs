//! Liner services through the binary: booking the next sailing before the
//! cut-off, full sailings rolling boxes to the next, transshipment waiting
//! for the connecting service, schedule reliability at the stated rate,
//! determinism whatever the thread count, the spread the baseline shows,
//! and the errors a mistaken service or leg gets.

use std::path::{Path, PathBuf};

use crate::common::{corridor, scratch};

const H: f64 = 1.0 / 24.0;

/// A weekly test service Chennai → Singapore on feeder-1100, leaving at
/// 72 h (then every 168 h) after a 24 h port stay (so it berths and loads
/// from 48 h), cut-off 24 h, no other bookings; `extra` lines are added to
/// its table.
fn service(name: &str, calls: &str, first_h: f64, extra: &str) -> String {
    format!(
        "[services.{name}]\nkind = \"liner\"\ncalls = {calls}\nvessel = \"feeder-1100\"\ndepartures_per_week = 1\nfirst_departure_h = {first_h}\ncutoff_h = 24\nallocation = 0.8\nport_stay_h = 24\non_time_share = 1\nlate_h = 0\nsource = \"test\"\n{extra}\n"
    )
}

fn write(dir: &Path, body: &str) -> PathBuf {
    std::fs::create_dir_all(dir).unwrap();
    let path = dir.join("s.toml");
    std::fs::write(&path, body).unwrap();
    path
}

fn header(count: u32, replications: u32) -> String {
    format!(
        "name = \"liner-test\"\nseed = 11\nreplications = {replications}\nhorizon_days = 200\n[departures]\nfirst_day = 0\nevery_days = 7\ncount = {count}\nteu = 40\n"
    )
}

/// Runs a scenario file into `out` and returns shipments.csv as rows of
/// (route, shipment, column → value).
fn run(path: &Path, out: &Path, extra: &[&str]) -> Vec<Row> {
    let output = corridor()
        .args(["run"])
        .arg(path)
        .args(["--no-plots", "-q", "--out"])
        .arg(out)
        .args(extra)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let rows = rows(&out.join("shipments.csv"));
    assert!(
        rows.iter().all(|r| r.status == "arrived"),
        "every box arrives"
    );
    rows
}

struct Row {
    route: String,
    shipment: u32,
    status: String,
    values: std::collections::HashMap<String, f64>,
}

impl Row {
    fn get(&self, column: &str) -> f64 {
        self.values[column]
    }
}

fn rows(csv: &Path) -> Vec<Row> {
    let text = std::fs::read_to_string(csv).unwrap();
    let mut lines = text.lines();
    let head: Vec<&str> = lines.next().unwrap().split(',').collect();
    lines
        .map(|line| {
            let cells: Vec<&str> = line.split(',').collect();
            let mut values = std::collections::HashMap::new();
            for (k, v) in head.iter().zip(&cells) {
                if let Ok(x) = v.parse::<f64>() {
                    values.insert(k.to_string(), x);
                }
            }
            let cell = |name: &str| cells[head.iter().position(|h| *h == name).unwrap()];
            Row {
                route: cell("route").to_string(),
                shipment: cell("shipment").parse().unwrap(),
                status: cell("status").to_string(),
                values,
            }
        })
        .collect()
}

fn route_leg(from: &str, to: &str, service: &str) -> String {
    format!("{{ kind = \"sea\", from = \"{from}\", to = \"{to}\", service = \"{service}\" }}")
}

mod booking {
    use super::*;

    #[test]
    fn a_box_ready_after_the_cutoff_waits_for_the_next_sailing() {
        let dir = scratch("liner-cutoff");
        // Ready at 40 h makes the 72 h sailing (cut-off 48 h, when its ship
        // berths); ready at 50 h misses it and takes the one at 240 h, whose
        // ship berths at 216 h.
        let body = format!(
            "{}{}[routes.early]\nlegs = [ {{ kind = \"dwell\", at = \"chennai\", dwell_h = 40 }}, {} ]\n[routes.late]\nlegs = [ {{ kind = \"dwell\", at = \"chennai\", dwell_h = 50 }}, {} ]\n",
            header(3, 2),
            service("test-loop", "[\"chennai\", \"singapore\"]", 72.0, ""),
            route_leg("chennai", "singapore", "test-loop"),
            route_leg("chennai", "singapore", "test-loop"),
        );
        let rows = run(&write(&dir, &body), &dir.join("out"), &[]);
        assert_eq!(rows.len(), 12);
        for r in &rows {
            let wait = r.get("time_service_wait_days");
            let want = if r.route == "early" {
                8.0 * H
            } else {
                166.0 * H
            };
            assert!(
                (wait - want).abs() < 1e-5,
                "{} shipment {}: waited {wait} d, want {want}",
                r.route,
                r.shipment
            );
        }
    }

    #[test]
    fn a_box_long_before_the_cutoff_is_in_the_yard_until_its_ship_berths_not_dwell_plus_wait() {
        let dir = scratch("liner-overlap");
        // The dwell (customs, gate-in) ends at 10 h, long before the 48 h
        // cut-off of the 72 h sailing. The box's time at the terminal is
        // the time until its ship berths at 48 h (the start of the 24 h
        // port stay, when loading begins): 48 h in all, the dwell
        // overlapping the wait, not the dwell and then a wait until the
        // scheduled departure (72 h) with the ship's port stay after it.
        let body = format!(
            "{}{}[routes.r]\nlegs = [ {{ kind = \"dwell\", at = \"chennai\", dwell_h = 10 }}, {} ]\n",
            header(3, 2),
            service("test-loop", "[\"chennai\", \"singapore\"]", 72.0, ""),
            route_leg("chennai", "singapore", "test-loop"),
        );
        let rows = run(&write(&dir, &body), &dir.join("out"), &[]);
        assert_eq!(rows.len(), 6);
        for r in &rows {
            let yard_h = (r.get("time_dwell_days") + r.get("time_service_wait_days")) * 24.0;
            assert!(
                (yard_h - 48.0).abs() < 1e-3,
                "shipment {}: {yard_h} h at the terminal before its ship, want 48",
                r.shipment
            );
        }
    }

    #[test]
    fn a_full_sailing_rolls_the_box_to_the_next() {
        let dir = scratch("liner-full");
        // Room for 60 TEU (1,080 × 1/18): the first 40 TEU box fits, the
        // second, ready at the same time, rolls a week.
        let body = format!(
            "{}{}[routes.first]\nlegs = [ {{ kind = \"dwell\", at = \"chennai\", dwell_h = 40 }}, {} ]\n[routes.second]\nlegs = [ {{ kind = \"dwell\", at = \"chennai\", dwell_h = 40 }}, {} ]\n",
            header(1, 3),
            service("small", "[\"chennai\", \"singapore\"]", 72.0, "")
                .replace("allocation = 0.8", "allocation = 0.0555555555555556"),
            route_leg("chennai", "singapore", "small"),
            route_leg("chennai", "singapore", "small"),
        );
        let rows = run(&write(&dir, &body), &dir.join("out"), &[]);
        assert_eq!(rows.len(), 6);
        for r in &rows {
            let wait = r.get("time_service_wait_days");
            let want = if r.route == "first" {
                8.0 * H
            } else {
                176.0 * H
            };
            assert!(
                (wait - want).abs() < 1e-5,
                "{}: waited {wait} d, want {want}",
                r.route
            );
        }
    }

    #[test]
    fn a_transshipped_box_waits_for_the_connecting_sailing() {
        let dir = scratch("liner-hub");
        // The same route id and seed in two runs: the first stops at the
        // hub, the second goes on by a fortnightly connecting service. The
        // second's extra wait must end exactly when a ship of that service
        // berths (it leaves first at 500 h, then every 336 h, after a 24 h
        // port stay), at the sailing's cut-off.
        let feeder = service("hub-feeder", "[\"singapore\", \"busan\"]", 500.0, "")
            .replace("departures_per_week = 1", "departures_per_week = 0.5");
        // One box a replication, so no box's call at the hub can delay
        // another's berth in one run and not in the other.
        let common = format!(
            "{}{}{}",
            header(1, 8),
            service("mainline", "[\"chennai\", \"singapore\"]", 72.0, ""),
            feeder
        );
        let to_hub = format!(
            "{common}[routes.r]\nlegs = [ {{ kind = \"dwell\", at = \"chennai\", dwell_h = 40 }}, {}, {{ kind = \"dwell\", at = \"singapore\", dwell_h = 10 }} ]\n",
            route_leg("chennai", "singapore", "mainline"),
        );
        let onward = format!(
            "{common}[routes.r]\nlegs = [ {{ kind = \"dwell\", at = \"chennai\", dwell_h = 40 }}, {}, {{ kind = \"dwell\", at = \"singapore\", dwell_h = 10 }}, {} ]\n",
            route_leg("chennai", "singapore", "mainline"),
            route_leg("singapore", "busan", "hub-feeder"),
        );
        let a = run(&write(&dir.join("a"), &to_hub), &dir.join("a/out"), &[]);
        let b = run(&write(&dir.join("b"), &onward), &dir.join("b/out"), &[]);
        assert_eq!(a.len(), b.len());
        let mut waits = Vec::new();
        for (x, y) in a.iter().zip(&b) {
            let ready_h = x.get("arrive_day") * 24.0;
            let wait_h = (y.get("time_service_wait_days") - x.get("time_service_wait_days")) * 24.0;
            let sailing_h = ready_h + wait_h;
            let k = ((sailing_h - 476.0) / 336.0).round();
            assert!(
                k >= 0.0 && (sailing_h - (476.0 + k * 336.0)).abs() < 1e-3,
                "loaded at the hub at {sailing_h} h, not when a ship berths"
            );
            assert!(
                (-1e-6..336.0 + 1e-6).contains(&wait_h),
                "waited {wait_h} h at the hub: the next berthing after the box is ready"
            );
            waits.push(wait_h);
        }
        assert_eq!(waits.len(), 8);
    }
}

mod reliability {
    use super::*;

    /// 100 replications × 26 weekly boxes, each on its own sailing of a
    /// weekly service, so the late share and the lateness of late sailings
    /// can be read off the service waits (the on-time wait is 8 h, to the
    /// berthing at 48 h).
    fn late_hours(dir: &Path, extra: &[&str]) -> Vec<f64> {
        let body = format!(
            "{}{}[routes.r]\nlegs = [ {{ kind = \"dwell\", at = \"chennai\", dwell_h = 40 }}, {} ]\n",
            header(26, 100),
            service("loop", "[\"chennai\", \"singapore\"]", 72.0, "")
                .replace("on_time_share = 1", "on_time_share = 0.516")
                .replace("late_h = 0", "late_h = { triangular = [24, 72, 336] }"),
            route_leg("chennai", "singapore", "loop"),
        );
        let rows = run(&write(dir, &body), &dir.join("out"), extra);
        assert_eq!(rows.len(), 2600);
        rows.iter()
            .map(|r| r.get("time_service_wait_days") * 24.0 - 8.0)
            .collect()
    }

    #[test]
    fn sailings_are_late_at_the_stated_rate_and_as_late_as_s25_says() {
        let dir = scratch("liner-late");
        // S25: 51.6 % of ships on time in Jan 2024, late ones 6.01 days late.
        let late = late_hours(&dir, &[]);
        let n = late.len() as f64;
        let late_ones: Vec<f64> = late.iter().copied().filter(|&h| h > 1e-6).collect();
        let share = late_ones.len() as f64 / n;
        // 99.9 % interval of a binomial share over 2,600 sailings.
        let p: f64 = 1.0 - 0.516;
        let tol = 3.29 * (p * (1.0 - p) / n).sqrt();
        assert!(
            (share - p).abs() < tol,
            "late share {share}, want {p} ± {tol}"
        );
        // Mean lateness of late sailings: triangular 24/72/336 h, mean 144 h
        // (6.0 days), sd 68.6 h; 99.9 % interval of the mean.
        let mean = late_ones.iter().sum::<f64>() / late_ones.len() as f64;
        let tol = 3.29 * 68.6 / (late_ones.len() as f64).sqrt();
        assert!(
            (mean - 144.0).abs() < tol,
            "late sailings {mean} h late, want 144 ± {tol}"
        );
        // Never earlier than a day late, never later than the distribution allows.
        assert!(
            late_ones
                .iter()
                .all(|&h| (24.0 - 1e-6..=336.0 + 1e-6).contains(&h))
        );
    }

    #[test]
    fn results_are_byte_identical_whatever_the_thread_count() {
        let dir = scratch("liner-threads");
        late_hours(&dir.join("one"), &["--threads", "1"]);
        late_hours(&dir.join("two"), &["--threads", "2"]);
        for f in ["shipments.csv", "summary.csv", "queues.csv"] {
            assert_eq!(
                std::fs::read(dir.join("one/out").join(f)).unwrap(),
                std::fs::read(dir.join("two/out").join(f)).unwrap(),
                "{f} differs between 1 and 2 threads"
            );
        }
    }
}

mod baseline {
    use super::*;

    fn summary(out: &Path, scenario: &str) -> serde_json::Value {
        let output = corridor()
            .args([
                "run",
                scenario,
                "--no-plots",
                "--json",
                "--replications",
                "60",
                "--out",
            ])
            .arg(out)
            .output()
            .unwrap();
        assert!(output.status.success());
        serde_json::from_slice(&output.stdout).unwrap()
    }

    fn days(s: &serde_json::Value, id: &str, q: &str) -> f64 {
        let r = s["routes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == id)
            .unwrap_or_else(|| panic!("route {id}"));
        r["transit_days"][q].as_f64().unwrap()
    }

    #[test]
    fn the_emc_spread_reflects_schedule_reliability() {
        // The EMC rides one sailing of emc-direct: 62 % on time, late ones
        // triangular 1/2/12 days late (the library's normal-times figures
        // from the series S25 reports). On their own they make the 50th
        // percentile of schedule delay 0 and the 90th the late
        // distribution's (0.9 − 0.62)/0.38 = 0.737 quantile:
        // 12 − √(0.263 × 11 × 10) = 6.6 days. Weather, berths and dwell
        // add their own spread (p90 − p50 was 1.8 days without liners), so
        // the band is 6.6 − 1 (sampling, and a wider middle moving p50 up)
        // to 6.6 + 1.9.
        let dir = scratch("liner-spread");
        let s = summary(&dir, "baseline");
        let spread = days(&s, "emc", "p90") - days(&s, "emc", "p50");
        assert!(
            (5.6..=8.5).contains(&spread),
            "emc p90 − p50 = {spread} days"
        );
        // Two sailings (mainline and feeder) spread the Suez route wider.
        let suez = days(&s, "suez", "p90") - days(&s, "suez", "p50");
        assert!(suez > spread, "suez p90 − p50 = {suez}, emc {spread}");
        // The hub variant: S9 gives 45–50 days for the EMC via a Chinese hub.
        let hub = days(&s, "emc-hub", "p50");
        assert!((40.0..=52.0).contains(&hub), "emc-hub median {hub}");
        assert!(hub > days(&s, "emc", "p50") + 15.0);
    }
}

mod errors {
    use super::*;

    fn fails(body: &str, needles: &[&str]) {
        let dir = scratch("liner-errors");
        let path = write(&dir, body);
        let out = corridor().arg("validate").arg(&path).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
        for n in needles {
            assert!(stderr.contains(n), "missing `{n}` in:\n{stderr}");
        }
    }

    fn with_leg(leg: &str) -> String {
        format!(
            "name = \"x\"\n{}[routes.a]\nlegs = [\n  {leg},\n]\n",
            service(
                "test-loop",
                "[\"chennai\", \"singapore\", \"busan\"]",
                72.0,
                ""
            )
        )
    }

    #[test]
    fn an_unknown_service_names_the_line_and_suggests_one() {
        fails(
            &with_leg(&route_leg("chennai", "busan", "test-lop")),
            &[
                "s.toml:17:",
                "legs[0].service",
                "test-lop",
                "did you mean `test-loop`",
            ],
        );
    }

    #[test]
    fn a_leg_must_follow_the_rotation_and_take_its_ships() {
        fails(
            &with_leg(&route_leg("busan", "chennai", "test-loop")),
            &[
                "legs[0].to",
                "does not call at Chennai",
                "Chennai → Singapore → Busan",
            ],
        );
        fails(
            &with_leg(&route_leg("colombo", "busan", "test-loop")),
            &["legs[0].from", "not a call of `test-loop`"],
        );
        fails(
            &with_leg(
                "{ kind = \"sea\", from = \"chennai\", to = \"busan\", service = \"test-loop\", vessel = \"neo-8000\" }",
            ),
            &["legs[0].vessel", "feeder-1100"],
        );
        fails(
            &with_leg(
                "{ kind = \"rail\", from = \"chennai\", to = \"busan\", service = \"test-loop\" }",
            ),
            &["legs[0].service", "is a liner service"],
        );
    }

    #[test]
    fn a_service_with_the_wrong_keys_or_values_is_refused() {
        let leg = route_leg("chennai", "busan", "test-loop");
        fails(
            &with_leg(&leg).replace("allocation = 0.8", "allocation = 0.8\nkm_per_day = 500"),
            &[
                "services.test-loop.km_per_day",
                "a liner service takes no `km_per_day`",
            ],
        );
        fails(
            &with_leg(&leg).replace("on_time_share = 1", "on_time_share = 62"),
            &["services.test-loop.on_time_share", "between 0 and 1"],
        );
        fails(
            &with_leg(&leg).replace("vessel = \"feeder-1100\"", "vessel = \"feeder-110\""),
            &["services.test-loop.vessel", "did you mean"],
        );
        fails(
            &with_leg(&leg).replace(
                "allocation = 0.8",
                "allocation = 0.8\nbackground_teu_per_departure = 900",
            ),
            &["background_teu_per_departure", "grow for ever"],
        );
        fails(
            &format!(
                "{}\n[services.transsib]\nallocation = 0.5\n",
                with_leg(&leg)
            ),
            &[
                "services.transsib.allocation",
                "a rail service takes no `allocation`",
            ],
        );
    }

    #[test]
    fn explain_describes_the_boarding() {
        let out = corridor().args(["explain", "baseline"]).output().unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success());
        for needle in [
            "board liner emc-direct (feeder-1100)",
            "cut-off 24 h",
            "62 % of sailings on time",
            "rotation Chennai +0.0 d → Singapore",
            "board liner china-russia-feeder",
            "services.emc-direct.on_time_share",
        ] {
            assert!(text.contains(needle), "missing `{needle}` in explain");
        }
    }
}
