//! The cost basis of a scenario (`cost_basis`), the `[costs]` table the two
//! bases need and the carriers' sea freight rates (`[freight.<vessel>]`):
//! read, checked and noted with their sources, then handed to the model as
//! [`Costs`]. Per-step prices (tariffs, handling, tolls, dues) stay with the
//! tables that own them.

use crate::model::{CostBasis, Costs, FreightRate};
use crate::scenario::error::KeyPath;
use crate::scenario::values;

use super::context::{Context, Failure, VResult};
use super::vessels::Vessels;

/// The names `cost_basis` takes.
const BASES: [CostBasis; 2] = [CostBasis::Shipper, CostBasis::Operator];

/// Reads `cost_basis`, `[costs]` and `[freight.*]`, rates indexed like
/// `vessels`.
pub(super) fn read(cx: &mut Context<'_>, vessels: &Vessels) -> VResult<Costs> {
    let root = KeyPath::root();
    let basis = match &cx.raw().cost_basis {
        None => CostBasis::default(),
        Some(name) => BASES
            .into_iter()
            .find(|b| b.key() == name)
            .ok_or_else(|| {
                let keys = BASES.map(CostBasis::key);
                cx.err(
                    &root.key("cost_basis"),
                    format!("unknown cost basis `{name}`"),
                )
                .with_hint(crate::scenario::did_you_mean(name, keys).unwrap_or_else(|| {
                    "use \"shipper\" (what a cargo owner pays) or \"operator\" (round-voyage resource cost)".to_string()
                }))
            })?,
    };
    cx.note(
        &root.key("cost_basis"),
        basis.key(),
        "",
        &Some(basis.label().to_string()),
    );
    let p = root.key("costs");
    let raw = cx.need(&p, &cx.raw().costs)?;
    let backhaul = cx.required(
        &p.key("backhaul_load_factor"),
        &raw.backhaul_load_factor,
        values::share,
    )?;
    let empty = cx.required(
        &p.key("empty_move_share"),
        &raw.empty_move_share,
        values::share,
    )?;
    let lease = cx.required(
        &p.key("container_lease_usd_per_teu_day"),
        &raw.container_lease_usd_per_teu_day,
        values::non_negative,
    )?;
    cx.note(
        &p.key("backhaul_load_factor"),
        backhaul,
        "share of the head-haul load",
        &raw.source,
    );
    cx.note(
        &p.key("empty_move_share"),
        empty,
        "share of the laden price",
        &raw.source,
    );
    cx.note(
        &p.key("container_lease_usd_per_teu_day"),
        lease,
        "USD per TEU-day",
        &raw.source,
    );
    let mut freight = vec![FreightRate::default(); vessels.len()];
    for (name, raw) in &cx.raw().freight {
        let p = root.key("freight").key(name);
        if vessels.names().failed(name) {
            return Err(Failure::Dependent);
        }
        let Some(vessel) = vessels.names().get(name) else {
            let mut known: Vec<&str> = vessels.names().names().collect();
            known.sort_unstable();
            return Err(cx.err(&p, format!("no vessel class `{name}`")).with_hint(
                crate::scenario::did_you_mean(name, known.iter().copied())
                    .unwrap_or_else(|| "name a [vessels.<name>] table".to_string()),
            ));
        };
        let per_nm = cx.required(
            &p.key("usd_per_teu_nm"),
            &raw.usd_per_teu_nm,
            values::non_negative,
        )?;
        let per_call = cx.required(
            &p.key("usd_per_teu_call"),
            &raw.usd_per_teu_call,
            values::non_negative,
        )?;
        cx.note(
            &p.key("usd_per_teu_nm"),
            per_nm,
            "USD per TEU-nm",
            &raw.source,
        );
        cx.note(
            &p.key("usd_per_teu_call"),
            per_call,
            "USD per TEU loaded or discharged",
            &raw.source,
        );
        freight[vessel] = FreightRate {
            usd_per_teu_nm: per_nm,
            usd_per_teu_call: per_call,
        };
    }
    // A shipper-basis scenario must price every vessel class it sails.
    if basis == CostBasis::Shipper
        && let Some(name) = vessels
            .names()
            .names()
            .filter(|n| !cx.raw().freight.contains_key(*n))
            .min()
    {
        return Err(cx
            .err(
                &root.key("freight").key(name),
                format!("vessel class `{name}` has no freight rate for the shipper basis"),
            )
            .with_hint(format!(
                "add [freight.{name}] with usd_per_teu_nm and usd_per_teu_call, or set cost_basis = \"operator\""
            )));
    }
    Ok(Costs {
        basis,
        backhaul_load_factor: backhaul,
        empty_move_share: empty,
        container_lease_usd_per_teu_day: lease,
        freight,
    })
}
