//! The scenario file as written: serde types that mirror the TOML, with no
//! defaults filled and no names resolved. Unknown keys are errors. Numbers
//! that may be distributions stay TOML values until `validate` reads them,
//! so its messages can say exactly what is wrong with them.
//!
//! Every key carries its unit in its name (`speed_kn`, `dwell_h`,
//! `toll_usd`); `docs/scenarios.md` lists them all.

use indexmap::IndexMap;
use serde::Deserialize;

/// A value that may be a number or a named distribution, e.g. `12`,
/// `{ triangular = [1, 2, 4] }`, `{ lognormal = { mean = 30, sd = 8 } }`.
pub type RawDist = toml::Value;

/// The whole file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawScenario {
    pub name: Option<String>,
    pub description: Option<String>,
    pub seed: Option<u64>,
    pub replications: Option<u32>,
    pub start_date: Option<toml::value::Datetime>,
    pub horizon_days: Option<f64>,
    pub reference_route: Option<String>,
    pub departures: Option<RawDepartures>,
    pub prices: Option<RawPrices>,
    // The cost basis and its parameters (issue 10): scenario/validate/costs.rs.
    pub cost_basis: Option<String>,
    pub costs: Option<RawCosts>,
    #[serde(default)]
    pub freight: IndexMap<String, RawFreight>,
    #[serde(default)]
    pub fuels: IndexMap<String, RawFuel>,
    #[serde(default)]
    pub vessels: IndexMap<String, RawVessel>,
    #[serde(default)]
    pub ports: IndexMap<String, RawPort>,
    #[serde(default)]
    pub canals: IndexMap<String, RawCanal>,
    #[serde(default)]
    pub services: IndexMap<String, RawService>,
    #[serde(default)]
    pub borders: IndexMap<String, RawBorder>,
    pub road: Option<RawRoad>,
    pub transshipment: Option<RawTransshipment>,
    #[serde(default)]
    pub weather: IndexMap<String, RawWeather>,
    #[serde(default)]
    pub risk_areas: IndexMap<String, RawRiskArea>,
    #[serde(default)]
    pub disruptions: Vec<RawDisruption>,
    #[serde(default)]
    pub routes: IndexMap<String, RawRoute>,
    // The scenario's own places and links (issue 13): scenario/user_network.rs.
    #[serde(default)]
    pub nodes: IndexMap<String, super::user_network::RawNode>,
    #[serde(default)]
    pub links: IndexMap<String, super::user_network::RawLink>,
    // The points `corridor sweep` runs (issue 12): scenario/sweep.rs reads it.
    pub sweep: Option<toml::Table>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDepartures {
    pub first_day: Option<f64>,
    pub every_days: Option<f64>,
    pub count: Option<u32>,
    pub teu: Option<f64>,
    pub source: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPrices {
    pub carbon_usd_per_t_co2: Option<f64>,
    pub cargo_value_usd_per_teu: Option<f64>,
    pub holding_rate_per_year: Option<f64>,
    pub cargo_insurance_share: Option<f64>,
    pub source: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFuel {
    pub co2_t_per_t: Option<f64>,
    pub price_usd_per_t: Option<f64>,
    pub source: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawVessel {
    pub capacity_teu: Option<f64>,
    pub utilisation: Option<f64>,
    pub design_speed_kn: Option<f64>,
    pub service_speed_kn: Option<f64>,
    pub main_fuel_t_per_day: Option<f64>,
    pub aux_fuel_t_per_day: Option<f64>,
    pub port_fuel_t_per_day: Option<f64>,
    pub fuel: Option<String>,
    pub charter_usd_per_day: Option<f64>,
    pub hull_value_usd: Option<f64>,
    pub canal_toll_usd: Option<f64>,
    pub call_moves_share: Option<f64>,
    pub draft_m: Option<f64>,
    pub length_m: Option<f64>,
    pub ice_class: Option<bool>,
    pub source: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPort {
    pub berths: Option<u32>,
    pub berth_teu_per_h: Option<f64>,
    pub call_overhead_h: Option<f64>,
    pub dues_usd_per_call: Option<f64>,
    pub handling_usd_per_teu: Option<f64>,
    pub berth_occupancy: Option<f64>,
    pub background_service_h: Option<RawDist>,
    pub initial_queue: Option<RawDist>,
    pub source: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCanal {
    pub passage: Option<String>,
    pub northbound_entry_h: Option<f64>,
    pub southbound_entry_h: Option<f64>,
    pub cutoff_h: Option<f64>,
    pub convoy_capacity: Option<f64>,
    pub background_ships_per_day: Option<f64>,
    pub transit_h: Option<RawDist>,
    pub source: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RawServiceKind {
    Rail,
    Ferry,
    Liner,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawService {
    pub kind: Option<RawServiceKind>,
    pub departures_per_week: Option<f64>,
    pub first_departure_h: Option<f64>,
    pub capacity_teu: Option<f64>,
    pub background_teu_per_departure: Option<f64>,
    pub cutoff_h: Option<f64>,
    pub km_per_day: Option<f64>,
    pub speed_kn: Option<f64>,
    pub delay_h: Option<RawDist>,
    pub tariff_usd_per_teu_km: Option<f64>,
    pub tariff_usd_per_teu: Option<f64>,
    pub co2_kg_per_teu_km: Option<f64>,
    /// Months (1–12) with winter limits, and what they do.
    pub winter_months: Option<Vec<u32>>,
    pub winter_capacity_factor: Option<f64>,
    pub winter_delay_h: Option<RawDist>,
    // Liner services (scenario/validate/liners.rs): the rotation, the ship, the room
    // and the schedule reliability.
    pub calls: Option<Vec<String>>,
    pub vessel: Option<String>,
    pub allocation: Option<f64>,
    pub port_stay_h: Option<f64>,
    pub on_time_share: Option<f64>,
    pub late_h: Option<RawDist>,
    pub initial_backlog_teu: Option<RawDist>,
    pub source: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawBorder {
    pub lanes: Option<u32>,
    pub service_h: Option<RawDist>,
    pub background_per_day: Option<f64>,
    pub rail_tracks: Option<u32>,
    pub rail_service_h: Option<RawDist>,
    pub rail_background_trains_per_day: Option<f64>,
    pub source: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRoad {
    pub km_per_day: Option<f64>,
    pub delay_h: Option<RawDist>,
    pub tariff_usd_per_teu_km: Option<f64>,
    pub co2_kg_per_teu_km: Option<f64>,
    pub source: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTransshipment {
    pub dwell_h: Option<RawDist>,
    pub cost_usd_per_teu: Option<f64>,
    pub source: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawWeather {
    pub storm_day_probability: Option<Vec<f64>>,
    pub storm_speed_loss: Option<f64>,
    pub cyclone_day_probability: Option<Vec<f64>>,
    pub cyclone_delay_h: Option<RawDist>,
    pub ice_months: Option<Vec<u32>>,
    pub ice_speed_kn: Option<f64>,
    pub icebreaker_wait_h: Option<RawDist>,
    pub source: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRiskArea {
    pub hull_premium_share: Option<f64>,
    pub cargo_premium_share: Option<f64>,
    pub source: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDisruption {
    /// `passage:NAME`, `canal:NAME`, `port:LOCODE|id`, `border:NAME`,
    /// `service:NAME`, `link:NAME`, `region:NAME` (scenario/validate/disruptions.rs).
    pub target: String,
    pub start_day: Option<f64>,
    /// Absent: open-ended.
    pub duration_days: Option<f64>,
    /// Absent: 0, closed.
    pub capacity_factor: Option<f64>,
    pub announced_day: Option<f64>,
    /// `"wait"`, `"reroute"` or `{ reroute_if_longer_than_days = N }`.
    pub policy: Option<toml::Value>,
    pub delay_h: Option<f64>,
    pub surcharge_usd_per_teu: Option<f64>,
    pub diverted_speed_kn: Option<f64>,
    pub random: Option<RawRandomDisruption>,
    pub note: Option<String>,
    pub source: Option<String>,
}

/// `random = { every_days = …, duration_days = … }` of a disruption.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRandomDisruption {
    pub every_days: RawDist,
    pub duration_days: RawDist,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRoute {
    pub name: Option<String>,
    pub note: Option<String>,
    /// The route's own policy for closures (as a disruption's `policy`).
    pub on_closure: Option<toml::Value>,
    #[serde(default)]
    pub legs: Vec<RawLeg>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RawLegKind {
    Dwell,
    Sea,
    Rail,
    Road,
    Ferry,
    Border,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLeg {
    pub kind: RawLegKind,
    pub at: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub vessel: Option<String>,
    pub speed_kn: Option<f64>,
    #[serde(default)]
    pub calls: Vec<String>,
    #[serde(default)]
    pub via: Vec<String>,
    #[serde(default)]
    pub avoid: Vec<String>,
    #[serde(default)]
    pub enable: Vec<String>,
    pub service: Option<String>,
    pub post: Option<String>,
    pub dwell_h: Option<RawDist>,
    pub cost_usd_per_teu: Option<f64>,
    pub note: Option<String>,
}

/// `[costs]` as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCosts {
    pub backhaul_load_factor: Option<f64>,
    pub empty_move_share: Option<f64>,
    pub container_lease_usd_per_teu_day: Option<f64>,
    pub source: Option<String>,
}

/// `[freight.<vessel>]` as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFreight {
    pub usd_per_teu_nm: Option<f64>,
    pub usd_per_teu_call: Option<f64>,
    pub source: Option<String>,
}
