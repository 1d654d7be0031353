//! The command-line grammar: clap derive types and value parsers, nothing else.
//! `app` turns these into library calls.

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Maritime and multimodal corridor route simulator.
///
/// Compares the Chennai–Vladivostok Eastern Maritime Corridor, the Suez and Cape
/// routes and the INSTC by transit time, cost and emissions.
#[derive(Debug, Parser)]
#[command(
    name = "corridor",
    version,
    about,
    long_about = None,
    args_conflicts_with_subcommands = true,
    after_help = "Examples:
  corridor                                      # the built-in baseline: EMC against Suez
  corridor run scenarios/instc.toml             # a scenario file
  corridor new my-study && corridor run my-study.toml --replications 50
  corridor explain red-sea-crisis               # every input, its unit and source
  corridor route chennai vladivostok            # shortest sea route

Exit codes: 0 success, 1 internal error, 2 bad input or usage, 74 the environment failed (disk full, no permission), 130 interrupted (Ctrl-C, SIGTERM)."
)]
pub struct Cli {
    /// What to do; with none, `corridor` runs the built-in baseline
    /// (the same as `corridor run`).
    #[command(subcommand)]
    pub command: Option<Command>,
    /// With no command, `corridor` takes `run`'s arguments and flags
    /// (`corridor --replications 50` is `corridor run --replications 50`).
    #[command(flatten)]
    pub run: RunArgs,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run a scenario: many replications of every route, then results and charts.
    ///
    /// With no SCENARIO it runs the built-in baseline (EMC against Suez).
    /// Results go to output/SCENARIO-NAME/ (or --out). Ctrl-C stops after
    /// the current replications and keeps the finished ones (exit code 130).
    ///
    /// Examples:
    ///   corridor run
    ///   corridor run scenarios/instc.toml --replications 500
    ///   corridor run red-sea-crisis --json > summary.json
    #[command(verbatim_doc_comment)]
    Run(RunArgs),
    /// Check a scenario file without running it.
    ///
    /// Examples:
    ///   corridor validate scenarios/instc.toml
    ///   corridor validate my-scenario.toml
    #[command(verbatim_doc_comment)]
    Validate(ValidateArgs),
    /// Print every effective parameter of a scenario and its routes, step by step.
    ///
    /// Shows each value after `extends` and the built-in library's defaults,
    /// with its unit, its source and the file that set it; then each route as
    /// its port calls, sailings (nm per sea region), canals, rides, borders
    /// and dwells, so the inputs of a run can be audited.
    ///
    /// Examples:
    ///   corridor explain baseline
    ///   corridor explain my-scenario.toml | less
    ///   corridor explain scenarios/instc.toml --json > instc-inputs.json
    #[command(verbatim_doc_comment)]
    Explain(ExplainArgs),
    /// Write a commented starter scenario that runs as it is.
    ///
    /// NAME.toml is written in the current folder (or PATH.toml where given);
    /// an existing file is never overwritten.
    ///
    /// Examples:
    ///   corridor new my-study && corridor run my-study.toml
    ///   corridor new studies/red-sea.toml
    #[command(verbatim_doc_comment)]
    New(NewArgs),
    /// Print a shell completion script.
    ///
    /// Examples:
    ///   corridor completions bash > ~/.local/share/bash-completion/completions/corridor
    ///   corridor completions zsh > ~/.zfunc/_corridor
    ///   corridor completions fish > ~/.config/fish/completions/corridor.fish
    #[command(verbatim_doc_comment)]
    Completions(CompletionsArgs),
    /// Run a benchmark model of the simulation kernel.
    ///
    /// Examples:
    ///   corridor bench berth-ring
    ///   corridor bench berth-ring --ships 100000 --json
    #[command(subcommand, verbatim_doc_comment)]
    Bench(BenchCommand),
    /// Find the shortest route between two ports or nodes.
    ///
    /// Examples:
    ///   corridor route chennai vladivostok
    ///   corridor route chennai "st petersburg" --avoid suez --json
    ///   corridor route INNSA moscow --mode sea --mode rail --mode road --geojson route.geojson
    #[command(verbatim_doc_comment)]
    Route(RouteArgs),
    /// List the known ports, terminals and land nodes.
    ///
    /// Examples:
    ///   corridor ports
    ///   corridor ports --json > ports.json
    #[command(verbatim_doc_comment)]
    Ports(PortsArgs),
    /// Redraw the charts and report.html of a finished run from its files.
    ///
    /// Reads shipments.csv, summary.json, queues.csv and routes.geojson in
    /// RUN_DIR (see docs/run-output.md) without simulating again, and writes
    /// RUN_DIR/plots/*.svg, *.png and RUN_DIR/report.html.
    ///
    /// Examples:
    ///   corridor plot output/baseline
    ///   corridor plot output/red-sea-crisis && chromium output/red-sea-crisis/report.html
    #[command(verbatim_doc_comment)]
    Plot(PlotArgs),
    /// Compare two runs: a side-by-side table and overlaid distributions.
    ///
    /// Routes are matched by id. Prints the table and writes compare.csv,
    /// compare.html and the charts (SVG and PNG) to --out.
    ///
    /// Examples:
    ///   corridor compare output/baseline output/red-sea-crisis
    ///   corridor compare output/baseline output/suez-blockage --out output/blockage-vs-baseline
    #[command(verbatim_doc_comment)]
    Compare(CompareArgs),
    /// Run a scenario at every combination of some keys' values.
    ///
    /// Each --set KEY=V1,V2,… (or KEY=LOW..HIGH:STEPS, STEPS values from LOW
    /// to HIGH) is one parameter; the points are their full factorial, each
    /// validated like a file and run on the same random numbers. A
    /// scenario's `[sweep]` table adds parameters (--set replaces a key of it).
    /// Writes sweep.json, sweep.csv, response charts and report.html to
    /// output/SCENARIO-NAME-sweep (or --out).
    ///
    /// Examples:
    ///   corridor sweep baseline --set fuels.vlsfo.price_usd_per_t=400,600,800,1000
    ///   corridor sweep instc --set borders.astara.lanes=16..28:4
    ///   corridor sweep baseline --set fuels.vlsfo.price_usd_per_t=400,800 --set vessels.feeder-1100.service_speed_kn=12..16:3
    ///   corridor sweep my-study.toml --replications 200 --json > sweep.json
    #[command(verbatim_doc_comment)]
    Sweep(SweepArgs),
    /// Rank inputs by their effect: each at a low and a high value around the base.
    ///
    /// Runs the base scenario, then each --vary KEY=LOW,HIGH one at a time,
    /// all on the same random numbers, and ranks the inputs per route by the
    /// paired effect (high − low) on --metric, with 95 % intervals. Writes
    /// sensitivity.json, sensitivity.csv, tornado charts and report.html to
    /// output/SCENARIO-NAME-sensitivity (or --out).
    ///
    /// Examples:
    ///   corridor sensitivity baseline --vary fuels.vlsfo.price_usd_per_t=400,1000 --vary vessels.feeder-1100.service_speed_kn=12,16
    ///   corridor sensitivity instc --vary borders.astara.lanes=16,32 --metric cost_usd_per_teu
    #[command(verbatim_doc_comment)]
    Sensitivity(SensitivityArgs),
    /// Hold the model to published figures and write docs/calibration.md.
    ///
    /// Runs every scenario the calibration targets name (the table in
    /// src/calibration/targets.toml: figure, source, route, metric, band and
    /// reasoning), prints each target with the model's value and writes the
    /// table as Markdown to --out. A target outside its band is marked MISS.
    ///
    /// Examples:
    ///   corridor calibrate
    ///   corridor calibrate --out /tmp/calibration.md --json
    #[command(verbatim_doc_comment)]
    Calibrate(CalibrateArgs),
    /// Merge the shards of a run (`corridor run --shard K/N`) into one run folder.
    ///
    /// The merged folder equals the single run's: the same shipments.csv
    /// byte for byte and the same summary (wall-time fields aside). The
    /// shards of a sweep (`corridor sweep … --shard K/N`) merge into the
    /// single sweep's folder (the same sweep.csv byte for byte). Refuses
    /// (exit code 2) a set of shards that is incomplete, has a shard twice,
    /// or mixes runs of different scenarios, inputs or seeds.
    ///
    /// Examples:
    ///   corridor merge shards/1 shards/2 shards/3 --out output/baseline
    ///   corridor merge shards/* --out output/baseline --no-plots
    #[command(verbatim_doc_comment)]
    Merge(MergeArgs),
}

/// `corridor sweep`: `run`'s flags, with `--set KEY=V1,V2,…` as the parameters.
#[derive(Debug, Clone, Args)]
#[command(mut_arg("set", |a| a
    .value_name("KEY=V1,V2,…")
    .help("A parameter and its values: KEY=V1,V2,… or KEY=LOW..HIGH:STEPS (repeatable; \
           each point is validated like the file)")))]
#[command(mut_arg("json", |a| a.help("Print sweep.json to stdout instead of the table")))]
#[command(mut_arg("out", |a| a.help("Output folder (default: output/SCENARIO-NAME-sweep)")))]
pub struct SweepArgs {
    /// The flags `run` takes.
    #[command(flatten)]
    pub run: RunArgs,
}

/// `corridor sensitivity`.
#[derive(Debug, Clone, Args)]
#[command(mut_arg("json", |a| a.help("Print sensitivity.json to stdout instead of the ranking")))]
#[command(mut_arg("out", |a| a.help("Output folder (default: output/SCENARIO-NAME-sensitivity)")))]
pub struct SensitivityArgs {
    /// The flags `run` takes (`--set KEY=VALUE` changes the base).
    #[command(flatten)]
    pub run: RunArgs,
    /// An input and its low and high value: KEY=LOW,HIGH (repeatable).
    #[arg(long, value_name = "KEY=LOW,HIGH", required = true)]
    pub vary: Vec<String>,
    /// The metric inputs are ranked by (each route's mean).
    #[arg(long, value_enum, default_value_t = MetricArg::TransitDays)]
    pub metric: MetricArg,
}

/// A route metric, named as in summary.json.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MetricArg {
    /// Door-to-door transit days.
    #[value(name = "transit_days", alias = "transit-days", alias = "transit")]
    TransitDays,
    /// Total cost, USD per TEU.
    #[value(name = "cost_usd_per_teu", alias = "cost-usd-per-teu", alias = "cost")]
    CostUsdPerTeu,
    /// CO2, tonnes per TEU.
    #[value(name = "co2_t_per_teu", alias = "co2-t-per-teu", alias = "co2")]
    Co2TPerTeu,
}

/// `corridor calibrate`.
#[derive(Debug, Clone, Args)]
pub struct CalibrateArgs {
    /// Where to write the Markdown table [default: docs/calibration.md].
    #[arg(long)]
    pub out: Option<std::path::PathBuf>,
    /// Print the rows as JSON instead of a table.
    #[arg(long)]
    pub json: bool,
    /// Worker threads (default: all cores). Results do not depend on it.
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=1024))]
    pub threads: Option<u32>,
}

#[derive(Debug, Clone, Default, Args)]
pub struct RunArgs {
    /// A scenario file, or the name of a built-in scenario (default: baseline).
    pub scenario: Option<String>,
    /// Replications (overrides the scenario).
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..))]
    pub replications: Option<u32>,
    /// Random seed (overrides the scenario; 0 to 9223372036854775807, as in
    /// a file).
    #[arg(long, value_parser = clap::value_parser!(u64).range(0..=i64::MAX as u64))]
    pub seed: Option<u64>,
    /// Set any scenario key, as if the file said it: KEY=VALUE, e.g.
    /// `fuels.vlsfo.price_usd_per_t=800` or `routes.emc.legs[0].speed_kn=16.5`
    /// (repeatable; validated like the file).
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<String>,
    /// Worker threads (default: all cores). Results do not depend on it.
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=1024))]
    pub threads: Option<u32>,
    /// Output folder (default: output/SCENARIO-NAME).
    #[arg(long)]
    pub out: Option<std::path::PathBuf>,
    /// Print summary.json to stdout instead of the table.
    #[arg(long)]
    pub json: bool,
    /// Skip the charts and the HTML report.
    #[arg(long)]
    pub no_plots: bool,
    /// No progress bar (it is drawn on stderr only when stderr is a terminal).
    #[arg(long, short)]
    pub quiet: bool,
    /// Allow more than 100,000 replications.
    #[arg(long)]
    pub force: bool,
    /// Run only shard K of N (K from 1 to N): the K-th block of the
    /// replications, with the random numbers a single run gives them;
    /// `corridor merge` joins the shards into the single run's results.
    #[arg(long, value_name = "K/N", value_parser = crate::experiment::Shard::parse, conflicts_with = "precision")]
    pub shard: Option<crate::experiment::Shard>,
    /// Run replications in batches (the first of --replications) until the
    /// 95 % confidence interval of every route's mean transit time and mean
    /// cost is within P: `0.5%` of the mean, `0.1d` (days, transit only) or
    /// `10usd` (USD/TEU, cost only); repeatable, each must hold.
    #[arg(long, value_name = "P", value_parser = crate::experiment::Precision::parse)]
    pub precision: Vec<crate::experiment::Precision>,
    /// With --precision: stop after this many replications even if P is not
    /// reached [default: 20 × --replications].
    #[arg(long, value_name = "N", requires = "precision", value_parser = clap::value_parser!(u32).range(2..))]
    pub max_replications: Option<u32>,
}

#[derive(Debug, Clone, Args)]
pub struct ValidateArgs {
    /// A scenario file, or the name of a built-in scenario.
    pub scenario: String,
}

#[derive(Debug, Clone, Args)]
pub struct ExplainArgs {
    /// A scenario file, or the name of a built-in scenario.
    pub scenario: String,
    /// Print one JSON object (parameters and routes) instead of text.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Clone, Args)]
pub struct NewArgs {
    /// The scenario's name (writes NAME.toml), or a path ending in .toml.
    pub name: String,
}

#[derive(Debug, Clone, Args)]
pub struct CompletionsArgs {
    /// The shell to print completions for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Subcommand)]
pub enum BenchCommand {
    /// The berth-ring model: S ships sail a ring of P ports with C berths each.
    ///
    /// Examples:
    ///   corridor bench berth-ring
    ///   corridor bench berth-ring --ships 100000 --json
    #[command(verbatim_doc_comment)]
    BerthRing(BerthRingArgs),
}

#[derive(Debug, Clone, Args)]
pub struct BerthRingArgs {
    /// Number of ships (S).
    #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(u32).range(1..))]
    pub ships: u32,
    /// Number of ports on the ring (P).
    #[arg(long, default_value_t = 200, value_parser = clap::value_parser!(u32).range(1..))]
    pub ports: u32,
    /// Berths per port (C).
    #[arg(long, default_value_t = 2, value_parser = clap::value_parser!(u32).range(1..))]
    pub berths: u32,
    /// Mean sailing time between ports, hours (exponential).
    #[arg(long = "sail-h", default_value_t = 48.0, value_parser = positive_f64, allow_negative_numbers = true)]
    pub sail_h: f64,
    /// Mean berth service time, hours (exponential).
    #[arg(long = "service-h", default_value_t = 12.0, value_parser = positive_f64, allow_negative_numbers = true)]
    pub service_h: f64,
    /// Simulated years (8,760 h each).
    #[arg(long, default_value_t = 1.0, value_parser = positive_f64, allow_negative_numbers = true)]
    pub years: f64,
    /// Random seed.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Print one JSON object instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// Transport modes a route may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, ValueEnum)]
pub enum ModeArg {
    Sea,
    Rail,
    Road,
    Ferry,
    Any,
}

#[derive(Debug, Clone, Args)]
pub struct RouteArgs {
    /// Origin: a UN/LOCODE (INMAA) or a name (chennai), case-insensitive.
    pub from: String,
    /// Destination: a UN/LOCODE or a name.
    pub to: String,
    /// Pass through this port or waypoint (repeatable, in order).
    #[arg(long)]
    pub via: Vec<String>,
    /// Avoid this passage (suez, bab-el-mandeb, malacca, hormuz, cape, …) or element (port:NAME, border:NAME, link:ID, region:NAME); repeatable.
    #[arg(long)]
    pub avoid: Vec<String>,
    /// Modes the route may use (repeatable); default: sea.
    #[arg(long, value_enum)]
    pub mode: Vec<ModeArg>,
    /// Speed used to express the distance in days, knots.
    #[arg(long = "speed-kn", default_value_t = 14.0, value_parser = positive_f64, allow_negative_numbers = true)]
    pub speed_kn: f64,
    /// Print one JSON object instead of a table.
    #[arg(long)]
    pub json: bool,
    /// Also write the route as a GeoJSON FeatureCollection to this file;
    /// `-` is standard output (the table then goes to stderr). A FIFO or a
    /// device is written through; a symlink is followed, never replaced.
    #[arg(long)]
    pub geojson: Option<std::path::PathBuf>,
    /// Ship draught, metres: lanes with a shallower limit are not used.
    #[arg(long = "draft-m", value_parser = positive_f64)]
    pub draft_m: Option<f64>,
    /// Ship length overall, metres: lanes with a shorter limit are not used.
    #[arg(long = "length-m", value_parser = positive_f64)]
    pub length_m: Option<f64>,
    /// Ship ice class; the Northern Sea Route needs ice1 in summer, arc7 in winter.
    #[arg(long = "ice-class", value_enum, default_value_t = IceClassArg::None)]
    pub ice_class: IceClassArg,
    /// Season of the voyage, for ice (Gulf of Finland, northern Caspian, NSR).
    #[arg(long, value_enum, default_value_t = SeasonArg::Summer)]
    pub season: SeasonArg,
    /// Enable a link that is disabled by default, e.g. rasht-astara-rail (repeatable).
    #[arg(long)]
    pub enable: Vec<String>,
}

/// Ship ice classes, weakest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum IceClassArg {
    None,
    Ice1,
    Arc4,
    Arc7,
}

/// Seasons, for ice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SeasonArg {
    Summer,
    Winter,
}

#[derive(Debug, Clone, Args)]
pub struct PlotArgs {
    /// A run folder written by `corridor run` (e.g. output/baseline).
    pub run_dir: std::path::PathBuf,
}

#[derive(Debug, Clone, Args)]
pub struct CompareArgs {
    /// Run A (e.g. output/baseline).
    pub run_a: std::path::PathBuf,
    /// Run B (e.g. output/red-sea-crisis).
    pub run_b: std::path::PathBuf,
    /// Folder for compare.csv, compare.html and the charts
    /// [default: output/compare-<A's scenario>-vs-<B's scenario>].
    #[arg(long)]
    pub out: Option<std::path::PathBuf>,
}

#[derive(Debug, Clone, Args)]
pub struct MergeArgs {
    /// The shards' run folders, in any order.
    #[arg(required = true, value_name = "DIR")]
    pub shards: Vec<std::path::PathBuf>,
    /// The merged run folder.
    #[arg(long, value_name = "DIR")]
    pub out: std::path::PathBuf,
    /// Print summary.json to stdout instead of the table.
    #[arg(long)]
    pub json: bool,
    /// Skip the charts and the HTML report.
    #[arg(long)]
    pub no_plots: bool,
}

#[derive(Debug, Clone, Args)]
pub struct PortsArgs {
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// Parses a finite number greater than zero.
pub fn positive_f64(text: &str) -> Result<f64, String> {
    let value: f64 = text
        .trim()
        .parse()
        .map_err(|_| format!("`{text}` is not a number"))?;
    if !value.is_finite() || value <= 0.0 {
        return Err(format!(
            "must be a finite number greater than 0, got `{text}`"
        ));
    }
    Ok(value)
}
