//! Simulation time.

use std::cmp::Ordering;
use std::fmt;

/// A point in simulated time, in hours since the start of the run.
///
/// Hours suit every process we model, from a 12 h canal transit to a 40-day
/// voyage, and an `f64` keeps sub-second resolution over centuries. Times are
/// always finite; comparison is a total order.
#[derive(Debug, Clone, Copy, Default)]
pub struct SimTime(f64);

impl SimTime {
    /// The start of every run.
    pub const ZERO: SimTime = SimTime(0.0);

    /// Hours in a day.
    pub const HOURS_PER_DAY: f64 = 24.0;

    /// A time `hours` after the start.
    ///
    /// # Panics
    /// If `hours` is not finite: a NaN or infinite time is a bug in the model.
    pub fn from_hours(hours: f64) -> SimTime {
        assert!(
            hours.is_finite(),
            "simulation time must be finite, got {hours}"
        );
        SimTime(hours)
    }

    /// A time `days` after the start.
    pub fn from_days(days: f64) -> SimTime {
        SimTime::from_hours(days * Self::HOURS_PER_DAY)
    }

    /// Hours since the start.
    pub fn hours(self) -> f64 {
        self.0
    }

    /// Days since the start.
    pub fn days(self) -> f64 {
        self.0 / Self::HOURS_PER_DAY
    }

    /// This time moved on by `hours` (which must be finite).
    pub fn plus_hours(self, hours: f64) -> SimTime {
        SimTime::from_hours(self.0 + hours)
    }

    /// Hours from `earlier` to `self` (negative if `earlier` is later).
    pub fn hours_since(self, earlier: SimTime) -> f64 {
        self.0 - earlier.0
    }
}

impl PartialEq for SimTime {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for SimTime {}

impl PartialOrd for SimTime {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for SimTime {
    fn cmp(&self, other: &Self) -> Ordering {
        self.0.total_cmp(&other.0)
    }
}

impl fmt::Display for SimTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:.3} h", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_and_hours_agree() {
        assert_eq!(SimTime::from_days(2.0), SimTime::from_hours(48.0));
        assert_eq!(SimTime::from_hours(36.0).days(), 1.5);
    }

    #[test]
    fn ordering_is_total() {
        let mut times = [
            SimTime::from_hours(3.0),
            SimTime::ZERO,
            SimTime::from_hours(-0.0),
        ];
        times.sort();
        assert_eq!(times[2], SimTime::from_hours(3.0));
    }

    #[test]
    #[should_panic(expected = "finite")]
    fn nan_is_refused() {
        let _ = SimTime::from_hours(f64::NAN);
    }
}
