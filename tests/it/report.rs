//! Reports (`src/report`): chart functions rendered into SVG strings, the
//! files `write_report` writes, the HTML page, and the `plot` and `compare`
//! commands. Runs come from the synthetic fixture in `report/fixture.rs`.

mod fixture;

use corridor::report::{self, Run, render};

#[test]
fn write_report_writes_every_chart_and_the_page() {
    let dir = fixture::run_dir("write-report");
    let written = report::write_report(&dir).expect("report");
    for stem in [
        "transit-days-histogram",
        "transit-days-cdf",
        "cost-per-teu-boxplot",
        "cost-components",
        "time-components",
        "paired-vs-reference",
        "route-map",
        "queues",
    ] {
        for ext in ["svg", "png"] {
            let path = dir.join("plots").join(format!("{stem}.{ext}"));
            assert!(written.contains(&path), "{} not written", path.display());
        }
    }
    assert!(written.contains(&dir.join("report.html")));
    if let Ok(keep) = std::env::var("CORRIDOR_KEEP_REPORT") {
        let _ = std::fs::remove_dir_all(&keep);
        std::fs::rename(&dir, &keep).expect("keep");
    }
}

/// The SVG of one chart of a fixture run, rendered into a string.
fn chart_svg(run: &Run, stem: &str) -> String {
    let specs = report::charts(run);
    let spec = specs
        .iter()
        .find(|s| s.stem == stem)
        .unwrap_or_else(|| panic!("no chart {stem}"));
    let mut svg = String::new();
    {
        use plotters::prelude::*;
        let root = SVGBackend::with_string(&mut svg, spec.size).into_drawing_area();
        render::Draw::draw(spec, &root).expect("draw");
        root.present().expect("present");
    }
    svg
}

fn fixture_run(name: &str) -> Run {
    Run::load(&fixture::run_dir(name)).expect("load fixture")
}

/// Route names as charts show them (short: the INSTC's name is cut at its colon).
const ROUTE_NAMES: [&str; 3] = [
    "Eastern Maritime Corridor",
    "Suez + Trans-Siberian rail",
    "INSTC",
];

/// Route names as the report's table shows them.
const FULL_NAMES: [&str; 3] = [
    "Eastern Maritime Corridor",
    "Suez + Trans-Siberian rail",
    "INSTC: Nhava Sheva → Bandar Abbas → Astara → Moscow",
];

/// Okabe–Ito colours of colour_index 0, 1, 2 as plotters writes them in SVG.
const ROUTE_COLOURS: [&str; 3] = ["#0072B2", "#D55E00", "#009E73"];

fn assert_contains(svg: &str, needles: &[&str]) {
    for needle in needles {
        assert!(svg.contains(needle), "`{needle}` not in the SVG");
    }
}

mod charts {
    use super::*;

    #[test]
    fn transit_histogram_has_title_axes_legend_and_one_series_per_route() {
        let run = fixture_run("hist");
        let svg = chart_svg(&run, "transit-days-histogram");
        assert_contains(&svg, &["Transit time by route — fixture"]);
        assert_contains(
            &svg,
            &["Transit time, door to door (days)", "Shipments per"],
        );
        assert_contains(&svg, &ROUTE_NAMES);
        assert_contains(
            &svg,
            &[
                "median (solid vertical line)",
                "90th percentile (dotted vertical line)",
            ],
        );
        assert_contains(&svg, &ROUTE_COLOURS);
    }

    #[test]
    fn transit_cdf_reads_as_probability_of_arriving_within_n_days() {
        let run = fixture_run("cdf");
        let svg = chart_svg(&run, "transit-days-cdf");
        assert_contains(&svg, &["Probability of arriving within N days"]);
        assert_contains(&svg, &["Shipments arrived within x days (%)"]);
        assert_contains(&svg, &["90 % within"]);
        assert_contains(&svg, &ROUTE_NAMES);
        assert_contains(&svg, &ROUTE_COLOURS);
    }

    #[test]
    fn cost_boxplot_has_one_box_per_route() {
        let run = fixture_run("box");
        let svg = chart_svg(&run, "cost-per-teu-boxplot");
        assert_contains(&svg, &["Cost per TEU by route", "Total cost (USD per TEU)"]);
        assert_contains(&svg, &ROUTE_NAMES);
        assert_contains(&svg, &ROUTE_COLOURS);
        assert_contains(&svg, &["whiskers 5–95 %"]);
    }

    /// Costs differ between routes far more than within one: on a shared
    /// axis from zero each box was a flat line. Each route has its own
    /// panel and scale, which does not start at zero.
    #[test]
    fn cost_boxes_have_a_panel_and_scale_each() {
        let run = fixture_run("box-panels");
        let svg = chart_svg(&run, "cost-per-teu-boxplot");
        assert_contains(&svg, &["each panel has its own scale"]);
        assert_eq!(
            svg.matches("\nmedian ").count(),
            ROUTE_NAMES.len(),
            "a level per panel"
        );
        assert!(!svg.contains(">\n0\n</text>"), "no axis starts at 0");
        // One value axis per panel: the axis description once per row,
        // tick labels in every panel.
        assert_eq!(svg.matches("Total cost (USD per TEU)").count(), 1);
    }

    #[test]
    fn cost_components_name_every_component_used() {
        let run = fixture_run("costs");
        let svg = chart_svg(&run, "cost-components");
        assert_contains(&svg, &["Mean cost (USD per TEU)", "Component"]);
        assert_contains(
            &svg,
            &[
                "fuel",
                "canal tolls",
                "port dues",
                "rail",
                "ferry",
                "carbon price",
                "inventory",
            ],
        );
        assert_contains(&svg, &ROUTE_NAMES);
    }

    #[test]
    fn time_components_show_where_the_time_goes() {
        let run = fixture_run("times");
        let svg = chart_svg(&run, "time-components");
        assert_contains(&svg, &["Where the time goes", "Mean time (days)"]);
        assert_contains(
            &svg,
            &[
                "sailing",
                "waiting for a berth",
                "waiting for a train, ferry or sailing",
                "border crossing",
            ],
        );
        // Components that are zero on every route stay out of the legend.
        assert!(!svg.contains(">canal transit<") || svg.contains("canal transit"));
    }

    #[test]
    fn paired_chart_gives_shares_against_the_reference() {
        let run = fixture_run("paired");
        let svg = chart_svg(&run, "paired-vs-reference");
        assert_contains(
            &svg,
            &["Paired with the reference route (Suez + Trans-Siberian rail)"],
        );
        assert_contains(&svg, &["faster", "cheaper", "both"]);
        assert_contains(&svg, &["Eastern Maritime Corridor", "INSTC"]);
        // The reference is not compared with itself.
        assert!(!svg.contains("Suez + Trans-Siberian rail: faster"));
    }

    #[test]
    fn paired_chart_says_which_side_is_better_in_the_axis_titles() {
        // Written inside the plot, the words sat behind the legend; in the
        // axis titles nothing can cover them.
        let run = fixture_run("paired-sides");
        let svg = chart_svg(&run, "paired-vs-reference");
        assert_contains(
            &svg,
            &[
                "← route faster    Transit time: route − Suez + Trans-Siberian rail (days)    route slower →",
                "← route cheaper    Cost: route − Suez + Trans-Siberian rail (USD per TEU)    route dearer →",
            ],
        );
    }

    #[test]
    fn route_map_labels_ports_and_colours_routes() {
        let run = fixture_run("map");
        let svg = chart_svg(&run, "route-map");
        assert_contains(
            &svg,
            &["Routes — fixture", "Vladivostok", "Chennai", "Route"],
        );
        assert_contains(&svg, &ROUTE_NAMES);
        assert_contains(&svg, &ROUTE_COLOURS);
        assert_contains(&svg, &["°E", "°N"]);
    }

    #[test]
    fn queue_chart_shows_the_suez_queue() {
        let run = fixture_run("queues");
        let svg = chart_svg(&run, "queues");
        assert_contains(
            &svg,
            &["Queues over simulated time", "Suez Canal", "(ships)"],
        );
        assert_contains(&svg, &["(TEU)", "Simulated time (days", "rail RUVVO"]);
        // A queue that never held anyone is left out.
        assert!(!svg.contains("port RULED"));
    }
}

/// Decodes a PNG into (width, height, RGB or RGBA bytes, bytes per pixel).
fn decode_png(bytes: &[u8]) -> (u32, u32, Vec<u8>, usize) {
    let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    let mut reader = decoder.read_info().expect("png header");
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).expect("png data");
    buf.truncate(info.buffer_size());
    let bpp = info.color_type.samples();
    (info.width, info.height, buf, bpp)
}

mod files {
    use super::*;

    #[test]
    fn pngs_have_the_chart_size_and_are_not_blank() {
        let dir = fixture::run_dir("png");
        report::write_report(&dir).expect("report");
        let run = Run::load(&dir).expect("load");
        for spec in report::charts(&run) {
            let bytes = std::fs::read(dir.join("plots").join(format!("{}.png", spec.stem)))
                .expect("png file");
            let (w, h, pixels, bpp) = decode_png(&bytes);
            assert_eq!((w, h), spec.size, "{}", spec.stem);
            let inked = pixels
                .chunks(bpp)
                .filter(|p| p[..3] != [255, 255, 255])
                .count();
            let share = inked as f64 / (w * h) as f64;
            assert!(share > 0.02, "{} is nearly blank ({share:.3})", spec.stem);
        }
    }

    #[test]
    fn a_second_rendering_is_byte_identical() {
        let dir = fixture::run_dir("twice");
        let first = report::write_report(&dir).expect("first");
        let before: Vec<Vec<u8>> = first.iter().map(|p| std::fs::read(p).unwrap()).collect();
        let second = report::write_report(&dir).expect("second");
        assert_eq!(first, second);
        for (path, old) in second.iter().zip(before) {
            assert!(
                std::fs::read(path).unwrap() == old,
                "{} changed",
                path.display()
            );
        }
    }

    #[test]
    fn charts_a_run_no_longer_has_are_removed() {
        let dir = fixture::run_dir("stale");
        report::write_report(&dir).expect("first");
        assert!(dir.join("plots/queues.svg").is_file());
        std::fs::remove_file(dir.join("queues.csv")).unwrap();
        std::fs::write(dir.join("plots/notes.txt"), "mine").unwrap();
        report::write_report(&dir).expect("second");
        assert!(!dir.join("plots/queues.svg").exists());
        assert!(!dir.join("plots/queues.png").exists());
        assert!(
            dir.join("plots/notes.txt").is_file(),
            "only charts are removed"
        );
    }

    #[test]
    fn no_temporary_files_are_left_behind() {
        let dir = fixture::run_dir("tidy");
        report::write_report(&dir).expect("report");
        for folder in [dir.clone(), dir.join("plots")] {
            for entry in std::fs::read_dir(folder).unwrap() {
                let name = entry.unwrap().file_name().to_string_lossy().into_owned();
                assert!(!name.starts_with('.'), "left behind: {name}");
            }
        }
    }
}

mod html {
    use super::*;

    fn page(name: &str) -> (std::path::PathBuf, String) {
        let dir = fixture::run_dir(name);
        report::write_report(&dir).expect("report");
        let html = std::fs::read_to_string(dir.join("report.html")).expect("html");
        (dir, html)
    }

    #[test]
    fn an_interrupted_run_says_so_at_the_top() {
        let dir = fixture::run_dir("html-interrupted");
        let path = dir.join("summary.json");
        let mut summary = corridor::runfile::Summary::load(&path).unwrap();
        summary.scenario.cancelled = true;
        summary.scenario.replications_requested = Some(1000);
        summary.write_json(&path).unwrap();
        report::write_report(&dir).expect("report");
        let html = std::fs::read_to_string(dir.join("report.html")).unwrap();
        let banner = html.find("Interrupted run").expect("a banner");
        assert!(banner < html.find("<nav>").unwrap(), "before the contents");
        assert!(html.contains("12 of 1000"), "done of requested");
        // A whole run has no banner.
        let (_, whole) = page("html-whole");
        assert!(!whole.contains("Interrupted run"));
    }

    #[test]
    fn the_paired_shares_in_the_table_are_those_of_summary_json() {
        let dir = fixture::run_dir("html-shares");
        let path = dir.join("summary.json");
        let mut summary = corridor::runfile::Summary::load(&path).unwrap();
        // Set a share no sample could produce: the table must show it.
        let emc = summary.routes.iter_mut().find(|r| r.id == "emc").unwrap();
        emc.vs_reference.as_mut().unwrap().share_faster = Some(0.123);
        summary.write_json(&path).unwrap();
        report::write_report(&dir).expect("report");
        let html = std::fs::read_to_string(dir.join("report.html")).unwrap();
        assert!(html.contains("12 %"), "the table reads summary.json");
        let svg = std::fs::read_to_string(dir.join("plots/paired-vs-reference.svg")).unwrap();
        assert!(svg.contains("12 %"), "so does the chart");
    }

    #[test]
    fn inlines_every_chart_as_svg() {
        let (dir, html) = page("html-charts");
        let run = Run::load(&dir).unwrap();
        let specs = report::charts(&run);
        assert_eq!(html.matches("<svg").count(), specs.len());
        for spec in &specs {
            assert!(html.contains(&format!("<figure id=\"{}\">", spec.stem)));
            assert!(html.contains(&format!("plots/{}.png", spec.stem)));
        }
        assert!(
            !html.contains("<?xml"),
            "XML declarations do not belong in HTML"
        );
    }

    #[test]
    fn has_the_comparison_table_with_confidence_intervals() {
        let (_, html) = page("html-table");
        assert!(html.contains("<table class=\"compare\">"));
        assert!(html.contains("Transit, days: mean [95 % CI]"));
        // Each route by its chart name in bold, and the rest of its full name.
        for name in ROUTE_NAMES {
            assert!(html.contains(&format!("<b>{name}</b>")), "{name}");
        }
        for name in FULL_NAMES {
            let rest = name.split_once(": ").map_or(name, |(_, rest)| rest);
            assert!(html.contains(rest), "{name}");
        }
        assert!(
            html.contains("<span class=\"ci\">["),
            "no confidence interval"
        );
        assert!(html.contains(">reference<"));
    }

    /// A port's seven parameters share one source: it is written once,
    /// spanning their rows, and the table is laid out to the page's width.
    #[test]
    fn assumptions_write_a_shared_source_once_and_fit_the_page() {
        let dir = fixture::run_dir("html-assumptions");
        std::fs::write(
            dir.join("assumptions.json"),
            r#"[
  {"key": "ports.INMAA.berths", "value": 4, "unit": "berths", "source": "Chennai port (S1)"},
  {"key": "ports.INMAA.dues_usd_per_call", "value": 9000, "unit": "USD/call", "source": "Chennai port (S1)"},
  {"key": "ports.INMAA.call_overhead_h", "value": 4, "unit": "h per call", "source": "Chennai port (S1)"},
  {"key": "weather.bay-of-bengal.storm_day_probability", "value": "[0.05, 0.05, 0.05, 0.08, 0.12, 0.25, 0.25, 0.25, 0.2, 0.12, 0.12, 0.08]", "unit": "probability per day, Jan–Dec", "source": "EST"}
]"#,
        )
        .unwrap();
        report::write_report(&dir).expect("report");
        let html = std::fs::read_to_string(dir.join("report.html")).unwrap();
        assert_eq!(
            html.matches("Chennai port (S1)").count(),
            1,
            "the source once"
        );
        assert!(html.contains("<td rowspan=\"3\">Chennai port (S1)</td>"));
        assert!(html.contains("table.assumptions { width: 100%; table-layout: fixed; }"));
        assert!(html.contains("overflow-wrap: anywhere"));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn shows_scenario_metadata_assumptions_and_files_escaped() {
        let (_, html) = page("html-meta");
        assert!(html.contains("<h1>fixture</h1>"));
        // The description's markup characters are escaped, not interpreted.
        assert!(html.contains("&lt;three&gt; routes &amp; a Suez queue"));
        for text in [
            "Seed",
            "Replications",
            "corridor version",
            "Wall time",
            "0.50 s",
        ] {
            assert!(html.contains(text), "{text}");
        }
        assert!(html.contains("<h2 id=\"assumptions\">"));
        assert!(html.contains("suez.toll_usd_per_teu"));
        assert!(html.contains("SCA tariff &lt;2024&gt;"));
        for file in [
            "shipments.csv",
            "summary.json",
            "plots/route-map.svg",
            "report.html",
        ] {
            assert!(html.contains(&format!("<code>{file}</code>")), "{file}");
        }
    }

    #[test]
    fn leaves_out_assumptions_when_the_run_has_none() {
        let dir = fixture::run_dir("html-no-assumptions");
        std::fs::remove_file(dir.join("assumptions.json")).unwrap();
        report::write_report(&dir).expect("report");
        let html = std::fs::read_to_string(dir.join("report.html")).unwrap();
        assert!(!html.contains("id=\"assumptions\""));
    }

    #[test]
    fn fetches_nothing_from_the_network() {
        let (_, html) = page("html-offline");
        for needle in ["<script", "<link", "http://", "https://", "src=\""] {
            let allowed = needle == "http://"
                && html.matches(needle).count()
                    == html.matches("http://www.w3.org/2000/svg").count();
            assert!(!html.contains(needle) || allowed, "found {needle}");
        }
    }
}

mod edge_cases {
    use super::*;

    /// Keeps the header and the rows for which `keep` is true.
    fn filter_shipments(dir: &std::path::Path, keep: impl Fn(&str) -> bool) {
        let path = dir.join("shipments.csv");
        let text = std::fs::read_to_string(&path).unwrap();
        let mut lines = text.lines();
        let mut out = format!("{}\n", lines.next().unwrap());
        for line in lines.filter(|l| keep(l)) {
            out.push_str(line);
            out.push('\n');
        }
        std::fs::write(path, out).unwrap();
    }

    #[test]
    fn a_single_shipment_per_route_still_renders() {
        let dir = fixture::run_dir("single");
        filter_shipments(&dir, |l| {
            l.starts_with("0,") && l.split(',').nth(2) == Some("0")
        });
        fixture::resync_summary(&dir);
        let written = report::write_report(&dir).expect("report");
        assert!(written.contains(&dir.join("report.html")));
    }

    #[test]
    fn a_route_without_rows_or_arrivals_still_renders() {
        let dir = fixture::run_dir("no-arrivals");
        filter_shipments(&dir, |l| !l.contains(",emc,"));
        let path = dir.join("shipments.csv");
        let text = std::fs::read_to_string(&path).unwrap();
        // Every INSTC shipment still travelling at the horizon.
        let text: String = text
            .lines()
            .map(|l| {
                if l.contains(",instc,") {
                    let mut cells: Vec<&str> = l.split(',').collect();
                    cells[3] = "in_transit";
                    cells[6] = "";
                    cells[7] = "";
                    cells.join(",")
                } else {
                    l.to_string()
                }
            })
            .collect::<Vec<_>>()
            .join("\n");
        std::fs::write(&path, text).unwrap();
        fixture::resync_summary(&dir);
        report::write_report(&dir).expect("report");
    }

    #[test]
    fn a_run_with_only_the_required_files_renders() {
        let dir = fixture::run_dir("minimal");
        for optional in [
            "queues.csv",
            "routes.geojson",
            "assumptions.json",
            "summary.csv",
        ] {
            std::fs::remove_file(dir.join(optional)).unwrap();
        }
        let written = report::write_report(&dir).expect("report");
        assert!(!written.iter().any(|p| p.ends_with("plots/route-map.svg")));
        assert!(!written.iter().any(|p| p.ends_with("plots/queues.svg")));
    }
}

/// A run folder edited by hand may carry control characters in a route's
/// name (validation refuses them): every chart stays valid XML and the page
/// shows them as escapes.
mod hostile_names {
    use super::*;

    fn has_raw_control(text: &str) -> bool {
        text.chars()
            .any(|c| c.is_control() && c != '\n' && c != '\t' && c != '\r')
    }

    #[test]
    fn control_characters_in_names_are_escaped_in_svg_and_html() {
        let dir = fixture::run_dir("hostile-names");
        let summary = dir.join("summary.json");
        let text = std::fs::read_to_string(&summary).unwrap();
        assert!(text.contains("Eastern Maritime Corridor"));
        let text = text.replace(
            "Eastern Maritime Corridor",
            "Eastern\\u001b[31m Maritime\\u0007 <b>&",
        );
        std::fs::write(&summary, text).unwrap();
        report::write_report(&dir).expect("report");
        let mut checked = 0;
        for entry in std::fs::read_dir(dir.join("plots")).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "svg") {
                let svg = std::fs::read_to_string(&path).unwrap();
                assert!(!has_raw_control(&svg), "{}", path.display());
                checked += 1;
            }
        }
        assert!(checked >= 8, "{checked} SVGs");
        let html = std::fs::read_to_string(dir.join("report.html")).unwrap();
        assert!(!has_raw_control(&html));
        assert!(
            html.contains("Eastern\\u{1b}[31m Maritime\\u{7} &lt;b&gt;&amp;"),
            "escaped in the table"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}

mod input_errors {
    use super::*;
    use corridor::app::exit_code;
    use corridor::error::InputError;

    fn input_error(err: &anyhow::Error) -> String {
        assert_eq!(exit_code(err), 2, "not an input error: {err:#}");
        assert!(err.chain().any(|c| c.is::<InputError>()));
        format!("{err:#}")
    }

    #[test]
    fn a_missing_run_folder_is_named() {
        let err = report::write_report(std::path::Path::new("/nonexistent/run")).unwrap_err();
        assert!(input_error(&err).contains("/nonexistent/run"));
    }

    #[test]
    fn a_missing_file_is_named() {
        let dir = fixture::run_dir("missing-summary");
        std::fs::remove_file(dir.join("summary.json")).unwrap();
        let message = input_error(&report::write_report(&dir).unwrap_err());
        assert!(message.contains("summary.json is missing"), "{message}");
    }

    #[test]
    fn a_bad_csv_value_names_file_line_and_column() {
        let dir = fixture::run_dir("bad-csv");
        let path = dir.join("shipments.csv");
        let text = std::fs::read_to_string(&path).unwrap();
        let mut lines: Vec<String> = text.lines().map(String::from).collect();
        lines[4] = lines[4].replacen(",arrived,", ",lost,", 1);
        std::fs::write(&path, lines.join("\n")).unwrap();
        let message = input_error(&report::write_report(&dir).unwrap_err());
        assert!(message.contains("shipments.csv line 5"), "{message}");
        assert!(message.contains("`status`"), "{message}");
    }

    #[test]
    fn a_ragged_csv_row_names_the_line() {
        let dir = fixture::run_dir("ragged-csv");
        let path = dir.join("queues.csv");
        let mut text = std::fs::read_to_string(&path).unwrap();
        text.push_str("suez-canal,canal,999\n");
        std::fs::write(&path, text).unwrap();
        let message = input_error(&report::write_report(&dir).unwrap_err());
        assert!(message.contains("queues.csv"), "{message}");
        assert!(message.contains("line"), "{message}");
    }

    #[test]
    fn a_missing_column_is_named() {
        let dir = fixture::run_dir("no-column");
        let path = dir.join("shipments.csv");
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, text.replacen("transit_days,", "transit,", 1)).unwrap();
        let message = input_error(&report::write_report(&dir).unwrap_err());
        assert!(
            message.contains("column `transit_days` is missing"),
            "{message}"
        );
    }

    #[test]
    fn malformed_json_gives_line_and_column() {
        let dir = fixture::run_dir("bad-json");
        std::fs::write(dir.join("summary.json"), "{\n  \"scenario\": [\n").unwrap();
        let message = input_error(&report::write_report(&dir).unwrap_err());
        assert!(message.contains("summary.json: line"), "{message}");
    }
}

mod pairing {
    use corridor::runfile::shipments::Shipments;

    const CSV: &str = "\
replication,route,shipment,status,transit_days,cost_usd_per_teu
0,a,0,arrived,10,100
0,a,1,arrived,12,100
0,ref,0,arrived,11,90
0,ref,1,arrived,11,110
1,a,0,in_transit,,100
1,a,1,arrived,9,80
1,ref,0,arrived,11,90
1,ref,1,arrived,10,90
";

    #[test]
    fn pairs_rows_by_replication_and_shipment() {
        let s = Shipments::read(CSV.as_bytes(), "shipments.csv".as_ref(), Some("ref"), 1).unwrap();
        let a = s.route("a").expect("route a");
        // (0,0): −1 d, +10 $; (0,1): +1 d, −10 $; (1,1): −1 d, −10 $; (1,0) is in transit.
        assert_eq!(a.transit_diff_days, vec![-1.0, 1.0, -1.0]);
        assert_eq!(a.cost_diff_usd_per_teu, vec![10.0, -10.0, -10.0]);
        assert!(s.route("ref").unwrap().transit_diff_days.is_empty());
        assert_eq!(a.in_transit, 1);
        assert_eq!(s.replications, 2);
    }

    #[test]
    fn rejects_a_replication_that_comes_back() {
        let text = format!("{CSV}0,a,2,arrived,10,100\n");
        let err =
            Shipments::read(text.as_bytes(), "shipments.csv".as_ref(), Some("ref"), 1).unwrap_err();
        assert!(format!("{err:#}").contains("line 10"), "{err:#}");
    }

    #[test]
    fn thinning_keeps_whole_replications_for_charts_and_counts_every_row() {
        let s = Shipments::read(CSV.as_bytes(), "shipments.csv".as_ref(), Some("ref"), 2).unwrap();
        let a = s.route("a").expect("route a");
        // Only replication 0's samples are kept; counts still see both.
        assert_eq!(a.transit_diff_days, vec![-1.0, 1.0]);
        assert_eq!(s.route("ref").unwrap().transit_days, vec![11.0, 11.0]);
        assert_eq!(a.rows, 4);
        assert_eq!(a.in_transit, 1);
    }

    #[test]
    fn without_a_reference_there_are_no_pairs() {
        let s = Shipments::read(CSV.as_bytes(), "shipments.csv".as_ref(), None, 1).unwrap();
        assert!(s.routes.iter().all(|r| r.transit_diff_days.is_empty()));
        assert_eq!(
            s.route("ref").unwrap().transit_days,
            vec![11.0, 11.0, 11.0, 10.0]
        );
    }
}

mod map {
    use super::*;

    #[test]
    fn a_route_across_the_antimeridian_is_drawn_in_one_piece() {
        let dir = fixture::run_dir("antimeridian");
        std::fs::write(
            dir.join("routes.geojson"),
            r#"{"type": "FeatureCollection", "features": [
  {"type": "Feature", "properties": {"id": "pacific", "name": "Vladivostok–Vancouver",
   "colour_index": 0, "kind": "route"},
   "geometry": {"type": "MultiLineString", "coordinates": [
     [[131.9, 43.1], [150.0, 45.0], [180.0, 50.0]],
     [[-180.0, 50.0], [-150.0, 52.0], [-123.1, 49.3]]]}},
  {"type": "Feature", "properties": {"name": "Vladivostok", "locode": "RUVVO", "kind": "port"},
   "geometry": {"type": "Point", "coordinates": [131.9, 43.1]}},
  {"type": "Feature", "properties": {"name": "Vancouver", "locode": "CAVAN", "kind": "port"},
   "geometry": {"type": "Point", "coordinates": [-123.1, 49.3]}}]}"#,
        )
        .unwrap();
        let run = Run::load(&dir).unwrap();
        let svg = chart_svg(&run, "route-map");
        // The map spans the Pacific (W longitudes east of 180°), not the world.
        assert_contains(&svg, &["Vladivostok", "Vancouver", "°W", "°E"]);
        assert!(!svg.contains(">0°<"), "the map should not reach Greenwich");
    }
}

mod cli {
    use super::*;
    use predicates::prelude::*;

    use crate::common::corridor;

    #[test]
    fn plot_redraws_a_run_from_its_files() {
        let dir = fixture::run_dir("cli-plot");
        corridor()
            .arg("plot")
            .arg(&dir)
            .assert()
            .success()
            .stdout(predicate::str::contains("report.html"))
            .stdout(predicate::str::contains("route-map.png"));
        assert!(dir.join("plots/transit-days-cdf.svg").is_file());
    }

    #[test]
    fn plot_of_a_missing_folder_is_an_input_error() {
        corridor()
            .args(["plot", "/nonexistent/output/baseline"])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("/nonexistent/output/baseline"));
    }

    #[test]
    fn plot_of_a_malformed_csv_names_the_line() {
        let dir = fixture::run_dir("cli-bad");
        let path = dir.join("shipments.csv");
        let text = std::fs::read_to_string(&path).unwrap();
        let mut lines: Vec<&str> = text.lines().collect();
        lines[2] = "0,emc,1,arrived,1,0,x,x,x,x";
        std::fs::write(&path, lines.join("\n")).unwrap();
        corridor()
            .arg("plot")
            .arg(&dir)
            .assert()
            .code(2)
            .stderr(predicate::str::contains("shipments.csv line 3"));
    }

    /// A second fixture run under another scenario name, its EMC slower.
    fn other_run(name: &str) -> std::path::PathBuf {
        let dir = fixture::run_dir(name);
        let summary = std::fs::read_to_string(dir.join("summary.json")).unwrap();
        std::fs::write(
            dir.join("summary.json"),
            summary.replacen("\"name\": \"fixture\"", "\"name\": \"red-sea\"", 1),
        )
        .unwrap();
        dir
    }

    #[test]
    fn plot_refuses_a_truncated_shipments_csv_that_disagrees_with_the_summary() {
        let dir = fixture::run_dir("cli-truncated");
        let path = dir.join("shipments.csv");
        let text = std::fs::read_to_string(&path).unwrap();
        // Cut the file at a row boundary two thirds in, as a copy that
        // stopped early would be.
        let keep = text.lines().count() * 2 / 3;
        let cut: String = text.lines().take(keep).map(|l| format!("{l}\n")).collect();
        std::fs::write(&path, cut).unwrap();
        corridor()
            .arg("plot")
            .arg(&dir)
            .assert()
            .code(2)
            .stderr(predicate::str::contains("where summary.json counts"))
            .stderr(predicate::str::contains("do not belong to one whole run"));
        assert!(!dir.join("report.html").exists(), "nothing is drawn");
    }

    #[test]
    fn compare_prints_a_side_by_side_table_and_writes_files() {
        let a = fixture::run_dir("cli-cmp-a");
        let b = other_run("cli-cmp-b");
        let out = fixture::temp_dir("cli-cmp-out");
        corridor()
            .arg("compare")
            .arg(&a)
            .arg(&b)
            .arg("--out")
            .arg(&out)
            .assert()
            .success()
            .stdout(predicate::str::contains("A: fixture"))
            .stdout(predicate::str::contains("B: red-sea"))
            .stdout(predicate::str::contains("transit_days (days)"))
            .stdout(predicate::str::contains("Eastern Maritime Corridor"));
        let csv = std::fs::read_to_string(out.join("compare.csv")).unwrap();
        assert!(csv.starts_with("route,metric,a_scenario,b_scenario,"));
        assert_eq!(csv.lines().count(), 1 + 3 * 3, "3 routes × 3 metrics");
        let html = std::fs::read_to_string(out.join("compare.html")).unwrap();
        assert!(html.contains("fixture against red-sea"));
        let svg = std::fs::read_to_string(out.join("compare-transit-days.svg")).unwrap();
        assert_contains(&svg, &["fixture: suez", "red-sea: suez", "fixture: emc"]);
        assert!(out.join("compare-cost-per-teu.png").is_file());
    }

    #[test]
    fn compare_of_runs_without_shared_routes_is_an_input_error() {
        let a = fixture::run_dir("cli-cmp-none-a");
        let b = fixture::run_dir("cli-cmp-none-b");
        let summary = std::fs::read_to_string(b.join("summary.json")).unwrap();
        let renamed = summary
            .replace("\"id\": \"emc\"", "\"id\": \"x1\"")
            .replace("\"id\": \"suez\"", "\"id\": \"x2\"")
            .replace("\"id\": \"instc\"", "\"id\": \"x3\"")
            .replace(
                "\"reference_route\": \"suez\"",
                "\"reference_route\": \"x2\"",
            );
        std::fs::write(b.join("summary.json"), renamed).unwrap();
        let rows = std::fs::read_to_string(b.join("shipments.csv")).unwrap();
        let rows = rows
            .replace(",emc,", ",x1,")
            .replace(",suez,", ",x2,")
            .replace(",instc,", ",x3,");
        std::fs::write(b.join("shipments.csv"), rows).unwrap();
        corridor()
            .arg("compare")
            .arg(&a)
            .arg(&b)
            .arg("--out")
            .arg(fixture::temp_dir("cli-cmp-none-out"))
            .assert()
            .code(2)
            .stderr(predicate::str::contains("share no route"));
    }

    #[test]
    fn help_shows_examples() {
        corridor()
            .args(["plot", "--help"])
            .assert()
            .success()
            .stdout(predicate::str::contains("corridor plot output/baseline"));
        corridor()
            .args(["compare", "--help"])
            .assert()
            .success()
            .stdout(predicate::str::contains(
                "corridor compare output/baseline output/red-sea-crisis",
            ));
    }
}
