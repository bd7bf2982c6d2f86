//! Warm-up analysis: pilot replications with nothing discarded, the daily state averaged over
//! replications, smoothed with Welch's moving average, and a suggested warm-up length from
//! the MSER rule (White 1997) on weekly batch means.

use super::{ExperimentError, stats::summarize};
use crate::scenario::Scenario;
use crate::sim::{RunOptions, run_replication};
use rayon::prelude::*;

/// State variables followed, in output order.
pub const VARIABLES: [&str; 3] = ["on_hand", "record_accuracy", "open_orders"];

/// Days per MSER batch: a week, so the weekday pattern does not look like a transient.
pub const BATCH_DAYS: usize = 7;

/// What to run.
#[derive(Clone, Debug)]
pub struct WarmupPlan {
    /// Pilot replications per policy.
    pub replications: u32,
    /// Simulated days (all counted from day 0).
    pub days: u32,
    /// Master seed.
    pub seed: u64,
    /// Worker threads (0 = one per core).
    pub threads: usize,
    /// Welch's half-window `w`: a smoothed day averages `2w + 1` days.
    pub window: usize,
}

/// The series of one policy.
#[derive(Clone, Debug)]
pub struct PolicySeries {
    /// policy name
    pub policy: String,
    /// `mean[v][day]`: variable `v` of [`VARIABLES`] averaged over replications (on-hand and
    /// open orders summed over stores, record accuracy averaged over stores)
    pub mean: Vec<Vec<f64>>,
    /// the same, smoothed by Welch's moving average
    pub smoothed: Vec<Vec<f64>>,
    /// suggested warm-up per variable \[days\]
    pub suggested: Vec<u32>,
}

/// The analysis of every policy.
#[derive(Clone, Debug)]
pub struct WarmupResult {
    /// scenario name
    pub scenario: String,
    /// the plan
    pub plan: WarmupPlan,
    /// per policy
    pub policies: Vec<PolicySeries>,
    /// the longest suggestion over policies and variables \[days\]
    pub suggested_days: u32,
    /// whether that suggestion sits at the limit the rule can see (half the pilot): then a
    /// longer pilot is needed before trusting it
    pub at_limit: bool,
}

/// Welch's moving average with half-window `w`: day `i` averages days `i-w ..= i+w`, shrunk
/// symmetrically near the start (`i-(i) ..= i+(i)`); the last `w` days have no full window
/// and are left out (the result has `n - w` values).
pub fn welch(series: &[f64], w: usize) -> Vec<f64> {
    let n = series.len();
    (0..n.saturating_sub(w))
        .map(|i| {
            let h = i.min(w);
            let window = &series[i - h..=i + h];
            window.iter().sum::<f64>() / window.len() as f64
        })
        .collect()
}

/// MSER truncation point: the number of leading batches `d` (at most half of them) that
/// minimises `Σ_{j>d} (b_j - mean_d)^2 / (m - d)^2` over batch means `b`; ties go to the
/// shorter truncation.
pub fn mser(batches: &[f64]) -> usize {
    let m = batches.len();
    if m < 2 {
        return 0;
    }
    let mut best = (0, f64::INFINITY);
    for d in 0..=m / 2 {
        let rest = &batches[d..];
        let mean = rest.iter().sum::<f64>() / rest.len() as f64;
        let ss: f64 = rest.iter().map(|b| (b - mean) * (b - mean)).sum();
        let stat = ss / (rest.len() * rest.len()) as f64;
        // Ties (within rounding) keep the shorter truncation.
        if d == 0 || stat < best.1 - 1e-12 * best.1.abs() {
            best = (d, stat);
        }
    }
    best.0
}

/// Suggested warm-up \[days\] of one daily series: MSER on weekly batch means.
pub fn suggest(daily: &[f64]) -> u32 {
    let batches: Vec<f64> = daily
        .chunks_exact(BATCH_DAYS)
        .map(|c| c.iter().sum::<f64>() / BATCH_DAYS as f64)
        .collect();
    (mser(&batches) * BATCH_DAYS) as u32
}

/// Runs the pilot and analyses it.
pub fn run(
    scenario: &Scenario,
    plan: &WarmupPlan,
    on_done: &(dyn Fn() + Sync),
) -> Result<WarmupResult, ExperimentError> {
    let mut sc = scenario.clone();
    sc.seed = plan.seed;
    sc.warmup_days = 0;
    sc.days = plan.days;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(plan.threads)
        .build()?;
    let policies = sc.policies.len();
    let reps = plan.replications as usize;
    let days = plan.days as usize;
    let options = RunOptions {
        daily: true,
        ..RunOptions::default()
    };
    // totals[i][v][day] for job i = (replication i / policies, policy i % policies)
    let runs: Vec<Vec<Vec<f64>>> = pool.install(|| {
        (0..reps * policies)
            .into_par_iter()
            .map(|i| {
                let (rep, policy) = (i / policies, i % policies);
                let r = run_replication(&sc, policy, rep as u64, options);
                on_done();
                if let Some(violation) = r.violation {
                    return Err(ExperimentError::Invariant {
                        policy: sc.policies[policy].name.clone(),
                        replication: rep,
                        violation,
                    });
                }
                let mut v = vec![vec![0.0; days]; VARIABLES.len()];
                let stores = sc.stores.len() as f64;
                for d in &r.daily {
                    let day = d.day as usize;
                    if day < days {
                        v[0][day] += d.on_hand as f64;
                        v[1][day] += d.record_accuracy / stores;
                        v[2][day] += f64::from(d.open_orders);
                    }
                }
                Ok(v)
            })
            .collect::<Result<Vec<_>, ExperimentError>>()
    })?;
    let mut out = Vec::with_capacity(policies);
    for p in 0..policies {
        let mean: Vec<Vec<f64>> = (0..VARIABLES.len())
            .map(|v| {
                (0..days)
                    .map(|day| {
                        let values: Vec<f64> = (0..reps)
                            .map(|rep| runs[rep * policies + p][v][day])
                            .collect();
                        summarize(&values, 0.95).mean
                    })
                    .collect()
            })
            .collect();
        let smoothed = mean.iter().map(|m| welch(m, plan.window)).collect();
        let suggested = mean.iter().map(|m| suggest(m)).collect();
        out.push(PolicySeries {
            policy: sc.policies[p].name.clone(),
            mean,
            smoothed,
            suggested,
        });
    }
    let suggested_days = out
        .iter()
        .flat_map(|p| p.suggested.iter().copied())
        .max()
        .unwrap_or(0);
    let limit = ((days / BATCH_DAYS) / 2 * BATCH_DAYS) as u32;
    Ok(WarmupResult {
        scenario: sc.name.clone(),
        plan: plan.clone(),
        policies: out,
        suggested_days,
        at_limit: suggested_days > 0 && suggested_days >= limit,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn welch_averages_a_shrinking_then_full_window() {
        let s = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0];
        let w = welch(&s, 2);
        assert_eq!(w, vec![1.0, 2.0, 3.0, 4.0]);
        let bumpy = [0.0, 10.0, 0.0, 10.0, 0.0];
        assert_eq!(
            welch(&bumpy, 1),
            vec![0.0, 10.0 / 3.0, 20.0 / 3.0, 10.0 / 3.0]
        );
        assert_eq!(welch(&bumpy, 0), bumpy.to_vec());
    }

    #[test]
    fn mser_cuts_a_transient_and_leaves_a_stationary_series() {
        // Three batches of decay, then a flat level with small noise.
        let noise = [0.02, -0.02, 0.1, -0.1, 0.05, -0.05, 0.08, -0.08, 0.0, 0.03];
        let mut batches = vec![10.0, 6.0, 3.0];
        batches.extend(noise.iter().map(|e| 1.0 + e));
        assert_eq!(mser(&batches), 3);
        let flat: Vec<f64> = noise.iter().map(|e| 1.0 + e).collect();
        assert_eq!(mser(&flat), 0);
        // Weekly batches: a weekday pattern alone suggests no warm-up.
        let weekly: Vec<f64> = (0..70)
            .map(|d| [1.0, 1.0, 1.0, 1.0, 1.2, 1.5, 0.8][d % 7])
            .collect();
        assert_eq!(suggest(&weekly), 0);
        let mut decaying = weekly.clone();
        for (d, v) in decaying.iter_mut().enumerate().take(21) {
            *v += 5.0 * (1.0 - d as f64 / 21.0);
        }
        let s = suggest(&decaying);
        assert!((14..=21).contains(&s), "suggested {s}");
    }
}
