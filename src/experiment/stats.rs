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
    let finite: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
    let n = finite.len();
    if n == 0 {
        return Summary {
            mean: f64::NAN,
            std_dev: f64::NAN,
            ci_low: f64::NAN,
            ci_high: f64::NAN,
            n,
        };
    }
    // Welford's online moments: stable for large values.
    let (mut mean, mut m2) = (0.0, 0.0);
    for (i, x) in finite.iter().enumerate() {
        let delta = x - mean;
        mean += delta / (i + 1) as f64;
        m2 += delta * (x - mean);
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

/// A policy against the baseline, replication by replication.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PairedComparison {
    /// Interval of the mean paired difference (policy - baseline).
    pub diff: Summary,
    /// diff mean / baseline mean (NaN when the baseline mean is 0 or undefined).
    pub rel_change: f64,
    /// The interval excludes 0.
    pub significant: bool,
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
    let base_mean = summarize(&base, confidence).mean;
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
    }
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
    }
}
