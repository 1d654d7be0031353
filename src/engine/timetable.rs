//! A timetabled batch server: departures at fixed times, each taking at most
//! a capacity of units, first come first served.
//!
//! This is the second kind of shared resource, beside [`super::Resource`]:
//! canal convoys (units are ships), trains and ferries (units are TEU). Other
//! users' demand ("background") arrives as a Poisson count per departure
//! interval, drawn from its own stream per departure, so every user of the
//! timetable in a replication meets the same background whatever its arrival
//! order. Capacity may be scaled over time windows (a closure is a factor of
//! 0, a surge after reopening a factor above 1).
//!
//! Queues are tracked as a fluid backlog per departure: after departure k,
//! `backlog[k] = max(0, backlog[k-1] + arrivals[k] - capacity[k])`. Booking is
//! exact for first-come-first-served batches: a booking that arrives at t has
//! ahead of it the backlog left by the previous departure plus what arrived
//! earlier in the current interval.

use super::{Dist, SimTime, Streams};

/// A window of time during which capacity is multiplied by `factor`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CapacityWindow {
    /// Start, hours since the run began (inclusive).
    pub start_h: f64,
    /// End, hours since the run began (exclusive).
    pub end_h: f64,
    /// Multiplier of the capacity of departures inside the window (0 closes).
    pub factor: f64,
}

/// The fixed description of a timetable.
#[derive(Debug, Clone, PartialEq)]
pub struct TimetableSpec {
    /// Name, also the key of the background stream.
    pub name: String,
    /// Time of departure 0, hours since the run began.
    pub first_departure_h: f64,
    /// Hours between departures.
    pub headway_h: f64,
    /// Units one departure takes.
    pub capacity: f64,
    /// Units must arrive at least this many hours before a departure to join it.
    pub cutoff_h: f64,
    /// Mean background units arriving per headway (Poisson).
    pub background_per_departure: f64,
    /// Capacity windows, in any order; factors of overlapping windows multiply.
    pub windows: Vec<CapacityWindow>,
}

/// A booking on a timetable.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Booking {
    /// Index of the departure that takes the booking's last unit.
    pub departure: usize,
    /// When that departure leaves.
    pub departs_at: SimTime,
    /// Units ahead of the booking when it arrived.
    pub units_ahead: f64,
}

/// One replication's state of a timetable.
pub struct Timetable {
    spec: TimetableSpec,
    background: Dist,
    streams: Streams,
    replication: u64,
    /// Background arrivals per interval, drawn lazily.
    arrivals_bg: Vec<f64>,
    /// Units our bookings brought per interval.
    arrivals_ours: Vec<f64>,
    /// Backlog after each departure, computed lazily up to `backlog.len()`.
    backlog: Vec<f64>,
    /// Units waiting before departure 0 (none unless preloaded).
    initial_backlog: f64,
}

impl Timetable {
    /// A timetable for one replication.
    ///
    /// # Panics
    /// If the headway is not positive or capacity is negative (validated upstream).
    pub fn new(spec: TimetableSpec, streams: Streams, replication: u64) -> Self {
        assert!(spec.headway_h > 0.0 && spec.capacity >= 0.0);
        let background =
            Dist::poisson(spec.background_per_departure.max(0.0)).expect("mean checked above");
        Timetable {
            spec,
            background,
            streams,
            replication,
            arrivals_bg: Vec::new(),
            arrivals_ours: Vec::new(),
            backlog: Vec::new(),
            initial_backlog: 0.0,
        }
    }

    /// Starts the timetable with `units` already waiting, ahead of every
    /// later arrival: a backlog that starts loaded instead of empty. Call
    /// before anything is booked.
    ///
    /// # Panics
    /// If a backlog has already been computed or `units` is negative.
    pub fn preload(&mut self, units: f64) {
        assert!(self.backlog.is_empty() && units >= 0.0);
        self.initial_backlog = units;
    }

    /// The timetable's description.
    pub fn spec(&self) -> &TimetableSpec {
        &self.spec
    }

    /// When departure `k` leaves, hours.
    pub fn departure_h(&self, k: usize) -> f64 {
        self.spec.first_departure_h + k as f64 * self.spec.headway_h
    }

    /// Capacity of departure `k` after windows.
    pub fn capacity_of(&self, k: usize) -> f64 {
        let t = self.departure_h(k);
        let factor: f64 = self
            .spec
            .windows
            .iter()
            .filter(|w| t >= w.start_h && t < w.end_h)
            .map(|w| w.factor)
            .product();
        self.spec.capacity * factor
    }

    /// The first departure a unit arriving at `t_h` can still join.
    fn first_joinable(&self, t_h: f64) -> usize {
        let latest_join_0 = self.spec.first_departure_h - self.spec.cutoff_h;
        if t_h <= latest_join_0 {
            0
        } else {
            ((t_h - latest_join_0) / self.spec.headway_h).ceil() as usize
        }
    }

    fn ensure_arrivals(&mut self, k: usize) {
        while self.arrivals_bg.len() <= k {
            let index = self.arrivals_bg.len() as u64;
            let mut rng = self
                .streams
                .stream_indexed(self.replication, &self.spec.name, index);
            self.arrivals_bg.push(self.background.sample(&mut rng));
            self.arrivals_ours.push(0.0);
        }
    }

    /// Backlog left after departure `k`.
    pub fn backlog_after(&mut self, k: usize) -> f64 {
        self.ensure_arrivals(k);
        while self.backlog.len() <= k {
            let j = self.backlog.len();
            let before = if j == 0 {
                self.initial_backlog
            } else {
                self.backlog[j - 1]
            };
            let demand = before + self.arrivals_bg[j] + self.arrivals_ours[j];
            self.backlog.push((demand - self.capacity_of(j)).max(0.0));
        }
        self.backlog[k]
    }

    /// Books `units` arriving at `now`. Bookings must come in time order
    /// (they do: the event calendar delivers them so).
    pub fn book(&mut self, now: SimTime, units: f64) -> Booking {
        let t = now.hours();
        let k0 = self.first_joinable(t);
        self.ensure_arrivals(k0);
        // The backlog before k0 is settled: every earlier arrival is known.
        let before = if k0 == 0 {
            self.initial_backlog
        } else {
            self.backlog_after(k0 - 1)
        };
        // Background of the current interval arrives evenly over it.
        let interval_start = self.departure_h(k0) - self.spec.cutoff_h - self.spec.headway_h;
        let share = ((t - interval_start) / self.spec.headway_h).clamp(0.0, 1.0);
        let ahead = before + share * self.arrivals_bg[k0] + self.arrivals_ours[k0];
        self.arrivals_ours[k0] += units;
        // Walk forward until cumulative capacity covers everyone ahead and us.
        // A timetable closed for ever would loop forever: stop after ten
        // years of departures and report the last one looked at.
        let limit = k0 + (87_600.0 / self.spec.headway_h).ceil() as usize;
        let mut covered = 0.0;
        let mut k = k0;
        loop {
            covered += self.capacity_of(k);
            if covered >= ahead + units - 1e-9 || k >= limit {
                break;
            }
            k += 1;
        }
        Booking {
            departure: k,
            departs_at: SimTime::from_hours(self.departure_h(k)),
            units_ahead: ahead,
        }
    }

    /// Units waiting over each departure interval up to `until_k`: the mean
    /// (backlog plus half the interval's arrivals) and the peak (just before
    /// the departure). Used for queue time series.
    pub fn waiting_profile(&mut self, until_k: usize) -> Vec<(f64, f64, f64)> {
        self.backlog_after(until_k);
        (0..=until_k)
            .map(|k| {
                let before = if k == 0 {
                    self.initial_backlog
                } else {
                    self.backlog[k - 1]
                };
                let arrivals = self.arrivals_bg[k] + self.arrivals_ours[k];
                (
                    self.departure_h(k),
                    before + arrivals / 2.0,
                    before + arrivals,
                )
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(capacity: f64, background: f64) -> TimetableSpec {
        TimetableSpec {
            name: "test".into(),
            first_departure_h: 4.0,
            headway_h: 24.0,
            capacity,
            cutoff_h: 5.0,
            background_per_departure: background,
            windows: vec![],
        }
    }

    #[test]
    fn a_preloaded_backlog_goes_before_later_bookings() {
        let streams = Streams::new(1);
        let mut t = Timetable::new(spec(100.0, 0.0), streams, 0);
        t.preload(250.0);
        // At hour 0 departure 0's cut-off has passed: departure 0 takes 100
        // of the 250, departure 1 the next 100, departure 2 the last 50 and
        // our 10.
        let booking = t.book(SimTime::from_hours(0.0), 10.0);
        assert_eq!(booking.units_ahead, 150.0);
        assert_eq!(booking.departure, 2);
        assert_eq!(t.backlog_after(1), 60.0);
    }

    fn book(t: &mut Timetable, h: f64, units: f64) -> Booking {
        t.book(SimTime::from_hours(h), units)
    }

    #[test]
    fn an_empty_timetable_takes_the_next_departure_before_the_cutoff() {
        let mut t = Timetable::new(spec(10.0, 0.0), Streams::new(1), 0);
        // Departure 0 at 04:00 closed at 23:00 the day before (cut-off 5 h).
        assert_eq!(book(&mut t, 0.0, 1.0).departure, 1);
        // 23:00 is the last moment for departure 1 at 28 h.
        assert_eq!(book(&mut t, 23.0, 1.0).departure, 1);
        assert_eq!(
            book(&mut t, 23.5, 1.0).departs_at,
            SimTime::from_hours(52.0)
        );
    }

    #[test]
    fn a_full_departure_pushes_bookings_to_the_next() {
        let mut t = Timetable::new(spec(2.0, 0.0), Streams::new(1), 0);
        let ks: Vec<usize> = (0..5)
            .map(|i| book(&mut t, i as f64 * 0.1, 1.0).departure)
            .collect();
        assert_eq!(ks, [1, 1, 2, 2, 3]);
    }

    #[test]
    fn a_closure_builds_a_backlog_that_drains_at_capacity_minus_arrivals() {
        // 25 background a day, capacity 45, closed for 6 departures.
        let mut s = spec(45.0, 25.0);
        s.windows.push(CapacityWindow {
            start_h: 24.0 * 10.0,
            end_h: 24.0 * 16.0,
            factor: 0.0,
        });
        let mut t = Timetable::new(s, Streams::new(3), 0);
        let before = t.backlog_after(9);
        let peak = t.backlog_after(15);
        assert!(before < 5.0, "no backlog in normal times: {before}");
        assert!(
            (120.0..200.0).contains(&peak),
            "six days of arrivals: {peak}"
        );
        // Draining at about 20 a day takes about 7–8 days.
        let cleared = (16..40).find(|&k| t.backlog_after(k) < 1.0).unwrap();
        assert!(
            (20..28).contains(&cleared),
            "cleared after departure {cleared}"
        );
        // A ship arriving at the peak waits several days.
        let b = book(&mut t, 24.0 * 15.5, 1.0);
        assert!(b.units_ahead > 100.0);
        assert!(b.departure >= 18);
    }

    #[test]
    fn background_is_the_same_whatever_the_booking_order() {
        let mut a = Timetable::new(spec(30.0, 20.0), Streams::new(9), 4);
        let mut b = Timetable::new(spec(30.0, 20.0), Streams::new(9), 4);
        book(&mut a, 100.0, 1.0);
        assert_eq!(a.waiting_profile(3)[1].0, b.waiting_profile(3)[1].0);
        let pa: Vec<f64> = (0..3).map(|k| a.arrivals_bg[k]).collect();
        let pb: Vec<f64> = (0..3).map(|k| b.arrivals_bg[k]).collect();
        assert_eq!(pa, pb);
    }
}
