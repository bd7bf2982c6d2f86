//! Event trace of one replication: one row per event with the ids it involves and the queue
//! lengths after it, plus a row whenever an online order changes state, so one order can be
//! followed from arrival to its final state. For debugging and teaching; not for long runs.

use crate::engine::{MINUTES_PER_DAY, Minutes};
use crate::sim::world::{EmpState, Ev, NONE, OrderState, Store, TaskKind, TaskState, World};

/// One line of the trace.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct TraceRow {
    /// Time [min since day 0].
    pub time: Minutes,
    /// Store index (None for chain-wide events).
    pub store: Option<u16>,
    /// Event kind, e.g. `OrderArrival`; `End` for orders still open at the horizon.
    pub event: &'static str,
    /// Shopper slot involved.
    pub shopper: Option<u32>,
    /// Online order involved (ids are per store).
    pub order: Option<u32>,
    /// Task slot involved.
    pub task: Option<u32>,
    /// Task kind involved.
    pub task_kind: Option<&'static str>,
    /// Employee involved (index within the store).
    pub employee: Option<u32>,
    /// SKU involved.
    pub sku: Option<u32>,
    /// The order's state after the event, when it changed (or at `End`).
    pub order_state: Option<&'static str>,
    /// Shoppers queueing for checkout (staffed and self) after the event.
    pub checkout_queue: u32,
    /// Online orders not yet in a final state after the event.
    pub open_orders: u32,
    /// BOPIS customers at the pickup desk after the event.
    pub pickup_desk: u32,
    /// Shoppers waiting for a staffed lane after the event.
    pub lane_queue: u32,
    /// Staffed lanes with nobody serving at them after the event.
    pub lanes_free: u32,
    /// Help requests on the floor waiting for staff after the event.
    pub assist_queue: u32,
    /// BOPIS customers at the desk not yet being served after the event.
    pub desk_queue: u32,
    /// Pickup desks with nobody serving at them after the event.
    pub desks_free: u32,
}

/// Fills the queue columns of `row` from store `st` (the state after the event).
fn fill_queues(row: &mut TraceRow, st: &Store) {
    row.checkout_queue = st.checkout_waiting + st.self_queue.len() as u32;
    row.open_orders = st.open_orders;
    row.pickup_desk = st.pickups_inside;
    row.lane_queue = st.checkout_waiting;
    row.lanes_free = st.spec.checkout_lanes.saturating_sub(st.lanes_busy);
    row.assist_queue = st
        .tasks
        .iter()
        .filter(|t| t.kind == TaskKind::Assist && t.state == TaskState::Open)
        .count() as u32;
    row.desk_queue = st.pickups_inside.saturating_sub(st.desks_busy);
    row.desks_free = st.spec.pickup_desks.saturating_sub(st.desks_busy);
}

/// snake_case name of an order state.
pub fn state_name(s: OrderState) -> &'static str {
    match s {
        OrderState::Picking => "picking",
        OrderState::Packing => "packing",
        OrderState::AwaitingPickup => "awaiting_pickup",
        OrderState::AwaitingCarrier => "awaiting_carrier",
        OrderState::Collected => "collected",
        OrderState::Shipped => "shipped",
        OrderState::Cancelled => "cancelled",
        OrderState::Uncollected => "uncollected",
    }
}

fn event_name(ev: &Ev) -> &'static str {
    match ev {
        Ev::DayStart => "DayStart",
        Ev::Open(..) => "Open",
        Ev::ShopperArrival(..) => "ShopperArrival",
        Ev::BrowseDone(..) => "BrowseDone",
        Ev::AssistTimeout(..) => "AssistTimeout",
        Ev::Renege(..) => "Renege",
        Ev::SelfCheckoutDone(..) => "SelfCheckoutDone",
        Ev::TaskVisible(..) => "TaskVisible",
        Ev::TaskDone(..) => "TaskDone",
        Ev::ShiftStart(..) => "ShiftStart",
        Ev::ShiftEnd(..) => "ShiftEnd",
        Ev::OrderArrival(..) => "OrderArrival",
        Ev::PickupArrival(..) => "PickupArrival",
        Ev::HoldExpiry(..) => "HoldExpiry",
        Ev::PickupTimeout(..) => "PickupTimeout",
        Ev::CarrierCutoff(..) => "CarrierCutoff",
        Ev::ReturnArrival(..) => "ReturnArrival",
        Ev::Sync(..) => "Sync",
        Ev::OrderTime(..) => "OrderTime",
        Ev::Delivery(..) => "Delivery",
        Ev::DailyClose(..) => "DailyClose",
        Ev::Sample(..) => "Sample",
        Ev::TrainingDone(..) => "TrainingDone",
    }
}

fn store_of(ev: &Ev) -> Option<u16> {
    match *ev {
        Ev::DayStart => None,
        Ev::Open(s)
        | Ev::ShopperArrival(s)
        | Ev::BrowseDone(s, _)
        | Ev::AssistTimeout(s, ..)
        | Ev::Renege(s, ..)
        | Ev::SelfCheckoutDone(s, _)
        | Ev::TaskVisible(s, ..)
        | Ev::TaskDone(s, _)
        | Ev::ShiftStart(s, _)
        | Ev::ShiftEnd(s, _)
        | Ev::OrderArrival(s)
        | Ev::PickupArrival(s, _)
        | Ev::HoldExpiry(s, _)
        | Ev::PickupTimeout(s, ..)
        | Ev::CarrierCutoff(s)
        | Ev::ReturnArrival(s, _)
        | Ev::Sync(s)
        | Ev::OrderTime(s)
        | Ev::Delivery(s, _)
        | Ev::DailyClose(s)
        | Ev::Sample(s)
        | Ev::TrainingDone(s, _) => Some(s),
    }
}

fn kind_name(k: TaskKind) -> &'static str {
    crate::sim::record::task_name(k)
}

/// Sets the task's id, kind and subject (shopper, order or SKU) on `row`.
fn fill_task(row: &mut TraceRow, st: &Store, task: u32) {
    let t = &st.tasks[task as usize];
    row.task = Some(task);
    row.task_kind = Some(kind_name(t.kind));
    match t.kind {
        TaskKind::Checkout | TaskKind::Assist => row.shopper = Some(t.subject),
        TaskKind::Pick | TaskKind::Pack | TaskKind::PickupServe => row.order = Some(t.subject),
        TaskKind::Return | TaskKind::CycleCount => row.sku = Some(t.subject),
        TaskKind::PutAway | TaskKind::RfidCount => {}
    }
}

/// The trace recorder inside a `World`: watches open orders and calls the sink.
pub struct Tracer<'a> {
    sink: &'a mut dyn FnMut(&TraceRow),
    day: Option<u32>,
    /// Per store: orders seen so far, and the open ones with their last state.
    known: Vec<usize>,
    open: Vec<Vec<(u32, OrderState)>>,
    /// Per store and employee: the task (slot, generation) last seen in hand.
    working: Vec<Vec<(u32, u32)>>,
}

impl<'a> Tracer<'a> {
    /// A tracer writing rows (of day `day` only, if given) to `sink`.
    pub fn new(stores: usize, day: Option<u32>, sink: &'a mut dyn FnMut(&TraceRow)) -> Self {
        Tracer {
            sink,
            day,
            known: vec![0; stores],
            open: vec![Vec::new(); stores],
            working: vec![Vec::new(); stores],
        }
    }

    fn wanted(&self, t: Minutes) -> bool {
        self.day
            .is_none_or(|d| (t / MINUTES_PER_DAY).floor() as u32 == d)
    }

    /// The ids an event involves, read before the world handles it (a finished task's slot
    /// is freed by then).
    pub fn before(world: &World, t: Minutes, ev: &Ev) -> TraceRow {
        let mut row = TraceRow {
            time: t,
            store: store_of(ev),
            event: event_name(ev),
            ..TraceRow::default()
        };
        let task_subject = |row: &mut TraceRow, s: u16, task: u32, generation: Option<u32>| {
            row.task = Some(task);
            let st = &world.stores[s as usize];
            let Some(t) = st.tasks.get(task as usize) else {
                return;
            };
            if t.state == TaskState::Free || generation.is_some_and(|g| g != t.generation) {
                return;
            }
            fill_task(row, st, task);
        };
        match *ev {
            Ev::ShopperArrival(s) => {
                let st = &world.stores[s as usize];
                // The slot the arrival will take (see `on_shopper_arrival`).
                row.shopper = Some(
                    st.free_shoppers
                        .last()
                        .copied()
                        .unwrap_or(st.shoppers.len() as u32),
                );
            }
            Ev::BrowseDone(_, id) | Ev::SelfCheckoutDone(_, id) => row.shopper = Some(id),
            Ev::AssistTimeout(s, task, g)
            | Ev::Renege(s, task, g)
            | Ev::TaskVisible(s, task, g, _)
            | Ev::PickupTimeout(s, task, g) => task_subject(&mut row, s, task, Some(g)),
            Ev::TaskDone(s, e) => {
                row.employee = Some(e);
                let task = world.stores[s as usize].employees[e as usize].task;
                task_subject(&mut row, s, task, None);
            }
            Ev::ShiftStart(_, e) | Ev::ShiftEnd(_, e) | Ev::TrainingDone(_, e) => {
                row.employee = Some(e)
            }
            Ev::PickupArrival(_, o) | Ev::HoldExpiry(_, o) => row.order = Some(o),
            Ev::ReturnArrival(_, sku) => row.sku = Some(sku),
            _ => {}
        }
        row
    }

    /// After the world handled the event: emits its row, and one row per other order whose
    /// state changed.
    pub fn after(&mut self, world: &World, mut row: TraceRow) {
        let stores: Vec<usize> = match row.store {
            Some(s) => vec![s as usize],
            None => (0..world.stores.len()).collect(),
        };
        let wanted = self.wanted(row.time);
        let mut extra: Vec<TraceRow> = Vec::new();
        let mut starts: Vec<TraceRow> = Vec::new();
        for s in stores {
            let st = &world.stores[s];
            let mut changes: Vec<(u32, OrderState)> = Vec::new();
            for (id, last) in self.open[s].iter_mut() {
                let now = st.orders[*id as usize].state;
                if now != *last {
                    *last = now;
                    changes.push((*id, now));
                }
            }
            self.open[s].retain(|(_, state)| !state.is_final());
            for id in self.known[s]..st.orders.len() {
                let state = st.orders[id].state;
                changes.push((id as u32, state));
                if !state.is_final() {
                    self.open[s].push((id as u32, state));
                }
            }
            self.known[s] = st.orders.len();
            // Tasks taken up during the event: one `TaskStart` row each (assignment happens
            // inside other events, so it has no event of its own).
            let working = &mut self.working[s];
            working.resize(st.employees.len(), (NONE, 0));
            for (e, emp) in st.employees.iter().enumerate() {
                let now = if emp.state == EmpState::Busy && emp.task != NONE {
                    (emp.task, st.tasks[emp.task as usize].generation)
                } else {
                    (NONE, 0)
                };
                if now != working[e] {
                    working[e] = now;
                    if now.0 != NONE {
                        let mut start = TraceRow {
                            store: Some(s as u16),
                            event: "TaskStart",
                            employee: Some(e as u32),
                            shopper: None,
                            order: None,
                            sku: None,
                            order_state: None,
                            ..row
                        };
                        fill_task(&mut start, st, now.0);
                        starts.push(start);
                    }
                }
            }
            for (id, state) in changes {
                if row.order.is_none_or(|o| o == id) && row.order_state.is_none() {
                    row.order = Some(id);
                    row.order_state = Some(state_name(state));
                } else {
                    extra.push(TraceRow {
                        store: Some(s as u16),
                        shopper: None,
                        task: None,
                        task_kind: None,
                        employee: None,
                        sku: None,
                        order: Some(id),
                        order_state: Some(state_name(state)),
                        ..row
                    });
                }
            }
        }
        if !wanted {
            return;
        }
        let queues = |r: &mut TraceRow| {
            if let Some(s) = r.store {
                fill_queues(r, &world.stores[s as usize]);
            }
        };
        queues(&mut row);
        (self.sink)(&row);
        for mut r in extra.into_iter().chain(starts) {
            queues(&mut r);
            (self.sink)(&r);
        }
    }

    /// At the horizon: one `End` row per order still open, with its state.
    pub fn finish(&mut self, world: &World) {
        if !self.wanted(world.horizon - 1e-9) && self.day.is_some() {
            return;
        }
        for (s, open) in self.open.iter().enumerate() {
            let st = &world.stores[s];
            for &(id, _) in open {
                let mut row = TraceRow {
                    time: world.horizon,
                    store: Some(s as u16),
                    event: "End",
                    order: Some(id),
                    order_state: Some(state_name(st.orders[id as usize].state)),
                    ..TraceRow::default()
                };
                fill_queues(&mut row, st);
                (self.sink)(&row);
            }
        }
    }
}
