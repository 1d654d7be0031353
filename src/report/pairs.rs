//! The report's table of every pair of routes, compared shipment by
//! shipment (`pairs` in summary.json), with the 95 % intervals of the mean
//! differences and of the chances that the first route is faster or
//! cheaper.

use std::fmt::Write as _;

use super::data::RunData;
use super::html::escape;
use crate::numbers::{estimate, percent};
use crate::runfile::Share;

fn share(s: &Share) -> String {
    match s.ci95() {
        Some((low, high)) => format!(
            "{} <span class=\"ci\">[{:.0}, {:.0} %]</span>",
            percent(s.share),
            low * 100.0,
            high * 100.0
        ),
        None => percent(s.share),
    }
}

/// The table, or `None` for a run of one route or a folder written before
/// pairs were recorded.
pub fn pairs_table(run: &RunData) -> Option<String> {
    // The pairs of the routes the charts draw (all, up to a dozen).
    let shown: Vec<&str> = super::charted_routes(run)
        .iter()
        .map(|r| r.summary.id.as_str())
        .collect();
    let pairs: Vec<_> = run
        .summary
        .pairs
        .iter()
        .filter(|p| shown.contains(&p.a.as_str()) && shown.contains(&p.b.as_str()))
        .collect();
    if pairs.is_empty() {
        return None;
    }
    let label = |id: &str| {
        run.summary
            .route(id)
            .map_or(id.to_string(), |r| r.short_label().to_string())
    };
    let mut t = String::new();
    t.push_str(
        "<div class=\"wide\"><table class=\"compare\">\n<thead><tr><th>A − B</th>\
         <th class=\"num\">Δ days [95 % CI]</th><th class=\"num\">Δ USD/TEU [95 % CI]</th>\
         <th class=\"num\">P(A faster) [95 % CI]</th><th class=\"num\">P(A cheaper) [95 % CI]</th>\
         <th class=\"num\">pairs</th></tr></thead>\n<tbody>\n",
    );
    for p in pairs {
        let (dt, dc) = (&p.transit_days_diff, &p.cost_usd_per_teu_diff);
        let _ = writeln!(
            t,
            "<tr><td>{} − {}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>\
             <td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            escape(&label(&p.a)),
            escape(&label(&p.b)),
            escape(&estimate(dt.mean, dt.ci95(), 1)),
            escape(&estimate(dc.mean, dc.ci95(), 0)),
            share(&p.a_faster),
            share(&p.a_cheaper),
            super::chart::thousands(p.pairs as i64)
        );
    }
    t.push_str("</tbody>\n</table></div>\n");
    t.push_str(
        "<p class=\"note\">Every pair of routes, shipment by shipment: shipment k of both, in \
         the same replication, met the same weather and traffic. Intervals of the mean \
         differences are over replication means; those of the chances are Wilson intervals \
         for the replications' clustering (docs/run-output.md).</p>\n",
    );
    Some(t)
}
