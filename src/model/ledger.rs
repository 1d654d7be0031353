//! The ledger of one shipment: where its time went, what it cost, what it emitted.
//!
//! Every hour of a shipment's door-to-door time is booked to exactly one
//! [`TimeComponent`], and every dollar to one [`CostComponent`], so that the
//! components always add up to the totals.

use serde::Serialize;

/// Where a shipment's time goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TimeComponent {
    /// Sailing at the planned speed.
    Sailing,
    /// Extra sailing time from heavy weather, cyclones and ice.
    Weather,
    /// A vessel waiting for a berth (at anchor).
    BerthWait,
    /// A vessel alongside, loading and discharging.
    Handling,
    /// Waiting for a canal convoy.
    ConvoyWait,
    /// Canal transit.
    Canal,
    /// Containers waiting for a train, a ferry or a liner sailing with room
    /// (and for a late ship).
    ServiceWait,
    /// Moving by rail.
    Rail,
    /// Moving by road.
    Road,
    /// Crossing by ferry.
    Ferry,
    /// Waiting at and passing a border post.
    Border,
    /// Terminal dwell, customs and transshipment.
    Dwell,
}

impl TimeComponent {
    /// Every component, in the order of the output columns.
    pub const ALL: [TimeComponent; 12] = [
        TimeComponent::Sailing,
        TimeComponent::Weather,
        TimeComponent::BerthWait,
        TimeComponent::Handling,
        TimeComponent::ConvoyWait,
        TimeComponent::Canal,
        TimeComponent::ServiceWait,
        TimeComponent::Rail,
        TimeComponent::Road,
        TimeComponent::Ferry,
        TimeComponent::Border,
        TimeComponent::Dwell,
    ];

    /// The key used in file columns (`time_<key>_days`).
    pub fn key(self) -> &'static str {
        match self {
            TimeComponent::Sailing => "sailing",
            TimeComponent::Weather => "weather",
            TimeComponent::BerthWait => "berth_wait",
            TimeComponent::Handling => "handling",
            TimeComponent::ConvoyWait => "convoy_wait",
            TimeComponent::Canal => "canal",
            TimeComponent::ServiceWait => "service_wait",
            TimeComponent::Rail => "rail",
            TimeComponent::Road => "road",
            TimeComponent::Ferry => "ferry",
            TimeComponent::Border => "border",
            TimeComponent::Dwell => "dwell",
        }
    }

    /// What the component is, for readers of charts and tables.
    pub fn label(self) -> &'static str {
        match self {
            TimeComponent::Sailing => "sailing",
            TimeComponent::Weather => "weather delay",
            TimeComponent::BerthWait => "waiting for a berth",
            TimeComponent::Handling => "cargo handling",
            TimeComponent::ConvoyWait => "waiting for a convoy",
            TimeComponent::Canal => "canal transit",
            TimeComponent::ServiceWait => "waiting for a train, ferry or sailing",
            TimeComponent::Rail => "rail",
            TimeComponent::Road => "road",
            TimeComponent::Ferry => "ferry",
            TimeComponent::Border => "border crossing",
            TimeComponent::Dwell => "dwell (customs, transshipment)",
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// What a shipment pays for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CostComponent {
    /// Bunker fuel: main engine, auxiliaries and in port (operator basis);
    /// the bunker surcharge of the rotation (shipper basis).
    Fuel,
    /// Vessel time charter.
    VesselTime,
    /// Canal tolls.
    Canal,
    /// Port dues.
    Port,
    /// Terminal handling and transshipment.
    Handling,
    /// Rail tariff.
    Rail,
    /// Road haulage.
    Road,
    /// Ferry tariff.
    Ferry,
    /// Cargo and hull insurance, with war-risk premiums.
    Insurance,
    /// Carbon price on CO2 emitted.
    Carbon,
    /// Inventory holding cost of the cargo in transit.
    Inventory,
    /// Sea freight at the carrier's base rate (shipper basis): vessel,
    /// port dues, container and the carrier's overheads, per TEU per leg.
    Freight,
    /// Moving the empty container back where there is no return load.
    Empties,
    /// Leasing the container for its trip and its way back (operator basis).
    ContainerLease,
}

impl CostComponent {
    /// Every component, in the order of the output columns.
    pub const ALL: [CostComponent; 14] = [
        CostComponent::Fuel,
        CostComponent::VesselTime,
        CostComponent::Canal,
        CostComponent::Port,
        CostComponent::Handling,
        CostComponent::Rail,
        CostComponent::Road,
        CostComponent::Ferry,
        CostComponent::Insurance,
        CostComponent::Carbon,
        CostComponent::Inventory,
        CostComponent::Freight,
        CostComponent::Empties,
        CostComponent::ContainerLease,
    ];

    /// The key used in file columns (`cost_<key>_usd_per_teu`).
    pub fn key(self) -> &'static str {
        match self {
            CostComponent::Fuel => "fuel",
            CostComponent::VesselTime => "vessel_time",
            CostComponent::Canal => "canal",
            CostComponent::Port => "port",
            CostComponent::Handling => "handling",
            CostComponent::Rail => "rail",
            CostComponent::Road => "road",
            CostComponent::Ferry => "ferry",
            CostComponent::Insurance => "insurance",
            CostComponent::Carbon => "carbon",
            CostComponent::Inventory => "inventory",
            CostComponent::Freight => "freight",
            CostComponent::Empties => "empties",
            CostComponent::ContainerLease => "container_lease",
        }
    }

    /// What the component pays for, for readers of charts and tables.
    pub fn label(self) -> &'static str {
        match self {
            CostComponent::Fuel => "fuel (bunker surcharge for a shipper)",
            CostComponent::VesselTime => "vessel time (charter)",
            CostComponent::Canal => "canal tolls",
            CostComponent::Port => "port dues",
            CostComponent::Handling => "cargo handling",
            CostComponent::Rail => "rail",
            CostComponent::Road => "road",
            CostComponent::Ferry => "ferry",
            CostComponent::Insurance => "insurance",
            CostComponent::Carbon => "carbon price",
            CostComponent::Inventory => "inventory (capital in transit)",
            CostComponent::Freight => "sea freight (base rate)",
            CostComponent::Empties => "empty container repositioning",
            CostComponent::ContainerLease => "container lease",
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// Time, money and CO2 booked to one shipment (whole shipment, not per TEU).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Ledger {
    time_h: [f64; 12],
    cost_usd: [f64; 14],
    co2_t: f64,
}

impl Ledger {
    /// Books `hours` to a time component. Negative amounts are a model bug.
    pub fn add_time(&mut self, component: TimeComponent, hours: f64) {
        debug_assert!(
            hours >= 0.0 && hours.is_finite(),
            "{component:?}: {hours} h"
        );
        self.time_h[component.index()] += hours;
    }

    /// Books `usd` to a cost component.
    pub fn add_cost(&mut self, component: CostComponent, usd: f64) {
        debug_assert!(usd >= 0.0 && usd.is_finite(), "{component:?}: {usd} USD");
        self.cost_usd[component.index()] += usd;
    }

    /// Books emitted CO2, tonnes.
    pub fn add_co2(&mut self, tonnes: f64) {
        debug_assert!(tonnes >= 0.0 && tonnes.is_finite());
        self.co2_t += tonnes;
    }

    /// Hours booked to a component.
    pub fn time_h(&self, component: TimeComponent) -> f64 {
        self.time_h[component.index()]
    }

    /// USD booked to a component.
    pub fn cost_usd(&self, component: CostComponent) -> f64 {
        self.cost_usd[component.index()]
    }

    /// Total hours booked.
    pub fn total_time_h(&self) -> f64 {
        self.time_h.iter().sum()
    }

    /// Total USD booked.
    pub fn total_cost_usd(&self) -> f64 {
        self.cost_usd.iter().sum()
    }

    /// Total CO2, tonnes.
    pub fn co2_t(&self) -> f64 {
        self.co2_t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn components_add_up_to_the_totals() {
        let mut l = Ledger::default();
        l.add_time(TimeComponent::Sailing, 100.0);
        l.add_time(TimeComponent::Dwell, 20.0);
        l.add_time(TimeComponent::Sailing, 5.0);
        l.add_cost(CostComponent::Fuel, 300.0);
        l.add_cost(CostComponent::Inventory, 12.5);
        assert_eq!(l.total_time_h(), 125.0);
        assert_eq!(l.time_h(TimeComponent::Sailing), 105.0);
        assert_eq!(l.total_cost_usd(), 312.5);
    }

    #[test]
    fn keys_are_unique_and_in_column_order() {
        let keys: Vec<_> = TimeComponent::ALL.iter().map(|c| c.key()).collect();
        let mut dedup = keys.clone();
        dedup.dedup();
        assert_eq!(keys.len(), dedup.len());
        for (i, c) in TimeComponent::ALL.iter().enumerate() {
            assert_eq!(c.index(), i);
        }
        for (i, c) in CostComponent::ALL.iter().enumerate() {
            assert_eq!(c.index(), i);
        }
    }
}
