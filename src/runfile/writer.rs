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
use super::pairing::{Outcome, pair_replication};
use super::queues::QueueCollector;
use super::shipments::{ShipmentRow, ShipmentsFormat};
use super::stats::MetricCollector;
use super::summary::{Component, Components, Paired, RouteSummary, RunMeta, Summary};
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
    rows: Vec<u8>,
    shipments: Vec<Numbers>,
    queues: Vec<crate::model::QueueSeries>,
}

/// What the statistics need of one shipment, per TEU.
#[derive(Debug, Clone)]
struct Numbers {
    route: usize,
    stranded: bool,
    replanned: bool,
    shipment: u64,
    arrived: Option<Arrived>,
}

#[derive(Debug, Clone)]
struct Arrived {
    transit_days: f64,
    cost_usd_per_teu: f64,
    co2_t_per_teu: f64,
    time_days: [f64; TimeComponent::ALL.len()],
    cost_usd: [f64; CostComponent::ALL.len()],
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
    routes: Vec<RouteCollector>,
    queues: QueueCollector,
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
        let paths = (0..scenario.routes.len() + scenario.alternatives.len())
            .map(|p| scenario.path_id(p))
            .collect::<Vec<_>>();
        let format =
            ShipmentsFormat::new(scenario.routes.iter().map(|r| r.id.as_str()), &components)
                .with_disruptions(
                    paths.iter().copied(),
                    scenario.disruptions.iter().map(|d| d.target.as_str()),
                );
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
            routes: scenario
                .routes
                .iter()
                .map(|_| RouteCollector::default())
                .collect(),
            queues: QueueCollector::default(),
        })
    }

    /// A writer that writes no file: [`RunWriter::finish`] only returns the
    /// summary, the same as a run's `summary.json` (a sweep keeps one per
    /// point, and no point's `shipments.csv`).
    pub fn summary_only(scenario: &'a Scenario) -> RunWriter<'a> {
        let components = model_components();
        let format =
            ShipmentsFormat::new(scenario.routes.iter().map(|r| r.id.as_str()), &components);
        RunWriter {
            scenario,
            dir: Path::new(""),
            format,
            components,
            shipments: None,
            routes: scenario
                .routes
                .iter()
                .map(|_| RouteCollector::default())
                .collect(),
            queues: QueueCollector::default(),
        }
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
            rows,
            shipments,
            queues: result.queues,
        }
    }
}

impl RunWriter<'_> {
    /// Adds one prepared replication; call in replication order.
    pub fn add(&mut self, prepared: PreparedReplication) -> anyhow::Result<()> {
        let Some(shipments) = &mut self.shipments else {
            return self.add_numbers(prepared);
        };
        shipments.write_all(&prepared.rows).map_err(|e| {
            anyhow::Error::new(e).context(format!(
                "cannot write {}",
                self.dir.join(files::SHIPMENTS).display()
            ))
        })?;
        self.add_numbers(prepared)
    }

    /// Adds a replication's numbers to the statistics.
    fn add_numbers(&mut self, prepared: PreparedReplication) -> anyhow::Result<()> {
        let mut outcomes = Vec::with_capacity(prepared.shipments.len());
        for s in &prepared.shipments {
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
        pair_replication(&outcomes, self.scenario.reference_route, |d| {
            let c = &mut routes[d.route];
            c.transit_diff.add(d.transit_days);
            c.cost_diff.add(d.cost_usd_per_teu);
            c.pairs += 1;
            c.faster += u64::from(d.faster());
            c.cheaper += u64::from(d.cheaper());
            c.both += u64::from(d.faster() && d.cheaper());
        });
        for c in &mut self.routes {
            c.transit_days.end_replication();
            c.cost_per_teu.end_replication();
            c.co2_per_teu.end_replication();
            c.transit_diff.end_replication();
            c.cost_diff.end_replication();
        }
        for q in &prepared.queues {
            self.queues.add(&q.resource, q.kind, &q.days);
        }
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
        let reference = &scenario.routes[scenario.reference_route].id;
        let routes: Vec<RouteSummary> = scenario
            .routes
            .iter()
            .zip(&self.routes)
            .enumerate()
            .map(|(i, (r, c))| {
                route_summary(
                    i,
                    r,
                    c,
                    scenario.reference_route,
                    reference,
                    &self.components,
                )
            })
            .collect();
        let summary = Summary {
            format_version: FORMAT_VERSION,
            scenario: RunMeta {
                name: scenario.name.clone(),
                description: scenario.description.clone(),
                file: facts.file.clone(),
                seed: scenario.seed,
                replications: facts.replications_done,
                replications_requested: Some(u64::from(scenario.replications)),
                start_date: scenario.start_date.to_string(),
                horizon_days: scenario.horizon_h / 24.0,
                reference_route: reference.clone(),
                cost_basis: Some(scenario.costs.basis.key().to_string()),
                version: env!("CARGO_PKG_VERSION").to_string(),
                wall_s: facts.wall_s,
                threads: facts.threads as u64,
                events: facts.events,
                events_per_s: facts.events as f64 / facts.wall_s.max(1e-9),
                cancelled: facts.cancelled,
            },
            components: self.components.clone(),
            routes,
            disruptions: scenario
                .disruptions
                .iter()
                .map(|d| super::summary::DisruptionNote {
                    target: d.target.clone(),
                    description: d.description.clone(),
                })
                .collect(),
        };
        if summary_only {
            return Ok(summary);
        }
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
            self.queues.queues().write(&dir.join(files::QUEUES)),
        )?;
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

fn route_summary(
    index: usize,
    route: &crate::model::Route,
    c: &RouteCollector,
    reference_index: usize,
    reference: &str,
    components: &Components,
) -> RouteSummary {
    let n = c.arrived.max(1) as f64;
    let share = |k: u64| (c.pairs > 0).then(|| k as f64 / c.pairs as f64);
    RouteSummary {
        id: route.id.clone(),
        name: route.name.clone(),
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
