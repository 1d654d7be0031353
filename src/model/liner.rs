//! Liner services: ships that sail a published rotation of port calls at a
//! fixed frequency, and containers that must book a sailing to ride them.
//!
//! A liner service owns what is common to all its sailings: the vessel
//! class, the rotation, the scheduled stay at each call and the schedule
//! reliability. Sailing k leaves the first call at `first + k × headway`
//! and each later call at its scheduled offset after that; it berths there
//! `port_stay_h` before it is due to leave. Every call where a scenario's containers board has a
//! timetable of its own in [`Scenario::services`](super::Scenario)
//! (kind [`ServiceKind::Liner`](super::ServiceKind)), which holds the
//! capacity (vessel TEU × allocation), the cut-off and other shippers'
//! bookings; booking it is the engine's first-come-first-served batch
//! booking, so a box takes the next sailing it reaches before the cut-off
//! that still has room, and rolls to the following one if it is full.
//!
//! Schedule reliability decides whether sailing k keeps its schedule: on
//! time with probability `on_time_share`, otherwise late by a draw of
//! `late_h`. The draw is keyed by (replication, service, sailing), so every
//! box on sailing k, at every call and on every route, meets the same
//! lateness (the ship is late, not the box), and it does not depend on who
//! booked what.
//!
//! A box's time in the yard before its sailing and the wait for that
//! sailing are one and the same time, not two: the box books the first
//! sailing whose cut-off it makes once its dwell (customs, gate-in,
//! transshipment papers) is done, and it is loaded when that sailing's ship
//! berths, at the start of the scheduled port stay. The stay (berthing,
//! cargo work) is what the schedule allows between the berthing and the
//! departure, so it is not counted again after the departure: a shipper
//! delivers a box to the cut-off of a booked sailing, and a transshipped
//! box's yard days are its wait for the connecting ship (S10: a
//! transshipment adds ≈10 days door to door in all, yard wait, calls and
//! feeder sailing together).
//!
//! Once the ship is there, the voyage itself (berth, cargo work, sailing
//! with weather, canals) is the ordinary sea steps that follow the boarding
//! step, so liner legs are costed exactly as other sea legs.

use rand::RngExt;

use crate::engine::{Dist, SimTime, Streams, Timetable};

/// One liner service, validated.
#[derive(Debug, Clone, PartialEq)]
pub struct Liner {
    /// Name, as in `[services.NAME]`.
    pub name: String,
    /// Index into [`Scenario::vessels`](super::Scenario): the class every
    /// sailing uses.
    pub vessel: usize,
    /// Hours between sailings.
    pub headway_h: f64,
    /// Scheduled stay at each call, hours: a sailing berths this long
    /// before its scheduled departure, and loads then.
    pub port_stay_h: f64,
    /// The rotation: calls in order with their scheduled departure, hours
    /// after the sailing leaves the first call.
    pub calls: Vec<LinerCall>,
    /// Whether sailings keep their schedule, and how late they are if not.
    pub reliability: Reliability,
}

/// A call of a liner rotation.
#[derive(Debug, Clone, PartialEq)]
pub struct LinerCall {
    /// Port name, for reports.
    pub port: String,
    /// Scheduled departure from this call, hours after the departure from
    /// the first call.
    pub offset_h: f64,
}

/// Schedule reliability of a service.
#[derive(Debug, Clone, PartialEq)]
pub struct Reliability {
    /// Share of sailings on time (0–1).
    pub on_time_share: f64,
    /// How late a late sailing is, hours.
    pub late_h: Dist,
}

impl Reliability {
    /// Hours sailing `sailing` of service `service` leaves behind its
    /// schedule in replication `replication`: 0 if on time.
    pub fn lateness_h(
        &self,
        streams: Streams,
        replication: u64,
        service: &str,
        sailing: u64,
    ) -> f64 {
        let mut rng =
            streams.stream_indexed(replication, &format!("liner-late:{service}"), sailing);
        let on_time = rng.random::<f64>() < self.on_time_share;
        // Draw the lateness whatever the outcome, so that changing the
        // share never shifts which lateness a late sailing gets.
        let late = self.late_h.sample_non_negative(&mut rng);
        if on_time { 0.0 } else { late }
    }
}

/// A box's place on a sailing.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Boarding {
    /// Index of the sailing (the same at every call of a rotation).
    pub sailing: usize,
    /// When the ship is ready to load the box at the boarding call: its
    /// scheduled berthing (the departure less the port stay) plus the
    /// sailing's lateness, or the box's arrival if the ship is already
    /// alongside.
    pub ship_ready: SimTime,
    /// Lateness of that sailing, hours.
    pub late_h: f64,
}

impl Liner {
    /// Books `teu` arriving at the boarding call at `now` on the next
    /// sailing with room (`timetable` is that call's timetable), and says
    /// when its ship is there to load it. The wait is the box's whole yard
    /// time up to the berthing: the dwell it has done overlaps it.
    pub fn board(
        &self,
        timetable: &mut Timetable,
        streams: Streams,
        replication: u64,
        now: SimTime,
        teu: f64,
    ) -> Boarding {
        let booking = timetable.book(now, teu);
        let late_h =
            self.reliability
                .lateness_h(streams, replication, &self.name, booking.departure as u64);
        let berths_at = booking
            .departs_at
            .plus_hours(late_h - self.port_stay_h)
            .max(now);
        Boarding {
            sailing: booking.departure,
            ship_ready: berths_at,
            late_h,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::TimetableSpec;

    fn liner(on_time_share: f64) -> Liner {
        Liner {
            name: "test-loop".into(),
            vessel: 0,
            headway_h: 168.0,
            port_stay_h: 24.0,
            calls: vec![LinerCall {
                port: "A".into(),
                offset_h: 0.0,
            }],
            reliability: Reliability {
                on_time_share,
                late_h: Dist::fixed(48.0).unwrap(),
            },
        }
    }

    fn timetable(capacity: f64) -> Timetable {
        Timetable::new(
            TimetableSpec {
                name: "test-loop@A".into(),
                first_departure_h: 100.0,
                headway_h: 168.0,
                capacity,
                cutoff_h: 24.0,
                background_per_departure: 0.0,
                windows: vec![],
            },
            Streams::new(7),
            0,
        )
    }

    #[test]
    fn a_reliable_service_berths_on_schedule_and_after_the_cutoff_means_next_week() {
        let l = liner(1.0);
        let mut t = timetable(100.0);
        // Sailing 0 leaves at 100 h and berths 24 h before; its cut-off is
        // 76 h, so a box there at 76 h is loaded at once, as the ship berths.
        let b = l.board(&mut t, Streams::new(7), 0, SimTime::from_hours(76.0), 40.0);
        assert_eq!((b.sailing, b.ship_ready.hours()), (0, 76.0));
        let b = l.board(&mut t, Streams::new(7), 0, SimTime::from_hours(77.0), 40.0);
        assert_eq!((b.sailing, b.ship_ready.hours()), (1, 244.0));
        // A box long before the cut-off waits for the berthing, not longer.
        let b = l.board(&mut t, Streams::new(7), 0, SimTime::from_hours(180.0), 40.0);
        assert_eq!((b.sailing, b.ship_ready.hours()), (1, 244.0));
    }

    #[test]
    fn every_box_on_a_sailing_meets_the_same_lateness() {
        let l = liner(0.5);
        let lates: Vec<f64> = (0..40)
            .map(|k| l.reliability.lateness_h(Streams::new(3), 2, &l.name, k))
            .collect();
        let again: Vec<f64> = (0..40)
            .map(|k| l.reliability.lateness_h(Streams::new(3), 2, &l.name, k))
            .collect();
        assert_eq!(lates, again);
        let late = lates.iter().filter(|&&h| h > 0.0).count();
        assert!((8..=32).contains(&late), "{late} of 40 late at 50 %");
    }
}
