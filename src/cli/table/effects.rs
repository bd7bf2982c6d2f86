//! The factorial design's main effects in the terminal.

use super::{NARROW, number, wrap};
use crate::experiment::ExperimentResult;
use crate::experiment::factorial::{Effect, LEVERS, lead};
use crate::report::words;
use crate::sim::KPIS;
use std::fmt::Write;

/// Main effects of the headline KPIs, all stores, in at most [`NARROW`] columns: one row per
/// KPI by its label, one column per lever (the change in the KPI's terms, `*` when its
/// interval excludes 0), then which lever matters most where the evidence says so.
pub fn effects_table(r: &ExperimentResult, effects: &[Effect], low: &str, high: &str) -> String {
    let all = r.scenario.stores.len();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Main effects of the levers, all stores, from \"{low}\" to \"{high}\""
    );
    let intro = format!(
        "The mean change when one lever goes from low to high, averaged over the other levers' \
         settings (2^5 design, {} replications per point); * = the interval excludes 0; --wide \
         shows every interval.",
        r.plan.replications
    );
    out.push_str(&wrap(&intro, NARROW));
    out.push('\n');
    let headline: Vec<usize> = (0..KPIS.len()).filter(|&k| KPIS[k].headline).collect();
    // cells[row][lever]: the change with its mark.
    let cells: Vec<Vec<String>> = headline
        .iter()
        .map(|&k| {
            (0..LEVERS.len())
                .map(|l| {
                    let e = effects
                        .iter()
                        .find(|e| e.levers == [l] && e.store == all && e.kpi == k);
                    match e {
                        Some(e) => {
                            let mark = if e.significant() { "*" } else { " " };
                            format!("{}{mark}", words::change(KPIS[k].kind(), e.summary.mean))
                        }
                        None => "- ".into(),
                    }
                })
                .collect()
        })
        .collect();
    let label_w = headline
        .iter()
        .map(|&k| KPIS[k].label.chars().count())
        .chain(std::iter::once(3))
        .max()
        .unwrap_or(3);
    let col_w: Vec<usize> = (0..LEVERS.len())
        .map(|l| {
            cells
                .iter()
                .map(|row| row[l].chars().count())
                .chain(std::iter::once(LEVERS[l].len() + 1))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut header = format!("{:<label_w$}", "KPI");
    for (l, w) in col_w.iter().enumerate() {
        // The header sits over the numbers, not over the marks' column.
        let _ = write!(header, "  {:>w$}", format!("{} ", LEVERS[l]));
    }
    let _ = writeln!(out, "{}", header.trim_end());
    for (row, &k) in cells.iter().zip(&headline) {
        let mut line = format!("{:<label_w$}", KPIS[k].label);
        for (cell, w) in row.iter().zip(&col_w) {
            let _ = write!(line, "  {cell:>w$}");
        }
        let _ = writeln!(out, "{}", line.trim_end());
    }
    out.push('\n');
    let mut clear = Vec::new();
    let mut unclear = Vec::new();
    for &k in &headline {
        let Some(l) = lead(r, all, k) else { continue };
        let label = KPIS[k].label;
        if l.clear() {
            clear.push(format!(
                "  {label}: {}, by {} more than {}",
                LEVERS[l.first],
                words::size(KPIS[k].kind(), l.margin.mean),
                LEVERS[l.second]
            ));
        } else {
            unclear.push(format!(
                "{label} ({} or {})",
                LEVERS[l.first], LEVERS[l.second]
            ));
        }
    }
    let _ = writeln!(
        out,
        "The lever that matters most, where its lead over the runner-up is clear:"
    );
    if clear.is_empty() {
        let _ = writeln!(out, "  none");
    }
    for line in clear {
        let _ = writeln!(out, "{}", line);
    }
    if !unclear.is_empty() {
        let text = format!(
            "Not separated (more replications may tell): {}.",
            unclear.join(", ")
        );
        out.push_str(&wrap(&text, NARROW));
    }
    out
}

fn signed(v: f64) -> String {
    if v >= 0.0 {
        format!("+{}", number(v))
    } else {
        number(v)
    }
}

/// The wide effects table (`--wide`): per KPI id, every main effect with its interval,
/// largest first, and which lever matters most, with the margin's interval.
pub fn effects_table_wide(
    r: &ExperimentResult,
    effects: &[Effect],
    low: &str,
    high: &str,
) -> String {
    let all = r.scenario.stores.len();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Main effects of the levers, all stores: mean change when a lever goes from \"{low}\" to \"{high}\",\naveraged over the other levers' settings (2^5 design, {} replications per point; * = interval excludes 0)",
        r.plan.replications
    );
    let _ = writeln!(
        out,
        "{:<28} {:<10} {:<124} matters most?",
        "KPI", "unit", "main effects, largest first"
    );
    for (k, def) in KPIS.iter().enumerate().filter(|(_, d)| d.headline) {
        let mut main: Vec<&Effect> = effects
            .iter()
            .filter(|e| e.levers.len() == 1 && e.store == all && e.kpi == k)
            .collect();
        main.sort_by(|a, b| b.summary.mean.abs().total_cmp(&a.summary.mean.abs()));
        let _ = write!(out, "{:<28} {:<10}", def.name, def.unit);
        for e in main {
            let mark = if e.significant() { "*" } else { " " };
            let cell = format!(
                "{} ± {}",
                signed(e.summary.mean),
                number(e.summary.half_width())
            );
            let _ = write!(out, " {:>14} {cell:<15}{mark}", e.name);
        }
        if let Some(l) = lead(r, all, k) {
            let verdict = if l.clear() {
                format!(
                    "{}, by {} ± {} over {}",
                    LEVERS[l.first],
                    number(l.margin.mean),
                    number(l.margin.half_width()),
                    LEVERS[l.second]
                )
            } else {
                format!("unclear: {} or {}", LEVERS[l.first], LEVERS[l.second])
            };
            let _ = write!(out, "  {verdict}");
        }
        out.push('\n');
    }
    out
}
