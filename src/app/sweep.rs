//! `corridor sweep`: plan and validate every point, run them, write the
//! folder (sweep.json, sweep.csv, charts, report.html) as one transaction.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Context;

use super::run::{
    DEFAULT_SCENARIO, MAX_UNFORCED_REPLICATIONS, Progress, install_interrupt_handler,
};
use crate::cli::{RunArgs, SweepArgs};
use crate::error::InputError;
use crate::experiment::sweep::{self, ExperimentRun, Plan};
use crate::model::RunControl;
use crate::runfile::RunFolder;
use crate::runfile::experiment::{Metric, SweepFile, files, write_json};
use crate::scenario::ScenarioRef;
use crate::scenario::sweep::parse_axis;

/// Runs a sweep and writes its folder.
pub fn run(args: &SweepArgs) -> anyhow::Result<()> {
    let flags = &args.run;
    // Before loading: the network's construction shares the same pool.
    super::worker_threads(flags.threads);
    let source = ScenarioRef::resolve(flags.scenario.as_deref().unwrap_or(DEFAULT_SCENARIO));
    let axes = flags
        .set
        .iter()
        .map(|spec| parse_axis(spec))
        .collect::<Result<Vec<_>, _>>()?;
    // `--seed` and `--replications` lie under every point; `--set` is the sweep.
    let base = super::run::overrides(&RunArgs {
        set: Vec::new(),
        ..flags.clone()
    })?;
    let plan = sweep::plan(&source, &base, axes)?;
    let (run, wall_s, threads, target, folder) = run_plan(flags, &plan, "sweep")?;
    let file = sweep::sweep_file(&plan, &run, wall_s, threads);
    let staging = folder.staging().to_path_buf();
    write_json(&file, &staging.join(files::SWEEP_JSON))
        .with_context(|| format!("cannot write {}", files::SWEEP_JSON))?;
    file.write_csv(&staging.join(files::SWEEP_CSV))
        .with_context(|| format!("cannot write {}", files::SWEEP_CSV))?;
    if !flags.no_plots {
        crate::report::experiment::write_sweep_report(&staging)
            .context("drawing the sweep's charts and report")?;
    }
    commit_and_print(folder, &target, flags.json, &file, print_table)
}

/// Swaps an experiment's folder in whole, then prints its file as JSON
/// (`--json`) or as `print`'s table followed by where the files went.
pub(super) fn commit_and_print<T: serde::Serialize>(
    folder: RunFolder,
    target: &Path,
    json: bool,
    file: &T,
    print: impl FnOnce(&mut std::io::StdoutLock<'static>, &T) -> std::io::Result<()>,
) -> anyhow::Result<()> {
    let committed = folder.commit()?;
    let mut out = std::io::stdout().lock();
    if json {
        serde_json::to_writer_pretty(&mut out, file)?;
        writeln!(out)?;
    } else {
        print(&mut out, file)?;
        writeln!(
            out,
            "\nwrote {} files to {}",
            committed.files.len(),
            target.display()
        )?;
    }
    out.flush()?;
    Ok(())
}

/// Checks the replication limit, claims the folder and runs every point of
/// a plan; shared by `sweep` and `sensitivity`. Returns the runs, the wall
/// time, the threads, the target and the claimed folder.
pub(super) fn run_plan(
    flags: &RunArgs,
    plan: &Plan,
    suffix: &str,
) -> anyhow::Result<(ExperimentRun, f64, usize, PathBuf, RunFolder)> {
    // A sensitivity study's shards have no merge yet: refused rather than
    // leaving folders nothing can join.
    if suffix == "sensitivity" && flags.shard.is_some() {
        return Err(
            InputError::new("`corridor sensitivity` does not take --shard".to_string())
                .with_hint(
                    "shard a sweep (`corridor sweep … --shard K/N`) or a run; a sensitivity \
                     study runs 1 + 2 × inputs points, each on all the threads",
                )
                .into(),
        );
    }
    let first = &plan.points[0].loaded;
    super::print_warnings(first);
    let most = plan
        .points
        .iter()
        .map(|p| p.loaded.scenario.replications)
        .max()
        .unwrap_or(0);
    if most > MAX_UNFORCED_REPLICATIONS && !flags.force {
        return Err(InputError::new(format!(
            "{most} replications per point asked for; more than {MAX_UNFORCED_REPLICATIONS} need --force"
        ))
        .with_hint("add --force if you really mean it")
        .into());
    }
    let target = flags
        .out
        .clone()
        .unwrap_or_else(|| Path::new("output").join(format!("{}-{suffix}", first.scenario.name)));
    let folder = RunFolder::claim(&target)?;
    let threads = super::worker_threads(flags.threads);
    let bar = Progress::new(!flags.quiet);
    let on_progress = |done: u64, total: u64| bar.update(done, total);
    let control = RunControl {
        threads,
        cancel: Some(install_interrupt_handler()),
        progress: Some(&on_progress),
    };
    let started = Instant::now();
    // A shard keeps each point's exact records for `corridor merge`.
    let records = flags
        .shard
        .is_some()
        .then(|| folder.staging().to_path_buf());
    let run = sweep::run_points(
        &plan.points,
        &super::run::plan(flags),
        &control,
        records.as_deref(),
    )?;
    let wall_s = started.elapsed().as_secs_f64();
    bar.finish();
    Ok((run, wall_s, threads, target, folder))
}

/// One line per point and route: the point's values, mean transit and cost
/// with 95 % intervals; then the break-even values.
pub(super) fn print_table(out: &mut impl Write, file: &SweepFile) -> std::io::Result<()> {
    use crate::numbers::{estimate, number};
    let meta = &file.scenario;
    writeln!(
        out,
        "{} sweep — {} point(s), {} replications each, seed {}, {:.2} s\n",
        meta.name,
        file.points.len(),
        meta.replications,
        meta.seed,
        meta.wall_s
    )?;
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut header: Vec<String> = file.parameters.iter().map(|p| p.key.clone()).collect();
    let keys = header.len();
    header.extend(
        ["route", "transit d (95% CI)", "USD/TEU (95% CI)"]
            .iter()
            .map(|s| s.to_string()),
    );
    rows.push(header);
    for point in &file.points {
        for r in &point.routes {
            let mut row: Vec<String> = file
                .parameters
                .iter()
                .map(|p| {
                    point
                        .set
                        .get(&p.key)
                        .map(crate::runfile::experiment::csv_value)
                        .unwrap_or_default()
                })
                .collect();
            row.push(r.id.clone());
            row.push(estimate(r.transit_days.mean, r.transit_days.ci95(), 1));
            row.push(estimate(
                r.cost_usd_per_teu.mean,
                r.cost_usd_per_teu.ci95(),
                0,
            ));
            rows.push(row);
        }
    }
    let widths: Vec<usize> = (0..rows[0].len())
        .map(|i| rows.iter().map(|r| r[i].chars().count()).max().unwrap_or(0))
        .collect();
    for row in &rows {
        let cells: Vec<String> = row
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let pad = " ".repeat(widths[i] - c.chars().count());
                if i == keys {
                    format!("{c}{pad}")
                } else {
                    format!("{pad}{c}")
                }
            })
            .collect();
        writeln!(out, "{}", cells.join("  ").trim_end())?;
    }
    if let Some(p) = &meta.precision {
        crate::experiment::precision::print_experiment_outcome(out, p, &file.points)?;
    }
    for b in &file.break_even {
        let decimals = if b.metric == Metric::TransitDays {
            2
        } else {
            1
        };
        let interval = |x: Option<f64>, beyond: &str| {
            x.map_or(beyond.to_string(), |v| number(Some(v), decimals))
        };
        writeln!(
            out,
            "\nbreak-even: {} of {} and {} cross at {} = {} (95% interval {} to {}){}; \
             below it {} is lower",
            b.metric.key(),
            b.route_a,
            b.route_b,
            b.parameter,
            number(Some(b.value), decimals),
            interval(b.ci95_low, "below the range"),
            interval(b.ci95_high, "above the range"),
            if b.at.is_empty() {
                String::new()
            } else {
                format!(
                    " with {}",
                    b.at.iter()
                        .map(|(k, v)| format!("{k}={}", crate::runfile::experiment::csv_value(v)))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            },
            b.lower_below
        )?;
    }
    Ok(())
}
