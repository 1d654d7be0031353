//! One replication of a scenario: shipments moving step by step over their
//! routes, competing with each other and with background traffic for berths,
//! convoy slots, trains, ferries and border posts.
//!
//! ```text
//!  shipment k ─▶ dwell ─▶ port call ─▶ sail ─▶ canal ─▶ sail ─▶ port call ─▶ rail ─▶ border ─▶ …
//!                         (berths:       (weather    (convoy    (berths)      (trains:    (posts:
//!                          Station)       by region   Timetable)               Timetable)  Station)
//!                                          and day)
//! ```
//!
//! Ports and border posts are one thing here, a `Station`: C servers
//! (berths, lanes) with one first-come-first-served line shared by the
//! scenario's shipments and Poisson background traffic (other ships, other
//! trucks and trains). The background exists only for the wait it imposes on our
//! shipments, so it is not simulated with events: a [`LazyQueue`] joins the
//! background customers that arrived since it was last asked, by the
//! Kiefer–Wolfowitz recursion, when one of our shipments arrives, and once
//! more at the end for the daily queue series.
//!
//! All routes of a scenario run in the same simulation, so they share ports,
//! convoys and weather: shipment k of every route leaves at the same time and
//! meets the same sea states and the same background traffic (common random
//! numbers), which keeps route-to-route differences free of noise. A
//! shipment's own draws (dwells, rides, clearances) come from one stream per
//! step, keyed as `model::draws` says.
//!
//! A border post has road lanes, where a shipment's trucks clear one by one,
//! and rail tracks, where a train clears as one; each has its own queue.

mod at_sea;

use crate::engine::{Dist, LazyQueue, Model, SimTime, Simulation, Streams, Timetable, Traffic};

use super::disruption::{Decision, Plan};
use super::ledger::{CostComponent, Ledger, TimeComponent};
use super::spec::{CostBasis, PORT_DUES_REFERENCE_TEU, RegionWeather, Scenario, Step};

#[derive(Debug, Clone, Copy)]
enum Event {
    /// Shipment leaves its origin (starts its first step).
    Depart { shipment: u32 },
    /// Shipment finished its current step.
    StepDone { shipment: u32 },
    /// Shipment was held (a closure) and tries its current step again.
    Resume { shipment: u32 },
}

/// Length of a period of the queue series, hours: a day.
const DAY_H: f64 = 24.0;

/// A port's berths or a border post's lanes: servers with one FIFO line
/// shared with background traffic.
struct Station {
    /// `port` or `border`.
    kind: &'static str,
    /// LOCODE of a port, name of a post.
    name: String,
    queue: LazyQueue,
    /// When the last of our shipments joined the queue, hours.
    last_ours_h: f64,
}

impl Station {
    /// A station with `servers` servers and Poisson background traffic of
    /// `per_h` customers an hour (none if zero), each served for a draw of
    /// `service_h`. The background's arrivals and service times have streams
    /// of their own (`port-arrivals:RUVVO`, `port-services:RUVVO`, …), so
    /// they are the same whatever our shipments do.
    fn new(
        kind: &'static str,
        name: &str,
        servers: u32,
        per_h: f64,
        service_h: &Dist,
        streams: Streams,
        replication: u64,
    ) -> Station {
        let traffic = (per_h > 0.0).then(|| {
            Traffic::poisson(
                per_h,
                service_h.clone(),
                streams.stream(replication, &format!("{kind}-arrivals:{name}")),
                streams.stream(replication, &format!("{kind}-services:{name}")),
            )
        });
        Station {
            kind,
            name: name.to_string(),
            queue: LazyQueue::new(servers, traffic, DAY_H),
            last_ours_h: 0.0,
        }
    }

    /// One of our shipments arrives at `now` and needs a server for
    /// `service_h`: when its service starts.
    fn join(&mut self, now: SimTime, service_h: f64) -> SimTime {
        self.last_ours_h = now.hours();
        SimTime::from_hours(self.queue.join(now.hours(), service_h))
    }

    /// The daily queue series to the end of the day the last of our
    /// shipments joined the queue (or to `now`, the end of the replication,
    /// if sooner). Later background traffic can touch none of them, so it
    /// is not generated: at the Astara post that was ≈7 % of an INSTC
    /// replication's CPU.
    fn series(&mut self, now: SimTime) -> QueueSeries {
        let end_of_last_day_h = ((self.last_ours_h / DAY_H).floor() + 1.0) * DAY_H;
        QueueSeries {
            resource: format!("{}:{}", self.kind, self.name),
            kind: self.kind,
            days: self.queue.periods_until(end_of_last_day_h.min(now.hours())),
        }
    }
}

/// What one shipment did in one replication.
#[derive(Debug, Clone, PartialEq)]
pub struct ShipmentRecord {
    /// Index of the route in the scenario.
    pub route: usize,
    /// Shipment number within the replication (same departure on every route).
    pub shipment: u32,
    /// Departure, hours after the start.
    pub depart_h: f64,
    /// Arrival, hours after the start; `None` if still travelling at the horizon.
    pub arrive_h: Option<f64>,
    /// Size, TEU.
    pub teu: f64,
    /// Time, cost and CO2 of the whole shipment.
    pub ledger: Ledger,
    /// The path taken: the route's index, or `routes.len() + i` for
    /// alternative `i` (see [`Scenario::path_id`]).
    pub path: usize,
    /// The disruption (index) that made it re-plan (wait or reroute).
    pub replanned_by: Option<usize>,
    /// The disruption (index) that left it without a way to its destination.
    pub stranded_by: Option<usize>,
    /// When its first step ended (or, when a liner boarding follows it, when
    /// the box was loaded on its ship) and its last step began, hours after
    /// the start (`None` until both happened): the clock of a run timed
    /// without the route's first and last legs, e.g. from loading on the ship
    /// to the destination terminal, leaving out gate-in and release dwells.
    pub inner_h: Option<(f64, f64)>,
}

/// A daily queue series of one resource.
#[derive(Debug, Clone, PartialEq)]
pub struct QueueSeries {
    /// `kind:name`, e.g. `port:RUVVO`, `canal:suez-northbound`.
    pub resource: String,
    /// `port`, `border`, `canal`, `rail` or `ferry`.
    pub kind: &'static str,
    /// Per day: (mean waiting, peak waiting).
    pub days: Vec<(f64, f64)>,
}

/// Everything one replication produced.
#[derive(Debug, Clone, PartialEq)]
pub struct ReplicationResult {
    /// Replication index.
    pub replication: u64,
    /// Shipments, by route then shipment number.
    pub shipments: Vec<ShipmentRecord>,
    /// Daily queue lengths.
    pub queues: Vec<QueueSeries>,
    /// Events handled.
    pub events: u64,
}

struct Shipment {
    route: usize,
    number: u32,
    step: usize,
    depart_h: f64,
    arrive_h: Option<f64>,
    /// When the current step began (for waits that end with a grant).
    step_started_h: f64,
    ledger: Ledger,
    path: usize,
    replanned_by: Option<usize>,
    stranded_by: Option<usize>,
    /// The step whose disruption checks are done (after a delay).
    cleared_step: Option<usize>,
    /// When the first step ended, hours.
    first_done_h: Option<f64>,
    /// When the last step began, hours (the first time, if a hold repeats it).
    last_begun_h: Option<f64>,
}

/// The weather one region has on one day, the same for every ship.
#[derive(Debug, Clone, Copy)]
struct DayWeather {
    storm: bool,
    cyclone_delay_h: f64,
    ice: bool,
    icebreaker_wait_h: f64,
}

struct Voyages<'a> {
    scenario: &'a Scenario,
    streams: Streams,
    replication: u64,
    /// Per path (the routes, then the alternatives) and step, the purpose
    /// its draws are keyed by (`draws`).
    purposes: Vec<Vec<String>>,
    shipments: Vec<Shipment>,
    /// One per scenario port, in the scenario's order; `None` for a port
    /// no path calls at (see [`StationsInUse`]).
    ports: Vec<Option<Station>>,
    /// One per scenario border post, in the scenario's order: its road
    /// lanes, `None` when no path crosses the post by road.
    posts: Vec<Option<Station>>,
    /// One per scenario border post: its rail tracks, if a railway crosses
    /// and a path crosses the post by train.
    rail_posts: Vec<Option<Station>>,
    timetables: Vec<Timetable>,
    /// Per region, by day from the start: the day's weather once drawn (a
    /// voyage asks for it day by day; a vector beats hashing the key).
    weather: Vec<Vec<Option<DayWeather>>>,
    /// Per region, the purpose its weather streams are keyed by.
    weather_purposes: Vec<String>,
    start_day: i64,
    unfinished: usize,
    /// This replication's disruption windows.
    plan: Plan,
}

/// The ports and border posts (road lanes, rail tracks) that some path of
/// the scenario (a route or an alternative a disruption may switch to)
/// calls at or crosses.
///
/// A station's background traffic exists only for the wait it imposes on
/// the scenario's shipments (issue 14): a station no path reaches imposes
/// none, so it is not simulated and has no queue series. Each station's
/// draws have streams of their own, so leaving one out changes no other
/// number. In `instc` the Yalama road lanes (250 trucks a day; the
/// western branch crosses there by train) were over a third of the
/// background customers of a replication.
struct StationsInUse {
    ports: Vec<bool>,
    road_posts: Vec<bool>,
    rail_posts: Vec<bool>,
}

impl StationsInUse {
    fn of(scenario: &Scenario) -> StationsInUse {
        let mut in_use = StationsInUse {
            ports: vec![false; scenario.ports.len()],
            road_posts: vec![false; scenario.borders.len()],
            rail_posts: vec![false; scenario.borders.len()],
        };
        let paths = scenario
            .routes
            .iter()
            .chain(scenario.alternatives.iter().map(|a| &a.path));
        for step in paths.flat_map(|r| &r.steps) {
            match step {
                Step::PortCall { port, .. } => in_use.ports[*port] = true,
                Step::Border { post, rail } => {
                    if scenario.borders[*post].rail_for(*rail).is_some() {
                        in_use.rail_posts[*post] = true;
                    } else {
                        in_use.road_posts[*post] = true;
                    }
                }
                _ => {}
            }
        }
        in_use
    }
}

/// Simulates one replication of `scenario`.
pub fn simulate(scenario: &Scenario, replication: u64) -> ReplicationResult {
    let streams = Streams::new(scenario.seed);
    let deps = scenario.departures;
    let mut shipments = Vec::with_capacity(scenario.routes.len() * deps.count as usize);
    for route in 0..scenario.routes.len() {
        for number in 0..deps.count {
            shipments.push(Shipment {
                route,
                number,
                step: 0,
                depart_h: deps.first_h + f64::from(number) * deps.every_h,
                arrive_h: None,
                step_started_h: 0.0,
                ledger: Ledger::default(),
                path: route,
                replanned_by: None,
                stranded_by: None,
                cleared_step: None,
                first_done_h: None,
                last_begun_h: None,
            });
        }
    }
    let in_use = StationsInUse::of(scenario);
    let mut model = Voyages {
        scenario,
        streams,
        replication,
        // One list per path: the routes, then the alternatives a disruption
        // may switch a shipment to (`Scenario::path_steps` numbers them so).
        purposes: scenario
            .routes
            .iter()
            .chain(scenario.alternatives.iter().map(|a| &a.path))
            .map(|r| super::draws::step_purposes(scenario, r))
            .collect(),
        unfinished: shipments.len(),
        shipments,
        ports: scenario
            .ports
            .iter()
            .zip(&in_use.ports)
            .map(|(p, &used)| {
                if !used {
                    return None;
                }
                let per_h = p.background_calls_per_week / 168.0;
                let service = &p.background_service_h;
                let mut station = Station::new(
                    "port",
                    &p.locode,
                    p.berths,
                    per_h,
                    service,
                    streams,
                    replication,
                );
                if let Some(initial) = &p.initial_queue {
                    let mut rng =
                        streams.stream(replication, &format!("port-initial:{}", p.locode));
                    let ships = initial.sample_non_negative(&mut rng).round() as usize;
                    let services: Vec<f64> = (0..ships)
                        .map(|_| service.sample_non_negative(&mut rng))
                        .collect();
                    station.queue.preload(services);
                }
                Some(station)
            })
            .collect(),
        posts: scenario
            .borders
            .iter()
            .zip(&in_use.road_posts)
            .map(|(b, &used)| {
                used.then(|| {
                    Station::new(
                        "border",
                        &b.name,
                        b.lanes,
                        b.background_per_day / DAY_H,
                        &b.service_h,
                        streams,
                        replication,
                    )
                })
            })
            .collect(),
        rail_posts: scenario
            .borders
            .iter()
            .zip(&in_use.rail_posts)
            .map(|(b, &used)| {
                b.rail_for(used).map(|r| {
                    Station::new(
                        "border",
                        &format!("{}-rail", b.name),
                        r.tracks,
                        r.background_trains_per_day / DAY_H,
                        &r.service_h,
                        streams,
                        replication,
                    )
                })
            })
            .collect(),
        timetables: scenario
            .services
            .iter()
            .map(|s| {
                let mut timetable = Timetable::new(s.timetable.clone(), streams, replication);
                if let Some(initial) = &s.initial_backlog {
                    let name = format!("service-initial:{}", s.timetable.name);
                    let mut rng = streams.stream(replication, &name);
                    timetable.preload(initial.sample_non_negative(&mut rng));
                }
                timetable
            })
            .collect(),
        weather: vec![Vec::new(); scenario.regions.len()],
        weather_purposes: scenario
            .regions
            .iter()
            .map(|r| format!("weather:{}", r.region))
            .collect(),
        start_day: scenario.start_date.days(),
        plan: Plan::new(scenario, replication),
    };

    let mut sim = Simulation::new();
    for (i, s) in model.shipments.iter().enumerate() {
        sim.schedule_at(
            SimTime::from_hours(s.depart_h),
            Event::Depart { shipment: i as u32 },
        );
    }

    let horizon = SimTime::from_hours(scenario.horizon_h);
    if model.unfinished > 0 {
        sim.run_until(&mut model, horizon);
    }
    model.finish(sim.now(), sim.events_handled())
}

impl Voyages<'_> {
    /// Starts the current step of a shipment, or records its arrival.
    fn begin_step(&mut self, sim: &mut Simulation<Event>, id: u32) {
        let now = sim.now();
        let scenario = self.scenario;
        let s = &mut self.shipments[id as usize];
        let steps = scenario.path_steps(s.path).len();
        if s.step >= steps {
            self.arrive(now, id);
            return;
        }
        if s.step + 1 == steps && s.last_begun_h.is_none() {
            s.last_begun_h = Some(now.hours());
        }
        if !scenario.disruptions.is_empty() && self.disrupted(sim, id) {
            return;
        }
        let s = &mut self.shipments[id as usize];
        let step = &scenario.path_steps(s.path)[s.step];
        s.step_started_h = now.hours();
        let mut rng = super::draws::step_stream(
            &self.streams,
            self.replication,
            &self.purposes[s.path][s.step],
            s.number,
        );
        let teu = scenario.departures.teu;
        match step {
            Step::Dwell {
                dwell_h,
                cost_usd_per_teu,
                ..
            } => {
                let hours = dwell_h.sample_non_negative(&mut rng);
                s.ledger.add_time(TimeComponent::Dwell, hours);
                s.ledger
                    .add_cost(CostComponent::Handling, cost_usd_per_teu * teu);
                sim.schedule_in(hours, Event::StepDone { shipment: id });
            }
            Step::PortCall { .. } => self.call_at_port(sim, id),
            Step::Sail {
                vessel: vessel_index,
                speed_kn,
                segments,
                risk_areas,
            } => {
                // A closure announced while it sails may meet it (at_sea.rs).
                if !scenario.disruptions.is_empty() && self.at_sea(sim, id) {
                    return;
                }
                let (calm_h, extra_h) = self.sail_hours(now.hours(), *speed_kn, segments);
                let nm: f64 = segments.iter().map(|g| g.distance_nm).sum();
                self.book_sail(
                    id,
                    *vessel_index,
                    *speed_kn,
                    nm,
                    (calm_h, extra_h),
                    risk_areas,
                );
                sim.schedule_in(calm_h + extra_h, Event::StepDone { shipment: id });
            }
            Step::Canal {
                service,
                vessel,
                transit_h,
            } => {
                let booking = self.timetables[*service].book(now, 1.0);
                let s = &mut self.shipments[id as usize];
                let vessel = &scenario.vessels[*vessel];
                let share = teu / vessel.teu_on_board();
                let wait_h = booking.departs_at.hours_since(now);
                let transit = transit_h.sample_non_negative(&mut rng);
                // At anchor the ship burns port fuel; in the canal it steams
                // slowly (about 8 kn, the canal's speed limit).
                let fuel_t = (vessel.port_fuel_t_per_day * wait_h
                    + vessel.sea_fuel_t_per_day(8.0) * transit)
                    / 24.0
                    * share;
                book_emissions(&mut s.ledger, scenario, vessel.fuel, fuel_t);
                // Tolls are paid both ways; carriers recover them from the
                // loaded boxes of the rotation (the canal surcharge).
                let rotation = scenario.costs.rotation_factor();
                s.ledger.add_cost(
                    CostComponent::Canal,
                    vessel.canal_toll_usd * share * rotation,
                );
                if scenario.costs.basis == CostBasis::Operator {
                    let price = scenario.fuels[vessel.fuel].price_usd_per_t;
                    s.ledger
                        .add_cost(CostComponent::Fuel, fuel_t * price * rotation);
                    s.ledger.add_cost(
                        CostComponent::VesselTime,
                        vessel.charter_usd_per_day * (wait_h + transit) / 24.0 * share * rotation,
                    );
                }
                s.ledger.add_time(TimeComponent::ConvoyWait, wait_h);
                s.ledger.add_time(TimeComponent::Canal, transit);
                sim.schedule_at(
                    booking.departs_at.plus_hours(transit),
                    Event::StepDone { shipment: id },
                );
            }
            Step::Scheduled {
                service,
                books,
                travel_h,
                distance_km: _,
                tariff_usd_per_teu,
                co2_t_per_teu,
                winter,
            } => {
                let departs_at = if *books {
                    self.timetables[*service].book(now, teu).departs_at
                } else {
                    now
                };
                let component = step.main_component(&scenario.services);
                let month = self.month_of(departs_at);
                let s = &mut self.shipments[id as usize];
                let wait_h = departs_at.hours_since(now);
                let mut travel = travel_h.sample_non_negative(&mut rng);
                if let Some((months, extra)) = winter
                    && months[month]
                {
                    travel += extra.sample_non_negative(&mut rng);
                }
                s.ledger.add_time(TimeComponent::ServiceWait, wait_h);
                s.ledger.add_time(component, travel);
                let tariff = if component == TimeComponent::Ferry {
                    CostComponent::Ferry
                } else {
                    CostComponent::Rail
                };
                s.ledger.add_cost(tariff, tariff_usd_per_teu * teu);
                book_empties(&mut s.ledger, scenario, tariff_usd_per_teu * teu);
                book_co2(&mut s.ledger, scenario, co2_t_per_teu * teu);
                sim.schedule_at(
                    departs_at.plus_hours(travel),
                    Event::StepDone { shipment: id },
                );
            }
            Step::Road {
                travel_h,
                tariff_usd_per_teu,
                co2_t_per_teu,
                ..
            } => {
                let travel = travel_h.sample_non_negative(&mut rng);
                s.ledger.add_time(TimeComponent::Road, travel);
                s.ledger
                    .add_cost(CostComponent::Road, tariff_usd_per_teu * teu);
                book_empties(&mut s.ledger, scenario, tariff_usd_per_teu * teu);
                book_co2(&mut s.ledger, scenario, co2_t_per_teu * teu);
                sim.schedule_in(travel, Event::StepDone { shipment: id });
            }
            Step::Border { post, rail } => {
                let b = &scenario.borders[*post];
                // A train is cleared as one; trucks queue one by one and the
                // shipment is through when its last truck is.
                let done = match b.rail_for(*rail) {
                    Some(r) => {
                        let hours = r.service_h.sample_non_negative(&mut rng);
                        self.rail_posts[*post]
                            .as_mut()
                            .expect("a post a path crosses by train has its tracks")
                            .join(now, hours)
                            .plus_hours(hours)
                    }
                    None => {
                        let trucks = (teu / super::spec::TEU_PER_TRUCK).ceil().max(1.0) as u32;
                        let mut done = now;
                        for _ in 0..trucks {
                            let hours = b.service_h.sample_non_negative(&mut rng);
                            let end = self.posts[*post]
                                .as_mut()
                                .expect("a post a path crosses by road has its lanes")
                                .join(now, hours)
                                .plus_hours(hours);
                            if end > done {
                                done = end;
                            }
                        }
                        done
                    }
                };
                let s = &mut self.shipments[id as usize];
                s.ledger
                    .add_time(TimeComponent::Border, done.hours_since(now));
                sim.schedule_at(done, Event::StepDone { shipment: id });
            }
            Step::Board { liner, service } => {
                // The box waits in the yard for its sailing's ship (liner.rs);
                // the ship's calls and sailings are the steps that follow.
                let boarding = scenario.liners[*liner].board(
                    &mut self.timetables[*service],
                    self.streams,
                    self.replication,
                    now,
                    teu,
                );
                let s = &mut self.shipments[id as usize];
                s.ledger.add_time(
                    TimeComponent::ServiceWait,
                    boarding.ship_ready.hours_since(now),
                );
                sim.schedule_at(boarding.ship_ready, Event::StepDone { shipment: id });
            }
        }
    }

    /// Books a sailing of `nm` nautical miles at `speed_kn` that took
    /// (calm hours, extra hours from weather), crossing `risk_areas`.
    fn book_sail(
        &mut self,
        id: u32,
        vessel_index: usize,
        speed_kn: f64,
        nm: f64,
        (calm_h, extra_h): (f64, f64),
        risk_areas: &[usize],
    ) {
        let scenario = self.scenario;
        let teu = scenario.departures.teu;
        let vessel = &scenario.vessels[vessel_index];
        let share = teu / vessel.teu_on_board();
        let costs = &scenario.costs;
        let rotation = costs.rotation_factor();
        let s = &mut self.shipments[id as usize];
        let days = (calm_h + extra_h) / 24.0;
        let fuel_t = vessel.sea_fuel_t_per_day(speed_kn) * days * share;
        let fuel_price = scenario.fuels[vessel.fuel].price_usd_per_t;
        book_emissions(&mut s.ledger, scenario, vessel.fuel, fuel_t);
        match costs.basis {
            CostBasis::Operator => {
                s.ledger
                    .add_cost(CostComponent::Fuel, fuel_t * fuel_price * rotation);
                s.ledger.add_cost(
                    CostComponent::VesselTime,
                    vessel.charter_usd_per_day * days * share * rotation,
                );
            }
            CostBasis::Shipper => {
                // The carrier's rate and its bunker surcharge are set
                // by the planned passage, not by this ship's weather.
                let rate = costs.rate(vessel_index);
                s.ledger
                    .add_cost(CostComponent::Freight, rate.usd_per_teu_nm * nm * teu);
                let planned_t = vessel.sea_fuel_t_per_day(speed_kn) * calm_h / 24.0 * share;
                s.ledger
                    .add_cost(CostComponent::Fuel, planned_t * fuel_price * rotation);
            }
        }
        for &area in risk_areas {
            let a = &scenario.risk_areas[area];
            let premium = a.hull_premium_share * vessel.hull_value_usd * share * rotation
                + a.cargo_premium_share * scenario.prices.cargo_value_usd_per_teu * teu;
            s.ledger.add_cost(CostComponent::Insurance, premium);
        }
        s.ledger.add_time(TimeComponent::Sailing, calm_h);
        s.ledger.add_time(TimeComponent::Weather, extra_h);
    }

    /// A shipment's vessel calls at a port: waits for a berth in line with
    /// the other ships, then works cargo.
    fn call_at_port(&mut self, sim: &mut Simulation<Event>, id: u32) {
        let now = sim.now();
        let scenario = self.scenario;
        let s = &mut self.shipments[id as usize];
        let Step::PortCall {
            port,
            vessel,
            moves_teu,
            handles_shipment,
        } = &scenario.path_steps(s.path)[s.step]
        else {
            unreachable!("a berth is only requested by a port call");
        };
        let p = &scenario.ports[*port];
        let v = &scenario.vessels[*vessel];
        let teu = scenario.departures.teu;
        let share = teu / v.teu_on_board();
        let work_h = p.call_overhead_h + moves_teu / p.berth_teu_per_h;
        let start = self.ports[*port]
            .as_mut()
            .expect("a port a path calls at has its berths")
            .join(now, work_h);
        let wait_h = start.hours_since(now);
        let days = (wait_h + work_h) / 24.0;
        s.ledger.add_time(TimeComponent::BerthWait, wait_h);
        s.ledger.add_time(TimeComponent::Handling, work_h);
        let fuel_t = v.port_fuel_t_per_day * days * share;
        book_emissions(&mut s.ledger, scenario, v.fuel, fuel_t);
        let costs = &scenario.costs;
        let rotation = costs.rotation_factor();
        match costs.basis {
            CostBasis::Operator => {
                let price = scenario.fuels[v.fuel].price_usd_per_t;
                s.ledger
                    .add_cost(CostComponent::Fuel, fuel_t * price * rotation);
                s.ledger.add_cost(
                    CostComponent::VesselTime,
                    v.charter_usd_per_day * days * share * rotation,
                );
                // Dues follow the ship's tonnage: the port table quotes them
                // for a reference ship.
                let size = v.capacity_teu / PORT_DUES_REFERENCE_TEU;
                s.ledger.add_cost(
                    CostComponent::Port,
                    p.dues_usd_per_call * size * share * rotation,
                );
            }
            CostBasis::Shipper => {
                if *handles_shipment {
                    let rate = costs.rate(*vessel);
                    s.ledger
                        .add_cost(CostComponent::Freight, rate.usd_per_teu_call * teu);
                }
            }
        }
        if *handles_shipment {
            s.ledger
                .add_cost(CostComponent::Handling, p.handling_usd_per_teu * teu);
            book_empties(&mut s.ledger, scenario, p.handling_usd_per_teu * teu);
        }
        sim.schedule_at(start.plus_hours(work_h), Event::StepDone { shipment: id });
    }

    /// The disruption hooks before a step begins (see [`super::disruption`]):
    /// true if the shipment was held, delayed or stranded instead.
    fn disrupted(&mut self, sim: &mut Simulation<Event>, id: u32) -> bool {
        let now = sim.now();
        let scenario = self.scenario;
        let s = &mut self.shipments[id as usize];
        if s.cleared_step == Some(s.step) {
            return false;
        }
        let hold = |s: &mut Shipment, sim: &mut Simulation<Event>, until_h: f64| {
            let component = hold_component(&scenario.path_steps(s.path)[s.step]);
            let wait = (until_h - now.hours()).max(0.0);
            s.ledger.add_time(component, wait);
            sim.schedule_in(wait, Event::Resume { shipment: id });
        };
        match self.plan.decide(scenario, s.path, s.step, now.hours()) {
            Decision::Go => {}
            Decision::Hold {
                disruption,
                until_h,
            } => {
                s.replanned_by = Some(disruption);
                hold(s, sim, until_h);
                return true;
            }
            Decision::Switch {
                disruption,
                alternative,
            } => {
                s.replanned_by = Some(disruption);
                s.path = scenario.routes.len() + alternative;
            }
            Decision::Strand { disruption } => {
                s.stranded_by = Some(disruption);
                self.unfinished -= 1;
                return true;
            }
        }
        let effect = self.plan.at_element(scenario, s.path, s.step, now.hours());
        match effect.hold_until_h {
            // Closed for good, and already past the point of choosing.
            Some((disruption, until_h)) if until_h.is_infinite() => {
                s.stranded_by = Some(disruption);
                self.unfinished -= 1;
                return true;
            }
            Some((disruption, until_h)) => {
                // Held at anchor or at the post: it waits, as planned.
                s.replanned_by = s.replanned_by.or(Some(disruption));
                hold(s, sim, until_h);
                return true;
            }
            None => {}
        }
        s.cleared_step = Some(s.step);
        s.ledger.add_cost(
            CostComponent::Insurance,
            effect.surcharge_usd_per_teu * scenario.departures.teu,
        );
        if effect.delay_h > 0.0 {
            hold(s, sim, now.hours() + effect.delay_h);
            return true;
        }
        false
    }

    fn arrive(&mut self, now: SimTime, id: u32) {
        let scenario = self.scenario;
        let s = &mut self.shipments[id as usize];
        s.arrive_h = Some(now.hours());
        self.unfinished -= 1;
        let teu = scenario.departures.teu;
        let p = &scenario.prices;
        let days = (now.hours() - s.depart_h) / 24.0;
        s.ledger.add_cost(
            CostComponent::Inventory,
            p.cargo_value_usd_per_teu * teu * p.holding_rate_per_year * days / 365.0,
        );
        s.ledger.add_cost(
            CostComponent::Insurance,
            p.cargo_value_usd_per_teu * teu * p.cargo_insurance_share,
        );
        let costs = &scenario.costs;
        if costs.basis == CostBasis::Operator {
            // The box is leased for the trip and, where no return load is
            // found, for as long again on its way back.
            s.ledger.add_cost(
                CostComponent::ContainerLease,
                costs.container_lease_usd_per_teu_day * teu * days * (1.0 + costs.empty_share()),
            );
        }
    }

    /// Hours to sail `segments` from `start_h` at `speed_kn`: (calm time, extra
    /// time from weather). The sea state is looked up day by day per region.
    fn sail_hours(
        &mut self,
        start_h: f64,
        speed_kn: f64,
        segments: &[super::spec::SeaSegment],
    ) -> (f64, f64) {
        let (t, calm, _) = self.sail_walk(start_h, speed_kn, segments, f64::INFINITY);
        (calm, (t - start_h - calm).max(0.0))
    }

    /// Walks a sailing from `start_h` through the weather, stopping at
    /// `stop_h` if it is still at sea then: (hours after time zero at the
    /// end or the stop, calm hours of the whole sailing, nautical miles
    /// covered by then).
    fn sail_walk(
        &mut self,
        start_h: f64,
        speed_kn: f64,
        segments: &[super::spec::SeaSegment],
        stop_h: f64,
    ) -> (f64, f64, f64) {
        let mut t = start_h;
        let mut calm = 0.0;
        let mut covered = 0.0;
        let mut stopped = false;
        for segment in segments {
            calm += segment.distance_nm / speed_kn;
            if stopped {
                continue;
            }
            if t >= stop_h {
                stopped = true;
                continue;
            }
            let Some(region) = segment.region else {
                let hours = segment.distance_nm / speed_kn;
                if t + hours > stop_h {
                    covered += (stop_h - t) * speed_kn;
                    stopped = true;
                    continue;
                }
                t += hours;
                covered += segment.distance_nm;
                continue;
            };
            let mut remaining = segment.distance_nm;
            let mut held_on_day = None;
            let mut waited_for_icebreaker = false;
            // Each pass covers at most the rest of one day; a cyclone hold or
            // an icebreaker wait happens at most once per day and segment.
            while remaining > 1e-9 {
                if t >= stop_h {
                    stopped = true;
                    break;
                }
                // Past the horizon the shipment is reported in transit
                // whatever the weather: stop walking day by day. (A region
                // with a cyclone hold of more than a day on every day would
                // otherwise never let the ship move.)
                if t >= self.scenario.horizon_h {
                    let hours = remaining / speed_kn;
                    if t + hours > stop_h {
                        covered += (stop_h - t) * speed_kn;
                        stopped = true;
                        break;
                    }
                    t += hours;
                    covered += remaining;
                    break;
                }
                let day = (t / 24.0).floor() as i64;
                let w = self.day_weather(region, day);
                if w.cyclone_delay_h > 0.0 && held_on_day != Some(day) {
                    held_on_day = Some(day);
                    t += w.cyclone_delay_h;
                    continue;
                }
                if w.ice && !waited_for_icebreaker {
                    waited_for_icebreaker = true;
                    t += w.icebreaker_wait_h;
                    continue;
                }
                let spec = &self.scenario.regions[region];
                let mut speed = speed_kn;
                if w.ice {
                    speed = speed.min(spec.ice_speed_kn);
                }
                if w.storm {
                    speed *= 1.0 - spec.storm_speed_loss;
                }
                let day_end = ((day + 1) as f64 * 24.0).min(stop_h);
                let reach = speed * (day_end - t);
                if reach >= remaining {
                    t += remaining / speed;
                    covered += remaining;
                    remaining = 0.0;
                } else {
                    remaining -= reach;
                    covered += reach;
                    t = day_end;
                }
            }
        }
        if stopped {
            t = stop_h;
        }
        (t, calm, covered)
    }

    /// The month (0 = January) a time falls in.
    fn month_of(&self, t: SimTime) -> usize {
        let day = (t.hours() / 24.0).floor() as i64;
        super::date::Date::from_days(self.start_day + day).month as usize - 1
    }

    fn day_weather(&mut self, region: usize, day: i64) -> DayWeather {
        let slot = usize::try_from(day).ok();
        if let Some(w) = slot.and_then(|d| self.weather[region].get(d).copied().flatten()) {
            return w;
        }
        let spec: &RegionWeather = &self.scenario.regions[region];
        let month = self.month_of(SimTime::from_hours(day as f64 * 24.0));
        let mut rng = self.streams.stream_indexed(
            self.replication,
            &self.weather_purposes[region],
            day as u64,
        );
        use rand::RngExt;
        let storm = rng.random::<f64>() < spec.storm_day_probability[month];
        let cyclone = rng.random::<f64>() < spec.cyclone_day_probability[month];
        let cyclone_delay_h = spec.cyclone_delay_h.sample_non_negative(&mut rng);
        let icebreaker_wait_h = spec.icebreaker_wait_h.sample_non_negative(&mut rng);
        let w = DayWeather {
            storm,
            cyclone_delay_h: if cyclone { cyclone_delay_h } else { 0.0 },
            ice: spec.ice_months[month],
            icebreaker_wait_h,
        };
        // Days before the start (none today) are drawn again when asked:
        // the same stream gives the same weather.
        if let Some(d) = slot {
            let days = &mut self.weather[region];
            if days.len() <= d {
                days.resize(d + 1, None);
            }
            days[d] = Some(w);
        }
        w
    }

    fn finish(mut self, now: SimTime, events: u64) -> ReplicationResult {
        let scenario = self.scenario;
        let days = (now.hours() / 24.0).ceil().max(1.0) as usize;
        let mut queues = Vec::new();
        for (i, service) in scenario.services.iter().enumerate() {
            let tt = &mut self.timetables[i];
            let spec = tt.spec().clone();
            let last_k = ((now.hours() - spec.first_departure_h) / spec.headway_h)
                .floor()
                .max(0.0) as usize;
            let profile = tt.waiting_profile(last_k);
            let mut per_day = vec![(0.0, 0.0, 0u32); days];
            for (dep_h, mean, peak) in profile {
                let d = ((dep_h / 24.0).floor().max(0.0) as usize).min(days - 1);
                per_day[d].0 += mean;
                per_day[d].1 = f64::max(per_day[d].1, peak);
                per_day[d].2 += 1;
            }
            // Days without a departure carry the previous day's level.
            let mut series = Vec::with_capacity(days);
            let mut last = (0.0, 0.0);
            for (sum, peak, n) in per_day {
                if n > 0 {
                    last = (sum / f64::from(n), peak);
                }
                series.push(last);
            }
            let kind = match service.kind {
                super::spec::ServiceKind::Canal => "canal",
                super::spec::ServiceKind::Rail => "rail",
                super::spec::ServiceKind::Ferry => "ferry",
                super::spec::ServiceKind::Liner => "liner",
            };
            queues.push(QueueSeries {
                resource: format!("{kind}:{}", spec.name),
                kind,
                days: series,
            });
        }
        for station in self
            .ports
            .iter_mut()
            .chain(&mut self.posts)
            .chain(&mut self.rail_posts)
            .flatten()
        {
            queues.push(station.series(now));
        }
        let shipments = self
            .shipments
            .into_iter()
            .map(|s| ShipmentRecord {
                route: s.route,
                shipment: s.number,
                depart_h: s.depart_h,
                arrive_h: s.arrive_h,
                teu: scenario.departures.teu,
                ledger: s.ledger,
                path: s.path,
                replanned_by: s.replanned_by,
                stranded_by: s.stranded_by,
                inner_h: s.first_done_h.zip(s.last_begun_h),
            })
            .collect();
        ReplicationResult {
            replication: self.replication,
            shipments,
            queues,
            events,
        }
    }
}

impl Model for Voyages<'_> {
    type Event = Event;

    fn handle(&mut self, sim: &mut Simulation<Event>, event: Event) {
        match event {
            Event::Depart { shipment } | Event::Resume { shipment } => {
                self.begin_step(sim, shipment)
            }
            Event::StepDone { shipment } => {
                let s = &mut self.shipments[shipment as usize];
                // The inner clock starts when the first leg is done or, when
                // that leg is followed by boarding a liner, when the box is
                // loaded on its ship (a run timed from loading, S33).
                let boarded = s.step == 1
                    && matches!(self.scenario.path_steps(s.path)[1], Step::Board { .. });
                if s.step == 0 || boarded {
                    s.first_done_h = Some(sim.now().hours());
                }
                s.step += 1;
                self.begin_step(sim, shipment);
            }
        }
    }

    fn finished(&self) -> bool {
        self.unfinished == 0
    }
}

/// Books the CO2 (and its carbon price) of `tonnes` of fuel burnt, the
/// shipment's share. Emissions are physical, the same on either cost basis.
fn book_emissions(ledger: &mut Ledger, scenario: &Scenario, fuel: usize, tonnes: f64) {
    book_co2(ledger, scenario, tonnes * scenario.fuels[fuel].co2_t_per_t);
}

/// Books the empty-repositioning share of a charge `usd` for moving or
/// lifting a laden box: boxes with no return load go back empty by the same
/// mode, at a share of the laden price.
fn book_empties(ledger: &mut Ledger, scenario: &Scenario, usd: f64) {
    let c = &scenario.costs;
    ledger.add_cost(
        CostComponent::Empties,
        usd * c.empty_share() * c.empty_move_share,
    );
}

fn book_co2(ledger: &mut Ledger, scenario: &Scenario, co2_t: f64) {
    ledger.add_co2(co2_t);
    ledger.add_cost(
        CostComponent::Carbon,
        co2_t * scenario.prices.carbon_usd_per_t_co2,
    );
}

/// Where time held by a disruption is booked: at anchor for a ship, at the
/// post for a border, waiting for a ride on land.
fn hold_component(step: &Step) -> TimeComponent {
    match step {
        Step::PortCall { .. } | Step::Sail { .. } => TimeComponent::BerthWait,
        Step::Canal { .. } => TimeComponent::ConvoyWait,
        Step::Border { .. } => TimeComponent::Border,
        Step::Scheduled { .. } | Step::Road { .. } | Step::Board { .. } => {
            TimeComponent::ServiceWait
        }
        Step::Dwell { .. } => TimeComponent::Dwell,
    }
}
