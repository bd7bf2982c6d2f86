//! The future event list: a binary heap ordered by (time, insertion sequence), with a
//! calendar of buckets for events far in the future.
//!
//! Models schedule many events days ahead (a returned item comes back in a week), which
//! would make every heap operation pay for them. Events at or beyond the end of the current
//! bucket wait in a per-bucket list and join the heap only when the clock reaches their
//! bucket. The pop order is exactly that of a single heap ordered by (time, sequence): an
//! entry keeps its sequence number when it moves.

use super::Minutes;
use std::cmp::Ordering;
use std::collections::{BTreeMap, BinaryHeap};

/// One scheduled entry. Ordered so that the heap pops the earliest time first and, for equal
/// times, the entry scheduled first (a stable, deterministic tie-break).
#[derive(Clone, Copy, Debug)]
struct Entry<E> {
    time: Minutes,
    seq: u64,
    event: E,
}

impl<E> PartialEq for Entry<E> {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl<E> Eq for Entry<E> {}
impl<E> PartialOrd for Entry<E> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl<E> Ord for Entry<E> {
    fn cmp(&self, other: &Self) -> Ordering {
        // Reversed: BinaryHeap is a max-heap and we want the smallest (time, seq) on top.
        other
            .time
            .total_cmp(&self.time)
            .then_with(|| other.seq.cmp(&self.seq))
    }
}

/// Default width of a calendar bucket \[min\]: one day.
const DEFAULT_BUCKET: Minutes = 1440.0;

/// A future event list with a clock. Events are small `Copy` values; scheduling never
/// allocates once the heap has grown to its working size.
#[derive(Debug)]
pub struct EventQueue<E> {
    heap: BinaryHeap<Entry<E>>,
    /// Events at or after `near_end`, by bucket index.
    far: BTreeMap<u64, Vec<Entry<E>>>,
    /// Every event in `heap` is earlier than this; every event in `far` is not.
    near_end: Minutes,
    bucket: Minutes,
    far_len: usize,
    now: Minutes,
    next_seq: u64,
    popped: u64,
}

impl<E: Copy> Default for EventQueue<E> {
    fn default() -> Self {
        Self::new()
    }
}

impl<E: Copy> EventQueue<E> {
    /// An empty queue with the clock at 0 and one-day calendar buckets.
    pub fn new() -> Self {
        Self::with_bucket_width(DEFAULT_BUCKET)
    }

    /// An empty queue whose far-future calendar uses buckets `width` minutes wide.
    ///
    /// # Panics
    /// If `width` is not positive and finite.
    pub fn with_bucket_width(width: Minutes) -> Self {
        assert!(
            width > 0.0 && width.is_finite(),
            "bucket width must be positive"
        );
        Self {
            heap: BinaryHeap::with_capacity(1024),
            far: BTreeMap::new(),
            near_end: width,
            bucket: width,
            far_len: 0,
            now: 0.0,
            next_seq: 0,
            popped: 0,
        }
    }

    /// The current simulated time \[min\]: the time of the last popped event.
    #[inline]
    pub fn now(&self) -> Minutes {
        self.now
    }

    /// How many events have been popped so far.
    pub fn events_processed(&self) -> u64 {
        self.popped
    }

    /// Number of events waiting.
    pub fn len(&self) -> usize {
        self.heap.len() + self.far_len
    }

    /// True when no event is waiting.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Schedules `event` at absolute time `time`. A time in the past is moved to now, so
    /// the clock never goes backwards.
    #[inline]
    pub fn schedule_at(&mut self, time: Minutes, event: E) {
        let time = if time < self.now { self.now } else { time };
        let entry = Entry {
            time,
            seq: self.next_seq,
            event,
        };
        self.next_seq += 1;
        if time < self.near_end {
            self.heap.push(entry);
        } else {
            let index = (time / self.bucket).floor() as u64;
            self.far.entry(index).or_default().push(entry);
            self.far_len += 1;
        }
    }

    /// Moves the earliest far bucket into the heap when the heap has nothing earlier.
    /// Returns false when there is nothing left anywhere.
    #[inline]
    fn refill(&mut self) -> bool {
        while self.heap.is_empty() {
            let Some((index, entries)) = self.far.pop_first() else {
                return false;
            };
            self.near_end = (index + 1) as f64 * self.bucket;
            self.far_len -= entries.len();
            self.heap.extend(entries);
        }
        true
    }

    /// Schedules `event` after `delay` minutes from now.
    #[inline]
    pub fn schedule_in(&mut self, delay: Minutes, event: E) {
        self.schedule_at(self.now + delay.max(0.0), event);
    }

    /// Time of the next event, if any.
    pub fn peek_time(&mut self) -> Option<Minutes> {
        if !self.refill() {
            return None;
        }
        self.heap.peek().map(|e| e.time)
    }

    /// Pops the next event and advances the clock to its time.
    #[inline]
    pub fn pop(&mut self) -> Option<(Minutes, E)> {
        if !self.refill() {
            return None;
        }
        let entry = self.heap.pop()?;
        debug_assert!(entry.time >= self.now, "time went backwards");
        self.now = entry.time;
        self.popped += 1;
        Some((entry.time, entry.event))
    }

    /// Pops the next event only if it happens at or before `horizon`.
    #[inline]
    pub fn pop_until(&mut self, horizon: Minutes) -> Option<(Minutes, E)> {
        match self.peek_time() {
            Some(t) if t <= horizon => self.pop(),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pops_in_time_order_and_fifo_for_ties() {
        let mut q = EventQueue::new();
        q.schedule_at(5.0, 'a');
        q.schedule_at(1.0, 'b');
        q.schedule_at(5.0, 'c');
        q.schedule_at(3.0, 'd');
        q.schedule_at(5.0, 'e');
        let order: Vec<char> = std::iter::from_fn(|| q.pop().map(|(_, e)| e)).collect();
        assert_eq!(order, vec!['b', 'd', 'a', 'c', 'e']);
        assert_eq!(q.events_processed(), 5);
    }

    #[test]
    fn past_times_are_clamped_to_now() {
        let mut q = EventQueue::new();
        q.schedule_at(10.0, 1);
        q.pop();
        q.schedule_at(2.0, 2);
        assert_eq!(q.pop(), Some((10.0, 2)));
    }

    #[test]
    fn far_events_keep_the_global_order() {
        // Narrow buckets so that most events go through the calendar.
        let mut q = EventQueue::with_bucket_width(2.0);
        let mut reference = Vec::new();
        let mut x: u64 = 12345;
        for i in 0..2000u32 {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            // Many ties: times on a coarse grid, never in the past.
            let t = q.now() + ((x >> 33) % 400) as f64 * 0.5;
            q.schedule_at(t, i);
            reference.push((t, i));
            // Pop now and then, and schedule relative to the clock, like a model does.
            if i % 7 == 0 {
                let (now, e) = q.pop().unwrap();
                let pos = reference
                    .iter()
                    .enumerate()
                    .min_by(|a, b| a.1.0.total_cmp(&b.1.0).then(a.1.1.cmp(&b.1.1)))
                    .map(|(p, _)| p)
                    .unwrap();
                assert_eq!(reference.remove(pos), (now, e));
            }
        }
        reference.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        let rest: Vec<(f64, u32)> = std::iter::from_fn(|| q.pop()).collect();
        assert_eq!(rest.len(), reference.len());
        let ids: Vec<u32> = rest.iter().map(|r| r.1).collect();
        let expected: Vec<u32> = reference.iter().map(|r| r.1).collect();
        assert_eq!(ids, expected);
        assert!(q.is_empty());
    }

    #[test]
    fn pop_until_respects_the_horizon() {
        let mut q = EventQueue::new();
        q.schedule_at(1.0, 1);
        q.schedule_at(7.0, 2);
        assert_eq!(q.pop_until(5.0), Some((1.0, 1)));
        assert_eq!(q.pop_until(5.0), None);
        assert_eq!(q.len(), 1);
    }
}
