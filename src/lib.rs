//! # corridor
//!
//! A maritime and multimodal corridor route simulator. It compares the
//! Chennai–Vladivostok Eastern Maritime Corridor, the Suez and Cape routes and
//! the International North–South Transport Corridor (INSTC) by transit time,
//! cost, emissions and reliability, over many stochastic replications.
//!
//! ## Module map
//!
//! Dependencies point one way: `cli → app → {scenario, report → runfile} → model → {network, engine}`.
//!
//! - [`engine`]: a domain-free discrete-event kernel (time, event calendar,
//!   resources, statistics, random streams and distributions).
//! - [`berth_ring`]: the standard berth-ring benchmark model built on the kernel.
//! - [`network`]: ports, sea lanes, land links and multimodal routing: CSV
//!   data with sources (`src/network/data/`), geodesic distances, shortest
//!   routes with restrictions, GeoJSON; accuracy notes in `docs/network.md`.
//! - [`model`]: the corridor model: routes as steps, one replication as a
//!   simulation, the cost and emissions ledger.
//! - [`scenario`]: scenario files: layered TOML, validated into the model's
//!   types with errors that name the file, line and key.
//! - [`runfile`]: the run folder's format, once: the types written and read
//!   back, file names and version, the statistics and pairing behind every
//!   derived figure, and the folder as a transaction (staged, locked,
//!   swapped in whole).
//! - [`report`]: charts (SVG and PNG) and the HTML report drawn from a run
//!   folder through `runfile`'s types (never the model), and the comparison
//!   of two runs.
//! - [`cli`]: the command-line grammar (clap derive types only).
//! - [`app`]: one function per subcommand; turns arguments into library calls.
//! - [`error`]: input errors and exit codes.
//! - [`numbers`]: how numbers are shown to readers (rounding, thousands,
//!   signs, shares, means with confidence intervals).
//! - [`text`]: user text shown safely (control characters made visible).
//!
//! ## Units
//!
//! Simulation time is in hours ([`engine::SimTime`]). Distances are stored in
//! kilometres and nautical miles (1 nm = 1.852 km exactly), speeds in knots,
//! money in US dollars, masses in tonnes. Names carry their unit (`speed_kn`,
//! `dwell_h`, `toll_usd`).

pub mod app;
pub mod berth_ring;
pub mod cli;
pub mod engine;
pub mod error;
pub mod experiment;
pub mod model;
pub mod network;
pub mod numbers;
pub mod report;
pub mod runfile;
pub mod scenario;
pub mod text;
