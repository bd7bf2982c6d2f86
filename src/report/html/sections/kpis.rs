//! The headline KPI table and each policy's interval chart.

use super::{
    colour_of, comparison_level, def, level, pick_store, section, shown_policies, trimmed_note,
    verdict,
};
use crate::report::html::charts::{self, Interval};
use crate::report::html::inputs::Inputs;
use crate::report::html::svg::{esc, fmt_num};
use crate::sim::KPIS;

pub fn kpi_section(inp: &Inputs) -> Option<String> {
    if inp.summary.is_empty() {
        return None;
    }
    let store = pick_store(inp.summary.iter().map(|e| &e.store))?;
    let pols = shown_policies(inp);
    // The baseline: run.json names it; without it, comparison.csv does; else the first policy.
    let baseline = inp
        .run
        .as_ref()
        .map(|r| r.baseline.clone())
        .filter(|b| !b.is_empty())
        .or_else(|| inp.comparison.first().map(|c| c.baseline.clone()))
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
         difference versus <b>{}</b> (relative change, {} interval), judged by the KPI's better \
         direction.</p>\n\
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
        b.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td>",
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
                        fmt_num(e.mean),
                        fmt_num(e.ci_low),
                        fmt_num(e.ci_high)
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
                    let (word, class, _) = verdict(kpi, c.diff_mean, c.ci_low, c.ci_high);
                    let rel = if c.rel_change.is_finite() {
                        format!(" ({:+.1}%)", 100.0 * c.rel_change)
                    } else {
                        String::new()
                    };
                    let sign = if c.diff_mean > 0.0 { "+" } else { "" };
                    b.push_str(&format!(
                        "<td class=\"num {class}\">{sign}{}{rel} {word}</td>",
                        fmt_num(c.diff_mean)
                    ));
                }
                None => b.push_str("<td>–</td>"),
            }
        }
        b.push_str("</tr>\n");
        let unit = d.map_or(String::new(), |d| format!(" [{}]", d.unit));
        svgs.push_str(&charts::interval_chart(
            kpi,
            &format!("{kpi}{unit}"),
            &items,
        ));
        svgs.push('\n');
    }
    b.push_str("</table>\n<h3>Each policy's mean with its interval</h3>\n<div class=\"charts\">\n");
    b.push_str(&svgs);
    b.push_str("</div>\n");
    Some(section("kpis", "Headline KPIs", &b))
}
