//! The world's state: stores with their inventory, shoppers, orders, tasks and staff, all in
//! `Vec`s indexed by small integer ids, the event type that drives them, and the event loop
//! that hands each event to its domain. Building the world is in `setup`, its running books
//! (queue integrals, the close at the horizon) in `books`.

use crate::engine::{EventQueue, Minutes, RandomStream};
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
impl<'s> World<'s> {
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
}
