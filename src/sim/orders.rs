//! Online orders: acceptance against the online view of stock, promises, picking with
//! not-found rules and pick errors, packing and the carrier, BOPIS pickup and holds.

use crate::engine::{MINUTES_PER_DAY, Minutes};
use crate::scenario::{NotFoundRule, StoreSpec};
use crate::sim::audit::QueueSystem;
use crate::sim::kpi::LostCause;
use crate::sim::sampling::next_arrival;
use crate::sim::shoppers::record_score;
use crate::sim::world::*;
use rand::RngExt;
use rand_distr::{Distribution, StandardNormal};

/// Shortest time before a customer who gave up at the desk comes back \[min\].
const MIN_RETURN_VISIT: Minutes = 60.0;

fn day_start(t: Minutes) -> Minutes {
    (t / MINUTES_PER_DAY).floor() * MINUTES_PER_DAY
}

/// BOPIS promise: ready within the promise window of the order, counted from the next
/// opening when the store is closed or would close before the window ends.
fn bopis_deadline(spec: &StoreSpec, now: Minutes) -> Minutes {
    let day = day_start(now);
    let in_day = now - day;
    let promise = spec.online.bopis_promise;
    let start = if in_day < spec.open {
        day + spec.open
    } else if in_day + promise <= spec.close {
        now
    } else {
        day + MINUTES_PER_DAY + spec.open
    };
    start + promise
}

/// `t` if the store is open then, else the next opening.
fn opening_time(spec: &StoreSpec, t: Minutes) -> Minutes {
    let day = day_start(t);
    let in_day = t - day;
    if spec.close - spec.open >= MINUTES_PER_DAY || (spec.open..spec.close).contains(&in_day) {
        t
    } else if in_day < spec.open {
        day + spec.open
    } else {
        day + MINUTES_PER_DAY + spec.open
    }
}

/// Ship promise: the first carrier cut-off at least `ship_handling` after the order.
fn ship_deadline(spec: &StoreSpec, now: Minutes) -> Minutes {
    let cutoff = day_start(now) + spec.online.ship_cutoff;
    if now + spec.online.ship_handling <= cutoff {
        cutoff
    } else {
        cutoff + MINUTES_PER_DAY
    }
}

/// Moves a customer visit that falls while the store is closed (or in its last 10 min) to
/// the next opening, keeping a spread of up to two hours after it. A store open 24 hours
/// moves nothing.
pub(crate) fn during_opening(spec: &StoreSpec, t: Minutes, spread: Minutes) -> Minutes {
    // A store open around the clock never closes: every time is inside opening hours.
    if spec.close - spec.open >= MINUTES_PER_DAY {
        return t;
    }
    let day = day_start(t);
    let in_day = t - day;
    let last_entry = (spec.close - 10.0).max(spec.open);
    // Spread over the first two hours of the day, never past the last entry.
    let window = (last_entry - spec.open).min(120.0);
    let offset = if window > 0.0 {
        spread.rem_euclid(window)
    } else {
        0.0
    };
    if in_day < spec.open {
        day + spec.open + offset
    } else if in_day >= last_entry {
        day + MINUTES_PER_DAY + spec.open + offset
    } else {
        t
    }
}

/// A picker takes `qty` units of SKU `k` from the shelf and, if the shelf is short, from
/// received stock not yet put away (pickers can reach the backroom; shoppers cannot), and,
/// with item location data (`located`), from misplaced units, which they then find.
/// Takes nothing and returns false when the places they can find together are short.
fn take_for_order(
    inv: &mut crate::sim::world::Inventory,
    k: usize,
    qty: i32,
    located: bool,
) -> bool {
    let misplaced = if located { inv.misplaced[k] } else { 0 };
    if inv.shelf[k] + inv.backroom[k] + misplaced < qty {
        return false;
    }
    let from_shelf = qty.min(inv.shelf[k]);
    let from_backroom = (qty - from_shelf).min(inv.backroom[k]);
    inv.shelf[k] -= from_shelf;
    inv.backroom[k] -= from_backroom;
    inv.misplaced[k] -= qty - from_shelf - from_backroom;
    inv.record[k] -= qty;
    true
}

impl World<'_> {
    pub(crate) fn on_order_arrival(&mut self, s: usize, now: Minutes) {
        let id = s as u16;
        let counted = self.counted(now);
        let view_is_record = self.policy.sync_interval <= 0.0;
        let buffer = self.policy.safety_buffer as i32;
        let st = &mut self.stores[s];
        let spec = &st.spec.online;
        if let Some(t) = next_arrival(&spec.arrivals, now, &mut st.rng.online_arrivals) {
            self.q.schedule_at(t, Ev::OrderArrival(id));
        }
        let a = &mut st.rng.order_attrs;
        let bopis = a.random::<f64>() < spec.bopis_share;
        let pick_base = spec.pick_time_per_order.sample(a);
        let pack_work = spec.pack_time.sample(a);
        let stage_work = spec.stage_time.sample(a);
        let pickup_delay = spec.pickup_delay.sample(a);
        let no_show = a.random::<f64>() < spec.no_show_probability;
        let pickup_service = spec.pickup_service_time.sample(a);
        let pickup_patience = spec.pickup_patience.sample(a);
        let noise: f64 = StandardNormal.sample(a);
        let (unnoticed, change_missed) =
            crate::sim::comms::order_comms_fate(self.channel, spec, &mut st.rng.comms_fate);
        let n_lines = (spec.lines.sample(&mut st.rng.order_lines).round() as u32).max(1);
        if let Some(a) = self.audit.as_mut() {
            a.order_arrivals.push((id, now, bopis, n_lines));
        }

        let line_start = st.lines.len() as u32;
        // A BOPIS pick includes staging the order and notifying the customer.
        let mut pick_work = pick_base + if bopis { stage_work } else { 0.0 };
        for _ in 0..n_lines {
            let r = &mut st.rng.order_lines;
            let sku = self.sku_table.sample(r);
            let qty = (spec.units_per_line.sample(r).round() as u32).max(1);
            let per_line = spec.pick_time_per_line.sample(&mut st.rng.order_attrs);
            let f = &mut st.rng.order_fate;
            let (u_error, u_accept): (f64, f64) = (f.random(), f.random());
            let substitute = self.sku_table.sample(f);
            let u_return: f64 = f.random();
            let return_after = st.spec.returns.return_delay.sample(f);
            let u_approval: f64 = st.rng.comms_fate.random();
            let k = sku as usize;
            let view = if view_is_record {
                st.inv.record[k]
            } else {
                st.inv.synced[k] - st.inv.picked_since_sync[k]
            };
            let visible = view - buffer - st.inv.reserved[k];
            if visible >= qty as i32 {
                st.inv.reserved[k] += qty as i32;
                st.lines.push(OrderLine {
                    sku,
                    qty,
                    u_error,
                    u_accept,
                    substitute,
                    u_return,
                    return_after,
                    u_approval,
                    picked_sku: sku,
                    picked_qty: 0,
                });
                pick_work += per_line;
            } else if counted {
                st.stats.lost[LostCause::OnlineDeclined as usize] += self.price[k] * f64::from(qty);
            }
        }
        let line_count = st.lines.len() as u32 - line_start;
        if line_count == 0 {
            return;
        }
        let deadline = if bopis {
            bopis_deadline(st.spec, now)
        } else {
            ship_deadline(st.spec, now)
        };
        let open = st.open_orders;
        self.little_counter(s, QueueSystem::OpenOrders, open, now);
        let st = &mut self.stores[s];
        st.open_orders += 1;
        let order = st.orders.len() as u32;
        st.orders.push(Order {
            placed: now,
            bopis,
            line_start,
            line_count,
            deadline,
            ready: f64::NAN,
            state: OrderState::Picking,
            inaccurate: false,
            oversold: false,
            pickup_delay,
            no_show,
            pickup_service,
            pickup_patience,
            at_desk: false,
            pack_work,
            noise,
            pickup_arrival: f64::NAN,
            pickup_wait: 0.0,
            counted,
            units_held: 0,
            unnoticed,
            change_missed,
            unapproved: false,
        });
        // Ship orders must leave time to pack before the cut-off.
        let pick_deadline = if bopis {
            deadline
        } else {
            deadline - spec.pack_time.mean()
        };
        let task = self.new_task(s, TaskKind::Pick, order, now, pick_deadline, pick_work);
        self.raise(s, task, now);
    }

    fn line_value(&self, line: &OrderLine) -> f64 {
        self.price[line.sku as usize] * f64::from(line.qty)
    }

    pub(crate) fn finish_pick(&mut self, s: usize, order: u32, e: u32, now: Minutes) {
        let prof = self.proficiency(s, e, crate::scenario::Skill::Picking, now);
        let (start, count) = {
            let o = &self.stores[s].orders[order as usize];
            (o.line_start as usize, o.line_count as usize)
        };
        let spec = &self.stores[s].spec.online;
        let located = self.policy.item_location;
        let error_p = (spec.pick_error_rate / prof).min(1.0);
        let mut cancel = false;
        let mut oversold = false;
        let mut inaccurate = false;
        let mut unapproved = false;
        let mut lost = 0.0;
        let mut not_found_skus: [u32; 4] = [NONE; 4];
        let mut n_not_found = 0;
        for i in start..start + count {
            let st = &mut self.stores[s];
            let line = st.lines[i];
            let (u_err, u_accept, substitute) = (line.u_error, line.u_accept, line.substitute);
            let k = line.sku as usize;
            let qty = line.qty as i32;
            st.inv.reserved[k] -= qty;
            if take_for_order(&mut st.inv, k, qty, located) {
                st.inv.picked_since_sync[k] += qty;
                st.lines[i].picked_qty = line.qty;
                if u_err < error_p {
                    inaccurate = true;
                }
                continue;
            }
            oversold = true;
            if n_not_found < not_found_skus.len() {
                not_found_skus[n_not_found] = line.sku;
                n_not_found += 1;
            }
            match spec.not_found {
                // The approval request failed on the channel: the picker decides alone.
                NotFoundRule::Substitute
                    if crate::sim::comms::approval_fails(self.channel, &line) =>
                {
                    unapproved = true;
                    inaccurate = true;
                    let sub = substitute as usize;
                    if sub != k && take_for_order(&mut st.inv, sub, qty, located) {
                        st.inv.picked_since_sync[sub] += qty;
                        st.lines[i].picked_sku = substitute;
                        st.lines[i].picked_qty = line.qty;
                    } else {
                        lost += self.price[k] * f64::from(line.qty);
                    }
                }
                NotFoundRule::Substitute => {
                    let sub = substitute as usize;
                    if u_accept < spec.substitution_acceptance
                        && sub != k
                        && take_for_order(&mut st.inv, sub, qty, located)
                    {
                        st.inv.picked_since_sync[sub] += qty;
                        st.lines[i].picked_sku = substitute;
                        st.lines[i].picked_qty = line.qty;
                    } else {
                        // The customer agreed to drop the line: complete, but a lost sale.
                        lost += self.price[k] * f64::from(line.qty);
                    }
                }
                NotFoundRule::Short => {
                    inaccurate = true;
                    lost += self.price[k] * f64::from(line.qty);
                }
                NotFoundRule::Cancel => cancel = true,
            }
        }
        // A not-found line triggers a count of that SKU to correct its record.
        for &sku in &not_found_skus[..n_not_found] {
            let deadline = now + self.stores[s].spec.sla.stock;
            let work = {
                let st = &mut self.stores[s];
                st.spec
                    .inventory
                    .cycle_count_time
                    .sample(&mut st.rng.counts_not_found)
            };
            let task = self.new_task(s, TaskKind::CycleCount, sku, now, deadline, work);
            self.raise(s, task, now);
        }
        let units: u32 = self.stores[s].lines[start..start + count]
            .iter()
            .map(|l| l.picked_qty)
            .sum();
        {
            let st = &mut self.stores[s];
            let o = &mut st.orders[order as usize];
            o.oversold = oversold;
            // An edit that never reached the picker: the old item is picked, a wrong item.
            o.inaccurate = inaccurate || (o.change_missed && units > 0);
            o.unapproved = unapproved;
            o.units_held = units;
            if o.counted {
                st.stats.orders_picked += 1;
                st.stats.orders_oversold += u64::from(oversold);
            }
        }
        if cancel || units == 0 {
            self.cancel_order(s, order, now);
            return;
        }
        let counted = self.stores[s].orders[order as usize].counted;
        if counted {
            self.stores[s].stats.lost[LostCause::OrderCancelled as usize] += lost;
        }
        for i in start..start + count {
            let line = self.stores[s].lines[i];
            if line.picked_qty > 0 {
                self.check_reorder(s, line.picked_sku as usize);
            }
        }
        let bopis = self.stores[s].orders[order as usize].bopis;
        if bopis {
            self.order_ready(s, order, now);
            let st = &mut self.stores[s];
            let o = &mut st.orders[order as usize];
            o.state = OrderState::AwaitingPickup;
            // Every ready order is held for `hold_days`; a customer who has not collected it
            // by then (a no-show, or one who keeps coming back to a long queue) loses it.
            let expiry = now + st.spec.online.hold_days * MINUTES_PER_DAY;
            self.q.schedule_at(expiry, Ev::HoldExpiry(s as u16, order));
            if !o.no_show {
                let t = during_opening(st.spec, now + o.pickup_delay, o.pickup_delay);
                self.q.schedule_at(t, Ev::PickupArrival(s as u16, order));
            }
        } else {
            let (work, deadline) = {
                let o = &mut self.stores[s].orders[order as usize];
                o.state = OrderState::Packing;
                (o.pack_work, o.deadline)
            };
            let task = self.new_task(s, TaskKind::Pack, order, now, deadline, work);
            self.raise(s, task, now);
        }
    }

    /// Moves an order into a final state (and tells the audit, which checks it happens
    /// once per order).
    fn finalize_order(&mut self, s: usize, order: u32, state: OrderState, now: Minutes) {
        debug_assert!(state.is_final());
        let (open, placed) = {
            let st = &self.stores[s];
            (st.open_orders, st.orders[order as usize].placed)
        };
        self.little_counter(s, QueueSystem::OpenOrders, open, now);
        self.little_departure(s, QueueSystem::OpenOrders, placed, now);
        self.stores[s].open_orders -= 1;
        self.stores[s].orders[order as usize].state = state;
        if let Some(a) = self.audit.as_mut() {
            a.finalizations.push((s as u16, order));
        }
    }

    /// Books the ready time (and, for BOPIS, whether it met the promise).
    fn order_ready(&mut self, s: usize, order: u32, now: Minutes) {
        let st = &mut self.stores[s];
        let o = &mut st.orders[order as usize];
        o.ready = now;
        if o.counted {
            st.stats.ready_minutes.push((now - o.placed) as f32);
            // By kind; a BOPIS order placed while the store is closed is timed from the next
            // opening, when staff can first work on it.
            let (kind, from) = if o.bopis {
                (0, opening_time(st.spec, o.placed))
            } else {
                (1, o.placed)
            };
            st.stats.ready_sum[kind] += now - from;
            st.stats.ready_n[kind] += 1;
            if o.bopis {
                st.stats.bopis_due += 1;
                st.stats.bopis_on_time += u64::from(now <= o.deadline + 1e-9);
            }
        }
    }

    /// Cancels an order at pick time: picked units go back to the shelf.
    fn cancel_order(&mut self, s: usize, order: u32, now: Minutes) {
        let sat = &self.sc.satisfaction;
        let (start, count) = {
            let o = &self.stores[s].orders[order as usize];
            (o.line_start as usize, o.line_count as usize)
        };
        let mut value = 0.0;
        for i in start..start + count {
            let line = self.stores[s].lines[i];
            value += self.line_value(&line);
            let st = &mut self.stores[s];
            if line.picked_qty > 0 {
                let k = line.picked_sku as usize;
                st.inv.shelf[k] += line.picked_qty as i32;
                st.inv.record[k] += line.picked_qty as i32;
                st.inv.picked_since_sync[k] -= line.picked_qty as i32;
                st.lines[i].picked_qty = 0;
            }
        }
        self.finalize_order(s, order, OrderState::Cancelled, now);
        let st = &mut self.stores[s];
        let o = &mut st.orders[order as usize];
        o.units_held = 0;
        if o.counted {
            st.stats.lost[LostCause::OrderCancelled as usize] += value;
            if o.bopis {
                st.stats.bopis_due += 1;
            } else {
                st.stats.ship_due += 1;
            }
            let score = sat.base_score + sat.noise_sd * o.noise - sat.penalty_cancelled_order;
            record_score(&mut st.stats, score);
        }
    }

    pub(crate) fn finish_pack(&mut self, s: usize, order: u32, now: Minutes) {
        self.order_ready(s, order, now);
        let st = &mut self.stores[s];
        st.orders[order as usize].state = OrderState::AwaitingCarrier;
        st.awaiting_carrier.push(order);
    }

    pub(crate) fn on_carrier_cutoff(&mut self, s: usize, now: Minutes) {
        let waiting = std::mem::take(&mut self.stores[s].awaiting_carrier);
        for &order in &waiting {
            let late = now > self.stores[s].orders[order as usize].deadline + 1e-9;
            self.finalize_order(s, order, OrderState::Shipped, now);
            {
                let st = &mut self.stores[s];
                let o = &st.orders[order as usize];
                if o.counted {
                    st.stats.ship_due += 1;
                    st.stats.ship_on_time += u64::from(!late);
                }
            }
            self.hand_over(s, order, late, 0.0, now);
        }
        let mut waiting = waiting;
        waiting.clear();
        self.stores[s].awaiting_carrier = waiting;
    }

    pub(crate) fn on_pickup_arrival(&mut self, s: usize, order: u32, now: Minutes) {
        let st = &mut self.stores[s];
        let o = &mut st.orders[order as usize];
        if o.state != OrderState::AwaitingPickup {
            return;
        }
        o.pickup_arrival = now;
        o.at_desk = true;
        let (work, patience) = (o.pickup_service, o.pickup_patience);
        let inside = st.pickups_inside;
        self.little_counter(s, QueueSystem::PickupDesk, inside, now);
        let st = &mut self.stores[s];
        st.pickups_inside += 1;
        let deadline = now + st.spec.sla.customer;
        let task = self.new_task(s, TaskKind::PickupServe, order, now, deadline, work);
        let generation = self.stores[s].tasks[task as usize].generation;
        self.q.schedule_at(
            now + patience,
            Ev::PickupTimeout(s as u16, task, generation),
        );
        self.raise_pickup(s, order, task, now);
    }

    /// Nobody served the customer in time: they leave and come back after their usual
    /// delay (within opening hours), unless the hold period ends first.
    pub(crate) fn on_pickup_timeout(&mut self, s: usize, task: u32, generation: u32, now: Minutes) {
        let t = self.stores[s].tasks[task as usize];
        if t.generation != generation || t.state != TaskState::Open {
            return;
        }
        let order = t.subject;
        self.cancel_task(s, task, now);
        let (inside, arrived) = {
            let st = &self.stores[s];
            (st.pickups_inside, st.orders[order as usize].pickup_arrival)
        };
        self.little_counter(s, QueueSystem::PickupDesk, inside, now);
        self.little_departure(s, QueueSystem::PickupDesk, arrived, now);
        let st = &mut self.stores[s];
        st.pickups_inside -= 1;
        let o = &mut st.orders[order as usize];
        o.at_desk = false;
        o.pickup_wait += now - o.pickup_arrival;
        if now >= o.ready + st.spec.online.hold_days * MINUTES_PER_DAY {
            // The hold ran out while the customer stood at the desk.
            self.on_hold_expiry(s, order, now);
        } else {
            // They come back after their usual delay, and not within the hour: a customer
            // who just gave up does not queue again at once.
            let delay = o.pickup_delay.max(MIN_RETURN_VISIT);
            let back = during_opening(st.spec, now + delay, delay);
            self.q.schedule_at(back, Ev::PickupArrival(s as u16, order));
        }
        self.release_closing_staff(s, now);
    }

    pub(crate) fn finish_pickup(&mut self, s: usize, order: u32, now: Minutes) {
        self.finalize_order(s, order, OrderState::Collected, now);
        let (inside, arrived) = {
            let st = &self.stores[s];
            (st.pickups_inside, st.orders[order as usize].pickup_arrival)
        };
        self.little_counter(s, QueueSystem::PickupDesk, inside, now);
        self.little_departure(s, QueueSystem::PickupDesk, arrived, now);
        let (late, wait) = {
            let st = &mut self.stores[s];
            st.pickups_inside -= 1;
            let o = &mut st.orders[order as usize];
            o.at_desk = false;
            (o.ready > o.deadline + 1e-9, o.pickup_wait)
        };
        self.hand_over(s, order, late, wait.max(0.0), now);
        self.release_closing_staff(s, now);
    }

    /// The order reaches the customer: revenue, accuracy, score, future returns.
    fn hand_over(&mut self, s: usize, order: u32, late: bool, wait: Minutes, now: Minutes) {
        let sat = &self.sc.satisfaction;
        let (start, count, counted, inaccurate, noise) = {
            let o = &self.stores[s].orders[order as usize];
            (
                o.line_start as usize,
                o.line_count as usize,
                o.counted,
                o.inaccurate,
                o.noise,
            )
        };
        let return_rate = self.stores[s].spec.returns.online_return_rate;
        let (mut revenue, mut cogs) = (0.0, 0.0);
        for i in start..start + count {
            let line = self.stores[s].lines[i];
            if line.picked_qty == 0 {
                continue;
            }
            // The customer pays for what they ordered; a substitute costs what it costs.
            revenue += self.price[line.sku as usize] * f64::from(line.picked_qty);
            cogs += self.cost[line.picked_sku as usize] * f64::from(line.picked_qty);
            self.stores[s].ledger.handed_online += i64::from(line.picked_qty);
            // Stochastic rounding of the expected returned units, with the line's own draw.
            let returned =
                (f64::from(line.picked_qty) * return_rate + line.u_return).floor() as u32;
            if returned > 0 {
                self.schedule_return(s, line.picked_sku, returned, line.return_after, now);
            }
        }
        let st = &mut self.stores[s];
        st.orders[order as usize].units_held = 0;
        if counted {
            st.stats.revenue += revenue;
            st.stats.cogs += cogs;
            st.stats.orders_handed += 1;
            st.stats.orders_accurate += u64::from(!inaccurate);
            st.stats.lever.orders_unapproved += u64::from(st.orders[order as usize].unapproved);
            let mut score = sat.base_score + sat.noise_sd * noise
                - sat.penalty_per_wait_minute * (wait - sat.wait_tolerance).max(0.0);
            if late {
                score -= sat.penalty_late_order;
            }
            if inaccurate {
                score -= sat.penalty_inaccurate_order;
            }
            record_score(&mut st.stats, score);
        }
    }

    pub(crate) fn on_hold_expiry(&mut self, s: usize, order: u32, now: Minutes) {
        let o = &self.stores[s].orders[order as usize];
        if o.state != OrderState::AwaitingPickup || o.at_desk {
            return;
        }
        self.finalize_order(s, order, OrderState::Uncollected, now);
        let st = &mut self.stores[s];
        let (start, count, counted) = {
            let o = &mut st.orders[order as usize];
            o.units_held = 0;
            (o.line_start as usize, o.line_count as usize, o.counted)
        };
        let mut value = 0.0;
        for i in start..start + count {
            let line = st.lines[i];
            if line.picked_qty > 0 {
                let k = line.picked_sku as usize;
                st.inv.shelf[k] += line.picked_qty as i32;
                st.inv.record[k] += line.picked_qty as i32;
                st.inv.picked_since_sync[k] -= line.picked_qty as i32;
                value += self.price[line.sku as usize] * f64::from(line.picked_qty);
            }
        }
        if counted {
            st.stats.lost[LostCause::OrderCancelled as usize] += value;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn promises_respect_opening_hours() {
        let sc = crate::scenario::default_scenario();
        let spec = &sc.stores[0];
        let (open, close, promise) = (spec.open, spec.close, spec.online.bopis_promise);
        // During the day: now + promise.
        assert_eq!(bopis_deadline(spec, open + 60.0), open + 60.0 + promise);
        // Before opening: from the opening.
        assert_eq!(bopis_deadline(spec, 60.0), open + promise);
        // Too late in the day: from tomorrow's opening.
        assert_eq!(
            bopis_deadline(spec, close - 1.0),
            MINUTES_PER_DAY + open + promise
        );
        let cutoff = spec.online.ship_cutoff;
        assert_eq!(ship_deadline(spec, 0.0), cutoff);
        assert_eq!(ship_deadline(spec, cutoff - 1.0), cutoff + MINUTES_PER_DAY);
    }

    #[test]
    fn opening_time_is_now_or_the_next_opening() {
        let sc = crate::scenario::default_scenario();
        let spec = &sc.stores[0];
        assert_eq!(opening_time(spec, 60.0), spec.open);
        assert_eq!(opening_time(spec, spec.open + 5.0), spec.open + 5.0);
        assert_eq!(
            opening_time(spec, spec.close + 5.0),
            MINUTES_PER_DAY + spec.open
        );
    }

    #[test]
    fn a_store_open_around_the_clock_moves_no_visit() {
        let sc = crate::scenario::default_scenario();
        let mut spec = sc.stores[0].clone();
        // 08:00-22:00: a visit at 21:55 moves to the next morning.
        let late = spec.close - 5.0;
        assert!(during_opening(&spec, late, 30.0) > MINUTES_PER_DAY);
        spec.open = 0.0;
        spec.close = MINUTES_PER_DAY;
        for t in [0.0, 600.0, MINUTES_PER_DAY - 5.0, MINUTES_PER_DAY - 0.5] {
            assert_eq!(during_opening(&spec, t, 30.0), t);
        }
    }
}
