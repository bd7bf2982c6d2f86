//! Tidy CSV files: one row per observation, long format, ready for pandas, polars or R.

use crate::error::Result;
use crate::experiment::ExperimentResult;
use crate::experiment::stats::{best_policy, paired, summarize};
use crate::report::words::judge;
use crate::sim::{Direction, KPIS};

/// A number as written in CSV: shortest exact decimal, empty when undefined.
pub fn format_value(v: f64) -> String {
    if v.is_finite() {
        format!("{v}")
    } else {
        String::new()
    }
}

fn finish(w: csv::Writer<Vec<u8>>) -> Result<Vec<u8>> {
    w.into_inner()
        .map_err(|e| crate::error::Error::msg(format!("csv buffer: {e}")))
}

/// `policy,replication,store,kpi,value`.
pub fn replications_csv(r: &ExperimentResult) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    replications_csv_to(r, &mut out)?;
    Ok(out)
}

/// `policy,replication,store,kpi,value`, streamed to `out` (the file can be large: one row
/// per policy, replication, store and KPI).
pub fn replications_csv_to(r: &ExperimentResult, out: &mut dyn std::io::Write) -> Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(["policy", "replication", "store", "kpi", "value"])?;
    let labels = r.store_labels();
    for (p, policy) in r.scenario.policies.iter().enumerate() {
        for (rep, cell) in r.cells[p].iter().enumerate() {
            let rep = rep.to_string();
            for (si, label) in labels.iter().enumerate() {
                let values = if si < cell.stores.len() {
                    &cell.stores[si]
                } else {
                    &cell.all
                };
                for (k, def) in KPIS.iter().enumerate() {
                    w.write_record([
                        policy.name.as_str(),
                        rep.as_str(),
                        label.as_str(),
                        def.name,
                        &format_value(values[k]),
                    ])?;
                }
            }
        }
    }
    w.flush()?;
    Ok(())
}

/// `policy,store,kpi,mean,std_dev,ci_low,ci_high,n`.
pub fn summary_csv(r: &ExperimentResult) -> Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "policy", "store", "kpi", "mean", "std_dev", "ci_low", "ci_high", "n",
    ])?;
    let labels = r.store_labels();
    for (p, policy) in r.scenario.policies.iter().enumerate() {
        for (si, label) in labels.iter().enumerate() {
            for (k, def) in KPIS.iter().enumerate() {
                let s = summarize(&r.series(p, si, k), r.plan.confidence);
                w.write_record([
                    policy.name.as_str(),
                    label.as_str(),
                    def.name,
                    &format_value(s.mean),
                    &format_value(s.std_dev),
                    &format_value(s.ci_low),
                    &format_value(s.ci_high),
                    &s.n.to_string(),
                ])?;
            }
        }
    }
    finish(w)
}

/// The columns of `comparison.csv` (written here, read by the report). The first eight are
/// the ones every version of omnisim wrote.
pub const COMPARISON_COLUMNS: [&str; 13] = [
    "policy",
    "baseline",
    "store",
    "kpi",
    "diff_mean",
    "ci_low",
    "ci_high",
    "rel_change",
    "significant",
    "confidence",
    "variance_reduction",
    "best",
    "verdict",
];

/// The best policy for KPI `kpi` at store label `store`, or "no clear winner" (`-` when the
/// scenario has a single policy, or the KPI has no better side).
pub fn best_label(r: &ExperimentResult, store: usize, kpi: usize) -> String {
    if r.scenario.policies.len() < 2 {
        return "-".into();
    }
    let series: Vec<Vec<f64>> = (0..r.scenario.policies.len())
        .map(|p| r.series(p, store, kpi))
        .collect();
    let higher = match KPIS[kpi].direction {
        Direction::HigherIsBetter => true,
        Direction::LowerIsBetter => false,
        // No better side, so no best policy.
        Direction::Neutral => return "-".into(),
    };
    match best_policy(&series, higher, r.plan.confidence) {
        Some(p) => r.scenario.policies[p].name.clone(),
        None => "no clear winner".into(),
    }
}

/// `policy,baseline,store,kpi,diff_mean,ci_low,ci_high,rel_change,significant,confidence,
/// variance_reduction,best`: paired differences per replication against the baseline
/// policy, at the Bonferroni-adjusted `confidence`; `variance_reduction` is the share of the
/// difference's variance that common random numbers removed; `best` names the policy that
/// multiple comparisons with the best single out at the run's confidence, or says
/// "no clear winner"; `verdict` is `better`, `worse`, `higher` or `lower` (a diagnostic),
/// `negligible` (clear but under the practical threshold of [`crate::report::words::negligible`])
/// or `unclear` (the interval contains 0).
pub fn comparison_csv(r: &ExperimentResult) -> Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(COMPARISON_COLUMNS)?;
    let labels = r.store_labels();
    let base_name = r.scenario.policies[r.scenario.baseline].name.as_str();
    let level = r.comparison_confidence();
    for row in comparisons(r) {
        let c = &row.paired;
        w.write_record([
            r.scenario.policies[row.policy].name.as_str(),
            base_name,
            labels[row.store].as_str(),
            KPIS[row.kpi].name,
            &format_value(c.diff.mean),
            &format_value(c.diff.ci_low),
            &format_value(c.diff.ci_high),
            &format_value(c.rel_change),
            if c.significant { "true" } else { "false" },
            &format_value(level),
            &format_value(c.variance_reduction),
            &row.best,
            row.verdict.key(),
        ])?;
    }
    finish(w)
}

/// One comparison of a policy with the baseline, for one store label and one KPI.
pub(crate) struct ComparisonRow {
    /// index of the policy
    pub policy: usize,
    /// index into `store_labels()`
    pub store: usize,
    /// index into the KPI catalogue
    pub kpi: usize,
    /// the paired difference at the comparison level
    pub paired: crate::experiment::stats::PairedComparison,
    /// the verdict of [`judge`]
    pub verdict: crate::report::words::Verdict,
    /// the best policy's name, or "no clear winner"
    pub best: String,
}

/// Every comparison with the baseline (non-baseline policies, then store labels, then KPIs in
/// catalogue order): what `comparison.csv` and `--format json` both write.
pub(crate) fn comparisons(r: &ExperimentResult) -> Vec<ComparisonRow> {
    let level = r.comparison_confidence();
    let b = r.scenario.baseline;
    let mut rows = Vec::new();
    for p in (0..r.scenario.policies.len()).filter(|&p| p != b) {
        for si in 0..r.store_labels().len() {
            for (k, def) in KPIS.iter().enumerate() {
                let base = r.series(b, si, k);
                let c = paired(&r.series(p, si, k), &base, level);
                let base_mean = summarize(&base, r.plan.confidence).mean;
                let verdict = judge(
                    Some(def),
                    c.diff.mean,
                    c.diff.ci_low,
                    c.diff.ci_high,
                    base_mean,
                );
                rows.push(ComparisonRow {
                    policy: p,
                    store: si,
                    kpi: k,
                    paired: c,
                    verdict,
                    best: best_label(r, si, k),
                });
            }
        }
    }
    rows
}
