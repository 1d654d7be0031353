//! The cost basis of a scenario (`cost_basis`), the `[costs]` table the two
//! bases need and the carriers' sea freight rates (`[freight.<vessel>]`):
//! read, checked and noted with their sources, then handed to the model as
//! [`Costs`]. Per-step prices (tariffs, handling, tolls, dues) stay with the
//! tables that own them.

use serde::Deserialize;

use crate::model::{CostBasis, Costs, FreightRate};

use super::error::{KeyPath, ScenarioError};
use super::validate::Validator;
use super::values;

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

/// The names `cost_basis` takes.
const BASES: [CostBasis; 2] = [CostBasis::Shipper, CostBasis::Operator];

impl Validator<'_> {
    /// Reads `cost_basis`, `[costs]` and `[freight.*]`; vessels must be read
    /// first (rates are indexed like them).
    pub(super) fn costs(&mut self) -> Result<Costs, ScenarioError> {
        let root = KeyPath::root();
        let basis = match &self.raw.cost_basis {
            None => CostBasis::default(),
            Some(name) => BASES
                .into_iter()
                .find(|b| b.key() == name)
                .ok_or_else(|| {
                    let keys = BASES.map(CostBasis::key);
                    self.err(
                        &root.key("cost_basis"),
                        format!("unknown cost basis `{name}`"),
                    )
                    .with_hint(super::did_you_mean(name, keys).unwrap_or_else(|| {
                        "use \"shipper\" (what a cargo owner pays) or \"operator\" (round-voyage resource cost)".to_string()
                    }))
                })?,
        };
        self.note(
            &root.key("cost_basis"),
            basis.key(),
            "",
            &Some(basis.label().to_string()),
        );
        let p = root.key("costs");
        let raw = self.need(&p, &self.raw.costs)?;
        let backhaul = self.required(
            &p.key("backhaul_load_factor"),
            &raw.backhaul_load_factor,
            values::share,
        )?;
        let empty = self.required(
            &p.key("empty_move_share"),
            &raw.empty_move_share,
            values::share,
        )?;
        let lease = self.required(
            &p.key("container_lease_usd_per_teu_day"),
            &raw.container_lease_usd_per_teu_day,
            values::non_negative,
        )?;
        self.note(
            &p.key("backhaul_load_factor"),
            backhaul,
            "share of the head-haul load",
            &raw.source,
        );
        self.note(
            &p.key("empty_move_share"),
            empty,
            "share of the laden price",
            &raw.source,
        );
        self.note(
            &p.key("container_lease_usd_per_teu_day"),
            lease,
            "USD per TEU-day",
            &raw.source,
        );
        let mut freight = vec![FreightRate::default(); self.vessels.len()];
        for (name, raw) in &self.raw.freight {
            let p = root.key("freight").key(name);
            let Some(&vessel) = self.vessel_index.get(name) else {
                let known: Vec<&str> = self.vessel_index.keys().map(String::as_str).collect();
                return Err(self.err(&p, format!("no vessel class `{name}`")).with_hint(
                    super::did_you_mean(name, known.iter().copied())
                        .unwrap_or_else(|| "name a [vessels.<name>] table".to_string()),
                ));
            };
            let per_nm = self.required(
                &p.key("usd_per_teu_nm"),
                &raw.usd_per_teu_nm,
                values::non_negative,
            )?;
            let per_call = self.required(
                &p.key("usd_per_teu_call"),
                &raw.usd_per_teu_call,
                values::non_negative,
            )?;
            self.note(
                &p.key("usd_per_teu_nm"),
                per_nm,
                "USD per TEU-nm",
                &raw.source,
            );
            self.note(
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
            && let Some((name, _)) = self
                .vessel_index
                .iter()
                .filter(|(_, i)| !self.raw.freight.keys().any(|f| self.vessel_index[f] == **i))
                .min_by_key(|(n, _)| n.as_str())
        {
            return Err(self
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
}
