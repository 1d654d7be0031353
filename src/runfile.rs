//! The run folder: its format, once.
//!
//! A run folder holds what one run of a scenario produced: `shipments.csv`
//! (one row per shipment per replication), `summary.json` and `summary.csv`
//! (per-route statistics and every figure derived from them), `queues.csv`,
//! `routes.geojson`, `assumptions.json`, and the charts and `report.html`
//! that `report` draws from those files. This module owns all of it:
//!
//! - the file names ([`files`]) and the format version ([`FORMAT_VERSION`]);
//! - one set of serde types, used by the writer and by every reader
//!   ([`summary`], [`queues`], [`geojson`], [`assumptions`]), and the
//!   streaming reader and typed writer of `shipments.csv` ([`shipments`]);
//! - the statistics written ([`stats`]) and the pairing of routes
//!   ([`pairing`]): every derived figure (shares faster and cheaper, means by
//!   component) is computed once, here, written to `summary.json`, and read
//!   back by the table, the charts and the report alike;
//! - the one atomic file writer ([`atomic`]) and the folder as a transaction
//!   ([`folder`]): a run is built beside its target and swapped in whole,
//!   under a lock, so a folder never mixes two runs.
//!
//! A sweep or sensitivity folder holds [`experiment`]'s files instead
//! (`sweep.json`, `sweep.csv`, `sensitivity.json`, `sensitivity.csv`), with
//! its charts and report, written through the same folder transaction.
//!
//! [`writer::RunWriter`] turns the model's replication results into these
//! files. The formats are documented for users in `docs/run-output.md`.

pub mod assumptions;
pub mod atomic;
pub mod decimal;
pub mod experiment;
pub mod folder;
pub mod geojson;
pub mod merge;
pub mod pairing;
pub mod queues;
pub mod records;
pub mod shipments;
pub mod stats;
pub mod summary;
pub mod writer;

pub use atomic::AtomicFile;
pub use folder::{RunFolder, StagedRun};
pub use stats::{MetricCollector, Share, ShareCollector, Stats};
pub use summary::{
    Component, HalfWidth, PairSummary, Paired, PrecisionCheck, PrecisionMeta, RouteSummary,
    RunMeta, ShardMeta, Summary,
};
pub use writer::{RunFacts, RunWriter};

/// Version of the run-folder format written by this build, recorded in
/// `summary.json` as `format_version`.
///
/// - 1: folders written before the field existed (read as they are; fields
///   added since are absent, and readers say what they cannot show);
/// - 2: adds `format_version`, `replications_requested`, component labels,
///   `pairs` and `share_faster_and_cheaper` in `vs_reference`, and the
///   `replications` column of `queues.csv` (queues average over the
///   replications still running each day).
/// - 3: disruptions (issue 11): `shipments.csv` gains the status `stranded`
///   and the columns `replanned`, `disruption` and `path` (path ids are
///   listed in `paths.csv`); `summary.json` gains `replanned` and
///   `stranded` per route and `disruptions`. Older folders read with
///   nothing re-planned or stranded.
pub const FORMAT_VERSION: u32 = 3;

/// The file names of a run folder, as documented in `docs/run-output.md`.
pub mod files {
    /// Per-shipment results.
    pub const SHIPMENTS: &str = "shipments.csv";
    /// Scenario metadata and per-route statistics.
    pub const SUMMARY_JSON: &str = "summary.json";
    /// Per-route statistics as a table.
    pub const SUMMARY_CSV: &str = "summary.csv";
    /// Queue lengths over simulated time.
    pub const QUEUES: &str = "queues.csv";
    /// The routes and the places they call at, as GeoJSON.
    pub const ROUTES: &str = "routes.geojson";
    /// The scenario's parameters with their sources.
    pub const ASSUMPTIONS: &str = "assumptions.json";
    /// The paths shipments took (routes, and ways round closures), by id.
    pub const PATHS: &str = "paths.csv";
    /// The folder of charts.
    pub const PLOTS_DIR: &str = "plots";
    /// The self-contained HTML report.
    pub const REPORT: &str = "report.html";
    /// A shard's exact per-replication numbers, for `corridor merge`
    /// (written by `corridor run --shard K/N` only; see [`super::records`]).
    pub const RECORDS: &str = "replications.bin";
    /// The list of files `corridor` wrote into the folder (hidden): what a
    /// later run may replace, and nothing else.
    pub const MANIFEST: &str = ".corridor-run";
}
