//! The event calendar (future-event list).
//!
//! A binary heap keyed on `(time, sequence number)`: events pop in time order
//! and, at equal times, in the order they were scheduled. That tie-break is
//! what makes a run a pure function of its seed.

use std::cmp::Ordering;
use std::collections::{BinaryHeap, HashSet};

use super::SimTime;

/// Identifies a scheduled event so that it can be cancelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct EventId(u64);

struct Entry<E> {
    time: SimTime,
    seq: u64,
    /// Only cancellable events pay for a hash-set lookup when they pop.
    cancellable: bool,
    event: E,
}

impl<E> PartialEq for Entry<E> {
    fn eq(&self, other: &Self) -> bool {
        self.seq == other.seq
    }
}

impl<E> Eq for Entry<E> {}

impl<E> PartialOrd for Entry<E> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl<E> Ord for Entry<E> {
    // BinaryHeap is a max-heap: reverse so the earliest (time, seq) is on top.
    fn cmp(&self, other: &Self) -> Ordering {
        other
            .time
            .cmp(&self.time)
            .then_with(|| other.seq.cmp(&self.seq))
    }
}

/// Pending events in time order, first in first out at equal times.
pub struct EventQueue<E> {
    heap: BinaryHeap<Entry<E>>,
    next_seq: u64,
    /// Sequence numbers of cancellable events that are still due to fire.
    armed: HashSet<u64>,
}

impl<E> Default for EventQueue<E> {
    fn default() -> Self {
        EventQueue {
            heap: BinaryHeap::new(),
            next_seq: 0,
            armed: HashSet::new(),
        }
    }
}

impl<E> EventQueue<E> {
    /// An empty calendar.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds an event that cannot be cancelled (the fast path).
    pub fn push(&mut self, time: SimTime, event: E) {
        self.push_entry(time, false, event);
    }

    /// Adds an event and returns a handle that [`EventQueue::cancel`] accepts.
    pub fn push_cancellable(&mut self, time: SimTime, event: E) -> EventId {
        let id = self.push_entry(time, true, event);
        self.armed.insert(id.0);
        id
    }

    fn push_entry(&mut self, time: SimTime, cancellable: bool, event: E) -> EventId {
        let seq = self.next_seq;
        self.next_seq += 1;
        self.heap.push(Entry {
            time,
            seq,
            cancellable,
            event,
        });
        EventId(seq)
    }

    /// Cancels a pending event. Returns `false` if it already fired or was
    /// already cancelled, so a model can tell a stale handle from a live one.
    pub fn cancel(&mut self, id: EventId) -> bool {
        self.armed.remove(&id.0)
    }

    /// Removes and returns the earliest live event.
    pub fn pop(&mut self) -> Option<(SimTime, E)> {
        while let Some(entry) = self.heap.pop() {
            if entry.cancellable && !self.armed.remove(&entry.seq) {
                continue; // cancelled: drop it silently
            }
            return Some((entry.time, entry.event));
        }
        None
    }

    /// The time of the earliest live event, without removing it.
    pub fn peek_time(&mut self) -> Option<SimTime> {
        // Cancelled entries on top would give a wrong answer: discard them first.
        while let Some(top) = self.heap.peek() {
            if top.cancellable && !self.armed.contains(&top.seq) {
                self.heap.pop();
            } else {
                return Some(top.time);
            }
        }
        None
    }

    /// Number of live events (cancelled ones not counted).
    pub fn len(&self) -> usize {
        let cancelled_inside = self
            .heap
            .iter()
            .filter(|e| e.cancellable && !self.armed.contains(&e.seq))
            .count();
        self.heap.len() - cancelled_inside
    }

    /// Whether no live event is pending.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The live events in the order they will pop, for tests and debugging.
    pub fn dump(&self) -> Vec<(SimTime, &E)> {
        let mut live: Vec<&Entry<E>> = self
            .heap
            .iter()
            .filter(|e| !e.cancellable || self.armed.contains(&e.seq))
            .collect();
        live.sort_by(|a, b| b.cmp(a));
        live.into_iter().map(|e| (e.time, &e.event)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(h: f64) -> SimTime {
        SimTime::from_hours(h)
    }

    #[test]
    fn pops_in_time_order() {
        let mut q = EventQueue::new();
        for (h, name) in [(5.0, "e"), (1.0, "a"), (3.0, "c"), (2.0, "b"), (4.0, "d")] {
            q.push(t(h), name);
        }
        let order: Vec<_> = std::iter::from_fn(|| q.pop()).map(|(_, e)| e).collect();
        assert_eq!(order, ["a", "b", "c", "d", "e"]);
    }

    #[test]
    fn ties_pop_in_insertion_order() {
        let mut q = EventQueue::new();
        for i in 0..100 {
            q.push(t(7.0), i);
        }
        let order: Vec<_> = std::iter::from_fn(|| q.pop()).map(|(_, e)| e).collect();
        assert_eq!(order, (0..100).collect::<Vec<_>>());
    }

    #[test]
    fn cancelled_events_never_pop() {
        let mut q = EventQueue::new();
        q.push(t(1.0), "keep");
        let gone = q.push_cancellable(t(0.5), "gone");
        let later = q.push_cancellable(t(2.0), "later");
        assert_eq!(q.len(), 3);
        assert!(q.cancel(gone));
        assert!(
            !q.cancel(gone),
            "a second cancel reports the handle is stale"
        );
        assert_eq!(q.len(), 2);
        assert_eq!(q.peek_time(), Some(t(1.0)));
        assert_eq!(q.pop(), Some((t(1.0), "keep")));
        assert_eq!(q.pop(), Some((t(2.0), "later")));
        assert!(!q.cancel(later), "an event that fired cannot be cancelled");
        assert_eq!(q.pop(), None);
    }

    #[test]
    fn dump_lists_live_events_in_pop_order() {
        let mut q = EventQueue::new();
        q.push(t(3.0), 'c');
        let x = q.push_cancellable(t(1.0), 'x');
        q.push(t(2.0), 'b');
        q.cancel(x);
        let dumped: Vec<char> = q.dump().into_iter().map(|(_, e)| *e).collect();
        assert_eq!(dumped, ['b', 'c']);
    }
}
