//! The world's running books: queue lengths integrated over time (the checkout queue for the
//! KPIs, every queueing system for the audit's Little's-law check), the measured period, and
//! the closing of the books at the horizon.

use crate::engine::Minutes;
use crate::sim::world::*;

impl<'s> World<'s> {
    /// Changes the staffed checkout queue length by `delta`, integrating the old length over
    /// the measured time since the last change.
    #[inline]
    pub(crate) fn change_checkout_queue(&mut self, s: usize, delta: i32, now: Minutes) {
        let waiting = self.stores[s].checkout_waiting;
        self.little_counter(s, crate::sim::audit::QueueSystem::Checkout, waiting, now);
        let warmup_end = self.warmup_end;
        let st = &mut self.stores[s];
        let from = st.queue_changed_at.max(warmup_end);
        if now > from {
            st.stats.queue_area += f64::from(st.checkout_waiting) * (now - from);
        }
        st.queue_changed_at = now;
        st.checkout_waiting = st.checkout_waiting.wrapping_add_signed(delta);
    }

    /// Audit only: the counter of `system` is about to change at `now` from `count`;
    /// integrate it over the measured time since its last change.
    #[inline]
    pub(crate) fn little_counter(
        &mut self,
        s: usize,
        system: crate::sim::audit::QueueSystem,
        count: u32,
        now: Minutes,
    ) {
        let warmup_end = self.warmup_end;
        if let Some(a) = self.audit.as_mut() {
            let m = &mut a.little[s][system as usize];
            let from = m.last_change.max(warmup_end);
            if now > from {
                m.area += f64::from(count) * (now - from);
            }
            m.last_change = now;
        }
    }

    /// Audit only: a customer of `system` who arrived at `arrived` leaves at `now`.
    #[inline]
    pub(crate) fn little_departure(
        &mut self,
        s: usize,
        system: crate::sim::audit::QueueSystem,
        arrived: Minutes,
        now: Minutes,
    ) {
        let warmup_end = self.warmup_end;
        if let Some(a) = self.audit.as_mut() {
            let m = &mut a.little[s][system as usize];
            if arrived >= warmup_end {
                m.arrivals += 1;
                m.sojourn += now - arrived;
            } else if now > warmup_end {
                m.carried_in += now - warmup_end;
            }
        }
    }

    /// Audit only: at the horizon, integrates each counter to the end and counts those still
    /// in each system with their time so far.
    fn close_little_measures(&mut self) {
        use crate::sim::audit::QueueSystem;
        let horizon = self.horizon;
        for s in 0..self.stores.len() {
            let st = &self.stores[s];
            let counts = [st.checkout_waiting, st.pickups_inside, st.open_orders];
            let waiting: Vec<Minutes> = st
                .tasks
                .iter()
                .filter(|t| t.kind == TaskKind::Checkout && t.state == TaskState::Open)
                .map(|t| t.created)
                .collect();
            let at_desk: Vec<Minutes> = st
                .orders
                .iter()
                .filter(|o| o.at_desk)
                .map(|o| o.pickup_arrival)
                .collect();
            let open: Vec<Minutes> = st
                .orders
                .iter()
                .filter(|o| !o.state.is_final())
                .map(|o| o.placed)
                .collect();
            for (system, count, arrivals) in [
                (QueueSystem::Checkout, counts[0], waiting),
                (QueueSystem::PickupDesk, counts[1], at_desk),
                (QueueSystem::OpenOrders, counts[2], open),
            ] {
                self.little_counter(s, system, count, horizon);
                for arrived in arrivals {
                    self.little_departure(s, system, arrived, horizon);
                }
            }
        }
    }

    /// True when `t` falls in the measured period.
    #[inline]
    pub fn counted(&self, t: Minutes) -> bool {
        t >= self.warmup_end
    }

    /// Ends the run: open orders stay open (their state is recorded), staff still on shift
    /// are paid to the horizon, and the audit gets the final stock picture.
    pub(super) fn finish(&mut self) {
        let horizon = self.horizon;
        if let Some(r) = self.rec.take() {
            self.recording = Some(r.finish(self));
        }
        if let Some(mut tr) = self.trace.take() {
            tr.finish(self);
            self.trace = Some(tr);
        }
        for s in 0..self.stores.len() {
            self.change_checkout_queue(s, 0, horizon);
            let spec = self.stores[s].spec;
            self.stores[s].stats.open_minutes = f64::from(self.sc.days) * (spec.close - spec.open);
            // Staff still here at the horizon are paid to it; their state is left as it is
            // (someone busy stays busy), so the end-of-run checks see a consistent world.
            let emps = self.stores[s].employees.len();
            for e in 0..emps {
                let state = self.stores[s].employees[e].state;
                if state != EmpState::Off {
                    self.book_pay(s, e as u32, horizon);
                }
            }
        }
        if self.audit.is_some() {
            self.close_little_measures();
        }
        if let Some(mut audit) = self.audit.take() {
            audit.record_final(self);
            self.audit = Some(audit);
        }
    }
}
