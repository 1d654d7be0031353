//! `corridor run` and `corridor validate`.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use anyhow::Context;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::cli::{RunArgs, ValidateArgs};
use crate::error::{InputError, Interrupted};
use crate::model::{RunControl, replicate};
use crate::output::{RunFacts, RunWriter, Summary};
use crate::scenario::{self, ScenarioRef};

/// The scenario `corridor run` uses when none is named.
pub const DEFAULT_SCENARIO: &str = "baseline";

/// Most replications run without `--force`: beyond this a run takes hours and
/// `shipments.csv` grows to gigabytes, which is more often a typo than a plan.
pub const MAX_UNFORCED_REPLICATIONS: u32 = 100_000;

/// Runs shorter than this draw no progress bar.
const PROGRESS_AFTER: Duration = Duration::from_secs(1);

/// Runs a scenario and writes its results.
pub fn run(args: &RunArgs) -> anyhow::Result<()> {
    let name = args.scenario.as_deref().unwrap_or(DEFAULT_SCENARIO);
    let source = ScenarioRef::resolve(name);
    let mut loaded = scenario::load(&source)?;
    super::print_warnings(&loaded);
    if let Some(r) = args.replications {
        loaded.scenario.replications = r;
    }
    if let Some(seed) = args.seed {
        loaded.scenario.seed = seed;
    }
    let scenario = &loaded.scenario;
    if scenario.replications > MAX_UNFORCED_REPLICATIONS && !args.force {
        return Err(InputError::new(format!(
            "{} replications asked for; more than {} need --force",
            scenario.replications, MAX_UNFORCED_REPLICATIONS
        ))
        .with_hint(
            "a few hundred replications give confidence intervals of a fraction of a day; \
             add --force if you really mean it (shipments.csv grows by about 1 MB per 100 replications)",
        )
        .into());
    }
    let dir = args
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from("output").join(&scenario.name));
    prepare_output_dir(&dir)?;

    let threads = args
        .threads
        .map(|t| t as usize)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let cancel = install_interrupt_handler();
    let bar = Progress::new(!args.quiet);
    let on_progress = |done: u64, total: u64| bar.update(done, total);
    let control = RunControl {
        threads,
        cancel: Some(cancel),
        progress: Some(&on_progress),
    };
    let mut writer = RunWriter::create(&dir, scenario)?;
    let started = Instant::now();
    let outcome = replicate(scenario, &control, |result| writer.add(&result))?;
    let wall_s = started.elapsed().as_secs_f64();
    bar.finish();
    let facts = RunFacts {
        file: loaded.file.clone(),
        wall_s,
        threads,
        events: outcome.events,
        replications_done: outcome.replications,
        cancelled: outcome.cancelled,
    };
    // An interrupted run keeps what it finished: every file is committed with
    // the completed replications and summary.json says `cancelled: true`.
    let (summary, mut files) = writer.finish(&facts)?;
    if !args.no_plots && outcome.replications > 0 {
        files.extend(
            crate::report::write_report(&dir).context("drawing the charts and the report")?,
        );
    }

    let mut out = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &summary)?;
        writeln!(out)?;
    } else {
        print_table(&mut out, &summary)?;
        writeln!(out, "\nwrote {} files to {}", files.len(), dir.display())?;
    }
    out.flush()?;
    if outcome.cancelled {
        return Err(Interrupted(format!(
            "interrupted after {} of {} replications; partial results in {}",
            outcome.replications,
            scenario.replications,
            dir.display()
        ))
        .into());
    }
    Ok(())
}

/// The flag Ctrl-C sets. The first Ctrl-C asks the run to stop after the
/// current chunk, so the finished replications are kept; a second one ends
/// the process at once (temporary files may then be left behind).
fn install_interrupt_handler() -> &'static AtomicBool {
    static CANCEL: AtomicBool = AtomicBool::new(false);
    // Setting the handler fails only if one is already set (a second run in
    // the same process), which then sets the same flag.
    let _ = ctrlc::set_handler(|| {
        if CANCEL.swap(true, Ordering::SeqCst) {
            eprintln!("\ninterrupted again: stopping now");
            std::process::exit(i32::from(crate::error::EXIT_INTERRUPTED));
        }
        eprintln!("\nstopping after the current replications (Ctrl-C again to stop at once)…");
    });
    &CANCEL
}

/// The progress bar: replications done, rate and ETA on stderr, drawn only
/// when stderr is a terminal, and only once a run has taken over a second.
struct Progress {
    bar: Option<ProgressBar>,
    started: Instant,
    /// Runs shorter than this draw nothing.
    after: Duration,
}

impl Progress {
    fn new(wanted: bool) -> Progress {
        let bar = (wanted && std::io::stderr().is_terminal()).then(|| {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
            bar.set_style(
                ProgressStyle::with_template("{bar:30} {pos}/{len} replications  {msg}  ETA {eta}")
                    .expect("a valid template"),
            );
            bar
        });
        // Tests set CORRIDOR_PROGRESS_AFTER_MS=0 to see the bar on a short run.
        let after = std::env::var("CORRIDOR_PROGRESS_AFTER_MS")
            .ok()
            .and_then(|ms| ms.parse().ok())
            .map_or(PROGRESS_AFTER, Duration::from_millis);
        Progress {
            bar,
            started: Instant::now(),
            after,
        }
    }

    fn update(&self, done: u64, total: u64) {
        let Some(bar) = &self.bar else { return };
        let elapsed = self.started.elapsed();
        if bar.is_hidden() && (elapsed < self.after || done >= total) {
            return;
        }
        bar.set_length(total);
        bar.set_position(done);
        bar.set_message(format!(
            "{:.1}/s",
            done as f64 / elapsed.as_secs_f64().max(1e-9)
        ));
        if bar.is_hidden() {
            bar.set_draw_target(ProgressDrawTarget::stderr());
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

/// Checks a scenario without running it.
pub fn validate(args: &ValidateArgs) -> anyhow::Result<()> {
    let loaded = scenario::load(&ScenarioRef::resolve(&args.scenario))?;
    super::print_warnings(&loaded);
    let s = &loaded.scenario;
    let steps: usize = s.routes.iter().map(|r| r.steps.len()).sum();
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "{}: ok — {} route(s) ({}), {} steps, {} replications of {} shipments each",
        loaded.file.as_deref().unwrap_or(&args.scenario),
        s.routes.len(),
        s.routes
            .iter()
            .map(|r| r.id.as_str())
            .collect::<Vec<_>>()
            .join(", "),
        steps,
        s.replications,
        s.departures.count
    )?;
    Ok(())
}

/// Makes sure results can be written to `dir` before any simulation starts:
/// it must be a folder (created if missing), writable, and either empty or
/// holding an earlier run's results, which are replaced.
fn prepare_output_dir(dir: &Path) -> anyhow::Result<()> {
    if dir.exists() && !dir.is_dir() {
        return Err(
            InputError::new(format!("--out {} is a file, not a folder", dir.display()))
                .with_hint("name a folder; it is created if missing")
                .into(),
        );
    }
    std::fs::create_dir_all(dir).map_err(|e| {
        InputError::new(format!(
            "cannot create the output folder {}: {e}",
            dir.display()
        ))
        .with_hint("choose a writable place with --out DIR")
    })?;
    let entries: Vec<String> = std::fs::read_dir(dir)
        .with_context(|| format!("cannot list {}", dir.display()))?
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    let earlier_run = entries
        .iter()
        .any(|e| e == "summary.json" || e == "shipments.csv");
    let foreign: Vec<&String> = entries.iter().filter(|e| !e.starts_with('.')).collect();
    if !foreign.is_empty() && !earlier_run {
        return Err(InputError::new(format!(
            "the output folder {} already holds other files ({}{})",
            dir.display(),
            foreign
                .iter()
                .take(3)
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            if foreign.len() > 3 { ", …" } else { "" }
        ))
        .with_hint(
            "use an empty folder, or one that holds an earlier run (its results are replaced)",
        )
        .into());
    }
    let probe = dir.join(format!(".corridor-write-test-{}", std::process::id()));
    std::fs::write(&probe, b"").map_err(|e| {
        InputError::new(format!(
            "cannot write to the output folder {}: {e}",
            dir.display()
        ))
        .with_hint("choose a writable place with --out DIR")
    })?;
    let _ = std::fs::remove_file(&probe);
    Ok(())
}

/// The comparison table printed after a run.
fn print_table(out: &mut impl Write, summary: &Summary) -> std::io::Result<()> {
    let meta = &summary.scenario;
    writeln!(
        out,
        "{} — {} replications, seed {}, {:.2} s ({:.1} M events/s)",
        meta.name,
        meta.replications,
        meta.seed,
        meta.wall_s,
        meta.events_per_s / 1e6
    )?;
    writeln!(out)?;
    writeln!(
        out,
        "{:<16} {:>8} {:>20} {:>7} {:>7} {:>20} {:>9} {:>14}",
        "route",
        "arrived",
        "transit d (95% CI)",
        "p50",
        "p90",
        "USD/TEU (95% CI)",
        "t CO2/TEU",
        "vs reference"
    )?;
    for r in &summary.routes {
        let t = &r.transit_days;
        let c = &r.cost_usd_per_teu;
        let versus = match &r.vs_reference {
            None => "reference".to_string(),
            Some(p) if p.transit_days_diff.count == 0 => "no pairs".to_string(),
            Some(p) => format!(
                "{:+.1} d, {:+.0} $",
                p.transit_days_diff.mean, p.cost_usd_per_teu_diff.mean
            ),
        };
        writeln!(
            out,
            "{:<16} {:>8} {:>20} {:>7} {:>7} {:>20} {:>9} {:>14}",
            r.id,
            format!("{}/{}", r.arrived, r.shipments),
            estimate(t.mean, t.ci95_low, t.ci95_high, 1),
            figure(t.p50, 1),
            figure(t.p90, 1),
            estimate(c.mean, c.ci95_low, c.ci95_high, 0),
            figure(r.co2_t_per_teu.mean, 3),
            versus
        )?;
    }
    Ok(())
}

/// A number for the table, or `–` when there is none (no arrivals).
fn figure(x: f64, decimals: usize) -> String {
    if x.is_finite() {
        format!("{x:.decimals$}")
    } else {
        "–".to_string()
    }
}

/// A mean with its confidence interval, the mean alone when the interval is
/// undefined (a single observation), or `–` when there is no mean.
fn estimate(mean: f64, low: f64, high: f64, decimals: usize) -> String {
    match (mean.is_finite(), low.is_finite() && high.is_finite()) {
        (false, _) => "–".to_string(),
        (true, false) => figure(mean, decimals),
        (true, true) => format!("{mean:.decimals$} ({low:.decimals$}–{high:.decimals$})"),
    }
}
