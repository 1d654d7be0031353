//! `--precision P`: run replications in batches until the 95 % confidence
//! interval of every route's mean transit time and mean cost is narrow
//! enough, or `--max-replications` is reached.
//!
//! The batches are deterministic: the first is the scenario's replications,
//! each later one is sized from the half-widths seen so far (which depend
//! only on the replications, never on threads or timing), rounded up to a
//! whole number of first batches. A run with `--precision` therefore gives
//! the same replications, and the same files, on any machine.

use std::fmt;

use crate::runfile::{HalfWidth, RouteSummary};

/// One precision target.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Precision {
    /// Half-width at most this share of the mean (`0.5%` → 0.005), for
    /// transit time and cost.
    Relative(f64),
    /// Half-width of mean transit time at most this many days (`0.1d`).
    Days(f64),
    /// Half-width of mean cost at most this many USD per TEU (`10usd`).
    Usd(f64),
}

impl Precision {
    /// Parses `0.5%`, `0.1d` or `10usd`.
    pub fn parse(text: &str) -> Result<Precision, String> {
        let t = text.trim().to_ascii_lowercase();
        let (number, make): (&str, fn(f64) -> Precision) = if let Some(n) = t.strip_suffix('%') {
            (n, |x| Precision::Relative(x / 100.0))
        } else if let Some(n) = t.strip_suffix("usd") {
            (n, Precision::Usd)
        } else if let Some(n) = t.strip_suffix('d') {
            (n, Precision::Days)
        } else {
            return Err(format!(
                "`{text}` needs a unit: `%` (of the mean), `d` (days of transit) or `usd` \
                 (USD/TEU of cost), e.g. 0.5% or 0.1d or 10usd"
            ));
        };
        let x: f64 = number
            .trim()
            .parse()
            .map_err(|_| format!("`{number}` in `{text}` is not a number"))?;
        if !x.is_finite() || x <= 0.0 {
            return Err(format!("precision `{text}` must be greater than 0"));
        }
        Ok(make(x))
    }

    /// The target half-width of `metric` with this mean, if it applies.
    fn target(&self, metric: Metric, mean: f64) -> Option<f64> {
        match (self, metric) {
            (Precision::Relative(r), _) => Some(r * mean.abs()),
            (Precision::Days(d), Metric::Transit) => Some(*d),
            (Precision::Usd(u), Metric::Cost) => Some(*u),
            _ => None,
        }
    }
}

impl fmt::Display for Precision {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Precision::Relative(r) => write!(f, "{}%", r * 100.0),
            Precision::Days(d) => write!(f, "{d}d"),
            Precision::Usd(u) => write!(f, "{u}usd"),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Metric {
    Transit,
    Cost,
}

/// Every `--precision` given; a metric must meet each that applies to it.
#[derive(Debug, Clone, PartialEq)]
pub struct PrecisionTarget(pub Vec<Precision>);

/// The outcome of one check.
#[derive(Debug, Clone, PartialEq)]
pub struct Check {
    /// Every checked mean, with its half-width and target.
    pub half_widths: Vec<HalfWidth>,
    /// Largest half-width / target (∞ when a half-width is missing).
    pub worst_ratio: f64,
}

impl Check {
    /// Whether every target is met.
    pub fn met(&self) -> bool {
        self.worst_ratio <= 1.0
    }
}

impl PrecisionTarget {
    /// The targets as given, joined by `,`.
    pub fn label(&self) -> String {
        self.0
            .iter()
            .map(|p| p.to_string())
            .collect::<Vec<_>>()
            .join(",")
    }

    /// Checks the half-widths of the mean transit time and mean cost of every
    /// route against the targets. A route without arrivals has no mean and
    /// is not checked (nothing more replications would make precise).
    pub fn check(&self, routes: &[RouteSummary]) -> Check {
        let mut half_widths = Vec::new();
        let mut worst: f64 = 0.0;
        for r in routes {
            for (metric, name, stats) in [
                (Metric::Transit, "transit_days", &r.transit_days),
                (Metric::Cost, "cost_usd_per_teu", &r.cost_usd_per_teu),
            ] {
                let Some(mean) = stats.mean else { continue };
                let target = self
                    .0
                    .iter()
                    .filter_map(|p| p.target(metric, mean))
                    .reduce(f64::min);
                let Some(target) = target else { continue };
                let half = stats.ci95().map(|(lo, hi)| (hi - lo) / 2.0);
                let ratio = match half {
                    Some(h) if target > 0.0 => h / target,
                    Some(0.0) => 0.0,
                    _ => f64::INFINITY,
                };
                worst = worst.max(ratio);
                half_widths.push(HalfWidth {
                    route: r.id.clone(),
                    metric: name.to_string(),
                    mean: Some(mean),
                    half_width: half,
                    target: Some(target),
                    met: ratio <= 1.0,
                });
            }
        }
        Check {
            half_widths,
            worst_ratio: worst,
        }
    }
}

/// The replications to have done at the next check, after `done` with the
/// worst half-width `worst_ratio` times its target. A half-width shrinks as
/// 1/√n, so n·ratio² replications are expected to meet the target; the
/// next total aims there (with 10 % to spare), at least one batch further,
/// in whole batches, and never past `max`.
pub fn next_total(done: u64, worst_ratio: f64, batch: u64, max: u64) -> u64 {
    let batch = batch.max(1);
    let wanted = if worst_ratio.is_finite() {
        (done as f64 * worst_ratio * worst_ratio * 1.1).ceil()
    } else {
        // No interval yet (a route with one arrival, say): one more batch.
        0.0
    };
    let wanted = if wanted >= max as f64 {
        max
    } else {
        wanted as u64
    };
    let at_least = done + batch;
    let rounded = wanted.max(at_least).div_ceil(batch) * batch;
    rounded.min(max).max(done)
}

/// The line the table ends with after a `--precision` run.
pub fn print_outcome(
    out: &mut impl std::io::Write,
    p: &crate::runfile::PrecisionMeta,
) -> std::io::Result<()> {
    if p.reached {
        writeln!(
            out,
            "\nprecision {}: reached after {} replications (95 % CI half-width of every \
             route's mean transit time and cost)",
            p.target, p.replications
        )
    } else {
        let unmet: Vec<String> = p
            .half_widths
            .iter()
            .filter(|h| !h.met)
            .map(|h| format!("{} {}", h.route, h.metric))
            .collect();
        writeln!(
            out,
            "\nprecision {}: NOT reached after {} replications (--max-replications {}); \
             still too wide: {}",
            p.target,
            p.replications,
            p.max_replications,
            unmet.join(", ")
        )
    }
}

/// The line an experiment's table ends with after `--precision`.
pub fn print_experiment_outcome(
    out: &mut impl std::io::Write,
    p: &crate::runfile::experiment::ExperimentPrecision,
    points: &[crate::runfile::experiment::Point],
) -> std::io::Result<()> {
    let needed: Vec<String> = points
        .iter()
        .filter_map(|point| {
            let own = point.precision.as_ref()?;
            let set = point
                .set
                .iter()
                .map(|(k, v)| format!("{k}={}", crate::runfile::experiment::csv_value(v)))
                .collect::<Vec<_>>()
                .join(",");
            let set = if set.is_empty() {
                "base".to_string()
            } else {
                set
            };
            Some(match own.replications_needed {
                Some(n) => format!("{set}: {n}"),
                None => format!("{set}: NOT reached"),
            })
        })
        .collect();
    writeln!(
        out,
        "\nprecision {}: {} after {} replications at every point (--max-replications {}); \
         needed per point: {}",
        p.target,
        if p.reached { "reached" } else { "NOT reached" },
        p.replications,
        p.max_replications,
        needed.join("; ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_three_kinds() {
        assert_eq!(Precision::parse("0.5%"), Ok(Precision::Relative(0.005)));
        assert_eq!(Precision::parse("0.1d"), Ok(Precision::Days(0.1)));
        assert_eq!(Precision::parse("10usd"), Ok(Precision::Usd(10.0)));
        assert_eq!(Precision::parse("10USD"), Ok(Precision::Usd(10.0)));
        for bad in ["0.5", "-1%", "0d", "x%", "nan%", "5 km"] {
            assert!(Precision::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn batches_aim_at_the_expected_need_in_whole_batches() {
        // Half-width twice the target after 100: about 440 needed → 500.
        assert_eq!(next_total(100, 2.0, 100, 10_000), 500);
        // Nearly there: one more batch.
        assert_eq!(next_total(100, 1.01, 100, 10_000), 200);
        // Never past the maximum.
        assert_eq!(next_total(100, 50.0, 100, 1_000), 1_000);
        assert_eq!(next_total(100, f64::INFINITY, 100, 1_000), 200);
        assert_eq!(next_total(950, 3.0, 100, 1_000), 1_000);
    }
}
