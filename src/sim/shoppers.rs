//! Walk-in shoppers: arrival, basket (with empty shelves and substitution), help requests,
//! checkout at staffed lanes or self-checkout, balking and reneging, and their score.

use crate::engine::Minutes;
use crate::sim::kpi::LostCause;
use crate::sim::sampling::next_arrival;
use crate::sim::world::*;
use rand::RngExt;
use rand_distr::{Distribution, StandardNormal};

impl World<'_> {
    pub(crate) fn on_shopper_arrival(&mut self, s: usize, now: Minutes) {
        let id = s as u16;
        let counted = self.counted(now);
        let st = &mut self.stores[s];
        let spec = &st.spec.shoppers;
        if let Some(t) = next_arrival(&spec.arrivals, now, &mut st.rng.shopper_arrivals) {
            self.q.schedule_at(t, Ev::ShopperArrival(id));
        }
        // Every attribute is drawn now, in a fixed number of draws, so that two policies
        // see the same shopper (common random numbers).
        let a = &mut st.rng.shopper_attrs;
        let browse = spec.browse_time.sample(a);
        let needs_assist = a.random::<f64>() < spec.assist_probability;
        let assist_time = spec.assist_time.sample(a);
        let assist_patience = spec.assist_patience.sample(a);
        let checkout_base = spec.checkout_time.sample(a);
        let self_checkout =
            st.spec.self_checkout > 0 && a.random::<f64>() < spec.self_checkout_share;
        let self_time = spec.self_checkout_time.sample(a);
        let patience = spec.patience.sample(a);
        let noise: f64 = StandardNormal.sample(a);
        let help = if needs_assist {
            crate::sim::service::draw_help_fate(st.spec, &self.sku_table, &mut st.rng.help)
        } else {
            crate::sim::service::HelpFate::default()
        };
        let balk_u: f64 = st.rng.balk.random();
        let wanted = (spec.basket_items.sample(&mut st.rng.basket).round() as u32).max(1);
        if let Some(a) = self.audit.as_mut() {
            a.shopper_arrivals.push((id, now, wanted));
        }

        let slot = match st.free_shoppers.pop() {
            Some(i) => i,
            None => {
                st.shoppers.push(Shopper::default());
                (st.shoppers.len() - 1) as u32
            }
        };
        let mut items = std::mem::take(&mut st.shoppers[slot as usize].items);
        items.clear();
        let (mut value, mut missing) = (0.0, 0u32);
        let return_rate = st.spec.returns.store_return_rate;
        for _ in 0..wanted {
            let b = &mut st.rng.basket;
            let sku = self.sku_table.sample(b) as usize;
            let substitute_u: f64 = b.random();
            let substitute = self.sku_table.sample(b) as usize;
            let r = &mut st.rng.shopper_returns;
            let returned = r.random::<f64>() < return_rate;
            let delay = st.spec.returns.return_delay.sample(r);
            let return_after = if returned { delay as f32 } else { -1.0 };
            if counted {
                st.stats.units_wanted += 1;
                st.stats.units_found += u64::from(st.inv.shelf[sku] > 0);
            }
            if st.inv.shelf[sku] <= 0 && st.spec.replenishment.backorders {
                // Paid now, handed over from the next delivery.
                st.inv.backorders[sku] += 1;
                st.inv.record[sku] -= 1;
                if counted {
                    st.stats.revenue += self.price[sku];
                    st.stats.cogs += self.cost[sku];
                }
                crate::sim::stock::reorder_check(st, sku);
                continue;
            }
            let pick = if st.inv.shelf[sku] > 0 {
                Some(sku)
            } else if substitute_u < spec.substitution_probability && st.inv.shelf[substitute] > 0 {
                Some(substitute)
            } else {
                None
            };
            match pick {
                Some(k) => {
                    st.inv.shelf[k] -= 1;
                    st.inv.in_carts[k] += 1;
                    items.push(CartItem {
                        sku: k as u32,
                        return_after,
                    });
                    value += self.price[k];
                }
                None => {
                    missing += 1;
                    if counted {
                        st.stats.lost[LostCause::ShelfEmpty as usize] += self.price[sku];
                    }
                }
            }
        }
        let checkout_work = checkout_base + spec.checkout_time_per_item * items.len() as f64;
        st.shoppers[slot as usize] = Shopper {
            items,
            basket_value: value,
            missing,
            needs_assist,
            assist_time,
            assist_patience,
            checkout_work,
            self_checkout,
            self_time,
            patience,
            balk_u,
            noise,
            wait: 0.0,
            assist_abandoned: false,
            queue_joined: now,
            counted,
            help,
        };
        st.shoppers_inside += 1;
        self.q.schedule_at(now + browse, Ev::BrowseDone(id, slot));
    }

    pub(crate) fn on_browse_done(&mut self, s: usize, shopper: u32, now: Minutes) {
        let st = &self.stores[s];
        let sh = &st.shoppers[shopper as usize];
        if sh.needs_assist {
            let (work, patience) = (sh.assist_time, sh.assist_patience);
            let deadline = now + st.spec.sla.customer;
            let task = self.new_task(s, TaskKind::Assist, shopper, now, deadline, work);
            let generation = self.stores[s].tasks[task as usize].generation;
            self.q.schedule_at(
                now + patience,
                Ev::AssistTimeout(s as u16, task, generation),
            );
            self.raise(s, task, now);
        } else {
            self.go_to_checkout(s, shopper, now);
        }
    }

    pub(crate) fn on_assist_timeout(&mut self, s: usize, task: u32, generation: u32, now: Minutes) {
        let t = self.stores[s].tasks[task as usize];
        if t.generation != generation || t.state != TaskState::Open {
            return;
        }
        let shopper = t.subject;
        self.cancel_task(s, task, now);
        let sh = &mut self.stores[s].shoppers[shopper as usize];
        sh.assist_abandoned = true;
        sh.wait += now - t.created;
        if self.help_abandoned(s, shopper) {
            self.shopper_leaves(s, shopper, now, Exit::WalkedOut);
        } else {
            self.go_to_checkout(s, shopper, now);
        }
    }

    pub(crate) fn finish_assist(&mut self, s: usize, shopper: u32, now: Minutes) {
        self.help_given(s, shopper);
        self.go_to_checkout(s, shopper, now);
    }

    fn go_to_checkout(&mut self, s: usize, shopper: u32, now: Minutes) {
        let st = &mut self.stores[s];
        let sh = &mut st.shoppers[shopper as usize];
        if sh.items.is_empty() {
            self.shopper_leaves(s, shopper, now, Exit::NothingToBuy);
            return;
        }
        sh.queue_joined = now;
        if sh.self_checkout {
            if st.self_busy < st.spec.self_checkout {
                st.self_busy += 1;
                if sh.counted {
                    st.stats.checkout_waits.push(0.0);
                }
                let t = sh.self_time;
                self.q
                    .schedule_at(now + t, Ev::SelfCheckoutDone(s as u16, shopper));
            } else {
                st.self_queue.push_back(shopper);
            }
            return;
        }
        // Balking: beyond the threshold, each extra waiting shopper adds to the chance.
        let spec = &st.spec.shoppers;
        let queue = st.checkout_waiting;
        if queue >= spec.balk_queue_length && spec.balk_probability_per_extra > 0.0 {
            let p = f64::from(queue - spec.balk_queue_length + 1) * spec.balk_probability_per_extra;
            if sh.balk_u < p {
                self.shopper_leaves(s, shopper, now, Exit::Balked);
                return;
            }
        }
        let (work, patience) = (sh.checkout_work, sh.patience);
        self.change_checkout_queue(s, 1, now);
        let st = &mut self.stores[s];
        let deadline = now + st.spec.sla.customer;
        let task = self.new_task(s, TaskKind::Checkout, shopper, now, deadline, work);
        let generation = self.stores[s].tasks[task as usize].generation;
        self.q
            .schedule_at(now + patience, Ev::Renege(s as u16, task, generation));
        self.raise(s, task, now);
    }

    pub(crate) fn on_renege(&mut self, s: usize, task: u32, generation: u32, now: Minutes) {
        let t = self.stores[s].tasks[task as usize];
        if t.generation != generation || t.state != TaskState::Open {
            return;
        }
        let shopper = t.subject;
        self.cancel_task(s, task, now);
        let sh = &mut self.stores[s].shoppers[shopper as usize];
        sh.wait += now - sh.queue_joined;
        self.shopper_leaves(s, shopper, now, Exit::Reneged);
    }

    pub(crate) fn on_self_checkout_done(&mut self, s: usize, shopper: u32, now: Minutes) {
        self.finish_checkout(s, shopper, now);
        let st = &mut self.stores[s];
        st.self_busy -= 1;
        if let Some(next) = st.self_queue.pop_front() {
            st.self_busy += 1;
            let sh = &mut st.shoppers[next as usize];
            let wait = now - sh.queue_joined;
            sh.wait += wait;
            if sh.counted {
                st.stats.checkout_waits.push(wait as f32);
            }
            let t = sh.self_time;
            self.q
                .schedule_at(now + t, Ev::SelfCheckoutDone(s as u16, next));
        }
    }

    /// The basket is paid: the record drops, revenue is booked, some units will come back.
    pub(crate) fn finish_checkout(&mut self, s: usize, shopper: u32, now: Minutes) {
        let items = std::mem::take(&mut self.stores[s].shoppers[shopper as usize].items);
        let counted = self.stores[s].shoppers[shopper as usize].counted;
        for item in &items {
            let k = item.sku as usize;
            let st = &mut self.stores[s];
            st.inv.record[k] -= 1;
            st.inv.in_carts[k] -= 1;
            st.ledger.sold_in_store += 1;
            if counted {
                st.stats.revenue += self.price[k];
                st.stats.cogs += self.cost[k];
            }
            if item.return_after >= 0.0 {
                self.schedule_return(s, item.sku, 1, f64::from(item.return_after), now);
            }
            self.check_reorder(s, k);
        }
        let sh = &mut self.stores[s].shoppers[shopper as usize];
        sh.items = items;
        sh.items.clear();
        self.shopper_leaves(s, shopper, now, Exit::Paid);
    }

    /// The shopper walks out: unpaid items go back on the shelf, lost sales are booked, the
    /// visit is scored, and the slot is freed.
    fn shopper_leaves(&mut self, s: usize, shopper: u32, now: Minutes, exit: Exit) {
        let sat = &self.sc.satisfaction;
        let st = &mut self.stores[s];
        let sh = &mut st.shoppers[shopper as usize];
        for item in &sh.items {
            st.inv.shelf[item.sku as usize] += 1;
            st.inv.in_carts[item.sku as usize] -= 1;
        }
        sh.items.clear();
        let mut score = sat.base_score + sat.noise_sd * sh.noise
            - sat.penalty_per_missing_item * f64::from(sh.missing)
            - sat.penalty_per_wait_minute * (sh.wait - sat.wait_tolerance).max(0.0);
        if sh.assist_abandoned {
            score -= sat.penalty_assist_abandoned;
        }
        match exit {
            Exit::Balked => score -= sat.penalty_balked,
            Exit::Reneged => score -= sat.penalty_reneged,
            Exit::Paid | Exit::NothingToBuy | Exit::WalkedOut => {}
        }
        if sh.counted {
            match exit {
                Exit::Balked => st.stats.lost[LostCause::Balked as usize] += sh.basket_value,
                Exit::Reneged => st.stats.lost[LostCause::Reneged as usize] += sh.basket_value,
                Exit::WalkedOut => {
                    st.stats.lost[LostCause::AssistAbandoned as usize] += sh.basket_value
                }
                _ => {}
            }
            record_score(&mut st.stats, score);
        }
        st.shoppers_inside -= 1;
        st.free_shoppers.push(shopper);
        self.release_closing_staff(s, now);
    }
}

/// How a shopper left.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Exit {
    Paid,
    Balked,
    Reneged,
    NothingToBuy,
    /// left without buying anything after their help request was abandoned
    WalkedOut,
}

/// Books one customer's score (0-10, rounded) into NPS and CSAT counts.
pub(crate) fn record_score(stats: &mut crate::sim::kpi::StoreStats, raw: f64) {
    let score = raw.round().clamp(0.0, 10.0);
    stats.scored += 1;
    if score >= 9.0 {
        stats.promoters += 1;
    } else if score <= 6.0 {
        stats.detractors += 1;
    }
    stats.csat_sum += 1.0 + 4.0 * score / 10.0;
}
