//! Raw scenario → the model's [`Scenario`]: defaults filled from the library,
//! names resolved against the network, numbers checked, routes compiled into
//! steps. Every error names the key it is about; `Layers::error_at` finds the
//! file and line that wrote it.

use std::collections::HashMap;

use crate::engine::{CapacityWindow, Dist, TimetableSpec};
use crate::model::{
    Assumption, BorderPost, Date, Departures, Fuel, Port, Prices, RailClearance, RegionWeather,
    RiskArea, Scenario, Service, ServiceKind, Vessel,
};
use crate::network::Network;

use super::error::{KeyPath, ScenarioError};
use super::raw::*;
use super::source::Layers;
use super::values::{self, Check};

/// Most replications accepted without `--force`-style overrides in the file.
pub const MAX_REPLICATIONS: u32 = 1_000_000;

/// Most shipments in one replication (routes × departures): each is held
/// in memory while the replication runs.
pub const MAX_SHIPMENTS: u64 = 100_000;

/// Longest scenario name: it names the output folder, and `compare` joins
/// two of them (`compare-A-vs-B`) within the 255 bytes file systems allow.
pub const MAX_NAME_CHARS: usize = 64;

/// Validation state: the layers (for error locations), the raw document and
/// what has been built so far.
pub(super) struct Validator<'a> {
    pub layers: &'a Layers,
    pub raw: &'a RawScenario,
    pub network: &'a Network,
    pub assumptions: Vec<Assumption>,
    pub fuels: Vec<Fuel>,
    pub fuel_index: HashMap<String, usize>,
    pub vessels: Vec<Vessel>,
    pub vessel_index: HashMap<String, usize>,
    pub vessel_limits: Vec<(Option<f64>, Option<f64>, bool)>,
    pub vessel_call_share: Vec<f64>,
    pub ports: Vec<Port>,
    pub port_index: HashMap<String, usize>,
    pub borders: Vec<BorderPost>,
    pub border_index: HashMap<String, usize>,
    pub services: Vec<Service>,
    pub service_index: HashMap<String, usize>,
    /// Per-service travel parameters not in the timetable: (km_per_day or
    /// speed_kn, delay, tariff per TEU-km, tariff per TEU, CO2 kg per TEU-km, winter delay, winter months).
    pub service_travel: HashMap<usize, ServiceTravel>,
    pub road: super::routes::RoadParams,
    pub transshipment: (Dist, f64),
    pub canal_services: HashMap<String, (usize, usize)>,
    pub canal_transit: HashMap<String, Dist>,
    /// Liner services (scenario/liners.rs).
    pub liners: super::liners::LinerDefs,
    pub regions: Vec<RegionWeather>,
    pub region_index: HashMap<String, usize>,
    pub risk_areas: Vec<RiskArea>,
    pub risk_index: HashMap<String, usize>,
    pub start_date: Date,
    pub horizon_h: f64,
    /// Disruptions whose element no route meets (warned about).
    pub unmet_disruptions: Vec<KeyPath>,
}

/// How a timetabled service moves containers once they are on board.
#[derive(Debug, Clone)]
pub(super) struct ServiceTravel {
    pub km_per_day: Option<f64>,
    pub speed_kn: Option<f64>,
    pub delay_h: Dist,
    pub tariff_usd_per_teu_km: f64,
    pub tariff_usd_per_teu: f64,
    pub co2_kg_per_teu_km: f64,
    pub winter: Option<([bool; 12], Dist)>,
}

type VResult<T> = Result<T, ScenarioError>;

impl<'a> Validator<'a> {
    pub fn new(layers: &'a Layers, raw: &'a RawScenario, network: &'a Network) -> Self {
        Validator {
            layers,
            raw,
            network,
            assumptions: Vec::new(),
            fuels: Vec::new(),
            fuel_index: HashMap::new(),
            vessels: Vec::new(),
            vessel_index: HashMap::new(),
            vessel_limits: Vec::new(),
            vessel_call_share: Vec::new(),
            ports: Vec::new(),
            port_index: HashMap::new(),
            borders: Vec::new(),
            border_index: HashMap::new(),
            services: Vec::new(),
            service_index: HashMap::new(),
            service_travel: HashMap::new(),
            road: super::routes::RoadParams {
                km_per_day: 500.0,
                delay_h: Dist::fixed(0.0).expect("0 is finite"),
                tariff_usd_per_teu_km: 0.0,
                co2_kg_per_teu_km: 0.0,
            },
            transshipment: (Dist::fixed(0.0).expect("0 is finite"), 0.0),
            canal_services: HashMap::new(),
            canal_transit: HashMap::new(),
            liners: Default::default(),
            regions: Vec::new(),
            region_index: HashMap::new(),
            risk_areas: Vec::new(),
            risk_index: HashMap::new(),
            start_date: Date::new(2025, 1, 1).expect("a real date"),
            horizon_h: 0.0,
            unmet_disruptions: Vec::new(),
        }
    }

    /// An error at `path`.
    pub fn err(&self, path: &KeyPath, message: impl Into<String>) -> ScenarioError {
        self.layers.error_at(path, message)
    }

    /// Checks a value with `check`, or explains at `path`.
    pub fn check<T>(&self, path: &KeyPath, result: Check<T>) -> VResult<T> {
        result.map_err(|m| self.err(path, m))
    }

    /// A required value.
    pub fn need<T: Clone>(&self, path: &KeyPath, value: &Option<T>) -> VResult<T> {
        value.clone().ok_or_else(|| {
            self.err(path, "is missing").with_hint(format!(
                "add `{}` (see docs/scenarios.md for every key, its unit and default)",
                path.0.last().map_or(String::new(), |s| match s {
                    super::error::PathSegment::Key(k) => k.clone(),
                    super::error::PathSegment::Index(i) => i.to_string(),
                })
            ))
        })
    }

    /// A required number that must pass `check`.
    pub fn required(
        &self,
        path: &KeyPath,
        value: &Option<f64>,
        check: fn(f64) -> Check<f64>,
    ) -> VResult<f64> {
        self.check(path, check(self.need(path, value)?))
    }

    /// Records a parameter with its source for `explain` and the report.
    pub fn note(
        &mut self,
        key: &KeyPath,
        value: impl ToString,
        unit: &str,
        source: &Option<String>,
    ) {
        self.assumptions.push(Assumption {
            key: key.to_string(),
            value: value.to_string(),
            unit: unit.to_string(),
            source: source
                .clone()
                .unwrap_or_else(|| "scenario file".to_string()),
        });
    }

    /// The validated scenario, and warnings about values that have no effect.
    pub fn run(mut self) -> VResult<(Scenario, Vec<ScenarioError>)> {
        let raw = self.raw;
        let root = KeyPath::root();
        let name = self.need(&root.key("name"), &raw.name)?;
        if name.is_empty()
            || name.len() > MAX_NAME_CHARS
            || !name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            return Err(self
                .err(
                    &root.key("name"),
                    format!("`{name}` cannot name an output folder"),
                )
                .with_hint(format!(
                    "use 1 to {MAX_NAME_CHARS} letters, digits, `-` and `_`, e.g. \"red-sea-crisis\""
                )));
        }
        let seed = raw.seed.unwrap_or(1);
        let replications = raw.replications.unwrap_or(100);
        if replications == 0 || replications > MAX_REPLICATIONS {
            return Err(self
                .err(
                    &root.key("replications"),
                    format!("must be from 1 to {MAX_REPLICATIONS}, got {replications}"),
                )
                .with_hint(
                    "a few hundred replications give confidence intervals of a fraction of a day",
                ));
        }
        if let Some(d) = &raw.start_date {
            self.start_date = match d.date {
                Some(date) if d.time.is_none() => Date::new(
                    i32::from(date.year),
                    u32::from(date.month),
                    u32::from(date.day),
                )
                .ok_or_else(|| self.err(&root.key("start_date"), format!("{d} is not a date")))?,
                _ => {
                    return Err(self
                        .err(
                            &root.key("start_date"),
                            format!("must be a date like 2025-01-06, got {d}"),
                        )
                        .with_hint("write it without quotes: start_date = 2025-01-06"));
                }
            };
        }
        let horizon_days = raw.horizon_days.unwrap_or(400.0);
        let horizon_days = self.check(&root.key("horizon_days"), values::positive(horizon_days))?;
        if horizon_days > 3650.0 {
            return Err(self.err(
                &root.key("horizon_days"),
                "must be at most 3,650 days (ten years)",
            ));
        }
        self.horizon_h = horizon_days * 24.0;

        let departures = self.departures()?;
        let shipments = self.raw.routes.len() as u64 * u64::from(departures.count);
        if shipments > MAX_SHIPMENTS {
            return Err(self
                .err(
                    &root.key("departures").key("count"),
                    format!(
                        "{} routes × {} departures make {shipments} shipments a replication; at most {MAX_SHIPMENTS}",
                        self.raw.routes.len(),
                        departures.count
                    ),
                )
                .with_hint("fewer departures or fewer routes; more replications narrow the confidence intervals instead"));
        }
        let prices = self.prices()?;
        self.fuels()?;
        self.vessels()?;
        let costs = self.costs()?;
        self.weather()?;
        self.risk_areas()?;
        self.borders()?;
        self.canals()?;
        self.services()?;
        self.road_and_transshipment()?;
        let routes = self.routes()?;
        let (disruptions, alternatives) = self.disruptions(&routes)?;
        if routes.is_empty() {
            return Err(self
                .err(&root.key("routes"), "the scenario has no routes")
                .with_hint("add at least one [routes.<id>] table with legs"));
        }
        let reference_route = match &raw.reference_route {
            None => 0,
            Some(id) => routes.iter().position(|r| &r.id == id).ok_or_else(|| {
                let hint = super::did_you_mean(id, routes.iter().map(|r| r.id.as_str()))
                    .unwrap_or_else(|| {
                        format!(
                            "routes: {}",
                            routes
                                .iter()
                                .map(|r| r.id.as_str())
                                .collect::<Vec<_>>()
                                .join(", ")
                        )
                    });
                self.err(&root.key("reference_route"), format!("no route `{id}`"))
                    .with_hint(hint)
            })?,
        };
        let last_departure_h =
            departures.first_h + departures.every_h * f64::from(departures.count - 1);
        if last_departure_h >= self.horizon_h {
            let departures_key = root.key("departures");
            let culprit = self.layers.latest(&[
                root.key("horizon_days"),
                departures_key.key("count"),
                departures_key.key("every_days"),
                departures_key.key("first_day"),
            ]);
            return Err(self
                .err(&culprit, "the horizon ends before the last departure")
                .with_hint(format!(
                    "the last shipment leaves on day {:.0}; make horizon_days longer, or departures fewer",
                    last_departure_h / 24.0
                )));
        }
        let mut scenario = Scenario {
            name,
            description: raw.description.clone().unwrap_or_default(),
            seed,
            replications,
            start_date: self.start_date,
            horizon_h: self.horizon_h,
            departures,
            prices,
            costs,
            fuels: self.fuels,
            vessels: self.vessels,
            ports: self.ports,
            borders: self.borders,
            services: self.services,
            liners: std::mem::take(&mut self.liners.model),
            regions: self.regions,
            risk_areas: self.risk_areas,
            routes,
            reference_route,
            assumptions: self.assumptions,
            disruptions,
            alternatives,
        };
        let mut unused = prune_unused(&mut scenario, &self.raw.canals);
        let unused_liners = self.liners.unused();
        scenario.assumptions.retain(|a| {
            !unused_liners
                .iter()
                .any(|g| a.key.starts_with(&format!("{g}.")))
        });
        unused.extend(unused_liners);
        let mut warnings = unused_warnings(self.layers, &unused);
        warnings.extend(super::capacity::load_warnings(&scenario, self.layers));
        warnings.extend(self.unmet_disruptions.iter().map(|p| {
            self.layers
                .error_at(
                    &p.key("target"),
                    "no route meets this element, so the disruption has no effect",
                )
                .with_hint(
                    "`corridor explain` lists each route's legs; check the target against them",
                )
        }));
        Ok((scenario, warnings))
    }

    fn departures(&mut self) -> VResult<Departures> {
        let p = KeyPath::root().key("departures");
        let raw = self.need(&p, &self.raw.departures)?;
        let first_day = self.check(
            &p.key("first_day"),
            values::non_negative(raw.first_day.unwrap_or(0.0)),
        )?;
        let every_days = self.required(&p.key("every_days"), &raw.every_days, values::positive)?;
        let count = self.need(&p.key("count"), &raw.count)?;
        if count == 0 || count > 10_000 {
            return Err(self.err(
                &p.key("count"),
                format!("must be from 1 to 10,000, got {count}"),
            ));
        }
        let teu = self.required(&p.key("teu"), &raw.teu, values::positive)?;
        self.note(&p.key("every_days"), every_days, "days", &raw.source);
        self.note(&p.key("count"), count, "shipments per route", &raw.source);
        self.note(&p.key("teu"), teu, "TEU per shipment", &raw.source);
        Ok(Departures {
            first_h: first_day * 24.0,
            every_h: every_days * 24.0,
            count,
            teu,
        })
    }

    fn prices(&mut self) -> VResult<Prices> {
        let p = KeyPath::root().key("prices");
        let raw = self.need(&p, &self.raw.prices)?;
        let carbon = self.check(
            &p.key("carbon_usd_per_t_co2"),
            values::non_negative(
                self.need(&p.key("carbon_usd_per_t_co2"), &raw.carbon_usd_per_t_co2)?,
            ),
        )?;
        let value = self.check(
            &p.key("cargo_value_usd_per_teu"),
            values::non_negative(self.need(
                &p.key("cargo_value_usd_per_teu"),
                &raw.cargo_value_usd_per_teu,
            )?),
        )?;
        let holding = self.required(
            &p.key("holding_rate_per_year"),
            &raw.holding_rate_per_year,
            values::share,
        )?;
        let insurance = self.required(
            &p.key("cargo_insurance_share"),
            &raw.cargo_insurance_share,
            values::share,
        )?;
        self.note(
            &p.key("carbon_usd_per_t_co2"),
            carbon,
            "USD/t CO2",
            &raw.source,
        );
        self.note(
            &p.key("cargo_value_usd_per_teu"),
            value,
            "USD/TEU",
            &raw.source,
        );
        self.note(
            &p.key("holding_rate_per_year"),
            holding,
            "share of value per year",
            &raw.source,
        );
        self.note(
            &p.key("cargo_insurance_share"),
            insurance,
            "share of value per shipment",
            &raw.source,
        );
        Ok(Prices {
            carbon_usd_per_t_co2: carbon,
            cargo_value_usd_per_teu: value,
            holding_rate_per_year: holding,
            cargo_insurance_share: insurance,
        })
    }

    fn fuels(&mut self) -> VResult<()> {
        for (name, raw) in &self.raw.fuels {
            let p = KeyPath::root().key("fuels").key(name);
            let co2 = self.required(&p.key("co2_t_per_t"), &raw.co2_t_per_t, values::positive)?;
            let price = self.required(
                &p.key("price_usd_per_t"),
                &raw.price_usd_per_t,
                values::non_negative,
            )?;
            self.note(&p.key("co2_t_per_t"), co2, "t CO2 per t fuel", &raw.source);
            self.note(&p.key("price_usd_per_t"), price, "USD/t", &raw.source);
            self.fuel_index.insert(name.clone(), self.fuels.len());
            self.fuels.push(Fuel {
                name: name.clone(),
                co2_t_per_t: co2,
                price_usd_per_t: price,
            });
        }
        Ok(())
    }

    fn vessels(&mut self) -> VResult<()> {
        for (name, raw) in &self.raw.vessels {
            let p = KeyPath::root().key("vessels").key(name);
            let capacity =
                self.required(&p.key("capacity_teu"), &raw.capacity_teu, values::positive)?;
            let utilisation =
                self.required(&p.key("utilisation"), &raw.utilisation, values::share)?;
            if utilisation == 0.0 {
                return Err(self.err(
                    &p.key("utilisation"),
                    "must be greater than 0: vessel costs are shared over the TEU on board",
                ));
            }
            let design = self.required(
                &p.key("design_speed_kn"),
                &raw.design_speed_kn,
                values::positive,
            )?;
            let service = self.required(
                &p.key("service_speed_kn"),
                &raw.service_speed_kn,
                values::positive,
            )?;
            if service > 40.0 {
                return Err(self.err(
                    &p.key("service_speed_kn"),
                    format!("{service} kn is faster than any container ship"),
                ));
            }
            let main = self.required(
                &p.key("main_fuel_t_per_day"),
                &raw.main_fuel_t_per_day,
                values::non_negative,
            )?;
            let aux = self.required(
                &p.key("aux_fuel_t_per_day"),
                &raw.aux_fuel_t_per_day,
                values::non_negative,
            )?;
            let port = self.required(
                &p.key("port_fuel_t_per_day"),
                &raw.port_fuel_t_per_day,
                values::non_negative,
            )?;
            let charter = self.required(
                &p.key("charter_usd_per_day"),
                &raw.charter_usd_per_day,
                values::non_negative,
            )?;
            let hull = self.required(
                &p.key("hull_value_usd"),
                &raw.hull_value_usd,
                values::non_negative,
            )?;
            let toll = self.required(
                &p.key("canal_toll_usd"),
                &raw.canal_toll_usd,
                values::non_negative,
            )?;
            let call_share = self.required(
                &p.key("call_moves_share"),
                &raw.call_moves_share,
                values::share,
            )?;
            let fuel_name = self.need(&p.key("fuel"), &raw.fuel)?;
            let fuel = *self.fuel_index.get(&fuel_name).ok_or_else(|| {
                let known: Vec<&str> = self.fuel_index.keys().map(String::as_str).collect();
                self.err(&p.key("fuel"), format!("unknown fuel `{fuel_name}`"))
                    .with_hint(
                        super::did_you_mean(&fuel_name, known.iter().copied())
                            .unwrap_or_else(|| format!("known fuels: {}", known.join(", "))),
                    )
            })?;
            for (key, value, unit) in [
                ("capacity_teu", capacity, "TEU"),
                ("utilisation", utilisation, "share of capacity"),
                ("design_speed_kn", design, "kn"),
                ("service_speed_kn", service, "kn"),
                ("main_fuel_t_per_day", main, "t/day at design speed"),
                ("charter_usd_per_day", charter, "USD/day"),
                ("canal_toll_usd", toll, "USD per transit"),
            ] {
                self.note(&p.key(key), value, unit, &raw.source);
            }
            self.vessel_index.insert(name.clone(), self.vessels.len());
            self.vessel_limits
                .push((raw.draft_m, raw.length_m, raw.ice_class.unwrap_or(false)));
            self.vessel_call_share.push(call_share);
            self.vessels.push(Vessel {
                name: name.clone(),
                capacity_teu: capacity,
                utilisation,
                design_speed_kn: design,
                service_speed_kn: service,
                main_fuel_t_per_day: main,
                aux_fuel_t_per_day: aux,
                port_fuel_t_per_day: port,
                fuel,
                charter_usd_per_day: charter,
                hull_value_usd: hull,
                canal_toll_usd: toll,
            });
        }
        Ok(())
    }

    /// Looks up a named entry of a table, with "did you mean".
    pub fn lookup<T: Copy>(
        &self,
        path: &KeyPath,
        what: &str,
        name: &str,
        index: &HashMap<String, T>,
    ) -> VResult<T> {
        index.get(name).copied().ok_or_else(|| {
            let mut known: Vec<&str> = index.keys().map(String::as_str).collect();
            known.sort_unstable();
            self.err(path, format!("unknown {what} `{name}`"))
                .with_hint(
                    super::did_you_mean(name, known.iter().copied())
                        .unwrap_or_else(|| format!("known: {}", known.join(", "))),
                )
        })
    }

    fn weather(&mut self) -> VResult<()> {
        let base = self.raw.weather.get("default").cloned();
        // `[weather.default]` is checked first, on its own keys, so a bad
        // value there is blamed on the line that wrote it rather than on
        // the first library region that inherits it.
        let weather = &self.raw.weather;
        let default_first = weather
            .iter()
            .filter(|(r, _)| *r == "default")
            .chain(weather.iter().filter(|(r, _)| *r != "default"));
        for (region, raw) in default_first {
            let is_default = region == "default";
            let p = KeyPath::root().key("weather").key(region);
            let get = |mine: &Option<Vec<f64>>, theirs: Option<&Vec<f64>>| {
                mine.clone().or_else(|| theirs.cloned())
            };
            let b = if is_default { None } else { base.as_ref() };
            let monthly = |v: &Self, key: &str, x: Option<Vec<f64>>| -> VResult<[f64; 12]> {
                let x = v.need(&p.key(key), &x)?;
                let arr: [f64; 12] = x.clone().try_into().map_err(|_| {
                    v.err(
                        &p.key(key),
                        format!("needs 12 monthly values (January first), got {}", x.len()),
                    )
                })?;
                for (i, &q) in arr.iter().enumerate() {
                    v.check(&p.key(key).index(i), values::share(q))?;
                }
                Ok(arr)
            };
            let storm = monthly(
                self,
                "storm_day_probability",
                get(
                    &raw.storm_day_probability,
                    b.and_then(|b| b.storm_day_probability.as_ref()),
                ),
            )?;
            let cyclone = monthly(
                self,
                "cyclone_day_probability",
                get(
                    &raw.cyclone_day_probability,
                    b.and_then(|b| b.cyclone_day_probability.as_ref()),
                ),
            )?;
            let loss = raw.storm_speed_loss.or(b.and_then(|b| b.storm_speed_loss));
            let loss = self.required(&p.key("storm_speed_loss"), &loss, values::share)?;
            if loss >= 1.0 {
                return Err(self.err(
                    &p.key("storm_speed_loss"),
                    "must be below 1: a storm slows ships, it does not stop them",
                ));
            }
            let dist_of = |v: &Self,
                           key: &str,
                           mine: &Option<RawDist>,
                           theirs: Option<&RawDist>|
             -> VResult<Dist> {
                let value = mine.clone().or_else(|| theirs.cloned());
                let value = v.need(&p.key(key), &value)?;
                v.check(&p.key(key), values::non_negative_dist(&value))
            };
            let cyclone_delay = dist_of(
                self,
                "cyclone_delay_h",
                &raw.cyclone_delay_h,
                b.and_then(|b| b.cyclone_delay_h.as_ref()),
            )?;
            let icebreaker = dist_of(
                self,
                "icebreaker_wait_h",
                &raw.icebreaker_wait_h,
                b.and_then(|b| b.icebreaker_wait_h.as_ref()),
            )?;
            let ice_speed = raw.ice_speed_kn.or(b.and_then(|b| b.ice_speed_kn));
            let ice_speed = self.required(&p.key("ice_speed_kn"), &ice_speed, values::positive)?;
            let months = raw
                .ice_months
                .clone()
                .or(b.and_then(|b| b.ice_months.clone()))
                .unwrap_or_default();
            let mut ice = [false; 12];
            for (i, &m) in months.iter().enumerate() {
                if !(1..=12).contains(&m) {
                    return Err(self.err(
                        &p.key("ice_months").index(i),
                        format!("months are 1–12, got {m}"),
                    ));
                }
                ice[m as usize - 1] = true;
            }
            if is_default {
                continue;
            }
            let source = raw.source.clone().or(b.and_then(|b| b.source.clone()));
            self.note(
                &p.key("storm_day_probability"),
                format!("{storm:?}"),
                "probability per day, Jan–Dec",
                &source,
            );
            self.note(
                &p.key("cyclone_day_probability"),
                format!("{cyclone:?}"),
                "probability per day, Jan–Dec",
                &source,
            );
            self.region_index.insert(region.clone(), self.regions.len());
            self.regions.push(RegionWeather {
                region: region.clone(),
                storm_day_probability: storm,
                storm_speed_loss: loss,
                cyclone_day_probability: cyclone,
                cyclone_delay_h: cyclone_delay,
                ice_months: ice,
                ice_speed_kn: ice_speed,
                icebreaker_wait_h: icebreaker,
            });
        }
        Ok(())
    }

    fn risk_areas(&mut self) -> VResult<()> {
        for (passage, raw) in &self.raw.risk_areas {
            let p = KeyPath::root().key("risk_areas").key(passage);
            if !self.network.passages().iter().any(|q| q == passage) {
                return Err(self
                    .err(&p, format!("no sea lane belongs to a passage `{passage}`"))
                    .with_hint(
                        super::did_you_mean(
                            passage,
                            self.network.passages().iter().map(String::as_str),
                        )
                        .unwrap_or_else(|| {
                            format!("passages: {}", self.network.passages().join(", "))
                        }),
                    ));
            }
            let hull = self.required(
                &p.key("hull_premium_share"),
                &raw.hull_premium_share,
                values::share,
            )?;
            let cargo = self.required(
                &p.key("cargo_premium_share"),
                &raw.cargo_premium_share,
                values::share,
            )?;
            self.note(
                &p.key("hull_premium_share"),
                hull,
                "share of hull value per transit",
                &raw.source,
            );
            self.note(
                &p.key("cargo_premium_share"),
                cargo,
                "share of cargo value per transit",
                &raw.source,
            );
            self.risk_index
                .insert(passage.clone(), self.risk_areas.len());
            self.risk_areas.push(RiskArea {
                passage: passage.clone(),
                hull_premium_share: hull,
                cargo_premium_share: cargo,
            });
        }
        Ok(())
    }

    fn borders(&mut self) -> VResult<()> {
        for (name, raw) in &self.raw.borders {
            let p = KeyPath::root().key("borders").key(name);
            let lanes = self.need(&p.key("lanes"), &raw.lanes)?;
            if lanes == 0 || lanes > 10_000 {
                return Err(self.err(
                    &p.key("lanes"),
                    format!("must be from 1 to 10,000, got {lanes}"),
                ));
            }
            let service = self.need(&p.key("service_h"), &raw.service_h)?;
            let service = self.check(&p.key("service_h"), values::non_negative_dist(&service))?;
            let background = self.check(
                &p.key("background_per_day"),
                values::background_per_day(raw.background_per_day.unwrap_or(0.0)),
            )?;
            let capacity_per_day = f64::from(lanes) * 24.0 / service.mean().max(1e-9);
            if background >= capacity_per_day {
                // Three keys decide it: blame the one the user wrote last.
                let culprit = self.layers.latest(&[
                    p.key("background_per_day"),
                    p.key("service_h"),
                    p.key("lanes"),
                ]);
                return Err(self
                    .err(&culprit, format!(
                        "the post clears {} consignments a day ({lanes} lanes × 24 h ÷ service_h), fewer than the {background} a day of background traffic",
                        if capacity_per_day < 1.0 { "less than 1".to_string() } else { format!("{capacity_per_day:.0}") }
                    ))
                    .with_hint("the queue would grow for ever; add lanes or shorten service_h"));
            }
            let rail = self.rail_clearance(&p, raw)?;
            self.note(&p.key("lanes"), lanes, "lanes", &raw.source);
            self.note(&p.key("service_h"), &service, "h", &raw.source);
            self.note(
                &p.key("background_per_day"),
                background,
                "consignments/day",
                &raw.source,
            );
            self.border_index.insert(name.clone(), self.borders.len());
            self.borders.push(BorderPost {
                name: name.clone(),
                lanes,
                service_h: service,
                background_per_day: background,
                rail,
            });
        }
        Ok(())
    }

    /// A post's procedure for trains, if it has one: all three keys or none.
    fn rail_clearance(&mut self, p: &KeyPath, raw: &RawBorder) -> VResult<Option<RailClearance>> {
        if raw.rail_tracks.is_none()
            && raw.rail_service_h.is_none()
            && raw.rail_background_trains_per_day.is_none()
        {
            return Ok(None);
        }
        let tracks = self.need(&p.key("rail_tracks"), &raw.rail_tracks)?;
        if tracks == 0 || tracks > 1000 {
            return Err(self.err(
                &p.key("rail_tracks"),
                format!("must be from 1 to 1,000, got {tracks}"),
            ));
        }
        let service = self.need(&p.key("rail_service_h"), &raw.rail_service_h)?;
        let service = self.check(
            &p.key("rail_service_h"),
            values::non_negative_dist(&service),
        )?;
        let background = self.check(
            &p.key("rail_background_trains_per_day"),
            values::background_per_day(raw.rail_background_trains_per_day.unwrap_or(0.0)),
        )?;
        let capacity_per_day = f64::from(tracks) * 24.0 / service.mean().max(1e-9);
        if background >= capacity_per_day {
            let culprit = self.layers.latest(&[
                p.key("rail_background_trains_per_day"),
                p.key("rail_service_h"),
                p.key("rail_tracks"),
            ]);
            return Err(self
                .err(&culprit, format!(
                    "the post clears {capacity_per_day:.1} trains a day ({tracks} tracks × 24 h ÷ rail_service_h), fewer than the {background} a day of other trains"
                ))
                .with_hint("the queue would grow for ever; add tracks or shorten rail_service_h"));
        }
        self.note(&p.key("rail_tracks"), tracks, "tracks", &raw.source);
        self.note(
            &p.key("rail_service_h"),
            &service,
            "h per train",
            &raw.source,
        );
        self.note(
            &p.key("rail_background_trains_per_day"),
            background,
            "trains/day",
            &raw.source,
        );
        Ok(Some(RailClearance {
            tracks,
            service_h: service,
            background_trains_per_day: background,
        }))
    }

    /// Capacity windows from the fixed disruptions that target `target`
    /// (checked in scenario/disruptions.rs).
    pub(super) fn windows_for(&self, target: &str) -> Vec<CapacityWindow> {
        self.raw
            .disruptions
            .iter()
            .filter(|d| d.target == target && d.random.is_none())
            .filter_map(|d| {
                let start = d.start_day?;
                Some(CapacityWindow {
                    start_h: start * 24.0,
                    end_h: d
                        .duration_days
                        .map_or(f64::INFINITY, |x| (start + x) * 24.0),
                    factor: d.capacity_factor.unwrap_or(0.0),
                })
            })
            .collect()
    }

    fn canals(&mut self) -> VResult<()> {
        for (name, raw) in &self.raw.canals {
            let p = KeyPath::root().key("canals").key(name);
            let passage = raw.passage.clone().unwrap_or_else(|| name.clone());
            let north = self.required(
                &p.key("northbound_entry_h"),
                &raw.northbound_entry_h,
                values::non_negative,
            )?;
            let south = self.required(
                &p.key("southbound_entry_h"),
                &raw.southbound_entry_h,
                values::non_negative,
            )?;
            for (key, h) in [("northbound_entry_h", north), ("southbound_entry_h", south)] {
                if h >= 24.0 {
                    return Err(
                        self.err(&p.key(key), format!("is an hour of the day, 0–24, got {h}"))
                    );
                }
            }
            let cutoff = self.required(&p.key("cutoff_h"), &raw.cutoff_h, values::cutoff_h)?;
            let capacity = self.required(
                &p.key("convoy_capacity"),
                &raw.convoy_capacity,
                values::positive,
            )?;
            let background = self.required(
                &p.key("background_ships_per_day"),
                &raw.background_ships_per_day,
                values::non_negative,
            )?;
            let transit = self.need(&p.key("transit_h"), &raw.transit_h)?;
            let transit = self.check(&p.key("transit_h"), values::non_negative_dist(&transit))?;
            let windows = self.windows_for(&format!("canal:{name}"));
            let mut index = [0usize; 2];
            for (slot, (direction, entry)) in [("northbound", north), ("southbound", south)]
                .into_iter()
                .enumerate()
            {
                index[slot] = self.services.len();
                self.services.push(Service {
                    kind: ServiceKind::Canal,
                    timetable: TimetableSpec {
                        name: format!("{name}-{direction}"),
                        first_departure_h: entry,
                        headway_h: 24.0,
                        capacity,
                        cutoff_h: cutoff,
                        background_per_departure: background,
                        windows: windows.clone(),
                    },
                    initial_backlog: None,
                });
            }
            for (key, value, unit) in [
                ("northbound_entry_h", north, "hour of day"),
                ("southbound_entry_h", south, "hour of day"),
                ("cutoff_h", cutoff, "h before entry"),
                ("convoy_capacity", capacity, "ships per convoy"),
                ("background_ships_per_day", background, "ships/day each way"),
            ] {
                self.note(&p.key(key), value, unit, &raw.source);
            }
            self.note(&p.key("transit_h"), &transit, "h", &raw.source);
            self.canal_services
                .insert(passage.clone(), (index[0], index[1]));
            self.canal_transit.insert(passage, transit);
        }
        Ok(())
    }

    fn services(&mut self) -> VResult<()> {
        for (name, raw) in &self.raw.services {
            let p = KeyPath::root().key("services").key(name);
            let raw_kind = self.need(&p.key("kind"), &raw.kind)?;
            self.service_keys_fit(&p, raw_kind, raw)?;
            let kind = match raw_kind {
                RawServiceKind::Rail => ServiceKind::Rail,
                RawServiceKind::Ferry => ServiceKind::Ferry,
                RawServiceKind::Liner => {
                    self.liner_definition(name, raw)?;
                    continue;
                }
            };
            let per_week = self.required(
                &p.key("departures_per_week"),
                &raw.departures_per_week,
                values::positive,
            )?;
            if per_week > 1000.0 {
                return Err(self.err(&p.key("departures_per_week"), "must be at most 1,000"));
            }
            let first = self.required(
                &p.key("first_departure_h"),
                &raw.first_departure_h,
                values::non_negative,
            )?;
            let capacity =
                self.required(&p.key("capacity_teu"), &raw.capacity_teu, values::positive)?;
            let background = self.check(
                &p.key("background_teu_per_departure"),
                values::non_negative(raw.background_teu_per_departure.unwrap_or(0.0)),
            )?;
            let cutoff = self.check(
                &p.key("cutoff_h"),
                values::cutoff_h(raw.cutoff_h.unwrap_or(0.0)),
            )?;
            let delay = match &raw.delay_h {
                Some(v) => self.check(&p.key("delay_h"), values::non_negative_dist(v))?,
                None => Dist::fixed(0.0).expect("0 is finite"),
            };
            let (km_per_day, speed_kn) = match kind {
                ServiceKind::Ferry => (
                    None,
                    Some(self.required(&p.key("speed_kn"), &raw.speed_kn, values::positive)?),
                ),
                _ => (
                    Some(self.required(&p.key("km_per_day"), &raw.km_per_day, values::positive)?),
                    None,
                ),
            };
            let per_km = self.check(
                &p.key("tariff_usd_per_teu_km"),
                values::non_negative(raw.tariff_usd_per_teu_km.unwrap_or(0.0)),
            )?;
            let per_teu = self.check(
                &p.key("tariff_usd_per_teu"),
                values::non_negative(raw.tariff_usd_per_teu.unwrap_or(0.0)),
            )?;
            let co2 = self.check(
                &p.key("co2_kg_per_teu_km"),
                values::non_negative(raw.co2_kg_per_teu_km.unwrap_or(0.0)),
            )?;
            let mut windows = self.windows_for(&format!("service:{name}"));
            let mut winter = None;
            if let Some(months) = &raw.winter_months {
                let factor = self.check(
                    &p.key("winter_capacity_factor"),
                    values::non_negative(raw.winter_capacity_factor.unwrap_or(1.0)),
                )?;
                let mut marked = [false; 12];
                for (i, &m) in months.iter().enumerate() {
                    if !(1..=12).contains(&m) {
                        return Err(self.err(
                            &p.key("winter_months").index(i),
                            format!("months are 1–12, got {m}"),
                        ));
                    }
                    marked[m as usize - 1] = true;
                }
                windows.extend(self.month_windows(months, factor));
                if let Some(extra) = &raw.winter_delay_h {
                    let extra =
                        self.check(&p.key("winter_delay_h"), values::non_negative_dist(extra))?;
                    self.note(&p.key("winter_delay_h"), &extra, "h", &raw.source);
                    winter = Some((marked, extra));
                }
                self.note(
                    &p.key("winter_capacity_factor"),
                    factor,
                    "× capacity",
                    &raw.source,
                );
            }
            let headway = 168.0 / per_week;
            let initial_backlog = match &raw.initial_backlog_teu {
                Some(v) => {
                    let d =
                        self.check(&p.key("initial_backlog_teu"), values::non_negative_dist(v))?;
                    self.note(&p.key("initial_backlog_teu"), &d, "TEU", &raw.source);
                    Some(d)
                }
                None => None,
            };
            self.note(
                &p.key("departures_per_week"),
                per_week,
                "departures/week",
                &raw.source,
            );
            self.note(
                &p.key("capacity_teu"),
                capacity,
                "TEU per departure",
                &raw.source,
            );
            self.note(
                &p.key("background_teu_per_departure"),
                background,
                "TEU per departure (Poisson mean)",
                &raw.source,
            );
            if let Some(k) = km_per_day {
                self.note(&p.key("km_per_day"), k, "km/day", &raw.source);
            }
            if let Some(s) = speed_kn {
                self.note(&p.key("speed_kn"), s, "kn", &raw.source);
            }
            self.note(
                &p.key("tariff_usd_per_teu_km"),
                per_km,
                "USD/TEU-km",
                &raw.source,
            );
            self.note(
                &p.key("tariff_usd_per_teu"),
                per_teu,
                "USD/TEU",
                &raw.source,
            );
            self.note(
                &p.key("co2_kg_per_teu_km"),
                co2,
                "kg CO2/TEU-km",
                &raw.source,
            );
            self.service_index.insert(name.clone(), self.services.len());
            self.service_travel.insert(
                self.services.len(),
                ServiceTravel {
                    winter,
                    km_per_day,
                    speed_kn,
                    delay_h: delay,
                    tariff_usd_per_teu_km: per_km,
                    tariff_usd_per_teu: per_teu,
                    co2_kg_per_teu_km: co2,
                },
            );
            self.services.push(Service {
                kind,
                timetable: TimetableSpec {
                    name: name.clone(),
                    first_departure_h: first,
                    headway_h: headway,
                    capacity,
                    cutoff_h: cutoff,
                    background_per_departure: background,
                    windows,
                },
                initial_backlog,
            });
        }
        Ok(())
    }

    /// Absolute windows covering `months` in every year of the horizon.
    fn month_windows(&self, months: &[u32], factor: f64) -> Vec<CapacityWindow> {
        let start = self.start_date.days();
        let days = (self.horizon_h / 24.0).ceil() as i64 + 1;
        let mut windows: Vec<CapacityWindow> = Vec::new();
        for d in 0..days {
            if months.contains(&Date::from_days(start + d).month) {
                let (s, e) = (d as f64 * 24.0, (d + 1) as f64 * 24.0);
                match windows.last_mut() {
                    Some(w) if w.end_h == s => w.end_h = e,
                    _ => windows.push(CapacityWindow {
                        start_h: s,
                        end_h: e,
                        factor,
                    }),
                }
            }
        }
        windows
    }
}

/// The names of the items whose index is not in `keep`.
fn unused<'a, T>(
    items: &'a [T],
    keep: &'a std::collections::BTreeSet<usize>,
    name: impl Fn(&T) -> String + 'a,
) -> impl Iterator<Item = String> + 'a {
    items
        .iter()
        .enumerate()
        .filter(move |(i, _)| !keep.contains(i))
        .map(move |(_, item)| name(item))
}

/// Keeps the items whose index is in `keep`, in order.
fn keep_by<T>(items: &mut Vec<T>, keep: &std::collections::BTreeSet<usize>) {
    let mut i = 0;
    items.retain(|_| {
        i += 1;
        keep.contains(&(i - 1))
    });
}

/// Drops the library's border posts, services, canals, regions, risk areas,
/// vessels and fuels that no route uses, with their assumptions: they would
/// only add background traffic nobody meets and lines nobody needs to audit.
/// A warning for each table a user's layer (a file, `extends`, the
/// command line) wrote that no route uses: its values have no effect,
/// which a user would otherwise never learn (red-sea-crisis once raised
/// war-risk premiums on a passage none of its routes sailed).
fn unused_warnings(layers: &Layers, unused: &[String]) -> Vec<ScenarioError> {
    unused
        .iter()
        .map(|key| KeyPath::parse(key))
        .filter(|path| layers.origin_of(path) > 0)
        .map(|path| {
            layers
                .error_at(&path, "is set but no route uses it, so it has no effect")
                .with_hint("check the name against the routes' legs, or remove the table")
        })
        .collect()
}

/// Drops what no route uses and returns the key of each table dropped.
fn prune_unused(s: &mut Scenario, canals: &indexmap::IndexMap<String, RawCanal>) -> Vec<String> {
    use crate::model::Step;
    use std::collections::BTreeSet;
    let (mut services, mut borders, mut vessels, mut regions, mut risks) = (
        BTreeSet::new(),
        BTreeSet::new(),
        BTreeSet::new(),
        BTreeSet::new(),
        BTreeSet::new(),
    );
    let mut road = false;
    let mut transshipment = false;
    let alternatives = s.alternatives.iter().map(|a| &a.path);
    for step in s.routes.iter().chain(alternatives).flat_map(|r| &r.steps) {
        match step {
            Step::Canal {
                service, vessel, ..
            } => {
                // Both directions of a canal stay together.
                let pair = service - service % 2;
                services.insert(pair);
                services.insert(pair + 1);
                vessels.insert(*vessel);
            }
            Step::Scheduled { service, .. } => {
                services.insert(*service);
            }
            Step::Board { .. } => {
                services.extend(super::liners::boarding_service(step));
            }
            Step::Border { post, .. } => {
                borders.insert(*post);
            }
            Step::Sail {
                vessel,
                segments,
                risk_areas,
                ..
            } => {
                vessels.insert(*vessel);
                regions.extend(segments.iter().filter_map(|g| g.region));
                risks.extend(risk_areas.iter().copied());
            }
            Step::PortCall { vessel, .. } => {
                vessels.insert(*vessel);
            }
            Step::Road { .. } => road = true,
            Step::Dwell { .. } => transshipment = true,
        }
    }
    let remap = |keep: &BTreeSet<usize>| -> Vec<Option<usize>> {
        let max = keep.iter().next_back().map_or(0, |m| m + 1);
        let mut map = vec![None; max];
        for (new, &old) in keep.iter().enumerate() {
            map[old] = Some(new);
        }
        map
    };
    let (m_services, m_borders, m_vessels, m_regions, m_risks) = (
        remap(&services),
        remap(&borders),
        remap(&vessels),
        remap(&regions),
        remap(&risks),
    );
    let fuels: BTreeSet<usize> = vessels.iter().map(|&v| s.vessels[v].fuel).collect();
    let m_fuels = remap(&fuels);
    let alternatives = s.alternatives.iter_mut().map(|a| &mut a.path);
    for step in s
        .routes
        .iter_mut()
        .chain(alternatives)
        .flat_map(|r| &mut r.steps)
    {
        match step {
            Step::Canal {
                service, vessel, ..
            } => {
                *service = m_services[*service].expect("kept");
                *vessel = m_vessels[*vessel].expect("kept");
            }
            Step::Scheduled { service, .. } | Step::Board { service, .. } => {
                *service = m_services[*service].expect("kept")
            }
            Step::Border { post, .. } => *post = m_borders[*post].expect("kept"),
            Step::Sail {
                vessel,
                segments,
                risk_areas,
                ..
            } => {
                *vessel = m_vessels[*vessel].expect("kept");
                for g in segments.iter_mut() {
                    g.region = g.region.map(|r| m_regions[r].expect("kept"));
                }
                for r in risk_areas.iter_mut() {
                    *r = m_risks[*r].expect("kept");
                }
            }
            Step::PortCall { vessel, .. } => *vessel = m_vessels[*vessel].expect("kept"),
            Step::Road { .. } | Step::Dwell { .. } => {}
        }
    }
    // A liner's ships sail its legs, so its vessel class is kept.
    for l in &mut s.liners {
        l.vessel = m_vessels[l.vessel].expect("kept");
    }
    let mut gone: Vec<String> = Vec::new();
    gone.extend(unused(&s.services, &services, |x| {
        let n = &x.timetable.name;
        match x.kind {
            crate::model::ServiceKind::Canal => {
                let canal = canals.keys().find(|c| n.starts_with(c.as_str()));
                format!("canals.{}", canal.cloned().unwrap_or_default())
            }
            _ => format!("services.{n}"),
        }
    }));
    gone.extend(unused(&s.borders, &borders, |b| {
        format!("borders.{}", b.name)
    }));
    gone.extend(unused(&s.vessels, &vessels, |v| {
        format!("vessels.{}", v.name)
    }));
    gone.extend(unused(&s.vessels, &vessels, |v| {
        format!("freight.{}", v.name)
    }));
    gone.extend(unused(&s.regions, &regions, |r| {
        format!("weather.{}", r.region)
    }));
    gone.extend(unused(&s.risk_areas, &risks, |r| {
        format!("risk_areas.{}", r.passage)
    }));
    gone.extend(unused(&s.fuels, &fuels, |f| format!("fuels.{}", f.name)));
    if !road {
        gone.push("road".into());
    }
    if !transshipment {
        gone.push("transshipment".into());
    }
    keep_by(&mut s.services, &services);
    keep_by(&mut s.borders, &borders);
    keep_by(&mut s.vessels, &vessels);
    keep_by(&mut s.costs.freight, &vessels);
    keep_by(&mut s.regions, &regions);
    keep_by(&mut s.risk_areas, &risks);
    keep_by(&mut s.fuels, &fuels);
    for v in &mut s.vessels {
        v.fuel = m_fuels[v.fuel].expect("kept");
    }
    s.assumptions.retain(|a| {
        !gone
            .iter()
            .any(|g| a.key == *g || a.key.starts_with(&format!("{g}.")))
    });
    gone
}

impl Validator<'_> {
    fn road_and_transshipment(&mut self) -> VResult<()> {
        let p = KeyPath::root().key("road");
        let raw = self.need(&p, &self.raw.road)?;
        let km_per_day = self.required(&p.key("km_per_day"), &raw.km_per_day, values::positive)?;
        let delay = match &raw.delay_h {
            Some(v) => self.check(&p.key("delay_h"), values::non_negative_dist(v))?,
            None => Dist::fixed(0.0).expect("0 is finite"),
        };
        let tariff = self.check(
            &p.key("tariff_usd_per_teu_km"),
            values::non_negative(raw.tariff_usd_per_teu_km.unwrap_or(0.0)),
        )?;
        let co2 = self.check(
            &p.key("co2_kg_per_teu_km"),
            values::non_negative(raw.co2_kg_per_teu_km.unwrap_or(0.0)),
        )?;
        self.note(&p.key("km_per_day"), km_per_day, "km/day", &raw.source);
        self.note(
            &p.key("tariff_usd_per_teu_km"),
            tariff,
            "USD/TEU-km",
            &raw.source,
        );
        self.note(
            &p.key("co2_kg_per_teu_km"),
            co2,
            "kg CO2/TEU-km",
            &raw.source,
        );
        self.road = super::routes::RoadParams {
            km_per_day,
            delay_h: delay,
            tariff_usd_per_teu_km: tariff,
            co2_kg_per_teu_km: co2,
        };
        let p = KeyPath::root().key("transshipment");
        let raw = self.need(&p, &self.raw.transshipment)?;
        let dwell = self.need(&p.key("dwell_h"), &raw.dwell_h)?;
        let dwell = self.check(&p.key("dwell_h"), values::non_negative_dist(&dwell))?;
        let cost = self.check(
            &p.key("cost_usd_per_teu"),
            values::non_negative(raw.cost_usd_per_teu.unwrap_or(0.0)),
        )?;
        self.note(&p.key("dwell_h"), &dwell, "h", &raw.source);
        self.note(&p.key("cost_usd_per_teu"), cost, "USD/TEU", &raw.source);
        self.transshipment = (dwell, cost);
        Ok(())
    }

    /// A model port from the network's defaults, `[ports.default]` and
    /// `[ports.<LOCODE or id>]`, nearest first.
    pub(super) fn build_port(
        &mut self,
        path: &KeyPath,
        node: crate::network::NodeId,
        code: &str,
    ) -> VResult<Port> {
        let n = self.network.node(node);
        let base = self.raw.ports.get("default");
        let own = self
            .raw
            .ports
            .get(code)
            .or_else(|| self.raw.ports.get(&n.id));
        let own_key = if self.raw.ports.contains_key(code) {
            code.to_string()
        } else {
            n.id.clone()
        };
        let p = KeyPath::root().key("ports").key(&own_key);
        let default_path = KeyPath::root().key("ports").key("default");
        // Errors point at the table that set the value: the port's own, or
        // `[ports.default]` when it inherited it.
        let at = |key: &str, has: fn(&RawPort) -> bool| -> KeyPath {
            if own.is_some_and(has) || !base.is_some_and(has) {
                p.key(key)
            } else {
                default_path.key(key)
            }
        };
        let pick_f = |f: fn(&RawPort) -> Option<f64>| own.and_then(f).or_else(|| base.and_then(f));
        let defaults = n.defaults.as_ref();
        // `[ports.default]` berths yields to the network's count, so a bad
        // value there would otherwise pass unnoticed wherever it is unused.
        if let Some(b) = base.and_then(|r| r.berths)
            && (b == 0 || b > 1000)
        {
            return Err(self.err(
                &default_path.key("berths"),
                format!("must be from 1 to 1,000, got {b}"),
            ));
        }
        let berths = own
            .and_then(|r| r.berths)
            .or_else(|| defaults.and_then(|d| d.berths))
            .or_else(|| base.and_then(|r| r.berths))
            .ok_or_else(|| {
                self.err(path, format!("{} has no berth count", n.label()))
                    .with_hint(format!("add [ports.{code}] with berths = …"))
            })?;
        if berths == 0 || berths > 1000 {
            return Err(self.err(
                &p.key("berths"),
                format!("must be from 1 to 1,000, got {berths}"),
            ));
        }
        // One berth works with its share of the port's cranes at the crane
        // rate; a container move is 1.6 TEU on average (EST: the usual TEU
        // factor of a 20′/40′ mix).
        let network_rate = defaults.and_then(|d| {
            let per_berth = f64::from(d.cranes?) / f64::from(d.berths?.max(1));
            Some(per_berth * d.moves_per_crane_h? * 1.6)
        });
        let rate = pick_f(|r| r.berth_teu_per_h)
            .filter(|_| own.and_then(|r| r.berth_teu_per_h).is_some())
            .or(network_rate)
            .or_else(|| base.and_then(|r| r.berth_teu_per_h))
            .ok_or_else(|| {
                self.err(path, format!("{} has no handling rate", n.label()))
                    .with_hint(format!("add [ports.{code}] with berth_teu_per_h = …"))
            })?;
        let rate = self.check(
            &at("berth_teu_per_h", |r| r.berth_teu_per_h.is_some()),
            values::positive(rate),
        )?;
        let dues = own
            .and_then(|r| r.dues_usd_per_call)
            .or_else(|| defaults.and_then(|d| d.dues_usd_per_call))
            .or_else(|| base.and_then(|r| r.dues_usd_per_call))
            .unwrap_or(0.0);
        let dues = self.check(
            &at("dues_usd_per_call", |r| r.dues_usd_per_call.is_some()),
            values::non_negative(dues),
        )?;
        let handling = pick_f(|r| r.handling_usd_per_teu).unwrap_or(0.0);
        let handling = self.check(
            &at("handling_usd_per_teu", |r| r.handling_usd_per_teu.is_some()),
            values::non_negative(handling),
        )?;
        let occupancy = pick_f(|r| r.berth_occupancy).unwrap_or(0.0);
        let occupancy = self.check(
            &at("berth_occupancy", |r| r.berth_occupancy.is_some()),
            values::share(occupancy),
        )?;
        if occupancy >= 1.0 {
            return Err(self
                .err(
                    &at("berth_occupancy", |r| r.berth_occupancy.is_some()),
                    "must be below 1: at full occupancy the queue grows for ever",
                )
                .with_hint("congested ports run at 0.85–0.97"));
        }
        let service = own
            .and_then(|r| r.background_service_h.clone())
            .or_else(|| base.and_then(|r| r.background_service_h.clone()))
            .unwrap_or(toml::Value::Float(24.0));
        let service = self.check(
            &at("background_service_h", |r| r.background_service_h.is_some()),
            values::non_negative_dist(&service),
        )?;
        let initial_queue = match own.and_then(|r| r.initial_queue.clone()) {
            Some(v) => Some(self.check(&p.key("initial_queue"), values::non_negative_dist(&v))?),
            None => None,
        };
        let overhead = pick_f(|r| r.call_overhead_h).unwrap_or(0.0);
        let overhead = self.check(
            &at("call_overhead_h", |r| r.call_overhead_h.is_some()),
            values::non_negative(overhead),
        )?;
        let calls_per_week = occupancy * f64::from(berths) * 168.0 / service.mean().max(1e-9);
        // Each call is simulated: a berth time of seconds would mean millions.
        if calls_per_week > 7.0 * values::MAX_BACKGROUND_PER_DAY {
            return Err(self
                .err(
                    &at("background_service_h", |r| r.background_service_h.is_some()),
                    format!(
                        "other ships would call {calls_per_week:.0} times a week, more than the {:.0} a run can simulate",
                        7.0 * values::MAX_BACKGROUND_PER_DAY
                    ),
                )
                .with_hint("background_service_h is the berth time of other ships, hours (typically 12–48)"));
        }
        let source = own
            .and_then(|r| r.source.clone())
            .into_iter()
            .chain(defaults.map(|d| d.source.clone()))
            .chain(base.and_then(|r| r.source.clone()))
            .collect::<Vec<_>>()
            .join("; ");
        let source = Some(source);
        self.note(&p.key("berths"), berths, "berths", &source);
        self.note(
            &p.key("berth_teu_per_h"),
            format!("{rate:.1}"),
            "TEU/h per berth",
            &source,
        );
        self.note(&p.key("dues_usd_per_call"), dues, "USD/call", &source);
        self.note(&p.key("handling_usd_per_teu"), handling, "USD/TEU", &source);
        self.note(
            &p.key("berth_occupancy"),
            occupancy,
            "share of berth time, other ships",
            &source,
        );
        self.note(&p.key("call_overhead_h"), overhead, "h per call", &source);
        if let Some(d) = &initial_queue {
            self.note(
                &p.key("initial_queue"),
                d,
                "ships waiting at the start",
                &source,
            );
        }
        Ok(Port {
            locode: code.to_string(),
            name: n.name.clone(),
            berths,
            berth_teu_per_h: rate,
            call_overhead_h: overhead,
            dues_usd_per_call: dues,
            handling_usd_per_teu: handling,
            background_calls_per_week: calls_per_week,
            background_service_h: service,
            initial_queue,
        })
    }
}
