//! The precision outcome of a `--precision` run or experiment, as a report
//! section: the target, the replications needed and whether it was
//! reached, so a reader of report.html sees what summary.json and the
//! terminal say.

use std::fmt::Write as _;

use super::html::escape;
use crate::numbers::number;
use crate::runfile::experiment::{ExperimentPrecision, Point, csv_value};
use crate::runfile::{HalfWidth, PrecisionMeta};

/// Decimals of a half-width of `metric` (days or USD/TEU).
fn decimals(metric: &str) -> usize {
    if metric == "transit_days" { 2 } else { 0 }
}

/// The unit after a half-width of `metric`.
fn unit(metric: &str) -> &'static str {
    if metric == "transit_days" {
        "d"
    } else {
        "USD/TEU"
    }
}

/// The sentence and table of a run's `scenario.precision`.
pub fn run_section(p: &PrecisionMeta) -> String {
    let mut s = String::from("<h2 id=\"precision\">Precision</h2>\n");
    let _ = writeln!(
        s,
        "<p>{}</p>",
        outcome(
            &p.target,
            p.reached,
            p.replications,
            p.max_replications,
            p.batch
        )
    );
    s.push_str(&half_width_table(&p.half_widths));
    s
}

/// The experiment's sentence, then one row per point (named by its values)
/// with the replications it needed and whether it reached P.
pub fn experiment_section(p: &ExperimentPrecision, points: &[Point]) -> String {
    let mut s = String::from("<h2 id=\"precision\">Precision</h2>\n");
    let _ = writeln!(
        s,
        "<p>{} Every point runs the same replications, batch after batch together, so \
         replication r of every point shares its random numbers and the points stay paired; \
         a point's <i>needed</i> is the check from which its own target held.</p>",
        outcome(
            &p.target,
            p.reached,
            p.replications,
            p.max_replications,
            p.batch
        )
    );
    s.push_str(
        "<table>\n<tr><th>point</th><th>replications needed</th><th>target reached</th>\
         <th>largest half-width / target</th></tr>\n",
    );
    for (label, point) in points
        .iter()
        .filter_map(|pt| Some((label(pt), pt.precision.as_ref()?)))
    {
        let worst = point
            .half_widths
            .iter()
            .filter_map(|h| Some(h.half_width? / h.target.filter(|t| *t > 0.0)?))
            .reduce(f64::max);
        let _ = writeln!(
            s,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(&label),
            point
                .replications_needed
                .map_or("–".to_string(), |n| n.to_string()),
            if point.reached { "yes" } else { "no" },
            number(worst, 2)
        );
    }
    s.push_str("</table>\n");
    s
}

/// A point named by the values it sets (`base` for none).
fn label(point: &Point) -> String {
    if point.set.is_empty() {
        return "base".to_string();
    }
    point
        .set
        .iter()
        .map(|(k, v)| format!("{k} = {}", csv_value(v)))
        .collect::<Vec<_>>()
        .join(", ")
}

fn outcome(target: &str, reached: bool, replications: u64, max: u64, batch: u64) -> String {
    let what = "the 95 % confidence interval half-width of every route's mean transit time \
                and mean cost";
    if reached {
        format!(
            "Precision target <b>{}</b> ({what}): <b>reached</b> after <b>{replications}</b> \
             replications (batches from {batch}, at most {max}).",
            escape(target)
        )
    } else {
        format!(
            "Precision target <b>{}</b> ({what}): <b>not reached</b> after <b>{replications}</b> \
             replications (the most allowed, --max-replications {max}); the figures below are \
             less precise than asked.",
            escape(target)
        )
    }
}

fn half_width_table(rows: &[HalfWidth]) -> String {
    let mut s = String::from(
        "<table>\n<tr><th>route</th><th>metric</th><th>mean</th><th>95 % half-width</th>\
         <th>target</th><th>met</th></tr>\n",
    );
    for h in rows {
        let d = decimals(&h.metric);
        let _ = writeln!(
            s,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>± {} {u}</td><td>± {} {u}</td><td>{}</td></tr>",
            escape(&h.route),
            escape(&h.metric),
            number(h.mean, d),
            number(h.half_width, d + 1),
            number(h.target, d + 1),
            if h.met { "yes" } else { "no" },
            u = unit(&h.metric)
        );
    }
    s.push_str("</table>\n");
    s
}
