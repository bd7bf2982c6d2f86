//! The factorial design's effects as forest plots.

use super::{chart_kpis, colour_of_verdict, def, judged, level, pick_store, section, word};
use crate::kpis::Kind;
use crate::report::html::charts::{self, ForestRow};
use crate::report::html::inputs::{Inputs, Point};
use crate::report::html::svg::esc;
use crate::report::words;

pub fn effects_section(inp: &Inputs) -> Option<String> {
    let store = pick_store(inp.effects.iter().map(|p| &p.store))?;
    let pts: Vec<&Point> = inp.effects.iter().filter(|p| p.store == store).collect();
    let (low, high) = inp
        .run
        .as_ref()
        .and_then(|r| r.factorial.clone())
        .unwrap_or_else(|| ("low".into(), "high".into()));
    let mut b = format!(
        "<p class=\"note\">Store <b>{}</b>. Estimated effect of switching each lever from its \
         setting in <b>{}</b> to its setting in <b>{}</b> (a main effect), and half the change in \
         one lever's effect when another switches too (an interaction `a:b`), in the KPI's unit, \
         with its {} interval over replications.</p>\n",
        esc(&store),
        esc(&low),
        esc(&high),
        level(inp)
    );
    for kpi in chart_kpis(pts.iter().copied()) {
        let kind = def(&kpi).map_or(Kind::Other, |d| d.kind());
        let mut rows: Vec<ForestRow> = pts
            .iter()
            .filter(|p| p.metric == kpi)
            .map(|p| {
                // An effect has no baseline of its own: judged on clarity and direction.
                let v = judged(&kpi, p.y, p.lo, p.hi, f64::NAN);
                ForestRow {
                    label: p.policy.clone(),
                    value: p.y,
                    lo: p.lo,
                    hi: p.hi,
                    colour: colour_of_verdict(v),
                    verdict: format!("{} {}", words::change(kind, p.y), word(v)),
                    group: String::new(),
                }
            })
            .collect();
        rows.sort_by(|a, b| b.value.abs().total_cmp(&a.value.abs()));
        let unit = def(&kpi).map_or(String::new(), |d| format!(" [{}]", d.unit));
        let label = def(&kpi).map_or(kpi.as_str(), |d| d.label);
        b.push_str(&charts::forest(
            &format!("Factorial effects on {label}"),
            &format!("effect on {kpi}{unit}"),
            &rows,
            None,
        ));
        b.push('\n');
    }
    Some(section("effects", "Factorial effects", &b))
}
