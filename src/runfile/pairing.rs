//! Pairing routes within a replication: shipment k of every route departs at
//! the same time and meets the same random inputs, so (route − reference)
//! differences of shipment k are paired observations. The writer pairs the
//! model's results to compute `vs_reference` in `summary.json`; the reader
//! pairs `shipments.csv` rows to draw the distribution of differences. Both
//! use this one function, so the chart and the table cannot disagree on
//! what a pair is.

use std::collections::HashMap;

/// An arrived shipment of one replication.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Outcome {
    /// Route index (scenario order).
    pub route: usize,
    /// Shipment number within the replication.
    pub shipment: u64,
    /// Door-to-door days.
    pub transit_days: f64,
    /// Total cost, USD per TEU.
    pub cost_usd_per_teu: f64,
}

/// One paired difference: `route` minus the reference route.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Difference {
    /// Route index.
    pub route: usize,
    /// Days; negative when this route was faster.
    pub transit_days: f64,
    /// USD per TEU; negative when this route was cheaper.
    pub cost_usd_per_teu: f64,
}

impl Difference {
    /// Whether this route arrived sooner than the reference.
    pub fn faster(&self) -> bool {
        self.transit_days < 0.0
    }
    /// Whether this route cost less than the reference.
    pub fn cheaper(&self) -> bool {
        self.cost_usd_per_teu < 0.0
    }
}

/// Calls `each` with the difference of every arrived shipment of a route
/// other than `reference` whose shipment of the same number on the
/// reference route arrived too. `outcomes` is one replication's arrived
/// shipments, in any order.
pub fn pair_replication(outcomes: &[Outcome], reference: usize, mut each: impl FnMut(Difference)) {
    let base: HashMap<u64, (f64, f64)> = outcomes
        .iter()
        .filter(|o| o.route == reference)
        .map(|o| (o.shipment, (o.transit_days, o.cost_usd_per_teu)))
        .collect();
    for o in outcomes.iter().filter(|o| o.route != reference) {
        if let Some(&(t, c)) = base.get(&o.shipment) {
            each(Difference {
                route: o.route,
                transit_days: o.transit_days - t,
                cost_usd_per_teu: o.cost_usd_per_teu - c,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn o(route: usize, shipment: u64, t: f64, c: f64) -> Outcome {
        Outcome {
            route,
            shipment,
            transit_days: t,
            cost_usd_per_teu: c,
        }
    }

    #[test]
    fn pairs_by_shipment_number_and_skips_unpaired() {
        let outcomes = [
            o(0, 0, 20.0, 900.0),
            o(0, 1, 22.0, 950.0),
            o(1, 0, 40.0, 1600.0),
            // Shipment 2 of route 1 has no reference partner.
            o(1, 2, 41.0, 1500.0),
            o(2, 1, 21.0, 1000.0),
        ];
        let mut got = Vec::new();
        pair_replication(&outcomes, 1, |d| got.push(d));
        assert_eq!(
            got,
            vec![Difference {
                route: 0,
                transit_days: -20.0,
                cost_usd_per_teu: -700.0
            }]
        );
        assert!(got[0].faster() && got[0].cheaper());
    }
}
