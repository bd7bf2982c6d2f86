//! The forest plot: every KPI's relative change versus the baseline, outcomes apart from
//! diagnostics, and the changes of KPIs whose baseline mean is 0 in their own unit.

use super::kpis::class_of;
use super::{
    baseline_mean, colour_of_verdict, comparison_level, def, judged, pick_store, section,
    shown_policies, word,
};
use crate::kpis::Kind;
use crate::report::html::charts::{self, ForestRow};
use crate::report::html::inputs::{Difference, Inputs};
use crate::report::html::svg::esc;
use crate::report::words;

/// Most relative change the forest's axis shows; a value beyond it gets an arrow.
const CLIP_PERCENT: f64 = 200.0;

/// The comparisons the forest shows: the chosen store, shown policies; and whether several
/// policies share it (then each row names its policy).
fn shown(inp: &Inputs) -> Option<(String, Vec<&Difference>, bool)> {
    let store = pick_store(inp.comparison.iter().map(|c| &c.store))?;
    let several = {
        let mut p: Vec<&String> = inp.comparison.iter().map(|c| &c.policy).collect();
        p.dedup();
        p.len() > 1
    };
    let policies = shown_policies(inp);
    let several = several && policies.len() > 2;
    let rows = inp
        .comparison
        .iter()
        .filter(|c| c.store == store && policies.contains(&c.policy))
        .collect();
    Some((store, rows, several))
}

/// A row's label: the KPI's readable label (and its policy when several are shown).
fn label_of(c: &Difference, several: bool) -> String {
    let label = def(&c.kpi).map_or(c.kpi.as_str(), |d| d.label);
    if several {
        format!("{label} ({})", c.policy)
    } else {
        label.to_string()
    }
}

/// The forest plot of every KPI's relative change versus the baseline, or None: outcomes
/// first, then diagnostics, each largest first.
pub fn forest_svg(inp: &Inputs) -> Option<String> {
    let (store, comparisons, several) = shown(inp)?;
    let mut rows: Vec<ForestRow> = Vec::new();
    for c in comparisons {
        let base = baseline_mean(inp, c);
        if !(base.is_finite() && base.abs() > 1e-12) {
            continue;
        }
        let scale = 100.0 / base.abs();
        let v = judged(&c.kpi, c.diff_mean, c.ci_low, c.ci_high, base);
        let diagnostic = def(&c.kpi).is_some_and(|d| d.diagnostic());
        rows.push(ForestRow {
            label: label_of(c, several),
            value: c.diff_mean * scale,
            lo: c.ci_low * scale,
            hi: c.ci_high * scale,
            colour: colour_of_verdict(v),
            verdict: format!("{:+.1}% {}", c.diff_mean * scale, word(v)),
            group: if diagnostic {
                "Diagnostics (utilisations: no better side)".into()
            } else {
                "Outcomes".into()
            },
        });
    }
    if rows.is_empty() {
        return None;
    }
    rows.sort_by(|a, b| {
        (a.group != "Outcomes")
            .cmp(&(b.group != "Outcomes"))
            .then(b.value.abs().total_cmp(&a.value.abs()))
    });
    let baseline = &inp.comparison[0].baseline;
    Some(charts::forest(
        &format!("Change versus {baseline}, every KPI (store {store})"),
        &format!(
            "relative change of the mean versus the baseline [%] (axis clipped at ±{CLIP_PERCENT:.0}%: an arrow marks a value beyond)"
        ),
        &rows,
        Some(CLIP_PERCENT),
    ))
}

/// KPIs whose baseline mean is 0 have no relative change: their change in their own unit.
fn zero_baseline_table(inp: &Inputs) -> String {
    let Some((_, comparisons, several)) = shown(inp) else {
        return String::new();
    };
    let mut b = String::new();
    for c in comparisons {
        let base = baseline_mean(inp, c);
        if base.is_finite() && base.abs() > 1e-12 {
            continue;
        }
        if !c.diff_mean.is_finite() {
            continue;
        }
        let kind = def(&c.kpi).map_or(Kind::Other, |d| d.kind());
        let v = judged(&c.kpi, c.diff_mean, c.ci_low, c.ci_high, base);
        b.push_str(&format!(
            "<tr data-kpi=\"{}\"><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{} <span class=\"{}\">{}</span></td></tr>\n",
            esc(&c.kpi),
            esc(&label_of(c, several)),
            words::value(kind, base),
            words::change_interval(kind, c.diff_mean, c.ci_low, c.ci_high),
            class_of(v),
            esc(word(v))
        ));
    }
    if b.is_empty() {
        return b;
    }
    format!(
        "<h3>KPIs whose baseline is 0</h3>\n<p class=\"note\">No relative change exists from 0, \
         so these are shown in their own unit (shares in percentage points), among them the \
         lever's own effect, the cross-channel task share.</p>\n\
         <table id=\"zero-baseline\">\n<tr><th>KPI</th><th>baseline</th><th>change [interval]</th></tr>\n{b}</table>\n"
    )
}

pub fn forest_section(inp: &Inputs) -> Option<String> {
    let svg = forest_svg(inp);
    let zero = zero_baseline_table(inp);
    if svg.is_none() && zero.is_empty() {
        return None;
    }
    let b = format!(
        "<p class=\"note\">Paired difference per KPI as a share of the baseline's mean, with its \
         {} interval; outcomes first, then diagnostics, each largest first. Blue and <b>+</b>: \
         better by the KPI's direction; vermillion and <b>−</b>: worse; grey: the interval \
         contains 0, the change is negligible, or the KPI is a diagnostic with no better side \
         (its label says only higher or lower).</p>\n{}\n{zero}",
        comparison_level(inp),
        svg.unwrap_or_default()
    );
    Some(section(
        "forest",
        "Paired differences versus the baseline",
        &b,
    ))
}
