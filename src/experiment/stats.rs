//! Statistics across replications: mean, standard deviation, Student-t confidence intervals,
//! and paired differences between policies run on common random numbers.

use statrs::distribution::{ContinuousCDF, StudentsT};

/// Mean and confidence interval of one KPI over replications.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Summary {
    /// Sample mean (NaN when n = 0).
    pub mean: f64,
    /// Sample standard deviation, n - 1 denominator (NaN when n < 2).
    pub std_dev: f64,
    /// Lower end of the interval (NaN when n < 2).
    pub ci_low: f64,
    /// Upper end of the interval.
    pub ci_high: f64,
    /// Replications with a defined value.
    pub n: usize,
}

impl Summary {
    /// Half-width of the interval.
    pub fn half_width(&self) -> f64 {
        0.5 * (self.ci_high - self.ci_low)
    }
}

/// The two-sided Student-t quantile t_{1-alpha/2, df}.
///
/// # Formula
/// `t` such that `P(T <= t) = 1 - (1 - confidence) / 2` for `T ~ t(df)`.
pub fn t_quantile(confidence: f64, df: f64) -> f64 {
    match StudentsT::new(0.0, 1.0, df) {
        Ok(t) => t.inverse_cdf(1.0 - (1.0 - confidence) / 2.0),
        Err(_) => f64::NAN,
    }
}

/// Summarises the finite values of `values` with a two-sided interval at `confidence`.
///
/// # Formula
/// `mean ± t_{1-α/2, n-1} · s / √n`
pub fn summarize(values: &[f64], confidence: f64) -> Summary {
    // Welford's online moments: stable for large values.
    let mut w = super::record::Welford::default();
    for &x in values {
        w.push(x);
    }
    summary_of_moments(w.n, w.mean, w.m2, confidence)
}

/// The summary of `n` finite values from Welford's running mean and sum of squared
/// deviations.
pub fn summary_of_moments(n: usize, mean: f64, m2: f64, confidence: f64) -> Summary {
    if n == 0 {
        return Summary {
            mean: f64::NAN,
            std_dev: f64::NAN,
            ci_low: f64::NAN,
            ci_high: f64::NAN,
            n,
        };
    }
    if n < 2 {
        return Summary {
            mean,
            std_dev: f64::NAN,
            ci_low: f64::NAN,
            ci_high: f64::NAN,
            n,
        };
    }
    let std_dev = (m2 / (n - 1) as f64).sqrt();
    let half = t_quantile(confidence, (n - 1) as f64) * std_dev / (n as f64).sqrt();
    Summary {
        mean,
        std_dev,
        ci_low: mean - half,
        ci_high: mean + half,
        n,
    }
}

/// The per-comparison confidence level that keeps the family-wise level at `confidence`
/// over `comparisons` simultaneous intervals (Bonferroni's inequality).
///
/// # Formula
/// `1 - (1 - confidence) / m`, with `m = max(comparisons, 1)`.
pub fn bonferroni(confidence: f64, comparisons: usize) -> f64 {
    1.0 - (1.0 - confidence) / comparisons.max(1) as f64
}

/// A policy against the baseline, replication by replication.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PairedComparison {
    /// Interval of the mean paired difference (policy - baseline).
    pub diff: Summary,
    /// diff mean / baseline mean (NaN when the baseline mean is 0 or undefined).
    pub rel_change: f64,
    /// The interval excludes 0.
    pub significant: bool,
    /// Half-width the same difference would have had from independent runs of the same
    /// size (no common random numbers): `t_{1-α/2, 2n-2} · sqrt((s_p² + s_b²) / n)`.
    pub independent_half_width: f64,
    /// Share of the variance of the difference that common random numbers removed:
    /// `1 - Var(p - b) / (Var(p) + Var(b))` (NaN when both variances are 0).
    pub variance_reduction: f64,
}

/// Paired differences over replications where both values are defined.
pub fn paired(policy: &[f64], baseline: &[f64], confidence: f64) -> PairedComparison {
    let mut diffs = Vec::with_capacity(policy.len());
    let mut base = Vec::with_capacity(policy.len());
    for (p, b) in policy.iter().zip(baseline) {
        if p.is_finite() && b.is_finite() {
            diffs.push(p - b);
            base.push(*b);
        }
    }
    let diff = summarize(&diffs, confidence);
    let base_summary = summarize(&base, confidence);
    let base_mean = base_summary.mean;
    let own: Vec<f64> = diffs.iter().zip(&base).map(|(d, b)| d + b).collect();
    let own_sd = summarize(&own, confidence).std_dev;
    let var_sum = own_sd * own_sd + base_summary.std_dev * base_summary.std_dev;
    let n = diff.n as f64;
    let independent_half_width = t_quantile(confidence, 2.0 * n - 2.0) * (var_sum / n).sqrt();
    let variance_reduction = if var_sum > 0.0 {
        1.0 - diff.std_dev * diff.std_dev / var_sum
    } else {
        f64::NAN
    };
    let rel_change = if base_mean.is_finite() && base_mean != 0.0 {
        diff.mean / base_mean.abs()
    } else {
        f64::NAN
    };
    let significant = diff.n >= 2 && (diff.ci_low > 0.0 || diff.ci_high < 0.0);
    PairedComparison {
        diff,
        rel_change,
        significant,
        independent_half_width,
        variance_reduction,
    }
}

/// Which policy is best, by multiple comparisons with the best under common random numbers
/// (Bonferroni form, Nelson and Matejcik 1995): the policy with the best sample mean is
/// declared best when, against every other policy, the lower end of the two-sided interval of
/// its mean paired advantage, at level `1 - (1 - confidence) / (k - 1)`, is above zero. That
/// is a one-sided bound at `1 - (1 - confidence) / (2 (k - 1))`: stricter than the procedure
/// needs, chosen so that with two policies the verdict agrees with the two-sided paired
/// comparison at `confidence`. The statement "this policy is the best" then holds with
/// probability at least `confidence`.
///
/// `series[p]` holds policy `p`'s values per replication (same replication order for all);
/// `higher_is_better` orients the comparison. Returns `None` when the evidence does not
/// separate one policy from all the others ("no clear winner").
pub fn best_policy(series: &[Vec<f64>], higher_is_better: bool, confidence: f64) -> Option<usize> {
    let k = series.len();
    if k < 2 {
        return None;
    }
    let sign = if higher_is_better { 1.0 } else { -1.0 };
    let means: Vec<f64> = series
        .iter()
        .map(|s| summarize(s, confidence).mean * sign)
        .collect();
    let leader = (0..k)
        .filter(|&p| means[p].is_finite())
        .max_by(|&a, &b| means[a].total_cmp(&means[b]))?;
    let two_sided = bonferroni(confidence, k - 1);
    let separated = (0..k).filter(|&p| p != leader).all(|p| {
        let advantage: Vec<f64> = series[leader]
            .iter()
            .zip(&series[p])
            .map(|(a, b)| sign * (a - b))
            .collect();
        let s = summarize(&advantage, two_sided);
        s.n >= 2 && s.ci_low > 0.0
    });
    separated.then_some(leader)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Tolerance for reference values of t quantiles (tables give 3-4 decimals).
    const TABLE_TOL: f64 = 5e-4;

    #[test]
    fn t_quantiles_match_tables() {
        assert!((t_quantile(0.95, 9.0) - 2.262).abs() < TABLE_TOL);
        assert!((t_quantile(0.95, 49.0) - 2.0096).abs() < TABLE_TOL);
        assert!((t_quantile(0.99, 4.0) - 4.604).abs() < TABLE_TOL);
    }

    #[test]
    fn summary_of_known_sample() {
        let s = summarize(&[2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0], 0.95);
        assert_eq!(s.n, 8);
        assert!((s.mean - 5.0).abs() < 1e-12);
        assert!((s.std_dev - 2.138_089_935).abs() < 1e-8);
        let half = 2.364_624 * 2.138_089_935 / 8f64.sqrt();
        assert!((s.half_width() - half).abs() < 1e-5);
    }

    #[test]
    fn undefined_values_are_skipped() {
        let s = summarize(&[f64::NAN, 1.0, 3.0], 0.95);
        assert_eq!(s.n, 2);
        assert_eq!(s.mean, 2.0);
        assert!(summarize(&[], 0.95).mean.is_nan());
        assert!(summarize(&[1.0], 0.95).ci_low.is_nan());
    }

    #[test]
    fn pairing_removes_common_noise() {
        // Large common swings, constant +1 effect: paired interval is tight and significant.
        let base = [10.0, 50.0, 20.0, 80.0, 30.0];
        let policy: Vec<f64> = base.iter().map(|b| b + 1.0).collect();
        let c = paired(&policy, &base, 0.95);
        assert!(c.significant);
        assert!((c.diff.mean - 1.0).abs() < 1e-12);
        assert!(c.diff.half_width() < 1e-9);
        assert!((c.rel_change - 1.0 / 38.0).abs() < 1e-12);
        let same = paired(&base, &base, 0.95);
        assert!(!same.significant);
        // Perfectly correlated noise: pairing removed all of it.
        assert!((c.variance_reduction - 1.0).abs() < 1e-12);
        let s = summarize(&base, 0.95).std_dev;
        let expected = t_quantile(0.95, 8.0) * (2.0 * s * s / 5.0).sqrt();
        assert!((c.independent_half_width - expected).abs() < 1e-9);
    }

    #[test]
    fn anti_correlated_noise_makes_pairing_worse() {
        // Anti-correlated pairs: pairing makes the difference noisier (negative reduction).
        let base = [1.0, 2.0, 3.0, 4.0];
        let policy = [4.0, 3.0, 2.0, 1.0];
        let c = paired(&policy, &base, 0.95);
        assert!((c.variance_reduction - -1.0).abs() < 1e-12);
    }

    #[test]
    fn bonferroni_widens_by_the_t_quantile_ratio() {
        assert_eq!(bonferroni(0.95, 1), 0.95);
        assert!((bonferroni(0.95, 2) - 0.975).abs() < 1e-15);
        assert!((bonferroni(0.9, 4) - 0.975).abs() < 1e-15);
        let values = [3.0, 5.0, 4.0, 6.0, 2.0, 7.0, 5.5, 4.5];
        let plain = summarize(&values, 0.95).half_width();
        let adjusted = summarize(&values, bonferroni(0.95, 3)).half_width();
        let ratio = t_quantile(1.0 - 0.05 / 3.0, 7.0) / t_quantile(0.95, 7.0);
        assert!((adjusted / plain - ratio).abs() < 1e-12);
        assert!(
            ratio > 1.2,
            "three comparisons widen a 7-df interval: {ratio}"
        );
    }

    #[test]
    fn the_best_policy_uses_the_bonferroni_level_for_k_minus_1_comparisons() {
        // Advantages of the leader over the runner-up: mean 1, sd s, n = 10. Their two-sided
        // interval at level L excludes 0 exactly when 1 > t(1 - (1 - L)/2, 9) s / sqrt(10).
        let runner_noise = [1.0, -1.0, 0.5, -0.5, 0.8, -0.8, 0.3, -0.3, 0.0, 0.0];
        let sd = summarize(&runner_noise, 0.95).std_dev;
        let base: Vec<f64> = (0..10).map(|i| 100.0 + i as f64).collect();
        // Scale the noise so that the lower bound sits between the k = 2 and k = 3 levels.
        let t2 = t_quantile(0.95, 9.0);
        let t3 = t_quantile(bonferroni(0.95, 2), 9.0);
        let scale = 10f64.sqrt() / (sd * 0.5 * (t2 + t3));
        let leader: Vec<f64> = base
            .iter()
            .zip(&runner_noise)
            .map(|(b, e)| b + 1.0 + scale * e)
            .collect();
        let far_behind: Vec<f64> = base.iter().map(|b| b - 50.0).collect();
        // Two policies: level 0.95, the leader is separated.
        assert_eq!(
            best_policy(&[base.clone(), leader.clone()], true, 0.95),
            Some(1)
        );
        // A third, clearly worse policy makes it two comparisons at 0.975 each: not separated.
        assert_eq!(best_policy(&[base, leader, far_behind], true, 0.95), None);
    }

    #[test]
    fn the_best_policy_needs_evidence_against_every_other() {
        let noise = [0.3, -0.2, 0.1, -0.4, 0.25, 0.0, -0.1, 0.15, -0.3, 0.2];
        let base: Vec<f64> = noise.iter().map(|e| 10.0 + e).collect();
        let good: Vec<f64> = noise
            .iter()
            .enumerate()
            .map(|(i, e)| 12.0 + e + 0.01 * i as f64)
            .collect();
        let close: Vec<f64> = good
            .iter()
            .enumerate()
            .map(|(i, g)| g + if i % 2 == 0 { 0.05 } else { -0.05 })
            .collect();
        // Clear winner, higher is better; and the worst one when lower is better.
        assert_eq!(
            best_policy(&[base.clone(), good.clone()], true, 0.95),
            Some(1)
        );
        assert_eq!(
            best_policy(&[base.clone(), good.clone()], false, 0.95),
            Some(0)
        );
        // Two policies that the data cannot tell apart at the top: no clear winner.
        assert_eq!(
            best_policy(&[base.clone(), good.clone(), close.clone()], true, 0.95),
            None
        );
        // Identical policies: no winner either.
        assert_eq!(best_policy(&[base.clone(), base.clone()], true, 0.95), None);
        assert_eq!(best_policy(&[base], true, 0.95), None);
    }

    #[test]
    fn an_interval_of_two_values_is_finite_and_contains_the_mean() {
        let s = summarize(&[1.0, 3.0], 0.95);
        assert_eq!(s.n, 2);
        assert!(s.std_dev.is_finite() && s.half_width().is_finite());
        assert!(s.ci_low < s.mean && s.mean < s.ci_high, "{s:?}");
        // Two values give the widest interval there is: t with one degree of freedom.
        let t1 = t_quantile(0.95, 1.0);
        assert!((s.half_width() - t1 * s.std_dev / 2f64.sqrt()).abs() < 1e-9);
    }

    #[test]
    fn a_baseline_of_zero_gives_no_relative_change() {
        let base = [-1.0, 1.0, -2.0, 2.0];
        let policy = [0.0, 2.0, -1.0, 3.0];
        let c = paired(&policy, &base, 0.95);
        assert!((c.diff.mean - 1.0).abs() < 1e-12);
        assert!(c.rel_change.is_nan(), "{}", c.rel_change);
    }

    #[test]
    fn a_missing_policy_value_drops_the_replication_from_both_sides() {
        // The replication where the policy is undefined must not enter the baseline's mean.
        let base = [10.0, 10.0, 1000.0];
        let policy = [11.0, 11.0, f64::NAN];
        let c = paired(&policy, &base, 0.95);
        assert_eq!(c.diff.n, 2);
        assert!((c.rel_change - 0.1).abs() < 1e-12, "{}", c.rel_change);
        // And the other way round.
        let c = paired(&base, &policy, 0.95);
        assert_eq!(c.diff.n, 2);
        assert!(
            (c.rel_change - -1.0 / 11.0).abs() < 1e-12,
            "{}",
            c.rel_change
        );
    }

    #[test]
    fn significance_means_the_interval_excludes_zero() {
        // An interval straddling 0, either way round: not significant.
        let base = [5.0, 5.0, 5.0, 5.0];
        let up_down = [6.0, 4.0, 7.0, 3.5];
        let c = paired(&up_down, &base, 0.95);
        assert!(c.diff.ci_low < 0.0 && c.diff.ci_high > 0.0, "{:?}", c.diff);
        assert!(!c.significant);
        let c = paired(&base, &up_down, 0.95);
        assert!(c.diff.ci_low < 0.0 && c.diff.ci_high > 0.0, "{:?}", c.diff);
        assert!(!c.significant);
        // Entirely below 0 and entirely above 0: significant, with as few as two pairs.
        let c = paired(&[4.0, 4.0], &[5.0, 5.0], 0.95);
        assert!(c.diff.ci_high < 0.0 && c.significant);
        assert!(c.rel_change < 0.0);
        let c = paired(&[6.0, 6.0], &[5.0, 5.0], 0.95);
        assert!(c.diff.ci_low > 0.0 && c.significant);
        // One pair: no interval, nothing is significant.
        let c = paired(&[6.0], &[5.0], 0.95);
        assert!(!c.significant);
    }

    #[test]
    fn independent_noise_is_not_reduced_by_pairing() {
        // Policy and baseline uncorrelated (orthogonal deviations): Var(p - b) = Var(p) +
        // Var(b), so common random numbers removed nothing.
        let base = [1.0, -1.0, 1.0, -1.0];
        let policy = [1.0, 1.0, -1.0, -1.0];
        let c = paired(&policy, &base, 0.95);
        assert!(
            c.variance_reduction.abs() < 1e-12,
            "{}",
            c.variance_reduction
        );
        // With no variance at all there is nothing to reduce.
        let c = paired(&[2.0, 2.0, 2.0], &[1.0, 1.0, 1.0], 0.95);
        assert!(c.variance_reduction.is_nan());
        // The independent half-width uses 2n - 2 degrees of freedom and both variances.
        let base = [1.0, 2.0, 4.0, 8.0];
        let policy = [3.0, 1.0, 2.0, 9.0];
        let c = paired(&policy, &base, 0.95);
        let (sp, sb) = (
            summarize(&policy, 0.95).std_dev,
            summarize(&base, 0.95).std_dev,
        );
        let expected = t_quantile(0.95, 6.0) * ((sp * sp + sb * sb) / 4.0).sqrt();
        assert!((c.independent_half_width - expected).abs() < 1e-9);
    }

    #[test]
    fn the_moments_of_a_summary_are_those_of_its_values() {
        // Summaries of shifted samples: same spread, shifted mean and interval.
        let values = [3.0, 1.0, 4.0, 1.0, 5.0, 9.0, 2.0, 6.0];
        let a = summarize(&values, 0.9);
        let shifted: Vec<f64> = values.iter().map(|x| x + 100.0).collect();
        let b = summarize(&shifted, 0.9);
        assert!((b.mean - a.mean - 100.0).abs() < 1e-9);
        assert!((b.std_dev - a.std_dev).abs() < 1e-9);
        assert!((b.half_width() - a.half_width()).abs() < 1e-9);
        // A wider confidence level gives a wider interval around the same mean.
        let c = summarize(&values, 0.99);
        assert!(c.half_width() > a.half_width());
        assert!((c.ci_low + c.ci_high - 2.0 * c.mean).abs() < 1e-9);
        assert!(t_quantile(0.95, 0.0).is_nan());
    }

    #[test]
    fn the_best_policy_can_be_separated_with_two_replications() {
        // A constant advantage over two replications: an interval of width 0 above 0.
        let base = vec![1.0, 2.0];
        let better = vec![3.0, 4.0];
        assert_eq!(
            best_policy(&[base.clone(), better.clone()], true, 0.95),
            Some(1)
        );
        assert_eq!(
            best_policy(&[better.clone(), base.clone()], true, 0.95),
            Some(0)
        );
        assert_eq!(
            best_policy(&[base.clone(), better.clone()], false, 0.95),
            Some(0)
        );
        // One replication each: no interval, no verdict.
        assert_eq!(best_policy(&[vec![1.0], vec![3.0]], true, 0.95), None);
        // No policy with a defined mean: no verdict either.
        assert_eq!(
            best_policy(&[vec![f64::NAN], vec![f64::NAN]], true, 0.95),
            None
        );
    }
}
