//! The event calendar (future-event list).
//!
//! Events carry one 64-bit integer key: the event's time in fixed ticks in
//! the high bits, then its sequence number, then a flag for events that can
//! be cancelled. Events pop in key order, so in time order and, at equal
//! times, in the order they were scheduled: that tie-break is what makes a
//! run a pure function of its seed. Keys are unique, so any structure that
//! pops the least key keeps that order exactly.
//!
//! # The structure: a calendar of buckets
//!
//! A heap pays a chain of dependent loads per pop, one per level; in the
//! berth-ring benchmark the 4-ary heap this calendar used to be spent half
//! of all the time in its pop. Here the near future is cut into buckets of
//! 2^k ticks each (Brown's calendar queue, laid out as a ladder queue's
//! rungs):
//!
//! - `bottom` holds every event before the end of the current bucket,
//!   sorted latest first, so the next event is popped from the end of a
//!   vector. An event scheduled into it (rare: the current bucket is a few
//!   events wide) is inserted at its place.
//! - `ring` holds the next buckets, each an unsorted vector: scheduling is
//!   a shift and a push. When `bottom` runs out, the next non-empty bucket
//!   is sorted and becomes `bottom`; its vector is swapped, not copied.
//! - `overflow` holds everything after the ring's last bucket, unsorted.
//!   When the ring runs out the ring is laid out afresh after the earliest
//!   event of `overflow`.
//!
//! Laying the ring out again chooses the bucket width from the events at
//! hand: about eight events per bucket at the density of the 32 earliest
//! pending events, and no wider than the pop rate over the last ring says,
//! so a lone far-future event cannot make the buckets wide. The ring has
//! as many buckets as events pending (rounded up to a power of two, 64 to
//! 2^20), so it spans several times the usual look-ahead and most events
//! are scheduled into it.
//! The choices depend only on the events pending, never on a clock, so the
//! calendar stays a pure function of what it was given.
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
//! 23 bits count scheduled events. When they run out, the pending events
//! are renumbered 0, 1, 2, … in their current order, which keeps every
//! comparison as it was; this happens once every few million events and
//! costs one sort of what is pending.
//!
//! # Cancellation
//!
//! The models schedule most events for good. An event that may be
//! cancelled has the key's lowest bit set, and only then is a set of live
//! handles consulted when it pops, so the common path pays nothing for it.

use std::collections::{HashMap, HashSet};

use super::SimTime;

/// Identifies a scheduled event so that it can be cancelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct EventId(u64);

/// Ticks per hour: one tick is 2⁻¹⁶ h ≈ 55 ms (see the module docs).
pub const TICKS_PER_HOUR: f64 = 65_536.0;

/// Bits of the key below the time: the sequence number and the flag.
const SEQ_BITS: u32 = 24;
/// Bits of the key that hold the time in ticks.
const TICK_BITS: u32 = 64 - SEQ_BITS;
/// The key's lowest bit: set for an event that may be cancelled.
const CANCELLABLE: u64 = 1;

/// Fewest and most buckets in the ring.
const MIN_BUCKETS: usize = 64;
const MAX_BUCKETS: usize = 1 << 20;
/// Pending events whose spread sets the bucket width when the ring is laid out.
const FRONT_SAMPLE: usize = 32;
/// Events a bucket is cut to hold. Measured on the berth-ring benchmark
/// (S = 1,000 to 100,000, CPU time): 8 beat 1, 2, 4 and 16 to 64; fewer
/// means more buckets to walk and more memory touched, more means longer
/// sorts and insertions into `bottom`.
const EVENTS_PER_BUCKET: u64 = 8;

/// An event and its key.
struct Entry<E> {
    key: u64,
    event: E,
}

#[inline]
fn tick_of(key: u64) -> u64 {
    key >> SEQ_BITS
}

/// Pending events in time order, first in first out at equal times.
pub struct EventQueue<E> {
    /// Every event before tick `bottom_end`, latest first.
    bottom: Vec<Entry<E>>,
    /// First tick after the events of `bottom`.
    bottom_end: u64,
    /// Buckets of `1 << shift` ticks from tick `ring_start`; those before
    /// `next_bucket` are spent (empty).
    ring: Vec<Vec<Entry<E>>>,
    ring_start: u64,
    shift: u32,
    next_bucket: usize,
    /// Events in the ring's buckets.
    in_ring: usize,
    /// Events at or after the ring's end, in no order.
    overflow: Vec<Entry<E>>,
    /// Events popped since the ring was laid out, for the pop rate.
    pops_this_ring: u64,
    next_seq: u64,
    /// Sequence numbers allowed before pending events are renumbered.
    seq_limit: u64,
    next_cancel_id: u64,
    /// Ids of cancellable events that are still due to fire.
    armed: HashSet<u64>,
    /// The id of each pending cancellable event (fired or not), by key.
    id_of_key: HashMap<u64, u64>,
}

impl<E> Default for EventQueue<E> {
    fn default() -> Self {
        Self::with_seq_bits(SEQ_BITS - 1)
    }
}

/// The last tick the calendar can hold.
const LAST_TICK: u64 = (1 << TICK_BITS) - 1;

/// The key of an event at `time` with sequence number `seq` (flag clear).
/// Times beyond the calendar's range (2^24 h, about 1,900 years) wait at
/// its last tick, in the order they were scheduled: no model runs that long
/// (scenarios stop at ten years), but a scenario may ask for an absurd
/// delay that is simply never reached.
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
    (ticks.min(LAST_TICK) << SEQ_BITS) | (seq << 1)
}

/// The time a key stands for (a whole number of ticks).
#[inline]
fn time_of(key: u64) -> SimTime {
    SimTime::from_hours(tick_of(key) as f64 / TICKS_PER_HOUR)
}

impl<E> EventQueue<E> {
    /// An empty calendar.
    pub fn new() -> Self {
        Self::default()
    }

    /// A calendar whose sequence numbers wrap after `bits` bits (tests use
    /// few bits to exercise renumbering).
    fn with_seq_bits(bits: u32) -> Self {
        debug_assert!(bits < SEQ_BITS);
        EventQueue {
            bottom: Vec::new(),
            bottom_end: 0,
            ring: Vec::new(),
            ring_start: 0,
            shift: 0,
            next_bucket: 0,
            in_ring: 0,
            overflow: Vec::new(),
            pops_this_ring: 0,
            next_seq: 0,
            seq_limit: 1 << bits,
            next_cancel_id: 1,
            armed: HashSet::new(),
            id_of_key: HashMap::new(),
        }
    }

    /// The time `time` is rounded up to: the first tick at or after it.
    pub fn tick_time(time: SimTime) -> SimTime {
        time_of(key_of(time, 0))
    }

    /// Adds an event that cannot be cancelled (the fast path).
    #[inline]
    pub fn push(&mut self, time: SimTime, event: E) {
        let key = self.next_key(time);
        self.insert(Entry { key, event });
    }

    /// Adds an event and returns a handle that [`EventQueue::cancel`] accepts.
    pub fn push_cancellable(&mut self, time: SimTime, event: E) -> EventId {
        let id = self.next_cancel_id;
        self.next_cancel_id += 1;
        let key = self.next_key(time) | CANCELLABLE;
        self.armed.insert(id);
        self.id_of_key.insert(key, id);
        self.insert(Entry { key, event });
        EventId(id)
    }

    #[inline]
    fn next_key(&mut self, time: SimTime) -> u64 {
        if self.next_seq == self.seq_limit {
            self.renumber();
        }
        let key = key_of(time, self.next_seq);
        self.next_seq += 1;
        key
    }

    /// Files an entry where its tick belongs.
    #[inline]
    fn insert(&mut self, entry: Entry<E>) {
        let tick = tick_of(entry.key);
        if tick < self.bottom_end {
            // Latest first: it goes after every later event.
            let at = self.bottom.partition_point(|e| e.key > entry.key);
            self.bottom.insert(at, entry);
            return;
        }
        let bucket = ((tick - self.ring_start) >> self.shift) as usize;
        if bucket < self.ring.len() {
            self.ring[bucket].push(entry);
            self.in_ring += 1;
        } else {
            self.overflow.push(entry);
        }
    }

    /// Makes `bottom` hold the next events, if any are pending: the next
    /// non-empty bucket, or a ring laid out afresh over `overflow`.
    #[inline]
    fn refill(&mut self) -> bool {
        while self.bottom.is_empty() {
            if self.in_ring > 0 {
                let mut b = self.next_bucket;
                while self.ring[b].is_empty() {
                    b += 1;
                }
                std::mem::swap(&mut self.bottom, &mut self.ring[b]);
                self.in_ring -= self.bottom.len();
                self.next_bucket = b + 1;
                self.bottom_end = self.ring_start + ((b as u64 + 1) << self.shift);
                self.bottom
                    .sort_unstable_by_key(|e| std::cmp::Reverse(e.key));
            } else if !self.overflow.is_empty() {
                self.lay_out_ring();
            } else {
                return false;
            }
        }
        true
    }

    /// Lays the ring out after the earliest event of `overflow`, which holds
    /// every pending event (the ring and `bottom` are empty).
    #[cold]
    fn lay_out_ring(&mut self) {
        debug_assert!(self.bottom.is_empty() && self.in_ring == 0);
        let n = self.overflow.len();
        let first = self
            .overflow
            .iter()
            .map(|e| tick_of(e.key))
            .min()
            .expect("overflow is not empty");
        // About EVENTS_PER_BUCKET events per bucket at the density of the
        // earliest ones.
        let k = FRONT_SAMPLE.min(n - 1);
        let mut width = if k == 0 {
            1 << 16 // one hour: a lone event; the next layout will know more
        } else {
            let (_, kth, _) = self.overflow.select_nth_unstable_by_key(k, |e| e.key);
            EVENTS_PER_BUCKET * (tick_of(kth.key) - first) / k as u64
        };
        // No wider than the pop rate over the ring just spent says.
        if self.pops_this_ring >= FRONT_SAMPLE as u64 && first > self.ring_start {
            width = width.min(EVENTS_PER_BUCKET * (first - self.ring_start) / self.pops_this_ring);
        }
        self.shift = 63 - width.max(1).leading_zeros();
        let buckets = n.next_power_of_two().clamp(MIN_BUCKETS, MAX_BUCKETS);
        self.ring.truncate(buckets);
        self.ring.resize_with(buckets, Vec::new);
        self.ring_start = first;
        self.bottom_end = first;
        self.next_bucket = 0;
        self.pops_this_ring = 0;
        let span = (buckets as u64) << self.shift;
        let mut beyond = Vec::new();
        for entry in self.overflow.drain(..) {
            let offset = tick_of(entry.key) - first;
            if offset < span {
                self.ring[(offset >> self.shift) as usize].push(entry);
                self.in_ring += 1;
            } else {
                beyond.push(entry);
            }
        }
        self.overflow = beyond;
    }

    /// Gives the pending events the sequence numbers 0, 1, 2, … in their
    /// current order. Every comparison between two keys comes out as before,
    /// and no tick changes, so every entry stays where it is.
    #[cold]
    fn renumber(&mut self) {
        let mut keys: Vec<u64> = self.entries().map(|e| e.key).collect();
        keys.sort_unstable();
        // Half the sequence numbers stay free so renumbering stays rare.
        assert!(
            (keys.len() as u64) < self.seq_limit / 2,
            "more than {} events pending at once",
            self.seq_limit / 2
        );
        let renumbered = |key: u64| {
            let rank = keys.binary_search(&key).expect("a pending key") as u64;
            (key & !((1u64 << SEQ_BITS) - 1)) | (rank << 1) | (key & CANCELLABLE)
        };
        let mut id_of_key = HashMap::with_capacity(self.id_of_key.len());
        for entry in self
            .bottom
            .iter_mut()
            .chain(self.ring.iter_mut().flatten())
            .chain(self.overflow.iter_mut())
        {
            let key = renumbered(entry.key);
            if let Some(id) = self.id_of_key.get(&entry.key) {
                id_of_key.insert(key, *id);
            }
            entry.key = key;
        }
        self.id_of_key = id_of_key;
        self.next_seq = keys.len() as u64;
    }

    /// Every pending entry, in no particular order.
    fn entries(&self) -> impl Iterator<Item = &Entry<E>> {
        self.bottom
            .iter()
            .chain(self.ring.iter().flatten())
            .chain(self.overflow.iter())
    }

    /// Cancels a pending event. Returns `false` if it already fired or was
    /// already cancelled, so a model can tell a stale handle from a live one.
    pub fn cancel(&mut self, id: EventId) -> bool {
        self.armed.remove(&id.0)
    }

    /// Whether the entry with `key` is live (not cancelled).
    #[inline]
    fn is_live(&self, key: u64) -> bool {
        key & CANCELLABLE == 0 || self.armed.contains(&self.id_of_key[&key])
    }

    /// Removes the next entry (`bottom` must hold one) and says whether it
    /// fires (was not cancelled), forgetting its handle.
    #[inline]
    fn take_next(&mut self) -> (u64, E, bool) {
        let Entry { key, event } = self.bottom.pop().expect("bottom was refilled");
        self.pops_this_ring += 1;
        let fires = key & CANCELLABLE == 0 || {
            let id = self
                .id_of_key
                .remove(&key)
                .expect("a cancellable key has an id");
            self.armed.remove(&id)
        };
        (key, event, fires)
    }

    /// Removes and returns the earliest live event.
    #[inline]
    pub fn pop(&mut self) -> Option<(SimTime, E)> {
        self.pop_through(u64::MAX)
    }

    /// Removes and returns the earliest live event if it is due at or before
    /// `horizon`; leaves the calendar as it is otherwise.
    #[inline]
    pub fn pop_until(&mut self, horizon: SimTime) -> Option<(SimTime, E)> {
        // The last key at or before the horizon: its tick rounded down (one
        // tick is a power of two of an hour, so the product is exact).
        let ticks = horizon.hours() * TICKS_PER_HOUR;
        if ticks.is_nan() || ticks < 0.0 {
            return None;
        }
        let last = match ticks as u64 {
            t if t >= LAST_TICK => u64::MAX,
            t => (t << SEQ_BITS) | ((1 << SEQ_BITS) - 1),
        };
        self.pop_through(last)
    }

    /// Removes and returns the earliest live event if its key is at most
    /// `last`.
    #[inline]
    fn pop_through(&mut self, last: u64) -> Option<(SimTime, E)> {
        loop {
            if !self.refill() || self.bottom.last().expect("refilled").key > last {
                return None;
            }
            let (key, event, fires) = self.take_next();
            if fires {
                return Some((time_of(key), event));
            }
        }
    }

    /// The time of the earliest live event, without removing it.
    #[inline]
    pub fn peek_time(&mut self) -> Option<SimTime> {
        // Cancelled entries on top would give a wrong answer: discard them first.
        loop {
            if !self.refill() {
                return None;
            }
            let key = self.bottom.last().expect("refilled").key;
            if self.is_live(key) {
                return Some(time_of(key));
            }
            self.take_next();
        }
    }

    /// Number of live events (cancelled ones not counted).
    pub fn len(&self) -> usize {
        let pending = self.bottom.len() + self.in_ring + self.overflow.len();
        pending - (self.id_of_key.len() - self.armed.len())
    }

    /// Whether no live event is pending.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The live events in the order they will pop, for tests and debugging.
    pub fn dump(&self) -> Vec<(SimTime, &E)> {
        let mut live: Vec<(u64, &E)> = self
            .entries()
            .filter(|e| self.is_live(e.key))
            .map(|e| (e.key, &e.event))
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

    /// Workloads that stress the buckets (a burst far denser than the
    /// layout expected, a lone far-future event, long quiet gaps, events
    /// into the current bucket, cancellations) pop exactly as a sorted map
    /// of (tick, order) says.
    #[test]
    fn agrees_with_a_sorted_map_under_shifting_densities() {
        use std::collections::BTreeMap;
        let mut state = 99u64;
        let mut next = move || {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            state >> 33
        };
        let mut q = EventQueue::with_seq_bits(12);
        let mut reference: BTreeMap<(u64, u64), u32> = BTreeMap::new();
        let mut handles = Vec::new();
        let (mut order, mut now, mut popped) = (0u64, 0u64, 0u32);
        q.push(t(1e9), u32::MAX); // far beyond everything else
        reference.insert((LAST_TICK, 0), u32::MAX);
        order += 1;
        for round in 0..60_000u32 {
            // The look-ahead changes by phase: minutes, days, months.
            let spread = match (round / 5_000) % 4 {
                0 => 1 << 10,
                1 => 1 << 22,
                2 => 1 << 4,
                _ => 1 << 28,
            };
            let burst = if next() % 500 == 0 { 200 } else { 1 };
            for _ in 0..burst {
                let ticks = now + next() % spread;
                let cancellable = next() % 16 == 0;
                if cancellable {
                    let h = q.push_cancellable(t(ticks as f64 / TICKS_PER_HOUR), round);
                    handles.push((h, (ticks, order)));
                } else {
                    q.push(t(ticks as f64 / TICKS_PER_HOUR), round);
                }
                reference.insert((ticks, order), round);
                order += 1;
            }
            if next() % 7 == 0
                && let Some((h, at)) = handles.pop()
            {
                assert_eq!(q.cancel(h), reference.remove(&at).is_some());
            }
            while reference.len() > 400 || (next() % 2 == 0 && reference.len() > 1) {
                let (&(ticks, o), &want) = reference.iter().next().unwrap();
                reference.remove(&(ticks, o));
                assert_eq!(q.pop(), Some((t(ticks as f64 / TICKS_PER_HOUR), want)));
                now = ticks;
                popped += 1;
            }
            assert_eq!(q.len(), reference.len());
        }
        assert!(popped > 50_000);
        let rest: Vec<u32> = reference.into_values().collect();
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
    fn pop_until_takes_an_event_at_the_horizon_and_not_one_tick_later() {
        let tick = 1.0 / TICKS_PER_HOUR;
        let mut q = EventQueue::new();
        q.push(t(5.0), "at");
        q.push(t(5.0 + tick), "after");
        assert_eq!(q.pop_until(t(5.0 + tick / 2.0)), Some((t(5.0), "at")));
        assert_eq!(q.pop_until(t(5.0 + tick / 2.0)), None);
        assert_eq!(q.pop_until(t(-1.0)), None);
        assert_eq!(q.pop_until(t(1e12)), Some((t(5.0 + tick), "after")));
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
