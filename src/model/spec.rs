//! The model's validated inputs: what a scenario becomes once every name is
//! resolved, every route is a list of steps and every number is checked.
//!
//! `scenario` builds these from files; tests and examples may build them by
//! hand. Units are in the field names.

use crate::engine::{Dist, TimetableSpec};

use super::date::Date;
use super::ledger::TimeComponent;

/// A fuel and its price.
#[derive(Debug, Clone, PartialEq)]
pub struct Fuel {
    /// Name, e.g. `vlsfo`.
    pub name: String,
    /// Tonnes of CO2 per tonne burnt (tank-to-wake).
    pub co2_t_per_t: f64,
    /// Price, USD per tonne.
    pub price_usd_per_t: f64,
}

/// A class of vessel.
#[derive(Debug, Clone, PartialEq)]
pub struct Vessel {
    /// Name, e.g. `feeder-1700`.
    pub name: String,
    /// Nominal capacity, TEU.
    pub capacity_teu: f64,
    /// Share of capacity loaded on the voyages modelled (0–1]; vessel costs
    /// are shared over the TEU on board.
    pub utilisation: f64,
    /// Design speed, knots.
    pub design_speed_kn: f64,
    /// Speed sailed (after slow steaming), knots.
    pub service_speed_kn: f64,
    /// Main-engine fuel at design speed, tonnes per day.
    pub main_fuel_t_per_day: f64,
    /// Auxiliary engines at sea, tonnes per day.
    pub aux_fuel_t_per_day: f64,
    /// Fuel in port and at anchor, tonnes per day.
    pub port_fuel_t_per_day: f64,
    /// Index into [`Scenario::fuels`].
    pub fuel: usize,
    /// Time-charter rate, USD per day.
    pub charter_usd_per_day: f64,
    /// Hull value for war-risk premiums, USD.
    pub hull_value_usd: f64,
    /// Suez Canal toll for one transit, USD.
    pub canal_toll_usd: f64,
}

impl Vessel {
    /// TEU on board, over which vessel costs are shared.
    pub fn teu_on_board(&self) -> f64 {
        self.capacity_teu * self.utilisation
    }

    /// Fuel burnt per day at sea at `speed_kn`: the main engine by the cube of
    /// speed over design speed, plus the auxiliaries, tonnes per day.
    pub fn sea_fuel_t_per_day(&self, speed_kn: f64) -> f64 {
        self.main_fuel_t_per_day * (speed_kn / self.design_speed_kn).powi(3)
            + self.aux_fuel_t_per_day
    }
}

/// A port's berths and charges.
#[derive(Debug, Clone, PartialEq)]
pub struct Port {
    /// UN/LOCODE.
    pub locode: String,
    /// Name.
    pub name: String,
    /// Container berths.
    pub berths: u32,
    /// Handling productivity of one berth (all its cranes), TEU per hour.
    pub berth_teu_per_h: f64,
    /// Berth time of a call besides working cargo (mooring, unmooring,
    /// paperwork), hours.
    pub call_overhead_h: f64,
    /// Port dues per call of a [`PORT_DUES_REFERENCE_TEU`] ship, USD
    /// (scaled by ship size, then shared over the TEU on board).
    pub dues_usd_per_call: f64,
    /// Terminal handling, USD per TEU loaded or discharged.
    pub handling_usd_per_teu: f64,
    /// Other container ships calling, per week (Poisson arrivals).
    pub background_calls_per_week: f64,
    /// Berth time of those other ships, hours.
    pub background_service_h: Dist,
    /// Other ships already waiting when the run starts, drawn once per
    /// replication (none if absent): a queue that starts in its steady state.
    pub initial_queue: Option<Dist>,
}

/// A border post and its traffic: road lanes that clear trucks one by one
/// and, where a railway crosses, tracks that clear whole trains.
#[derive(Debug, Clone, PartialEq)]
pub struct BorderPost {
    /// Name, e.g. `astara`.
    pub name: String,
    /// Road inspection lanes served at once.
    pub lanes: u32,
    /// Clearance time of one truck, hours.
    pub service_h: Dist,
    /// Other trucks arriving per day (Poisson).
    pub background_per_day: f64,
    /// The procedure for trains, where a railway crosses here.
    pub rail: Option<RailClearance>,
}

impl BorderPost {
    /// The train procedure a crossing uses: a train (`by_train`) is
    /// cleared on the tracks where the post has them, anything else truck
    /// by truck in the road lanes (`None`).
    pub fn rail_for(&self, by_train: bool) -> Option<&RailClearance> {
        self.rail.as_ref().filter(|_| by_train)
    }
}

/// How a border post clears trains: a train is inspected as one, on one of
/// a few tracks, whatever number of containers it carries.
#[derive(Debug, Clone, PartialEq)]
pub struct RailClearance {
    /// Tracks where trains are inspected at once.
    pub tracks: u32,
    /// Clearance time of one train, hours.
    pub service_h: Dist,
    /// Other trains arriving per day (Poisson).
    pub background_trains_per_day: f64,
}

/// TEU one truck carries: one 40′ container (EST; two 20′ are the same).
pub const TEU_PER_TRUCK: f64 = 2.0;

/// What a timetabled service carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ServiceKind {
    /// A canal's convoys; units are ships.
    Canal,
    /// Container trains; units are TEU.
    Rail,
    /// Ferries; units are TEU.
    Ferry,
    /// One boarding call of a liner service ([`super::liner`]); units are TEU.
    Liner,
}

/// A timetabled service with its kind.
#[derive(Debug, Clone, PartialEq)]
pub struct Service {
    /// What it carries.
    pub kind: ServiceKind,
    /// Departures, capacity, background demand and capacity windows.
    pub timetable: TimetableSpec,
    /// Units already waiting for it when the run starts, drawn once per
    /// replication (none if absent): a backlog that starts in its steady state.
    pub initial_backlog: Option<Dist>,
}

/// Seasonal weather in one sea region.
#[derive(Debug, Clone, PartialEq)]
pub struct RegionWeather {
    /// Region name as the network tags lanes (`bay-of-bengal`, …).
    pub region: String,
    /// Probability that a day is stormy, by month (January first).
    pub storm_day_probability: [f64; 12],
    /// Speed lost on a stormy day, share (0–1).
    pub storm_speed_loss: f64,
    /// Probability that a tropical cyclone or typhoon holds ships on a day, by month.
    pub cyclone_day_probability: [f64; 12],
    /// Hours lost (sheltering, deviating) when a cyclone holds a ship.
    pub cyclone_delay_h: Dist,
    /// Months with ice (January first).
    pub ice_months: [bool; 12],
    /// Highest speed in ice, knots.
    pub ice_speed_kn: f64,
    /// Wait for an icebreaker convoy on entering the region in ice, hours.
    pub icebreaker_wait_h: Dist,
}

/// A sea region with extra insurance (war risk).
#[derive(Debug, Clone, PartialEq)]
pub struct RiskArea {
    /// Passage tag as the network names it (`bab-el-mandeb`).
    pub passage: String,
    /// War-risk premium on the hull per transit, share of hull value.
    pub hull_premium_share: f64,
    /// War-risk premium on the cargo per transit, share of cargo value.
    pub cargo_premium_share: f64,
}

/// Part of a sea passage within one weather region.
#[derive(Debug, Clone, PartialEq)]
pub struct SeaSegment {
    /// Index into [`Scenario::regions`], `None` for a region without weather data.
    pub region: Option<usize>,
    /// Region name, for reports.
    pub region_name: String,
    /// Distance, nautical miles.
    pub distance_nm: f64,
}

/// One step of a route.
#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    /// Containers dwell at a node: terminal, customs, transshipment.
    Dwell {
        /// Where, for reports.
        at: String,
        /// How long, hours.
        dwell_h: Dist,
        /// Charge, USD per TEU.
        cost_usd_per_teu: f64,
    },
    /// A vessel calls at a port: it waits for a berth, then works cargo.
    PortCall {
        /// Index into [`Scenario::ports`].
        port: usize,
        /// Index into [`Scenario::vessels`].
        vessel: usize,
        /// TEU the vessel loads and discharges in this call.
        moves_teu: f64,
        /// Whether this shipment is loaded or discharged here (it pays handling).
        handles_shipment: bool,
    },
    /// A vessel sails from one call to the next.
    Sail {
        /// Index into [`Scenario::vessels`].
        vessel: usize,
        /// Speed, knots (before weather).
        speed_kn: f64,
        /// The way, region by region, in order.
        segments: Vec<SeaSegment>,
        /// Indices into [`Scenario::risk_areas`] crossed on the way.
        risk_areas: Vec<usize>,
    },
    /// A vessel transits a canal in a convoy.
    Canal {
        /// Index into [`Scenario::services`] (a [`ServiceKind::Canal`] timetable).
        service: usize,
        /// Index into [`Scenario::vessels`].
        vessel: usize,
        /// Transit time once the convoy enters, hours.
        transit_h: Dist,
    },
    /// Containers ride a timetabled train or ferry.
    Scheduled {
        /// Index into [`Scenario::services`].
        service: usize,
        /// Whether this ride books a departure. A ride that continues the same
        /// train after a border stop does not: it leaves when the border lets it.
        books: bool,
        /// Time on board, hours.
        travel_h: Dist,
        /// Distance, km (for tariffs and CO2).
        distance_km: f64,
        /// Tariff, USD per TEU.
        tariff_usd_per_teu: f64,
        /// CO2, tonnes per TEU.
        co2_t_per_teu: f64,
        /// Extra time when departing in the marked months (Jan first):
        /// icebreaker convoys on the Volga–Caspian channel, say.
        winter: Option<([bool; 12], Dist)>,
    },
    /// Containers go by truck, which is there when needed.
    Road {
        /// Time on the road, hours.
        travel_h: Dist,
        /// Distance, km.
        distance_km: f64,
        /// Tariff, USD per TEU.
        tariff_usd_per_teu: f64,
        /// CO2, tonnes per TEU.
        co2_t_per_teu: f64,
    },
    /// Containers clear a border post: on their train, or truck by truck.
    Border {
        /// Index into [`Scenario::borders`].
        post: usize,
        /// Whether the containers cross on a train (the post's rail
        /// procedure) rather than on trucks (its road lanes).
        rail: bool,
    },
    /// Containers book the next sailing of a liner service with room and
    /// wait for its ship; the voyage's port calls and sailings follow.
    Board {
        /// Index into [`Scenario::liners`].
        liner: usize,
        /// Index into [`Scenario::services`]: the boarding call's timetable.
        service: usize,
    },
}

impl Step {
    /// The time component a step's main activity is booked to.
    pub fn main_component(&self, services: &[Service]) -> TimeComponent {
        match self {
            Step::Dwell { .. } => TimeComponent::Dwell,
            Step::PortCall { .. } => TimeComponent::Handling,
            Step::Sail { .. } => TimeComponent::Sailing,
            Step::Canal { .. } => TimeComponent::Canal,
            Step::Scheduled { service, .. } => match services[*service].kind {
                ServiceKind::Ferry => TimeComponent::Ferry,
                _ => TimeComponent::Rail,
            },
            Step::Road { .. } => TimeComponent::Road,
            Step::Border { .. } => TimeComponent::Border,
            Step::Board { .. } => TimeComponent::ServiceWait,
        }
    }
}

/// A named place on a route, for maps.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    /// Name.
    pub name: String,
    /// The network's id of the node (`chennai`, `sarakhs`).
    pub id: String,
    /// UN/LOCODE, when the place has one.
    pub locode: Option<String>,
    /// What the node is: `sea`, `caspian`, `river`, `rail-terminal`, `border`.
    pub kind: &'static str,
    /// Longitude, degrees east.
    pub lon: f64,
    /// Latitude, degrees north.
    pub lat: f64,
}

/// A route: the steps from origin to destination.
#[derive(Debug, Clone, PartialEq)]
pub struct Route {
    /// Short id, e.g. `emc`.
    pub id: String,
    /// Human-readable name.
    pub name: String,
    /// Steps in order.
    pub steps: Vec<Step>,
    /// The route's line on a map, as (lon, lat) points, one line per leg.
    pub geometry: Vec<Vec<(f64, f64)>>,
    /// Places called at, for maps.
    pub places: Vec<Place>,
    /// Door-to-door distance, km.
    pub distance_km: f64,
    /// The elements the route meets (passages, ports, posts, links,
    /// services, regions), for disruptions.
    pub touches: Vec<Touch>,
    /// The network nodes each sailing passes, for ships that divert from
    /// where they are at sea when a closure is announced.
    pub tracks: Vec<Track>,
}

/// The way one [`Step::Sail`] takes over the network.
#[derive(Debug, Clone, PartialEq)]
pub struct Track {
    /// Index of the sailing step.
    pub step: usize,
    /// The network's nodes along it, as (node id, nautical miles from the
    /// step's start), from the step's first node to its last.
    pub nodes: Vec<(String, f64)>,
    /// The network id of the port the sailing (with any canal transit and
    /// sailing after it) ends at.
    pub to: String,
    /// The step that calls at that port.
    pub call_step: usize,
    /// Kilometres from the previous call to the step's start (a canal
    /// and the sailing before it, if any).
    pub start_km: f64,
    /// Kilometres from the previous call to that port.
    pub leg_km: f64,
    /// The disabled-by-default lanes the leg enables.
    pub enable: Vec<String>,
}

/// One element a route meets, and where.
#[derive(Debug, Clone, PartialEq)]
pub struct Touch {
    /// The element as a disruption targets it: `passage:hormuz`,
    /// `port:IRBND`, `border:astara`, `link:EDGE-ID`, `service:transsib`,
    /// `canal:suez`, `region:arabian-sea`.
    pub element: String,
    /// Index of the leg (in the scenario file) that meets it.
    pub leg: usize,
    /// The step at which a shipment still chooses.
    pub decision_step: usize,
    /// The step that reaches the element.
    pub element_step: usize,
    /// Nominal hours from the start of the element step to the element
    /// (part-way through a sailing), 0 elsewhere.
    pub within_step_h: f64,
}

/// Money that does not belong to one step.
#[derive(Debug, Clone, PartialEq)]
pub struct Prices {
    /// Carbon price, USD per tonne of CO2.
    pub carbon_usd_per_t_co2: f64,
    /// Value of one TEU of cargo, USD.
    pub cargo_value_usd_per_teu: f64,
    /// Cost of holding inventory, share of cargo value per year.
    pub holding_rate_per_year: f64,
    /// Ordinary cargo insurance, share of cargo value per shipment.
    pub cargo_insurance_share: f64,
}

/// Which costs a scenario's figures count. Both are built from the same
/// sourced parts; they differ in who pays and for what.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CostBasis {
    /// What a cargo owner pays door to door: sea freight per TEU per leg at
    /// the carrier's rates (base rate by distance and handling call, bunker
    /// surcharge, canal and war-risk surcharges), terminal handling, rail,
    /// road and ferry tariffs, the empty-repositioning share, insurance and
    /// inventory. Delays at sea cost the shipper time (inventory), not
    /// freight.
    #[default]
    Shipper,
    /// The round-voyage resource cost: the vessel's time and fuel for its
    /// whole rotation shared over the head-haul and backhaul loads, canal
    /// tolls and port dues scaled by ship size, empty repositioning and
    /// container lease, terminal handling and land tariffs, insurance and
    /// inventory.
    Operator,
}

impl CostBasis {
    /// The key as written in scenarios and `summary.json`.
    pub fn key(self) -> &'static str {
        match self {
            CostBasis::Shipper => "shipper",
            CostBasis::Operator => "operator",
        }
    }

    /// One line for readers of tables and reports.
    pub fn label(self) -> &'static str {
        match self {
            CostBasis::Shipper => "shipper basis: what a cargo owner pays door to door",
            CostBasis::Operator => "operator basis: round-voyage resource cost",
        }
    }
}

/// A carrier's sea freight rate for one vessel class (shipper basis), besides
/// the bunker, canal and war-risk surcharges that are computed.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct FreightRate {
    /// Per TEU and nautical mile sailed.
    pub usd_per_teu_nm: f64,
    /// Per TEU at each call where the box is loaded or discharged.
    pub usd_per_teu_call: f64,
}

/// What the two cost bases need besides the per-step prices.
#[derive(Debug, Clone, PartialEq)]
pub struct Costs {
    /// Which costs the figures count.
    pub basis: CostBasis,
    /// Load a vessel carries back, as a share of its head-haul load (0–1).
    /// A rotation's cost is shared over both, so a head-haul TEU carries
    /// 2 / (1 + factor) of a one-way voyage.
    pub backhaul_load_factor: f64,
    /// Cost of moving an empty box back by rail, road or ferry, as a share
    /// of the laden tariff; and of lifting it, as a share of handling.
    pub empty_move_share: f64,
    /// Container lease, USD per TEU and day.
    pub container_lease_usd_per_teu_day: f64,
    /// Sea freight rates by vessel class, indexed as [`Scenario::vessels`].
    pub freight: Vec<FreightRate>,
}

impl Costs {
    /// Share of a one-way voyage's cost a head-haul TEU carries over the
    /// whole rotation: 2 / (1 + backhaul load factor).
    pub fn rotation_factor(&self) -> f64 {
        2.0 / (1.0 + self.backhaul_load_factor)
    }

    /// The freight rate of a vessel class (none if not set).
    pub fn rate(&self, vessel: usize) -> FreightRate {
        self.freight.get(vessel).copied().unwrap_or_default()
    }

    /// Share of boxes that go back empty.
    pub fn empty_share(&self) -> f64 {
        1.0 - self.backhaul_load_factor
    }
}

impl Default for Costs {
    /// Operator basis with a full backhaul and nothing else: the resource
    /// cost of a one-way voyage (for models built by hand).
    fn default() -> Costs {
        Costs {
            basis: CostBasis::Operator,
            backhaul_load_factor: 1.0,
            empty_move_share: 0.0,
            container_lease_usd_per_teu_day: 0.0,
            freight: Vec::new(),
        }
    }
}

/// Ship size the network's port dues are quoted for, TEU: dues grow with a
/// ship's tonnage, so a call is charged dues × capacity / this.
pub const PORT_DUES_REFERENCE_TEU: f64 = 4000.0;

/// When shipments leave. Shipment k of every route leaves at the same time,
/// so routes can be compared shipment by shipment.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Departures {
    /// First departure, hours after the start.
    pub first_h: f64,
    /// Hours between departures.
    pub every_h: f64,
    /// Departures per route and replication.
    pub count: u32,
    /// Size of each shipment, TEU.
    pub teu: f64,
}

/// A parameter and where its value comes from, for audits and reports.
#[derive(Debug, Clone, PartialEq)]
pub struct Assumption {
    /// Dotted key, e.g. `prices.bunker_usd_per_t`.
    pub key: String,
    /// The value as written.
    pub value: String,
    /// Unit.
    pub unit: String,
    /// Source or reasoning.
    pub source: String,
}

/// Everything a run needs, validated.
#[derive(Debug, Clone, PartialEq)]
pub struct Scenario {
    /// Name; results go to `output/<name>/`.
    pub name: String,
    /// What the scenario is about.
    pub description: String,
    /// Base random seed.
    pub seed: u64,
    /// Replications to run.
    pub replications: u32,
    /// Calendar date of time zero.
    pub start_date: Date,
    /// Hours after which the run stops; shipments still travelling are reported as such.
    pub horizon_h: f64,
    /// The departure schedule shared by all routes.
    pub departures: Departures,
    /// Prices not tied to a step.
    pub prices: Prices,
    /// The cost basis and what it needs.
    pub costs: Costs,
    /// Fuels.
    pub fuels: Vec<Fuel>,
    /// Vessel classes.
    pub vessels: Vec<Vessel>,
    /// Ports called at.
    pub ports: Vec<Port>,
    /// Border posts crossed.
    pub borders: Vec<BorderPost>,
    /// Timetabled services: canal convoys, trains, ferries, liner boarding calls.
    pub services: Vec<Service>,
    /// Liner services that routes ride.
    pub liners: Vec<super::liner::Liner>,
    /// Weather by sea region.
    pub regions: Vec<RegionWeather>,
    /// War-risk areas.
    pub risk_areas: Vec<RiskArea>,
    /// Routes compared.
    pub routes: Vec<Route>,
    /// Index of the route others are compared with.
    pub reference_route: usize,
    /// Parameters with their sources, for `explain` and the report.
    pub assumptions: Vec<Assumption>,
    /// Disruptions (closures, slowdowns, surcharges) in time windows.
    pub disruptions: Vec<super::disruption::Disruption>,
    /// Paths compiled to get round closures; path `routes.len() + i` is `alternatives[i]`.
    pub alternatives: Vec<super::disruption::Alternative>,
}
