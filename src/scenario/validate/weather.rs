//! `[weather.<region>]` (with `[weather.default]` under each) and
//! `[risk_areas.<passage>]`: what the sea does to a sailing and what war
//! risk costs on it.

use crate::engine::Dist;
use crate::model::{RegionWeather, RiskArea};
use crate::scenario::error::KeyPath;
use crate::scenario::raw::{RawDist, RawRiskArea, RawWeather};
use crate::scenario::values;

use super::context::{Context, Names, VResult};

/// The weather regions, in file order (`default` is not one).
#[derive(Debug, Clone, Default)]
pub(super) struct Regions {
    list: Vec<RegionWeather>,
    names: Names,
}

impl Regions {
    /// Every `[weather.<region>]`. `[weather.default]` is checked first, on
    /// its own keys, so a bad value there is blamed on the line that wrote
    /// it rather than on the first library region that inherits it; when
    /// it fails, the regions that inherit from it are not checked.
    pub(super) fn read(cx: &mut Context<'_>) -> Regions {
        let weather = &cx.raw().weather;
        let base = weather.get("default");
        let mut regions = Regions::default();
        if let Some(raw) = base
            && let Err(failure) = region(cx, "default", raw, None)
        {
            cx.record(failure);
            for name in weather.keys().filter(|r| *r != "default") {
                regions.names.fail(name);
            }
            return regions;
        }
        for (name, raw) in weather.iter().filter(|(r, _)| *r != "default") {
            match region(cx, name, raw, base) {
                Ok(Some(r)) => {
                    regions.names.insert(name, regions.list.len());
                    regions.list.push(r);
                }
                Ok(None) => {}
                Err(failure) => {
                    regions.names.fail(name);
                    cx.record(failure);
                }
            }
        }
        regions
    }

    /// The regions by name.
    pub(super) fn names(&self) -> &Names {
        &self.names
    }

    /// The regions, for the model.
    pub(super) fn into_list(self) -> Vec<RegionWeather> {
        self.list
    }
}

/// One region over `base` (none for `default` itself, which makes no
/// region of the model).
fn region(
    cx: &mut Context<'_>,
    region: &str,
    raw: &RawWeather,
    base: Option<&RawWeather>,
) -> VResult<Option<RegionWeather>> {
    let is_default = region == "default";
    let p = KeyPath::root().key("weather").key(region);
    let get = |mine: &Option<Vec<f64>>, theirs: Option<&Vec<f64>>| {
        mine.clone().or_else(|| theirs.cloned())
    };
    let b = base;
    let monthly = |cx: &Context<'_>, key: &str, x: Option<Vec<f64>>| -> VResult<[f64; 12]> {
        let x = cx.need(&p.key(key), &x)?;
        let arr: [f64; 12] = x.clone().try_into().map_err(|_| {
            cx.err(
                &p.key(key),
                format!("needs 12 monthly values (January first), got {}", x.len()),
            )
        })?;
        for (i, &q) in arr.iter().enumerate() {
            cx.check(&p.key(key).index(i), values::share(q))?;
        }
        Ok(arr)
    };
    let storm = monthly(
        cx,
        "storm_day_probability",
        get(
            &raw.storm_day_probability,
            b.and_then(|b| b.storm_day_probability.as_ref()),
        ),
    )?;
    let cyclone = monthly(
        cx,
        "cyclone_day_probability",
        get(
            &raw.cyclone_day_probability,
            b.and_then(|b| b.cyclone_day_probability.as_ref()),
        ),
    )?;
    let loss = raw.storm_speed_loss.or(b.and_then(|b| b.storm_speed_loss));
    let loss = cx.required(&p.key("storm_speed_loss"), &loss, values::share)?;
    if loss >= 1.0 {
        return Err(cx.err(
            &p.key("storm_speed_loss"),
            "must be below 1: a storm slows ships, it does not stop them",
        ));
    }
    let dist_of = |cx: &Context<'_>,
                   key: &str,
                   mine: &Option<RawDist>,
                   theirs: Option<&RawDist>|
     -> VResult<Dist> {
        let value = mine.clone().or_else(|| theirs.cloned());
        let value = cx.need(&p.key(key), &value)?;
        cx.check(&p.key(key), values::non_negative_dist(&value))
    };
    let cyclone_delay = dist_of(
        cx,
        "cyclone_delay_h",
        &raw.cyclone_delay_h,
        b.and_then(|b| b.cyclone_delay_h.as_ref()),
    )?;
    let icebreaker = dist_of(
        cx,
        "icebreaker_wait_h",
        &raw.icebreaker_wait_h,
        b.and_then(|b| b.icebreaker_wait_h.as_ref()),
    )?;
    let ice_speed = raw.ice_speed_kn.or(b.and_then(|b| b.ice_speed_kn));
    let ice_speed = cx.required(&p.key("ice_speed_kn"), &ice_speed, values::positive)?;
    let months = raw
        .ice_months
        .clone()
        .or(b.and_then(|b| b.ice_months.clone()))
        .unwrap_or_default();
    let mut ice = [false; 12];
    for (i, &m) in months.iter().enumerate() {
        if !(1..=12).contains(&m) {
            return Err(cx.err(
                &p.key("ice_months").index(i),
                format!("months are 1–12, got {m}"),
            ));
        }
        ice[m as usize - 1] = true;
    }
    if is_default {
        return Ok(None);
    }
    let source = raw.source.clone().or(b.and_then(|b| b.source.clone()));
    cx.note(
        &p.key("storm_day_probability"),
        format!("{storm:?}"),
        "probability per day, Jan–Dec",
        &source,
    );
    cx.note(
        &p.key("cyclone_day_probability"),
        format!("{cyclone:?}"),
        "probability per day, Jan–Dec",
        &source,
    );
    Ok(Some(RegionWeather {
        region: region.to_string(),
        storm_day_probability: storm,
        storm_speed_loss: loss,
        cyclone_day_probability: cyclone,
        cyclone_delay_h: cyclone_delay,
        ice_months: ice,
        ice_speed_kn: ice_speed,
        icebreaker_wait_h: icebreaker,
    }))
}

/// The passages with a war-risk premium, in file order.
#[derive(Debug, Clone, Default)]
pub(super) struct RiskAreas {
    list: Vec<RiskArea>,
    names: Names,
}

impl RiskAreas {
    /// Every `[risk_areas.<passage>]`.
    pub(super) fn read(cx: &mut Context<'_>) -> RiskAreas {
        let mut areas = RiskAreas::default();
        for (passage, raw) in &cx.raw().risk_areas {
            match risk_area(cx, passage, raw) {
                Ok(a) => {
                    areas.names.insert(passage, areas.list.len());
                    areas.list.push(a);
                }
                Err(failure) => {
                    areas.names.fail(passage);
                    cx.record(failure);
                }
            }
        }
        areas
    }

    /// The risk area of `passage`, if it has one.
    pub(super) fn get(&self, passage: &str) -> Option<usize> {
        self.names.get(passage)
    }

    /// The risk areas, for the model.
    pub(super) fn into_list(self) -> Vec<RiskArea> {
        self.list
    }
}

fn risk_area(cx: &mut Context<'_>, passage: &str, raw: &RawRiskArea) -> VResult<RiskArea> {
    let p = KeyPath::root().key("risk_areas").key(passage);
    let network = cx.network();
    if !network.passages().iter().any(|q| q == passage) {
        return Err(cx
            .err(&p, format!("no sea lane belongs to a passage `{passage}`"))
            .with_hint(
                crate::scenario::did_you_mean(
                    passage,
                    network.passages().iter().map(String::as_str),
                )
                .unwrap_or_else(|| format!("passages: {}", network.passages().join(", "))),
            ));
    }
    let hull = cx.required(
        &p.key("hull_premium_share"),
        &raw.hull_premium_share,
        values::share,
    )?;
    let cargo = cx.required(
        &p.key("cargo_premium_share"),
        &raw.cargo_premium_share,
        values::share,
    )?;
    cx.note(
        &p.key("hull_premium_share"),
        hull,
        "share of hull value per transit",
        &raw.source,
    );
    cx.note(
        &p.key("cargo_premium_share"),
        cargo,
        "share of cargo value per transit",
        &raw.source,
    );
    Ok(RiskArea {
        passage: passage.to_string(),
        hull_premium_share: hull,
        cargo_premium_share: cargo,
    })
}
