//! `corridor merge DIR… --out DIR`: the shards of a run joined into one run
//! folder (see `runfile::merge`), written through the run folder's
//! transaction like a run, with its charts and report.

use std::io::Write;

use anyhow::Context;

use crate::cli::MergeArgs;
use crate::runfile::RunFolder;
use crate::runfile::merge::merge_shards;

pub fn run(args: &MergeArgs) -> anyhow::Result<()> {
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
