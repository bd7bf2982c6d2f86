//! The summary at the top: one paragraph in words, from the headline KPIs' comparisons,
//! naming only differences that are clear and not negligible.

use super::{
    baseline_mean, baseline_name, comparison_level, judged, pick_store, section, shown_policies,
};
use crate::report::html::inputs::Inputs;
use crate::report::html::svg::esc;
use crate::report::words::{self, Change};
use crate::sim::KPIS;

pub fn summary_section(inp: &Inputs) -> Option<String> {
    let store = pick_store(inp.comparison.iter().map(|c| &c.store))?;
    let baseline = baseline_name(inp)?;
    let mut sentences = Vec::new();
    for policy in shown_policies(inp).iter().filter(|p| **p != baseline) {
        let changes: Vec<Change> = KPIS
            .iter()
            .filter(|d| d.headline)
            .filter_map(|d| {
                let c = inp
                    .comparison
                    .iter()
                    .find(|c| c.policy == *policy && c.kpi == d.name && c.store == store)?;
                Some(Change {
                    def: d,
                    diff: c.diff_mean,
                    lo: c.ci_low,
                    hi: c.ci_high,
                    verdict: judged(
                        d.name,
                        c.diff_mean,
                        c.ci_low,
                        c.ci_high,
                        baseline_mean(inp, c),
                    ),
                })
            })
            .collect();
        if !changes.is_empty() {
            sentences.push(words::summary_sentence(policy, &baseline, &changes));
        }
    }
    if sentences.is_empty() {
        return None;
    }
    let b = format!(
        "<p id=\"summary-text\" class=\"summary\">{}</p>\n<p class=\"note\">From the headline \
         KPIs, store <b>{}</b>: a difference is named when its {} interval excludes 0 and it is \
         not negligible (under 0.5% of the baseline's mean, or under 0.1 percentage point for a \
         share); sizes are paired mean differences with their intervals, shares in percentage \
         points. The tables and charts below give every number.</p>\n",
        esc(&sentences.join(" ")),
        esc(&store),
        comparison_level(inp)
    );
    Some(section("summary", "Summary", &b))
}
