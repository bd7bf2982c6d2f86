//! The world's state: stores with their inventory, shoppers, orders, tasks and staff, all in
//! `Vec`s indexed by small integer ids, and the event type that drives them.

use crate::engine::{EventQueue, Minutes, RandomStream, RandomStreams};
use crate::scenario::{ChannelSpec, Policy, Scenario, Skill, StoreSpec, Team};
use crate::sim::audit::AuditLog;
use crate::sim::kpi::StoreStats;
use crate::sim::sampling::AliasTable;
use std::cmp::Ordering;
use std::collections::{BinaryHeap, VecDeque};

/// "No id" marker for u32 ids.
pub const NONE: u32 = u32::MAX;

/// Every event of the model: small and `Copy`. The first field is the store index.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Ev {
    /// Midnight: schedules the day's shifts and store routines.
    DayStart,
    /// The store opens: cycle counts for the day are raised.
    Open(u16),
    /// A shopper walks in.
    ShopperArrival(u16),
    /// A shopper has finished browsing.
    BrowseDone(u16, u32),
    /// A shopper's help request times out (task, generation).
    AssistTimeout(u16, u32, u32),
    /// A queued shopper's patience runs out (task, generation).
    Renege(u16, u32, u32),
    /// A self-checkout finishes (shopper).
    SelfCheckoutDone(u16, u32),
    /// A task notice reaches a team (task, generation, team index).
    TaskVisible(u16, u32, u32, u8),
    /// An employee finishes their task.
    TaskDone(u16, u32),
    /// An employee's shift starts / ends.
    ShiftStart(u16, u32),
    /// An employee's shift ends.
    ShiftEnd(u16, u32),
    /// An online order is placed.
    OrderArrival(u16),
    /// A BOPIS customer arrives at the desk (order).
    PickupArrival(u16, u32),
    /// A ready BOPIS order's hold period ends (order).
    HoldExpiry(u16, u32),
    /// A BOPIS customer at the desk gives up waiting (task, generation).
    PickupTimeout(u16, u32, u32),
    /// The carrier collects packed orders.
    CarrierCutoff(u16),
    /// A customer returns one unit (SKU).
    ReturnArrival(u16, u32),
    /// The online view of stock is refreshed from the record.
    Sync(u16),
    /// Purchase orders are sent.
    OrderTime(u16),
    /// A delivery arrives (delivery index).
    Delivery(u16, u32),
    /// Closing routines: shrink, misplacement, record accuracy sample.
    DailyClose(u16),
    /// Hourly shelf availability sample.
    Sample(u16),
    /// An employee's training block ends (employee).
    TrainingDone(u16, u32),
}

/// What a task is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TaskKind {
    /// serve a shopper at a staffed lane (subject: shopper)
    Checkout,
    /// help a shopper on the floor (subject: shopper)
    Assist,
    /// pick an order (subject: order)
    Pick,
    /// pack a ship order (subject: order)
    Pack,
    /// hand over a BOPIS order (subject: order)
    PickupServe,
    /// process one returned unit (subject: SKU)
    Return,
    /// put a delivery chunk on the shelf (subject: put-away index)
    PutAway,
    /// count one SKU (subject: SKU)
    CycleCount,
    /// RFID read of a slice of the catalogue (subject: first SKU of the slice)
    RfidCount,
}

impl TaskKind {
    /// The skill the task needs.
    #[inline]
    pub fn skill(self) -> Skill {
        match self {
            TaskKind::Checkout => Skill::Checkout,
            TaskKind::Assist => Skill::Floor,
            TaskKind::Pick => Skill::Picking,
            TaskKind::Pack => Skill::Packing,
            TaskKind::PickupServe => Skill::PickupDesk,
            TaskKind::Return => Skill::Returns,
            TaskKind::PutAway | TaskKind::CycleCount | TaskKind::RfidCount => Skill::Stocking,
        }
    }
}

/// Life of a task.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TaskState {
    /// waiting for an employee
    Open,
    /// being worked on
    Taken,
    /// slot free
    Free,
}

/// A unit of staff work.
#[derive(Clone, Copy, Debug)]
pub struct Task {
    pub kind: TaskKind,
    pub state: TaskState,
    /// Bumped when the slot is freed, so stale references can tell.
    pub generation: u32,
    pub subject: u32,
    pub created: Minutes,
    pub deadline: Minutes,
    /// Minutes of work at proficiency 1.
    pub work: Minutes,
    pub counted: bool,
}

/// An entry in a team's skill queue; ordered so the heap pops the smallest (class, key, seq).
#[derive(Clone, Copy, Debug)]
pub struct QueueEntry {
    pub class: u8,
    pub key: Minutes,
    pub seq: u64,
    pub task: u32,
    pub generation: u32,
}

impl QueueEntry {
    #[inline]
    pub fn better_than(&self, other: &QueueEntry) -> bool {
        self.order(other) == Ordering::Less
    }
    #[inline]
    fn order(&self, o: &QueueEntry) -> Ordering {
        self.class
            .cmp(&o.class)
            .then(self.key.total_cmp(&o.key))
            .then(self.seq.cmp(&o.seq))
    }
}
impl PartialEq for QueueEntry {
    fn eq(&self, o: &Self) -> bool {
        self.order(o) == Ordering::Equal
    }
}
impl Eq for QueueEntry {}
impl PartialOrd for QueueEntry {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}
impl Ord for QueueEntry {
    fn cmp(&self, o: &Self) -> Ordering {
        o.order(self)
    }
}

/// An employee's state.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EmpState {
    /// not at work
    Off,
    /// on shift and free
    Idle,
    /// working on a task
    Busy,
    /// on shift, in a training block: paid, takes no task
    Training,
}

/// One employee.
#[derive(Clone, Debug)]
pub struct Employee {
    pub team: Team,
    pub group: u16,
    /// Target proficiency per skill; 0 = not held.
    pub prof: [f64; 7],
    /// Bit i set: skill i is a cross-trained skill (ramps up).
    pub cross_mask: u8,
    pub wage: f64,
    pub state: EmpState,
    /// Shift over, but staying to serve customers still in the store at closing.
    pub closing: bool,
    /// Shift over; leave after the current task.
    pub leaving: bool,
    pub task: u32,
    pub last_skill: Option<Skill>,
    pub shift_start: Minutes,
    pub shift_end: Minutes,
    /// When the slot's current occupant was hired; `NEG_INFINITY` for the original roster.
    pub hired: Minutes,
    /// Training still owed \[min\].
    pub training_left: Minutes,
    /// Start of the current training block \[min\].
    pub training_started: Minutes,
    /// When the slot's occupant leaves next (taking effect at the next shift start) \[min\].
    pub next_departure: Minutes,
}

/// A unit in a shopper's cart, with its fate drawn on arrival: whether (and after how long)
/// it comes back as a return once bought.
#[derive(Clone, Copy, Debug)]
pub struct CartItem {
    pub sku: u32,
    /// Minutes from purchase to return; negative when the unit is kept.
    pub return_after: f32,
}

/// A shopper in the store (slot reused after they leave).
#[derive(Clone, Debug, Default)]
pub struct Shopper {
    pub items: Vec<CartItem>,
    pub basket_value: f64,
    pub missing: u32,
    pub needs_assist: bool,
    pub assist_time: Minutes,
    pub assist_patience: Minutes,
    pub checkout_work: Minutes,
    pub self_checkout: bool,
    pub self_time: Minutes,
    pub patience: Minutes,
    pub balk_u: f64,
    pub noise: f64,
    pub wait: Minutes,
    pub assist_abandoned: bool,
    pub queue_joined: Minutes,
    pub counted: bool,
    /// What the help request is about, drawn at arrival (see `service.rs`).
    pub help: crate::sim::service::HelpFate,
}

/// Final (or current) state of an online order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OrderState {
    /// accepted, being picked (or waiting to be)
    Picking,
    /// picked, ship order waiting to be packed
    Packing,
    /// BOPIS ready, waiting for the customer
    AwaitingPickup,
    /// ship order packed, waiting for the carrier
    AwaitingCarrier,
    /// final: handed to the customer at the desk
    Collected,
    /// final: handed to the carrier
    Shipped,
    /// final: cancelled at pick time
    Cancelled,
    /// final: not collected within the hold period, returned to stock
    Uncollected,
}

impl OrderState {
    /// True for states an order never leaves.
    pub fn is_final(self) -> bool {
        matches!(
            self,
            OrderState::Collected
                | OrderState::Shipped
                | OrderState::Cancelled
                | OrderState::Uncollected
        )
    }
}

/// One line of an order. Its random fate is drawn when the order arrives, the same under
/// every policy (common random numbers): a wrong-item draw, a substitute and the customer's
/// acceptance of it, and the share of units returned.
#[derive(Clone, Copy, Debug)]
pub struct OrderLine {
    pub sku: u32,
    pub qty: u32,
    pub u_error: f64,
    pub u_accept: f64,
    pub substitute: u32,
    pub u_return: f64,
    pub return_after: Minutes,
    /// Draw deciding whether a substitution approval for this line fails on the channel.
    pub u_approval: f64,
    /// What was actually picked (SKU, units); units 0 when not found.
    pub picked_sku: u32,
    pub picked_qty: u32,
}

/// An online order.
#[derive(Clone, Debug)]
pub struct Order {
    pub placed: Minutes,
    pub bopis: bool,
    pub line_start: u32,
    pub line_count: u32,
    pub deadline: Minutes,
    pub ready: Minutes,
    pub state: OrderState,
    pub inaccurate: bool,
    pub oversold: bool,
    pub pickup_delay: Minutes,
    pub no_show: bool,
    pub pickup_service: Minutes,
    /// How long the customer waits at the desk before giving up and coming back later \[min\].
    pub pickup_patience: Minutes,
    /// The customer is at the desk now.
    pub at_desk: bool,
    pub pack_work: Minutes,
    pub noise: f64,
    pub pickup_arrival: Minutes,
    /// Total wait at the desk over all visits \[min\].
    pub pickup_wait: Minutes,
    pub counted: bool,
    /// Units of the picked lines, for stock bookkeeping.
    pub units_held: u32,
    /// The customer's first arrival notice at the desk will not reach the desk team.
    pub unnoticed: bool,
    /// The customer edited the order and the edit did not reach the picker.
    pub change_missed: bool,
    /// A line was substituted or dropped without the customer's approval.
    pub unapproved: bool,
}

/// Per-store random streams, one per source of randomness.
pub struct StoreRngs {
    pub shopper_arrivals: RandomStream,
    pub basket: RandomStream,
    pub shopper_attrs: RandomStream,
    pub balk: RandomStream,
    pub online_arrivals: RandomStream,
    pub order_lines: RandomStream,
    pub order_attrs: RandomStream,
    pub order_fate: RandomStream,
    pub shopper_returns: RandomStream,
    pub returns: RandomStream,
    pub shrink: RandomStream,
    pub counts: RandomStream,
    pub counts_not_found: RandomStream,
    pub scan: RandomStream,
    pub lead: RandomStream,
    pub comms: RandomStream,
    pub switch: RandomStream,
    pub putaway: RandomStream,
    pub search: RandomStream,
    pub turnover: RandomStream,
    pub comms_fate: RandomStream,
    pub help: RandomStream,
}

impl StoreRngs {
    fn new(streams: &RandomStreams, store: &str) -> Self {
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

/// Stock by SKU, in its three truths plus the units in transit inside the store.
#[derive(Clone, Debug, Default)]
pub struct Inventory {
    /// physical units on the shelf
    pub shelf: Vec<i32>,
    /// physical units received, not yet put away
    pub backroom: Vec<i32>,
    /// physical units in the wrong place, not findable
    pub misplaced: Vec<i32>,
    /// physical units in shoppers' carts, not yet paid (still in the record)
    pub in_carts: Vec<i32>,
    /// what the store system believes
    pub record: Vec<i32>,
    /// the record as of the last sync (the online view's base)
    pub synced: Vec<i32>,
    /// units promised to open orders not yet picked
    pub reserved: Vec<i32>,
    /// units shoppers backordered, to be filled from the next deliveries (replenishment
    /// with backorders only); the record already counts them as sold
    pub backorders: Vec<i32>,
    /// units picked for orders since the last sync (the order system knows them even when
    /// the synced record does not yet)
    pub picked_since_sync: Vec<i32>,
    /// units ordered from the supplier, not yet delivered
    pub on_order: Vec<i32>,
    /// units to put on the next purchase order
    pub pending: Vec<i32>,
    pub reorder_point: Vec<i32>,
    pub order_up_to: Vec<i32>,
}

/// Flows of units through one store, for the conservation check.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Ledger {
    pub initial: i64,
    pub delivered: i64,
    pub returned: i64,
    pub sold_in_store: i64,
    pub handed_online: i64,
    pub shrunk: i64,
    pub written_off: i64,
}

/// One store's live state.
pub struct Store<'s> {
    pub spec: &'s StoreSpec,
    pub rng: StoreRngs,
    pub inv: Inventory,
    pub shoppers: Vec<Shopper>,
    pub free_shoppers: Vec<u32>,
    pub shoppers_inside: u32,
    pub self_queue: VecDeque<u32>,
    pub self_busy: u32,
    pub orders: Vec<Order>,
    pub lines: Vec<OrderLine>,
    pub awaiting_carrier: Vec<u32>,
    pub pickups_inside: u32,
    /// Employees kept back after closing (`Employee::closing`).
    pub closing_staff: u32,
    /// Orders accepted and not yet final.
    pub open_orders: u32,
    pub tasks: Vec<Task>,
    pub free_tasks: Vec<u32>,
    pub employees: Vec<Employee>,
    pub queues: [[BinaryHeap<QueueEntry>; 7]; 2],
    pub idle: [[Vec<u64>; 7]; 2],
    pub team_has_skill: [[bool; 7]; 2],
    pub lanes_busy: u32,
    pub desks_busy: u32,
    pub checkout_waiting: u32,
    /// When `checkout_waiting` last changed (for its time average).
    pub queue_changed_at: Minutes,
    pub po_lines: Vec<(u32, u32)>,
    pub deliveries: Vec<(u32, u32)>,
    /// Put-away tasks: ranges of `putaway_pieces`.
    pub putaways: Vec<(u32, u32)>,
    /// (SKU, units) pieces of deliveries, grouped into put-away tasks.
    pub putaway_pieces: Vec<(u32, u32)>,
    pub returns_pending: i64,
    pub stats: StoreStats,
    pub ledger: Ledger,
    pub seq: u64,
}

/// The whole simulated world of one replication under one policy.
pub struct World<'s> {
    pub sc: &'s Scenario,
    pub policy: &'s Policy,
    pub channel: &'s ChannelSpec,
    pub q: EventQueue<Ev>,
    pub stores: Vec<Store<'s>>,
    pub warmup_end: Minutes,
    pub horizon: Minutes,
    pub price: Vec<f64>,
    /// Cost of goods per unit, by SKU: price × (1 − gross margin rate).
    pub cost: Vec<f64>,
    /// Popularity normalised to sum 1 (demand weights of shelf availability).
    pub demand_share: Vec<f64>,
    pub sku_table: AliasTable,
    pub audit: Option<AuditLog>,
    /// Day-close states, when recorded.
    pub daily: Option<Vec<crate::sim::DayState>>,
    pub last_time: Minutes,
    pub check: crate::sim::invariants::CheckLevel,
    pub violation: Option<crate::sim::invariants::Violation>,
    /// Recorders for the report (None: off, one branch per event).
    pub rec: Option<Box<crate::sim::record::Recorder>>,
    /// What the recorders produced, once the run is over.
    pub recording: Option<crate::sim::record::Recording>,
    /// Event trace sink (None: off).
    pub trace: Option<crate::sim::trace::Tracer<'s>>,
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

    /// Runs to the horizon and closes the books.
    pub fn run(&mut self) {
        use crate::sim::invariants::{CheckLevel, Violation};
        while let Some((t, ev)) = self.q.pop_until(self.horizon) {
            if t < self.last_time {
                if let Some(a) = self.audit.as_mut() {
                    a.time_went_backwards = true;
                }
                if self.check != CheckLevel::Off {
                    self.violation = Some(Violation {
                        time: t,
                        event: format!("{ev:?}"),
                        message: format!("time went backwards from {}", self.last_time),
                    });
                    return;
                }
            }
            // Recorders read the state left by the previous event; they never change it.
            if self.rec.as_ref().is_some_and(|r| t >= r.next_due) {
                let mut r = self.rec.take().expect("checked");
                r.before_event(self, t);
                self.rec = Some(r);
            }
            if self.trace.is_some() {
                let row = crate::sim::trace::Tracer::before(self, t, &ev);
                self.last_time = t;
                self.handle(t, ev);
                let mut tr = self.trace.take().expect("checked");
                tr.after(self, row);
                self.trace = Some(tr);
            } else {
                self.last_time = t;
                self.handle(t, ev);
            }
            if let Some(a) = self.audit.as_mut() {
                a.events += 1;
            }
            if self.check != CheckLevel::Off {
                let scan = self.check == CheckLevel::Full || ev == Ev::DayStart;
                if let Err(message) = self.check_invariants(scan) {
                    self.violation = Some(Violation {
                        time: t,
                        event: format!("{ev:?}"),
                        message,
                    });
                    return;
                }
            }
        }
        self.finish();
        if self.check != CheckLevel::Off
            && let Err(message) = self.check_invariants(true)
        {
            self.violation = Some(Violation {
                time: self.horizon,
                event: "end of run".into(),
                message,
            });
        }
    }

    pub(crate) fn handle(&mut self, now: Minutes, ev: Ev) {
        match ev {
            Ev::DayStart => self.on_day_start(now),
            Ev::Open(s) => self.on_open(s as usize, now),
            Ev::ShopperArrival(s) => self.on_shopper_arrival(s as usize, now),
            Ev::BrowseDone(s, id) => self.on_browse_done(s as usize, id, now),
            Ev::AssistTimeout(s, task, generation) => {
                self.on_assist_timeout(s as usize, task, generation, now)
            }
            Ev::Renege(s, task, generation) => self.on_renege(s as usize, task, generation, now),
            Ev::SelfCheckoutDone(s, id) => self.on_self_checkout_done(s as usize, id, now),
            Ev::TaskVisible(s, task, generation, team) => {
                self.on_task_visible(s as usize, task, generation, team, now)
            }
            Ev::TaskDone(s, emp) => self.on_task_done(s as usize, emp, now),
            Ev::ShiftStart(s, emp) => self.on_shift_start(s as usize, emp, now),
            Ev::ShiftEnd(s, emp) => self.on_shift_end(s as usize, emp, now),
            Ev::OrderArrival(s) => self.on_order_arrival(s as usize, now),
            Ev::PickupArrival(s, order) => self.on_pickup_arrival(s as usize, order, now),
            Ev::HoldExpiry(s, order) => self.on_hold_expiry(s as usize, order, now),
            Ev::PickupTimeout(s, task, generation) => {
                self.on_pickup_timeout(s as usize, task, generation, now)
            }
            Ev::CarrierCutoff(s) => self.on_carrier_cutoff(s as usize, now),
            Ev::ReturnArrival(s, sku) => self.on_return_arrival(s as usize, sku, now),
            Ev::Sync(s) => self.on_sync(s as usize, now),
            Ev::OrderTime(s) => self.on_order_time(s as usize, now),
            Ev::Delivery(s, d) => self.on_delivery(s as usize, d, now),
            Ev::DailyClose(s) => self.on_daily_close(s as usize, now),
            Ev::Sample(s) => self.on_sample(s as usize, now),
            Ev::TrainingDone(s, e) => self.on_training_done(s as usize, e, now),
        }
    }

    /// A task is done: staff release it, its domain (shoppers, orders, stock) acts on the
    /// result, then the employee moves on. Staff code never calls into the domains.
    fn on_task_done(&mut self, s: usize, e: u32, now: Minutes) {
        let t = self.release_task(s, e, now);
        match t.kind {
            TaskKind::Checkout => self.finish_checkout(s, t.subject, now),
            TaskKind::Assist => self.finish_assist(s, t.subject, now),
            TaskKind::Pick => self.finish_pick(s, t.subject, e, now),
            TaskKind::Pack => self.finish_pack(s, t.subject, now),
            TaskKind::PickupServe => self.finish_pickup(s, t.subject, now),
            TaskKind::Return => self.finish_return(s, t.subject),
            TaskKind::PutAway => self.finish_putaway(s, t.subject),
            TaskKind::CycleCount => self.finish_cycle_count(s, t.subject),
            TaskKind::RfidCount => self.finish_rfid_count(s, t.subject),
        }
        self.after_task(s, e, t.kind.skill(), now);
    }

    fn on_day_start(&mut self, now: Minutes) {
        let day = (now / crate::engine::MINUTES_PER_DAY).round() as usize;
        let next = now + crate::engine::MINUTES_PER_DAY;
        if next < self.horizon {
            self.q.schedule_at(next, Ev::DayStart);
        }
        let weekday = day % 7;
        for s in 0..self.stores.len() {
            let id = s as u16;
            let spec = self.stores[s].spec;
            for (e, emp) in self.stores[s].employees.iter().enumerate() {
                let group = &spec.staff[emp.group as usize];
                if group.days[weekday] {
                    self.q
                        .schedule_at(now + group.shift_start, Ev::ShiftStart(id, e as u32));
                    self.q
                        .schedule_at(now + group.shift_end, Ev::ShiftEnd(id, e as u32));
                }
            }
            self.q.schedule_at(now + spec.open, Ev::Open(id));
            let mut t = spec.open + 30.0;
            while t < spec.close {
                self.q.schedule_at(now + t, Ev::Sample(id));
                t += 60.0;
            }
            self.q.schedule_at(now + spec.close, Ev::DailyClose(id));
            if spec.replenishment.order_days[weekday] {
                self.q
                    .schedule_at(now + spec.replenishment.order_time, Ev::OrderTime(id));
            }
            self.q
                .schedule_at(now + spec.online.ship_cutoff, Ev::CarrierCutoff(id));
        }
    }

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
    fn finish(&mut self) {
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
