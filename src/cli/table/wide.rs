//! The wide table (`--wide`): every policy by KPI id, for a wide terminal or a log.

use super::{number, table_rows};
use crate::experiment::ExperimentResult;
use crate::experiment::stats::{paired, summarize};
use crate::report::best_label;
use crate::sim::KPIS;
use std::fmt::Write;

/// Renders the wide table (`--wide`) for the `all` store label: every policy's mean ± half
/// width, each change versus the baseline, and the best policy, by KPI id.
pub fn render_wide(r: &ExperimentResult) -> String {
    let store = r.scenario.stores.len(); // index of `all`
    let b = r.scenario.baseline;
    let policies = &r.scenario.policies;
    let mut out = String::new();
    let width = 22;
    let _ = write!(out, "{:<28} {:<10}", "KPI (all stores)", "unit");
    for p in policies {
        let _ = write!(out, " {:>width$}", p.name);
    }
    for (i, p) in policies.iter().enumerate() {
        if i != b {
            let _ = write!(
                out,
                "  {:<36}",
                format!("{} vs {}", p.name, policies[b].name)
            );
        }
    }
    let _ = write!(out, "  best");
    out.push('\n');
    let confidence = r.plan.confidence;
    let level = r.comparison_confidence();
    for (k, label) in table_rows() {
        let def = &KPIS[k];
        let _ = write!(out, "{:<28} {:<10}", label, def.unit);
        for p in 0..policies.len() {
            let s = summarize(&r.series(p, store, k), confidence);
            let cell = if s.half_width().is_finite() {
                format!("{} ± {}", number(s.mean), number(s.half_width()))
            } else {
                number(s.mean)
            };
            let _ = write!(out, " {cell:>width$}");
        }
        for p in 0..policies.len() {
            if p == b {
                continue;
            }
            let c = paired(&r.series(p, store, k), &r.series(b, store, k), level);
            let verdict = if !c.significant {
                "  no clear difference".to_string()
            } else {
                match def.direction.improves(c.diff.mean) {
                    Some(true) => "  + better".into(),
                    Some(false) => "  - worse".into(),
                    None if c.diff.mean > 0.0 => "  higher".into(),
                    None => "  lower".into(),
                }
            };
            let rel = if c.rel_change.is_finite() {
                format!(" ({:+.1}%)", 100.0 * c.rel_change)
            } else {
                String::new()
            };
            let sign = if c.diff.mean >= 0.0 { "+" } else { "" };
            let _ = write!(
                out,
                "  {:<36}",
                format!("{sign}{}{rel}{verdict}", number(c.diff.mean))
            );
        }
        let _ = write!(out, "  {}", best_label(r, store, k));
        out.push('\n');
    }
    out
}
