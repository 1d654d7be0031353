//! Ports as routes call at them: each built on first use from the
//! network's defaults, `[ports.default]` and `[ports.<LOCODE or id>]`.

use std::collections::HashMap;

use crate::model::Port;
use crate::network::NodeId;
use crate::scenario::error::KeyPath;
use crate::scenario::raw::RawPort;
use crate::scenario::values;

use super::context::{Context, VResult};

/// The ports routes call at, in the order first called.
#[derive(Debug, Clone, Default)]
pub(super) struct Ports {
    list: Vec<Port>,
    index: HashMap<String, usize>,
}

impl Ports {
    /// The model port for a network node, built on first use from the
    /// network's defaults overlaid with `[ports.default]` and `[ports.<code>]`.
    pub(super) fn port_for(
        &mut self,
        cx: &mut Context<'_>,
        path: &KeyPath,
        node: NodeId,
    ) -> VResult<usize> {
        let n = cx.network().node(node);
        let code = n.locode.clone().unwrap_or_else(|| n.id.clone());
        if let Some(&i) = self.index.get(&code) {
            return Ok(i);
        }
        let port = build_port(cx, path, node, &code)?;
        self.index.insert(code, self.list.len());
        self.list.push(port);
        Ok(self.list.len() - 1)
    }

    /// The ports so far.
    pub(super) fn list(&self) -> &[Port] {
        &self.list
    }

    /// The ports, for the model.
    pub(super) fn into_list(self) -> Vec<Port> {
        self.list
    }
}

/// A model port from the network's defaults, `[ports.default]` and
/// `[ports.<LOCODE or id>]`, nearest first.
fn build_port(
    cx: &mut Context<'_>,
    path: &KeyPath,
    node: crate::network::NodeId,
    code: &str,
) -> VResult<Port> {
    let n = cx.network().node(node);
    let base = cx.raw().ports.get("default");
    let own = cx
        .raw()
        .ports
        .get(code)
        .or_else(|| cx.raw().ports.get(&n.id));
    let own_key = if cx.raw().ports.contains_key(code) {
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
        return Err(cx.err(
            &default_path.key("berths"),
            format!("must be from 1 to 1,000, got {b}"),
        ));
    }
    let berths = own
        .and_then(|r| r.berths)
        .or_else(|| defaults.and_then(|d| d.berths))
        .or_else(|| base.and_then(|r| r.berths))
        .ok_or_else(|| {
            cx.err(path, format!("{} has no berth count", n.label()))
                .with_hint(format!("add [ports.{code}] with berths = …"))
        })?;
    if berths == 0 || berths > 1000 {
        return Err(cx.err(
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
            cx.err(path, format!("{} has no handling rate", n.label()))
                .with_hint(format!("add [ports.{code}] with berth_teu_per_h = …"))
        })?;
    let rate = cx.check(
        &at("berth_teu_per_h", |r| r.berth_teu_per_h.is_some()),
        values::positive(rate),
    )?;
    let dues = own
        .and_then(|r| r.dues_usd_per_call)
        .or_else(|| defaults.and_then(|d| d.dues_usd_per_call))
        .or_else(|| base.and_then(|r| r.dues_usd_per_call))
        .unwrap_or(0.0);
    let dues = cx.check(
        &at("dues_usd_per_call", |r| r.dues_usd_per_call.is_some()),
        values::non_negative(dues),
    )?;
    let handling = pick_f(|r| r.handling_usd_per_teu).unwrap_or(0.0);
    let handling = cx.check(
        &at("handling_usd_per_teu", |r| r.handling_usd_per_teu.is_some()),
        values::non_negative(handling),
    )?;
    let occupancy = pick_f(|r| r.berth_occupancy).unwrap_or(0.0);
    let occupancy = cx.check(
        &at("berth_occupancy", |r| r.berth_occupancy.is_some()),
        values::share(occupancy),
    )?;
    if occupancy >= 1.0 {
        return Err(cx
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
    let service = cx.check(
        &at("background_service_h", |r| r.background_service_h.is_some()),
        values::non_negative_dist(&service),
    )?;
    let initial_queue = match own.and_then(|r| r.initial_queue.clone()) {
        Some(v) => Some(cx.check(&p.key("initial_queue"), values::non_negative_dist(&v))?),
        None => None,
    };
    let overhead = pick_f(|r| r.call_overhead_h).unwrap_or(0.0);
    let overhead = cx.check(
        &at("call_overhead_h", |r| r.call_overhead_h.is_some()),
        values::non_negative(overhead),
    )?;
    let calls_per_week = occupancy * f64::from(berths) * 168.0 / service.mean().max(1e-9);
    // Each call is simulated: a berth time of seconds would mean millions.
    if calls_per_week > 7.0 * values::MAX_BACKGROUND_PER_DAY {
        return Err(cx
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
    cx.note(&p.key("berths"), berths, "berths", &source);
    cx.note(
        &p.key("berth_teu_per_h"),
        format!("{rate:.1}"),
        "TEU/h per berth",
        &source,
    );
    cx.note(&p.key("dues_usd_per_call"), dues, "USD/call", &source);
    cx.note(&p.key("handling_usd_per_teu"), handling, "USD/TEU", &source);
    cx.note(
        &p.key("berth_occupancy"),
        occupancy,
        "share of berth time, other ships",
        &source,
    );
    cx.note(&p.key("call_overhead_h"), overhead, "h per call", &source);
    if let Some(d) = &initial_queue {
        cx.note(
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
