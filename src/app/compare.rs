//! `corridor compare A B`: two runs side by side.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::cli::CompareArgs;
use crate::report::compare;

/// `output/compare-<A>-vs-<B>`, from the run folders' names (which are the
/// scenario names unless `corridor run --out` chose otherwise).
fn default_out(a: &Path, b: &Path) -> PathBuf {
    let name = |p: &Path| {
        p.file_name()
            .map_or_else(|| "run".to_string(), |n| n.to_string_lossy().into_owned())
    };
    Path::new("output").join(format!("compare-{}-vs-{}", name(a), name(b)))
}

pub fn run(args: &CompareArgs) -> anyhow::Result<()> {
    let out_dir = args
        .out
        .clone()
        .unwrap_or_else(|| default_out(&args.run_a, &args.run_b));
    let comparison = compare::write_compare(&args.run_a, &args.run_b, &out_dir)?;
    let print = || -> std::io::Result<()> {
        let mut out = std::io::stdout().lock();
        write!(out, "{}", comparison.table)?;
        writeln!(out)?;
        for path in &comparison.files {
            writeln!(out, "{}", path.display())?;
        }
        Ok(())
    };
    // A closed pipe (`corridor compare A B | head`) is not a failure: the
    // files are written and the reader has what it wanted.
    match print() {
        Err(err) if err.kind() != std::io::ErrorKind::BrokenPipe => Err(err.into()),
        _ => Ok(()),
    }
}
