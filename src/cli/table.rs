//! The terminal summary: headline KPIs per policy with 95% intervals and the change versus
//! the baseline, marked better or worse by the KPI's direction.

use crate::experiment::ExperimentResult;
use crate::experiment::stats::{paired, summarize};
use crate::report::CONFIDENCE;
use crate::sim::{Direction, KPIS};
use std::fmt::Write;

fn number(v: f64) -> String {
    if !v.is_finite() {
        return "-".into();
    }
    let a = v.abs();
    if a >= 1000.0 {
        format!("{v:.0}")
    } else if a >= 100.0 {
        format!("{v:.1}")
    } else if a >= 1.0 {
        format!("{v:.2}")
    } else {
        format!("{v:.3}")
    }
}

/// Renders the table for the `all` store label.
pub fn render(r: &ExperimentResult) -> String {
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
                "  {:<32}",
                format!("{} vs {}", p.name, policies[b].name)
            );
        }
    }
    out.push('\n');
    for (k, def) in KPIS.iter().enumerate().filter(|(_, d)| d.headline) {
        let _ = write!(out, "{:<28} {:<10}", def.name, def.unit);
        for p in 0..policies.len() {
            let s = summarize(&r.series(p, store, k), CONFIDENCE);
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
            let c = paired(&r.series(p, store, k), &r.series(b, store, k), CONFIDENCE);
            let verdict = if !c.significant {
                "  no clear difference".to_string()
            } else {
                let better = (c.diff.mean > 0.0) == (def.direction == Direction::HigherIsBetter);
                if better {
                    "  + better".into()
                } else {
                    "  - worse".into()
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
                "  {:<32}",
                format!("{sign}{}{rel}{verdict}", number(c.diff.mean))
            );
        }
        out.push('\n');
    }
    out
}
