//! Inventory over time: replenishment on record stock, deliveries and put-away, returns,
//! shrink and misplacement, cycle counts, the online view's sync, and the daily samples.

use crate::engine::Minutes;
use crate::scenario::ReplenishmentPolicy;
use crate::sim::world::*;
use rand::RngExt;
use rand_distr::{Binomial, Distribution};

/// Bit marking a returned unit fit for resale in a return task's subject.
const RESALEABLE: u32 = 1 << 31;

pub(crate) fn binomial<R: rand::Rng>(n: i32, p: f64, rng: &mut R) -> i32 {
    if n <= 0 || p <= 0.0 {
        return 0;
    }
    match Binomial::new(n as u64, p.min(1.0)) {
        Ok(b) => b.sample(rng) as i32,
        Err(_) => 0,
    }
}

/// Continuous review on SKU `k` of store `st`: when the inventory position (record plus
/// on order) falls to the trigger, the shortfall to S goes on the next purchase order.
pub(crate) fn reorder_check(st: &mut Store<'_>, k: usize) {
    let inv = &mut st.inv;
    let position = inv.record[k] + inv.on_order[k];
    let trigger = match st.spec.replenishment.policy {
        ReplenishmentPolicy::MinMax => position <= inv.reorder_point[k],
        ReplenishmentPolicy::BaseStock => position < inv.order_up_to[k],
        ReplenishmentPolicy::Periodic => false,
    };
    if trigger {
        let q = inv.order_up_to[k] - position;
        if q > 0 {
            inv.pending[k] += q;
            inv.on_order[k] += q;
        }
    }
}

impl World<'_> {
    /// Continuous-review policies react to every drop of the record.
    pub(crate) fn check_reorder(&mut self, s: usize, k: usize) {
        reorder_check(&mut self.stores[s], k);
    }

    /// Sends the day's purchase order (periodic review decides it now).
    pub(crate) fn on_order_time(&mut self, s: usize, now: Minutes) {
        let st = &mut self.stores[s];
        let periodic = st.spec.replenishment.policy == ReplenishmentPolicy::Periodic;
        let start = st.po_lines.len() as u32;
        for k in 0..st.inv.record.len() {
            if periodic {
                let position = st.inv.record[k] + st.inv.on_order[k];
                let q = st.inv.order_up_to[k] - position;
                if q > 0 {
                    st.inv.pending[k] += q;
                    st.inv.on_order[k] += q;
                }
            }
            if st.inv.pending[k] > 0 {
                st.po_lines.push((k as u32, st.inv.pending[k] as u32));
                st.inv.pending[k] = 0;
            }
        }
        let end = st.po_lines.len() as u32;
        // Drawn every order time, used or not, so policies share lead times.
        let lead = st.spec.replenishment.lead_time.sample(&mut st.rng.lead);
        if end > start {
            st.deliveries.push((start, end));
            let d = (st.deliveries.len() - 1) as u32;
            self.q.schedule_at(now + lead, Ev::Delivery(s as u16, d));
        }
    }

    /// A delivery is received: scanned into the record (with occasional errors), held in
    /// the backroom, and split into put-away tasks.
    pub(crate) fn on_delivery(&mut self, s: usize, d: u32, now: Minutes) {
        let (start, end) = self.stores[s].deliveries[d as usize];
        // Receiving: (SKU, units for the shelf, shelf empty now) per line.
        let mut lines: Vec<(u32, u32, bool)> = Vec::with_capacity((end - start) as usize);
        for i in start..end {
            let st = &mut self.stores[s];
            let (sku, qty) = st.po_lines[i as usize];
            let k = sku as usize;
            st.inv.on_order[k] -= qty as i32;
            st.ledger.delivered += i64::from(qty);
            // Backordered units go straight to the customers who wait for them.
            let filled = st.inv.backorders[k].min(qty as i32);
            st.inv.backorders[k] -= filled;
            st.ledger.sold_in_store += i64::from(filled);
            let to_shelf = qty - filled as u32;
            st.inv.backroom[k] += to_shelf as i32;
            // The whole delivery is scanned in (the backordered units were already taken off
            // the record when they were sold).
            let r = &mut st.rng.scan;
            let (u, size, sign): (f64, f64, f64) = (r.random(), r.random(), r.random());
            let mut scanned = qty as i32;
            if u < st.spec.inventory.scan_error_rate {
                let error = 1 + (size * (f64::from(qty) / 4.0).max(1.0)) as i32;
                scanned += if sign < 0.5 { -error } else { error };
            }
            st.inv.record[k] += scanned.max(0);
            lines.push((sku, to_shelf, st.inv.shelf[k] <= 0));
        }
        if self.policy.shelf_gap_tasks {
            // The live view shows which shelves are empty: their units go first, in urgent
            // tasks of their own.
            self.raise_putaways(s, &lines, Some(true), now);
            self.raise_putaways(s, &lines, Some(false), now);
        } else {
            self.raise_putaways(s, &lines, None, now);
        }
    }

    /// Splits the delivery's units (only the lines whose shelf-empty flag equals `gaps`, if
    /// given) into put-away tasks of at most `putaway_units_per_task` units (a large line is
    /// split across tasks). Gap tasks are due within the hour, others within the stock SLA.
    fn raise_putaways(
        &mut self,
        s: usize,
        lines: &[(u32, u32, bool)],
        gaps: Option<bool>,
        now: Minutes,
    ) {
        let (chunk, stock_sla) = {
            let spec = self.stores[s].spec;
            (spec.replenishment.putaway_units_per_task, spec.sla.stock)
        };
        let deadline = if gaps == Some(true) {
            now + crate::sim::visibility::GAP_FILL_DEADLINE
        } else {
            now + stock_sla
        };
        let mut task_start = self.stores[s].putaway_pieces.len() as u32;
        let mut units_in_task = 0u32;
        for &(sku, to_shelf, empty) in lines {
            if gaps.is_some_and(|g| g != empty) {
                continue;
            }
            let mut left = to_shelf;
            while left > 0 {
                let st = &mut self.stores[s];
                let piece = left.min(chunk - units_in_task);
                st.putaway_pieces.push((sku, piece));
                left -= piece;
                units_in_task += piece;
                if units_in_task == chunk {
                    let piece_end = st.putaway_pieces.len() as u32;
                    self.raise_putaway(s, task_start, piece_end, deadline, now);
                    task_start = piece_end;
                    units_in_task = 0;
                }
            }
        }
        if units_in_task > 0 {
            let piece_end = self.stores[s].putaway_pieces.len() as u32;
            self.raise_putaway(s, task_start, piece_end, deadline, now);
        }
    }

    fn raise_putaway(&mut self, s: usize, start: u32, end: u32, deadline: Minutes, now: Minutes) {
        let (work, p) = {
            let st = &mut self.stores[s];
            let rp = &st.spec.replenishment;
            // The per-unit part is added when the task starts, for the units still in the
            // backroom then (see `putaway_unit_work`).
            let work = rp.putaway_time_per_task.sample(&mut st.rng.putaway);
            st.putaways.push((start, end));
            (work, (st.putaways.len() - 1) as u32)
        };
        let task = self.new_task(s, TaskKind::PutAway, p, now, deadline, work);
        self.raise(s, task, now);
    }

    /// Per-unit work of put-away task `p` when it starts: only the units still in the
    /// backroom need putting away (pickers or a shelf-gap fill may have moved some).
    pub(crate) fn putaway_unit_work(&self, s: usize, p: u32) -> Minutes {
        let st = &self.stores[s];
        let (start, end) = st.putaways[p as usize];
        let units: i32 = st.putaway_pieces[start as usize..end as usize]
            .iter()
            .map(|&(sku, qty)| (qty as i32).min(st.inv.backroom[sku as usize]).max(0))
            .sum();
        st.spec.replenishment.putaway_time_per_unit * f64::from(units)
    }

    pub(crate) fn finish_putaway(&mut self, s: usize, p: u32) {
        let st = &mut self.stores[s];
        let (start, end) = st.putaways[p as usize];
        for i in start..end {
            let (sku, qty) = st.putaway_pieces[i as usize];
            let k = sku as usize;
            // Pickers may have taken some of these units straight from the backroom.
            let moved = (qty as i32).min(st.inv.backroom[k]).max(0);
            st.inv.backroom[k] -= moved;
            st.inv.shelf[k] += moved;
        }
    }

    /// `units` of a sold SKU come back `delay` minutes after the sale (decided when the
    /// shopper or order arrived), each processed on its own.
    pub(crate) fn schedule_return(
        &mut self,
        s: usize,
        sku: u32,
        units: u32,
        delay: Minutes,
        now: Minutes,
    ) {
        // Customers bring returns while the store is open.
        let t = crate::sim::orders::during_opening(self.stores[s].spec, now + delay, delay);
        if t < self.horizon {
            for _ in 0..units {
                self.q.schedule_at(t, Ev::ReturnArrival(s as u16, sku));
            }
        }
    }

    pub(crate) fn on_return_arrival(&mut self, s: usize, sku: u32, now: Minutes) {
        let (work, subject, deadline) = {
            let st = &mut self.stores[s];
            st.returns_pending += 1;
            st.ledger.returned += 1;
            let r = &mut st.rng.returns;
            let resaleable = r.random::<f64>() < st.spec.returns.resaleable_share;
            let work = st.spec.returns.process_time.sample(r);
            let subject = sku | if resaleable { RESALEABLE } else { 0 };
            (work, subject, now + st.spec.sla.stock)
        };
        let task = self.new_task(s, TaskKind::Return, subject, now, deadline, work);
        self.raise(s, task, now);
    }

    pub(crate) fn finish_return(&mut self, s: usize, subject: u32) {
        let st = &mut self.stores[s];
        st.returns_pending -= 1;
        let k = (subject & !RESALEABLE) as usize;
        if subject & RESALEABLE != 0 {
            st.inv.shelf[k] += 1;
            st.inv.record[k] += 1;
        } else {
            st.ledger.written_off += 1;
        }
    }

    /// At opening the day's cycle counts are raised, one SKU each, chosen at random (or, with
    /// RFID counts, the day's RFID read).
    pub(crate) fn on_open(&mut self, s: usize, now: Minutes) {
        if self.policy.rfid_counts {
            self.raise_rfid_count(s, now);
            return;
        }
        let n = self.stores[s].spec.inventory.cycle_counts_per_day;
        let skus = self.price.len();
        for _ in 0..n {
            let (sku, work, deadline) = {
                let st = &mut self.stores[s];
                let sku = st.rng.counts.random_range(0..skus) as u32;
                let work = st
                    .spec
                    .inventory
                    .cycle_count_time
                    .sample(&mut st.rng.counts);
                (sku, work, now + st.spec.sla.stock)
            };
            let task = self.new_task(s, TaskKind::CycleCount, sku, now, deadline, work);
            self.raise(s, task, now);
        }
    }

    /// A count finds misplaced units and sets the record to what is physically there, units in
    /// shoppers' carts included (they are still the store's until paid).
    pub(crate) fn finish_cycle_count(&mut self, s: usize, sku: u32) {
        let k = sku as usize;
        let inv = &mut self.stores[s].inv;
        inv.shelf[k] += inv.misplaced[k];
        inv.misplaced[k] = 0;
        inv.record[k] = inv.shelf[k] + inv.backroom[k] + inv.in_carts[k] - inv.backorders[k];
        self.check_reorder(s, k);
    }

    /// End of the trading day: shrink and misplacement hit the shelf (the record does not
    /// notice), some misplaced units turn up, and record accuracy is sampled.
    pub(crate) fn on_daily_close(&mut self, s: usize, now: Minutes) {
        let counted = self.counted(now);
        let st = &mut self.stores[s];
        let spec = &st.spec.inventory;
        let mut accurate = 0usize;
        let n = st.inv.shelf.len();
        for k in 0..n {
            let r = &mut st.rng.shrink;
            let shrunk = binomial(st.inv.shelf[k], spec.shrink_rate, r);
            st.inv.shelf[k] -= shrunk;
            st.ledger.shrunk += i64::from(shrunk);
            let found = binomial(st.inv.misplaced[k], spec.misplace_recovery, r);
            let lost = binomial(st.inv.shelf[k], spec.misplace_rate, r);
            st.inv.misplaced[k] += lost - found;
            st.inv.shelf[k] += found - lost;
            // What the record should say: units in the store, less those owed to customers.
            let physical =
                st.inv.shelf[k] + st.inv.backroom[k] + st.inv.misplaced[k] + st.inv.in_carts[k]
                    - st.inv.backorders[k];
            accurate += usize::from(st.inv.record[k] == physical);
        }
        if counted {
            st.stats.record_accuracy_sum += accurate as f64 / n as f64;
            st.stats.record_accuracy_n += 1;
        }
        if let Some(daily) = self.daily.as_mut() {
            let sum = |v: &[i32]| v.iter().map(|&x| i64::from(x)).sum::<i64>();
            daily.push(crate::sim::DayState {
                store: s as u16,
                day: (now / crate::engine::MINUTES_PER_DAY).floor() as u32,
                on_hand: sum(&st.inv.shelf) + sum(&st.inv.backroom) + sum(&st.inv.misplaced),
                record_accuracy: accurate as f64 / n as f64,
                open_orders: st.open_orders,
            });
        }
    }

    /// Hourly: the demand-weighted share of SKUs with stock on the shelf.
    pub(crate) fn on_sample(&mut self, s: usize, now: Minutes) {
        if !self.counted(now) {
            return;
        }
        let st = &mut self.stores[s];
        let available: f64 = st
            .inv
            .shelf
            .iter()
            .zip(&self.demand_share)
            .filter(|(q, _)| **q > 0)
            .map(|(_, w)| w)
            .sum();
        st.stats.availability_sum += available;
        st.stats.availability_n += 1;
    }

    /// Batch visibility: the online view catches up with the record.
    pub(crate) fn on_sync(&mut self, s: usize, now: Minutes) {
        let st = &mut self.stores[s];
        st.inv.synced.copy_from_slice(&st.inv.record);
        st.inv.picked_since_sync.fill(0);
        self.q
            .schedule_at(now + self.policy.sync_interval, Ev::Sync(s as u16));
    }
}
