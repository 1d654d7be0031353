//! `[departures]` and `[prices]`: the shipments and the prices every route
//! is costed at.

use crate::model::{Departures, Prices};
use crate::scenario::error::KeyPath;
use crate::scenario::values;

use super::context::{Context, VResult};

/// `[departures]`: when shipments leave and how big they are.
pub(super) fn departures(cx: &mut Context<'_>) -> VResult<Departures> {
    let p = KeyPath::root().key("departures");
    let raw = cx.need(&p, &cx.raw().departures)?;
    let first_day = cx.check(
        &p.key("first_day"),
        values::non_negative(raw.first_day.unwrap_or(0.0)),
    )?;
    let every_days = cx.required(&p.key("every_days"), &raw.every_days, values::positive)?;
    let count = cx.need(&p.key("count"), &raw.count)?;
    if count == 0 || count > 10_000 {
        return Err(cx.err(
            &p.key("count"),
            format!("must be from 1 to 10,000, got {count}"),
        ));
    }
    let teu = cx.required(&p.key("teu"), &raw.teu, values::positive)?;
    cx.note(&p.key("every_days"), every_days, "days", &raw.source);
    cx.note(&p.key("count"), count, "shipments per route", &raw.source);
    cx.note(&p.key("teu"), teu, "TEU per shipment", &raw.source);
    Ok(Departures {
        first_h: first_day * 24.0,
        every_h: every_days * 24.0,
        count,
        teu,
    })
}

/// `[prices]`: what carbon, cargo value and its holding and insurance cost.
pub(super) fn prices(cx: &mut Context<'_>) -> VResult<Prices> {
    let p = KeyPath::root().key("prices");
    let raw = cx.need(&p, &cx.raw().prices)?;
    let carbon = cx.check(
        &p.key("carbon_usd_per_t_co2"),
        values::non_negative(cx.need(&p.key("carbon_usd_per_t_co2"), &raw.carbon_usd_per_t_co2)?),
    )?;
    let value = cx.check(
        &p.key("cargo_value_usd_per_teu"),
        values::non_negative(cx.need(
            &p.key("cargo_value_usd_per_teu"),
            &raw.cargo_value_usd_per_teu,
        )?),
    )?;
    let holding = cx.required(
        &p.key("holding_rate_per_year"),
        &raw.holding_rate_per_year,
        values::share,
    )?;
    let insurance = cx.required(
        &p.key("cargo_insurance_share"),
        &raw.cargo_insurance_share,
        values::share,
    )?;
    cx.note(
        &p.key("carbon_usd_per_t_co2"),
        carbon,
        "USD/t CO2",
        &raw.source,
    );
    cx.note(
        &p.key("cargo_value_usd_per_teu"),
        value,
        "USD/TEU",
        &raw.source,
    );
    cx.note(
        &p.key("holding_rate_per_year"),
        holding,
        "share of value per year",
        &raw.source,
    );
    cx.note(
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
