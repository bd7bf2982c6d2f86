//! Replicating to a target precision: a pilot run, then batches of replications until the
//! relative half-width of every named KPI is at most the target for every policy, or a cap.
//!
//! Because a replication's results depend only on (scenario, seed, policy, index), the final
//! result equals a fixed-count run of the same size, and the batch sizes never depend on the
//! number of threads.

use super::stats::summarize;
use super::{ExperimentError, ExperimentResult, Plan};
use crate::scenario::Scenario;
use crate::sim::KPIS;

/// Smallest pilot: fewer replications give variance estimates too rough to plan from.
pub const MIN_PILOT: u32 = 10;

/// What precision to reach.
#[derive(Clone, Debug)]
pub struct PrecisionTarget {
    /// Target relative half-width, e.g. 0.02 for ±2% of the mean.
    pub relative_half_width: f64,
    /// KPI indices (into [`KPIS`]) that must reach it, over all stores.
    pub kpis: Vec<usize>,
    /// Replications per policy never to exceed.
    pub max_replications: u32,
}

/// Precision reached by one KPI of one policy.
#[derive(Clone, Debug, PartialEq)]
pub struct Reached {
    /// policy index
    pub policy: usize,
    /// KPI index
    pub kpi: usize,
    /// mean over replications
    pub mean: f64,
    /// half-width of its interval
    pub half_width: f64,
    /// half-width / |mean| (0 when both are 0; infinite when the mean is 0 and the
    /// half-width is not; NaN when the KPI is undefined in every replication)
    pub relative: f64,
}

impl Reached {
    /// True when the KPI is undefined in every replication (nothing to measure).
    pub fn undefined(&self) -> bool {
        self.relative.is_nan()
    }

    /// True when the KPI meets `target`. Undefined KPIs are not held against the run (no
    /// number of replications would define them); they are reported as not checked.
    pub fn meets(&self, target: f64) -> bool {
        self.undefined() || self.relative <= target
    }
}

/// How the precision loop ended.
#[derive(Clone, Debug)]
pub struct PrecisionOutcome {
    /// The target asked for.
    pub target: PrecisionTarget,
    /// Pilot size.
    pub pilot: u32,
    /// Replications per policy after each step, pilot first.
    pub steps: Vec<u32>,
    /// Every named KPI of every policy at the end.
    pub reached: Vec<Reached>,
    /// True when every named KPI met the target.
    pub met: bool,
}

impl PrecisionOutcome {
    /// The KPIs that missed the target (empty when `met`).
    pub fn missed(&self) -> Vec<&Reached> {
        let t = self.target.relative_half_width;
        self.reached.iter().filter(|r| !r.meets(t)).collect()
    }

    /// The KPIs undefined in every replication of a policy: not checked.
    pub fn unchecked(&self) -> Vec<&Reached> {
        self.reached.iter().filter(|r| r.undefined()).collect()
    }
}

/// The precision of each named KPI of each policy in `result`.
pub fn precision_of(result: &ExperimentResult, kpis: &[usize]) -> Vec<Reached> {
    let all = result.scenario.stores.len();
    let mut out = Vec::new();
    for policy in 0..result.scenario.policies.len() {
        for &kpi in kpis {
            let s = summarize(&result.series(policy, all, kpi), result.plan.confidence);
            let half_width = s.half_width();
            out.push(Reached {
                policy,
                kpi,
                mean: s.mean,
                half_width,
                relative: relative_half_width(s.mean, half_width),
            });
        }
    }
    out
}

/// `half_width / |mean|`: NaN when the mean is undefined, infinite when there is no interval
/// yet (one defined value) or when the mean is 0 and the half-width is not, 0 when both are 0.
fn relative_half_width(mean: f64, half_width: f64) -> f64 {
    if !mean.is_finite() {
        f64::NAN
    } else if half_width.is_nan() {
        // One defined value: no interval yet, not met.
        f64::INFINITY
    } else if mean != 0.0 {
        half_width / mean.abs()
    } else if half_width == 0.0 {
        0.0
    } else {
        f64::INFINITY
    }
}

/// Replications per policy to plan next: the classic estimate `n (h / target)^2` for the
/// worst KPI, at least two more, at most twice the current count (a rough pilot variance
/// must not send the run to the cap in one step), at most the cap.
fn next_count(n: u32, reached: &[Reached], target: f64, cap: u32) -> u32 {
    let needed = reached
        .iter()
        .filter(|r| !r.meets(target))
        .map(|r| {
            let ratio = r.relative / target;
            if ratio.is_finite() {
                (f64::from(n) * ratio * ratio)
                    .ceil()
                    .min(f64::from(u32::MAX)) as u32
            } else {
                u32::MAX
            }
        })
        .max()
        .unwrap_or(n);
    needed
        .clamp(n.saturating_add(2), n.saturating_mul(2))
        .min(cap)
}

/// Runs a pilot of `max(plan.replications, MIN_PILOT)` (never above the cap), then batches
/// until `target` is met or the cap is reached. `on_plan` hears the replications per policy
/// planned before each step (for a progress bar's length); `on_done` each finished one.
pub fn run_to_precision(
    scenario: &Scenario,
    plan: &Plan,
    target: &PrecisionTarget,
    on_plan: &dyn Fn(u32),
    on_done: &(dyn Fn() + Sync),
) -> Result<(ExperimentResult, PrecisionOutcome), ExperimentError> {
    run_to_precision_with(scenario, plan, target, &super::NoStore, on_plan, on_done)
}

/// [`run_to_precision`] with a store of finished replications (a journal).
pub fn run_to_precision_with(
    scenario: &Scenario,
    plan: &Plan,
    target: &PrecisionTarget,
    store: &dyn super::ReplicationStore,
    on_plan: &dyn Fn(u32),
    on_done: &(dyn Fn() + Sync),
) -> Result<(ExperimentResult, PrecisionOutcome), ExperimentError> {
    debug_assert!(target.kpis.iter().all(|&k| k < KPIS.len()));
    let cap = target.max_replications.max(2);
    let pilot = plan.replications.max(MIN_PILOT).min(cap);
    on_plan(pilot);
    let mut result = super::run_with(
        scenario,
        &Plan {
            replications: pilot,
            ..plan.clone()
        },
        store,
        on_done,
    )?;
    let mut steps = vec![pilot];
    loop {
        let n = result.plan.replications;
        let reached = precision_of(&result, &target.kpis);
        let met = reached.iter().all(|r| r.meets(target.relative_half_width));
        if met || n >= cap {
            return Ok((
                result,
                PrecisionOutcome {
                    target: target.clone(),
                    pilot,
                    steps,
                    reached,
                    met,
                },
            ));
        }
        let next = next_count(n, &reached, target.relative_half_width, cap);
        on_plan(next);
        super::extend_with(&mut result, next - n, store, on_done)?;
        steps.push(next);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::experiment::{Cell, ReplicationStore};

    fn reached(relative: f64) -> Reached {
        Reached {
            policy: 0,
            kpi: 0,
            mean: 1.0,
            half_width: relative,
            relative,
        }
    }

    #[test]
    fn batches_grow_by_the_variance_rule_within_bounds() {
        // 4% now, 2% wanted: four times the replications, but at most double per step.
        assert_eq!(next_count(10, &[reached(0.04)], 0.02, 1000), 20);
        // 2.2% now: 10 * 1.21 = 12.1 -> 13.
        assert_eq!(next_count(10, &[reached(0.022)], 0.02, 1000), 13);
        // Barely over: at least two more.
        assert_eq!(next_count(10, &[reached(0.0201)], 0.02, 1000), 12);
        // The cap wins.
        assert_eq!(next_count(10, &[reached(0.5)], 0.02, 15), 15);
        // Infinite relative width (mean 0): double.
        assert_eq!(next_count(10, &[reached(f64::INFINITY)], 0.02, 1000), 20);
        // Undefined KPIs do not count against the run.
        assert!(reached(f64::NAN).meets(0.02));
    }

    #[test]
    fn the_batch_rule_grows_n_by_the_square_of_the_width_ratio() {
        // Halving a half-width takes four times the replications: (h / target)^2 times n.
        // Binary-exact numbers: 1.25^2 = 1.5625, so 100 -> 156.25 -> 157 (not
        // 100 * 1.25 + 1.25 = 126.25, nor 100 + 1.5625).
        assert_eq!(next_count(100, &[reached(0.3125)], 0.25, 10_000), 157);
        // 1.5^2 = 2.25 would more than double 100: the step stops at 200.
        assert_eq!(next_count(100, &[reached(0.375)], 0.25, 10_000), 200);
        // The worst KPI decides, whatever the order (1.125^2 = 1.265625 -> 127).
        let both = [reached(0.3125), reached(0.28125)];
        assert_eq!(next_count(100, &both, 0.25, 10_000), 157);
        let both = [reached(0.28125), reached(0.3125)];
        assert_eq!(next_count(100, &both, 0.25, 10_000), 157);
        // KPIs that meet the target do not drive the plan.
        let mixed = [reached(0.125), reached(0.28125)];
        assert_eq!(next_count(100, &mixed, 0.25, 10_000), 127);
        // Never fewer than two more, even with only an undefined KPI left.
        assert_eq!(next_count(100, &[reached(f64::NAN)], 0.25, 10_000), 102);
        // Near the top of the range nothing overflows.
        assert_eq!(
            next_count(u32::MAX - 1, &[reached(0.5)], 0.25, u32::MAX),
            u32::MAX
        );
    }

    #[test]
    fn a_kpi_meets_the_target_at_or_below_it() {
        assert!(reached(0.02).meets(0.02));
        assert!(reached(0.019).meets(0.02));
        assert!(!reached(0.021).meets(0.02));
        assert!(!reached(f64::INFINITY).meets(0.02));
        assert!(reached(f64::NAN).undefined());
        assert!(!reached(0.0).undefined());
    }

    #[test]
    fn the_relative_half_width_is_half_width_over_the_absolute_mean() {
        assert_eq!(relative_half_width(10.0, 0.5), 0.05);
        assert_eq!(relative_half_width(-10.0, 0.5), 0.05);
        // A mean of 0: exact when the interval is a point, else never precise enough.
        assert_eq!(relative_half_width(0.0, 0.0), 0.0);
        assert_eq!(relative_half_width(0.0, 0.5), f64::INFINITY);
        // One defined value (no interval yet) is not met; no defined value is undefined.
        assert_eq!(relative_half_width(3.0, f64::NAN), f64::INFINITY);
        assert!(relative_half_width(f64::NAN, f64::NAN).is_nan());
        assert!(relative_half_width(f64::INFINITY, 1.0).is_nan());
    }

    /// A store that already holds every replication: KPI 0 of replication `rep` is
    /// `100 ± spread` (alternating with `rep`), every other KPI 1. Nothing is simulated
    /// (`may_compute` is false), so the precision loop runs in microseconds; `taken` counts
    /// the replications read.
    struct Canned {
        policies: usize,
        stores: usize,
        spread: f64,
        taken: std::sync::Mutex<Vec<u32>>,
    }

    impl Canned {
        fn new(spread: f64) -> (Scenario, Canned) {
            let scenario = crate::scenario::default_scenario();
            let store = Canned {
                policies: scenario.policies.len(),
                stores: scenario.stores.len(),
                spread,
                taken: std::sync::Mutex::new(Vec::new()),
            };
            (scenario, store)
        }
    }

    impl ReplicationStore for Canned {
        fn take(&self, rep: u32) -> Result<Option<Vec<Cell>>, ExperimentError> {
            self.taken.lock().unwrap().push(rep);
            let mut all = vec![1.0; KPIS.len()];
            all[0] = if rep.is_multiple_of(2) {
                100.0 + self.spread
            } else {
                100.0 - self.spread
            };
            let cell = Cell {
                stores: vec![all.clone(); self.stores],
                all,
                events: 0,
                recording: None,
            };
            Ok(Some(vec![cell; self.policies]))
        }
        fn may_compute(&self) -> bool {
            false
        }
        fn record(&self, _: u32, _: &[Cell]) -> Result<(), ExperimentError> {
            Ok(())
        }
    }

    /// Runs the loop on a [`Canned`] store; returns the result, the outcome and the counts
    /// `on_plan` heard.
    fn run_canned(
        spread: f64,
        replications: u32,
        target: f64,
        cap: u32,
    ) -> (ExperimentResult, PrecisionOutcome, Vec<u32>, Vec<u32>) {
        let (scenario, store) = Canned::new(spread);
        let plan = Plan::new(replications, 7);
        let target = PrecisionTarget {
            relative_half_width: target,
            kpis: vec![0, 1],
            max_replications: cap,
        };
        let planned = std::cell::RefCell::new(Vec::new());
        let (result, outcome) = run_to_precision_with(
            &scenario,
            &plan,
            &target,
            &store,
            &|n| planned.borrow_mut().push(n),
            &|| {},
        )
        .unwrap();
        let taken = store.taken.into_inner().unwrap();
        (result, outcome, planned.into_inner(), taken)
    }

    #[test]
    fn the_pilot_is_the_plan_raised_to_the_minimum_and_capped() {
        // Constant KPIs meet any target at once: the run is the pilot alone.
        for (asked, cap, pilot) in [(3, 100, MIN_PILOT), (25, 100, 25), (25, 12, 12), (3, 1, 2)] {
            let (result, outcome, planned, taken) = run_canned(0.0, asked, 0.01, cap);
            assert_eq!(outcome.pilot, pilot, "asked {asked}, cap {cap}");
            assert_eq!(result.plan.replications, pilot, "asked {asked}, cap {cap}");
            assert_eq!(result.cells[0].len(), pilot as usize);
            assert_eq!(outcome.steps, vec![pilot]);
            assert_eq!(planned, vec![pilot]);
            assert_eq!(
                taken,
                (0..pilot).collect::<Vec<_>>(),
                "each replication read once"
            );
            assert!(outcome.met);
        }
    }

    #[test]
    fn the_loop_grows_in_bounded_steps_until_the_target_is_met() {
        // 100 ± 1 alternating: after n replications the relative half-width is about
        // 0.02 / sqrt(n), so 0.1% takes some 400 replications: several steps from 10.
        let (result, outcome, planned, taken) = run_canned(1.0, 10, 0.001, 10_000);
        assert!(outcome.met);
        assert!(outcome.missed().is_empty());
        assert!(outcome.steps.len() > 2, "steps {:?}", outcome.steps);
        assert_eq!(outcome.steps[0], MIN_PILOT);
        for w in outcome.steps.windows(2) {
            assert!(
                w[1] >= w[0] + 2 && w[1] <= 2 * w[0],
                "steps {:?}",
                outcome.steps
            );
        }
        let last = *outcome.steps.last().unwrap();
        assert_eq!(result.plan.replications, last);
        assert_eq!(planned, outcome.steps, "on_plan hears every step");
        assert_eq!(
            taken,
            (0..last).collect::<Vec<_>>(),
            "each replication read once"
        );
        // Met at the last step and not one step earlier (else the loop ran too long).
        for r in &outcome.reached {
            assert!(r.relative <= 0.001);
        }
        let before = outcome.steps[outcome.steps.len() - 2];
        let (_, earlier, _, _) = run_canned(1.0, before, 0.001, before);
        assert!(!earlier.met, "{before} replications already met the target");
    }

    #[test]
    fn the_loop_stops_at_the_cap_and_reports_the_target_missed() {
        let (result, outcome, _, _) = run_canned(1.0, 10, 0.0001, 37);
        assert!(!outcome.met);
        assert_eq!(*outcome.steps.last().unwrap(), 37);
        assert_eq!(result.plan.replications, 37);
        let missed: Vec<usize> = outcome.missed().iter().map(|r| r.kpi).collect();
        assert!(!missed.is_empty() && missed.iter().all(|&k| k == 0));
    }

    #[test]
    fn the_outcome_lists_missed_and_unchecked_kpis() {
        let outcome = PrecisionOutcome {
            target: PrecisionTarget {
                relative_half_width: 0.02,
                kpis: vec![0, 1, 2],
                max_replications: 100,
            },
            pilot: 10,
            steps: vec![10],
            reached: vec![
                reached(0.01),
                reached(0.03),
                reached(f64::NAN),
                reached(0.02),
            ],
            met: false,
        };
        let missed: Vec<f64> = outcome.missed().iter().map(|r| r.relative).collect();
        assert_eq!(missed, vec![0.03]);
        let unchecked = outcome.unchecked();
        assert_eq!(unchecked.len(), 1);
        assert!(unchecked[0].relative.is_nan());
    }
}
