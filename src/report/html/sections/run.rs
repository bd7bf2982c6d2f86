//! The "What was run" section: the run's identity and each policy's levers.

use super::section;
use crate::report::html::inputs::{Inputs, LEVER_KEYS};
use crate::report::html::svg::esc;

pub fn run_section(inp: &Inputs) -> Option<String> {
    let r = inp.run.as_ref()?;
    let mut b = String::from("<table>\n");
    for (k, v) in [
        ("scenario", &r.scenario),
        ("seed", &r.seed),
        ("replications per policy", &r.replications),
        ("wall time of the run", &r.wall_seconds),
        ("baseline policy", &r.baseline),
    ] {
        b.push_str(&format!(
            "<tr><th>{}</th><td>{}</td></tr>\n",
            esc(k),
            esc(v)
        ));
    }
    b.push_str("</table>\n");
    if !r.levers.is_empty() {
        b.push_str("<table>\n<tr><th>policy</th>");
        for (_, title) in LEVER_KEYS {
            b.push_str(&format!("<th>{}</th>", esc(title)));
        }
        b.push_str("</tr>\n");
        for l in &r.levers {
            b.push_str(&format!("<tr><td>{}</td>", esc(&l.policy)));
            for c in &l.cells {
                b.push_str(&format!("<td>{}</td>", esc(c)));
            }
            b.push_str("</tr>\n");
        }
        b.push_str("</table>\n");
    }
    if !r.assumptions.is_empty() {
        b.push_str("<h3>Assumptions</h3>\n<table id=\"assumptions\">\n");
        for (k, v) in &r.assumptions {
            b.push_str(&format!(
                "<tr><th>{}</th><td>{}</td></tr>\n",
                esc(k),
                esc(v)
            ));
        }
        b.push_str("</table>\n");
    }
    Some(section("run", "What was run", &b))
}
