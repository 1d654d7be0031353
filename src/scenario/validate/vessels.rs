//! `[fuels.<name>]` and `[vessels.<name>]`: read, checked and noted, with
//! what the network must allow for each vessel class to sail a lane.

use crate::model::{Fuel, Vessel};
use crate::network::{IceClass, VesselLimits};
use crate::scenario::error::KeyPath;
use crate::scenario::raw::{RawFuel, RawVessel};
use crate::scenario::values;

use super::context::{Context, Failure, Names, VResult};

/// The scenario's fuels, in file order.
#[derive(Debug, Clone, Default)]
pub(super) struct Fuels {
    list: Vec<Fuel>,
    names: Names,
}

impl Fuels {
    /// Every `[fuels.<name>]`; a fuel with a bad value is reported and
    /// left out.
    pub(super) fn read(cx: &mut Context<'_>) -> Fuels {
        let mut fuels = Fuels::default();
        for (name, raw) in &cx.raw().fuels {
            match fuel(cx, name, raw) {
                Ok(f) => {
                    fuels.names.insert(name, fuels.list.len());
                    fuels.list.push(f);
                }
                Err(failure) => {
                    fuels.names.fail(name);
                    cx.record(failure);
                }
            }
        }
        fuels
    }

    /// The fuels, for the model.
    pub(super) fn into_list(self) -> Vec<Fuel> {
        self.list
    }
}

fn fuel(cx: &mut Context<'_>, name: &str, raw: &RawFuel) -> VResult<Fuel> {
    let p = KeyPath::root().key("fuels").key(name);
    let co2 = cx.required(&p.key("co2_t_per_t"), &raw.co2_t_per_t, values::positive)?;
    let price = cx.required(
        &p.key("price_usd_per_t"),
        &raw.price_usd_per_t,
        values::non_negative,
    )?;
    cx.note(&p.key("co2_t_per_t"), co2, "t CO2 per t fuel", &raw.source);
    cx.note(&p.key("price_usd_per_t"), price, "USD/t", &raw.source);
    Ok(Fuel {
        name: name.to_string(),
        co2_t_per_t: co2,
        price_usd_per_t: price,
    })
}

/// One vessel class as validated, with what the model's [`Vessel`] does
/// not carry.
#[derive(Debug, Clone)]
struct VesselClass {
    vessel: Vessel,
    /// What the network must allow for the class to sail a lane.
    limits: VesselLimits,
    /// Share of the TEU on board moved at an intermediate call.
    call_moves_share: f64,
}

/// The scenario's vessel classes, in file order.
#[derive(Debug, Clone, Default)]
pub(super) struct Vessels {
    classes: Vec<VesselClass>,
    names: Names,
}

impl Vessels {
    /// Every `[vessels.<name>]`, its fuel named in `fuels`; a class with a
    /// bad value is reported and left out.
    pub(super) fn read(cx: &mut Context<'_>, fuels: &Fuels) -> Vessels {
        let mut vessels = Vessels::default();
        for (name, raw) in &cx.raw().vessels {
            match class(cx, fuels, name, raw) {
                Ok(c) => {
                    vessels.names.insert(name, vessels.classes.len());
                    vessels.classes.push(c);
                }
                Err(failure) => {
                    vessels.names.fail(name);
                    cx.record(failure);
                }
            }
        }
        vessels
    }

    /// How many classes validated.
    pub(super) fn len(&self) -> usize {
        self.classes.len()
    }

    /// Class `i`.
    pub(super) fn get(&self, i: usize) -> &Vessel {
        &self.classes[i].vessel
    }

    /// What the network must allow for class `i` to sail a lane.
    pub(super) fn limits(&self, i: usize) -> VesselLimits {
        self.classes[i].limits
    }

    /// Share of the TEU on board class `i` moves at an intermediate call.
    pub(super) fn call_moves_share(&self, i: usize) -> f64 {
        self.classes[i].call_moves_share
    }

    /// The classes by name.
    pub(super) fn names(&self) -> &Names {
        &self.names
    }

    /// The class `name` names, with "did you mean"; quiet when the class
    /// failed.
    pub(super) fn find(&self, cx: &Context<'_>, path: &KeyPath, name: &str) -> VResult<usize> {
        self.names.find(cx, path, "vessel class", name)
    }

    /// The classes, for the model.
    pub(super) fn into_list(self) -> Vec<Vessel> {
        self.classes.into_iter().map(|c| c.vessel).collect()
    }
}

fn class(cx: &mut Context<'_>, fuels: &Fuels, name: &str, raw: &RawVessel) -> VResult<VesselClass> {
    let p = KeyPath::root().key("vessels").key(name);
    let capacity = cx.required(&p.key("capacity_teu"), &raw.capacity_teu, values::positive)?;
    let utilisation = cx.required(&p.key("utilisation"), &raw.utilisation, values::share)?;
    if utilisation == 0.0 {
        return Err(cx.err(
            &p.key("utilisation"),
            "must be greater than 0: vessel costs are shared over the TEU on board",
        ));
    }
    let design = cx.required(
        &p.key("design_speed_kn"),
        &raw.design_speed_kn,
        values::positive,
    )?;
    let service = cx.required(
        &p.key("service_speed_kn"),
        &raw.service_speed_kn,
        values::positive,
    )?;
    if service > 40.0 {
        return Err(cx.err(
            &p.key("service_speed_kn"),
            format!("{service} kn is faster than any container ship"),
        ));
    }
    let main = cx.required(
        &p.key("main_fuel_t_per_day"),
        &raw.main_fuel_t_per_day,
        values::non_negative,
    )?;
    let aux = cx.required(
        &p.key("aux_fuel_t_per_day"),
        &raw.aux_fuel_t_per_day,
        values::non_negative,
    )?;
    let port = cx.required(
        &p.key("port_fuel_t_per_day"),
        &raw.port_fuel_t_per_day,
        values::non_negative,
    )?;
    let charter = cx.required(
        &p.key("charter_usd_per_day"),
        &raw.charter_usd_per_day,
        values::non_negative,
    )?;
    let hull = cx.required(
        &p.key("hull_value_usd"),
        &raw.hull_value_usd,
        values::non_negative,
    )?;
    let toll = cx.required(
        &p.key("canal_toll_usd"),
        &raw.canal_toll_usd,
        values::non_negative,
    )?;
    let call_share = cx.required(
        &p.key("call_moves_share"),
        &raw.call_moves_share,
        values::share,
    )?;
    let fuel_name = cx.need(&p.key("fuel"), &raw.fuel)?;
    if fuels.names.failed(&fuel_name) {
        return Err(Failure::Dependent);
    }
    let fuel = fuels.names.get(&fuel_name).ok_or_else(|| {
        let known: Vec<&str> = fuels.list.iter().map(|f| f.name.as_str()).collect();
        cx.err(&p.key("fuel"), format!("unknown fuel `{fuel_name}`"))
            .with_hint(
                crate::scenario::did_you_mean(&fuel_name, known.iter().copied())
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
        cx.note(&p.key(key), value, unit, &raw.source);
    }
    Ok(VesselClass {
        vessel: Vessel {
            name: name.to_string(),
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
        },
        limits: VesselLimits {
            draft_m: raw.draft_m,
            length_m: raw.length_m,
            ice_class: if raw.ice_class.unwrap_or(false) {
                IceClass::Ice1
            } else {
                IceClass::None
            },
            ..VesselLimits::default()
        },
        call_moves_share: call_share,
    })
}
