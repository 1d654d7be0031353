//! `corridor merge DIR… --out DIR`: the shards of a run joined into one run
//! folder (see `runfile::merge`), or the shards of a sweep into one sweep
//! folder (see `experiment::sweep_merge`), written through the run folder's
//! transaction like a run, with its charts and report.

use std::io::Write;

use anyhow::Context;

use crate::cli::MergeArgs;
use crate::runfile::RunFolder;
use crate::runfile::merge::merge_shards;

pub fn run(args: &MergeArgs) -> anyhow::Result<()> {
    if args
        .shards
        .first()
        .is_some_and(|d| crate::experiment::sweep_merge::is_sweep(d))
    {
        return merge_sweep(args);
    }
    let folder = RunFolder::claim(&args.out)?;
    let staging = folder.staging().to_path_buf();
    let summary = merge_shards(&args.shards, &staging)?;
    if !args.no_plots {
        crate::report::write_report(&staging).context("drawing the charts and the report")?;
    }
    let run = folder.commit()?;
    let mut out = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &summary)?;
        writeln!(out)?;
    } else {
        super::run::print_table(&mut out, &summary)?;
        writeln!(
            out,
            "\nmerged {} shards: wrote {} files to {}",
            args.shards.len(),
            run.files.len(),
            args.out.display()
        )?;
    }
    out.flush()?;
    Ok(())
}

/// The shards of a sweep joined into the single sweep's folder, with its
/// charts and report.
fn merge_sweep(args: &MergeArgs) -> anyhow::Result<()> {
    let folder = RunFolder::claim(&args.out)?;
    let staging = folder.staging().to_path_buf();
    let file = crate::experiment::sweep_merge::merge_sweep_shards(&args.shards, &staging)?;
    if !args.no_plots {
        crate::report::experiment::write_sweep_report(&staging)
            .context("drawing the sweep's charts and report")?;
    }
    let shards = args.shards.len();
    super::sweep::commit_and_print(folder, &args.out, args.json, &file, |out, file| {
        super::sweep::print_table(out, file)?;
        write!(out, "\nmerged {shards} sweep shards")
    })
}
