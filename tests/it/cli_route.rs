//! `corridor route` and `corridor ports` through the binary: JSON keys,
//! GeoJSON files, exit codes and messages for bad input.

use crate::common::corridor;
use predicates::prelude::*;

fn route_json(args: &[&str]) -> serde_json::Value {
    let out = corridor()
        .arg("route")
        .args(args)
        .arg("--json")
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("stdout is one JSON object")
}

fn strings(value: &serde_json::Value) -> Vec<String> {
    value
        .as_array()
        .expect("an array")
        .iter()
        .map(|v| v.as_str().expect("a string").to_string())
        .collect()
}

#[test]
fn chennai_to_vladivostok_json_has_the_documented_keys() {
    let json = route_json(&["chennai", "vladivostok"]);
    let nm = json["distance_nm"].as_f64().expect("distance_nm");
    let km = json["distance_km"].as_f64().expect("distance_km");
    assert!((4_400.0..5_647.0).contains(&nm), "{nm}");
    assert!((km / nm - 1.852).abs() < 1e-9);
    assert!(strings(&json["passages"]).contains(&"malacca".to_string()));
    let legs = json["legs"].as_array().expect("legs");
    assert!(!legs.is_empty());
    for key in [
        "from",
        "to",
        "mode",
        "distance_km",
        "distance_nm",
        "passage",
        "region",
        "gauge_mm",
        "border",
    ] {
        assert!(legs[0].get(key).is_some(), "leg key {key}");
    }
    let days = json["days"].as_f64().expect("days");
    assert!(
        (days - nm / 14.0 / 24.0).abs() < 1e-9,
        "default speed is 14 kn"
    );
}

#[test]
fn chennai_to_st_petersburg_avoiding_suez_goes_round_the_cape() {
    let json = route_json(&["chennai", "st petersburg", "--avoid", "suez"]);
    let passages = strings(&json["passages"]);
    assert!(passages.contains(&"cape".to_string()), "{passages:?}");
    assert!(!passages.contains(&"suez".to_string()));
    let via_suez = route_json(&["INMAA", "RULED"]);
    assert!(json["distance_nm"].as_f64() > via_suez["distance_nm"].as_f64());
}

#[test]
fn speed_sets_the_days() {
    let json = route_json(&["chennai", "vladivostok", "--speed-kn", "20"]);
    let nm = json["distance_nm"].as_f64().expect("distance_nm");
    assert!((json["days"].as_f64().expect("days") - nm / 20.0 / 24.0).abs() < 1e-9);
}

#[test]
fn text_output_names_distance_passages_and_legs() {
    corridor()
        .args(["route", "chennai", "vladivostok"])
        .assert()
        .success()
        .stdout(predicate::str::contains("nm"))
        .stdout(predicate::str::contains("passages        malacca"))
        .stdout(predicate::str::contains("days at 14 kn"))
        .stdout(predicate::str::contains("sea-of-japan"));
}

#[test]
fn text_table_joins_lanes_into_stretches_that_add_up() {
    // MARNET gives Chennai → Vladivostok dozens of short lanes; the table
    // shows one row per stretch of the same region and passage, and its km
    // add up to the route's, which --json lists lane by lane.
    let out = corridor()
        .args(["route", "chennai", "vladivostok"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    let rows: Vec<&str> = text
        .lines()
        .filter(|l| l.trim_start().starts_with(char::is_numeric) && l.contains(" sea "))
        .collect();
    let json = route_json(&["chennai", "vladivostok"]);
    let lanes = json["legs"].as_array().expect("legs").len();
    assert!(
        rows.len() < lanes / 2,
        "{} rows for {lanes} lanes:\n{text}",
        rows.len()
    );
    assert!(
        text.contains(&format!("{lanes} legs in {} stretches", rows.len())),
        "{text}"
    );
    let km: f64 = rows
        .iter()
        .map(|r| {
            let cells: Vec<&str> = r.split_whitespace().collect();
            let mode = cells.iter().position(|c| *c == "sea").unwrap();
            cells[mode + 2].replace(',', "").parse::<f64>().unwrap()
        })
        .sum();
    let total = json["distance_km"].as_f64().unwrap();
    // Each row rounds to a km.
    assert!(
        (km - total).abs() <= rows.len() as f64,
        "{km} km in rows, {total} km in all"
    );
    // Consecutive rows differ in region or passage (else they would be one).
    for pair in rows.windows(2) {
        let notes = |r: &str| r.split("  ").last().unwrap().replace(char::is_numeric, "");
        assert_ne!(notes(pair[0]), notes(pair[1]), "{pair:?}");
    }
}

#[test]
fn ports_are_found_by_locode_across_the_world() {
    // Ports of the world table (not curated), by LOCODE as the independent
    // checks call them, and by name with accents and other spellings.
    let json = route_json(&["INCCU", "DEHAM"]);
    assert_eq!(json["from_name"], "Calcutta");
    assert_eq!(json["to_name"], "Hamburg");
    let json = route_json(&["Kolkata", "hamburg"]);
    assert_eq!(json["from"], "inccu");
    assert_eq!(
        json["to"], "deham",
        "Hamburg, Germany beats Hamburg, New York"
    );
    let json = route_json(&["INMAA", "RUVVO"]);
    assert_eq!(json["from"], "chennai");
    assert_eq!(json["to"], "vladivostok");
}

#[test]
fn multimodal_route_by_the_instc() {
    let json = route_json(&[
        "nhava sheva",
        "moscow",
        "--mode",
        "sea",
        "--mode",
        "rail",
        "--mode",
        "road",
        "--mode",
        "ferry",
    ]);
    let modes = strings(&json["modes"]);
    assert!(
        modes.contains(&"sea".to_string()) && modes.len() >= 2,
        "{modes:?}"
    );
}

#[test]
fn geojson_is_written_whole() {
    let dir = std::env::temp_dir().join(format!("corridor-route-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("nsr.geojson");
    corridor()
        .args(["route", "murmansk", "vladivostok", "--ice-class", "ice1"])
        .arg("--geojson")
        .arg(&file)
        .assert()
        .success();
    let text = std::fs::read_to_string(&file).expect("written");
    let json: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
    assert_eq!(json["type"], "FeatureCollection");
    assert!(text.contains("MultiLineString"), "split at 180°");
    let leftovers: Vec<_> = std::fs::read_dir(&dir)
        .expect("list")
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().contains(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "no temporary file is left behind");
    let _ = std::fs::remove_dir_all(&dir);
}

/// Where `--geojson` writes: `-`, FIFOs, devices and symlinks keep what
/// they are; only a regular file is replaced (whole).
mod geojson_destinations {
    use super::*;
    use std::path::{Path, PathBuf};

    fn scratch(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("corridor-route-dest-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp dir");
        dir
    }

    fn is_feature_collection(bytes: &[u8]) -> bool {
        serde_json::from_slice::<serde_json::Value>(bytes)
            .is_ok_and(|v| v["type"] == "FeatureCollection")
    }

    #[test]
    fn a_dash_is_standard_output_and_the_table_goes_to_stderr() {
        let dir = scratch("dash");
        let out = corridor()
            .current_dir(&dir)
            .args(["route", "chennai", "colombo", "--geojson", "-"])
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        assert!(
            is_feature_collection(&out.stdout),
            "stdout is the GeoJSON alone"
        );
        assert!(String::from_utf8_lossy(&out.stderr).contains("Chennai"));
        assert!(!dir.join("-").exists(), "no file named `-`");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_dash_with_json_is_refused() {
        corridor()
            .args(["route", "chennai", "colombo", "--json", "--geojson", "-"])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("both write to standard output"));
    }

    #[cfg(unix)]
    fn mkfifo(path: &Path) {
        assert!(
            std::process::Command::new("mkfifo")
                .arg(path)
                .status()
                .unwrap()
                .success()
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_is_written_through_and_stays_a_fifo() {
        use std::os::unix::fs::FileTypeExt;
        let dir = scratch("fifo");
        let fifo = dir.join("route.geojson");
        mkfifo(&fifo);
        let reader = {
            let fifo = fifo.clone();
            std::thread::spawn(move || std::fs::read(fifo).unwrap())
        };
        corridor()
            .args(["route", "chennai", "colombo", "--geojson"])
            .arg(&fifo)
            .timeout(std::time::Duration::from_secs(30))
            .assert()
            .success();
        assert!(is_feature_collection(&reader.join().unwrap()));
        let kind = std::fs::symlink_metadata(&fifo).unwrap().file_type();
        assert!(kind.is_fifo(), "still a FIFO: {kind:?}");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_is_followed_not_replaced() {
        let dir = scratch("symlink");
        let real = dir.join("real.geojson");
        std::fs::write(&real, "old").unwrap();
        let link = dir.join("link.geojson");
        std::os::unix::fs::symlink("real.geojson", &link).unwrap();
        corridor()
            .args(["route", "chennai", "colombo", "--geojson"])
            .arg(&link)
            .assert()
            .success();
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert!(is_feature_collection(&std::fs::read(&real).unwrap()));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[cfg(unix)]
    #[test]
    fn a_dangling_symlink_or_a_folder_is_refused() {
        let dir = scratch("dangling");
        let link = dir.join("link.geojson");
        std::os::unix::fs::symlink("nowhere/x.geojson", &link).unwrap();
        for target in [link.as_path(), dir.as_path()] {
            corridor()
                .args(["route", "chennai", "colombo", "--geojson"])
                .arg(target)
                .assert()
                .code(2)
                .stderr(predicate::str::contains("cannot write"));
        }
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}

/// What `route` shows must not mislead: hints that work when followed,
/// no empty route, land legs never timed at a ship's speed nor in nm.
mod honest_output {
    use super::*;

    #[test]
    fn the_more_modes_hint_works_when_followed() {
        let out = corridor()
            .args(["route", "mumbai", "moscow"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        let stderr = String::from_utf8_lossy(&out.stderr);
        let flags = stderr
            .split("use ")
            .nth(1)
            .and_then(|rest| rest.lines().next())
            .unwrap_or_else(|| panic!("no `use --mode …` hint in:\n{stderr}"));
        assert!(flags.contains("--mode sea"), "{flags}");
        let args: Vec<&str> = flags.split_whitespace().collect();
        corridor()
            .args(["route", "mumbai", "moscow"])
            .args(&args)
            .assert()
            .success()
            .stdout(predicate::str::contains("Mumbai → Moscow"));
    }

    #[test]
    fn a_route_from_a_place_to_itself_is_an_input_error() {
        corridor()
            .args(["route", "chennai", "INMAA"])
            .assert()
            .code(2)
            .stdout(predicate::str::is_empty())
            .stderr(predicate::str::contains("are the same place (Chennai)"));
    }

    #[test]
    fn land_legs_are_shown_in_km_and_not_timed_at_sea_speed() {
        let out = corridor()
            .args(["route", "mumbai", "moscow", "--mode", "any"])
            .output()
            .unwrap();
        assert!(out.status.success());
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            text.contains("km by land") && text.contains("nm by water"),
            "{text}"
        );
        assert!(text.contains("land legs not timed here"), "{text}");
        assert!(!text.contains("for the whole distance"), "{text}");
        let road = text
            .lines()
            .find(|l| l.trim_start().starts_with(char::is_numeric) && l.contains(" road "))
            .expect("a road leg");
        // The nm column of a road leg is a dash; its km are shown.
        let cells: Vec<&str> = road.split_whitespace().collect();
        let mode = cells.iter().position(|c| *c == "road").unwrap();
        assert_eq!(cells[mode + 1], "–", "{road}");
        assert!(cells[mode + 2].replace(',', "").parse::<f64>().unwrap() > 0.0);
        let json = route_json(&["mumbai", "moscow", "--mode", "any"]);
        assert!(json["days"].is_null(), "no whole-route days at sea speed");
        assert!(json["land_km"].as_f64().unwrap() > 1_000.0);
        assert!(json["water_days"].as_f64().unwrap() > 0.0);
    }

    #[test]
    fn geojson_names_node_kinds_and_lists_passages() {
        let out = corridor()
            .args([
                "route",
                "mumbai",
                "moscow",
                "--mode",
                "any",
                "--geojson",
                "-",
            ])
            .output()
            .unwrap();
        assert!(out.status.success());
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let features = json["features"].as_array().unwrap();
        let ferry = features
            .iter()
            .find(|f| f["properties"]["mode"] == "ferry")
            .expect("a ferry leg");
        assert_eq!(
            ferry["properties"]["passages"],
            serde_json::json!(["caspian", "volga-caspian"])
        );
        let road = features
            .iter()
            .find(|f| f["properties"]["mode"] == "road")
            .unwrap();
        assert_eq!(road["properties"]["passages"], serde_json::json!([]));
        let moscow = features
            .iter()
            .find(|f| f["properties"]["role"] == "destination")
            .unwrap();
        assert_eq!(moscow["properties"]["kind"], "rail-terminal");
    }
}

#[test]
fn an_unknown_port_suggests_names_and_exits_2() {
    corridor()
        .args(["route", "chenai", "vladivostok"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown port or node `chenai`"))
        .stderr(predicate::str::contains("did you mean Chennai (INMAA)"));
}

#[test]
fn an_unknown_passage_exits_2() {
    corridor()
        .args(["route", "chennai", "rotterdam", "--avoid", "sues"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did you mean suez"));
}

/// `--avoid KIND:NAME` with a name the network does not know: the message
/// names the kind (never "unknown passage" for a border), lists or points
/// to the valid names, suggests the closest, and exits 2.
mod unknown_avoided_elements {
    use super::*;

    fn avoid(element: &str) -> assert_cmd::assert::Assert {
        corridor()
            .args(["route", "chennai", "rotterdam", "--avoid", element])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("unknown passage").not())
    }

    #[test]
    fn border() {
        avoid("border:astra")
            .stderr(predicate::str::contains("unknown border `astra`"))
            .stderr(predicate::str::contains(
                "known borders: astara, sarakhs, yalama",
            ))
            .stderr(predicate::str::contains("did you mean `astara`?"));
        // Nothing near: the list alone.
        avoid("border:xyz")
            .stderr(predicate::str::contains(
                "unknown border `xyz`; known borders: astara",
            ))
            .stderr(predicate::str::contains("did you mean").not());
    }

    #[test]
    fn port() {
        avoid("port:rotterdum")
            .stderr(predicate::str::contains("unknown port `rotterdum`"))
            .stderr(predicate::str::contains("corridor ports"))
            .stderr(predicate::str::contains("did you mean `rotterdam`?"));
    }

    #[test]
    fn link() {
        avoid("link:rasht-astra-rail")
            .stderr(predicate::str::contains("unknown link `rasht-astra-rail`"))
            .stderr(predicate::str::contains(
                "did you mean `rasht-astara-rail`?",
            ));
    }

    #[test]
    fn region() {
        avoid("region:arabian-se")
            .stderr(predicate::str::contains("unknown region `arabian-se`"))
            .stderr(predicate::str::contains("known regions: "))
            .stderr(predicate::str::contains("arabian-sea"))
            .stderr(predicate::str::contains("did you mean `arabian-sea`?"));
    }

    #[test]
    fn passage_and_canal() {
        for element in ["passage:hormz", "canal:sues"] {
            corridor()
                .args(["route", "chennai", "rotterdam", "--avoid", element])
                .assert()
                .code(2)
                .stderr(predicate::str::contains("unknown passage `"))
                .stderr(predicate::str::contains("known passages: "));
        }
    }

    #[test]
    fn a_wrong_kind_suggests_the_right_one() {
        avoid("strait:hormuz")
            .stderr(predicate::str::contains("unknown kind `strait`"))
            .stderr(predicate::str::contains("border:NAME"))
            .stderr(predicate::str::contains("did you mean `passage:hormuz`?"));
    }
}

#[test]
fn no_route_names_the_restriction_and_exits_2() {
    corridor()
        .args(["route", "chennai", "moscow"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "no route from Chennai (INMAA) to Moscow",
        ))
        .stderr(predicate::str::contains("--mode rail"));
}

#[test]
fn an_unwritable_geojson_path_is_an_input_error() {
    corridor()
        .args([
            "route",
            "chennai",
            "colombo",
            "--geojson",
            "/nonexistent-dir/x.geojson",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot write"));
}

#[test]
fn ports_lists_every_place() {
    let out = corridor().args(["ports", "--json"]).output().expect("runs");
    assert!(out.status.success());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let ports = json.as_array().expect("an array");
    assert!(ports.len() >= 35);
    assert!(ports.iter().any(|p| p["locode"] == "INMAA"));
    assert!(ports.iter().all(|p| p["kind"] != "waypoint"));
    corridor()
        .arg("ports")
        .assert()
        .success()
        .stdout(predicate::str::contains("Vladivostok"))
        .stdout(predicate::str::contains("sea waypoints"));
}

#[test]
fn an_all_sea_route_has_zero_land_km_not_minus_zero() {
    let json = route_json(&["chennai", "vladivostok"]);
    assert_eq!(json["land_km"].to_string(), "0.0");
}
