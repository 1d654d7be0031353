//! `corridor sensitivity`: the base and each input's low and high point,
//! validated, run and ranked; sensitivity.json, sensitivity.csv, tornado
//! charts and report.html written as one transaction.

use std::io::Write;

use anyhow::Context;

use super::run::DEFAULT_SCENARIO;
use crate::cli::{MetricArg, SensitivityArgs};
use crate::experiment::sensitivity;
use crate::runfile::experiment::{Metric, SensitivityFile, files, write_json};
use crate::scenario::ScenarioRef;
use crate::scenario::sweep::parse_low_high;

/// Runs a sensitivity study and writes its folder.
pub fn run(args: &SensitivityArgs) -> anyhow::Result<()> {
    let flags = &args.run;
    // Before loading: the network's construction shares the same pool.
    super::worker_threads(flags.threads);
    let source = ScenarioRef::resolve(flags.scenario.as_deref().unwrap_or(DEFAULT_SCENARIO));
    let inputs = args
        .vary
        .iter()
        .map(|spec| parse_low_high(spec))
        .collect::<Result<Vec<_>, _>>()?;
    let metric = match args.metric {
        MetricArg::TransitDays => Metric::TransitDays,
        MetricArg::CostUsdPerTeu => Metric::CostUsdPerTeu,
        MetricArg::Co2TPerTeu => Metric::Co2TPerTeu,
    };
    // Here `--set KEY=VALUE` changes the base, as for `run`.
    let base = super::run::overrides(flags)?;
    let plan = sensitivity::plan(&source, &base, inputs)?;
    let (run, wall_s, threads, target, folder) =
        super::sweep::run_plan(flags, &plan, "sensitivity")?;
    let file = sensitivity::sensitivity_file(&plan, &run, metric, wall_s, threads);
    let staging = folder.staging().to_path_buf();
    write_json(&file, &staging.join(files::SENSITIVITY_JSON))
        .with_context(|| format!("cannot write {}", files::SENSITIVITY_JSON))?;
    file.write_csv(&staging.join(files::SENSITIVITY_CSV))
        .with_context(|| format!("cannot write {}", files::SENSITIVITY_CSV))?;
    if !flags.no_plots {
        crate::report::experiment::write_sensitivity_report(&staging)
            .context("drawing the tornado charts and the report")?;
    }
    super::sweep::commit_and_print(folder, &target, flags.json, &file, print_ranking)
}

fn print_ranking(out: &mut impl Write, file: &SensitivityFile) -> std::io::Result<()> {
    use crate::numbers::{estimate, number};
    let m = file.metric;
    writeln!(
        out,
        "{} sensitivity of {} — {} input(s), {} replications per point, seed {}, {:.2} s",
        file.scenario.name,
        m.key(),
        file.inputs.len(),
        file.scenario.replications,
        file.scenario.seed,
        file.scenario.wall_s
    )?;
    if let Some(p) = &file.scenario.precision {
        crate::experiment::precision::print_experiment_outcome(out, p, &file.points)?;
    }
    for r in &file.routes {
        writeln!(
            out,
            "\n{} ({}): base {} {}",
            r.name,
            r.route,
            number(r.base_mean, m.decimals()),
            m.unit()
        )?;
        for (rank, e) in r.effects.iter().enumerate() {
            let d = &e.high_vs_low;
            let ci = d.ci95_low.zip(d.ci95_high);
            writeln!(
                out,
                "  {}. {} {} → {}: {} {} (paired 95% CI)",
                rank + 1,
                e.key,
                crate::runfile::experiment::csv_value(&e.low),
                crate::runfile::experiment::csv_value(&e.high),
                estimate(d.mean, ci, m.decimals()),
                m.unit()
            )?;
        }
    }
    Ok(())
}
