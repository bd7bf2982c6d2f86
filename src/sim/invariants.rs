//! The invariant checker: after an event, the world's bookkeeping must agree with itself.
//! It runs after every event when a run asks for it (tests, random scenarios) and, in debug
//! builds, after every event with the per-SKU stock scan once a simulated day. A violation
//! stops the run with the event, the time and what broke.
//!
//! Checked:
//! - time never goes backwards;
//! - stock: no bucket negative for any SKU, and units in = units out + units in the store;
//! - reservations: each SKU's reserved units equal the units of accepted lines not yet
//!   picked (a reservation may exceed the record: that is an oversell in the making, which
//!   the model allows, as real stores do);
//! - staff: every busy employee holds exactly one taken task and the skill it needs, every
//!   taken task has exactly one employee, idle employees are indexed under exactly the
//!   skills they may take, nobody off shift is indexed;
//! - queues and counters: waiting checkout tasks, busy lanes and desks, shoppers and pickup
//!   customers inside, busy kiosks all match what they count.

use crate::engine::Minutes;
use crate::scenario::Skill;
use crate::sim::world::{EmpState, OrderState, TaskKind, TaskState, World};
use std::fmt;

/// How much checking a run does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum CheckLevel {
    /// No checks (release runs).
    #[default]
    Off,
    /// Every check after every event except the per-SKU stock scan, which runs once a day.
    Daily,
    /// Every check after every event.
    Full,
}

/// A broken invariant.
#[derive(Clone, Debug, PartialEq)]
pub struct Violation {
    /// When \[min\].
    pub time: Minutes,
    /// The event just handled.
    pub event: String,
    /// What broke, with the state involved.
    pub message: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invariant broken at {} after {}: {}",
            crate::engine::format_clock(self.time),
            self.event,
            self.message
        )
    }
}

impl World<'_> {
    /// Checks every invariant; `stock_scan` adds the per-SKU stock checks.
    pub(crate) fn check_invariants(&self, stock_scan: bool) -> Result<(), String> {
        for (s, st) in self.stores.iter().enumerate() {
            let fail = |msg: String| Err(format!("store {s} ({}): {msg}", st.spec.name));
            // Staff and tasks.
            let mut taken = 0usize;
            for (e, emp) in st.employees.iter().enumerate() {
                let busy = emp.state == EmpState::Busy;
                if busy != (emp.task != crate::sim::world::NONE) {
                    return fail(format!(
                        "employee {e} is {:?} with task {}",
                        emp.state, emp.task
                    ));
                }
                if busy {
                    taken += 1;
                    let t = &st.tasks[emp.task as usize];
                    if t.state != TaskState::Taken {
                        return fail(format!(
                            "employee {e} works on task {} in state {:?}",
                            emp.task, t.state
                        ));
                    }
                    if emp.prof[t.kind.skill().index()] <= 0.0 {
                        return fail(format!(
                            "employee {e} does a {:?} task without the skill",
                            t.kind
                        ));
                    }
                }
                for skill in Skill::ALL {
                    let bit = st.idle[emp.team.index()][skill.index()][e / 64] >> (e % 64) & 1 == 1;
                    let should = emp.state == EmpState::Idle
                        && emp.prof[skill.index()] > 0.0
                        && (!emp.closing || skill.customer_present());
                    if bit != should {
                        return fail(format!(
                            "employee {e} ({:?}, closing {}) indexed as idle for {} = {bit}",
                            emp.state,
                            emp.closing,
                            skill.name()
                        ));
                    }
                }
                // The other team's index never holds this employee.
                let other = emp.team.other().index();
                if Skill::ALL
                    .iter()
                    .any(|k| st.idle[other][k.index()][e / 64] >> (e % 64) & 1 == 1)
                {
                    return fail(format!("employee {e} indexed as idle in the other team"));
                }
            }
            let mut open_checkout = 0u32;
            let mut taken_checkout = 0u32;
            let mut taken_desk = 0u32;
            let mut taken_tasks = 0usize;
            for t in &st.tasks {
                match (t.state, t.kind) {
                    (TaskState::Open, TaskKind::Checkout) => open_checkout += 1,
                    (TaskState::Taken, TaskKind::Checkout) => taken_checkout += 1,
                    (TaskState::Taken, TaskKind::PickupServe) => taken_desk += 1,
                    _ => {}
                }
                taken_tasks += usize::from(t.state == TaskState::Taken);
            }
            if taken_tasks != taken {
                return fail(format!(
                    "{taken_tasks} tasks taken but {taken} employees busy"
                ));
            }
            if open_checkout != st.checkout_waiting {
                return fail(format!(
                    "{open_checkout} checkout tasks wait but the counter says {}",
                    st.checkout_waiting
                ));
            }
            if taken_checkout != st.lanes_busy || st.lanes_busy > st.spec.checkout_lanes {
                return fail(format!(
                    "{taken_checkout} checkouts in service, {} lanes busy of {}",
                    st.lanes_busy, st.spec.checkout_lanes
                ));
            }
            if taken_desk != st.desks_busy || st.desks_busy > st.spec.pickup_desks {
                return fail(format!(
                    "{taken_desk} hand-overs in service, {} desks busy of {}",
                    st.desks_busy, st.spec.pickup_desks
                ));
            }
            let inside = st.shoppers.len() - st.free_shoppers.len();
            if inside != st.shoppers_inside as usize {
                return fail(format!(
                    "{inside} shopper slots in use, counter {}",
                    st.shoppers_inside
                ));
            }
            if st.self_busy > st.spec.self_checkout {
                return fail(format!(
                    "{} kiosks busy of {}",
                    st.self_busy, st.spec.self_checkout
                ));
            }
            let closing = st.employees.iter().filter(|e| e.closing).count();
            if closing != st.closing_staff as usize {
                return fail(format!(
                    "{closing} staff kept back, counter {}",
                    st.closing_staff
                ));
            }
            let open = st.orders.iter().filter(|o| !o.state.is_final()).count();
            if open != st.open_orders as usize {
                return fail(format!("{open} orders open, counter {}", st.open_orders));
            }
            let at_desk = st.orders.iter().filter(|o| o.at_desk).count();
            if at_desk != st.pickups_inside as usize {
                return fail(format!(
                    "{at_desk} customers at the desk, counter {}",
                    st.pickups_inside
                ));
            }
            if !stock_scan {
                continue;
            }
            // Stock, SKU by SKU, and the flows.
            let n = st.inv.shelf.len();
            let mut reserved = vec![0i32; n];
            let mut in_orders = 0i64;
            for o in &st.orders {
                let lines =
                    &st.lines[o.line_start as usize..(o.line_start + o.line_count) as usize];
                if o.state == OrderState::Picking {
                    for l in lines {
                        reserved[l.sku as usize] += l.qty as i32;
                    }
                }
                if !o.state.is_final() {
                    let held: u32 = lines.iter().map(|l| l.picked_qty).sum();
                    if held != o.units_held {
                        return fail(format!(
                            "an order holds {} units, its lines {held}",
                            o.units_held
                        ));
                    }
                    in_orders += i64::from(held);
                }
            }
            let (mut shelf, mut backroom, mut misplaced, mut carts) = (0i64, 0i64, 0i64, 0i64);
            for (k, &wanted) in reserved.iter().enumerate() {
                let inv = &st.inv;
                if inv.shelf[k] < 0
                    || inv.backroom[k] < 0
                    || inv.misplaced[k] < 0
                    || inv.in_carts[k] < 0
                    || inv.backorders[k] < 0
                {
                    return fail(format!(
                        "SKU {k}: negative stock: shelf {}, backroom {}, misplaced {}, carts {}, backorders {}",
                        inv.shelf[k],
                        inv.backroom[k],
                        inv.misplaced[k],
                        inv.in_carts[k],
                        inv.backorders[k]
                    ));
                }
                if inv.reserved[k] != wanted {
                    return fail(format!(
                        "SKU {k}: {} units reserved but open lines want {wanted}",
                        inv.reserved[k]
                    ));
                }
                shelf += i64::from(inv.shelf[k]);
                backroom += i64::from(inv.backroom[k]);
                misplaced += i64::from(inv.misplaced[k]);
                carts += i64::from(inv.in_carts[k]);
            }
            let cart_items: i64 = st.shoppers.iter().map(|s| s.items.len() as i64).sum();
            if cart_items != carts {
                return fail(format!(
                    "{cart_items} units in carts, per-SKU counters say {carts}"
                ));
            }
            let l = &st.ledger;
            let inflow = l.initial + l.delivered + l.returned;
            let outflow = l.sold_in_store + l.handed_online + l.shrunk + l.written_off;
            let held = shelf + backroom + misplaced + carts + in_orders + st.returns_pending;
            if inflow != outflow + held {
                return fail(format!(
                    "stock not conserved: in {inflow} (initial {}, delivered {}, returned {}) != out {outflow} + in store {held} (shelf {shelf}, backroom {backroom}, misplaced {misplaced}, carts {carts}, orders {in_orders}, returns {})",
                    l.initial, l.delivered, l.returned, st.returns_pending
                ));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A world one simulated day in, checks passing.
    fn world_after_a_day(sc: &crate::scenario::Scenario) -> World<'_> {
        let mut w = World::new(sc, 1, 0, false);
        while let Some((t, ev)) = w.q.pop_until(crate::engine::MINUTES_PER_DAY + 720.0) {
            w.last_time = t;
            w.handle(t, ev);
        }
        w.check_invariants(true).expect("a healthy world");
        w
    }

    #[test]
    fn each_kind_of_corruption_is_caught() {
        let mut sc = crate::scenario::default_scenario();
        sc.days = 2;
        sc.warmup_days = 0;
        // Nobody in a training block at noon: someone is idle.
        sc.training.hours_per_employee = 0.0;
        type Corrupt = fn(&mut World<'_>);
        let cases: [(&str, Corrupt); 7] = [
            ("stock not conserved", |w| w.stores[0].inv.shelf[3] += 1),
            ("negative stock", |w| {
                w.stores[0].inv.shelf[5] = -1;
            }),
            ("reserved", |w| w.stores[0].inv.reserved[0] += 2),
            ("checkout tasks wait", |w| w.stores[0].checkout_waiting += 1),
            ("shopper slots", |w| w.stores[0].shoppers_inside += 1),
            ("indexed as idle", |w| {
                let st = &mut w.stores[0];
                let e = st
                    .employees
                    .iter()
                    .position(|e| e.state == EmpState::Off)
                    .expect("someone is off at noon");
                let team = st.employees[e].team.index();
                st.idle[team][Skill::Stocking.index()][e / 64] |= 1 << (e % 64);
            }),
            ("is Idle with task", |w| {
                let st = &mut w.stores[0];
                let e = st
                    .employees
                    .iter()
                    .position(|e| e.state == EmpState::Idle)
                    .expect("someone is idle at noon");
                st.employees[e].task = 0;
            }),
        ];
        for (expected, corrupt) in cases {
            let mut w = world_after_a_day(&sc);
            corrupt(&mut w);
            let err = w.check_invariants(true).expect_err(expected);
            assert!(err.contains(expected), "expected {expected:?}, got {err}");
        }
    }
}
