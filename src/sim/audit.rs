//! What a run records when asked to be audited: every task assignment, the roster's skills,
//! every order's final state and each store's stock picture at the end. Tests check the
//! model's invariants from these raw facts rather than trusting the model's own counters.

use crate::engine::Minutes;
use crate::scenario::{Skill, Team};
use crate::sim::world::{Ledger, OrderState, Store, World};

/// One stretch of work by one employee.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Assignment {
    /// store index
    pub store: u16,
    /// employee index within the store
    pub employee: u32,
    /// skill the task needed
    pub skill: Skill,
    /// start \[min\]
    pub start: Minutes,
    /// end \[min\]
    pub end: Minutes,
}

/// An employee as rostered under the run's policy.
#[derive(Clone, Debug, PartialEq)]
pub struct RosterEntry {
    /// home team
    pub team: Team,
    /// skills held (home and, if cross-trained, cross skills)
    pub skills: Vec<Skill>,
}

/// A store's stock at the end of the run, with the flows that led there.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StockPicture {
    /// flows of units
    pub ledger: Ledger,
    /// units on shelves
    pub shelf: i64,
    /// units in the backroom
    pub backroom: i64,
    /// units misplaced
    pub misplaced: i64,
    /// units in the carts of shoppers still inside
    pub in_carts: i64,
    /// the same, from the per-SKU counters (must equal `in_carts`)
    pub in_carts_by_sku: i64,
    /// units picked into orders not yet handed over
    pub in_orders: i64,
    /// returned units not yet processed
    pub returns_pending: i64,
}

impl StockPicture {
    /// Units in = units out + units still in the store.
    pub fn is_conserved(&self) -> bool {
        let l = &self.ledger;
        l.initial + l.delivered + l.returned
            == l.sold_in_store
                + l.handed_online
                + l.shrunk
                + l.written_off
                + self.shelf
                + self.backroom
                + self.misplaced
                + self.in_carts
                + self.in_orders
                + self.returns_pending
    }
}

/// The three queues checked against Little's law.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QueueSystem {
    /// shoppers waiting for a staffed lane (joined, not yet taken or gone)
    Checkout = 0,
    /// BOPIS customers at the pickup desk (arrived, not yet served to the end or gone)
    PickupDesk = 1,
    /// online orders accepted and not yet in a final state
    OpenOrders = 2,
}

/// Little's law measurements of one queue over the measured period: the time integral of
/// the model's own counter, and, independently, the arrivals and their times in the system
/// from their timestamps (cut at the horizon).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct LittleMeasure {
    /// integral of the number in the system over the measured period [customer x min]
    pub area: f64,
    /// arrivals in the measured period
    pub arrivals: u64,
    /// total time in the system of those arrivals \[min\]
    pub sojourn: f64,
    /// time inside the measured period of customers who arrived before it \[min\]
    pub carried_in: f64,
    /// time of the last counter change \[min\]
    pub last_change: Minutes,
}

/// Raw facts of an audited run.
#[derive(Clone, Debug, Default)]
pub struct AuditLog {
    /// every task assignment, in start order
    pub assignments: Vec<Assignment>,
    /// every new hire: (store, employee slot, first shift start) \[min\] — the same under every
    /// policy of a replication (common random numbers)
    pub hires: Vec<(u16, u32, Minutes)>,
    /// every training block: (store, employee, from, to) \[min\]
    pub training: Vec<(u16, u32, Minutes, Minutes)>,
    /// every paid stretch of presence: (store, employee, from, to) \[min\]
    pub presence: Vec<(u16, u32, Minutes, Minutes)>,
    /// per store, per employee
    pub roster: Vec<Vec<RosterEntry>>,
    /// per store, the state of every accepted order at the end
    pub order_states: Vec<Vec<OrderState>>,
    /// per store
    pub stock: Vec<StockPicture>,
    /// every move of an order into a final state: (store, order)
    pub finalizations: Vec<(u16, u32)>,
    /// per store, per order: when it was placed \[min\]
    pub order_placed: Vec<Vec<Minutes>>,
    /// per store, Little's law measures of [`QueueSystem`]s
    pub little: Vec<[LittleMeasure; 3]>,
    /// every shopper arrival: (store, time, items wanted) — the same under every policy
    /// of a replication (common random numbers)
    pub shopper_arrivals: Vec<(u16, Minutes, u32)>,
    /// every online order placed: (store, time, BOPIS, lines asked for) — the same under
    /// every policy of a replication
    pub order_arrivals: Vec<(u16, Minutes, bool, u32)>,
    /// set if an event was handled earlier than the one before it
    pub time_went_backwards: bool,
    /// events handled
    pub events: u64,
}

impl AuditLog {
    pub(crate) fn record_roster(&mut self, stores: &[Store<'_>]) {
        self.little = vec![[LittleMeasure::default(); 3]; stores.len()];
        self.roster = stores
            .iter()
            .map(|st| {
                st.employees
                    .iter()
                    .map(|e| RosterEntry {
                        team: e.team,
                        skills: Skill::ALL
                            .into_iter()
                            .filter(|k| e.prof[k.index()] > 0.0)
                            .collect(),
                    })
                    .collect()
            })
            .collect();
    }

    pub(crate) fn record_final(&mut self, world: &World<'_>) {
        self.order_states = world
            .stores
            .iter()
            .map(|st| st.orders.iter().map(|o| o.state).collect())
            .collect();
        self.order_placed = world
            .stores
            .iter()
            .map(|st| st.orders.iter().map(|o| o.placed).collect())
            .collect();
        self.stock = world
            .stores
            .iter()
            .map(|st| {
                let sum = |v: &[i32]| v.iter().map(|&x| i64::from(x)).sum::<i64>();
                StockPicture {
                    ledger: st.ledger,
                    shelf: sum(&st.inv.shelf),
                    backroom: sum(&st.inv.backroom),
                    misplaced: sum(&st.inv.misplaced),
                    in_carts: st.shoppers.iter().map(|s| s.items.len() as i64).sum(),
                    in_carts_by_sku: sum(&st.inv.in_carts),
                    in_orders: st
                        .orders
                        .iter()
                        .filter(|o| !o.state.is_final())
                        .map(|o| i64::from(o.units_held))
                        .sum(),
                    returns_pending: st.returns_pending,
                }
            })
            .collect();
    }
}
