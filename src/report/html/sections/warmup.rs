//! The warm-up pilot's series, raw and smoothed.

use super::{colour_of, section};
use crate::error::Result;
use crate::report::html::charts::{self, Axis, Line};
use crate::report::html::inputs::Inputs;

pub fn warmup_section(inp: &Inputs) -> Result<Option<String>> {
    if inp.warmup.is_empty() {
        return Ok(None);
    }
    let mut vars: Vec<&String> = Vec::new();
    for p in &inp.warmup {
        if !vars.contains(&&p.metric) {
            vars.push(&p.metric);
        }
    }
    let mut b = String::from(
        "<p class=\"note\">Each variable by simulated day from time 0, averaged over \
         replications (thin line), and smoothed (thick): the warm-up should end where the smoothed \
         line has levelled off.</p>\n<div class=\"charts\">\n",
    );
    let mut series: Vec<&String> = Vec::new();
    for p in &inp.warmup {
        if !series.contains(&&p.policy) {
            series.push(&p.policy);
        }
    }
    for v in vars {
        let mut lines = Vec::new();
        for (i, policy) in series.iter().enumerate() {
            let (mut raw, mut smooth) = (Vec::new(), Vec::new());
            for p in inp
                .warmup
                .iter()
                .filter(|p| p.metric == *v && p.policy == **policy)
            {
                raw.push((p.x, p.y, f64::NAN, f64::NAN));
                smooth.push((p.x, p.lo, f64::NAN, f64::NAN));
            }
            let label = |what: &str| {
                if policy.is_empty() {
                    what.to_string()
                } else {
                    format!("{policy} {what}")
                }
            };
            let colour = if policy.is_empty() {
                0
            } else {
                colour_of(inp, policy).max(i)
            };
            lines.push(Line {
                name: label("mean"),
                colour,
                points: raw,
                dashed: true,
            });
            lines.push(Line {
                name: label("smoothed"),
                colour,
                points: smooth,
                dashed: false,
            });
        }
        b.push_str(&charts::line_chart(
            &format!("Warm-up: {v}"),
            "simulated day (0-based)",
            v,
            &lines,
            None,
            Axis::Zero,
        )?);
        b.push('\n');
    }
    b.push_str("</div>\n");
    Ok(Some(section("warmup", "Warm-up", &b)))
}
