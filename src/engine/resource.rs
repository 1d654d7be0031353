//! A shared resource: C identical servers and one waiting line.
//!
//! The resource is passive: it never schedules anything. A model asks for a
//! server with [`Resource::request`]; if one is free the entity holds it at
//! once, otherwise it joins the line. When a holder calls
//! [`Resource::release`], the next entity in line (if any) is granted the
//! freed server and handed back, so the model can schedule that entity's
//! service. The berth-ring benchmark's berths are built this way; a FIFO
//! queue whose other customers matter only for the wait they impose is
//! cheaper as a [`LazyQueue`](super::LazyQueue).

use std::cmp::Ordering;
use std::collections::{BinaryHeap, VecDeque};

use super::{SimTime, Tally, TimeWeighted};

/// The order in which waiting entities are served.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Discipline {
    /// First come, first served.
    Fifo,
    /// Highest priority first; first come, first served within a priority.
    Priority,
}

/// An entity granted a server after waiting in line.
#[derive(Debug, Clone, PartialEq)]
pub struct Grant<T> {
    /// The entity that now holds a server.
    pub entity: T,
    /// Hours it waited in line.
    pub wait_h: f64,
}

struct Waiting<T> {
    entity: T,
    since_h: f64,
    priority: i64,
    seq: u64,
}

impl<T> PartialEq for Waiting<T> {
    fn eq(&self, other: &Self) -> bool {
        self.seq == other.seq
    }
}
impl<T> Eq for Waiting<T> {}
impl<T> PartialOrd for Waiting<T> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl<T> Ord for Waiting<T> {
    // Max-heap: higher priority first, then the earlier arrival.
    fn cmp(&self, other: &Self) -> Ordering {
        self.priority
            .cmp(&other.priority)
            .then_with(|| other.seq.cmp(&self.seq))
    }
}

/// The waiting line. A FIFO line holds only what it needs, the entity (an
/// index in the models) and its arrival time: 16 bytes for a `u32` entity
/// against 32 for a [`Waiting`] entry, which halved the cache misses of a
/// port with 100,000 ships in line.
enum Line<T> {
    Fifo(VecDeque<(T, f64)>),
    Priority(BinaryHeap<Waiting<T>>),
}

impl<T> Line<T> {
    #[inline]
    fn len(&self) -> usize {
        match self {
            Line::Fifo(q) => q.len(),
            Line::Priority(q) => q.len(),
        }
    }

    /// Adds an entity that arrived at `since_h`; `seq` orders equal
    /// priorities.
    #[inline]
    fn push(&mut self, entity: T, since_h: f64, priority: i64, seq: u64) {
        match self {
            Line::Fifo(q) => q.push_back((entity, since_h)),
            Line::Priority(q) => q.push(Waiting {
                entity,
                since_h,
                priority,
                seq,
            }),
        }
    }

    /// The next entity to serve and its arrival time.
    #[inline]
    fn pop(&mut self) -> Option<(T, f64)> {
        match self {
            Line::Fifo(q) => q.pop_front(),
            Line::Priority(q) => q.pop().map(|w| (w.entity, w.since_h)),
        }
    }
}

/// A capacity-C server with a waiting line that records its own statistics:
/// waits (a [`Tally`] over every grant, immediate grants counting as zero),
/// time-weighted queue length and time-weighted busy servers.
pub struct Resource<T> {
    capacity: u32,
    in_use: u32,
    line: Line<T>,
    next_seq: u64,
    waits: Tally,
    queue_len: TimeWeighted,
    busy: TimeWeighted,
}

impl<T> Resource<T> {
    /// A resource with `capacity` servers and a first-come-first-served line.
    pub fn fifo(capacity: u32) -> Self {
        Self::new(capacity, Discipline::Fifo)
    }

    /// A resource with `capacity` servers and a priority line.
    pub fn priority(capacity: u32) -> Self {
        Self::new(capacity, Discipline::Priority)
    }

    /// A resource observed from time zero.
    pub fn new(capacity: u32, discipline: Discipline) -> Self {
        let line = match discipline {
            Discipline::Fifo => Line::Fifo(VecDeque::new()),
            Discipline::Priority => Line::Priority(BinaryHeap::new()),
        };
        Resource {
            capacity,
            in_use: 0,
            line,
            next_seq: 0,
            waits: Tally::new(),
            queue_len: TimeWeighted::new(0.0, 0.0),
            busy: TimeWeighted::new(0.0, 0.0),
        }
    }

    /// Keeps every wait so that percentiles can be reported (costs memory).
    pub fn keep_wait_samples(mut self) -> Self {
        self.waits = Tally::with_samples();
        self
    }

    /// Asks for a server. Returns the entity back if it was granted one at
    /// once; otherwise it joins the line and `None` is returned.
    #[inline]
    pub fn request(&mut self, now: SimTime, entity: T) -> Option<T> {
        self.request_with_priority(now, entity, 0)
    }

    /// Like [`Resource::request`], with a priority (higher is served first) that
    /// only a [`Discipline::Priority`] line takes into account.
    #[inline]
    pub fn request_with_priority(&mut self, now: SimTime, entity: T, priority: i64) -> Option<T> {
        let now_h = now.hours();
        if self.in_use < self.capacity {
            self.in_use += 1;
            self.busy.set(now_h, self.in_use as f64);
            self.waits.add(0.0);
            Some(entity)
        } else {
            let seq = self.next_seq;
            self.next_seq += 1;
            self.line.push(entity, now_h, priority, seq);
            self.queue_len.set(now_h, self.line.len() as f64);
            None
        }
    }

    /// Frees one server. If an entity is waiting, it is granted the server at
    /// `now` and returned with its wait.
    ///
    /// # Panics
    /// If no server is in use: releasing what was never held is a model bug.
    #[inline]
    pub fn release(&mut self, now: SimTime) -> Option<Grant<T>> {
        assert!(
            self.in_use > 0,
            "release of a resource with no server in use"
        );
        self.in_use -= 1;
        let grant = self.grant_next(now);
        self.busy.set(now.hours(), self.in_use as f64);
        grant
    }

    /// Changes the number of servers (a berth closes, a canal reopens).
    /// Entities granted because capacity grew are returned. Shrinking never
    /// pre-empts a holder: the excess drains as holders release.
    pub fn set_capacity(&mut self, now: SimTime, capacity: u32) -> Vec<Grant<T>> {
        self.capacity = capacity;
        let mut granted = Vec::new();
        while let Some(g) = self.grant_next(now) {
            granted.push(g);
        }
        self.busy.set(now.hours(), self.in_use as f64);
        granted
    }

    #[inline]
    fn grant_next(&mut self, now: SimTime) -> Option<Grant<T>> {
        if self.in_use >= self.capacity {
            return None;
        }
        let (entity, since_h) = self.line.pop()?;
        let now_h = now.hours();
        self.in_use += 1;
        let wait_h = now_h - since_h;
        self.waits.add(wait_h);
        self.queue_len.set(now_h, self.line.len() as f64);
        Some(Grant { entity, wait_h })
    }

    /// Number of servers.
    pub fn capacity(&self) -> u32 {
        self.capacity
    }

    /// Servers currently held.
    pub fn in_use(&self) -> u32 {
        self.in_use
    }

    /// Entities waiting in line.
    pub fn queue_len(&self) -> usize {
        self.line.len()
    }

    /// Waits of every grant so far, hours (immediate grants count as zero).
    pub fn waits(&self) -> &Tally {
        &self.waits
    }

    /// Time-average number waiting from time zero to `now`.
    pub fn mean_queue_len(&self, now: SimTime) -> f64 {
        self.queue_len.mean_until(now.hours())
    }

    /// Integral of the line's length from time zero to `now`, entity·hours;
    /// differences between two calls give the average over an interval.
    pub fn queue_area(&self, now: SimTime) -> f64 {
        self.queue_len.area_until(now.hours())
    }

    /// Longest line seen.
    pub fn max_queue_len(&self) -> usize {
        self.queue_len.max() as usize
    }

    /// Time-average share of servers in use from time zero to `now` (0–1),
    /// relative to the current capacity.
    pub fn utilisation(&self, now: SimTime) -> f64 {
        self.busy.mean_until(now.hours()) / self.capacity.max(1) as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(h: f64) -> SimTime {
        SimTime::from_hours(h)
    }

    #[test]
    fn grants_up_to_capacity_then_queues_fifo() {
        let mut r = Resource::fifo(2);
        assert_eq!(r.request(t(0.0), 'a'), Some('a'));
        assert_eq!(r.request(t(0.0), 'b'), Some('b'));
        assert_eq!(r.request(t(1.0), 'c'), None);
        assert_eq!(r.request(t(2.0), 'd'), None);
        assert_eq!((r.in_use(), r.queue_len()), (2, 2));
        let g = r.release(t(4.0)).expect("c is waiting");
        assert_eq!((g.entity, g.wait_h), ('c', 3.0));
        let g = r.release(t(5.0)).expect("d is waiting");
        assert_eq!((g.entity, g.wait_h), ('d', 3.0));
        assert_eq!(r.release(t(6.0)), None);
        assert_eq!(r.in_use(), 1);
        assert_eq!(r.waits().count(), 4);
        assert_eq!(r.waits().mean(), 1.5);
    }

    #[test]
    fn priority_line_serves_higher_priority_first_then_fifo() {
        let mut r = Resource::priority(1);
        r.request(t(0.0), "holder");
        r.request_with_priority(t(1.0), "low", 0);
        r.request_with_priority(t(2.0), "high-1", 5);
        r.request_with_priority(t(3.0), "high-2", 5);
        let order: Vec<_> = (0..3)
            .map(|i| r.release(t(10.0 + i as f64)).expect("someone waits").entity)
            .collect();
        assert_eq!(order, ["high-1", "high-2", "low"]);
    }

    #[test]
    fn records_time_weighted_queue_and_utilisation() {
        let mut r = Resource::fifo(1);
        r.request(t(0.0), 1); // busy from 0
        r.request(t(2.0), 2); // waits 2..4
        r.release(t(4.0)); // 2 takes over
        r.release(t(8.0)); // idle from 8
        // Queue length 1 during [2, 4): area 2 over 10 h.
        assert!((r.mean_queue_len(t(10.0)) - 0.2).abs() < 1e-12);
        // Busy during [0, 8): 0.8 over 10 h.
        assert!((r.utilisation(t(10.0)) - 0.8).abs() < 1e-12);
        assert_eq!(r.max_queue_len(), 1);
    }

    #[test]
    fn growing_capacity_grants_waiting_entities() {
        let mut r = Resource::fifo(0);
        assert_eq!(r.request(t(0.0), 'a'), None);
        assert_eq!(r.request(t(1.0), 'b'), None);
        let granted = r.set_capacity(t(5.0), 1);
        assert_eq!(granted.len(), 1);
        assert_eq!((granted[0].entity, granted[0].wait_h), ('a', 5.0));
        assert_eq!(r.queue_len(), 1);
    }

    #[test]
    #[should_panic(expected = "no server in use")]
    fn releasing_an_idle_resource_is_a_bug() {
        let mut r: Resource<()> = Resource::fifo(1);
        r.release(t(1.0));
    }
}
