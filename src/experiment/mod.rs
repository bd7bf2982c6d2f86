//! Experiments: every policy of a scenario over N replications, run in parallel with rayon,
//! collected in a fixed order so results are identical for any thread count; then the
//! statistics across replications. No retail knowledge here beyond KPI names.

pub mod stats;

use crate::scenario::Scenario;
use crate::sim::{KPIS, RunOptions, run_replication};
use rayon::prelude::*;
use std::time::Instant;

/// What to run.
#[derive(Clone, Debug)]
pub struct Plan {
    /// Replications per policy.
    pub replications: u32,
    /// Master seed.
    pub seed: u64,
    /// Worker threads (0 = one per core).
    pub threads: usize,
}

/// The KPI values of one replication of one policy.
#[derive(Clone, Debug)]
pub struct Cell {
    /// Per store, KPI values in [`KPIS`] order.
    pub stores: Vec<Vec<f64>>,
    /// Over all stores.
    pub all: Vec<f64>,
    /// Events simulated.
    pub events: u64,
    /// Hourly profiles, daily inventory truth and (replication 0 only) the staff timeline,
    /// for the HTML report.
    pub recording: Option<Box<crate::sim::Recording>>,
}

/// All replications of all policies.
#[derive(Clone, Debug)]
pub struct ExperimentResult {
    /// The scenario as run (seed included).
    pub scenario: Scenario,
    /// The plan.
    pub plan: Plan,
    /// SHA-256 of the scenario as loaded (before the plan's seed was applied).
    pub scenario_hash: String,
    /// Threads actually used.
    pub threads_used: usize,
    /// `cells[policy][replication]`.
    pub cells: Vec<Vec<Cell>>,
    /// Wall time of the simulation [s].
    pub wall_seconds: f64,
    /// Events simulated in total.
    pub events: u64,
}

impl ExperimentResult {
    /// Store names followed by `all`: the store labels of every output row.
    pub fn store_labels(&self) -> Vec<String> {
        let mut labels: Vec<String> = self
            .scenario
            .stores
            .iter()
            .map(|s| s.name.clone())
            .collect();
        labels.push("all".into());
        labels
    }

    /// Values of KPI `kpi` for policy `policy` at store label index `store` (the last index is
    /// `all`), one per replication.
    pub fn series(&self, policy: usize, store: usize, kpi: usize) -> Vec<f64> {
        self.cells[policy]
            .iter()
            .map(|c| {
                if store < c.stores.len() {
                    c.stores[store][kpi]
                } else {
                    c.all[kpi]
                }
            })
            .collect()
    }
}

/// Why an experiment could not give results.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ExperimentError {
    /// The worker threads could not be started.
    #[error("cannot start worker threads: {0}")]
    Threads(#[from] rayon::ThreadPoolBuildError),
    /// A replication broke one of the model's invariants (a bug in omnisim: please report it
    /// with the scenario and seed).
    #[error("replication {replication} of policy \"{policy}\": {violation}")]
    Invariant {
        /// policy name
        policy: String,
        /// replication index
        replication: usize,
        /// what broke
        violation: crate::sim::Violation,
    },
}

/// The day whose staff timeline the report shows: the first measured day.
pub fn timeline_day(scenario: &Scenario) -> u32 {
    scenario.warmup_days
}

/// Runs the plan. `on_done` is called once per finished replication (from worker threads),
/// for progress bars.
pub fn run(
    scenario: &Scenario,
    plan: &Plan,
    on_done: &(dyn Fn() + Sync),
) -> Result<ExperimentResult, ExperimentError> {
    let scenario_hash = crate::scenario::content_hash(scenario);
    let mut scenario = scenario.clone();
    scenario.seed = plan.seed;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(plan.threads)
        .build()?;
    let threads_used = pool.current_num_threads();
    let policies = scenario.policies.len();
    let reps = plan.replications as usize;
    let start = Instant::now();
    // Job i is (replication i / policies, policy i % policies): collected in index order,
    // whatever thread ran it.
    let flat: Vec<Cell> = pool.install(|| {
        (0..reps * policies)
            .into_par_iter()
            .map(|i| {
                let (rep, policy) = (i / policies, i % policies);
                let options = RunOptions {
                    record: crate::sim::RecordOptions {
                        profile: true,
                        timeline_day: (rep == 0).then(|| timeline_day(&scenario)),
                    },
                    ..RunOptions::default()
                };
                let r = run_replication(&scenario, policy, rep as u64, options);
                on_done();
                match r.violation {
                    Some(violation) => Err(ExperimentError::Invariant {
                        policy: scenario.policies[policy].name.clone(),
                        replication: rep,
                        violation,
                    }),
                    None => Ok(Cell {
                        stores: r.stores,
                        all: r.all,
                        events: r.events,
                        recording: r.recording,
                    }),
                }
            })
            .collect::<Result<Vec<Cell>, ExperimentError>>()
    })?;
    let wall_seconds = start.elapsed().as_secs_f64();
    let events = flat.iter().map(|c| c.events).sum();
    let mut cells: Vec<Vec<Cell>> = (0..policies).map(|_| Vec::with_capacity(reps)).collect();
    for (i, cell) in flat.into_iter().enumerate() {
        cells[i % policies].push(cell);
    }
    debug_assert!(
        cells
            .iter()
            .all(|c| c.iter().all(|x| x.all.len() == KPIS.len()))
    );
    Ok(ExperimentResult {
        scenario,
        plan: plan.clone(),
        scenario_hash,
        threads_used,
        cells,
        wall_seconds,
        events,
    })
}
