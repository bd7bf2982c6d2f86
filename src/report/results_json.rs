//! `omnisim run --format json`: the experiment's results as one JSON document for scripts,
//! with the numbers of summary.csv and comparison.csv (the same estimates, computed the same
//! way), each KPI's readable label and unit, and the verdict on each change.

use crate::error::Result;
use crate::experiment::ExperimentResult;
use crate::experiment::stats::summarize;
use crate::sim::KPIS;
use serde::Serialize;
use std::path::PathBuf;

#[derive(Serialize)]
struct Results<'a> {
    omnisim_version: &'a str,
    scenario: &'a str,
    seed: u64,
    replications: u32,
    /// family-wise level of every interval
    confidence: f64,
    /// level of each comparison with the baseline (Bonferroni)
    comparison_confidence: f64,
    baseline: &'a str,
    policies: Vec<&'a str>,
    /// store labels: each store, then `all`
    stores: Vec<String>,
    summary: Vec<Estimate<'a>>,
    comparison: Vec<Comparison<'a>>,
    /// the files written
    files: Vec<String>,
}

/// One row of summary.csv, with the KPI's label and unit.
#[derive(Serialize)]
struct Estimate<'a> {
    policy: &'a str,
    store: String,
    kpi: &'a str,
    label: &'a str,
    unit: &'a str,
    mean: Option<f64>,
    std_dev: Option<f64>,
    ci_low: Option<f64>,
    ci_high: Option<f64>,
    n: usize,
}

/// One row of comparison.csv.
#[derive(Serialize)]
struct Comparison<'a> {
    policy: &'a str,
    baseline: &'a str,
    store: String,
    kpi: &'a str,
    diff_mean: Option<f64>,
    ci_low: Option<f64>,
    ci_high: Option<f64>,
    rel_change: Option<f64>,
    significant: bool,
    verdict: &'static str,
    best: String,
}

/// A number, or null when undefined (JSON has no NaN).
fn finite(v: f64) -> Option<f64> {
    v.is_finite().then_some(v)
}

/// The document, pretty-printed, ending in a newline.
pub fn results_json(r: &ExperimentResult, files: &[PathBuf]) -> Result<Vec<u8>> {
    let labels = r.store_labels();
    let b = r.scenario.baseline;
    let base_name = r.scenario.policies[b].name.as_str();
    let level = r.comparison_confidence();
    let mut summary = Vec::new();
    let mut comparison = Vec::new();
    for (p, policy) in r.scenario.policies.iter().enumerate() {
        for (si, label) in labels.iter().enumerate() {
            for (k, def) in KPIS.iter().enumerate() {
                let s = summarize(&r.series(p, si, k), r.plan.confidence);
                summary.push(Estimate {
                    policy: &policy.name,
                    store: label.clone(),
                    kpi: def.name,
                    label: def.label,
                    unit: def.unit,
                    mean: finite(s.mean),
                    std_dev: finite(s.std_dev),
                    ci_low: finite(s.ci_low),
                    ci_high: finite(s.ci_high),
                    n: s.n,
                });
            }
        }
    }
    for row in crate::report::csv_out::comparisons(r) {
        let c = &row.paired;
        comparison.push(Comparison {
            policy: &r.scenario.policies[row.policy].name,
            baseline: base_name,
            store: labels[row.store].clone(),
            kpi: KPIS[row.kpi].name,
            diff_mean: finite(c.diff.mean),
            ci_low: finite(c.diff.ci_low),
            ci_high: finite(c.diff.ci_high),
            rel_change: finite(c.rel_change),
            significant: c.significant,
            verdict: row.verdict.key(),
            best: row.best,
        });
    }
    let doc = Results {
        omnisim_version: env!("CARGO_PKG_VERSION"),
        scenario: &r.scenario.name,
        seed: r.plan.seed,
        replications: r.plan.replications,
        confidence: r.plan.confidence,
        comparison_confidence: level,
        baseline: base_name,
        policies: r
            .scenario
            .policies
            .iter()
            .map(|p| p.name.as_str())
            .collect(),
        stores: labels,
        summary,
        comparison,
        files: files.iter().map(|f| f.display().to_string()).collect(),
    };
    let mut bytes = serde_json::to_vec_pretty(&doc)?;
    bytes.push(b'\n');
    Ok(bytes)
}
