//! `queues.csv`: queue lengths over simulated time for the resources that
//! matter (the Suez convoys, the busiest ports, rail terminals, border
//! posts), one row per resource per day.
//!
//! Each replication stops at its last arrival (and a port's or border
//! post's series at the last of its shipments to queue there), so late days
//! are seen by fewer replications. A day's mean is taken over the
//! replications still running that day (the `replications` column says how
//! many), so queues do not seem to drain as replications end.

use std::collections::HashMap;
use std::fs::File;
use std::io::BufReader;
use std::path::Path;

use super::atomic::AtomicFile;
use super::shipments::{column, csv_error, for_each_row};
use super::summary::{fixed6, missing_or_unreadable};

/// Collects daily queue lengths over replications.
#[derive(Debug, Clone, Default)]
pub struct QueueCollector {
    series: Vec<Collected>,
    index: HashMap<String, usize>,
}

#[derive(Debug, Clone)]
struct Collected {
    resource: String,
    kind: String,
    /// Per day: (sum of replication means, replications running, largest peak).
    days: Vec<(f64, u64, f64)>,
}

impl QueueCollector {
    /// Adds one replication's series of one resource: per day, the
    /// time-average waiting and the peak.
    pub fn add(&mut self, resource: &str, kind: &str, days: &[(f64, f64)]) {
        let slot = match self.index.get(resource) {
            Some(&i) => i,
            None => {
                self.index.insert(resource.to_string(), self.series.len());
                self.series.push(Collected {
                    resource: resource.to_string(),
                    kind: kind.to_string(),
                    days: Vec::new(),
                });
                self.series.len() - 1
            }
        };
        let c = &mut self.series[slot];
        if c.days.len() < days.len() {
            c.days.resize(days.len(), (0.0, 0, 0.0));
        }
        for (day, &(mean, peak)) in days.iter().enumerate() {
            let d = &mut c.days[day];
            d.0 += mean;
            d.1 += 1;
            d.2 = d.2.max(peak);
        }
    }

    /// The series collected so far.
    pub fn queues(&self) -> Queues {
        Queues {
            series: self
                .series
                .iter()
                .map(|c| QueueSeries {
                    resource: c.resource.clone(),
                    kind: c.kind.clone(),
                    points: c
                        .days
                        .iter()
                        .enumerate()
                        .map(|(day, &(sum, n, peak))| QueuePoint {
                            day: day as f64,
                            mean_waiting: sum / n.max(1) as f64,
                            max_waiting: peak,
                            replications: Some(n),
                        })
                        .collect(),
                })
                .collect(),
        }
    }
}

/// One day of one resource's queue.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct QueuePoint {
    /// Day since the start date.
    pub day: f64,
    /// Time-average number waiting that day, averaged over the replications
    /// running that day.
    pub mean_waiting: f64,
    /// Largest number waiting that day in any replication.
    pub max_waiting: f64,
    /// Replications still running that day (absent in format 1, whose means
    /// were over all replications).
    pub replications: Option<u64>,
}

/// One resource's queue over simulated time.
#[derive(Debug, Clone, PartialEq)]
pub struct QueueSeries {
    /// Resource id (`canal:suez-northbound`, `port:RUVVO`, …).
    pub resource: String,
    /// `canal`, `port`, `rail`, `ferry` or `border`.
    pub kind: String,
    /// One point per day, in day order.
    pub points: Vec<QueuePoint>,
}

impl QueueSeries {
    /// What is counted: ships, or TEU for rail, ferry and liner queues.
    pub fn unit(&self) -> &'static str {
        match self.kind.as_str() {
            "rail" | "ferry" | "liner" => "TEU",
            // A post's rail tracks clear trains; its road lanes, trucks.
            "border" if self.resource.ends_with("-rail") => "trains",
            "border" => "trucks",
            _ => "ships",
        }
    }
    /// The largest mean queue over the run.
    pub fn peak_mean(&self) -> f64 {
        self.points
            .iter()
            .map(|p| p.mean_waiting)
            .fold(0.0, f64::max)
    }
}

/// `queues.csv`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Queues {
    /// One series per resource, in order of first appearance.
    pub series: Vec<QueueSeries>,
}

impl Queues {
    /// Writes `queues.csv` atomically.
    pub fn write(&self, path: &Path) -> anyhow::Result<()> {
        let mut w = csv::Writer::from_writer(AtomicFile::create(path)?);
        w.write_record([
            "resource",
            "kind",
            "day",
            "mean_waiting",
            "max_waiting",
            "replications",
        ])?;
        for s in &self.series {
            for p in &s.points {
                w.write_record([
                    s.resource.clone(),
                    s.kind.clone(),
                    format!("{}", p.day),
                    fixed6(p.mean_waiting),
                    fixed6(p.max_waiting),
                    p.replications.map(|n| n.to_string()).unwrap_or_default(),
                ])?;
            }
        }
        w.into_inner()
            .map_err(|e| anyhow::anyhow!("cannot write {}: {}", path.display(), e.error()))?
            .commit()?;
        Ok(())
    }

    /// Reads `queues.csv`.
    pub fn load(path: &Path) -> anyhow::Result<Queues> {
        let file = File::open(path).map_err(|err| missing_or_unreadable(path, &err))?;
        let mut csv = csv::Reader::from_reader(BufReader::new(file));
        let headers = csv.headers().map_err(|err| csv_error(path, &err))?.clone();
        let position = |name: &str| column(&headers, path, name);
        let (resource, kind, day, mean, max) = (
            position("resource")?,
            position("kind")?,
            position("day")?,
            position("mean_waiting")?,
            position("max_waiting")?,
        );
        // Format 1 has no `replications` column.
        let running = headers.iter().position(|h| h == "replications");
        let mut queues = Queues::default();
        let mut index: HashMap<String, usize> = HashMap::new();
        for_each_row(&mut csv, &headers, path, |row| {
            let at = |column: usize| row.at(column);
            let name = at(resource).text.to_string();
            let point = QueuePoint {
                day: at(day).f64()?,
                mean_waiting: at(mean).f64()?,
                max_waiting: at(max).f64()?,
                replications: match running {
                    Some(c) if !at(c).text.is_empty() => Some(at(c).u64()?),
                    _ => None,
                },
            };
            let slot = *index.entry(name.clone()).or_insert_with(|| {
                queues.series.push(QueueSeries {
                    resource: name,
                    kind: at(kind).text.to_string(),
                    points: Vec::new(),
                });
                queues.series.len() - 1
            });
            queues.series[slot].points.push(point);
            Ok(())
        })?;
        Ok(queues)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn late_days_average_over_the_replications_still_running() {
        let mut c = QueueCollector::default();
        // Two replications: one runs three days, the other one day.
        c.add(
            "canal:suez",
            "canal",
            &[(10.0, 12.0), (20.0, 25.0), (30.0, 31.0)],
        );
        c.add("canal:suez", "canal", &[(12.0, 14.0)]);
        let q = c.queues();
        let p = &q.series[0].points;
        assert_eq!(p[0].mean_waiting, 11.0);
        assert_eq!(p[0].replications, Some(2));
        // Day 2 is seen by one replication: its mean is that one's, not half.
        assert_eq!(p[2].mean_waiting, 30.0);
        assert_eq!(p[2].replications, Some(1));
        assert_eq!(p[1].max_waiting, 25.0);
    }
}
