//! The sweep: each KPI against the swept parameter.

use super::{chart_kpis, def, lines_by_policy, pick_store, section};
use crate::error::Result;
use crate::report::html::charts::{self, Axis};
use crate::report::html::inputs::{Inputs, Point};
use crate::report::html::svg::esc;

pub fn sweep_section(inp: &Inputs) -> Result<Option<String>> {
    let Some(store) = pick_store(inp.sweep.iter().map(|p| &p.store)) else {
        return Ok(None);
    };
    let param = inp.sweep_params.first().cloned().unwrap_or_default();
    let x_desc = if inp.sweep_by_point {
        format!("sweep point (see {param} in sweep.csv)")
    } else if inp.sweep_in_minutes {
        format!("{param} [min]")
    } else {
        param.clone()
    };
    let pts: Vec<&Point> = inp.sweep.iter().filter(|p| p.store == store).collect();
    // The KPIs the sweep file names (in its order), else the headline ones.
    let named: Vec<String> = inp
        .sweep_kpis
        .iter()
        .filter(|k| pts.iter().any(|p| p.metric == **k))
        .cloned()
        .collect();
    let (kpis, which) = if named.is_empty() {
        (
            chart_kpis(pts.iter().copied()),
            "the headline KPIs".to_string(),
        )
    } else {
        (named, "the KPIs the sweep file names".to_string())
    };
    let mut b = format!(
        "<p class=\"note\">Store <b>{}</b>. Each point is a full experiment at one value of \
         <code>{}</code>; the charts show {which}, each policy's mean over replications with its \
         confidence band, on an axis from zero. Every KPI is in <code>sweep.csv</code>.</p>\n\
         <div class=\"charts\">\n",
        esc(&store),
        esc(&param)
    );
    for kpi in kpis {
        let these: Vec<&Point> = pts.iter().copied().filter(|p| p.metric == kpi).collect();
        let lines = lines_by_policy(inp, &these, true);
        let d = def(&kpi);
        let label = d.map_or(kpi.as_str(), |d| d.label);
        let unit = match d {
            Some(d) if d.kind() == crate::kpis::Kind::Share => " [%]".to_string(),
            Some(d) => format!(" [{}]", d.unit),
            None => String::new(),
        };
        b.push_str(&charts::line_chart(
            &format!("{label} by {}", param.rsplit('.').next().unwrap_or(&param)),
            &x_desc,
            &format!("{label}{unit}"),
            &lines,
            None,
            axis_of(&kpi),
        )?);
        b.push('\n');
    }
    b.push_str("</div>\n");
    Ok(Some(section("sweep", "Sweep", &b)))
}

/// A share KPI's axis ends at 100%; any other starts at zero.
fn axis_of(kpi: &str) -> Axis {
    match def(kpi).map(|d| d.kind()) {
        Some(crate::kpis::Kind::Share) => Axis::Share,
        _ => Axis::Zero,
    }
}
