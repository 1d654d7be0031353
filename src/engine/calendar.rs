//! The event calendar (future-event list).
//!
//! A 4-ary min-heap on one 64-bit integer key per event: the event's time in
//! fixed ticks in the high bits and its sequence number in the low bits.
//! Events pop in time order and, at equal times, in the order they were
//! scheduled: that tie-break is what makes a run a pure function of its
//! seed. The heap holds only 16-byte (key, slot) pairs, so sifting moves
//! little memory and the four children compared at each level share a cache
//! line; the events themselves wait in a slab whose slots are reused as they
//! free. Comparing one integer instead of a float and a counter is what made
//! this calendar faster than `std`'s binary heap on the berth-ring model
//! (README, "Speed").
//!
//! # The tick
//!
//! One tick is 2⁻¹⁶ h (about 55 ms). An event scheduled at `t` fires at the
//! first tick at or after `t`, so an event never fires early and the clock
//! only ever shows whole ticks. The shortest durations the models use are
//! minutes (a border check, a crane move batch), some 1,000 ticks; rounding
//! up by less than 55 ms moves nothing a report shows. 40 bits of ticks
//! reach 2²⁴ h, about 1,900 years, far beyond the longest horizon a scenario
//! accepts (10 years); later events wait at the last tick.
//!
//! # The sequence number
//!
//! The low 24 bits count scheduled events. When they run out, the pending
//! events are renumbered 0, 1, 2, … in their current order, which keeps
//! every comparison (and so the heap) as it was; this happens once every
//! few million events and costs one sort of what is pending.

use std::collections::HashSet;

use super::SimTime;

/// Identifies a scheduled event so that it can be cancelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct EventId(u64);

/// Ticks per hour: one tick is 2⁻¹⁶ h ≈ 55 ms (see the module docs).
pub const TICKS_PER_HOUR: f64 = 65_536.0;

/// Bits of the key that hold the sequence number.
const SEQ_BITS: u32 = 24;
/// Bits of the key that hold the time in ticks.
const TICK_BITS: u32 = 64 - SEQ_BITS;

/// Children per heap node.
const ARITY: usize = 4;

struct Slot<E> {
    event: E,
    /// 0 for an event that cannot be cancelled; otherwise its [`EventId`].
    cancel_id: u64,
}

/// A heap entry: an event's key and where the event waits in the slab.
#[derive(Clone, Copy)]
struct Entry {
    key: u64,
    slot: u32,
}

/// Pending events in time order, first in first out at equal times.
pub struct EventQueue<E> {
    /// Heap-ordered entries.
    heap: Vec<Entry>,
    /// The events; `None` in a slot that is free.
    slab: Vec<Option<Slot<E>>>,
    /// Free slots of the slab, the last freed on top (still in cache).
    free: Vec<u32>,
    next_seq: u64,
    /// Sequence numbers allowed before pending events are renumbered.
    seq_limit: u64,
    next_cancel_id: u64,
    /// Ids of cancellable events that are still due to fire.
    armed: HashSet<u64>,
}

impl<E> Default for EventQueue<E> {
    fn default() -> Self {
        Self::with_seq_bits(SEQ_BITS)
    }
}

/// The last tick the calendar can hold.
const LAST_TICK: u64 = (1 << TICK_BITS) - 1;

/// The key of an event at `time` with sequence number `seq`. Times beyond
/// the calendar's range (2^24 h, about 1,900 years) wait at its last tick,
/// in the order they were scheduled: no model runs that long (scenarios stop
/// at ten years), but a scenario may ask for an absurd delay that is simply
/// never reached.
///
/// # Panics
/// If `time` is negative: events are scheduled from time zero on.
#[inline]
fn key_of(time: SimTime, seq: u64) -> u64 {
    let exact = time.hours() * TICKS_PER_HOUR;
    assert!(exact >= 0.0, "event time {time} is before time zero");
    // Rounds up without a call to libm's `ceil` (not inlined on baseline
    // x86-64): the truncation, plus one if it fell short. The cast
    // saturates, so a huge time gives u64::MAX and then the last tick.
    let mut ticks = exact as u64;
    ticks += u64::from((ticks as f64) < exact);
    (ticks.min(LAST_TICK) << SEQ_BITS) | seq
}

/// The time a key stands for (a whole number of ticks).
#[inline]
fn time_of(key: u64) -> SimTime {
    SimTime::from_hours((key >> SEQ_BITS) as f64 / TICKS_PER_HOUR)
}

impl<E> EventQueue<E> {
    /// An empty calendar.
    pub fn new() -> Self {
        Self::default()
    }

    /// A calendar whose sequence numbers wrap after `bits` bits (tests use
    /// few bits to exercise renumbering).
    fn with_seq_bits(bits: u32) -> Self {
        debug_assert!(bits <= SEQ_BITS);
        EventQueue {
            heap: Vec::new(),
            slab: Vec::new(),
            free: Vec::new(),
            next_seq: 0,
            seq_limit: 1 << bits,
            next_cancel_id: 1,
            armed: HashSet::new(),
        }
    }

    /// The time `time` is rounded up to: the first tick at or after it.
    pub fn tick_time(time: SimTime) -> SimTime {
        time_of(key_of(time, 0))
    }

    /// Adds an event that cannot be cancelled (the fast path).
    #[inline]
    pub fn push(&mut self, time: SimTime, event: E) {
        self.push_slot(
            time,
            Slot {
                event,
                cancel_id: 0,
            },
        );
    }

    /// Adds an event and returns a handle that [`EventQueue::cancel`] accepts.
    pub fn push_cancellable(&mut self, time: SimTime, event: E) -> EventId {
        let id = self.next_cancel_id;
        self.next_cancel_id += 1;
        self.armed.insert(id);
        self.push_slot(
            time,
            Slot {
                event,
                cancel_id: id,
            },
        );
        EventId(id)
    }

    #[inline]
    fn push_slot(&mut self, time: SimTime, slot: Slot<E>) {
        if self.next_seq == self.seq_limit {
            self.renumber();
        }
        let key = key_of(time, self.next_seq);
        self.next_seq += 1;
        let index = match self.free.pop() {
            Some(i) => {
                self.slab[i as usize] = Some(slot);
                i
            }
            None => {
                self.slab.push(Some(slot));
                u32::try_from(self.slab.len() - 1).expect("fewer than 2^32 pending events")
            }
        };
        self.heap.push(Entry { key, slot: index });
        self.sift_up(self.heap.len() - 1, Entry { key, slot: index });
    }

    /// Gives the pending events the sequence numbers 0, 1, 2, … in their
    /// current order. Every comparison between two keys comes out as before,
    /// so the heap stays a heap.
    #[cold]
    fn renumber(&mut self) {
        let mut order: Vec<usize> = (0..self.heap.len()).collect();
        order.sort_unstable_by_key(|&i| self.heap[i].key);
        // Half the sequence numbers stay free so renumbering stays rare.
        assert!(
            (order.len() as u64) < self.seq_limit / 2,
            "more than {} events pending at once",
            self.seq_limit / 2
        );
        let tick_mask = !((1u64 << SEQ_BITS) - 1);
        for (seq, &i) in order.iter().enumerate() {
            self.heap[i].key = (self.heap[i].key & tick_mask) | seq as u64;
        }
        self.next_seq = order.len() as u64;
    }

    /// Moves `entry`, standing at `i`, up to its place.
    #[inline]
    fn sift_up(&mut self, mut i: usize, entry: Entry) {
        while i > 0 {
            let parent = (i - 1) / ARITY;
            if self.heap[parent].key <= entry.key {
                break;
            }
            self.heap[i] = self.heap[parent];
            i = parent;
        }
        self.heap[i] = entry;
    }

    /// Puts `entry` in the hole at the root: the hole first sinks to a leaf
    /// along the least children, then `entry` (which came from the bottom
    /// and most often belongs there) rises to its place (Floyd's variant,
    /// which saves a comparison per level).
    #[inline]
    fn fill_root(&mut self, entry: Entry) {
        let len = self.heap.len();
        let mut i = 0;
        loop {
            let first = i * ARITY + 1;
            if first >= len {
                break;
            }
            let child = if first + ARITY <= len {
                // All four children: a tournament of two pairs keeps the
                // chain of dependent comparisons two long instead of three.
                let h = &self.heap[first..first + ARITY];
                let a = if h[1].key < h[0].key { 1 } else { 0 };
                let b = if h[3].key < h[2].key { 3 } else { 2 };
                first + if h[b].key < h[a].key { b } else { a }
            } else {
                (first + 1..len).fold(first, |m, c| {
                    if self.heap[c].key < self.heap[m].key {
                        c
                    } else {
                        m
                    }
                })
            };
            self.heap[i] = self.heap[child];
            i = child;
        }
        self.sift_up(i, entry);
    }

    /// Removes the top entry, whatever it is.
    #[inline]
    fn pop_top(&mut self) -> Option<(u64, Slot<E>)> {
        let top = *self.heap.first()?;
        let last = self.heap.pop().expect("the heap is not empty");
        if !self.heap.is_empty() {
            self.fill_root(last);
        }
        let slot = self.slab[top.slot as usize]
            .take()
            .expect("a heap entry points at a full slot");
        self.free.push(top.slot);
        Some((top.key, slot))
    }

    /// Cancels a pending event. Returns `false` if it already fired or was
    /// already cancelled, so a model can tell a stale handle from a live one.
    pub fn cancel(&mut self, id: EventId) -> bool {
        self.armed.remove(&id.0)
    }

    /// Whether the entry is live (not cancelled); forgets its id if so.
    #[inline]
    fn fires(&mut self, slot: &Slot<E>) -> bool {
        slot.cancel_id == 0 || self.armed.remove(&slot.cancel_id)
    }

    /// Removes and returns the earliest live event.
    #[inline]
    pub fn pop(&mut self) -> Option<(SimTime, E)> {
        while let Some((key, slot)) = self.pop_top() {
            if self.fires(&slot) {
                return Some((time_of(key), slot.event));
            }
        }
        None
    }

    /// Removes and returns the earliest live event if it is due at or before
    /// `horizon`; leaves the calendar as it is otherwise.
    #[inline]
    pub fn pop_until(&mut self, horizon: SimTime) -> Option<(SimTime, E)> {
        let next = self.peek_time()?;
        if next > horizon {
            return None;
        }
        self.pop()
    }

    /// The time of the earliest live event, without removing it.
    #[inline]
    pub fn peek_time(&mut self) -> Option<SimTime> {
        // Cancelled entries on top would give a wrong answer: discard them first.
        loop {
            let top = *self.heap.first()?;
            let slot = self.slab[top.slot as usize]
                .as_ref()
                .expect("a heap entry points at a full slot");
            if self.is_live(slot) {
                return Some(time_of(top.key));
            }
            self.pop_top();
        }
    }

    #[inline]
    fn is_live(&self, slot: &Slot<E>) -> bool {
        slot.cancel_id == 0 || self.armed.contains(&slot.cancel_id)
    }

    /// Number of live events (cancelled ones not counted).
    pub fn len(&self) -> usize {
        self.slab
            .iter()
            .flatten()
            .filter(|s| self.is_live(s))
            .count()
    }

    /// Whether no live event is pending.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The live events in the order they will pop, for tests and debugging.
    pub fn dump(&self) -> Vec<(SimTime, &E)> {
        let mut live: Vec<(u64, &E)> = self
            .heap
            .iter()
            .filter_map(|e| Some((e.key, self.slab[e.slot as usize].as_ref()?)))
            .filter(|(_, s)| self.is_live(s))
            .map(|(k, s)| (k, &s.event))
            .collect();
        live.sort_by_key(|&(k, _)| k);
        live.into_iter().map(|(k, e)| (time_of(k), e)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(h: f64) -> SimTime {
        SimTime::from_hours(h)
    }

    fn drain<E>(q: &mut EventQueue<E>) -> Vec<E> {
        std::iter::from_fn(|| q.pop()).map(|(_, e)| e).collect()
    }

    #[test]
    fn pops_in_time_order() {
        let mut q = EventQueue::new();
        for (h, name) in [(5.0, "e"), (1.0, "a"), (3.0, "c"), (2.0, "b"), (4.0, "d")] {
            q.push(t(h), name);
        }
        assert_eq!(drain(&mut q), ["a", "b", "c", "d", "e"]);
    }

    #[test]
    fn ties_pop_in_insertion_order() {
        let mut q = EventQueue::new();
        for i in 0..100 {
            q.push(t(7.0), i);
        }
        assert_eq!(drain(&mut q), (0..100).collect::<Vec<_>>());
    }

    #[test]
    fn times_round_up_to_the_next_tick_and_never_down() {
        let tick = 1.0 / TICKS_PER_HOUR;
        assert_eq!(EventQueue::<()>::tick_time(t(2.0)), t(2.0));
        assert_eq!(
            EventQueue::<()>::tick_time(t(2.0 + tick / 3.0)),
            t(2.0 + tick)
        );
        // Two times within one tick fire together, in scheduling order.
        let mut q = EventQueue::new();
        q.push(t(1.0 + tick * 0.9), "later but first scheduled");
        q.push(t(1.0 + tick * 0.1), "earlier");
        assert_eq!(q.pop(), Some((t(1.0 + tick), "later but first scheduled")));
        assert_eq!(q.pop(), Some((t(1.0 + tick), "earlier")));
    }

    #[test]
    fn times_beyond_the_range_wait_at_its_end_in_order() {
        let mut q = EventQueue::new();
        q.push(t(1e12), "absurd");
        q.push(t(2f64.powi(24) + 5.0), "beyond");
        q.push(t(100.0), "normal");
        let end = t(LAST_TICK as f64 / TICKS_PER_HOUR);
        assert_eq!(q.pop(), Some((t(100.0), "normal")));
        assert_eq!(q.pop(), Some((end, "absurd")));
        assert_eq!(q.pop(), Some((end, "beyond")));
    }

    #[test]
    #[should_panic(expected = "before time zero")]
    fn a_negative_time_is_a_bug() {
        let mut q = EventQueue::new();
        q.push(t(-1.0), ());
    }

    /// The same pseudo-random pushes and pops on this calendar and on a
    /// sorted list give the same sequence, renumbering included.
    #[test]
    fn agrees_with_a_sorted_list_through_renumbering() {
        let mut q = EventQueue::with_seq_bits(6);
        let mut reference: Vec<(u64, u64, u32)> = Vec::new(); // (ticks, order, id)
        let mut state = 12_345u64;
        let mut next = || {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            state >> 33
        };
        let (mut order, mut popped, mut floor) = (0u64, 0, 100u64);
        for id in 0..5_000u32 {
            // Few distinct times, so many ties; never before the last pop,
            // as in a simulation.
            let ticks = floor + next() % 8;
            q.push(t(ticks as f64 / TICKS_PER_HOUR), id);
            reference.push((ticks, order, id));
            order += 1;
            while reference.len() > 20 || (next() % 3 == 0 && !reference.is_empty()) {
                let got = q.pop().unwrap();
                reference.sort();
                let (ticks, _, want) = reference.remove(0);
                assert_eq!(got, (t(ticks as f64 / TICKS_PER_HOUR), want));
                popped += 1;
                floor = ticks;
            }
        }
        assert!(popped > 3_000);
        reference.sort();
        let rest: Vec<u32> = reference.into_iter().map(|r| r.2).collect();
        assert_eq!(drain(&mut q), rest);
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
    fn pop_until_leaves_later_events() {
        let mut q = EventQueue::new();
        q.push(t(1.0), 'a');
        q.push(t(3.0), 'b');
        assert_eq!(q.pop_until(t(2.0)), Some((t(1.0), 'a')));
        assert_eq!(q.pop_until(t(2.0)), None);
        assert_eq!(q.len(), 1);
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
