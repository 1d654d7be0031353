//! `[road]` and `[transshipment]`: how trucks move containers, and what a
//! change of mode or gauge costs where no dwell leg stands for it.

use crate::engine::Dist;
use crate::scenario::error::KeyPath;
use crate::scenario::values;

use super::context::{Context, VResult};

/// How trucks move containers.
#[derive(Debug, Clone)]
pub(super) struct Road {
    pub(super) km_per_day: f64,
    /// Added once, when the cargo is loaded.
    pub(super) delay_h: Dist,
    pub(super) tariff_usd_per_teu_km: f64,
    pub(super) co2_kg_per_teu_km: f64,
}

impl Road {
    /// `[road]`.
    pub(super) fn read(cx: &mut Context<'_>) -> VResult<Road> {
        let p = KeyPath::root().key("road");
        let raw = cx.need(&p, &cx.raw().road)?;
        let km_per_day = cx.required(&p.key("km_per_day"), &raw.km_per_day, values::positive)?;
        let delay = match &raw.delay_h {
            Some(v) => cx.check(&p.key("delay_h"), values::non_negative_dist(v))?,
            None => Dist::fixed(0.0).expect("0 is finite"),
        };
        let tariff = cx.check(
            &p.key("tariff_usd_per_teu_km"),
            values::non_negative(raw.tariff_usd_per_teu_km.unwrap_or(0.0)),
        )?;
        let co2 = cx.check(
            &p.key("co2_kg_per_teu_km"),
            values::non_negative(raw.co2_kg_per_teu_km.unwrap_or(0.0)),
        )?;
        cx.note(&p.key("km_per_day"), km_per_day, "km/day", &raw.source);
        cx.note(
            &p.key("tariff_usd_per_teu_km"),
            tariff,
            "USD/TEU-km",
            &raw.source,
        );
        cx.note(
            &p.key("co2_kg_per_teu_km"),
            co2,
            "kg CO2/TEU-km",
            &raw.source,
        );
        Ok(Road {
            km_per_day,
            delay_h: delay,
            tariff_usd_per_teu_km: tariff,
            co2_kg_per_teu_km: co2,
        })
    }
}

/// A change of mode or gauge.
#[derive(Debug, Clone)]
pub(super) struct Transshipment {
    pub(super) dwell_h: Dist,
    pub(super) cost_usd_per_teu: f64,
}

impl Transshipment {
    /// `[transshipment]`.
    pub(super) fn read(cx: &mut Context<'_>) -> VResult<Transshipment> {
        let p = KeyPath::root().key("transshipment");
        let raw = cx.need(&p, &cx.raw().transshipment)?;
        let dwell = cx.need(&p.key("dwell_h"), &raw.dwell_h)?;
        let dwell = cx.check(&p.key("dwell_h"), values::non_negative_dist(&dwell))?;
        let cost = cx.check(
            &p.key("cost_usd_per_teu"),
            values::non_negative(raw.cost_usd_per_teu.unwrap_or(0.0)),
        )?;
        cx.note(&p.key("dwell_h"), &dwell, "h", &raw.source);
        cx.note(&p.key("cost_usd_per_teu"), cost, "USD/TEU", &raw.source);
        Ok(Transshipment {
            dwell_h: dwell,
            cost_usd_per_teu: cost,
        })
    }
}
