//! `corridor calibrate`: runs the calibration targets, prints them and
//! writes `docs/calibration.md`.

use std::io::Write;

use anyhow::Context;

use crate::calibration;
use crate::cli::CalibrateArgs;
use crate::runfile::AtomicFile;

/// Evaluates every target, writes the Markdown table and prints the rows.
pub fn run(args: &CalibrateArgs) -> anyhow::Result<()> {
    let threads = super::worker_threads(args.threads);
    let targets = calibration::targets()?;
    let rows = calibration::evaluate(&targets, threads)?;
    let path = args
        .out
        .clone()
        .unwrap_or_else(calibration::default_doc_path);
    AtomicFile::write_all(&path, calibration::markdown(&targets, &rows).as_bytes())
        .with_context(|| format!("cannot write {}", path.display()))?;
    let mut out = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &rows)?;
        writeln!(out)?;
    } else {
        for r in &rows {
            let t = &r.target;
            let verdict = match (r.met, &t.known_miss) {
                (true, _) => "ok",
                (false, Some(_)) => "known miss",
                (false, None) => "MISS",
            };
            let minus = t
                .minus_route
                .as_ref()
                .map_or(String::new(), |m| format!(" − {m}"));
            writeln!(
                out,
                "{verdict:<10} {} · {}{minus} {}: {} in [{}, {}] ({})",
                t.scenario,
                t.route,
                t.metric,
                r.model.map_or("–".to_string(), |v| format!("{v:.2}")),
                t.band[0],
                t.band[1],
                t.source
            )?;
        }
        let met = rows.iter().filter(|r| r.met).count();
        writeln!(
            out,
            "\n{met} of {} targets met; wrote {}",
            rows.len(),
            path.display()
        )?;
    }
    out.flush()?;
    Ok(())
}
