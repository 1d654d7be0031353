//! Writing one run's results: `shipments.csv` streamed replication by
//! replication, then `summary.json`, `summary.csv`, `queues.csv`,
//! `routes.geojson` and `assumptions.json` when the run ends. The file
//! formats are documented in `docs/run-output.md`.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;
use serde::{Serialize, Serializer};

use crate::model::{CostComponent, ReplicationResult, Scenario, ShipmentRecord, TimeComponent};
use crate::network::geometry::split_antimeridian;

use super::atomic::AtomicFile;
use super::stats::{MetricCollector, MetricStats};

/// Facts about the run that only the caller knows.
#[derive(Debug, Clone, PartialEq)]
pub struct RunFacts {
    /// The scenario file, if it came from one.
    pub file: Option<String>,
    /// Wall-clock seconds of the simulation.
    pub wall_s: f64,
    /// Worker threads.
    pub threads: usize,
    /// Events handled.
    pub events: u64,
    /// Replications completed (fewer than asked if cancelled).
    pub replications_done: u64,
    /// Whether the run was interrupted.
    pub cancelled: bool,
}

/// The run as a whole, in `summary.json`.
#[derive(Debug, Clone, Serialize)]
pub struct RunMeta {
    pub name: String,
    pub description: String,
    pub file: Option<String>,
    pub seed: u64,
    pub replications: u64,
    pub start_date: String,
    pub horizon_days: f64,
    pub reference_route: String,
    pub version: &'static str,
    pub wall_s: f64,
    pub threads: usize,
    pub events: u64,
    pub events_per_s: f64,
    pub cancelled: bool,
}

/// Paired comparison of a route with the reference route.
#[derive(Debug, Clone, Serialize)]
pub struct Paired {
    pub reference: String,
    pub transit_days_diff: MetricStats,
    pub cost_usd_per_teu_diff: MetricStats,
    pub share_faster: f64,
    pub share_cheaper: f64,
}

/// One route in `summary.json`.
#[derive(Debug, Clone, Serialize)]
pub struct RouteSummary {
    pub id: String,
    pub name: String,
    pub colour_index: usize,
    pub shipments: u64,
    pub arrived: u64,
    pub in_transit: u64,
    pub transit_days: MetricStats,
    pub cost_usd_per_teu: MetricStats,
    pub co2_t_per_teu: MetricStats,
    #[serde(serialize_with = "ordered_map")]
    pub time_components_days: Vec<(&'static str, f64)>,
    #[serde(serialize_with = "ordered_map")]
    pub cost_components_usd_per_teu: Vec<(&'static str, f64)>,
    pub vs_reference: Option<Paired>,
}

/// `summary.json`.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub scenario: RunMeta,
    pub routes: Vec<RouteSummary>,
}

fn ordered_map<S: Serializer>(pairs: &[(&'static str, f64)], s: S) -> Result<S::Ok, S::Error> {
    s.collect_map(pairs.iter().map(|(k, v)| (*k, *v)))
}

#[derive(Default)]
struct RouteCollector {
    shipments: u64,
    arrived: u64,
    transit_days: MetricCollector,
    cost_per_teu: MetricCollector,
    co2_per_teu: MetricCollector,
    time_days: [f64; 12],
    cost_usd_per_teu: [f64; 11],
    transit_diff: MetricCollector,
    cost_diff: MetricCollector,
    pairs: u64,
    faster: u64,
    cheaper: u64,
}

#[derive(Default)]
struct QueueCollector {
    resource: String,
    kind: &'static str,
    /// Per day: sum of replication means, largest peak.
    days: Vec<(f64, f64)>,
    replications: u64,
}

/// Streams a run's results to its folder.
pub struct RunWriter<'a> {
    scenario: &'a Scenario,
    dir: PathBuf,
    shipments: csv::Writer<AtomicFile>,
    routes: Vec<RouteCollector>,
    queues: Vec<QueueCollector>,
}

impl<'a> RunWriter<'a> {
    /// Starts writing into `dir`, which must exist.
    pub fn create(dir: &Path, scenario: &'a Scenario) -> anyhow::Result<RunWriter<'a>> {
        let path = dir.join("shipments.csv");
        let file = AtomicFile::create(&path)
            .with_context(|| format!("cannot create {}", path.display()))?;
        let mut shipments = csv::Writer::from_writer(file);
        let mut header: Vec<String> = [
            "replication",
            "route",
            "shipment",
            "status",
            "teu",
            "depart_day",
            "arrive_day",
            "transit_days",
            "cost_usd_per_teu",
            "co2_t_per_teu",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        header.extend(
            TimeComponent::ALL
                .iter()
                .map(|c| format!("time_{}_days", c.key())),
        );
        header.extend(
            CostComponent::ALL
                .iter()
                .map(|c| format!("cost_{}_usd_per_teu", c.key())),
        );
        shipments.write_record(&header)?;
        Ok(RunWriter {
            scenario,
            dir: dir.to_path_buf(),
            shipments,
            routes: scenario
                .routes
                .iter()
                .map(|_| RouteCollector::default())
                .collect(),
            queues: Vec::new(),
        })
    }

    /// Adds one replication's results.
    pub fn add(&mut self, result: &ReplicationResult) -> anyhow::Result<()> {
        let mut row: Vec<String> = Vec::with_capacity(33);
        for s in &result.shipments {
            row.clear();
            write_row(
                &mut row,
                result.replication,
                &self.scenario.routes[s.route].id,
                s,
            );
            self.shipments.write_record(&row)?;
            let c = &mut self.routes[s.route];
            c.shipments += 1;
            if let Some(arrive_h) = s.arrive_h {
                c.arrived += 1;
                c.transit_days.add((arrive_h - s.depart_h) / 24.0);
                c.cost_per_teu.add(s.ledger.total_cost_usd() / s.teu);
                c.co2_per_teu.add(s.ledger.co2_t() / s.teu);
                for (i, t) in TimeComponent::ALL.iter().enumerate() {
                    c.time_days[i] += s.ledger.time_h(*t) / 24.0;
                }
                for (i, k) in CostComponent::ALL.iter().enumerate() {
                    c.cost_usd_per_teu[i] += s.ledger.cost_usd(*k) / s.teu;
                }
            }
        }
        self.add_pairs(result);
        for c in &mut self.routes {
            c.transit_days.end_replication();
            c.cost_per_teu.end_replication();
            c.co2_per_teu.end_replication();
            c.transit_diff.end_replication();
            c.cost_diff.end_replication();
        }
        for series in &result.queues {
            let q = match self
                .queues
                .iter_mut()
                .find(|q| q.resource == series.resource)
            {
                Some(q) => q,
                None => {
                    self.queues.push(QueueCollector {
                        resource: series.resource.clone(),
                        kind: series.kind,
                        ..QueueCollector::default()
                    });
                    self.queues.last_mut().expect("just pushed")
                }
            };
            q.replications += 1;
            if q.days.len() < series.days.len() {
                q.days.resize(series.days.len(), (0.0, 0.0));
            }
            for (day, &(mean, peak)) in series.days.iter().enumerate() {
                q.days[day].0 += mean;
                q.days[day].1 = q.days[day].1.max(peak);
            }
        }
        Ok(())
    }

    /// Pairs shipment k of each route with shipment k of the reference route.
    fn add_pairs(&mut self, result: &ReplicationResult) {
        let reference = self.scenario.reference_route;
        let per_route = self.scenario.departures.count as usize;
        let base = &result.shipments[reference * per_route..(reference + 1) * per_route];
        for (route, c) in self.routes.iter_mut().enumerate() {
            if route == reference {
                continue;
            }
            let mine = &result.shipments[route * per_route..(route + 1) * per_route];
            for (a, b) in mine.iter().zip(base) {
                if let (Some(ta), Some(tb)) = (a.arrive_h, b.arrive_h) {
                    let dt = (ta - a.depart_h - (tb - b.depart_h)) / 24.0;
                    let dc = a.ledger.total_cost_usd() / a.teu - b.ledger.total_cost_usd() / b.teu;
                    c.transit_diff.add(dt);
                    c.cost_diff.add(dc);
                    c.pairs += 1;
                    c.faster += u64::from(dt < 0.0);
                    c.cheaper += u64::from(dc < 0.0);
                }
            }
        }
    }

    /// Writes the summaries, commits every file and returns the summary and
    /// the files written.
    pub fn finish(self, facts: &RunFacts) -> anyhow::Result<(Summary, Vec<PathBuf>)> {
        let scenario = self.scenario;
        let mut files = Vec::new();
        let file = self
            .shipments
            .into_inner()
            .map_err(|e| anyhow::anyhow!("cannot write shipments.csv: {}", e.error()))?;
        files.push(file.commit().context("cannot save shipments.csv")?);

        let reference = &scenario.routes[scenario.reference_route].id;
        let routes: Vec<RouteSummary> = scenario
            .routes
            .iter()
            .zip(&self.routes)
            .enumerate()
            .map(|(i, (r, c))| route_summary(i, r, c, scenario.reference_route, reference))
            .collect();
        let summary = Summary {
            scenario: RunMeta {
                name: scenario.name.clone(),
                description: scenario.description.clone(),
                file: facts.file.clone(),
                seed: scenario.seed,
                replications: facts.replications_done,
                start_date: scenario.start_date.to_string(),
                horizon_days: scenario.horizon_h / 24.0,
                reference_route: reference.clone(),
                version: env!("CARGO_PKG_VERSION"),
                wall_s: facts.wall_s,
                threads: facts.threads,
                events: facts.events,
                events_per_s: facts.events as f64 / facts.wall_s.max(1e-9),
                cancelled: facts.cancelled,
            },
            routes,
        };
        let json = serde_json::to_vec_pretty(&summary)?;
        files.push(AtomicFile::write_all(
            &self.dir.join("summary.json"),
            &json,
        )?);
        files.push(write_summary_csv(&self.dir, &summary)?);
        files.push(write_queues_csv(&self.dir, &self.queues)?);
        files.push(write_geojson(&self.dir, scenario)?);
        files.push(write_assumptions(&self.dir, scenario)?);
        Ok((summary, files))
    }
}

fn fmt(x: f64) -> String {
    // Six significant decimals are ample and keep the file small; the same
    // value always prints the same way, so files are byte-identical.
    format!("{x:.6}")
}

fn write_row(row: &mut Vec<String>, replication: u64, route: &str, s: &ShipmentRecord) {
    let teu = s.teu;
    row.push(replication.to_string());
    row.push(route.to_string());
    row.push(s.shipment.to_string());
    row.push(
        if s.arrive_h.is_some() {
            "arrived"
        } else {
            "in_transit"
        }
        .to_string(),
    );
    row.push(fmt(teu));
    row.push(fmt(s.depart_h / 24.0));
    match s.arrive_h {
        Some(a) => {
            row.push(fmt(a / 24.0));
            row.push(fmt((a - s.depart_h) / 24.0));
        }
        None => {
            row.push(String::new());
            row.push(String::new());
        }
    }
    row.push(fmt(s.ledger.total_cost_usd() / teu));
    row.push(fmt(s.ledger.co2_t() / teu));
    row.extend(
        TimeComponent::ALL
            .iter()
            .map(|c| fmt(s.ledger.time_h(*c) / 24.0)),
    );
    row.extend(
        CostComponent::ALL
            .iter()
            .map(|c| fmt(s.ledger.cost_usd(*c) / teu)),
    );
}

fn route_summary(
    index: usize,
    route: &crate::model::Route,
    c: &RouteCollector,
    reference_index: usize,
    reference: &str,
) -> RouteSummary {
    let n = c.arrived.max(1) as f64;
    RouteSummary {
        id: route.id.clone(),
        name: route.name.clone(),
        colour_index: index,
        shipments: c.shipments,
        arrived: c.arrived,
        in_transit: c.shipments - c.arrived,
        transit_days: c.transit_days.stats(),
        cost_usd_per_teu: c.cost_per_teu.stats(),
        co2_t_per_teu: c.co2_per_teu.stats(),
        time_components_days: TimeComponent::ALL
            .iter()
            .zip(c.time_days)
            .map(|(k, v)| (k.key(), v / n))
            .collect(),
        cost_components_usd_per_teu: CostComponent::ALL
            .iter()
            .zip(c.cost_usd_per_teu)
            .map(|(k, v)| (k.key(), v / n))
            .collect(),
        vs_reference: (index != reference_index).then(|| Paired {
            reference: reference.to_string(),
            transit_days_diff: c.transit_diff.stats(),
            cost_usd_per_teu_diff: c.cost_diff.stats(),
            share_faster: c.faster as f64 / c.pairs.max(1) as f64,
            share_cheaper: c.cheaper as f64 / c.pairs.max(1) as f64,
        }),
    }
}

fn write_summary_csv(dir: &Path, summary: &Summary) -> anyhow::Result<PathBuf> {
    let mut w = csv::Writer::from_writer(AtomicFile::create(&dir.join("summary.csv"))?);
    w.write_record([
        "route",
        "metric",
        "count",
        "mean",
        "sd",
        "min",
        "p5",
        "p50",
        "p90",
        "p95",
        "max",
        "ci95_low",
        "ci95_high",
    ])?;
    for r in &summary.routes {
        for (metric, s) in [
            ("transit_days", &r.transit_days),
            ("cost_usd_per_teu", &r.cost_usd_per_teu),
            ("co2_t_per_teu", &r.co2_t_per_teu),
        ] {
            let mut row = vec![r.id.clone(), metric.to_string(), s.count.to_string()];
            row.extend(
                [
                    s.mean,
                    s.sd,
                    s.min,
                    s.p5,
                    s.p50,
                    s.p90,
                    s.p95,
                    s.max,
                    s.ci95_low,
                    s.ci95_high,
                ]
                .iter()
                .map(|&x| fmt(x)),
            );
            w.write_record(&row)?;
        }
    }
    let file = w
        .into_inner()
        .map_err(|e| anyhow::anyhow!("cannot write summary.csv: {}", e.error()))?;
    Ok(file.commit()?)
}

fn write_queues_csv(dir: &Path, queues: &[QueueCollector]) -> anyhow::Result<PathBuf> {
    let mut w = csv::Writer::from_writer(AtomicFile::create(&dir.join("queues.csv"))?);
    w.write_record(["resource", "kind", "day", "mean_waiting", "max_waiting"])?;
    for q in queues {
        let reps = q.replications.max(1) as f64;
        for (day, &(sum, peak)) in q.days.iter().enumerate() {
            w.write_record([
                q.resource.clone(),
                q.kind.to_string(),
                day.to_string(),
                fmt(sum / reps),
                fmt(peak),
            ])?;
        }
    }
    let file = w
        .into_inner()
        .map_err(|e| anyhow::anyhow!("cannot write queues.csv: {}", e.error()))?;
    Ok(file.commit()?)
}

fn write_geojson(dir: &Path, scenario: &Scenario) -> anyhow::Result<PathBuf> {
    let mut features = Vec::new();
    let mut places_seen = std::collections::BTreeSet::new();
    for (i, r) in scenario.routes.iter().enumerate() {
        let lines: Vec<Vec<[f64; 2]>> = r
            .geometry
            .iter()
            .flat_map(|l| {
                let points: Vec<[f64; 2]> = l.iter().map(|&(lon, lat)| [lon, lat]).collect();
                split_antimeridian(&points)
            })
            .collect();
        features.push(serde_json::json!({
            "type": "Feature",
            "properties": { "id": r.id, "name": r.name, "colour_index": i, "kind": "route" },
            "geometry": { "type": "MultiLineString", "coordinates": lines },
        }));
        for p in &r.places {
            if places_seen.insert(p.code.clone()) {
                features.push(serde_json::json!({
                    "type": "Feature",
                    "properties": { "name": p.name, "id": p.code, "locode": p.locode, "kind": p.kind },
                    "geometry": { "type": "Point", "coordinates": [p.lon, p.lat] },
                }));
            }
        }
    }
    let doc = serde_json::json!({ "type": "FeatureCollection", "features": features });
    Ok(AtomicFile::write_all(
        &dir.join("routes.geojson"),
        &serde_json::to_vec(&doc)?,
    )?)
}

fn write_assumptions(dir: &Path, scenario: &Scenario) -> anyhow::Result<PathBuf> {
    let rows: Vec<serde_json::Value> = scenario
        .assumptions
        .iter()
        .map(|a| serde_json::json!({ "key": a.key, "value": a.value, "unit": a.unit, "source": a.source }))
        .collect();
    let mut f = AtomicFile::create(&dir.join("assumptions.json"))?;
    serde_json::to_writer_pretty(&mut f, &rows)?;
    f.write_all(b"\n")?;
    Ok(f.commit()?)
}
