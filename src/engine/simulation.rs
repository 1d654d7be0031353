//! The run loop: a clock, a calendar, and a model that handles events.

use super::{EventId, EventQueue, SimTime};

/// A model plugs into the kernel by handling its own events.
///
/// `Event` is best a closed `enum` matched exhaustively, so that every kind of
/// event the model can schedule has exactly one handler.
pub trait Model {
    /// The model's event type.
    type Event;

    /// Reacts to one event at `sim.now()`, typically by changing state and
    /// scheduling further events on `sim`.
    fn handle(&mut self, sim: &mut Simulation<Self::Event>, event: Self::Event);

    /// Whether the model has nothing left to learn, so a run may stop before
    /// its horizon (checked after every event; the default never stops).
    fn finished(&self) -> bool {
        false
    }
}

/// The simulation clock and its event calendar.
pub struct Simulation<E> {
    now: SimTime,
    calendar: EventQueue<E>,
    handled: u64,
}

impl<E> Default for Simulation<E> {
    fn default() -> Self {
        Simulation {
            now: SimTime::ZERO,
            calendar: EventQueue::new(),
            handled: 0,
        }
    }
}

impl<E> Simulation<E> {
    /// A simulation at time zero with an empty calendar.
    pub fn new() -> Self {
        Self::default()
    }

    /// The current simulated time.
    pub fn now(&self) -> SimTime {
        self.now
    }

    /// Number of events handled so far.
    pub fn events_handled(&self) -> u64 {
        self.handled
    }

    /// Schedules `event` at absolute time `at`. It fires at the first
    /// calendar tick at or after `at` (ticks are 2⁻¹⁶ h, about 55 ms; see
    /// [`EventQueue`]), so the clock always shows whole ticks.
    ///
    /// # Panics
    /// If `at` is before now: an event in the past is a bug in the model.
    pub fn schedule_at(&mut self, at: SimTime, event: E) {
        assert!(
            at >= self.now,
            "event scheduled in the past: {at} < {}",
            self.now
        );
        self.calendar.push(at, event);
    }

    /// Schedules `event` after `delay_h` hours (must be ≥ 0).
    pub fn schedule_in(&mut self, delay_h: f64, event: E) {
        assert!(delay_h >= 0.0, "negative delay {delay_h} h");
        self.calendar.push(self.now.plus_hours(delay_h), event);
    }

    /// Schedules `event` at `at` and returns a handle to cancel it with.
    pub fn schedule_cancellable_at(&mut self, at: SimTime, event: E) -> EventId {
        assert!(
            at >= self.now,
            "event scheduled in the past: {at} < {}",
            self.now
        );
        self.calendar.push_cancellable(at, event)
    }

    /// Cancels a pending event; `false` if it already fired or was cancelled.
    pub fn cancel(&mut self, id: EventId) -> bool {
        self.calendar.cancel(id)
    }

    /// The time of the next pending event, if any.
    pub fn next_event_time(&mut self) -> Option<SimTime> {
        self.calendar.peek_time()
    }

    /// Number of pending events.
    pub fn pending(&self) -> usize {
        self.calendar.len()
    }

    /// The pending events in firing order, for tests and debugging.
    pub fn dump(&self) -> Vec<(SimTime, &E)> {
        self.calendar.dump()
    }

    /// Handles the next event, if any. Returns whether one was handled.
    pub fn step<M: Model<Event = E>>(&mut self, model: &mut M) -> bool {
        match self.calendar.pop() {
            Some((time, event)) => {
                self.fire(model, time, event);
                true
            }
            None => false,
        }
    }

    /// Handles every event due at or before `horizon`, then sets the clock to
    /// `horizon`. Later events stay on the calendar, so a run can continue.
    /// Stops early, leaving the clock at the last event, once
    /// [`Model::finished`] says so.
    pub fn run_until<M: Model<Event = E>>(&mut self, model: &mut M, horizon: SimTime) {
        while let Some((time, event)) = self.calendar.pop_until(horizon) {
            self.fire(model, time, event);
            if model.finished() {
                return;
            }
        }
        if horizon > self.now {
            self.now = horizon;
        }
    }

    /// Handles events until the calendar is empty or the model is finished.
    pub fn run<M: Model<Event = E>>(&mut self, model: &mut M) {
        while self.step(model) && !model.finished() {}
    }

    fn fire<M: Model<Event = E>>(&mut self, model: &mut M, time: SimTime, event: E) {
        debug_assert!(
            time >= self.now,
            "the calendar returned an event in the past"
        );
        self.now = time;
        self.handled += 1;
        model.handle(self, event);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Records the time of every event and reschedules a chain of them.
    struct Recorder {
        seen: Vec<(f64, u32)>,
    }

    impl Model for Recorder {
        type Event = u32;
        fn handle(&mut self, sim: &mut Simulation<u32>, ev: u32) {
            self.seen.push((sim.now().hours(), ev));
            if ev < 5 {
                sim.schedule_in(1.5, ev + 1);
            }
        }
    }

    #[test]
    fn run_until_stops_at_the_horizon_and_keeps_later_events() {
        let mut sim = Simulation::new();
        let mut m = Recorder { seen: vec![] };
        sim.schedule_at(SimTime::ZERO, 0);
        sim.run_until(&mut m, SimTime::from_hours(3.0));
        assert_eq!(m.seen, [(0.0, 0), (1.5, 1), (3.0, 2)]);
        assert_eq!(sim.now(), SimTime::from_hours(3.0));
        assert_eq!(sim.pending(), 1);
        sim.run(&mut m);
        assert_eq!(m.seen.last(), Some(&(7.5, 5)));
        assert_eq!(sim.events_handled(), 6);
    }

    #[test]
    fn cancelled_events_are_not_handled() {
        let mut sim = Simulation::new();
        let mut m = Recorder { seen: vec![] };
        let id = sim.schedule_cancellable_at(SimTime::from_hours(1.0), 9);
        sim.schedule_at(SimTime::from_hours(2.0), 7);
        assert!(sim.cancel(id));
        sim.run(&mut m);
        assert_eq!(m.seen, [(2.0, 7)]);
    }

    #[test]
    #[should_panic(expected = "in the past")]
    fn scheduling_in_the_past_is_a_bug() {
        let mut sim: Simulation<u32> = Simulation::new();
        let mut m = Recorder { seen: vec![] };
        sim.schedule_at(SimTime::from_hours(5.0), 5);
        sim.run(&mut m);
        sim.schedule_at(SimTime::from_hours(1.0), 1);
    }
}
