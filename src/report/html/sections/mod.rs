//! The report's sections, one file each, each rendered from the inputs it needs; a section
//! whose inputs are missing is left out. This module holds what the sections share.

mod effects;
mod forest;
mod inventory;
mod kpis;
mod profile;
mod run;
mod summary;
mod sweep;
mod timeline;
mod warmup;

pub use effects::effects_section;
pub use forest::{forest_section, forest_svg};
pub use inventory::inventory_section;
pub use kpis::kpi_section;
pub use profile::profile_section;
pub use run::run_section;
pub use summary::summary_section;
pub use sweep::sweep_section;
pub use timeline::{stacked_timeline_svg, timeline_section, timeline_svgs};
pub use warmup::warmup_section;

use super::charts::Line;
use super::inputs::{Difference, Inputs, Point};
use super::svg::{BETTER, NEUTRAL, WORSE, esc};
use crate::report::words::{self, Verdict};
use crate::sim::{KPIS, KpiDef};
use std::collections::BTreeMap;

pub(super) fn def(kpi: &str) -> Option<&'static KpiDef> {
    KPIS.iter().find(|k| k.name == kpi)
}

/// Policy names in run order (from run.json, else in order of first appearance).
pub(super) fn policies(inp: &Inputs) -> Vec<String> {
    if let Some(r) = &inp.run
        && !r.policies.is_empty()
    {
        return r.policies.clone();
    }
    let mut out: Vec<String> = Vec::new();
    let names = inp
        .summary
        .iter()
        .map(|e| &e.policy)
        .chain(inp.profile.iter().map(|p| &p.policy))
        .chain(inp.daily.iter().map(|p| &p.policy))
        .chain(inp.timeline.iter().map(|b| &b.policy))
        .chain(inp.comparison.iter().flat_map(|c| [&c.baseline, &c.policy]))
        .chain(inp.sweep.iter().map(|p| &p.policy));
    for n in names {
        if !out.contains(n) {
            out.push(n.clone());
        }
    }
    out
}

/// Most policies a chart or table shows; beyond this (a factorial run has 32 design points)
/// the page shows the two ends, the baseline and the last policy.
const MAX_SHOWN_POLICIES: usize = 4;

/// The policies the page's tables and charts show.
pub(super) fn shown_policies(inp: &Inputs) -> Vec<String> {
    let all = policies(inp);
    if all.len() > MAX_SHOWN_POLICIES {
        vec![all[0].clone(), all[all.len() - 1].clone()]
    } else {
        all
    }
}

/// A sentence saying which policies were left out of the page, if any.
pub(super) fn trimmed_note(inp: &Inputs) -> String {
    let all = policies(inp);
    let shown = shown_policies(inp);
    if all.len() == shown.len() {
        return String::new();
    }
    format!(
        "<p class=\"note\">This run has {} policies{}; to stay readable the tables and charts \
         show only <b>{}</b> and <b>{}</b>. Every policy is in <code>summary.csv</code> and \
         <code>comparison.csv</code>.</p>\n",
        all.len(),
        if inp.effects.is_empty() {
            String::new()
        } else {
            " (the 32 points of a factorial design: the levers' effects are charted below)".into()
        },
        esc(&shown[0]),
        esc(&shown[1])
    )
}

pub(super) fn colour_of(inp: &Inputs, policy: &str) -> usize {
    policies(inp).iter().position(|p| p == policy).unwrap_or(0)
}

/// The store label to show: `all` when present, else the first one seen.
pub(super) fn pick_store<'a>(labels: impl Iterator<Item = &'a String>) -> Option<String> {
    let mut first = None;
    for l in labels {
        if l == "all" {
            return Some(l.clone());
        }
        first.get_or_insert_with(|| l.clone());
    }
    first
}

/// The intervals' level as a percentage (`95%`): from run.json, else the default.
pub fn level(inp: &Inputs) -> String {
    let c = inp
        .run
        .as_ref()
        .and_then(|r| r.confidence)
        .unwrap_or(crate::report::CONFIDENCE);
    percent(c)
}

/// The level of each comparison with the baseline (Bonferroni-adjusted with several policies).
pub fn comparison_level(inp: &Inputs) -> String {
    match inp.run.as_ref().and_then(|r| r.comparison_confidence) {
        Some(c) => percent(c),
        None => level(inp),
    }
}

pub(super) fn percent(c: f64) -> String {
    let s = format!("{:.2}", 100.0 * c);
    format!("{}%", s.trim_end_matches('0').trim_end_matches('.'))
}

pub(super) fn section(id: &str, title: &str, body: &str) -> String {
    format!(
        "<section id=\"{id}\">\n<h2>{}</h2>\n{body}</section>\n",
        esc(title)
    )
}

/// The verdict on a change of `kpi` from a baseline mean `base` (NaN when unknown).
pub(super) fn judged(kpi: &str, diff: f64, lo: f64, hi: f64, base: f64) -> Verdict {
    words::judge(def(kpi), diff, lo, hi, base)
}

/// A verdict's words on the page, with a true minus sign.
pub(super) fn word(v: Verdict) -> &'static str {
    match v {
        Verdict::Worse => "− worse",
        _ => v.word(),
    }
}

/// The colour of a verdict: blue better, vermillion worse, grey otherwise.
pub(super) fn colour_of_verdict(v: Verdict) -> &'static str {
    match v {
        Verdict::Better => BETTER,
        Verdict::Worse => WORSE,
        _ => NEUTRAL,
    }
}

/// The baseline policy: run.json names it; without it, comparison.csv does.
pub(super) fn baseline_name(inp: &Inputs) -> Option<String> {
    inp.run
        .as_ref()
        .map(|r| r.baseline.clone())
        .filter(|b| !b.is_empty())
        .or_else(|| inp.comparison.first().map(|c| c.baseline.clone()))
}

/// The baseline's mean of a comparison's KPI: from summary.csv, else the difference over
/// its relative change; NaN when neither tells it.
pub(super) fn baseline_mean(inp: &Inputs, c: &Difference) -> f64 {
    inp.summary
        .iter()
        .find(|e| e.policy == c.baseline && e.kpi == c.kpi && e.store == c.store)
        .map(|e| e.mean)
        .unwrap_or_else(|| {
            if c.rel_change.is_finite() && c.rel_change != 0.0 {
                c.diff_mean / c.rel_change
            } else {
                f64::NAN
            }
        })
}

/// Lines of `points` of one metric and store, one per policy.
pub(super) fn lines_by_policy(inp: &Inputs, points: &[&Point], band: bool) -> Vec<Line> {
    type Named = (String, Vec<(f64, f64, f64, f64)>);
    let mut by: BTreeMap<usize, Named> = BTreeMap::new();
    let shown = shown_policies(inp);
    for p in points.iter().filter(|p| shown.contains(&p.policy)) {
        let c = colour_of(inp, &p.policy);
        let entry = by
            .entry(c)
            .or_insert_with(|| (p.policy.clone(), Vec::new()));
        let (lo, hi) = if band {
            (p.lo, p.hi)
        } else {
            (f64::NAN, f64::NAN)
        };
        entry.1.push((p.x, p.y, lo, hi));
    }
    by.into_iter()
        .map(|(c, (name, mut pts))| {
            pts.sort_by(|a, b| a.0.total_cmp(&b.0));
            Line {
                name,
                colour: c,
                points: pts,
                dashed: false,
            }
        })
        .collect()
}

/// KPIs to chart from a file: the headline ones it holds, else all it holds (in file order).
pub(super) fn chart_kpis<'a>(points: impl Iterator<Item = &'a Point> + Clone) -> Vec<String> {
    let mut all: Vec<String> = Vec::new();
    for p in points {
        if !all.contains(&p.metric) {
            all.push(p.metric.clone());
        }
    }
    let headline: Vec<String> = all
        .iter()
        .filter(|k| def(k).is_some_and(|d| d.headline))
        .cloned()
        .collect();
    if headline.is_empty() { all } else { headline }
}
