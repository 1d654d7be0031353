//! `[canals.<name>]` and `[services.<name>]`: the timetabled rides a route
//! books. A canal is two convoy timetables (northbound, southbound); a rail
//! or ferry service one timetable and how it moves containers; a liner
//! service (validate/liners.rs) gets a timetable for each call a leg boards
//! at, made when a route first rides it.

use std::collections::HashMap;

use crate::engine::{CapacityWindow, Dist, TimetableSpec};
use crate::model::{Date, Service, ServiceKind};
use crate::network::NodeId;
use crate::scenario::error::KeyPath;
use crate::scenario::raw::{RawCanal, RawLeg, RawService, RawServiceKind};
use crate::scenario::values;

use super::context::{Context, Failure, Names, VResult};
use super::liners::{LinerDefs, Ride};
use super::vessels::Vessels;

/// When the scenario runs: monthly capacity windows are laid over it.
#[derive(Debug, Clone, Copy)]
pub(super) struct Calendar {
    pub(super) start_date: Date,
    pub(super) horizon_h: f64,
}

/// How a timetabled rail or ferry service moves containers once they are
/// on board.
#[derive(Debug, Clone)]
pub(super) struct ServiceTravel {
    pub(super) km_per_day: Option<f64>,
    pub(super) speed_kn: Option<f64>,
    pub(super) delay_h: Dist,
    pub(super) tariff_usd_per_teu_km: f64,
    pub(super) tariff_usd_per_teu: f64,
    pub(super) co2_kg_per_teu_km: f64,
    /// The months of winter, and the delay a winter departure adds.
    pub(super) winter: Option<([bool; 12], Dist)>,
}

/// The convoys of a canal, as a sea path meets it.
#[derive(Debug, Clone)]
pub(super) struct CanalConvoys {
    /// The canal's name in the file (`[canals.<name>]`).
    pub(super) canal: String,
    /// The northbound and southbound convoy timetables (service indices).
    pub(super) northbound: usize,
    pub(super) southbound: usize,
    /// The transit through the canal.
    pub(super) transit_h: Dist,
}

/// Every timetable of the scenario: canal convoys, rail and ferry
/// services, and the boarding calls of the liner services legs ride.
#[derive(Debug, Clone, Default)]
pub(super) struct Services {
    list: Vec<Service>,
    /// Rail and ferry services by name.
    names: Names,
    travel: HashMap<usize, ServiceTravel>,
    /// Canal convoys by the passage the canal is.
    canals: HashMap<String, CanalConvoys>,
    liners: LinerDefs,
}

impl Services {
    /// Every `[canals.<name>]` and `[services.<name>]`, in file order, each
    /// checked on its own.
    pub(super) fn read(cx: &mut Context<'_>, vessels: &Vessels, calendar: Calendar) -> Services {
        let mut services = Services::default();
        for (name, raw) in &cx.raw().canals {
            let result = canal(cx, name, raw);
            if let Some((passage, convoys, timetables)) = cx.keep(result) {
                let [north, south] = timetables;
                let northbound = services.push(north);
                let southbound = services.push(south);
                services.canals.insert(
                    passage,
                    CanalConvoys {
                        canal: name.clone(),
                        northbound,
                        southbound,
                        transit_h: convoys,
                    },
                );
            }
        }
        for (name, raw) in &cx.raw().services {
            match services.service(cx, vessels, calendar, name, raw) {
                Ok(()) => {}
                Err(failure) => {
                    services.names.fail(name);
                    services.liners.fail(name);
                    cx.record(failure);
                }
            }
        }
        services
    }

    fn push(&mut self, service: Service) -> usize {
        self.list.push(service);
        self.list.len() - 1
    }

    fn service(
        &mut self,
        cx: &mut Context<'_>,
        vessels: &Vessels,
        calendar: Calendar,
        name: &str,
        raw: &RawService,
    ) -> VResult<()> {
        let p = KeyPath::root().key("services").key(name);
        let raw_kind = cx.need(&p.key("kind"), &raw.kind)?;
        super::liners::service_keys_fit(cx, &p, raw_kind, raw)?;
        let kind = match raw_kind {
            RawServiceKind::Rail => ServiceKind::Rail,
            RawServiceKind::Ferry => ServiceKind::Ferry,
            RawServiceKind::Liner => return self.liners.define(cx, vessels, name, raw),
        };
        let per_week = cx.required(
            &p.key("departures_per_week"),
            &raw.departures_per_week,
            values::positive,
        )?;
        if per_week > 1000.0 {
            return Err(cx.err(&p.key("departures_per_week"), "must be at most 1,000"));
        }
        let first = cx.required(
            &p.key("first_departure_h"),
            &raw.first_departure_h,
            values::non_negative,
        )?;
        let capacity = cx.required(&p.key("capacity_teu"), &raw.capacity_teu, values::positive)?;
        let background = cx.check(
            &p.key("background_teu_per_departure"),
            values::non_negative(raw.background_teu_per_departure.unwrap_or(0.0)),
        )?;
        let cutoff = cx.check(
            &p.key("cutoff_h"),
            values::cutoff_h(raw.cutoff_h.unwrap_or(0.0)),
        )?;
        let delay = match &raw.delay_h {
            Some(v) => cx.check(&p.key("delay_h"), values::non_negative_dist(v))?,
            None => Dist::fixed(0.0).expect("0 is finite"),
        };
        let (km_per_day, speed_kn) = match kind {
            ServiceKind::Ferry => (
                None,
                Some(cx.required(&p.key("speed_kn"), &raw.speed_kn, values::positive)?),
            ),
            _ => (
                Some(cx.required(&p.key("km_per_day"), &raw.km_per_day, values::positive)?),
                None,
            ),
        };
        let per_km = cx.check(
            &p.key("tariff_usd_per_teu_km"),
            values::non_negative(raw.tariff_usd_per_teu_km.unwrap_or(0.0)),
        )?;
        let per_teu = cx.check(
            &p.key("tariff_usd_per_teu"),
            values::non_negative(raw.tariff_usd_per_teu.unwrap_or(0.0)),
        )?;
        let co2 = cx.check(
            &p.key("co2_kg_per_teu_km"),
            values::non_negative(raw.co2_kg_per_teu_km.unwrap_or(0.0)),
        )?;
        let mut windows = cx.windows_for(&format!("service:{name}"));
        let mut winter = None;
        if let Some(months) = &raw.winter_months {
            let factor = cx.check(
                &p.key("winter_capacity_factor"),
                values::non_negative(raw.winter_capacity_factor.unwrap_or(1.0)),
            )?;
            let mut marked = [false; 12];
            for (i, &m) in months.iter().enumerate() {
                if !(1..=12).contains(&m) {
                    return Err(cx.err(
                        &p.key("winter_months").index(i),
                        format!("months are 1–12, got {m}"),
                    ));
                }
                marked[m as usize - 1] = true;
            }
            windows.extend(month_windows(calendar, months, factor));
            if let Some(extra) = &raw.winter_delay_h {
                let extra = cx.check(&p.key("winter_delay_h"), values::non_negative_dist(extra))?;
                cx.note(&p.key("winter_delay_h"), &extra, "h", &raw.source);
                winter = Some((marked, extra));
            }
            cx.note(
                &p.key("winter_capacity_factor"),
                factor,
                "× capacity",
                &raw.source,
            );
        }
        let headway = 168.0 / per_week;
        let initial_backlog = match &raw.initial_backlog_teu {
            Some(v) => {
                let d = cx.check(&p.key("initial_backlog_teu"), values::non_negative_dist(v))?;
                cx.note(&p.key("initial_backlog_teu"), &d, "TEU", &raw.source);
                Some(d)
            }
            None => None,
        };
        cx.note(
            &p.key("departures_per_week"),
            per_week,
            "departures/week",
            &raw.source,
        );
        cx.note(
            &p.key("capacity_teu"),
            capacity,
            "TEU per departure",
            &raw.source,
        );
        cx.note(
            &p.key("background_teu_per_departure"),
            background,
            "TEU per departure (Poisson mean)",
            &raw.source,
        );
        if let Some(k) = km_per_day {
            cx.note(&p.key("km_per_day"), k, "km/day", &raw.source);
        }
        if let Some(s) = speed_kn {
            cx.note(&p.key("speed_kn"), s, "kn", &raw.source);
        }
        cx.note(
            &p.key("tariff_usd_per_teu_km"),
            per_km,
            "USD/TEU-km",
            &raw.source,
        );
        cx.note(
            &p.key("tariff_usd_per_teu"),
            per_teu,
            "USD/TEU",
            &raw.source,
        );
        cx.note(
            &p.key("co2_kg_per_teu_km"),
            co2,
            "kg CO2/TEU-km",
            &raw.source,
        );
        let index = self.push(Service {
            kind,
            timetable: TimetableSpec {
                name: name.to_string(),
                first_departure_h: first,
                headway_h: headway,
                capacity,
                cutoff_h: cutoff,
                background_per_departure: background,
                windows,
            },
            initial_backlog,
        });
        self.names.insert(name, index);
        self.travel.insert(
            index,
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
        Ok(())
    }

    /// Timetable `i`.
    pub(super) fn get(&self, i: usize) -> &Service {
        &self.list[i]
    }

    /// The rail and ferry services by name.
    pub(super) fn names(&self) -> &Names {
        &self.names
    }

    /// The liner services.
    pub(super) fn liners(&self) -> &LinerDefs {
        &self.liners
    }

    /// How rail or ferry service `i` moves containers.
    pub(super) fn travel(&self, i: usize) -> Option<&ServiceTravel> {
        self.travel.get(&i)
    }

    /// The convoys of the canal that is `passage`, if the scenario has it.
    pub(super) fn canal(&self, passage: &str) -> Option<&CanalConvoys> {
        self.canals.get(passage)
    }

    /// The canal whose convoy timetable `service` is, if it is one.
    pub(super) fn canal_of(&self, service: usize) -> Option<(&str, &CanalConvoys)> {
        self.canals
            .iter()
            .find(|(_, c)| c.northbound == service || c.southbound == service)
            .map(|(p, c)| (p.as_str(), c))
    }

    /// The liner service a sea leg rides, with its boarding timetable
    /// (made on first use).
    #[allow(clippy::too_many_arguments)]
    pub(super) fn ride_liner(
        &mut self,
        cx: &Context<'_>,
        vessels: &Vessels,
        path: &KeyPath,
        leg: &RawLeg,
        name: &str,
        from: NodeId,
        to: NodeId,
    ) -> VResult<Ride> {
        if self.liners.failed(name) {
            return Err(Failure::Dependent);
        }
        if self.names.get(name).is_some() {
            return Err(cx
                .err(&path.key("service"), format!("`{name}` is a train or ferry service, not a liner"))
                .with_hint("a sea leg rides a service with kind = \"liner\"; a rail or ferry leg rides a train or ferry"));
        }
        self.liners
            .ride(cx, vessels, &mut self.list, path, leg, name, from, to)
    }

    /// The timetables, the liner services legs ride, and which canal each
    /// convoy timetable belongs to, for the model.
    pub(super) fn finish(self) -> (Vec<Service>, LinerDefs, Vec<CanalConvoys>) {
        (self.list, self.liners, self.canals.into_values().collect())
    }
}

/// One canal: its passage, transit, and northbound and southbound convoy
/// timetables.
fn canal(
    cx: &mut Context<'_>,
    name: &str,
    raw: &RawCanal,
) -> VResult<(String, Dist, [Service; 2])> {
    let p = KeyPath::root().key("canals").key(name);
    let passage = raw.passage.clone().unwrap_or_else(|| name.to_string());
    let north = cx.required(
        &p.key("northbound_entry_h"),
        &raw.northbound_entry_h,
        values::non_negative,
    )?;
    let south = cx.required(
        &p.key("southbound_entry_h"),
        &raw.southbound_entry_h,
        values::non_negative,
    )?;
    for (key, h) in [("northbound_entry_h", north), ("southbound_entry_h", south)] {
        if h >= 24.0 {
            return Err(cx.err(&p.key(key), format!("is an hour of the day, 0–24, got {h}")));
        }
    }
    let cutoff = cx.required(&p.key("cutoff_h"), &raw.cutoff_h, values::cutoff_h)?;
    let capacity = cx.required(
        &p.key("convoy_capacity"),
        &raw.convoy_capacity,
        values::positive,
    )?;
    let background = cx.required(
        &p.key("background_ships_per_day"),
        &raw.background_ships_per_day,
        values::non_negative,
    )?;
    let transit = cx.need(&p.key("transit_h"), &raw.transit_h)?;
    let transit = cx.check(&p.key("transit_h"), values::non_negative_dist(&transit))?;
    let windows = cx.windows_for(&format!("canal:{name}"));
    let timetables =
        [("northbound", north), ("southbound", south)].map(|(direction, entry)| Service {
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
    for (key, value, unit) in [
        ("northbound_entry_h", north, "hour of day"),
        ("southbound_entry_h", south, "hour of day"),
        ("cutoff_h", cutoff, "h before entry"),
        ("convoy_capacity", capacity, "ships per convoy"),
        ("background_ships_per_day", background, "ships/day each way"),
    ] {
        cx.note(&p.key(key), value, unit, &raw.source);
    }
    cx.note(&p.key("transit_h"), &transit, "h", &raw.source);
    Ok((passage, transit, timetables))
}

/// Absolute windows covering `months` in every year of the horizon.
fn month_windows(calendar: Calendar, months: &[u32], factor: f64) -> Vec<CapacityWindow> {
    let start = calendar.start_date.days();
    let days = (calendar.horizon_h / 24.0).ceil() as i64 + 1;
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
