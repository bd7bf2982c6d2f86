//! The retail world: stores with inventory in three truths, shoppers, online orders,
//! returns, replenishment and staff, driven by the engine's events under one policy.
//!
//! The entry point is [`run_replication`]: scenario, policy and replication index in,
//! KPIs (and optionally an audit of raw facts) out. Everything else builds on it.

pub mod audit;
mod books;
mod comms;
pub mod daily;
mod dispatch;
pub mod invariants;
pub mod kpi;
pub mod lever_stats;
pub(crate) mod orders;
pub mod record;
pub mod sampling;
mod service;
mod setup;
mod shoppers;
mod staff;
mod stock;
pub mod trace;
mod training;
mod visibility;
mod world;

pub use audit::{AuditLog, StockPicture};
pub use daily::DayState;
pub use invariants::{CheckLevel, Violation};
pub use kpi::{Direction, KPIS, KpiDef, StoreStats, kpi_index};
pub use record::{RecordOptions, Recording};
pub use trace::TraceRow;
pub use world::OrderState;

use crate::scenario::Scenario;

/// Options of one replication.
#[derive(Clone, Copy, Debug, Default)]
pub struct RunOptions {
    /// Record raw facts for invariant checks (costs memory; off for production runs).
    pub audit: bool,
    /// Check invariants as the run goes. `None`: off in release builds, daily stock scans
    /// with every other check after every event in debug builds.
    pub check: Option<CheckLevel>,
    /// Recorders for the report (profiles, daily inventory truth, a staff timeline).
    pub record: RecordOptions,
    /// Record each store's state at each day's close ([`ReplicationResult::daily`]).
    pub daily: bool,
}

/// What one replication of one policy produced.
#[derive(Clone, Debug)]
pub struct ReplicationResult {
    /// KPI values per store, in [`KPIS`] order.
    pub stores: Vec<Vec<f64>>,
    /// KPI values over all stores.
    pub all: Vec<f64>,
    /// Events simulated.
    pub events: u64,
    /// Raw facts, when asked for.
    pub audit: Option<AuditLog>,
    /// What the recorders produced, when any was on.
    pub recording: Option<Box<Recording>>,
    /// Each store's state at each day's close, when asked for (store-major within a day).
    pub daily: Vec<DayState>,
    /// The first invariant broken, if checks were on and one broke (the run stopped there).
    pub violation: Option<Violation>,
}

/// Runs replication `replication` of policy `policy` (an index into `scenario.policies`).
/// Deterministic: the same arguments give bit-identical results on any machine and thread.
pub fn run_replication(
    scenario: &Scenario,
    policy: usize,
    replication: u64,
    options: RunOptions,
) -> ReplicationResult {
    let mut world = world::World::new(scenario, policy, replication, options.audit);
    world.check = options.check.unwrap_or(if cfg!(debug_assertions) {
        CheckLevel::Daily
    } else {
        CheckLevel::Off
    });
    if options.record.any() {
        world.rec = Some(Box::new(record::Recorder::new(options.record, &world)));
    }
    if options.daily {
        world.daily = Some(Vec::with_capacity(
            (scenario.days + scenario.warmup_days) as usize * scenario.stores.len(),
        ));
    }
    world.run();
    collect(world)
}

/// Runs one replication and passes every event (of day `day` only, if given) to `sink` as a
/// [`TraceRow`]. The model's results are the same as without the trace.
pub fn trace_replication(
    scenario: &Scenario,
    policy: usize,
    replication: u64,
    day: Option<u32>,
    sink: &mut dyn FnMut(&TraceRow),
) -> ReplicationResult {
    let mut world = world::World::new(scenario, policy, replication, false);
    world.check = CheckLevel::Off;
    let stores = world.stores.len();
    world.trace = Some(trace::Tracer::new(stores, day, sink));
    world.run();
    world.trace = None;
    collect(world)
}

fn collect(mut world: world::World) -> ReplicationResult {
    let mut all = StoreStats::default();
    let stores = world
        .stores
        .iter()
        .map(|st| {
            all.merge(&st.stats);
            st.stats.kpis()
        })
        .collect();
    ReplicationResult {
        stores,
        all: all.kpis(),
        events: world.q.events_processed(),
        audit: world.audit.take(),
        daily: world.daily.take().unwrap_or_default(),
        violation: world.violation.take(),
        recording: world.recording.take().map(Box::new),
    }
}
