//! The warm-up pilot in the terminal: the smoothed series and the suggested warm-up.

use super::number;
use crate::experiment::warmup::{VARIABLES, WarmupResult};
use std::fmt::Write;

/// The warm-up series, smoothed, one row per day; then the suggestion.
pub fn warmup_table(r: &WarmupResult, current: u32) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Warm-up pilot: {} replications x {} days per policy, nothing discarded; Welch moving average over {} days",
        r.plan.replications,
        r.plan.days,
        2 * r.plan.window + 1
    );
    let _ = write!(out, "{:>4}", "day");
    for p in &r.policies {
        for v in VARIABLES {
            let _ = write!(out, " {:>24}", format!("{}:{v}", p.policy));
        }
    }
    out.push('\n');
    let days = r.policies.first().map_or(0, |p| p.smoothed[0].len());
    for day in 0..days {
        let _ = write!(out, "{day:>4}");
        for p in &r.policies {
            for v in 0..VARIABLES.len() {
                let _ = write!(out, " {:>24}", number(p.smoothed[v][day]));
            }
        }
        out.push('\n');
    }
    out.push('\n');
    for p in &r.policies {
        let parts: Vec<String> = VARIABLES
            .iter()
            .zip(&p.suggested)
            .map(|(v, d)| format!("{v} {d} d"))
            .collect();
        let _ = writeln!(
            out,
            "MSER truncation (weekly batches), {}: {}",
            p.policy,
            parts.join(", ")
        );
    }
    let _ = writeln!(
        out,
        "suggested warm-up: {} days (the scenario has warmup_days = {current})",
        r.suggested_days
    );
    if r.at_limit {
        let _ = writeln!(
            out,
            "caution: the suggestion sits at the limit the rule can see (half the pilot); run a longer pilot with --days"
        );
    }
    out
}
