//! The future event list: a binary heap ordered by (time, insertion sequence).

use super::Minutes;
use std::cmp::Ordering;
use std::collections::BinaryHeap;

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

/// A future event list with a clock. Events are small `Copy` values; scheduling never
/// allocates once the heap has grown to its working size.
#[derive(Debug)]
pub struct EventQueue<E> {
    heap: BinaryHeap<Entry<E>>,
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
    /// An empty queue with the clock at 0.
    pub fn new() -> Self {
        Self {
            heap: BinaryHeap::with_capacity(1024),
            now: 0.0,
            next_seq: 0,
            popped: 0,
        }
    }

    /// The current simulated time [min]: the time of the last popped event.
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
        self.heap.len()
    }

    /// True when no event is waiting.
    pub fn is_empty(&self) -> bool {
        self.heap.is_empty()
    }

    /// Schedules `event` at absolute time `time`. A time in the past is moved to now, so
    /// the clock never goes backwards.
    #[inline]
    pub fn schedule_at(&mut self, time: Minutes, event: E) {
        let time = if time < self.now { self.now } else { time };
        self.heap.push(Entry {
            time,
            seq: self.next_seq,
            event,
        });
        self.next_seq += 1;
    }

    /// Schedules `event` after `delay` minutes from now.
    #[inline]
    pub fn schedule_in(&mut self, delay: Minutes, event: E) {
        self.schedule_at(self.now + delay.max(0.0), event);
    }

    /// Time of the next event, if any.
    pub fn peek_time(&self) -> Option<Minutes> {
        self.heap.peek().map(|e| e.time)
    }

    /// Pops the next event and advances the clock to its time.
    #[inline]
    pub fn pop(&mut self) -> Option<(Minutes, E)> {
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
    fn pop_until_respects_the_horizon() {
        let mut q = EventQueue::new();
        q.schedule_at(1.0, 1);
        q.schedule_at(7.0, 2);
        assert_eq!(q.pop_until(5.0), Some((1.0, 1)));
        assert_eq!(q.pop_until(5.0), None);
        assert_eq!(q.len(), 1);
    }
}
