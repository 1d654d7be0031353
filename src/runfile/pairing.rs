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

/// Calls `each(b, d)` for every pair of routes `a < b` (scenario order)
/// whose shipments of the same number both arrived, with `d` the paired
/// difference `a − b` (`d.route` is `a`): the comparison of every pair, not
/// only with the reference. The same pairing as [`pair_replication`], once
/// per route `b` as the base, in a fixed order, so the sums folded from it
/// are the same on every run.
pub fn pair_every_route(
    outcomes: &[Outcome],
    routes: usize,
    mut each: impl FnMut(usize, Difference),
) {
    for b in 1..routes {
        pair_replication(outcomes, b, |d| {
            if d.route < b {
                each(b, d);
            }
        });
    }
}

/// The index of the pair `a < b` among the pairs of `routes` routes, in the
/// order (0,1), (0,2), …, (0,n−1), (1,2), … .
pub fn pair_index(a: usize, b: usize, routes: usize) -> usize {
    debug_assert!(a < b && b < routes);
    a * (2 * routes - a - 1) / 2 + (b - a - 1)
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

    #[test]
    fn every_pair_is_a_minus_b_once() {
        let outcomes = [
            o(0, 0, 20.0, 900.0),
            o(1, 0, 40.0, 1600.0),
            o(2, 0, 30.0, 1000.0),
            o(2, 1, 31.0, 1000.0),
        ];
        let mut got = Vec::new();
        pair_every_route(&outcomes, 3, |b, d| got.push((d.route, b, d.transit_days)));
        assert_eq!(got, vec![(0, 1, -20.0), (0, 2, -10.0), (1, 2, 10.0)]);
        let indices: Vec<usize> = [(0, 1), (0, 2), (0, 3), (1, 2), (1, 3), (2, 3)]
            .iter()
            .map(|&(a, b)| pair_index(a, b, 4))
            .collect();
        assert_eq!(indices, vec![0, 1, 2, 3, 4, 5]);
    }
}
