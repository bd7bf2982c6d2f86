//! Running a sweep: every grid point is a full experiment (every policy, every replication);
//! only each point's summaries are kept, so memory grows with the grid, not with the
//! replications.

use super::stats::{Summary, summarize};
use super::{ExperimentError, Plan, run};
use crate::scenario::sweep::{Point, Sweep};
use crate::sim::KPIS;
use toml::Value;

/// The summaries of one grid point.
#[derive(Clone, Debug)]
pub struct PointResult {
    /// 0-based index in the grid
    pub index: usize,
    /// one value per swept parameter
    pub values: Vec<Value>,
    /// policy names
    pub policies: Vec<String>,
    /// store labels (stores, then `all`)
    pub stores: Vec<String>,
    /// `summaries[policy][store][kpi]`
    pub summaries: Vec<Vec<Vec<Summary>>>,
    /// events simulated
    pub events: u64,
    /// wall time [s]
    pub wall_seconds: f64,
}

/// A whole sweep.
#[derive(Clone, Debug)]
pub struct SweepResult {
    /// sweep name
    pub name: String,
    /// swept paths, in column order
    pub parameters: Vec<String>,
    /// the plan every point ran with
    pub plan: Plan,
    /// per point, in grid order
    pub points: Vec<PointResult>,
}

/// Replications and seed of a sweep: the sweep file's, else the base scenario's (taken from
/// the first point, whose header the sweep does not vary unless asked to).
pub fn plan_of(sweep: &Sweep, points: &[Point], threads: usize, confidence: f64) -> Plan {
    let first = &points[0].scenario;
    Plan {
        replications: sweep.replications.unwrap_or(first.replications),
        seed: sweep.seed.unwrap_or(first.seed),
        threads,
        confidence,
    }
}

/// Runs every point with `plan`, in grid order.
pub fn run_sweep(
    sweep: &Sweep,
    points: &[Point],
    plan: &Plan,
    on_done: &(dyn Fn() + Sync),
) -> Result<SweepResult, ExperimentError> {
    let mut out = Vec::with_capacity(points.len());
    for point in points {
        let r = run(&point.scenario, plan, on_done)?;
        let stores = r.store_labels();
        let summaries = (0..r.scenario.policies.len())
            .map(|p| {
                (0..stores.len())
                    .map(|s| {
                        (0..KPIS.len())
                            .map(|k| summarize(&r.series(p, s, k), plan.confidence))
                            .collect()
                    })
                    .collect()
            })
            .collect();
        out.push(PointResult {
            index: point.index,
            values: point.values.clone(),
            policies: r.scenario.policies.iter().map(|p| p.name.clone()).collect(),
            stores,
            summaries,
            events: r.events,
            wall_seconds: r.wall_seconds,
        });
    }
    Ok(SweepResult {
        name: sweep.name.clone(),
        parameters: sweep.parameters.iter().map(|p| p.path.clone()).collect(),
        plan: plan.clone(),
        points: out,
    })
}
