//! Experiments: every policy of a scenario over N replications, run in parallel with rayon,
//! collected in a fixed order so results are identical for any thread count; then the
//! statistics across replications. No retail knowledge here beyond KPI names.

pub mod factorial;
pub mod precision;
pub mod record;
pub mod stats;
pub mod sweep;
pub mod warmup;

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
    /// Family-wise confidence level of the intervals (e.g. 0.95).
    pub confidence: f64,
    /// Replication whose staff timeline is recorded for the report ([`NO_TIMELINE`]: none).
    pub timeline_replication: u32,
    /// Simulated day (0-based, warm-up included) of that timeline (None: the first measured
    /// day).
    pub timeline_day: Option<u32>,
}

impl Plan {
    /// `replications` of every policy from `seed`, on every core, at 95% confidence.
    pub fn new(replications: u32, seed: u64) -> Self {
        Plan {
            replications,
            seed,
            threads: 0,
            confidence: 0.95,
            timeline_replication: 0,
            timeline_day: None,
        }
    }
}

/// A `timeline_replication` that records no timeline (no replication has this index): what
/// `--no-report` asks for, since only the report draws it.
pub const NO_TIMELINE: u32 = u32::MAX;

/// The KPI values of one replication of one policy.
#[derive(Clone, Debug)]
pub struct Cell {
    /// Per store, KPI values in [`KPIS`] order.
    pub stores: Vec<Vec<f64>>,
    /// Over all stores.
    pub all: Vec<f64>,
    /// Events simulated.
    pub events: u64,
    /// Hourly profiles, daily inventory truth and (one chosen replication only) the staff
    /// timeline, for the HTML report; folded into [`ExperimentResult::records`] and dropped
    /// once the replication is in order.
    pub recording: Option<Box<record::CellRecord>>,
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
    /// Wall time of the simulation \[s\].
    pub wall_seconds: f64,
    /// Events simulated in total.
    pub events: u64,
    /// The recorders' aggregate over the replications, per policy.
    pub records: record::RecordAgg,
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

    /// Non-baseline policies compared against the baseline (the Bonferroni divisor).
    pub fn comparisons(&self) -> usize {
        self.scenario.policies.len().saturating_sub(1)
    }

    /// Confidence level of each comparison against the baseline: Bonferroni-adjusted so that
    /// all of a KPI's comparisons hold together at the plan's level.
    pub fn comparison_confidence(&self) -> f64 {
        stats::bonferroni(self.plan.confidence, self.comparisons())
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
    /// The journal of finished replications could not be read or written.
    #[error("journal: {0}")]
    Journal(String),
    /// A replication is in no journal (merging shards computes nothing).
    #[error("replication {0} is missing: no shard holds it")]
    Missing(u32),
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

/// The day whose staff timeline the report shows by default: the first measured day.
pub fn timeline_day(scenario: &Scenario) -> u32 {
    scenario.warmup_days
}

/// Where finished replications go, and come from: a journal on disk that makes a run
/// resumable, or nothing.
pub trait ReplicationStore: Sync {
    /// The cells (every policy, in order) of replication `rep` if it is already done.
    fn take(&self, rep: u32) -> Result<Option<Vec<Cell>>, ExperimentError>;
    /// Whether replication `rep` belongs to this process (a shard runs only its share).
    fn wanted(&self, _rep: u32) -> bool {
        true
    }
    /// Whether a replication that is not done may be computed (not when merging).
    fn may_compute(&self) -> bool {
        true
    }
    /// Records a finished replication (every policy, in order) durably, before the next is
    /// reported.
    fn record(&self, rep: u32, cells: &[Cell]) -> Result<(), ExperimentError>;
}

/// No journal: every replication is computed and kept in memory only.
pub struct NoStore;

impl ReplicationStore for NoStore {
    fn take(&self, _rep: u32) -> Result<Option<Vec<Cell>>, ExperimentError> {
        Ok(None)
    }
    fn record(&self, _rep: u32, _cells: &[Cell]) -> Result<(), ExperimentError> {
        Ok(())
    }
}

/// Runs the plan. `on_done` is called once per finished replication (from worker threads),
/// for progress bars.
pub fn run(
    scenario: &Scenario,
    plan: &Plan,
    on_done: &(dyn Fn() + Sync),
) -> Result<ExperimentResult, ExperimentError> {
    run_with(scenario, plan, &NoStore, on_done)
}

/// Runs the plan, taking finished replications from `store` and recording new ones there.
pub fn run_with(
    scenario: &Scenario,
    plan: &Plan,
    store: &dyn ReplicationStore,
    on_done: &(dyn Fn() + Sync),
) -> Result<ExperimentResult, ExperimentError> {
    let scenario_hash = crate::scenario::content_hash(scenario);
    let mut scenario = scenario.clone();
    scenario.seed = plan.seed;
    let mut result = ExperimentResult {
        scenario,
        plan: Plan {
            replications: 0,
            ..plan.clone()
        },
        scenario_hash,
        threads_used: 0,
        cells: Vec::new(),
        wall_seconds: 0.0,
        events: 0,
        records: record::RecordAgg::new(0),
    };
    result.cells = vec![Vec::new(); result.scenario.policies.len()];
    result.records = record::RecordAgg::new(result.scenario.policies.len());
    extend_with(&mut result, plan.replications, store, on_done)?;
    Ok(result)
}

/// Adds replications `n .. n + more` of every policy to `result` (which holds `n`). As every
/// replication depends only on (scenario, seed, policy, index), growing a run in steps gives
/// exactly the cells of one run of the final size.
pub fn extend(
    result: &mut ExperimentResult,
    more: u32,
    on_done: &(dyn Fn() + Sync),
) -> Result<(), ExperimentError> {
    extend_with(result, more, &NoStore, on_done)
}

/// [`extend`] with a store of finished replications. Replications run in batches (a few per
/// worker thread); each finished replication is recorded in `store` at once, and the batch
/// is then folded in replication order, so memory holds one batch of recordings, whatever
/// the number of replications.
pub fn extend_with(
    result: &mut ExperimentResult,
    more: u32,
    store: &dyn ReplicationStore,
    on_done: &(dyn Fn() + Sync),
) -> Result<(), ExperimentError> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(result.plan.threads)
        .build()?;
    result.threads_used = pool.current_num_threads();
    let policies = result.scenario.policies.len();
    let first = result.plan.replications;
    let end = first + more;
    // Many jobs per thread (a batch ends with one thread finishing its last job while the
    // others wait), and never more recordings in memory than about 256 MiB.
    let batch = ((result.threads_used * 64).div_ceil(policies).max(1) as u32).min(batch_cap(
        result.scenario.stores.len(),
        result.scenario.days + result.scenario.warmup_days,
        policies,
    ));
    let start = Instant::now();
    let mut rep = first;
    while rep < end {
        let stop = (rep + batch).min(end);
        let mut ready: Vec<(u32, Vec<Cell>)> = Vec::new();
        let mut missing: Vec<u32> = Vec::new();
        for r in rep..stop {
            if !store.wanted(r) {
                continue;
            }
            match store.take(r)? {
                Some(cells) => ready.push((r, cells)),
                None if store.may_compute() => missing.push(r),
                None => return Err(ExperimentError::Missing(r)),
            }
        }
        let computed = run_jobs(&pool, result, &missing, store, on_done)?;
        ready.extend(computed);
        ready.sort_by_key(|(r, _)| *r);
        for (r, cells) in ready {
            for (p, mut cell) in cells.into_iter().enumerate() {
                if let Some(rec) = cell.recording.take() {
                    result.records.fold(p, r, &rec);
                }
                result.events += cell.events;
                result.cells[p].push(cell);
            }
        }
        rep = stop;
    }
    result.wall_seconds += start.elapsed().as_secs_f64();
    result.plan.replications += more;
    debug_assert!(
        result
            .cells
            .iter()
            .all(|c| c.iter().all(|x| x.all.len() == KPIS.len()))
    );
    Ok(())
}

/// Computes replications `reps` of every policy in parallel; each one is recorded in `store`
/// as soon as all its policies are done.
fn run_jobs(
    pool: &rayon::ThreadPool,
    result: &ExperimentResult,
    reps: &[u32],
    store: &dyn ReplicationStore,
    on_done: &(dyn Fn() + Sync),
) -> Result<Vec<(u32, Vec<Cell>)>, ExperimentError> {
    let scenario = &result.scenario;
    let plan = &result.plan;
    let policies = scenario.policies.len();
    // Per replication: the cells done so far; the replication goes to the store when whole.
    let pending: std::sync::Mutex<Vec<Vec<Option<Cell>>>> =
        std::sync::Mutex::new(vec![vec![None; policies]; reps.len()]);
    let done: std::sync::Mutex<Vec<(u32, Vec<Cell>)>> = std::sync::Mutex::new(Vec::new());
    pool.install(|| {
        (0..reps.len() * policies).into_par_iter().try_for_each(
            |i| -> Result<(), ExperimentError> {
                let (slot, policy) = (i / policies, i % policies);
                let rep = reps[slot] as usize;
                let options = RunOptions {
                    record: crate::sim::RecordOptions {
                        profile: true,
                        timeline_day: (rep == plan.timeline_replication as usize)
                            .then(|| plan.timeline_day.unwrap_or_else(|| timeline_day(scenario))),
                        // The report draws the first store's timeline.
                        timeline_store: Some(0),
                    },
                    ..RunOptions::default()
                };
                let r = run_replication(scenario, policy, rep as u64, options);
                on_done();
                if let Some(violation) = r.violation {
                    return Err(ExperimentError::Invariant {
                        policy: scenario.policies[policy].name.clone(),
                        replication: rep,
                        violation,
                    });
                }
                let cell = Cell {
                    stores: r.stores,
                    all: r.all,
                    events: r.events,
                    recording: r
                        .recording
                        .map(|rec| Box::new(record::CellRecord::from_recording(&rec))),
                };
                let mut pend = pending
                    .lock()
                    .map_err(|_| ExperimentError::Journal("a worker thread panicked".into()))?;
                pend[slot][policy] = Some(cell);
                if pend[slot].iter().all(Option::is_some) {
                    let cells: Vec<Cell> = pend[slot].iter_mut().filter_map(Option::take).collect();
                    // Recorded under the lock: one writer at a time, whole records.
                    store.record(rep as u32, &cells)?;
                    drop(pend);
                    if let Ok(mut d) = done.lock() {
                        d.push((rep as u32, cells));
                    }
                }
                Ok(())
            },
        )
    })?;
    done.into_inner()
        .map_err(|_| ExperimentError::Journal("a worker thread panicked".into()))
}

/// Replications per batch such that the recorders' output of one batch stays under 256 MiB
/// (each replication's hourly profile and daily values of every store).
pub fn batch_cap(stores: usize, days: u32, policies: usize) -> u32 {
    let per_cell = (stores as u64 + 1) * (24 * 5 * 8 + u64::from(days) * 48) + 1024;
    let cap = (256u64 << 20) / per_cell.max(1) / (policies.max(1) as u64);
    cap.clamp(1, u64::from(u32::MAX)) as u32
}
