//! Inventory truth: record accuracy, availability and oversold orders by day.

use super::{colour_of, level, lines_by_policy, pick_store, section};
use crate::error::Result;
use crate::report::html::charts::{self, Axis};
use crate::report::html::inputs::{Inputs, Point};
use crate::report::html::svg::{esc, fmt_num};
use std::collections::BTreeMap;

const DAILY: [(&str, &str, &str); 3] = [
    (
        "record_accuracy",
        "Record accuracy by day",
        "SKU records equal to physical [share]",
    ),
    (
        "shelf_availability",
        "Shelf availability by day",
        "demand-weighted availability [share]",
    ),
    (
        "oversold_orders",
        "Oversold orders by day",
        "orders with a line not found [count]",
    ),
];

pub fn inventory_section(inp: &Inputs) -> Result<Option<String>> {
    let Some(store) = pick_store(inp.daily.iter().map(|p| &p.store)) else {
        return Ok(None);
    };
    let mut b = format!(
        "<p class=\"note\">Store <b>{}</b>, each measured day, mean over replications with its \
         {} band.</p>\n<div class=\"charts\">\n",
        esc(&store),
        level(inp)
    );
    for (metric, title, y) in DAILY {
        let pts: Vec<&Point> = inp
            .daily
            .iter()
            .filter(|p| p.metric == metric && p.store == store)
            .collect();
        if pts.is_empty() {
            continue;
        }
        let lines = lines_by_policy(inp, &pts, true);
        b.push_str(&charts::line_chart(
            title,
            "simulated day (0-based)",
            y,
            &lines,
            None,
            if metric == "oversold_orders" {
                Axis::Zero
            } else {
                Axis::Share
            },
        )?);
        b.push('\n');
    }
    b.push_str("</div>\n");
    // Oversold orders over the whole measured period.
    let mut totals: BTreeMap<usize, (String, f64)> = BTreeMap::new();
    for p in inp
        .daily
        .iter()
        .filter(|p| p.metric == "oversold_orders" && p.store == store && p.y.is_finite())
    {
        let e = totals
            .entry(colour_of(inp, &p.policy))
            .or_insert_with(|| (p.policy.clone(), 0.0));
        e.1 += p.y;
    }
    if !totals.is_empty() {
        b.push_str("<table><tr><th>policy</th><th>oversold orders over the measured days (mean per replication)</th></tr>\n");
        for (_, (p, total)) in totals {
            b.push_str(&format!(
                "<tr><td>{}</td><td class=\"num\">{}</td></tr>\n",
                esc(&p),
                fmt_num(total)
            ));
        }
        b.push_str("</table>\n");
    }
    Ok(Some(section("inventory", "Inventory truth", &b)))
}
