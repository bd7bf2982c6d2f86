//! The terminal summary: headline KPIs per policy with their intervals, the change versus the
//! baseline (Bonferroni-adjusted), marked better or worse by the KPI's direction, and the best
//! policy where the evidence separates one.

mod effects;
mod sweep;
mod warmup;
mod wide;

pub use effects::{effects_table, effects_table_wide};
pub use sweep::sweep_table;
pub use warmup::warmup_table;
pub use wide::render_wide;

use crate::experiment::ExperimentResult;
use crate::experiment::precision::{PrecisionOutcome, Reached};
use crate::experiment::stats::{paired, summarize};
use crate::report::words;
use crate::sim::KPIS;
use std::fmt::Write;

/// A number for the terminal: about four significant digits.
pub fn number(v: f64) -> String {
    if !v.is_finite() {
        return "-".into();
    }
    let a = v.abs();
    if a > 0.0 && a < 0.001 {
        format!("{v:.1e}")
    } else if a >= 1000.0 {
        format!("{v:.0}")
    } else if a >= 100.0 {
        format!("{v:.1}")
    } else if a >= 1.0 {
        format!("{v:.2}")
    } else {
        format!("{v:.3}")
    }
}

/// Columns of the default table: it fits a projector or an 100-column terminal.
pub const NARROW: usize = 100;

/// Renders the default table for the `all` store label, at most [`NARROW`] columns: one
/// block per policy compared with the baseline (KPI label, the two means, the change with
/// its interval, the verdict), then the summary in words. A single-policy run gets each
/// KPI's mean with its interval.
pub fn render(r: &ExperimentResult) -> String {
    let store = r.scenario.stores.len(); // index of `all`
    let b = r.scenario.baseline;
    let policies = &r.scenario.policies;
    let confidence = r.plan.confidence;
    let level = r.comparison_confidence();
    let rows = narrow_rows();
    let label_w = rows
        .iter()
        .map(|(_, l)| l.chars().count())
        .max()
        .unwrap_or(3);
    let mean = |p: usize, k: usize| summarize(&r.series(p, store, k), confidence).mean;
    let mut out = String::new();
    if policies.len() == 1 {
        let _ = writeln!(
            out,
            "{:<label_w$}  {}, all stores: mean [interval]",
            "KPI", policies[0].name
        );
        for (k, label) in &rows {
            let kind = KPIS[*k].kind();
            let s = summarize(&r.series(0, store, *k), confidence);
            let _ = writeln!(
                out,
                "{label:<label_w$}  {} [{}, {}]",
                words::value(kind, s.mean),
                words::value(kind, s.ci_low),
                words::value(kind, s.ci_high)
            );
        }
        return out;
    }
    let mut sentences = Vec::new();
    for (p, policy) in policies.iter().enumerate() {
        if p == b {
            continue;
        }
        let base_name = &policies[b].name;
        let mut cells: Vec<[String; 5]> = Vec::with_capacity(rows.len());
        let mut changes = Vec::new();
        for (k, label) in &rows {
            let def = &KPIS[*k];
            let kind = def.kind();
            let base = mean(b, *k);
            let c = paired(&r.series(p, store, *k), &r.series(b, store, *k), level);
            let verdict = words::judge(Some(def), c.diff.mean, c.diff.ci_low, c.diff.ci_high, base);
            if def.headline {
                changes.push(words::Change {
                    def,
                    diff: c.diff.mean,
                    lo: c.diff.ci_low,
                    hi: c.diff.ci_high,
                    verdict,
                });
            }
            cells.push([
                label.clone(),
                words::value(kind, base),
                words::value(kind, mean(p, *k)),
                words::change_interval(kind, c.diff.mean, c.diff.ci_low, c.diff.ci_high),
                verdict.word().to_string(),
            ]);
        }
        let head = [
            "KPI".to_string(),
            clip(base_name, 12),
            clip(&policy.name, 12),
            "change [interval]".to_string(),
            String::new(),
        ];
        let width = |i: usize| {
            cells
                .iter()
                .chain(std::iter::once(&head))
                .map(|c| c[i].chars().count())
                .max()
                .unwrap_or(0)
        };
        let w: Vec<usize> = (0..5).map(width).collect();
        let _ = writeln!(out, "{} vs {}, all stores", policy.name, base_name);
        for row in std::iter::once(&head).chain(cells.iter()) {
            let line = format!(
                "{:<w0$}  {:>w1$}  {:>w2$}  {:<w3$}  {}",
                row[0],
                row[1],
                row[2],
                row[3],
                row[4],
                w0 = w[0],
                w1 = w[1],
                w2 = w[2],
                w3 = w[3]
            );
            let _ = writeln!(out, "{}", line.trim_end());
        }
        out.push('\n');
        sentences.push(words::summary_sentence(&policy.name, base_name, &changes));
    }
    let wrapped: Vec<String> = sentences.iter().map(|s| wrap(s, NARROW)).collect();
    out.push_str(&wrapped.join("\n"));
    out
}

/// The rows of the default table: the headline KPIs by label, with the lost-sales causes
/// under their total (indented, without the repeated "Lost sales: ").
fn narrow_rows() -> Vec<(usize, String)> {
    table_rows()
        .into_iter()
        .map(|(k, _)| {
            let label = KPIS[k].label;
            match label.strip_prefix("Lost sales: ") {
                Some(cause) => (k, format!("  {cause}")),
                None => (k, label.to_string()),
            }
        })
        .collect()
}

/// At most `n` characters, with `…` when cut.
fn clip(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut c: String = s.chars().take(n - 1).collect();
        c.push('…');
        c
    }
}

/// Text wrapped at spaces to lines of at most `width` characters (a longer word gets a
/// line of its own).
pub fn wrap(text: &str, width: usize) -> String {
    let mut out = String::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            out.push_str(&line);
            out.push('\n');
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        out.push_str(&line);
        out.push('\n');
    }
    out
}

/// The rows of the table: the headline KPIs, with the lost-sales causes under their total
/// (indented), so the table says where sales are lost.
fn table_rows() -> Vec<(usize, String)> {
    let mut rows = Vec::new();
    for (k, def) in KPIS.iter().enumerate().filter(|(_, d)| d.headline) {
        rows.push((k, def.name.to_string()));
        if def.name == "lost_sales_revenue" {
            for (c, cause) in KPIS.iter().enumerate() {
                if let Some(short) = cause.name.strip_prefix("lost_sales_")
                    && c != k
                {
                    rows.push((c, format!("  {short}")));
                }
            }
        }
    }
    rows
}

/// The line that says which levels the table uses (and, for the wide table, its best column).
pub fn levels_note(r: &ExperimentResult, wide: bool) -> String {
    let pct = pct_level;
    let family = pct(r.plan.confidence);
    let m = r.comparisons();
    let mut note = format!("{family} intervals; change = paired difference per replication");
    if m > 1 {
        let _ = write!(
            note,
            " at {} each (Bonferroni: {m} comparisons with the baseline, {family} together)",
            pct(r.comparison_confidence())
        );
    }
    if wide {
        let _ = write!(
            note,
            "; best = multiple comparisons with the best at {family}"
        );
    }
    note
}

fn pct(x: f64) -> String {
    if x.is_finite() {
        format!("{:.2}%", 100.0 * x)
    } else if x.is_nan() {
        "undefined".into()
    } else {
        "unbounded (mean 0)".into()
    }
}

/// `policy / kpi` of one precision entry.
fn which(r: &ExperimentResult, x: &Reached) -> String {
    format!(
        "{} / {}",
        r.scenario.policies[x.policy].name, KPIS[x.kpi].name
    )
}

/// What the precision loop did: the replications used, and whether the cap stopped it.
pub fn precision_note(r: &ExperimentResult, o: &PrecisionOutcome) -> String {
    let mut out = String::new();
    let target = o.target.relative_half_width;
    let steps: Vec<String> = o.steps.iter().map(u32::to_string).collect();
    let unchecked = o.unchecked();
    if o.met {
        let _ = writeln!(
            out,
            "precision: every named KPI{} of every policy within ±{} of its mean after {} replications (steps {})",
            if unchecked.is_empty() {
                ""
            } else {
                " that is defined"
            },
            pct(target),
            r.plan.replications,
            steps.join(" -> ")
        );
    } else {
        let _ = writeln!(
            out,
            "PRECISION NOT REACHED: stopped by the cap of {} replications (steps {}) before ±{}; still wider:",
            o.target.max_replications,
            steps.join(" -> "),
            pct(target)
        );
        for m in o.missed() {
            let _ = writeln!(out, "  {}: ±{} of the mean", which(r, m), pct(m.relative));
        }
    }
    for u in &unchecked {
        let _ = writeln!(
            out,
            "not checked: {} is undefined in every replication",
            which(r, u)
        );
    }
    let worst = o
        .reached
        .iter()
        .filter(|x| x.relative.is_finite())
        .max_by(|a, b| a.relative.total_cmp(&b.relative));
    if let Some(w) = worst {
        let _ = writeln!(out, "widest: {} at ±{}", which(r, w), pct(w.relative));
    }
    out.push('\n');
    out
}

/// A confidence level as a percentage without trailing zeros: 0.95 -> "95%", 0.975 -> "97.5%".
pub fn pct_level(x: f64) -> String {
    let s = format!("{:.3}", 100.0 * x);
    let s = s.trim_end_matches('0').trim_end_matches('.').to_string();
    format!("{s}%")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_keeps_lines_within_the_width() {
        let text = "Against siloed, aligned cuts lost sales by 1,234 [968, 1,500] (better) and raises labour cost by 410 [380, 440] (worse).";
        let w = wrap(text, 40);
        assert!(w.lines().all(|l| l.chars().count() <= 40), "{w}");
        assert_eq!(w.split_whitespace().collect::<Vec<_>>().join(" "), text);
        assert_eq!(clip("a-very-long-policy-name", 8), "a-very-…");
        assert_eq!(clip("short", 8), "short");
    }

    #[test]
    fn the_default_rows_fit_beside_the_numbers() {
        let rows = narrow_rows();
        assert!(rows.iter().all(|(_, l)| l.chars().count() <= 26));
        assert!(rows.iter().any(|(_, l)| l == "  empty shelf"));
    }
}
