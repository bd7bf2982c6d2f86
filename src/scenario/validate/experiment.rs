//! `\[experiment\]`: confidence, precision and factorial settings.

use super::checker::{Checker, shown};
use crate::scenario::model::*;
use crate::scenario::raw::RawExperiment;

/// `\[experiment\]`: levels and designs, with policies named by their index.
pub(super) fn experiment(
    c: &mut Checker,
    e: RawExperiment,
    policies: &[Policy],
    baseline: usize,
) -> ExperimentSpec {
    let d = ExperimentSpec::default();
    let confidence = match e.confidence {
        Some(x) if !(0.5..1.0).contains(&x) => {
            c.err(
                "experiment.confidence",
                format!(
                    "expected a level of at least 0.5 and below 1 (e.g. 0.95), got {}",
                    shown(x)
                ),
            );
            d.confidence
        }
        v => v.unwrap_or(d.confidence),
    };
    let precision = match e.precision {
        Some(x) if !(x > 0.0 && x < 1.0) => {
            c.err(
                "experiment.precision",
                format!(
                    "expected a relative half-width above 0 and below 1 (e.g. 0.02), got {}",
                    shown(x)
                ),
            );
            None
        }
        v => v,
    };
    let kpi_names: Vec<&str> = crate::kpis::KPIS.iter().map(|k| k.name).collect();
    let precision_kpis = e.precision_kpis.unwrap_or_default();
    for k in &precision_kpis {
        if !kpi_names.contains(&k.as_str()) {
            let hint = crate::scenario::error::nearest(k, &kpi_names)
                .map(|n| format!(" (did you mean \"{n}\"?)"))
                .unwrap_or_default();
            c.err(
                "experiment.precision_kpis",
                format!("unknown KPI \"{k}\"{hint}; `omnisim kpis` lists them"),
            );
        }
    }
    let max_replications = c.count(
        "experiment.max_replications",
        e.max_replications,
        d.max_replications,
        2,
        1_000_000,
    );
    let mut policy = |field: &str, name: Option<String>| {
        let name = name?;
        let found = policies.iter().position(|p| p.name == name);
        if found.is_none() {
            let names: Vec<&str> = policies.iter().map(|p| p.name.as_str()).collect();
            c.err(
                format!("experiment.{field}"),
                format!(
                    "no policy is named \"{name}\" (policies: {})",
                    names.join(", ")
                ),
            );
        }
        found
    };
    let factorial_low = policy("factorial_low", e.factorial_low);
    let factorial_high = policy("factorial_high", e.factorial_high);
    let factorial = e.factorial.unwrap_or(false);
    if factorial && policies.len() < 2 {
        c.err(
            "experiment.factorial",
            "the factorial of the levers needs two policies (its low and high settings)",
        );
    } else if factorial_low.unwrap_or(baseline) == factorial_high.unwrap_or(usize::MAX) {
        c.err(
            "experiment.factorial_high",
            format!(
                "the factorial's high policy must differ from its low one (\"{}\"{})",
                policies[factorial_low.unwrap_or(baseline)].name,
                if factorial_low.is_none() {
                    ", the baseline"
                } else {
                    ""
                }
            ),
        );
    }
    ExperimentSpec {
        confidence,
        precision,
        precision_kpis,
        max_replications,
        factorial,
        factorial_low,
        factorial_high,
    }
}
