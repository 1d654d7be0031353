//! `corridor run` and `corridor validate`.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use anyhow::Context;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::cli::{RunArgs, ValidateArgs};
use crate::error::{InputError, Interrupted};
use crate::model::RunControl;
use crate::runfile::{RunFacts, RunFolder, RunWriter, Summary};
use crate::scenario::{self, Overrides, ScenarioRef};

/// The scenario `corridor run` uses when none is named.
pub const DEFAULT_SCENARIO: &str = "baseline";

/// Most replications run without `--force`: beyond this a run takes hours and
/// `shipments.csv` grows to gigabytes, which is more often a typo than a plan.
pub const MAX_UNFORCED_REPLICATIONS: u32 = 100_000;

/// Most routes the printed table shows (as many as the charts draw).
const MAX_TABLE_ROUTES: usize = crate::report::MAX_CHART_ROUTES;

/// Most pairs of routes printed below the table (those of five routes).
const MAX_TABLE_PAIRS: usize = 10;

/// Runs shorter than this draw no progress bar.
const PROGRESS_AFTER: Duration = Duration::from_secs(1);

/// Runs a scenario and writes its results.
pub fn run(args: &RunArgs) -> anyhow::Result<()> {
    let threads = super::worker_threads(args.threads);
    let name = args.scenario.as_deref().unwrap_or(DEFAULT_SCENARIO);
    let source = ScenarioRef::resolve(name);
    let loaded = scenario::load_with_overrides(&source, &overrides(args)?)?;
    super::print_warnings(&loaded);
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
    let target = args
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from("output").join(&scenario.name));
    // The run is built in a staging folder beside the target and swapped in
    // whole at the end; until then the previous run stays as it was.
    let folder = RunFolder::claim(&target)?;
    let staging = folder.staging().to_path_buf();

    let cancel = install_interrupt_handler();
    let bar = Progress::new(!args.quiet);
    let on_progress = |done: u64, total: u64| bar.update(done, total);
    let control = RunControl {
        threads,
        cancel: Some(cancel),
        progress: Some(&on_progress),
    };
    let mut writer = RunWriter::create(&staging, scenario)?;
    let started = Instant::now();
    let outcome = crate::experiment::execute(scenario, &plan(args), &control, &mut writer)?;
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
    // An interrupted run keeps what it finished: every file is written with
    // the completed replications, and summary.json and the report say so.
    let summary = writer.finish(&facts)?;
    if !args.no_plots && outcome.replications > 0 {
        crate::report::write_report(&staging).context("drawing the charts and the report")?;
    }
    let run = folder.commit()?;

    let mut out = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &summary)?;
        writeln!(out)?;
    } else {
        print_table(&mut out, &summary)?;
        writeln!(
            out,
            "\nwrote {} files to {}",
            run.files.len(),
            target.display()
        )?;
    }
    out.flush()?;
    if outcome.cancelled {
        return Err(Interrupted(format!(
            "interrupted after {} of {} replications; partial results in {}",
            outcome.replications,
            scenario.replications,
            target.display()
        ))
        .into());
    }
    Ok(())
}

/// Which replications `run`'s flags ask for (`--shard`, `--precision`).
pub fn plan(args: &RunArgs) -> crate::experiment::Plan {
    use crate::experiment::{Plan, PrecisionTarget};
    if let Some(shard) = args.shard {
        Plan::Shard(shard)
    } else if !args.precision.is_empty() {
        Plan::Precision {
            target: PrecisionTarget(args.precision.clone()),
            max: args.max_replications.map(u64::from),
        }
    } else {
        Plan::All
    }
}

/// `run`'s flags that set scenario keys, as the top scenario layer.
pub fn overrides(args: &RunArgs) -> anyhow::Result<Overrides> {
    let mut o = Overrides::new();
    if let Some(r) = args.replications {
        o.set("replications", i64::from(r));
    }
    if let Some(seed) = args.seed {
        // The flag's parser keeps it within a TOML integer, as in a file.
        o.set("seed", i64::try_from(seed).unwrap_or(i64::MAX));
    }
    for assignment in &args.set {
        o.assign(assignment)?;
    }
    Ok(o)
}

/// The flag Ctrl-C sets. The first Ctrl-C asks the run to stop after the
/// current chunk, so the finished replications are kept; a second one ends
/// the process at once (temporary files may then be left behind).
pub(super) fn install_interrupt_handler() -> &'static AtomicBool {
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
pub(super) struct Progress {
    bar: Option<ProgressBar>,
    started: Instant,
    /// Runs shorter than this draw nothing.
    after: Duration,
}

impl Progress {
    pub(super) fn new(wanted: bool) -> Progress {
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

    pub(super) fn update(&self, done: u64, total: u64) {
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

    pub(super) fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

/// Checks a scenario without running it, reporting every error it has
/// (`run` stops at the first).
pub fn validate(args: &ValidateArgs) -> anyhow::Result<()> {
    let loaded = scenario::check(&ScenarioRef::resolve(&args.scenario))?;
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

/// The comparison table printed after a run: route names, arrivals, mean
/// transit and cost with 95 % confidence intervals (over replication means;
/// none with a single replication), medians and 90th percentiles, CO2, and
/// the paired difference with the reference route. Columns are sized to
/// their widest cell, so any count of shipments lines up.
pub(super) fn print_table(out: &mut impl Write, summary: &Summary) -> std::io::Result<()> {
    use crate::numbers::{estimate, number, signed, thousands};
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
    writeln!(out, "costs in USD/TEU on the {}", meta.cost_basis_label())?;
    writeln!(out)?;
    let header = [
        "route",
        "id",
        "arrived",
        "transit d (95% CI)",
        "p50 d (95% CI)",
        "p90 d (95% CI)",
        "USD/TEU (95% CI)",
        "t CO2/TEU",
        "vs reference",
    ];
    let mut rows: Vec<Vec<String>> = vec![header.iter().map(|h| h.to_string()).collect()];
    // Past a dozen routes a table stops being read: it shows the reference
    // and the fastest, and says where the rest are.
    let shown = summary.leading_routes(MAX_TABLE_ROUTES);
    for r in shown.iter().map(|&i| &summary.routes[i]) {
        let t = &r.transit_days;
        let c = &r.cost_usd_per_teu;
        let versus = match &r.vs_reference {
            None => "reference".to_string(),
            Some(p) if p.transit_days_diff.count == 0 => "no pairs".to_string(),
            Some(p) => format!(
                "{} d, {} $",
                signed(p.transit_days_diff.mean, 1),
                signed(p.cost_usd_per_teu_diff.mean, 0)
            ),
        };
        rows.push(vec![
            r.short_label().to_string(),
            r.id.clone(),
            format!(
                "{}/{}",
                thousands(r.arrived as i64),
                thousands(r.shipments as i64)
            ),
            estimate(t.mean, t.ci95(), 1),
            crate::numbers::quantile(t.p50, t.p50_ci95(), 1),
            crate::numbers::quantile(t.p90, t.p90_ci95(), 1),
            estimate(c.mean, c.ci95(), 0),
            number(r.co2_t_per_teu.mean, 3),
            versus,
        ]);
    }
    let widths: Vec<usize> = (0..header.len())
        .map(|i| {
            rows.iter()
                .map(|row| row[i].chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    for row in &rows {
        let mut line = String::new();
        for (i, cell) in row.iter().enumerate() {
            let pad = " ".repeat(widths[i] - cell.chars().count());
            if i > 0 {
                line.push_str("  ");
            }
            // Names left, numbers right, each under its header.
            if i <= 1 {
                line.push_str(cell);
                line.push_str(&pad);
            } else {
                line.push_str(&pad);
                line.push_str(cell);
            }
        }
        writeln!(out, "{}", line.trim_end())?;
    }
    if shown.len() < summary.routes.len() {
        writeln!(
            out,
            "\n({} of {} routes shown: the reference and the fastest by median transit; \
             summary.csv and summary.json have them all)",
            shown.len(),
            summary.routes.len()
        )?;
    }
    if summary.scenario.replications < 2 {
        writeln!(
            out,
            "\n(no confidence intervals: they need at least two replications)"
        )?;
    }
    print_pairs(out, summary, &shown)?;
    writeln!(
        out,
        "\n(days to 0.1, USD to 1; an interval narrower than the last digit shows as –)"
    )?;
    if let Some(p) = &summary.scenario.precision {
        crate::experiment::precision::print_outcome(out, p)?;
    }
    Ok(())
}

/// Every pair of the shown routes, compared shipment by shipment: the mean
/// difference with its 95 % CI, and the chances that the first is faster
/// and cheaper, with theirs.
fn print_pairs(out: &mut impl Write, summary: &Summary, shown: &[usize]) -> std::io::Result<()> {
    use crate::numbers::{estimate, percent};
    let ids: Vec<&str> = shown
        .iter()
        .map(|&i| summary.routes[i].id.as_str())
        .collect();
    let pairs: Vec<_> = summary
        .pairs
        .iter()
        .filter(|p| ids.contains(&p.a.as_str()) && ids.contains(&p.b.as_str()) && p.pairs > 0)
        .collect();
    if pairs.is_empty() {
        return Ok(());
    }
    // Past ten pairs (five routes) the lines stop being read.
    if pairs.len() > MAX_TABLE_PAIRS {
        return writeln!(
            out,
            "\n({} pairs of routes compared: `pairs` in summary.json, and the report)",
            summary.pairs.len()
        );
    }
    let share = |s: &crate::runfile::Share| match s.ci95() {
        Some((l, h)) => format!("{} ({:.0}–{:.0} %)", percent(s.share), l * 100.0, h * 100.0),
        None => percent(s.share),
    };
    writeln!(
        out,
        "\npaired, every pair (A − B, shipment by shipment; 95 % CI):"
    )?;
    for p in pairs {
        let (t, c) = (&p.transit_days_diff, &p.cost_usd_per_teu_diff);
        writeln!(
            out,
            "  {} − {}: {} d, {} $; P({} faster) {}, P(cheaper) {}",
            p.a,
            p.b,
            estimate(t.mean, t.ci95(), 1),
            estimate(c.mean, c.ci95(), 0),
            p.a,
            share(&p.a_faster),
            share(&p.a_cheaper)
        )?;
    }
    Ok(())
}
