//! Turning the model's replication results into a run folder's files.
//!
//! Work is split so that the costly part runs in parallel: [`Preparer::prepare`]
//! (called on the worker threads) formats a replication's `shipments.csv`
//! rows into bytes and extracts the numbers the statistics need;
//! [`RunWriter::add`] (called in replication order) appends the bytes and
//! updates the statistics. [`RunWriter::finish`] writes the summaries, the
//! queues, the map data and the assumptions.

use std::io::Write;
use std::path::Path;

use super::assumptions::{self, Assumption};
use super::atomic::AtomicFile;
use super::geojson::{MapPlace, RouteGeometry, RouteLine};
use super::pairing::{Outcome, pair_every_route, pair_index, pair_replication};
use super::queues::QueueCollector;
use super::shipments::{ShipmentRow, ShipmentsFormat};
use super::stats::{MetricCollector, ShareCollector};
use super::summary::{
    Component, Components, PairSummary, Paired, PrecisionMeta, RouteSummary, RunMeta, ShardMeta,
    Summary,
};
use super::{FORMAT_VERSION, files};
use crate::model::{CostComponent, ReplicationResult, Scenario, TimeComponent};
use crate::network::geometry::split_antimeridian;

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

/// One replication, ready to be added: its rows as bytes and its numbers.
#[derive(Debug, Clone)]
pub struct PreparedReplication {
    replication: u64,
    rows: Vec<u8>,
    shipments: Vec<Numbers>,
    queues: Vec<crate::model::QueueSeries>,
}

/// What the statistics need of one shipment, per TEU (written exactly to a
/// shard's records, [`super::records`]).
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Numbers {
    pub(super) route: usize,
    /// Could not reach its destination (a disruption left no way).
    pub(super) stranded: bool,
    /// Changed its plan for a disruption (held or re-routed).
    pub(super) replanned: bool,
    pub(super) shipment: u64,
    pub(super) arrived: Option<Arrived>,
}

#[derive(Debug, Clone, PartialEq)]
pub(super) struct Arrived {
    pub(super) transit_days: f64,
    pub(super) cost_usd_per_teu: f64,
    pub(super) co2_t_per_teu: f64,
    pub(super) time_days: [f64; TimeComponent::ALL.len()],
    pub(super) cost_usd: [f64; CostComponent::ALL.len()],
}

#[derive(Default)]
struct RouteCollector {
    shipments: u64,
    arrived: u64,
    stranded: u64,
    replanned: u64,
    transit_days: MetricCollector,
    cost_per_teu: MetricCollector,
    co2_per_teu: MetricCollector,
    time_days: [f64; TimeComponent::ALL.len()],
    cost_usd_per_teu: [f64; CostComponent::ALL.len()],
    transit_diff: MetricCollector,
    cost_diff: MetricCollector,
    pairs: u64,
    faster: u64,
    cheaper: u64,
    both: u64,
}

/// Streams a run's results into a folder (the staging folder of a
/// [`super::RunFolder`]).
pub struct RunWriter<'a> {
    scenario: &'a Scenario,
    dir: &'a Path,
    format: ShipmentsFormat,
    components: Components,
    /// `None` for a writer that only summarises ([`RunWriter::summary_only`]).
    shipments: Option<AtomicFile>,
    fold: Fold,
    /// A shard's exact records (`replications.bin`), for `corridor merge`.
    records: Option<AtomicFile>,
    shard: Option<ShardMeta>,
    precision: Option<PrecisionMeta>,
}

/// The statistics of a run, folded in replication by replication, in
/// replication order. A single run and `corridor merge` fold the same
/// numbers in the same order through this one type, so their summaries are
/// equal bit for bit.
pub(super) struct Fold {
    reference: usize,
    routes: Vec<RouteCollector>,
    /// Every pair a < b, in [`pair_index`] order.
    pairs: Vec<PairCollector>,
    queues: QueueCollector,
}

#[derive(Default)]
struct PairCollector {
    pairs: u64,
    transit_diff: MetricCollector,
    cost_diff: MetricCollector,
    faster: ShareCollector,
    cheaper: ShareCollector,
    both: ShareCollector,
}

/// The components of the model, with their labels.
pub fn model_components() -> Components {
    Components {
        time: TimeComponent::ALL
            .iter()
            .map(|c| Component {
                key: c.key().to_string(),
                label: c.label().to_string(),
            })
            .collect(),
        cost: CostComponent::ALL
            .iter()
            .map(|c| Component {
                key: c.key().to_string(),
                label: c.label().to_string(),
            })
            .collect(),
    }
}

impl<'a> RunWriter<'a> {
    /// Starts writing into `dir`, which must exist.
    pub fn create(dir: &'a Path, scenario: &'a Scenario) -> anyhow::Result<RunWriter<'a>> {
        let components = model_components();
        let format = shipments_format(scenario, &components);
        let path = dir.join(files::SHIPMENTS);
        let mut shipments = AtomicFile::create(&path).map_err(|e| {
            anyhow::Error::new(e).context(format!("cannot create {}", path.display()))
        })?;
        shipments.write_all(&format.header())?;
        Ok(RunWriter {
            scenario,
            dir,
            format,
            components,
            shipments: Some(shipments),
            fold: Fold::new(scenario.routes.len(), scenario.reference_route),
            records: None,
            shard: None,
            precision: None,
        })
    }

    /// A writer that writes no file: [`RunWriter::finish`] only returns the
    /// summary, the same as a run's `summary.json` (a sweep keeps one per
    /// point, and no point's `shipments.csv`).
    pub fn summary_only(scenario: &'a Scenario) -> RunWriter<'a> {
        let components = model_components();
        let format = shipments_format(scenario, &components);
        RunWriter {
            scenario,
            dir: Path::new(""),
            format,
            components,
            shipments: None,
            fold: Fold::new(scenario.routes.len(), scenario.reference_route),
            records: None,
            shard: None,
            precision: None,
        }
    }

    /// Makes this run shard `shard` of a larger one: summary.json records
    /// it, and the exact numbers of every replication go to
    /// `replications.bin` so that `corridor merge` can fold them again.
    pub fn shard(&mut self, shard: ShardMeta) -> anyhow::Result<()> {
        self.record_to(&self.dir.join(files::RECORDS))?;
        self.shard = Some(shard);
        Ok(())
    }

    /// Writes the exact numbers of every replication added to `path` (the
    /// format of `replications.bin`), committed by [`RunWriter::finish`]:
    /// a shard of a sweep keeps one such file per point.
    pub fn record_to(&mut self, path: &Path) -> anyhow::Result<()> {
        let mut records = AtomicFile::create(path).map_err(|e| {
            anyhow::Error::new(e).context(format!("cannot create {}", path.display()))
        })?;
        records.write_all(&super::records::header()).map_err(|e| {
            anyhow::Error::new(e).context(format!("cannot write {}", path.display()))
        })?;
        self.records = Some(records);
        Ok(())
    }

    /// Records how `--precision` ended, for summary.json.
    pub fn set_precision(&mut self, precision: PrecisionMeta) {
        self.precision = Some(precision);
    }

    /// The summary statistics of the replications added so far (for
    /// stopping rules: `--precision`).
    pub fn route_summaries(&self) -> Vec<RouteSummary> {
        self.fold
            .route_summaries(&route_names(self.scenario), &self.components)
    }

    /// What formats replications on the worker threads.
    pub fn preparer(&self) -> Preparer {
        Preparer {
            format: self.format.clone(),
            rows: self.shipments.is_some(),
        }
    }
}

/// Formats replications into [`PreparedReplication`]s; cheap to share
/// between worker threads.
#[derive(Debug, Clone)]
pub struct Preparer {
    format: ShipmentsFormat,
    /// Whether rows are formatted (not for a summary-only writer).
    rows: bool,
}

impl Preparer {
    /// Formats one replication's rows and extracts its numbers.
    pub fn prepare(&self, result: ReplicationResult) -> PreparedReplication {
        let mut rows = Vec::with_capacity(result.shipments.len() * 320);
        let mut shipments = Vec::with_capacity(result.shipments.len());
        for s in &result.shipments {
            let teu = s.teu;
            let time_days = TimeComponent::ALL.map(|c| s.ledger.time_h(c) / 24.0);
            let cost_usd = CostComponent::ALL.map(|c| s.ledger.cost_usd(c) / teu);
            let cost_usd_per_teu = s.ledger.total_cost_usd() / teu;
            let co2_t_per_teu = s.ledger.co2_t() / teu;
            if self.rows {
                self.format.write_row(
                    &mut rows,
                    &ShipmentRow {
                        replication: result.replication,
                        route: s.route,
                        shipment: u64::from(s.shipment),
                        teu,
                        depart_day: s.depart_h / 24.0,
                        arrive_day: s.arrive_h.map(|a| a / 24.0),
                        cost_usd_per_teu,
                        co2_t_per_teu,
                        time_days: &time_days,
                        cost_parts_usd_per_teu: &cost_usd,
                        stranded: s.stranded_by.is_some(),
                        disruption: s.replanned_by.or(s.stranded_by),
                        replanned: s.replanned_by.is_some(),
                        path: s.path,
                    },
                );
            }
            shipments.push(Numbers {
                route: s.route,
                stranded: s.stranded_by.is_some(),
                replanned: s.replanned_by.is_some(),
                shipment: u64::from(s.shipment),
                arrived: s.arrive_h.map(|a| Arrived {
                    transit_days: (a - s.depart_h) / 24.0,
                    cost_usd_per_teu,
                    co2_t_per_teu,
                    time_days,
                    cost_usd,
                }),
            });
        }
        PreparedReplication {
            replication: result.replication,
            rows,
            shipments,
            queues: result.queues,
        }
    }
}

impl PreparedReplication {
    /// Each route's mean transit days, cost per TEU and CO2 per TEU over
    /// the replication's arrived shipments (NaN with none).
    pub fn route_means(&self, routes: usize) -> Vec<[f64; 3]> {
        route_means(&self.shipments, routes)
    }
}

/// Each route's mean transit days, cost and CO2 per TEU over `shipments`'
/// arrived ones, summed in shipment order (so a replication read back from
/// a shard's records gives the same bits as the run that wrote it).
pub(super) fn route_means(shipments: &[Numbers], routes: usize) -> Vec<[f64; 3]> {
    let mut sums = vec![([0.0f64; 3], 0u64); routes];
    for s in shipments {
        let Some(a) = &s.arrived else { continue };
        let Some((sum, n)) = sums.get_mut(s.route) else {
            continue;
        };
        sum[0] += a.transit_days;
        sum[1] += a.cost_usd_per_teu;
        sum[2] += a.co2_t_per_teu;
        *n += 1;
    }
    sums.into_iter()
        .map(|(sum, n)| {
            if n == 0 {
                [f64::NAN; 3]
            } else {
                sum.map(|x| x / n as f64)
            }
        })
        .collect()
}

impl RunWriter<'_> {
    /// Adds one prepared replication; call in replication order.
    pub fn add(&mut self, prepared: PreparedReplication) -> anyhow::Result<()> {
        if let Some(shipments) = &mut self.shipments {
            shipments.write_all(&prepared.rows).map_err(|e| {
                anyhow::Error::new(e).context(format!(
                    "cannot write {}",
                    self.dir.join(files::SHIPMENTS).display()
                ))
            })?;
        }
        let queues: Vec<super::records::QueueRef<'_>> = prepared
            .queues
            .iter()
            .map(|q| (q.resource.as_str(), q.kind, q.days.as_slice()))
            .collect();
        if let Some(records) = &mut self.records {
            let mut bytes = Vec::new();
            super::records::encode(
                &mut bytes,
                prepared.replication,
                &prepared.shipments,
                &queues,
            );
            records.write_all(&bytes).map_err(|e| {
                anyhow::Error::new(e).context(format!(
                    "cannot write {}",
                    self.dir.join(files::RECORDS).display()
                ))
            })?;
        }
        self.fold.add(&prepared.shipments, queues);
        Ok(())
    }

    /// Writes the summaries and the other files, and returns the summary.
    pub fn finish(self, facts: &RunFacts) -> anyhow::Result<Summary> {
        let scenario = self.scenario;
        let dir = self.dir;
        let summary_only = self.shipments.is_none();
        if let Some(shipments) = self.shipments {
            shipments.commit().map_err(|e| {
                anyhow::Error::new(e).context(format!(
                    "cannot write {}",
                    dir.join(files::SHIPMENTS).display()
                ))
            })?;
        }
        if let Some(records) = self.records {
            records.commit().map_err(|e| {
                anyhow::Error::new(e).context(format!(
                    "cannot write {}",
                    dir.join(files::RECORDS).display()
                ))
            })?;
        }
        let reference = &scenario.routes[scenario.reference_route].id;
        let routes = self
            .fold
            .route_summaries(&route_names(scenario), &self.components);
        let requested = match &self.precision {
            Some(p) => p.max_replications,
            None => u64::from(scenario.replications),
        };
        let summary = Summary {
            format_version: FORMAT_VERSION,
            scenario: RunMeta {
                name: scenario.name.clone(),
                cost_basis: Some(scenario.costs.basis.key().to_string()),
                description: scenario.description.clone(),
                file: facts.file.clone(),
                seed: scenario.seed,
                replications: facts.replications_done,
                replications_requested: Some(requested),
                start_date: scenario.start_date.to_string(),
                horizon_days: scenario.horizon_h / 24.0,
                reference_route: reference.clone(),
                version: env!("CARGO_PKG_VERSION").to_string(),
                wall_s: facts.wall_s,
                threads: facts.threads as u64,
                events: facts.events,
                events_per_s: facts.events as f64 / facts.wall_s.max(1e-9),
                cancelled: facts.cancelled,
                shard: self.shard.clone(),
                precision: self.precision.clone(),
            },
            components: self.components.clone(),
            routes,
            disruptions: disruption_notes(scenario),
            pairs: self.fold.pair_summaries(&route_names(scenario)),
        };
        if summary_only {
            return Ok(summary);
        }
        write_summaries(dir, &summary, &self.fold)?;
        let write = |name: &str, result: anyhow::Result<()>| {
            result.map_err(|e| e.context(format!("cannot write {}", dir.join(name).display())))
        };
        write(
            files::ROUTES,
            geometry(scenario).write(&dir.join(files::ROUTES)),
        )?;
        write(
            files::PATHS,
            AtomicFile::write_all(&dir.join(files::PATHS), &paths_csv(scenario))
                .map(|_| ())
                .map_err(anyhow::Error::from),
        )?;
        let assumptions: Vec<Assumption> = scenario
            .assumptions
            .iter()
            .map(|a| Assumption {
                key: a.key.clone(),
                value: serde_json::Value::String(a.value.clone()),
                unit: Some(a.unit.clone()),
                source: Some(a.source.clone()),
            })
            .collect();
        write(
            files::ASSUMPTIONS,
            assumptions::write(&dir.join(files::ASSUMPTIONS), &assumptions),
        )?;
        Ok(summary)
    }
}

/// The format of `shipments.csv`: the routes, and the paths and
/// disruptions its columns name.
fn shipments_format(scenario: &Scenario, components: &Components) -> ShipmentsFormat {
    let paths = (0..scenario.routes.len() + scenario.alternatives.len())
        .map(|p| scenario.path_id(p))
        .collect::<Vec<_>>();
    ShipmentsFormat::new(scenario.routes.iter().map(|r| r.id.as_str()), components)
        .with_disruptions(
            paths.iter().copied(),
            scenario.disruptions.iter().map(|d| d.target.as_str()),
        )
}

/// The scenario's disruptions, each in a sentence, for `summary.json`.
pub(super) fn disruption_notes(scenario: &Scenario) -> Vec<super::summary::DisruptionNote> {
    scenario
        .disruptions
        .iter()
        .map(|d| super::summary::DisruptionNote {
            target: d.target.clone(),
            description: d.description.clone(),
        })
        .collect()
}

/// The routes' (id, name), in scenario order.
fn route_names(scenario: &Scenario) -> Vec<(String, String)> {
    scenario
        .routes
        .iter()
        .map(|r| (r.id.clone(), r.name.clone()))
        .collect()
}

/// Writes `summary.json`, `summary.csv` and `queues.csv`.
pub(super) fn write_summaries(dir: &Path, summary: &Summary, fold: &Fold) -> anyhow::Result<()> {
    let write = |name: &str, result: anyhow::Result<()>| {
        result.map_err(|e| e.context(format!("cannot write {}", dir.join(name).display())))
    };
    write(
        files::SUMMARY_JSON,
        summary.write_json(&dir.join(files::SUMMARY_JSON)),
    )?;
    write(
        files::SUMMARY_CSV,
        summary.write_csv(&dir.join(files::SUMMARY_CSV)),
    )?;
    write(
        files::QUEUES,
        fold.queues.queues().write(&dir.join(files::QUEUES)),
    )
}

impl Fold {
    /// An empty fold over `routes` routes, paired with route `reference`.
    pub(super) fn new(routes: usize, reference: usize) -> Fold {
        Fold {
            reference,
            routes: (0..routes).map(|_| RouteCollector::default()).collect(),
            pairs: (0..routes * routes.saturating_sub(1) / 2)
                .map(|_| PairCollector::default())
                .collect(),
            queues: QueueCollector::default(),
        }
    }

    /// Folds in one replication: its shipments and its queue series.
    pub(super) fn add<'q>(
        &mut self,
        shipments: &[Numbers],
        queues: impl IntoIterator<Item = (&'q str, &'q str, &'q [(f64, f64)])>,
    ) {
        let mut outcomes = Vec::with_capacity(shipments.len());
        for s in shipments {
            let c = &mut self.routes[s.route];
            c.shipments += 1;
            c.stranded += u64::from(s.stranded);
            c.replanned += u64::from(s.replanned);
            let Some(a) = &s.arrived else { continue };
            c.arrived += 1;
            c.transit_days.add(a.transit_days);
            c.cost_per_teu.add(a.cost_usd_per_teu);
            c.co2_per_teu.add(a.co2_t_per_teu);
            for (sum, x) in c.time_days.iter_mut().zip(a.time_days) {
                *sum += x;
            }
            for (sum, x) in c.cost_usd_per_teu.iter_mut().zip(a.cost_usd) {
                *sum += x;
            }
            outcomes.push(Outcome {
                route: s.route,
                shipment: s.shipment,
                transit_days: a.transit_days,
                cost_usd_per_teu: a.cost_usd_per_teu,
            });
        }
        let routes = &mut self.routes;
        pair_replication(&outcomes, self.reference, |d| {
            let c = &mut routes[d.route];
            c.transit_diff.add(d.transit_days);
            c.cost_diff.add(d.cost_usd_per_teu);
            c.pairs += 1;
            c.faster += u64::from(d.faster());
            c.cheaper += u64::from(d.cheaper());
            c.both += u64::from(d.faster() && d.cheaper());
        });
        let n = self.routes.len();
        let pairs = &mut self.pairs;
        pair_every_route(&outcomes, n, |b, d| {
            let c = &mut pairs[pair_index(d.route, b, n)];
            c.pairs += 1;
            c.transit_diff.add(d.transit_days);
            c.cost_diff.add(d.cost_usd_per_teu);
            c.faster.add(d.faster());
            c.cheaper.add(d.cheaper());
            c.both.add(d.faster() && d.cheaper());
        });
        for c in &mut self.pairs {
            c.transit_diff.end_replication();
            c.cost_diff.end_replication();
            c.faster.end_replication();
            c.cheaper.end_replication();
            c.both.end_replication();
        }
        for c in &mut self.routes {
            c.transit_days.end_replication();
            c.cost_per_teu.end_replication();
            c.co2_per_teu.end_replication();
            c.transit_diff.end_replication();
            c.cost_diff.end_replication();
        }
        for (resource, kind, days) in queues {
            self.queues.add(resource, kind, days);
        }
    }

    /// Every pair of routes compared; `routes` gives each route's (id, name).
    pub(super) fn pair_summaries(&self, routes: &[(String, String)]) -> Vec<PairSummary> {
        let n = routes.len();
        let mut out = Vec::with_capacity(self.pairs.len());
        for a in 0..n {
            for b in a + 1..n {
                let c = &self.pairs[pair_index(a, b, n)];
                out.push(PairSummary {
                    a: routes[a].0.clone(),
                    b: routes[b].0.clone(),
                    pairs: c.pairs,
                    transit_days_diff: c.transit_diff.stats(),
                    cost_usd_per_teu_diff: c.cost_diff.stats(),
                    a_faster: c.faster.share(),
                    a_cheaper: c.cheaper.share(),
                    a_faster_and_cheaper: c.both.share(),
                });
            }
        }
        out
    }

    /// The routes' summaries; `routes` gives each route's (id, name).
    pub(super) fn route_summaries(
        &self,
        routes: &[(String, String)],
        components: &Components,
    ) -> Vec<RouteSummary> {
        let reference = &routes[self.reference].0;
        routes
            .iter()
            .zip(&self.routes)
            .enumerate()
            .map(|(i, (r, c))| route_summary(i, r, c, self.reference, reference, components))
            .collect()
    }
}

fn route_summary(
    index: usize,
    (id, name): &(String, String),
    c: &RouteCollector,
    reference_index: usize,
    reference: &str,
    components: &Components,
) -> RouteSummary {
    let n = c.arrived.max(1) as f64;
    let share = |k: u64| (c.pairs > 0).then(|| k as f64 / c.pairs as f64);
    RouteSummary {
        id: id.clone(),
        name: name.clone(),
        colour_index: index,
        shipments: c.shipments,
        arrived: c.arrived,
        in_transit: c.shipments - c.arrived - c.stranded,
        stranded: c.stranded,
        replanned: c.replanned,
        transit_days: c.transit_days.stats(),
        cost_usd_per_teu: c.cost_per_teu.stats(),
        co2_t_per_teu: c.co2_per_teu.stats(),
        time_components_days: components
            .time
            .iter()
            .zip(c.time_days)
            .map(|(k, v)| (k.key.clone(), v / n))
            .collect(),
        cost_components_usd_per_teu: components
            .cost
            .iter()
            .zip(c.cost_usd_per_teu)
            .map(|(k, v)| (k.key.clone(), v / n))
            .collect(),
        vs_reference: (index != reference_index).then(|| Paired {
            reference: reference.to_string(),
            pairs: Some(c.pairs),
            transit_days_diff: c.transit_diff.stats(),
            cost_usd_per_teu_diff: c.cost_diff.stats(),
            share_faster: share(c.faster),
            share_cheaper: share(c.cheaper),
            share_faster_and_cheaper: share(c.both),
        }),
    }
}

/// The routes' lines (split at the antimeridian) and the places they call at.
fn geometry(scenario: &Scenario) -> RouteGeometry {
    let mut geo = RouteGeometry::default();
    let mut seen = std::collections::BTreeSet::new();
    for (i, r) in scenario.routes.iter().enumerate() {
        geo.routes.push(RouteLine {
            id: r.id.clone(),
            name: r.name.clone(),
            colour_index: i,
            parts: r
                .geometry
                .iter()
                .flat_map(|l| {
                    let points: Vec<[f64; 2]> = l.iter().map(|&(lon, lat)| [lon, lat]).collect();
                    split_antimeridian(&points)
                })
                .map(|part| part.into_iter().map(|[lon, lat]| (lon, lat)).collect())
                .collect(),
        });
        for p in &r.places {
            if seen.insert(p.id.clone()) {
                geo.places.push(MapPlace {
                    name: p.name.clone(),
                    id: p.id.clone(),
                    locode: p.locode.clone(),
                    kind: p.kind.to_string(),
                    at: (p.lon, p.lat),
                });
            }
        }
    }
    geo
}

/// `paths.csv`: every path a shipment may take, by id (the `path` column
/// of `shipments.csv`): the routes, then the ways round closures.
fn paths_csv(scenario: &crate::model::Scenario) -> Vec<u8> {
    let mut out = String::from("path,route,name,distance_km,places\n");
    let field = |t: &str| {
        if t.contains([',', '"', '\n', '\r']) {
            format!("\"{}\"", t.replace('"', "\"\""))
        } else {
            t.to_string()
        }
    };
    let paths = scenario.routes.iter().map(|r| (r, r.id.as_str())).chain(
        scenario
            .alternatives
            .iter()
            .map(|a| (&a.path, scenario.routes[a.route].id.as_str())),
    );
    for (path, route) in paths {
        let places: Vec<&str> = path.places.iter().map(|p| p.name.as_str()).collect();
        out.push_str(&format!(
            "{},{},{},{:.3},{}\n",
            field(&path.id),
            field(route),
            field(&path.name),
            path.distance_km,
            field(&places.join(" > "))
        ));
    }
    out.into_bytes()
}
