//! A first-come-first-served queue with C servers and a Poisson stream of
//! other customers, computed without events.
//!
//! In a FIFO multi-server queue every customer, in order of arrival, takes
//! the server that frees first: with `W` the times at which the servers are
//! next free, a customer arriving at `a` with service time `s` starts at
//! `max(a, min W)` and that server is next free at the start plus `s` (the
//! Kiefer–Wolfowitz recursion; Kiefer & Wolfowitz 1955). Nothing that arrives
//! later changes when an earlier customer starts, so the queue can be
//! brought up to date only when someone we care about arrives: the other
//! customers (background traffic) that arrived since are joined first, in
//! order, then ours. No event is scheduled for any of them, and the cost per
//! background customer is a couple of random draws and an ordered insert
//! among C times instead of two trips through the calendar.
//!
//! This is the same queue as a [`Resource`](super::Resource) with FIFO line
//! fed by arrival and release events: the same customers start at the same
//! times. Background arrivals and service times come from two streams of
//! their own, so they do not depend on when the queue is brought up to date.
//!
//! The queue also keeps, per period (a day in the models), the time-average
//! number waiting and the largest number waiting, as a
//! [`Resource`](super::Resource) sampled at each period's end would.

use super::{Dist, SimRng};

/// Other customers: Poisson arrivals and their service times.
pub struct Traffic {
    gap: Dist,
    service: Dist,
    arrivals: SimRng,
    services: SimRng,
    /// Gaps and service times drawn ahead, in their streams' order: each
    /// stream serves one purpose, so drawing ahead changes no number, and
    /// a batch picks the distribution once instead of per customer.
    gaps: Batch,
    service_hs: Batch,
}

impl Traffic {
    /// Poisson arrivals `per_h` an hour, each served for a draw of `service`
    /// (negative draws count as zero). Gaps are drawn from `arrivals`,
    /// service times from `services`, in arrival order.
    ///
    /// # Panics
    /// If `per_h` is not positive and finite (callers leave the traffic out
    /// instead).
    pub fn poisson(per_h: f64, service: Dist, arrivals: SimRng, services: SimRng) -> Traffic {
        Traffic {
            gap: Dist::exponential(1.0 / per_h).expect("a positive, finite arrival rate"),
            service,
            arrivals,
            services,
            gaps: Batch::empty(),
            service_hs: Batch::empty(),
        }
    }

    /// The gap to the next arrival, hours.
    #[inline]
    fn next_gap(&mut self) -> f64 {
        self.gaps.take(&self.gap, &mut self.arrivals, false)
    }

    /// The next background customer's service time, hours (at least zero).
    #[inline]
    fn next_service(&mut self) -> f64 {
        self.service_hs
            .take(&self.service, &mut self.services, true)
    }
}

/// Draws of one stream made ahead of use.
struct Batch {
    values: [f64; BATCH],
    /// Index of the next value to use; `BATCH` when all are used.
    next: usize,
}

/// Draws made at a time: enough to pay for the distribution's dispatch,
/// few enough that a queue nobody visits for long draws little it never
/// uses.
const BATCH: usize = 32;

impl Batch {
    fn empty() -> Batch {
        Batch {
            values: [0.0; BATCH],
            next: BATCH,
        }
    }

    #[inline]
    fn take(&mut self, dist: &Dist, rng: &mut SimRng, floor_at_zero: bool) -> f64 {
        if self.next == BATCH {
            dist.fill(rng, &mut self.values, floor_at_zero);
            self.next = 0;
        }
        let v = self.values[self.next];
        self.next += 1;
        v
    }
}

/// Servers' free times updated at a time (see
/// [`Line::replace_earliest`]): four doubles fill two SSE2 registers.
const BLOCK: usize = 4;

/// A FIFO queue with C servers, brought up to date as customers join.
pub struct LazyQueue {
    line: Line,
    traffic: Option<Traffic>,
    /// Arrival time of the next background customer not yet joined.
    next_background_h: f64,
    /// Arrival time of the last customer joined.
    last_arrival_h: f64,
    /// Customers joined, background included.
    joined: u64,
}

/// The servers and the line in front of them, with the statistics per
/// period: everything a customer's joining updates.
struct Line {
    /// When each server is next free, hours, in increasing order, followed
    /// by at least one `+∞` to a length of `4k + 1` (see
    /// [`replace_earliest`](Self::replace_earliest)).
    free_at: Vec<f64>,
    /// Service starts of the customers that joined and had to wait, in
    /// order of arrival (so in increasing order); the front ones drop out
    /// as time passes their start.
    waiting: Waiting,
    /// Length of a statistics period, hours.
    period_h: f64,
    /// Per period: integral of the number waiting (customer·hours) and the
    /// largest number waiting.
    periods: Vec<(f64, usize)>,
    /// Periods whose end has been passed.
    closed: usize,
    /// End of the current period, `(closed + 1) × period_h`.
    period_end_h: f64,
}

impl LazyQueue {
    /// An empty queue with `servers` servers, with optional background
    /// `traffic` from time zero, keeping statistics per `period_h` hours.
    ///
    /// # Panics
    /// If `servers` is zero or `period_h` is not positive.
    pub fn new(servers: u32, traffic: Option<Traffic>, period_h: f64) -> LazyQueue {
        assert!(servers > 0, "a queue needs at least one server");
        assert!(period_h > 0.0, "the statistics period must be positive");
        let servers = servers as usize;
        let mut free_at = vec![f64::INFINITY; servers.div_ceil(BLOCK) * BLOCK + 1];
        free_at[..servers].fill(0.0);
        let mut q = LazyQueue {
            line: Line {
                free_at,
                waiting: Waiting::new(),
                period_h,
                periods: vec![(0.0, 0)],
                closed: 0,
                period_end_h: period_h,
            },
            traffic,
            next_background_h: f64::INFINITY,
            last_arrival_h: 0.0,
            joined: 0,
        };
        if let Some(t) = &mut q.traffic {
            q.next_background_h = t.next_gap();
        }
        q
    }

    /// Customers already waiting at time zero, one per service time in
    /// `services_h`, ahead of everyone who arrives later: a queue that
    /// starts loaded instead of empty. Call before anyone joins.
    ///
    /// # Panics
    /// If a customer has already joined.
    pub fn preload(&mut self, services_h: impl IntoIterator<Item = f64>) {
        assert!(self.joined == 0, "a queue is preloaded before anyone joins");
        for s in services_h {
            self.line.join(0.0, s.max(0.0));
            self.joined += 1;
        }
    }

    /// Joins a customer arriving at `now_h` who needs `service_h` hours, after
    /// every background customer that arrived by then. Returns when its
    /// service starts (at or after `now_h`; it ends `service_h` later).
    ///
    /// # Panics
    /// If `now_h` is before the last arrival: customers join in time order.
    #[inline]
    pub fn join(&mut self, now_h: f64, service_h: f64) -> f64 {
        assert!(
            now_h >= self.last_arrival_h && now_h.is_finite(),
            "customers join in time order: {now_h} h after {} h",
            self.last_arrival_h
        );
        self.advance(now_h);
        self.last_arrival_h = now_h;
        self.joined += 1;
        self.line.join(now_h, service_h.max(0.0))
    }

    /// Joins every background customer that arrives by `until_h`.
    pub fn advance(&mut self, until_h: f64) {
        let Some(t) = &mut self.traffic else {
            return;
        };
        let mut at = self.next_background_h;
        if at > until_h {
            return;
        }
        let mut joined = 0;
        while at <= until_h {
            let service = t.next_service();
            self.line.join(at, service);
            self.last_arrival_h = at;
            joined += 1;
            at += t.next_gap();
        }
        self.joined += joined;
        self.next_background_h = at;
    }

    /// Customers joined so far, background included.
    pub fn joined(&self) -> u64 {
        self.joined
    }

    /// Brings the queue up to `now_h` and returns, for every whole period
    /// that ended by then, the time-average number waiting and the largest
    /// number waiting (counting the numbers at both ends of the period).
    ///
    /// # Panics
    /// If `now_h` is not finite.
    pub fn periods_until(&mut self, now_h: f64) -> Vec<(f64, f64)> {
        assert!(
            now_h.is_finite(),
            "periods end at a finite time, not {now_h}"
        );
        self.advance(now_h);
        let line = &mut self.line;
        line.close_periods_until(now_h);
        line.periods[..line.closed]
            .iter()
            .map(|&(area, peak)| (area / line.period_h, peak as f64))
            .collect()
    }
}

impl Line {
    /// Joins a customer arriving at `at` who needs `service_h` hours (at
    /// least zero): when its service starts.
    #[inline(always)]
    fn join(&mut self, at: f64, service_h: f64) -> f64 {
        if at >= self.period_end_h {
            self.close_periods_until(at);
        }
        self.waiting.started_by(at);
        let first = self.free_at[0];
        let start = if at > first { at } else { first };
        self.replace_earliest(start + service_h);
        // Whether the customer waits is a coin toss at a busy post: the
        // bookkeeping below is selects, not branches (a customer who does
        // not wait adds nothing: zero hours, and no one to the line).
        let waits = start > at;
        self.waiting.push_if(start, waits);
        let k = self.closed;
        let counted = if waits { self.waiting.len() } else { 0 };
        self.periods[k].1 = self.periods[k].1.max(counted);
        // Most waits end within the period they began in.
        if start <= self.period_end_h {
            self.periods[k].0 += start - at;
        } else {
            self.add_wait(at, start);
        }
        start
    }

    /// Makes the server that was free first next free at `until_h`.
    ///
    /// The times are kept sorted: the earliest drops off and `until_h` takes
    /// its place in order (it is never earlier than the earliest, as a
    /// customer starts no sooner than the first server frees). With `t` the
    /// old times and `t[C] = +∞`, the new `i`-th time is
    /// `min(t[i + 1], max(t[i], until_h))`: the same for every `i`, with no
    /// branch, so the compiler does four at a time in vector registers.
    /// A walk that stopped at `until_h`'s place took one hard-to-predict
    /// branch per customer (and a binary heap's sift-down one per level):
    /// with a border post's 16 lanes at 98 % load that branch was the
    /// largest single cost of an INSTC run. Any order of the same times
    /// gives the same starts.
    #[inline(always)]
    fn replace_earliest(&mut self, until_h: f64) {
        let times = &mut self.free_at[..];
        for at in (0..times.len() / BLOCK).map(|b| b * BLOCK) {
            let window: &mut [f64; BLOCK + 1] = (&mut times[at..=at + BLOCK])
                .try_into()
                .expect("a block and the time after it");
            let old = *window;
            for i in 0..BLOCK {
                let up = if old[i] > until_h { old[i] } else { until_h };
                window[i] = if old[i + 1] < up { old[i + 1] } else { up };
            }
        }
    }

    /// Closes the periods that end at or before `t`, noting the number
    /// waiting at each end as the peak of both periods it separates.
    #[inline]
    fn close_periods_until(&mut self, t: f64) {
        while self.period_end_h <= t {
            let end = self.period_end_h;
            self.waiting.started_by(end);
            let n = self.waiting.len();
            let k = self.closed;
            self.periods[k].1 = self.periods[k].1.max(n);
            if self.periods.len() == k + 1 {
                self.periods.push((0.0, 0));
            }
            self.periods[k + 1].1 = self.periods[k + 1].1.max(n);
            self.closed += 1;
            self.period_end_h = (self.closed + 1) as f64 * self.period_h;
        }
    }

    /// Adds a wait from `from_h` to `to_h` to the periods it overlaps.
    #[cold]
    fn add_wait(&mut self, from_h: f64, to_h: f64) {
        let mut k = (from_h / self.period_h) as usize;
        let mut t = from_h;
        while t < to_h {
            let end = ((k + 1) as f64 * self.period_h).min(to_h);
            if self.periods.len() <= k {
                self.periods.resize(k + 1, (0.0, 0));
            }
            self.periods[k].0 += end - t;
            t = end;
            k += 1;
        }
    }
}

/// Service starts of the customers waiting, in order of arrival (so in
/// increasing order), followed by `+∞`s that no time passes: the front
/// ones drop out as time passes their start.
struct Waiting {
    /// `starts[head..end]` are the starts; every slot from `end` on is
    /// `+∞`, and there are at least three of them.
    starts: Vec<f64>,
    head: usize,
    end: usize,
}

/// Starts dropped from the front before the vector is compacted.
const COMPACT_AFTER: usize = 4096;

impl Waiting {
    fn new() -> Waiting {
        Waiting {
            starts: vec![f64::INFINITY; 64],
            head: 0,
            end: 0,
        }
    }

    /// Customers waiting.
    #[inline(always)]
    fn len(&self) -> usize {
        self.end - self.head
    }

    /// Adds a customer who starts at `start` if `waits`, with stores and
    /// no branch either way.
    #[inline(always)]
    fn push_if(&mut self, start: f64, waits: bool) {
        let end = self.end;
        self.starts[end] = if waits { start } else { f64::INFINITY };
        self.end = end + usize::from(waits);
        if self.end + 3 > self.starts.len() {
            self.make_room();
        }
    }

    #[cold]
    fn make_room(&mut self) {
        self.compact();
        if self.end + 3 > self.starts.len() {
            let len = self.starts.len() * 2;
            self.starts.resize(len, f64::INFINITY);
        }
    }

    /// Moves the starts to the front, leaving `+∞` behind them.
    fn compact(&mut self) {
        let (head, end) = (self.head, self.end);
        self.starts.copy_within(head..end, 0);
        self.starts[end - head..end].fill(f64::INFINITY);
        self.end = end - head;
        self.head = 0;
    }

    /// Drops the customers whose service started by `t`.
    ///
    /// Most arrivals see zero, one or two starts pass: the three starts at
    /// the front are compared at once (they are sorted, and `+∞` pads the
    /// end), so the count is one load away from the last, not a chain of
    /// loads or a mispredicted jump; more than three is rare.
    #[inline(always)]
    fn started_by(&mut self, t: f64) {
        let head = self.head;
        let front: [f64; 3] = self.starts[head..head + 3].try_into().expect("three slots");
        let passed = front.iter().map(|&s| usize::from(s <= t)).sum::<usize>();
        let mut head = head + passed;
        if passed == 3 {
            while self.starts[head] <= t {
                head += 1;
            }
        }
        self.head = head;
        if head >= COMPACT_AFTER {
            self.compact();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn customers_take_the_server_that_frees_first_in_order_of_arrival() {
        let mut q = LazyQueue::new(2, None, 24.0);
        assert_eq!(q.join(0.0, 10.0), 0.0);
        assert_eq!(q.join(1.0, 3.0), 1.0);
        // Both busy: the next starts when the second frees at 4.
        assert_eq!(q.join(2.0, 5.0), 4.0);
        // Then the first frees at 10 and the second again at 9.
        assert_eq!(q.join(3.0, 1.0), 9.0);
        assert_eq!(q.join(3.5, 1.0), 10.0);
        assert_eq!(q.joined(), 5);
    }

    #[test]
    fn periods_record_the_mean_and_peak_number_waiting() {
        let mut q = LazyQueue::new(1, None, 10.0);
        q.join(0.0, 15.0); // serves 0–15
        q.join(2.0, 1.0); // waits 2–15, serves 15–16
        q.join(4.0, 1.0); // waits 4–16
        let days = q.periods_until(25.0);
        assert_eq!(days.len(), 2);
        // Period 0: waiting 8 h + 6 h = 14 customer·hours over 10 h; peak 2.
        assert_eq!(days[0], (1.4, 2.0));
        // Period 1: 5 h + 6 h = 11 over 10 h; 2 waiting at its start.
        assert_eq!(days[1], (1.1, 2.0));
    }

    #[test]
    fn preloaded_customers_are_ahead_of_everyone_who_arrives_later() {
        let mut q = LazyQueue::new(1, None, 24.0);
        q.preload([2.0, 3.0, 1.0]);
        // One server: the three already waiting take 6 h between them.
        assert_eq!(q.join(1.0, 1.0), 6.0);
    }

    #[test]
    fn background_traffic_does_not_depend_on_when_the_queue_is_updated() {
        let streams = super::super::Streams::new(3);
        let make = || {
            LazyQueue::new(
                3,
                Some(Traffic::poisson(
                    2.0,
                    Dist::lognormal(1.2, 0.6).unwrap(),
                    streams.stream(0, "a"),
                    streams.stream(0, "s"),
                )),
                24.0,
            )
        };
        let (mut often, mut once) = (make(), make());
        for h in 1..100 {
            often.advance(f64::from(h));
        }
        assert_eq!(often.join(100.0, 1.0), once.join(100.0, 1.0));
        assert_eq!(often.joined(), once.joined());
        assert_eq!(often.periods_until(200.0), once.periods_until(200.0));
    }

    #[test]
    fn the_waiting_line_grows_and_compacts_without_losing_a_start() {
        let mut w = Waiting::new();
        let mut reference = std::collections::VecDeque::new();
        // Ten thousand customers, each waiting 100 h, one an hour: the line
        // grows past its first 64 slots and is compacted twice or more.
        for i in 0..10_000 {
            let now = f64::from(i);
            w.started_by(now);
            while reference.front().is_some_and(|&s| s <= now) {
                reference.pop_front();
            }
            let waits = i % 3 != 0;
            w.push_if(now + 100.0, waits);
            if waits {
                reference.push_back(now + 100.0);
            }
            assert_eq!(w.len(), reference.len(), "customer {i}");
        }
        w.started_by(f64::MAX);
        assert_eq!(w.len(), 0);
    }
}
