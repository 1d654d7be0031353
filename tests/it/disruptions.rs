//! Disruptions through the binary: closures in time windows re-route or
//! hold the shipments that meet them and leave the others alone; random
//! disruptions are reproducible; stranded shipments are counted; every
//! shipped disruption scenario validates and runs.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::common::{corridor, scratch};

/// Runs `scenario` (a name or a file) into `dir/name` and returns the
/// folder; two replications unless `extra` says otherwise.
fn run(dir: &Path, name: &str, scenario: &str, extra: &[&str]) -> PathBuf {
    let out = dir.join(name);
    let result = corridor()
        .args(["run", scenario, "-q", "--no-plots"])
        .args(extra)
        .args(if extra.contains(&"--replications") {
            &[][..]
        } else {
            &["--replications", "2"][..]
        })
        .arg("--out")
        .arg(&out)
        .output()
        .expect("runs");
    assert!(
        result.status.success(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    out
}

/// shipments.csv as rows of named fields.
fn rows(folder: &Path) -> Vec<HashMap<String, String>> {
    let mut csv = csv::Reader::from_path(folder.join("shipments.csv")).expect("shipments.csv");
    let headers = csv.headers().expect("a header").clone();
    csv.records()
        .map(|r| {
            let r = r.expect("a row");
            headers
                .iter()
                .zip(r.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

/// The raw lines of shipments.csv for one route.
fn lines_of(folder: &Path, route: &str) -> Vec<String> {
    std::fs::read_to_string(folder.join("shipments.csv"))
        .expect("shipments.csv")
        .lines()
        .filter(|l| l.split(',').nth(1) == Some(route))
        .map(str::to_string)
        .collect()
}

fn summary(folder: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(folder.join("summary.json")).expect("summary.json"))
        .expect("JSON")
}

fn num(row: &HashMap<String, String>, key: &str) -> f64 {
    row[key]
        .parse()
        .unwrap_or_else(|_| panic!("{key}: {}", row[key]))
}

#[test]
fn a_closure_reroutes_shipments_that_have_not_reached_it_and_not_those_past_it() {
    let dir = scratch("red-sea");
    let folder = run(&dir, "rs", "red-sea-crisis", &[]);
    let mut before = 0;
    let mut after = 0;
    for row in rows(&folder).iter().filter(|r| r["route"] == "suez") {
        let depart = num(row, "depart_day");
        if depart <= 28.0 {
            // Past Colombo and the strait long before day 60 (ships that
            // left later may be at sea short of it then: at_sea below).
            assert_eq!(row["replanned"], "false", "{row:?}");
            assert_eq!(row["path"], "suez", "{row:?}");
            before += 1;
        } else if depart >= 63.0 {
            assert_eq!(row["replanned"], "true", "{row:?}");
            assert_eq!(row["disruption"], "passage:bab-el-mandeb");
            assert_eq!(row["path"], "suez/avoid-bab-el-mandeb");
            after += 1;
        }
    }
    assert!(before > 0 && after > 0, "{before} before, {after} after");
    let s = summary(&folder);
    let route = |id: &str| {
        s["routes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == id)
            .unwrap()
            .clone()
    };
    let suez = route("suez");
    assert!(suez["replanned"].as_u64().unwrap() >= after);
    for id in ["emc", "emc-hub"] {
        assert_eq!(route(id)["replanned"], 0, "{id} never meets the strait");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_rerouted_distance_is_the_networks_route_avoiding_the_element() {
    let dir = scratch("red-sea-distance");
    let folder = run(&dir, "rs", "red-sea-crisis", &["--replications", "1"]);
    let mut paths = csv::Reader::from_path(folder.join("paths.csv")).expect("paths.csv");
    let km: HashMap<String, f64> = paths
        .records()
        .map(|r| {
            let r = r.unwrap();
            (r[0].to_string(), r[3].parse().unwrap())
        })
        .collect();
    let route_km = |avoid: bool| -> f64 {
        let mut cmd = corridor();
        cmd.args(["route", "colombo", "rotterdam", "--json"]);
        if avoid {
            cmd.args(["--avoid", "bab-el-mandeb"]);
        }
        let out = cmd.output().expect("runs");
        assert!(out.status.success());
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        v["distance_km"].as_f64().unwrap()
    };
    // Only the Colombo → Rotterdam sailing changes.
    let extra = km["suez/avoid-bab-el-mandeb"] - km["suez"];
    let expected = route_km(true) - route_km(false);
    assert!(
        (extra - expected).abs() < 0.01,
        "paths.csv adds {extra} km, the network {expected} km"
    );
    assert!(
        expected > 6000.0,
        "round the Cape is thousands of km longer"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn wait_holds_shipments_until_the_reopening() {
    let dir = scratch("typhoon");
    let folder = run(&dir, "t", "vladivostok-typhoon", &["--replications", "10"]);
    let mut held = 0;
    for row in rows(&folder).iter().filter(|r| r["route"] == "emc") {
        if row["replanned"] == "true" {
            held += 1;
            assert_eq!(row["disruption"], "port:RUVVO");
            assert_eq!(row["path"], "emc", "waiting keeps the path");
            // The port reopens on day 70; the import dwell takes at least 36 h.
            assert!(num(row, "arrive_day") >= 70.0 + 1.5, "{row:?}");
        }
    }
    assert!(held > 0, "some EMC ships met the closed port");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn routes_that_never_meet_the_element_are_identical_shipment_by_shipment() {
    let dir = scratch("untouched");
    let base = run(&dir, "base", "baseline", &[]);
    let typhoon = run(&dir, "typhoon", "vladivostok-typhoon", &[]);
    let red_sea = run(&dir, "red-sea", "red-sea-crisis", &[]);
    for route in ["suez", "suez-transsib"] {
        assert_eq!(lines_of(&base, route), lines_of(&typhoon, route), "{route}");
    }
    assert_eq!(lines_of(&base, "emc"), lines_of(&red_sea, "emc"));
    assert!(!lines_of(&base, "emc").is_empty());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn random_disruptions_are_reproducible_and_the_same_for_any_thread_count() {
    let dir = scratch("random");
    let args = |threads: &'static str| ["--replications", "6", "--threads", threads];
    let one = run(&dir, "one", "random-disruptions", &args("1"));
    let two = run(&dir, "two", "random-disruptions", &args("2"));
    let again = run(&dir, "again", "random-disruptions", &args("2"));
    let read = |f: &Path| std::fs::read(f.join("shipments.csv")).unwrap();
    assert_eq!(read(&one), read(&two));
    assert_eq!(read(&two), read(&again));
    let other_seed = run(
        &dir,
        "seed",
        "random-disruptions",
        &["--replications", "6", "--seed", "7"],
    );
    assert_ne!(read(&one), read(&other_seed));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn shipments_with_no_way_to_their_destination_are_counted_as_stranded() {
    let dir = scratch("stranded");
    let file = dir.join("shut.toml");
    std::fs::write(
        &file,
        "extends = \"instc\"\nname = \"shut\"\n\n[[disruptions]]\ntarget = \"border:astara\"\nstart_day = 30.0\npolicy = \"wait\"\n",
    )
    .unwrap();
    let folder = run(&dir, "shut", file.to_str().unwrap(), &[]);
    let s = summary(&folder);
    let west = s["routes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "instc-west")
        .unwrap();
    let stranded = west["stranded"].as_u64().unwrap();
    assert!(stranded > 0, "{west}");
    assert_eq!(
        west["arrived"].as_u64().unwrap() + west["in_transit"].as_u64().unwrap() + stranded,
        west["shipments"].as_u64().unwrap()
    );
    let in_csv = rows(&folder)
        .iter()
        .filter(|r| r["route"] == "instc-west" && r["status"] == "stranded")
        .count() as u64;
    assert_eq!(in_csv, stranded);
    for r in s["routes"].as_array().unwrap() {
        if r["id"] != "instc-west" {
            assert_eq!(r["stranded"], 0, "{r}");
        }
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn an_unknown_target_names_the_key_and_suggests_the_valid_one() {
    let dir = scratch("unknown-target");
    let file = dir.join("typo.toml");
    std::fs::write(
        &file,
        "extends = \"baseline\"\nname = \"typo\"\n\n[[disruptions]]\ntarget = \"passage:bab-el-mandab\"\nstart_day = 10.0\n",
    )
    .unwrap();
    let out = corridor()
        .args(["validate"])
        .arg(&file)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("typo.toml:5"), "{err}");
    assert!(err.contains("disruptions[0].target"), "{err}");
    assert!(
        err.contains("did you mean `passage:bab-el-mandeb`"),
        "{err}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_target_of_the_wrong_kind_and_a_partial_port_closure_are_explained() {
    let dir = scratch("target-kind");
    let check = |body: &str, wanted: &str| {
        let file = dir.join("bad.toml");
        std::fs::write(
            &file,
            format!("extends = \"baseline\"\nname = \"bad\"\n\n[[disruptions]]\n{body}"),
        )
        .unwrap();
        let out = corridor()
            .arg("validate")
            .arg(&file)
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(wanted), "{err}");
    };
    check(
        "target = \"strait:hormuz\"\nstart_day = 1.0\n",
        "did you mean `passage:hormuz`",
    );
    check(
        "target = \"port:RUVVO\"\nstart_day = 1.0\ncapacity_factor = 0.5\n",
        "disruptions[0].capacity_factor",
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn every_disruption_scenario_validates_and_runs() {
    let dir = scratch("disruption-scenarios");
    for name in [
        "red-sea-crisis",
        "hormuz-closure",
        "astara-closure",
        "vladivostok-typhoon",
        "random-disruptions",
    ] {
        let out = corridor().args(["validate", name]).output().expect("runs");
        assert!(
            out.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let folder = run(&dir, name, name, &["--replications", "1"]);
        let s = summary(&folder);
        assert!(!s["disruptions"].as_array().unwrap().is_empty(), "{name}");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

/// paths.csv: path id → (distance km, places).
fn paths(folder: &Path) -> HashMap<String, (f64, String)> {
    let mut csv = csv::Reader::from_path(folder.join("paths.csv")).expect("paths.csv");
    csv.records()
        .map(|r| {
            let r = r.expect("a row");
            (
                r[0].to_string(),
                (r[3].parse().expect("km"), r[4].to_string()),
            )
        })
        .collect()
}

/// `corridor route FROM TO` with these options: its distance, km.
fn network_km(from: &str, to: &str, options: &[&str]) -> f64 {
    let out = corridor()
        .args(["route", from, to, "--json"])
        .args(options)
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    v["distance_km"].as_f64().expect("distance_km")
}

#[test]
fn hormuz_and_astara_closures_reroute_by_the_network() {
    let dir = scratch("hormuz-astara");
    let hormuz = run(&dir, "h", "hormuz-closure", &["--replications", "1"]);
    let rows_h = rows(&hormuz);
    let replanned_paths = |rows: &[HashMap<String, String>], route: &str| -> Vec<String> {
        rows.iter()
            .filter(|r| r["route"] == route && r["replanned"] == "true")
            .map(|r| r["path"].clone())
            .collect()
    };
    let known = paths(&hormuz);
    // Each branch lands at Chabahar and trucks to Bandar Abbas, then keeps
    // its own way north: the Caspian branch stays on the Caspian.
    for (route, north) in [
        ("instc-west", "Astara"),
        ("instc-caspian", "Bandar Anzali"),
        ("instc-east", "Sarakhs"),
    ] {
        let id = format!("{route}/avoid-hormuz");
        assert!(
            replanned_paths(&rows_h, route).contains(&id),
            "{route}: {:?}",
            replanned_paths(&rows_h, route)
        );
        let (km, places) = &known[&id];
        assert!(
            places.contains("Chabahar") && places.contains(north),
            "{places}"
        );
        // The re-routed distance is the planned one with the sailing to
        // Bandar Abbas replaced by the network's sailing to Chabahar and
        // the scenario's 700 km road.
        let expected = known[route].0 - network_km("nhava-sheva", "bandar-abbas", &[])
            + network_km("nhava-sheva", "chabahar", &[])
            + 700.0;
        assert!(
            (km - expected).abs() < 0.01,
            "{route}: {km} against {expected}"
        );
        assert!(*km > known[route].0, "{route}: the way round is longer");
    }

    // Astara: re-routed at Rasht, the last terminal before the post, by
    // the network round the border (the Caspian ferry from Anzali).
    let astara = run(&dir, "a", "astara-closure", &["--replications", "1"]);
    let id = "instc-west/avoid-border-astara";
    assert!(
        replanned_paths(&rows(&astara), "instc-west").contains(&id.to_string()),
        "{:?}",
        replanned_paths(&rows(&astara), "instc-west")
    );
    let known = paths(&astara);
    let planned_tail = network_km("rasht", "astara-az", &["--mode", "road"])
        + network_km("astara-az", "moscow", &["--mode", "rail"]);
    let around = network_km(
        "rasht",
        "moscow",
        &[
            "--mode",
            "rail",
            "--mode",
            "ferry",
            "--avoid",
            "border:astara",
        ],
    );
    let expected = known["instc-west"].0 - planned_tail + around;
    assert!(
        (known[id].0 - expected).abs() < 0.01,
        "paths.csv {} km, the network's route avoiding border:astara gives {expected} km",
        known[id].0
    );
    assert!(known[id].1.contains("Astrakhan") && !known[id].1.contains("Astara"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_liner_service_or_port_closure_holds_the_boxes_booked_on_it() {
    let dir = scratch("liner-closure");
    // Baseline's emc route books the emc-direct liner at Chennai; the other
    // routes ride other liners from Chennai, and the service closure must
    // not touch them.
    for (name, target, route_hit, untouched) in [
        ("svc", "service:emc-direct", "emc", "suez"),
        ("port", "port:chennai", "emc", ""),
    ] {
        let file = dir.join(format!("{name}.toml"));
        std::fs::write(
            &file,
            format!(
                "extends = \"baseline\"\nname = \"{name}\"\n\n[[disruptions]]\ntarget = \"{target}\"\nstart_day = 20.0\nduration_days = 14.0\npolicy = \"wait\"\n"
            ),
        )
        .unwrap();
        let out = corridor()
            .args(["validate"])
            .arg(&file)
            .output()
            .expect("runs");
        let text = String::from_utf8_lossy(&out.stderr).to_string()
            + &String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "{text}");
        assert!(!text.contains("no route meets"), "{target}: {text}");
        let folder = run(&dir, name, file.to_str().unwrap(), &["--replications", "1"]);
        let all = rows(&folder);
        let held: Vec<&HashMap<String, String>> = all
            .iter()
            .filter(|r| r["route"] == route_hit && r["replanned"] == "true")
            .collect();
        assert!(!held.is_empty(), "{target}: no {route_hit} box was held");
        for r in &held {
            assert_eq!(r["disruption"], target);
            // Held until the reopening on day 34, so it sails after it.
            assert!(num(r, "depart_day") < 34.0);
        }
        // Boxes booked long after the reopening are not held.
        assert!(
            all.iter()
                .filter(|r| r["route"] == route_hit && num(r, "depart_day") > 60.0)
                .all(|r| r["replanned"] == "false")
        );
        if !untouched.is_empty() {
            assert!(
                all.iter()
                    .filter(|r| r["route"] == untouched)
                    .all(|r| r["replanned"] == "false"),
                "{untouched} rides another liner"
            );
        }
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Ships already at sea when a closure is announced re-plan from where
/// they are (docs/scenarios.md, "Ships at sea"). One ship a day sails
/// Colombo → Rotterdam; Bab-el-Mandeb (≈2,200 nm out) closes on day 20 for
/// 30 days, announced the same day: ships that left on days 0–13 are past
/// it, those of days 14–19 are at sea short of it, the later ones decide in
/// Colombo.
mod at_sea {
    use super::*;

    fn scenario(dir: &Path, name: &str, disruption: &str) -> PathBuf {
        let file = dir.join(format!("{name}.toml"));
        let text = format!(
            "name = \"{name}\"\nseed = 7\nreplications = 2\nhorizon_days = 200\nreference_route = \"direct\"\n\n\
             [departures]\nfirst_day = 0.0\nevery_days = 1.0\ncount = 30\nteu = 40.0\n\n\
             [routes.direct]\nlegs = [ {{ kind = \"sea\", from = \"colombo\", to = \"rotterdam\", vessel = \"panamax-4300\" }} ]\n\n\
             {disruption}"
        );
        std::fs::write(&file, text).unwrap();
        file
    }

    fn closure(policy: &str) -> String {
        format!(
            "[[disruptions]]\ntarget = \"passage:bab-el-mandeb\"\nstart_day = 20.0\nduration_days = 30.0\npolicy = {policy}\n"
        )
    }

    /// Rows of replication 0, by departure day.
    fn by_day(folder: &Path) -> Vec<HashMap<String, String>> {
        let mut out: Vec<_> = rows(folder)
            .into_iter()
            .filter(|r| r["replication"] == "0")
            .collect();
        out.sort_by(|a, b| num(a, "depart_day").total_cmp(&num(b, "depart_day")));
        assert_eq!(out.len(), 30);
        out
    }

    #[test]
    fn a_ship_short_of_the_closed_passage_diverts_from_where_it_is() {
        let dir = scratch("at-sea-reroute");
        let file = scenario(&dir, "reroute", &closure("\"reroute\""));
        let folder = run(&dir, "reroute", file.to_str().unwrap(), &[]);
        let ships = by_day(&folder);
        // Calm sailing days: the distance at one speed, without weather.
        let sailing = |r: &HashMap<String, String>| num(r, "time_sailing_days");
        let planned = sailing(&ships[0]);
        let from_port = sailing(&ships[25]);
        assert_eq!(ships[25]["path"], "direct/avoid-bab-el-mandeb");
        assert!(from_port > planned + 5.0, "{from_port} vs {planned}");
        let at_sea: Vec<_> = ships
            .iter()
            .filter(|r| r["path"].starts_with("direct/avoid-bab-el-mandeb/at-sea-"))
            .collect();
        assert!(at_sea.len() >= 3, "{} ships diverted at sea", at_sea.len());
        let mut further_out = f64::INFINITY;
        let mut differs = 0;
        for r in &at_sea {
            let depart = num(r, "depart_day");
            assert!((14.0..20.0).contains(&depart), "{r:?}");
            assert_eq!(r["replanned"], "true");
            assert_eq!(r["disruption"], "passage:bab-el-mandeb");
            // It sailed out for at most (20 − depart) days before the news,
            // then at worst back to Colombo: between the way round from
            // Colombo and that plus twice the miles out.
            let s = sailing(r);
            assert!(s >= from_port - 1e-6, "{r:?}");
            assert!(s <= from_port + 2.0 * (20.0 - depart), "{r:?}");
            // The further out it was, the more it sailed in vain.
            assert!(s <= further_out + 1e-6, "{r:?}");
            further_out = s;
            if s > from_port + 0.5 {
                differs += 1;
            }
        }
        assert!(differs >= 2, "ships well out sail more than from Colombo");
        // paths.csv: the ways round from sea are neither the plan nor the
        // way round from Colombo.
        let km = paths(&folder);
        let far = &at_sea[0]["path"];
        assert!(km[far.as_str()].0 > km["direct/avoid-bab-el-mandeb"].0 + 100.0);
        assert!(km["direct/avoid-bab-el-mandeb"].0 > km["direct"].0 + 5000.0);
        // Counted as re-planned in summary.json: 16 from day 14 on, per replication.
        let s = summary(&folder);
        let replanned = s["routes"][0]["replanned"].as_u64().unwrap();
        let in_csv = rows(&folder)
            .iter()
            .filter(|r| r["replanned"] == "true")
            .count() as u64;
        assert_eq!(replanned, in_csv);
        assert!(in_csv >= 2 * (10 + 3), "{in_csv}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_ship_past_the_passage_is_unaffected() {
        let dir = scratch("at-sea-past");
        let open = scenario(&dir, "open", "");
        let closed = scenario(&dir, "closed", &closure("\"reroute\""));
        let open = by_day(&run(&dir, "open", open.to_str().unwrap(), &[]));
        let closed = by_day(&run(&dir, "closed", closed.to_str().unwrap(), &[]));
        let mut past = 0;
        for (a, b) in open.iter().zip(&closed) {
            if b["replanned"] == "false" {
                past += 1;
                assert_eq!(b["path"], "direct");
                for key in [
                    "arrive_day",
                    "cost_usd_per_teu",
                    "time_sailing_days",
                    "time_weather_days",
                ] {
                    assert_eq!(a[key], b[key], "{key}: {a:?} {b:?}");
                }
            }
        }
        assert!(past >= 10, "{past} ships past the strait on day 20");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn wait_holds_a_ship_at_sea_before_the_passage_until_it_reopens() {
        let dir = scratch("at-sea-wait");
        let file = scenario(&dir, "wait", &closure("\"wait\""));
        let ships = by_day(&run(&dir, "wait", file.to_str().unwrap(), &[]));
        let planned = num(&ships[0], "time_sailing_days");
        let mut held = 0;
        for r in ships.iter().filter(|r| num(r, "depart_day") < 20.0) {
            assert_eq!(r["path"], "direct", "waiting keeps the path");
            if r["replanned"] == "true" {
                held += 1;
                assert_eq!(num(r, "time_sailing_days"), planned, "{r:?}");
                // At anchor from its arrival off the strait (day 20–26)
                // until day 50, then ≥ 3,000 nm on (≥ 7 days).
                assert!(num(r, "time_berth_wait_days") > 23.0, "{r:?}");
                assert!(num(r, "arrive_day") > 57.0, "{r:?}");
            } else {
                assert!(num(r, "arrive_day") < 40.0, "{r:?}");
            }
        }
        assert!(held >= 3, "{held} ships held at sea");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn diversions_at_sea_are_the_same_for_any_thread_count() {
        let dir = scratch("at-sea-threads");
        let file = scenario(
            &dir,
            "threads",
            &closure("{ reroute_if_longer_than_days = 7 }"),
        );
        let file = file.to_str().unwrap();
        let reps = ["--replications", "4"];
        let one = run(
            &dir,
            "one",
            file,
            &[&reps[..], &["--threads", "1"]].concat(),
        );
        let two = run(
            &dir,
            "two",
            file,
            &[&reps[..], &["--threads", "2"]].concat(),
        );
        let read = |f: &Path| std::fs::read(f.join("shipments.csv")).unwrap();
        assert_eq!(read(&one), read(&two));
        assert!(
            rows(&one).iter().any(|r| r["path"].contains("/at-sea-")),
            "some ships diverted at sea"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
