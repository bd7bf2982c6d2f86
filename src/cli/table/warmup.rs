//! The warm-up pilot in the terminal: the smoothed series and the suggested warm-up.

use super::{NARROW, clip, wrap};
use crate::experiment::warmup::{VARIABLES, WarmupResult};
use crate::kpis::Kind;
use crate::report::words;
use std::fmt::Write;

/// How each warm-up variable reads: its words and its kind of number.
const READING: [(&str, Kind); VARIABLES.len()] = [
    ("units on hand", Kind::Count),
    ("record accuracy", Kind::Share),
    ("open orders", Kind::Other),
];

/// The warm-up series, smoothed, one row per day, in blocks of variables that fit
/// [`NARROW`] columns (one column per policy under each variable); then the suggestion.
pub fn warmup_table(r: &WarmupResult, current: u32) -> String {
    let mut out = String::new();
    let intro = format!(
        "Warm-up pilot: {} replications x {} days per policy, nothing discarded; Welch moving \
         average over {} days.",
        r.plan.replications,
        r.plan.days,
        2 * r.plan.window + 1
    );
    out.push_str(&wrap(&intro, NARROW));
    let days = r.policies.first().map_or(0, |p| p.smoothed[0].len());
    // cells[variable][policy][day] and each variable's column width.
    let cells: Vec<Vec<Vec<String>>> = (0..VARIABLES.len())
        .map(|v| {
            r.policies
                .iter()
                .map(|p| {
                    p.smoothed[v]
                        .iter()
                        .map(|&x| words::value(READING[v].1, x))
                        .collect()
                })
                .collect()
        })
        .collect();
    let names: Vec<String> = r.policies.iter().map(|p| clip(&p.policy, 12)).collect();
    let col_w: Vec<usize> = cells
        .iter()
        .map(|per_policy| {
            per_policy
                .iter()
                .flatten()
                .chain(&names)
                .map(|c| c.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let block_w = |v: usize| (col_w[v] + 2) * names.len().max(1) + 2;
    let day_w = 4;
    let mut v = 0;
    while v < VARIABLES.len() {
        // As many variables as fit beside the day column (at least one).
        let mut end = v + 1;
        let mut width = day_w + block_w(v);
        while end < VARIABLES.len() && width + block_w(end) <= NARROW {
            width += block_w(end);
            end += 1;
        }
        out.push('\n');
        let mut head = format!("{:>day_w$}", "");
        let mut sub = format!("{:>day_w$}", "day");
        for var in v..end {
            let w = block_w(var) - 2;
            let _ = write!(head, "  {:>w$}", READING[var].0);
            for name in &names {
                let _ = write!(sub, "  {name:>cw$}", cw = col_w[var]);
            }
            sub.push_str("  ");
        }
        let _ = writeln!(out, "{}", head.trim_end());
        let _ = writeln!(out, "{}", sub.trim_end());
        for day in 0..days {
            let mut line = format!("{day:>day_w$}");
            for var in v..end {
                for per_policy in &cells[var] {
                    let _ = write!(line, "  {:>cw$}", per_policy[day], cw = col_w[var]);
                }
                line.push_str("  ");
            }
            let _ = writeln!(out, "{}", line.trim_end());
        }
        v = end;
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
        out.push_str(&wrap(
            "caution: the suggestion sits at the limit the rule can see (half the pilot); run a \
             longer pilot with --days",
            NARROW,
        ));
    }
    out
}
