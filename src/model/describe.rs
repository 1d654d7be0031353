//! Routes' steps described in words, with the numbers the model uses:
//! what `corridor explain` prints for each route. The model owns these
//! descriptions because only it knows what a step does.

use serde::Serialize;

use super::{Scenario, ServiceKind, Step};

/// One step of a route, as text and as data.
#[derive(Debug, Clone, Serialize)]
pub struct StepDescription {
    /// `dwell`, `port-call`, `sail`, `canal`, `ride`, `border`, …
    pub kind: &'static str,
    /// The step in words.
    pub text: String,
}

/// A number as exact as the model holds it, without float noise: at most
/// 12 significant digits, no trailing zeros (`14`, `0.25`, `0.0002`,
/// `94.3466666667`).
pub fn exact(x: f64) -> String {
    if !x.is_finite() || x == 0.0 {
        return format!("{x}");
    }
    let magnitude = x.abs().log10().floor() as i32;
    let decimals = (11 - magnitude).clamp(0, 17) as usize;
    let text = format!("{x:.decimals$}");
    let text = if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.')
    } else {
        &text
    };
    text.to_string()
}

/// One step in words, with the numbers the model uses.
impl Step {
    /// What the step does, in words, with the numbers the model uses (exact,
    /// float noise aside: `explain` is the audit command).
    pub fn describe(&self, s: &Scenario) -> StepDescription {
        describe(s, self)
    }
}

fn describe(s: &Scenario, step: &Step) -> StepDescription {
    let (kind, text) = match step {
        Step::Dwell {
            at,
            dwell_h,
            cost_usd_per_teu,
        } => (
            "dwell",
            format!(
                "dwell at {at}: {dwell_h} h (mean {} h), {} USD/TEU",
                exact(dwell_h.mean()),
                exact(*cost_usd_per_teu)
            ),
        ),
        Step::PortCall {
            port,
            vessel,
            moves_teu,
            handles_shipment,
        } => {
            let p = &s.ports[*port];
            (
                "port-call",
                format!(
                    "port call at {} ({}) by {}: {} TEU moved, {} berths at {} TEU/h, {} h overhead{}",
                    p.name,
                    p.locode,
                    s.vessels[*vessel].name,
                    exact(*moves_teu),
                    p.berths,
                    exact(p.berth_teu_per_h),
                    exact(p.call_overhead_h),
                    if *handles_shipment {
                        format!(
                            "; the shipment is handled here ({} USD/TEU)",
                            exact(p.handling_usd_per_teu)
                        )
                    } else {
                        String::new()
                    }
                ),
            )
        }
        Step::Sail {
            vessel,
            speed_kn,
            segments,
            risk_areas,
        } => {
            let total: f64 = segments.iter().map(|g| g.distance_nm).sum();
            let regions = segments
                .iter()
                .map(|g| format!("{} {:.0} nm", g.region_name, g.distance_nm))
                .collect::<Vec<_>>()
                .join(", ");
            let risk = if risk_areas.is_empty() {
                String::new()
            } else {
                format!(
                    "; war risk: {}",
                    risk_areas
                        .iter()
                        .map(|&i| s.risk_areas[i].passage.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            };
            (
                "sail",
                format!(
                    "sail {:.0} nm on {} at {} kn ({regions}){risk}",
                    total,
                    s.vessels[*vessel].name,
                    exact(*speed_kn)
                ),
            )
        }
        Step::Canal {
            service,
            vessel,
            transit_h,
        } => {
            let t = &s.services[*service].timetable;
            (
                "canal",
                format!(
                    "canal {} by {}: convoy every {} h, {} ships per convoy, transit {transit_h} h",
                    t.name,
                    s.vessels[*vessel].name,
                    exact(t.headway_h),
                    exact(t.capacity)
                ),
            )
        }
        Step::Scheduled {
            service,
            books,
            travel_h,
            distance_km,
            tariff_usd_per_teu,
            co2_t_per_teu,
            winter,
        } => {
            let sv = &s.services[*service];
            let t = &sv.timetable;
            let kind = match sv.kind {
                ServiceKind::Ferry => "ferry",
                ServiceKind::Rail | ServiceKind::Canal | ServiceKind::Liner => "rail",
            };
            let departures = if *books {
                format!(
                    "a departure every {} h, {} TEU each, cut-off {} h",
                    exact(t.headway_h),
                    exact(t.capacity),
                    exact(t.cutoff_h)
                )
            } else {
                "continues the same departure".to_string()
            };
            let winter = match winter {
                Some((months, delay)) => format!(
                    "; in months {} add {delay} h",
                    months
                        .iter()
                        .enumerate()
                        .filter(|(_, on)| **on)
                        .map(|(m, _)| (m + 1).to_string())
                        .collect::<Vec<_>>()
                        .join(",")
                ),
                None => String::new(),
            };
            (
                kind,
                format!(
                    "{kind} {}: {:.0} km, {travel_h} h on board, {departures}, {} USD/TEU, {} t CO2/TEU{winter}",
                    t.name,
                    distance_km,
                    exact(*tariff_usd_per_teu),
                    exact(*co2_t_per_teu)
                ),
            )
        }
        Step::Road {
            travel_h,
            distance_km,
            tariff_usd_per_teu,
            co2_t_per_teu,
        } => (
            "road",
            format!(
                "road: {:.0} km, {travel_h} h, {} USD/TEU, {} t CO2/TEU",
                distance_km,
                exact(*tariff_usd_per_teu),
                exact(*co2_t_per_teu)
            ),
        ),
        Step::Border { post, rail } => {
            let b = &s.borders[*post];
            let text = match (&b.rail, rail) {
                (Some(r), true) => format!(
                    "border {} by rail: {} tracks, clearance {} h per train, {} other trains a day",
                    b.name,
                    r.tracks,
                    r.service_h,
                    exact(r.background_trains_per_day)
                ),
                _ => format!(
                    "border {} by road: {} lanes, clearance {} h per truck ({} TEU), {} other trucks a day",
                    b.name,
                    b.lanes,
                    b.service_h,
                    exact(super::spec::TEU_PER_TRUCK),
                    exact(b.background_per_day)
                ),
            };
            ("border", text)
        }
        Step::Board { liner, service } => ("board", describe_boarding(s, *liner, *service)),
    };
    StepDescription {
        kind,
        text: tidy_numbers(&text),
    }
}

/// A liner boarding in words: the service, its rotation and schedule, the
/// room on each sailing and how reliable it is.
fn describe_boarding(s: &Scenario, liner: usize, service: usize) -> String {
    let l = &s.liners[liner];
    let t = &s.services[service].timetable;
    let rotation = l
        .calls
        .iter()
        .map(|c| format!("{} +{:.1} d", c.port, c.offset_h / 24.0))
        .collect::<Vec<_>>()
        .join(" → ");
    format!(
        "board liner {} ({}): a sailing every {} h, first from here at {} h, {} TEU for the scenario's cargo with {} TEU of other bookings a sailing, cut-off {} h; {} % of sailings on time, late ones {} h late (mean {} h); rotation {rotation}",
        l.name,
        s.vessels[l.vessel].name,
        exact(l.headway_h),
        exact(t.first_departure_h),
        exact(t.capacity),
        exact(t.background_per_departure),
        exact(t.cutoff_h),
        exact(l.reliability.on_time_share * 100.0),
        l.reliability.late_h,
        exact(l.reliability.late_h.mean()),
    )
}

/// Removes float noise from numbers in text (`82.80000000000001` → `82.8`,
/// `94.34666666666666` → `94.3466666667`), keeping every digit that
/// carries information (`0.0002` stays).
pub fn tidy_numbers(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut number = String::new();
    let flush = |number: &mut String, out: &mut String| {
        let noisy = number
            .split_once('.')
            .is_some_and(|(_, decimals)| decimals.len() > 10);
        match number.parse::<f64>() {
            Ok(x) if noisy => out.push_str(&exact(x)),
            _ => out.push_str(number),
        }
        number.clear();
    };
    for c in text.chars() {
        if c.is_ascii_digit() || (c == '.' && !number.is_empty() && !number.contains('.')) {
            number.push(c);
        } else {
            flush(&mut number, &mut out);
            out.push(c);
        }
    }
    flush(&mut number, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn float_noise_is_rounded_and_other_numbers_are_kept() {
        assert_eq!(
            tidy_numbers("94.34666666666666 + lognormal(mean 24, sd 18) h, 82.80000000000001 h"),
            "94.3466666667 + lognormal(mean 24, sd 18) h, 82.8 h"
        );
        assert_eq!(
            tidy_numbers("port call at Chennai (INMAA): 133.333 TEU/h."),
            "port call at Chennai (INMAA): 133.333 TEU/h."
        );
        assert_eq!(tidy_numbers("legs[0] 1,769 km"), "legs[0] 1,769 km");
    }

    #[test]
    fn small_shares_are_shown_exactly() {
        assert_eq!(exact(0.0002), "0.0002");
        assert_eq!(exact(0.000_012_5), "0.0000125");
        assert_eq!(exact(14.0), "14");
        assert_eq!(exact(1234567.25), "1234567.25");
        assert_eq!(
            tidy_numbers("share 0.0002 of value"),
            "share 0.0002 of value"
        );
    }
}
