//! `corridor plot RUN_DIR`: redraw a run's charts and report from its files.

use std::io::Write;

use crate::cli::PlotArgs;
use crate::report;

pub fn run(args: &PlotArgs) -> anyhow::Result<()> {
    let written = report::write_report(&args.run_dir)?;
    let print = || -> std::io::Result<()> {
        let mut out = std::io::stdout().lock();
        for path in &written {
            writeln!(out, "{}", path.display())?;
        }
        writeln!(
            out,
            "wrote {} files; open {}",
            written.len(),
            args.run_dir.join(report::REPORT_FILE).display()
        )
    };
    // A closed pipe (`corridor plot DIR | head`) is not a failure.
    match print() {
        Err(err) if err.kind() != std::io::ErrorKind::BrokenPipe => Err(err.into()),
        _ => Ok(()),
    }
}
