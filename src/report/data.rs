//! A run folder as the charts see it: the files read through `runfile`'s
//! types, with `shipments.csv` thinned to what can be drawn, and checked
//! against `summary.json` so that charts are never drawn from files that
//! disagree.

use std::path::{Path, PathBuf};

use crate::error::InputError;
use crate::runfile::assumptions::{self, Assumption};
use crate::runfile::files;
use crate::runfile::geojson::RouteGeometry;
use crate::runfile::queues::Queues;
use crate::runfile::shipments::{CHART_REPLICATIONS, RouteSamples, Shipments};
use crate::runfile::{RouteSummary, Summary};

pub use crate::runfile::summary::{SHORT_NAME_CHARS, short_name};

/// Everything the charts and the report read from one run folder.
#[derive(Debug, Clone)]
pub struct RunData {
    /// The folder the files were read from.
    pub dir: PathBuf,
    /// `summary.json`.
    pub summary: Summary,
    /// What was kept from `shipments.csv`.
    pub shipments: Shipments,
    /// `queues.csv`, if the run wrote one.
    pub queues: Option<Queues>,
    /// `routes.geojson`, if the run wrote one.
    pub geo: Option<RouteGeometry>,
    /// `assumptions.json`, if present.
    pub assumptions: Option<Vec<Assumption>>,
}

impl RunData {
    /// Reads a run folder. `summary.json` and `shipments.csv` are required
    /// and must agree (every route's shipment count); `queues.csv`,
    /// `routes.geojson` and `assumptions.json` are read when present (their
    /// charts or sections are left out otherwise).
    pub fn load(dir: &Path) -> anyhow::Result<RunData> {
        if !dir.is_dir() {
            return Err(InputError::new(format!(
                "run folder {} does not exist or is not a folder",
                dir.display()
            ))
            .with_hint("pass the folder `corridor run` wrote, e.g. output/baseline")
            .into());
        }
        let summary = Summary::load(&dir.join(files::SUMMARY_JSON))?;
        // Charts keep the shipments of at most CHART_REPLICATIONS
        // replications (every k-th, whole, so pairs stay paired); the
        // statistics come from summary.json, which used every row.
        let keep_every = summary
            .scenario
            .replications
            .max(1)
            .div_ceil(CHART_REPLICATIONS);
        let shipments_path = dir.join(files::SHIPMENTS);
        let shipments = Shipments::load(
            &shipments_path,
            Some(&summary.scenario.reference_route),
            keep_every,
        )?;
        check_counts(&summary, &shipments, &shipments_path)?;
        let optional = |name: &str| Some(dir.join(name)).filter(|p| p.is_file());
        Ok(RunData {
            dir: dir.to_path_buf(),
            queues: optional(files::QUEUES)
                .map(|p| Queues::load(&p))
                .transpose()?,
            geo: optional(files::ROUTES)
                .map(|p| RouteGeometry::load(&p))
                .transpose()?,
            assumptions: optional(files::ASSUMPTIONS)
                .map(|p| assumptions::load(&p))
                .transpose()?,
            summary,
            shipments,
        })
    }

    /// The routes in the order of `summary.json`, each with its samples.
    pub fn routes(&self) -> Vec<RouteView<'_>> {
        self.summary
            .routes
            .iter()
            .map(|summary| RouteView {
                summary,
                samples: self.shipments.route(&summary.id),
            })
            .collect()
    }
}

/// Refuses a `shipments.csv` whose rows do not match `summary.json` (a
/// truncated copy, or files of two runs).
fn check_counts(summary: &Summary, shipments: &Shipments, path: &Path) -> anyhow::Result<()> {
    for route in &summary.routes {
        let rows = shipments.route(&route.id).map_or(0, |r| r.rows);
        if rows != route.shipments {
            return Err(InputError::new(format!(
                "{} has {rows} rows of route `{}` where summary.json counts {} shipments",
                path.display(),
                route.id,
                route.shipments
            ))
            .with_hint(
                "the folder's files do not belong to one whole run (a truncated or copied \
                 file?); run the scenario again",
            )
            .into());
        }
    }
    if let Some(extra) = shipments
        .routes
        .iter()
        .find(|r| summary.route(&r.id).is_none())
    {
        return Err(InputError::new(format!(
            "{} has rows of route `{}`, which summary.json does not list",
            path.display(),
            extra.id
        ))
        .with_hint("the folder's files do not belong to one run; run the scenario again")
        .into());
    }
    Ok(())
}

/// One route's summary together with its samples.
#[derive(Debug, Clone, Copy)]
pub struct RouteView<'a> {
    /// Its entry in `summary.json`.
    pub summary: &'a RouteSummary,
    /// What was kept from its rows of `shipments.csv` (`None` if it has none).
    pub samples: Option<&'a RouteSamples>,
}

impl<'a> RouteView<'a> {
    /// Its colour in every chart.
    pub fn colour(&self) -> plotters::style::RGBColor {
        super::style::route_colour(self.summary.colour_index)
    }
    /// Transit days of arrived shipments (empty if none).
    pub fn transit_days(&self) -> &'a [f32] {
        self.samples.map_or(&[], |s| &s.transit_days)
    }
    /// Cost per TEU of arrived shipments (empty if none).
    pub fn cost_usd_per_teu(&self) -> &'a [f32] {
        self.samples.map_or(&[], |s| &s.cost_usd_per_teu)
    }
    /// Paired (this − reference) transit days (empty for the reference).
    pub fn transit_diff_days(&self) -> &'a [f32] {
        self.samples.map_or(&[], |s| &s.transit_diff_days)
    }
    /// Paired (this − reference) cost per TEU (empty for the reference).
    pub fn cost_diff_usd_per_teu(&self) -> &'a [f32] {
        self.samples.map_or(&[], |s| &s.cost_diff_usd_per_teu)
    }
}
