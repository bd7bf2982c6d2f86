//! The forest plot: every KPI's relative change versus the baseline.

use super::{comparison_level, pick_store, section, shown_policies, verdict};
use crate::report::html::charts::{self, ForestRow};
use crate::report::html::inputs::Inputs;

/// The forest plot of every KPI's relative change versus the baseline, or None.
pub fn forest_svg(inp: &Inputs) -> Option<String> {
    let store = pick_store(inp.comparison.iter().map(|c| &c.store))?;
    let several = {
        let mut p: Vec<&String> = inp.comparison.iter().map(|c| &c.policy).collect();
        p.dedup();
        p.len() > 1
    };
    let shown = shown_policies(inp);
    let several = several && shown.len() > 2;
    let mut rows: Vec<ForestRow> = Vec::new();
    for c in inp
        .comparison
        .iter()
        .filter(|c| c.store == store && shown.contains(&c.policy))
    {
        let base = inp
            .summary
            .iter()
            .find(|e| e.policy == c.baseline && e.kpi == c.kpi && e.store == store)
            .map(|e| e.mean)
            .or_else(|| Some(c.diff_mean / c.rel_change))
            .filter(|b| b.is_finite() && b.abs() > 1e-12);
        let Some(base) = base else { continue };
        let scale = 100.0 / base.abs();
        let (word, _, colour) = verdict(&c.kpi, c.diff_mean, c.ci_low, c.ci_high);
        let label = if several {
            format!("{} ({})", c.kpi, c.policy)
        } else {
            c.kpi.clone()
        };
        rows.push(ForestRow {
            label,
            value: c.diff_mean * scale,
            lo: c.ci_low * scale,
            hi: c.ci_high * scale,
            colour,
            verdict: format!("{:+.1}% {word}", c.diff_mean * scale),
        });
    }
    if rows.is_empty() {
        return None;
    }
    rows.sort_by(|a, b| b.value.abs().total_cmp(&a.value.abs()));
    let baseline = &inp.comparison[0].baseline;
    Some(charts::forest(
        &format!("Change versus {baseline}, every KPI (store {store})"),
        "relative change of the mean versus the baseline [%] (axis clipped at ±200%)",
        &rows,
        Some(200.0),
    ))
}

pub fn forest_section(inp: &Inputs) -> Option<String> {
    let svg = forest_svg(inp)?;
    let b = format!(
        "<p class=\"note\">Paired difference per KPI as a share of the baseline's mean, with its \
         {} interval, largest first. Blue and <b>+</b>: better by the KPI's direction; \
         vermillion and <b>−</b>: worse; grey: the interval contains 0, or the KPI is a diagnostic with no better side, such as one skill's utilisation (its label says only higher or lower). KPIs whose baseline mean \
         is 0 are left out.</p>\n{svg}\n",
        comparison_level(inp)
    );
    Some(section(
        "forest",
        "Paired differences versus the baseline",
        &b,
    ))
}
