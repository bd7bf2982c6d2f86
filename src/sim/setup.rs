//! Building one replication's world at time 0: each store's stock at its order-up-to
//! levels (records aged to their steady-state errors), its staff and their skills, its random
//! streams, and the first events on the queue. Runs once per replication, apart from the
//! event loop that runs after it.

use crate::engine::{EventQueue, RandomStream, RandomStreams};
use crate::scenario::{Scenario, Skill, StoreSpec};
use crate::sim::audit::AuditLog;
use crate::sim::kpi::StoreStats;
use crate::sim::sampling::AliasTable;
use crate::sim::world::*;
use std::collections::VecDeque;

impl StoreRngs {
    pub(super) fn new(streams: &RandomStreams, store: &str) -> Self {
        let s = |name: &str| streams.stream(&format!("{store}/{name}"));
        Self {
            shopper_arrivals: s("shopper.arrivals"),
            basket: s("shopper.basket"),
            shopper_attrs: s("shopper.attributes"),
            balk: s("shopper.balk"),
            online_arrivals: s("online.arrivals"),
            order_lines: s("online.lines"),
            order_attrs: s("online.attributes"),
            order_fate: s("online.line_fate"),
            shopper_returns: s("shopper.returns"),
            returns: s("returns.processing"),
            shrink: s("inventory.shrink"),
            counts: s("inventory.counts"),
            counts_not_found: s("inventory.counts.not_found"),
            scan: s("inventory.scan"),
            lead: s("replenishment.lead_time"),
            comms: s("communication"),
            switch: s("staff.switch"),
            putaway: s("replenishment.putaway"),
            search: s("online.pick_search"),
            turnover: s("staff.turnover"),
            comms_fate: s("online.comms_fate"),
            help: s("shopper.help"),
        }
    }
}

/// Puts SKU `k`'s record at the steady state of its errors between counts: the SKU was last
/// counted a uniformly random time ago within the counting cycle (catalogue size / counts
/// per day, at most a year); since then shrink took units the record still shows, scan
/// errors at receiving moved the record, and some units lie misplaced (the balance of daily
/// misplacement and recovery). `daily_units` is the SKU's mean daily demand.
fn age_record(
    inv: &mut Inventory,
    k: usize,
    spec: &StoreSpec,
    daily_units: f64,
    rng: &mut RandomStream,
) {
    use rand::RngExt;
    let iv = &spec.inventory;
    let skus = inv.shelf.len() as f64;
    let cycle_days = if iv.cycle_counts_per_day > 0 {
        (skus / f64::from(iv.cycle_counts_per_day)).min(365.0)
    } else {
        365.0
    };
    let (u_age, u_deliveries): (f64, f64) = (rng.random(), rng.random());
    let age = u_age * cycle_days;
    let on_hand = inv.shelf[k];
    let shrunk = crate::sim::stock::binomial(on_hand, 1.0 - (1.0 - iv.shrink_rate).powf(age), rng);
    let misplaced_share = iv.misplace_rate / (iv.misplace_rate + iv.misplace_recovery).max(1e-12);
    let misplaced = crate::sim::stock::binomial(on_hand - shrunk, misplaced_share, rng);
    inv.shelf[k] = on_hand - shrunk - misplaced;
    inv.misplaced[k] = misplaced;
    // Deliveries since the count: one per (S - s) units sold.
    let lot = f64::from((inv.order_up_to[k] - inv.reorder_point[k]).max(1));
    let deliveries = (age * daily_units / lot + u_deliveries).floor() as u32;
    let mut record = inv.record[k];
    for _ in 0..deliveries.min(1000) {
        let (u, size, sign): (f64, f64, f64) = (rng.random(), rng.random(), rng.random());
        if u < iv.scan_error_rate {
            let error = 1 + (size * (lot / 4.0).max(1.0)) as i32;
            record += if sign < 0.5 { -error } else { error };
        }
    }
    inv.record[k] = record.max(0);
}

fn bits_words(n: usize) -> usize {
    n.div_ceil(64).max(1)
}

impl<'s> World<'s> {
    /// Builds the world at time 0: stock at order-up-to levels, staff rostered, first
    /// arrivals and the first day scheduled.
    pub fn new(sc: &'s Scenario, policy: usize, replication: u64, audit: bool) -> Self {
        let policy = &sc.policies[policy];
        let streams = RandomStreams::new(sc.seed, replication);
        let price: Vec<f64> = sc.catalogue.skus.iter().map(|s| s.price).collect();
        let cost: Vec<f64> = sc
            .catalogue
            .skus
            .iter()
            .map(|s| s.price * (1.0 - s.margin))
            .collect();
        let pop: Vec<f64> = sc.catalogue.skus.iter().map(|s| s.popularity).collect();
        let total: f64 = pop.iter().sum();
        let demand_share: Vec<f64> = pop.iter().map(|p| p / total).collect();
        let sku_table = AliasTable::new(&pop);
        let mut world = World {
            sc,
            policy,
            channel: sc.channel(policy.communication),
            q: EventQueue::new(),
            stores: Vec::with_capacity(sc.stores.len()),
            warmup_end: sc.warmup_end(),
            horizon: sc.horizon(),
            price,
            cost,
            demand_share,
            sku_table,
            audit: audit.then(AuditLog::default),
            daily: None,
            last_time: 0.0,
            check: crate::sim::invariants::CheckLevel::Off,
            violation: None,
            rec: None,
            recording: None,
            trace: None,
        };
        for spec in &sc.stores {
            let store = world.build_store(spec, &streams);
            world.stores.push(store);
        }
        if let Some(a) = world.audit.as_mut() {
            a.record_roster(&world.stores);
        }
        world.q.schedule_at(0.0, Ev::DayStart);
        for s in 0..world.stores.len() {
            let id = s as u16;
            let st = &mut world.stores[s];
            if let Some(t) = crate::sim::sampling::next_arrival(
                &st.spec.shoppers.arrivals,
                0.0,
                &mut st.rng.shopper_arrivals,
            ) {
                world.q.schedule_at(t, Ev::ShopperArrival(id));
            }
            if let Some(t) = crate::sim::sampling::next_arrival(
                &st.spec.online.arrivals,
                0.0,
                &mut st.rng.online_arrivals,
            ) {
                world.q.schedule_at(t, Ev::OrderArrival(id));
            }
            if policy.sync_interval > 0.0 {
                world.q.schedule_at(policy.sync_interval, Ev::Sync(id));
            }
        }
        world
    }

    fn build_store(&self, spec: &'s StoreSpec, streams: &RandomStreams) -> Store<'s> {
        let n = self.price.len();
        let mut rng = StoreRngs::new(streams, &spec.name);
        // Mean daily demand per SKU, from shoppers and online orders.
        let shopper_units = spec.shoppers.arrivals.per_weekday.iter().sum::<f64>() / 7.0
            * spec.shoppers.basket_items.mean().max(1.0);
        let online_units = spec.online.arrivals.per_weekday.iter().sum::<f64>() / 7.0
            * spec.online.lines.mean().max(1.0)
            * spec.online.units_per_line.mean().max(1.0);
        let daily_units = shopper_units + online_units;
        let rp = &spec.replenishment;
        let mut inv = Inventory {
            shelf: vec![0; n],
            backroom: vec![0; n],
            misplaced: vec![0; n],
            in_carts: vec![0; n],
            record: vec![0; n],
            synced: vec![0; n],
            reserved: vec![0; n],
            backorders: vec![0; n],
            picked_since_sync: vec![0; n],
            on_order: vec![0; n],
            pending: vec![0; n],
            reorder_point: vec![0; n],
            order_up_to: vec![0; n],
        };
        let mut ledger = Ledger::default();
        let mut initial_rng = streams.stream(&format!("{}/inventory.initial", spec.name));
        for (i, sku) in self.sc.catalogue.skus.iter().enumerate() {
            let d = daily_units * self.demand_share[i];
            let s = sku
                .reorder_point
                .map_or((rp.reorder_point_days * d).ceil() as i32, |v| v as i32);
            let big_s = sku
                .order_up_to
                .map_or((rp.order_up_to_days * d).ceil() as i32, |v| v as i32)
                .max(s + 1)
                .max(1);
            inv.reorder_point[i] = s;
            inv.order_up_to[i] = big_s;
            inv.shelf[i] = big_s;
            inv.record[i] = big_s;
            if !spec.inventory.start_counted {
                age_record(&mut inv, i, spec, d, &mut initial_rng);
            }
            inv.synced[i] = inv.record[i];
            ledger.initial += i64::from(inv.shelf[i] + inv.misplaced[i]);
        }
        let mut employees = Vec::new();
        let mut team_has_skill = [[false; 7]; 2];
        for (g, group) in spec.staff.iter().enumerate() {
            let trained =
                crate::scenario::trained_count(group.count, self.policy.cross_training_share);
            for k in 0..group.count {
                let mut prof = [0.0; 7];
                let mut cross_mask = 0u8;
                for &(skill, p) in &group.skills {
                    prof[skill.index()] = p;
                }
                if k < trained {
                    for &(skill, p) in &group.cross_skills {
                        if prof[skill.index()] == 0.0 {
                            prof[skill.index()] = p;
                            cross_mask |= 1 << skill.index();
                        }
                    }
                }
                for skill in Skill::ALL {
                    if prof[skill.index()] > 0.0 {
                        team_has_skill[group.team.index()][skill.index()] = true;
                    }
                }
                employees.push(Employee {
                    team: group.team,
                    group: g as u16,
                    prof,
                    cross_mask,
                    wage: group.wage_per_hour,
                    state: EmpState::Off,
                    closing: false,
                    leaving: false,
                    task: NONE,
                    last_skill: None,
                    shift_start: 0.0,
                    shift_end: 0.0,
                    hired: f64::NEG_INFINITY,
                    training_left: if cross_mask != 0 && !self.sc.training.trained_before_start {
                        self.sc.training.hours_per_employee * 60.0
                    } else {
                        0.0
                    },
                    training_started: 0.0,
                    next_departure: crate::sim::training::next_departure(
                        &mut rng.turnover,
                        self.sc.training.annual_turnover,
                        0.0,
                    ),
                });
            }
        }
        let words = bits_words(employees.len());
        let mut stats = StoreStats::default();
        // The roster's initial cross-training, as a yearly cost prorated to the measured
        // period (its hours are taken inside shifts, see `training.rs`).
        stats.lever.training_cost = employees
            .iter()
            .filter(|e| e.cross_mask != 0)
            .map(|e| e.wage * self.sc.training.hours_per_employee)
            .sum::<f64>()
            * f64::from(self.sc.days)
            / 365.0;
        Store {
            spec,
            rng,
            inv,
            shoppers: Vec::new(),
            free_shoppers: Vec::new(),
            shoppers_inside: 0,
            self_queue: VecDeque::new(),
            self_busy: 0,
            orders: Vec::new(),
            lines: Vec::new(),
            awaiting_carrier: Vec::new(),
            pickups_inside: 0,
            closing_staff: 0,
            open_orders: 0,
            tasks: Vec::with_capacity(256),
            free_tasks: Vec::new(),
            employees,
            queues: Default::default(),
            idle: std::array::from_fn(|_| std::array::from_fn(|_| vec![0u64; words])),
            team_has_skill,
            lanes_busy: 0,
            desks_busy: 0,
            checkout_waiting: 0,
            queue_changed_at: 0.0,
            po_lines: Vec::new(),
            deliveries: Vec::new(),
            putaways: Vec::new(),
            putaway_pieces: Vec::new(),
            returns_pending: 0,
            stats,
            ledger,
            seq: 0,
        }
    }
}
