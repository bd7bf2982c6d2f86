//! The headline KPI table and each policy's interval chart.

use super::{
    baseline_mean, baseline_name, colour_of, comparison_level, def, judged, level, pick_store,
    section, shown_policies, trimmed_note, word,
};
use crate::kpis::Kind;
use crate::report::html::charts::{self, Axis, Interval};
use crate::report::html::inputs::Inputs;
use crate::report::html::svg::esc;
use crate::report::words;
use crate::sim::KPIS;

pub fn kpi_section(inp: &Inputs) -> Option<String> {
    if inp.summary.is_empty() {
        return None;
    }
    let store = pick_store(inp.summary.iter().map(|e| &e.store))?;
    let pols = shown_policies(inp);
    let baseline = baseline_name(inp)
        .or_else(|| pols.first().cloned())
        .unwrap_or_default();
    let others: Vec<&String> = pols.iter().filter(|p| **p != baseline).collect();
    let mut kpis: Vec<&str> = KPIS.iter().filter(|k| k.headline).map(|k| k.name).collect();
    kpis.retain(|k| inp.summary.iter().any(|e| e.kpi == *k && e.store == store));
    if kpis.is_empty() {
        // Unknown KPI names: show what the file holds.
        for e in inp.summary.iter().filter(|e| e.store == store) {
            if !kpis.contains(&e.kpi.as_str()) {
                kpis.push(&e.kpi);
            }
        }
    }
    let mut b = trimmed_note(inp);
    b += &format!(
        "<p class=\"note\">Store: <b>{}</b>. Mean [{} interval]; change = mean paired \
         difference versus <b>{}</b> [{} interval], shares in percentage points (pp). A change \
         is <b>better</b> or <b>worse</b> by the KPI's better direction when its interval \
         excludes 0 and it is not negligible: under 0.5% of the baseline's mean, or under 0.1 \
         percentage point for a share.</p>\n\
         <table id=\"kpi-table\">\n<tr><th>KPI</th><th>unit</th><th>better</th>",
        esc(&store),
        level(inp),
        esc(&baseline),
        comparison_level(inp)
    );
    for p in &pols {
        b.push_str(&format!("<th>{}</th>", esc(p)));
    }
    for p in &others {
        b.push_str(&format!("<th>{} vs {}</th>", esc(p), esc(&baseline)));
    }
    b.push_str("</tr>\n");
    let mut svgs = String::new();
    for kpi in &kpis {
        let d = def(kpi);
        let kind = d.map_or(Kind::Other, |d| d.kind());
        let label = d.map_or(*kpi, |d| d.label);
        b.push_str(&format!(
            "<tr><td><span class=\"label\">{}</span><br><code class=\"id\">{}</code></td>\
             <td>{}</td><td>{}</td>",
            esc(label),
            esc(kpi),
            d.map_or("", |d| d.unit),
            d.map_or("", |d| d.direction.word())
        ));
        let mut items = Vec::new();
        for p in &pols {
            match inp
                .summary
                .iter()
                .find(|e| e.policy == *p && e.kpi == *kpi && e.store == store)
            {
                Some(e) => {
                    b.push_str(&format!(
                        "<td class=\"num\" data-policy=\"{}\" data-kpi=\"{}\" data-mean=\"{}\">\
                         <span class=\"mean\">{}</span> [{}, {}]</td>",
                        esc(p),
                        esc(kpi),
                        esc(&e.mean_text),
                        words::value(kind, e.mean),
                        words::value(kind, e.ci_low),
                        words::value(kind, e.ci_high)
                    ));
                    items.push(Interval {
                        label: p.clone(),
                        mean: e.mean,
                        lo: e.ci_low,
                        hi: e.ci_high,
                        colour: colour_of(inp, p),
                    });
                }
                None => b.push_str("<td>–</td>"),
            }
        }
        for p in &others {
            match inp
                .comparison
                .iter()
                .find(|c| c.policy == **p && c.kpi == *kpi && c.store == store)
            {
                Some(c) => {
                    let v = judged(kpi, c.diff_mean, c.ci_low, c.ci_high, baseline_mean(inp, c));
                    b.push_str(&format!(
                        "<td class=\"num change\" data-verdict=\"{}\">{} <span class=\"{}\">{}</span></td>",
                        v.key(),
                        words::change_interval(kind, c.diff_mean, c.ci_low, c.ci_high),
                        class_of(v),
                        esc(word(v))
                    ));
                }
                None => b.push_str("<td>–</td>"),
            }
        }
        b.push_str("</tr>\n");
        let axis = if kind == Kind::Share {
            Axis::Share
        } else {
            Axis::Zero
        };
        let unit = match (d, kind) {
            (_, Kind::Share) => " [%]".to_string(),
            (Some(d), _) => format!(" [{}]", d.unit),
            (None, _) => String::new(),
        };
        svgs.push_str(&charts::interval_chart(
            label,
            &format!("{label}{unit}"),
            &items,
            axis,
            &|v| words::value(kind, v),
        ));
        svgs.push('\n');
    }
    b.push_str("</table>\n<h3>Each policy's mean with its interval</h3>\n<div class=\"charts\">\n");
    b.push_str(&svgs);
    b.push_str("</div>\n");
    Some(section("kpis", "Headline KPIs", &b))
}

/// The CSS class of a verdict: bold colour only for a material better or worse.
pub(super) fn class_of(v: words::Verdict) -> &'static str {
    match v {
        words::Verdict::Better => "better",
        words::Verdict::Worse => "worse",
        _ => "neutral",
    }
}
