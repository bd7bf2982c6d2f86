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
    /// the plan this point ran with (its own seed and replications, unless the sweep file
    /// fixes them)
    pub plan: Plan,
    /// policy names
    pub policies: Vec<String>,
    /// store labels (stores, then `all`)
    pub stores: Vec<String>,
    /// `summaries[policy][store][kpi]`
    pub summaries: Vec<Vec<Vec<Summary>>>,
    /// events simulated
    pub events: u64,
    /// wall time \[s\]
    pub wall_seconds: f64,
}

/// A whole sweep.
#[derive(Clone, Debug)]
pub struct SweepResult {
    /// sweep name
    pub name: String,
    /// swept paths, in column order
    pub parameters: Vec<String>,
    /// per point, in grid order
    pub points: Vec<PointResult>,
}

/// How a sweep runs its points.
#[derive(Clone, Copy, Debug, Default)]
pub struct SweepOptions {
    /// Worker threads (0 = one per core).
    pub threads: usize,
    /// Confidence level for every point (None: each point's `\[experiment\] confidence`).
    pub confidence: Option<f64>,
}

/// The plan of one point: exactly what a plain `omnisim run` of the point's scenario would
/// use, except where the sweep file fixes the replications or the seed. So a sweep of
/// `scenario.seed` or `scenario.replications` takes effect point by point.
pub fn plan_of(sweep: &Sweep, point: &Point, options: SweepOptions) -> Plan {
    let sc = &point.scenario;
    Plan {
        replications: sweep.replications.unwrap_or(sc.replications),
        seed: sweep.seed.unwrap_or(sc.seed),
        threads: options.threads,
        confidence: options.confidence.unwrap_or(sc.experiment.confidence),
        // A sweep's report draws no staff timeline.
        timeline_replication: super::NO_TIMELINE,
        ..Plan::new(0, 0)
    }
}

/// Runs every point, in grid order.
pub fn run_sweep(
    sweep: &Sweep,
    points: &[Point],
    options: SweepOptions,
    on_done: &(dyn Fn() + Sync),
) -> Result<SweepResult, ExperimentError> {
    let mut out = Vec::with_capacity(points.len());
    for point in points {
        out.push(run_point(sweep, point, options, on_done)?);
    }
    Ok(result_of(sweep, out))
}

/// The sweep's result from its points' results.
pub fn result_of(sweep: &Sweep, points: Vec<PointResult>) -> SweepResult {
    SweepResult {
        name: sweep.name.clone(),
        parameters: sweep.parameters.iter().map(|p| p.path.clone()).collect(),
        points,
    }
}

/// Runs one point: every policy, every replication; keeps only the summaries.
pub fn run_point(
    sweep: &Sweep,
    point: &Point,
    options: SweepOptions,
    on_done: &(dyn Fn() + Sync),
) -> Result<PointResult, ExperimentError> {
    let plan = plan_of(sweep, point, options);
    let r = run(&point.scenario, &plan, on_done)?;
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
    Ok(PointResult {
        index: point.index,
        values: point.values.clone(),
        plan,
        policies: r.scenario.policies.iter().map(|p| p.name.clone()).collect(),
        stores,
        summaries,
        events: r.events,
        wall_seconds: r.wall_seconds,
    })
}
