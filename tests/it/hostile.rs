//! Inputs that try to break `corridor`: empty, binary, huge and deeply nested
//! files, absurd numbers, routes that loop or do not join, `extends` cycles
//! and escapes, unknown names. Each must end in a clear input error (exit
//! code 2, naming the file and, where there is one, the line and key) or in
//! a run that stops; never in a panic. Static inputs live in
//! `tests/fixtures/hostile/`; the large ones are generated here, in a
//! temporary folder, and never committed. A crash the fuzz target
//! (`fuzz/`) finds becomes a test here, with its input as a fixture.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

fn corridor() -> Command {
    Command::cargo_bin("corridor").expect("the binary is built")
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/hostile")
        .join(name)
}

/// A fresh folder under the system temp dir, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let dir =
            std::env::temp_dir().join(format!("corridor-hostile-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp dir");
        TempDir(dir)
    }

    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Checks a failed command: exit code 2, one `error:` message containing
/// every needle, no panic, and nothing on stdout.
fn assert_input_error(out: &std::process::Output, needles: &[&str]) -> String {
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(2), "stderr:\n{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(stderr.starts_with("error: "), "{stderr}");
    for needle in needles {
        assert!(stderr.contains(needle), "missing `{needle}` in:\n{stderr}");
    }
    assert!(
        out.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    stderr
}

/// `corridor validate FILE` and `corridor run FILE` both refuse the file
/// with the same message; the run writes nothing.
fn refused(file: &Path, needles: &[&str]) -> String {
    let validate = corridor().arg("validate").arg(file).output().unwrap();
    let message = assert_input_error(&validate, needles);
    let out = TempDir::new(&format!(
        "run-{}",
        file.file_name().unwrap().to_string_lossy()
    ));
    let run_dir = out.path().join("run");
    let run = corridor()
        .arg("run")
        .arg(file)
        .args(["--no-plots", "--out"])
        .arg(&run_dir)
        .output()
        .unwrap();
    assert_input_error(&run, needles);
    assert!(
        !run_dir.join("shipments.csv").exists(),
        "a refused scenario wrote results"
    );
    message
}

fn refused_fixture(name: &str, needles: &[&str]) -> String {
    let mut all = vec![name];
    all.extend_from_slice(needles);
    refused(&fixture(name), &all)
}

mod files {
    use super::*;

    #[test]
    fn an_empty_file_is_refused() {
        refused_fixture("empty.toml", &["is empty"]);
    }

    #[test]
    fn binary_bytes_are_refused_as_not_text() {
        refused_fixture("binary.toml", &["not UTF-8", "offset 19"]);
    }

    #[test]
    fn a_100_mb_file_is_refused_without_being_read() {
        let dir = TempDir::new("huge");
        let path = dir.path().join("huge.toml");
        // A valid start, then 100 MB of comment lines: only the size is wrong.
        let mut file = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
        use std::io::Write;
        writeln!(file, "extends = \"baseline\"\nname = \"huge\"").unwrap();
        let line = format!("# {}\n", "x".repeat(1021));
        for _ in 0..100 * 1024 {
            file.write_all(line.as_bytes()).unwrap();
        }
        file.flush().unwrap();
        drop(file);
        assert!(std::fs::metadata(&path).unwrap().len() > 100 * 1024 * 1024);
        refused(&path, &["huge.toml", "bytes; scenario files are at most"]);
    }

    #[test]
    fn a_missing_file_is_an_input_error() {
        let dir = TempDir::new("missing");
        let path = dir.path().join("no-such-scenario.toml");
        refused(&path, &["no-such-scenario.toml", "cannot read"]);
    }

    /// A FIFO that no one writes to: opening it for reading would block for
    /// ever, so it must be refused before it is opened.
    #[cfg(unix)]
    fn make_fifo(path: &Path) {
        let status = std::process::Command::new("mkfifo")
            .arg(path)
            .status()
            .expect("mkfifo runs");
        assert!(status.success(), "mkfifo {}", path.display());
    }

    #[cfg(unix)]
    #[test]
    fn a_device_that_reports_size_zero_is_refused_unread() {
        // /dev/zero says its size is 0 and never ends: it used to be read
        // (9 GB in 46 s) until memory ran out.
        let out = corridor()
            .args(["validate", "/dev/zero"])
            .timeout(std::time::Duration::from_secs(20))
            .output()
            .unwrap();
        assert_input_error(&out, &["/dev/zero", "is a device, not a regular file"]);
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_is_refused_without_blocking() {
        let dir = TempDir::new("fifo");
        let fifo = dir.path().join("fifo.toml");
        make_fifo(&fifo);
        let out = corridor()
            .arg("validate")
            .arg(&fifo)
            .timeout(std::time::Duration::from_secs(20))
            .output()
            .unwrap();
        assert_input_error(
            &out,
            &["fifo.toml", "is a FIFO (named pipe), not a regular file"],
        );
    }

    #[cfg(unix)]
    #[test]
    fn extends_naming_a_fifo_is_refused_without_blocking() {
        let dir = TempDir::new("extends-fifo");
        make_fifo(&dir.path().join("fifo.toml"));
        let top = dir.path().join("top.toml");
        std::fs::write(&top, "extends = \"fifo.toml\"\nname = \"top\"\n").unwrap();
        let out = corridor()
            .arg("validate")
            .arg(&top)
            .timeout(std::time::Duration::from_secs(20))
            .output()
            .unwrap();
        assert_input_error(
            &out,
            &["fifo.toml", "not a regular file", "named by `extends` in"],
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_to_a_device_is_refused() {
        let dir = TempDir::new("symlink-device");
        let link = dir.path().join("zero.toml");
        std::os::unix::fs::symlink("/dev/zero", &link).unwrap();
        let out = corridor()
            .arg("validate")
            .arg(&link)
            .timeout(std::time::Duration::from_secs(20))
            .output()
            .unwrap();
        assert_input_error(&out, &["zero.toml", "is a device"]);
    }

    #[test]
    fn a_folder_is_not_a_scenario() {
        refused(&fixture(""), &["hostile", "is a folder"]);
    }

    #[test]
    fn arrays_nested_10000_deep_are_refused_with_their_line() {
        let e = refused_fixture(
            "deep-arrays.toml",
            &["deep-arrays.toml:3:", "nested more than"],
        );
        // The 20,000-character line is cut around the marker, not printed whole.
        assert!(e.len() < 2_000, "{} bytes of message", e.len());
    }

    #[test]
    fn inline_tables_nested_5000_deep_are_refused() {
        refused_fixture(
            "deep-inline-tables.toml",
            &["deep-inline-tables.toml:3:", "nested more than"],
        );
    }

    #[test]
    fn a_table_header_20000_keys_deep_is_refused() {
        refused_fixture("deep-dotted-keys.toml", &["not valid TOML"]);
    }

    #[test]
    fn a_file_of_many_keys_is_refused_quickly() {
        // About 85,000 keys in one table, just under the size limit: the
        // merge used to scan every key for every key (quadratic, minutes).
        let dir = TempDir::new("many-keys");
        let path = dir.path().join("many-keys.toml");
        let mut text = String::from("extends = \"baseline\"\nname = \"many\"\n[departures]\n");
        for i in 0..85_000 {
            text.push_str(&format!("k{i:06} = 1\n"));
        }
        std::fs::write(&path, text).unwrap();
        let out = corridor()
            .arg("validate")
            .arg(&path)
            .timeout(std::time::Duration::from_secs(60))
            .output()
            .unwrap();
        assert_input_error(&out, &["many-keys.toml:4:1", "departures.k000000"]);
    }
}

mod numbers {
    use super::*;

    #[test]
    fn four_billion_replications_are_refused() {
        refused_fixture(
            "replications-4e9.toml",
            &[":4:1", "`replications`", "4000000000"],
        );
    }

    #[test]
    fn a_billion_replications_are_refused() {
        refused_fixture(
            "replications-1e9.toml",
            &[":3:1", "`replications`", "1000000000"],
        );
    }

    #[test]
    fn more_replications_than_an_integer_holds_are_refused() {
        refused_fixture(
            "replications-overflow.toml",
            &[":4:1", "`replications`", "99999999999999"],
        );
    }

    #[test]
    fn a_nan_speed_is_refused() {
        refused_fixture(
            "speed-nan.toml",
            &[":6:81", "routes.emc.legs[0].speed_kn", "finite", "NaN"],
        );
    }

    #[test]
    fn an_infinite_speed_is_refused() {
        refused_fixture(
            "speed-inf.toml",
            &[":6:81", "routes.emc.legs[0].speed_kn", "finite", "inf"],
        );
    }

    #[test]
    fn a_negative_speed_is_refused() {
        refused_fixture(
            "speed-negative.toml",
            &[
                ":6:81",
                "routes.emc.legs[0].speed_kn",
                "greater than 0",
                "-14",
            ],
        );
    }

    #[test]
    fn a_speed_of_1e_minus_300_knots_is_refused() {
        // It used to pass as "greater than 0" and then hang the run: the
        // sailing was walked day by day for ever.
        refused_fixture(
            "speed-tiny.toml",
            &[":6:81", "routes.emc.legs[0].speed_kn", "out of range"],
        );
    }

    #[test]
    fn a_nan_inside_a_distribution_is_refused() {
        refused_fixture(
            "dwell-nan.toml",
            &[":6:37", "routes.emc.legs[0].dwell_h", "finite", "NaN"],
        );
    }

    #[test]
    fn a_minus_infinite_horizon_is_refused() {
        refused_fixture(
            "horizon-inf.toml",
            &[":3:1", "`horizon_days`", "finite", "-inf"],
        );
    }

    #[test]
    fn a_cutoff_of_a_trillion_hours_is_refused() {
        // It would have made the timetable hold a slot for every departure
        // up to it: memory without bound.
        refused_fixture(
            "cutoff-huge.toml",
            &[":6:1", "services.transsib.cutoff_h", "at most 720 h"],
        );
    }

    #[test]
    fn background_demand_beyond_any_poisson_draw_is_refused() {
        // Above 1.8e19 the Poisson sampler refuses its mean: it used to
        // panic when the run started.
        refused_fixture(
            "background-huge.toml",
            &[
                ":6:1",
                "services.transsib.background_teu_per_departure",
                "out of range",
            ],
        );
    }

    #[test]
    fn other_ships_calling_millions_of_times_a_week_are_refused() {
        refused_fixture(
            "berth-time-seconds.toml",
            &[":6:1", "ports.default.background_service_h", "times a week"],
        );
    }

    #[test]
    fn millions_of_border_crossings_a_day_are_refused() {
        refused_fixture(
            "border-flood.toml",
            &[":7:1", "borders.astara.background_per_day", "at most 10000"],
        );
    }

    #[test]
    fn more_shipments_than_a_replication_can_hold_are_refused() {
        let dir = TempDir::new("shipments");
        let path = dir.path().join("shipments.toml");
        let mut text = String::from(
            "extends = \"baseline\"\nname = \"shipments\"\nhorizon_days = 3650\n\n\
             [departures]\nevery_days = 0.01\ncount = 10000\n",
        );
        for i in 0..11 {
            text.push_str(&format!(
                "\n[routes.r{i}]\nlegs = [{{ kind = \"sea\", from = \"chennai\", to = \"colombo\", vessel = \"feeder-1100\" }}]\n"
            ));
        }
        std::fs::write(&path, text).unwrap();
        refused(
            &path,
            &[
                "shipments.toml:7:1",
                "departures.count",
                "15 routes × 10000 departures",
            ],
        );
    }

    #[test]
    fn a_probability_above_one_is_refused() {
        refused_fixture(
            "probability-above-one.toml",
            &[
                ":5:51",
                "weather.bay-of-bengal.storm_day_probability[5]",
                "between 0 and 1",
                "1.5",
            ],
        );
    }
}

mod names {
    use super::*;

    #[test]
    fn an_unknown_key_is_refused_with_a_suggestion() {
        refused_fixture(
            "unknown-key.toml",
            &[":3:1", "replicatoins", "did you mean `replications`?"],
        );
    }

    #[test]
    fn an_unknown_port_is_refused() {
        refused_fixture(
            "unknown-port.toml",
            &[
                ":6:37",
                "routes.emc.legs[0].to",
                "atlantis",
                "corridor ports",
            ],
        );
    }

    #[test]
    fn a_scenario_name_too_long_for_a_folder_is_refused() {
        let dir = TempDir::new("long-name");
        let path = dir.path().join("long-name.toml");
        let name = "x".repeat(5_000);
        std::fs::write(
            &path,
            format!("extends = \"baseline\"\nname = \"{name}\"\n"),
        )
        .unwrap();
        refused(
            &path,
            &[
                "long-name.toml:2:1",
                "cannot name an output folder",
                "1 to 64",
            ],
        );
    }

    #[test]
    fn a_route_id_with_control_characters_is_refused_and_escaped() {
        let e = refused_fixture(
            "route-id-control.toml",
            &[
                ":5:",
                "cannot be a route id",
                "\\u{1b}",
                "lower-case letter",
            ],
        );
        assert!(!e.contains('\u{1b}'), "the escape reached the terminal raw");
    }

    #[test]
    fn a_route_name_with_control_characters_is_refused() {
        refused_fixture(
            "route-name-control.toml",
            &[":6:1", "routes.emc.name", "without control characters"],
        );
    }

    #[test]
    fn a_sea_leg_from_a_port_to_itself_is_refused() {
        refused_fixture(
            "sea-leg-to-itself.toml",
            &[
                ":7:",
                "routes.emc.legs[0].to",
                "Chennai",
                "to itself goes nowhere",
            ],
        );
    }

    #[test]
    fn zero_berths_in_ports_default_is_refused_though_unused() {
        refused_fixture(
            "default-berths-zero.toml",
            &[":7:1", "ports.default.berths", "from 1 to 1,000"],
        );
    }

    #[test]
    fn legs_that_do_not_join_are_refused() {
        refused_fixture(
            "legs-do-not-join.toml",
            &[
                ":8:19",
                "routes.emc.legs[1].from",
                "starts at Busan",
                "ends at Singapore",
            ],
        );
    }
}

/// How a command-line argument picks a scenario: a bare built-in name is
/// the built-in whatever lies in the current folder; a path is a file, and a
/// missing one says which built-in scenario was perhaps meant.
mod scenario_names {
    use super::*;

    #[test]
    fn a_misspelt_built_in_name_suggests_the_right_one_and_lists_them() {
        let dir = TempDir::new("instcc");
        let out = corridor()
            .current_dir(dir.path())
            .args(["validate", "instcc"])
            .output()
            .unwrap();
        assert_input_error(
            &out,
            &[
                "instcc",
                "did you mean the built-in scenario `instc`?",
                "built-in scenarios: baseline, instc,",
            ],
        );
    }

    #[test]
    fn a_missing_file_does_not_silently_run_the_built_in_of_that_name() {
        let dir = TempDir::new("missing-instc");
        let out = corridor()
            .current_dir(dir.path())
            .args(["validate", "scenarios/instc.toml"])
            .output()
            .unwrap();
        assert_input_error(
            &out,
            &[
                "scenarios/instc.toml",
                "cannot read",
                "`instc` is also a built-in scenario: `corridor run instc` runs it",
            ],
        );
    }

    #[test]
    fn a_folder_or_file_named_like_a_built_in_does_not_hide_it() {
        let dir = TempDir::new("baseline-folder");
        std::fs::create_dir(dir.path().join("baseline")).unwrap();
        std::fs::write(dir.path().join("instc"), "not a scenario").unwrap();
        for name in ["baseline", "instc"] {
            let out = corridor()
                .current_dir(dir.path())
                .args(["validate", name])
                .output()
                .unwrap();
            let stdout = String::from_utf8_lossy(&out.stdout);
            assert!(out.status.success(), "{name}: {out:?}");
            assert!(
                stdout.starts_with(&format!("<built-in {name}>: ok")),
                "{stdout}"
            );
        }
        // The file is still reachable as a path.
        let out = corridor()
            .current_dir(dir.path())
            .args(["validate", "./instc"])
            .output()
            .unwrap();
        assert_input_error(&out, &["./instc", "not valid TOML"]);
    }
}

/// Errors name the user's line that caused them, not the built-in
/// library's line of a value that merely took part.
mod blame {
    use super::*;

    #[test]
    fn a_bad_weather_default_names_its_own_line() {
        let e = refused_fixture(
            "weather-default-bad.toml",
            &[":7:1", "weather.default.storm_speed_loss", "got 7"],
        );
        assert!(!e.contains("built-in library"), "{e}");
    }

    #[test]
    fn a_type_error_names_the_unit_the_key_expects() {
        let e = refused_fixture(
            "speed-with-unit.toml",
            &[
                ":7:",
                "routes.emc.legs[0].speed_kn",
                "expected a number in knots",
                "without quotes or unit",
            ],
        );
        assert!(!e.contains("f64"), "{e}");
    }

    #[test]
    fn a_border_that_cannot_clear_names_the_service_time_written() {
        let e = refused_fixture(
            "border-service-huge.toml",
            &[
                ":7:1",
                "borders.astara.service_h",
                "less than 1 consignments a day",
            ],
        );
        assert!(!e.contains("built-in library"), "{e}");
    }

    #[test]
    fn too_many_departures_names_the_count_written() {
        let e = refused_fixture(
            "departures-past-horizon.toml",
            &[
                ":7:1",
                "departures.count",
                "the horizon ends before the last departure",
            ],
        );
        assert!(!e.contains("built-in library"), "{e}");
    }
}

/// Valid scenarios that cannot mean what they say draw a warning on
/// stderr; the command still succeeds.
mod warnings {
    use super::*;

    #[test]
    fn a_route_that_cannot_arrive_within_the_horizon_is_warned_about() {
        let out = corridor()
            .arg("validate")
            .arg(fixture("speed-half-knot.toml"))
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{stderr}");
        assert!(
            stderr.starts_with("warning: ")
                && stderr.contains("speed-half-knot.toml:6:9: `routes.emc`")
                && stderr.contains("at most 2 of its 26 shipments can arrive")
                && stderr.contains("speed_kn"),
            "{stderr}"
        );
    }

    #[test]
    fn a_table_no_route_uses_is_warned_about_where_it_was_written() {
        let dir = TempDir::new("unused-table");
        let path = dir.path().join("unused.toml");
        std::fs::write(
            &path,
            "extends = \"baseline\"\nname = \"unused\"\n\n[risk_areas.hormuz]\nhull_premium_share = 0.01\n",
        )
        .unwrap();
        let out = corridor().arg("validate").arg(&path).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "a warning, not an error: {stderr}");
        assert!(
            stderr.starts_with("warning: ")
                && stderr.contains("unused.toml:4:13: `risk_areas.hormuz`")
                && stderr.contains("no route uses it, so it has no effect"),
            "{stderr}"
        );
        // The library's own tables that no route uses are not the user's doing.
        let quiet = corridor().args(["validate", "baseline"]).output().unwrap();
        assert!(String::from_utf8_lossy(&quiet.stderr).is_empty());
        // The same through --set on the command line.
        let set = corridor()
            .args(["run", "baseline", "--replications", "1", "--no-plots", "-q"])
            .args([
                "--set",
                "risk_areas.hormuz.hull_premium_share=0.01",
                "--out",
            ])
            .arg(dir.path().join("run"))
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&set.stderr);
        assert!(set.status.success(), "{stderr}");
        assert!(stderr.contains("command line"), "{stderr}");
        assert!(stderr.contains("`risk_areas.hormuz`"), "{stderr}");
    }

    #[test]
    fn built_in_scenarios_draw_no_warning() {
        for name in corridor::scenario::source::built_in_names() {
            let out = corridor().args(["validate", name]).output().unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(
                out.status.success() && stderr.is_empty(),
                "{name}: {stderr}"
            );
        }
    }
}

/// Many routes: validation bounds routes × departures, and what it
/// accepts is reported readably: charts and the report's table draw a
/// dozen routes and say how many there are.
mod scale {
    use super::*;

    /// A scenario of `routes` routes (Chennai to one of four ports at
    /// speeds that differ, so median transit times differ) and `count`
    /// departures each.
    fn many_routes(dir: &Path, routes: usize, count: u32) -> PathBuf {
        let ports = ["colombo", "singapore", "busan", "vladivostok"];
        let mut text = format!(
            "extends = \"baseline\"\nname = \"many\"\nreplications = 2\nreference_route = \"r0000\"\n\
             [departures]\ncount = {count}\n"
        );
        for i in 0..routes {
            text.push_str(&format!(
                "[routes.r{i:04}]\nlegs = [ {{ kind = \"sea\", from = \"chennai\", to = \"{}\", vessel = \"feeder-1100\", speed_kn = {} }} ]\n",
                ports[i % ports.len()],
                10 + i % 9
            ));
        }
        let path = dir.join("many.toml");
        std::fs::write(&path, text).unwrap();
        path
    }

    #[test]
    fn routes_times_departures_is_bounded() {
        let dir = TempDir::new("many-shipments");
        let path = many_routes(dir.path(), 2_000, 51);
        let out = corridor().arg("validate").arg(&path).output().unwrap();
        assert_input_error(
            &out,
            &[
                "departures.count",
                "2004 routes × 51 departures make 102204 shipments",
                "at most 100000",
            ],
        );
    }

    #[test]
    fn forty_routes_are_charted_twelve_at_a_time_and_the_report_says_so() {
        let dir = TempDir::new("many-routes");
        let path = many_routes(dir.path(), 40, 2);
        let run_dir = dir.path().join("run");
        let out = corridor()
            .arg("run")
            .arg(&path)
            .args(["-q", "--out"])
            .arg(&run_dir)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        // The terminal table shows twelve too, and says where the rest are.
        let stdout = String::from_utf8_lossy(&out.stdout);
        let rows = stdout.lines().filter(|l| l.contains(" r00")).count();
        assert_eq!(rows, 12, "{stdout}");
        assert!(stdout.contains("(12 of 44 routes shown"), "{stdout}");
        assert!(stdout.contains(" r0000 "), "the reference route: {stdout}");
        // Every route is in the data (the 40 and the baseline's 4).
        let summary = std::fs::read_to_string(run_dir.join("summary.csv")).unwrap();
        assert!(summary.contains("r0039"), "summary.csv lists every route");
        // The report's table shows twelve and names the rest.
        let html = std::fs::read_to_string(run_dir.join("report.html")).unwrap();
        assert!(
            html.contains("12 of 44 routes shown"),
            "a note under the table"
        );
        let table = &html[html.find("<table class=\"compare\">").unwrap()..];
        let table = &table[..table.find("</table>").unwrap()];
        assert_eq!(table.matches("<tr><td>").count(), 12, "rows in the table");
        assert!(
            table.contains("r0000"),
            "the reference route is always shown"
        );
        // Each chart draws twelve routes and says it.
        let cdf = std::fs::read_to_string(run_dir.join("plots/transit-days-cdf.svg")).unwrap();
        assert!(cdf.contains("many (12 of 44 routes)"), "the title says so");
        let labelled = (0..40)
            .filter(|i| cdf.contains(&format!("\nr{i:04}: ")))
            .count();
        assert_eq!(labelled, 12, "legend entries in the CDF");
        assert!(
            html.contains("Only 12 of the 44 routes are drawn"),
            "the captions say so"
        );
    }
}

mod extends {
    use super::*;

    #[test]
    fn two_files_extending_each_other_are_a_cycle() {
        refused(
            &fixture("extends-cycle-a.toml"),
            &[
                "extends-cycle-b.toml:1:1",
                "forms a cycle",
                "extends-cycle-a.toml → ",
                "extends-cycle-b.toml → ",
            ],
        );
    }

    #[test]
    fn a_file_extending_itself_is_a_cycle() {
        refused_fixture("extends-self.toml", &[":1:1", "forms a cycle"]);
    }

    #[test]
    fn a_path_outside_the_scenario_folder_is_refused() {
        refused_fixture(
            "extends-outside.toml",
            &[":2:1", "`extends`", "outside the scenario's folder"],
        );
    }

    #[test]
    fn extends_must_be_a_string() {
        refused_fixture(
            "extends-not-a-string.toml",
            &[":1:1", "`extends`", "must be a string"],
        );
    }

    #[test]
    fn text_held_in_memory_cannot_reach_the_disk() {
        for parent in [
            "../../etc/passwd",
            "/etc/passwd",
            "Cargo.toml",
            "scenarios/baseline.toml",
        ] {
            let text = format!("extends = \"{parent}\"\nname = \"x\"\n");
            let e = corridor::scenario::load_from_str("mem.toml", &text).unwrap_err();
            let shown = e.to_string();
            assert!(shown.starts_with("mem.toml:1:1: `extends`"), "{shown}");
            assert!(shown.contains("no built-in scenario named"), "{shown}");
        }
        // Built-in scenarios are fine.
        let loaded =
            corridor::scenario::load_from_str("mem.toml", "extends = \"instc\"\nname = \"x\"\n")
                .unwrap();
        assert_eq!(loaded.scenario.name, "x");
    }
}

mod runs_that_stop {
    use super::*;

    #[test]
    fn a_cyclone_every_day_holds_ships_until_the_horizon_and_the_run_ends() {
        // A two-day hold on every day never let a ship leave the Bay of
        // Bengal: the voyage was walked day by day for ever.
        let dir = TempDir::new("cyclone");
        let out = corridor()
            .arg("run")
            .arg(fixture("cyclone-every-day.toml"))
            .args(["--no-plots", "--out"])
            .arg(dir.path())
            .timeout(std::time::Duration::from_secs(120))
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{stderr}");
        let csv = std::fs::read_to_string(dir.path().join("shipments.csv")).unwrap();
        let rows: Vec<&str> = csv.lines().skip(1).collect();
        // Every route leaves Chennai, on the Bay of Bengal: none gets out.
        assert_eq!(rows.len(), 8, "{csv}");
        assert!(rows.iter().all(|r| r.contains(",in_transit,")), "{csv}");
    }

    #[test]
    fn a_route_that_goes_back_and_forth_runs_and_stops() {
        let file = fixture("route-loops.toml");
        let dir = TempDir::new("loops");
        let out = corridor()
            .arg("run")
            .arg(&file)
            .args(["--no-plots", "--out"])
            .arg(dir.path())
            .timeout(std::time::Duration::from_secs(120))
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{stderr}");
        let csv = std::fs::read_to_string(dir.path().join("shipments.csv")).unwrap();
        // 4 routes × 3 departures × 1 replication, each arrived or in transit.
        let rows: Vec<&str> = csv.lines().skip(1).collect();
        assert_eq!(rows.len(), 12, "{csv}");
        assert!(
            rows.iter()
                .all(|r| r.contains(",arrived,") || r.contains(",in_transit,"))
        );
    }
}
