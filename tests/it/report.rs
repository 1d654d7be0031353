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

const ROUTE_NAMES: [&str; 3] = [
    "Eastern Maritime Corridor",
    "Suez + Trans-Siberian rail",
    "INSTC (via Iran and Azerbaijan)",
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
            &["median (solid line)", "90th percentile (dashed line)"],
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
                "waiting for a train or ferry",
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
        assert_contains(
            &svg,
            &[
                "Eastern Maritime Corridor",
                "INSTC (via Iran and Azerbaijan)",
            ],
        );
        // The reference is not compared with itself.
        assert!(!svg.contains("Suez + Trans-Siberian rail: faster"));
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
            &[
                "Queues over simulated time",
                "Suez Canal",
                "Waiting (ships)",
            ],
        );
        assert_contains(&svg, &["Waiting (TEU)", "Simulated time (days"]);
        // A queue that never held anyone is left out.
        assert!(!svg.contains("port RULED"));
    }
}
