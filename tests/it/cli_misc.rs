//! The CLI's experience through the binary: help with examples, `new`,
//! `explain`, `completions`, and exit codes.

use crate::common::{corridor, scratch};
use predicates::prelude::*;

mod help {
    use super::*;

    #[test]
    fn every_command_shows_a_description_and_examples() {
        let commands: &[&[&str]] = &[
            &[],
            &["run"],
            &["validate"],
            &["explain"],
            &["new"],
            &["completions"],
            &["bench"],
            &["bench", "berth-ring"],
            &["route"],
            &["ports"],
            &["plot"],
            &["compare"],
        ];
        for command in commands {
            let out = corridor().args(*command).arg("--help").output().unwrap();
            assert!(out.status.success(), "{command:?}");
            let text = String::from_utf8_lossy(&out.stdout);
            assert!(text.contains("Examples:"), "{command:?} --help: {text}");
            let examples = text
                .lines()
                .skip_while(|l| !l.starts_with("Examples:"))
                .filter(|l| l.trim_start().starts_with("corridor "))
                .count();
            assert!(examples >= 2, "{command:?} has {examples} examples: {text}");
        }
    }

    #[test]
    fn top_level_help_lists_the_exit_codes() {
        corridor()
            .arg("--help")
            .assert()
            .success()
            .stdout(predicate::str::contains("130 interrupted"));
    }
}

mod new {
    use super::*;

    #[test]
    fn writes_a_scenario_that_validates_and_runs() {
        let dir = scratch("new-runs");
        corridor()
            .current_dir(&dir)
            .args(["new", "x"])
            .assert()
            .success()
            .stdout(predicate::str::contains("wrote x.toml"));
        let text = std::fs::read_to_string(dir.join("x.toml")).unwrap();
        assert!(text.contains("name = \"x\""));
        corridor()
            .current_dir(&dir)
            .args(["validate", "x.toml"])
            .assert()
            .success()
            .stdout(predicate::str::contains("ok"));
        corridor()
            .current_dir(&dir)
            .args([
                "run",
                "x.toml",
                "--no-plots",
                "--replications",
                "2",
                "--threads",
                "1",
            ])
            .args(["--out", "results"])
            .assert()
            .success()
            .stdout(predicate::str::contains("emc").and(predicate::str::contains("suez")));
        assert!(dir.join("results/summary.json").is_file());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_path_names_the_file_and_its_stem_the_scenario() {
        let dir = scratch("new-path");
        let file = dir.join("red_sea.toml");
        corridor().arg("new").arg(&file).assert().success();
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(text.contains("name = \"red_sea\""));
        corridor().arg("validate").arg(&file).assert().success();
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn refuses_to_overwrite_an_existing_file() {
        let dir = scratch("new-exists");
        std::fs::write(dir.join("mine.toml"), "# my work\n").unwrap();
        corridor()
            .current_dir(&dir)
            .args(["new", "mine"])
            .assert()
            .code(2)
            .stderr(
                predicate::str::contains("mine.toml already exists")
                    .and(predicate::str::contains("hint:")),
            );
        assert_eq!(
            std::fs::read_to_string(dir.join("mine.toml")).unwrap(),
            "# my work\n"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn refuses_a_name_that_cannot_name_a_folder() {
        let dir = scratch("new-bad-name");
        corridor()
            .current_dir(&dir)
            .args(["new", "my study"])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("cannot name a scenario"));
        corridor()
            .current_dir(&dir)
            .args(["new", "no-such-folder/x.toml"])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("does not exist"));
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 0);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

mod explain {
    use super::*;

    fn explain_json(args: &[&str]) -> serde_json::Value {
        let out = corridor()
            .arg("explain")
            .args(args)
            .arg("--json")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).expect("stdout is one JSON document")
    }

    #[test]
    fn text_shows_parameters_with_units_sources_and_route_steps() {
        corridor()
            .args(["explain", "baseline"])
            .assert()
            .success()
            .stdout(
                predicate::str::contains("vessels.feeder-1100.service_speed_kn")
                    .and(predicate::str::contains("14 kn"))
                    .and(predicate::str::contains(
                        "set in <built-in library>; source:",
                    ))
                    .and(predicate::str::contains("port call at Singapore (SGSIN)"))
                    .and(predicate::str::contains("canal suez"))
                    .and(predicate::str::contains("bay-of-bengal"))
                    .and(predicate::str::contains("rail transsib"))
                    .and(predicate::str::contains("(reference)")),
            );
    }

    #[test]
    fn json_has_every_parameter_with_unit_source_and_layer() {
        let v = explain_json(&["baseline"]);
        assert_eq!(v["name"], "baseline");
        assert_eq!(v["reference_route"], "suez");
        let params = v["parameters"].as_array().unwrap();
        assert!(params.len() > 50);
        for p in params {
            for field in ["key", "value", "unit", "source", "set_in"] {
                assert!(p[field].is_string(), "{field} in {p}");
            }
        }
        let speed = params
            .iter()
            .find(|p| p["key"] == "vessels.feeder-1100.service_speed_kn")
            .unwrap();
        assert_eq!(speed["value"], "14");
        assert_eq!(speed["unit"], "kn");
        assert_eq!(speed["set_in"], "<built-in library>");
        let routes = v["routes"].as_array().unwrap();
        assert_eq!(routes.len(), 4);
        let kinds: Vec<&str> = routes[0]["steps"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["kind"].as_str().unwrap())
            .collect();
        assert_eq!(kinds.first(), Some(&"dwell"));
        assert!(kinds.contains(&"port-call") && kinds.contains(&"sail"));
    }

    #[test]
    fn a_value_set_by_the_file_names_the_file() {
        let dir = scratch("explain-override");
        let file = dir.join("slow.toml");
        std::fs::write(
            &file,
            "extends = \"baseline\"\nname = \"slow\"\n\n[vessels.feeder-1100]\nservice_speed_kn = 12\n",
        )
        .unwrap();
        let v = explain_json(&[file.to_str().unwrap()]);
        let speed = v["parameters"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["key"] == "vessels.feeder-1100.service_speed_kn")
            .unwrap()
            .clone();
        assert_eq!(speed["value"], "12");
        assert_eq!(speed["set_in"], file.display().to_string());
        assert_eq!(speed["source_set_in"], "<built-in library>");
        let layers = v["layers"].as_array().unwrap();
        assert_eq!(layers.len(), 3, "library, baseline, the file: {layers:?}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn land_routes_show_rides_borders_and_ferries() {
        let v = explain_json(&["instc"]);
        let kinds: Vec<&str> = v["routes"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|r| r["steps"].as_array().unwrap())
            .map(|s| s["kind"].as_str().unwrap())
            .collect();
        for kind in ["rail", "border", "ferry", "dwell", "sail"] {
            assert!(kinds.contains(&kind), "no {kind} step in instc: {kinds:?}");
        }
    }

    #[test]
    fn an_unknown_scenario_is_bad_input() {
        corridor()
            .args(["explain", "no-such-scenario.toml"])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("no-such-scenario.toml"));
    }

    #[test]
    fn small_values_are_shown_exactly_not_rounded_away() {
        // A war-risk cargo premium of 0.02 % per transit: the run charges it,
        // so the audit must show it (it once showed 0).
        let json = explain_json(&["baseline"]);
        let share = json["parameters"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["key"] == "risk_areas.bab-el-mandeb.cargo_premium_share")
            .expect("the parameter is listed");
        assert_eq!(share["value"], "0.0002");
        corridor()
            .args(["explain", "baseline"])
            .assert()
            .success()
            .stdout(
                predicate::str::contains("cargo_premium_share")
                    .and(predicate::str::contains("0.0002 share of cargo value")),
            );
    }
}

mod completions {
    use super::*;

    #[test]
    fn bash_zsh_and_fish_scripts_name_the_commands() {
        for shell in ["bash", "zsh", "fish"] {
            corridor()
                .args(["completions", shell])
                .assert()
                .success()
                .stdout(
                    predicate::str::contains("corridor")
                        .and(predicate::str::contains("explain"))
                        .and(predicate::str::contains("berth-ring")),
                );
        }
    }

    /// `corridor completions bash | head -1`: the reader closes the pipe
    /// before the script is written; that is success, not a panic.
    #[test]
    fn a_closed_pipe_is_success() {
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("corridor"))
            .args(["completions", "bash"])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take()); // the reader goes away unread
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{stderr}");
        assert!(stderr.is_empty(), "{stderr}");
    }

    /// `corridor completions bash > /dev/full`: a clear error, exit 1.
    #[cfg(target_os = "linux")]
    #[test]
    fn a_full_disk_is_a_clear_error() {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("corridor"))
            .args(["completions", "bash"])
            .stdout(full)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(
            out.status.code(),
            Some(74),
            "the environment failed: {stderr}"
        );
        assert!(
            stderr.starts_with("error: cannot write the completion script to standard output")
                && stderr.contains("No space left on device"),
            "{stderr}"
        );
        assert!(!stderr.contains("panicked"), "{stderr}");
    }

    #[test]
    fn an_unknown_shell_is_a_usage_error() {
        corridor()
            .args(["completions", "tcsh"])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("tcsh"));
    }
}

mod exit_codes {
    use super::*;

    #[test]
    fn usage_errors_exit_2() {
        corridor().arg("--no-such-flag").assert().code(2);
        corridor()
            .args(["run", "--replications", "0"])
            .assert()
            .code(2);
    }

    #[test]
    fn a_scenario_error_names_file_line_and_key_and_exits_2() {
        let dir = scratch("bad-scenario");
        let file = dir.join("bad.toml");
        std::fs::write(
            &file,
            "extends = \"baseline\"\nname = \"bad\"\n\n[vessels.feeder-1100]\nservice_speed_kn = -3\n",
        )
        .unwrap();
        corridor()
            .arg("validate")
            .arg(&file)
            .assert()
            .code(2)
            .stderr(
                predicate::str::contains(format!("{}:5:", file.display()))
                    .and(predicate::str::contains("service_speed_kn"))
                    .and(predicate::str::contains("^")),
            );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
