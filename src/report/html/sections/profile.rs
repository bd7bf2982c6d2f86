//! The day in profile: hour-of-day charts.

use super::{lines_by_policy, pick_store, section};
use crate::error::Result;
use crate::report::html::charts::{self, Axis};
use crate::report::html::inputs::{Inputs, Point};
use crate::report::html::svg::esc;

const PROFILE: [(&str, &str, &str); 5] = [
    (
        "checkout_queue",
        "Checkout queue",
        "shoppers queueing [count]",
    ),
    (
        "open_orders",
        "Open online orders",
        "orders not final [count]",
    ),
    (
        "pickup_desk_customers",
        "Customers at the pickup desk",
        "customers at the desk [count]",
    ),
    (
        "pickup_wait_minutes",
        "Pickup-desk wait",
        "mean wait before service [min]",
    ),
    (
        "staff_utilisation",
        "Staff utilisation",
        "busy / on shift [share]",
    ),
];

pub fn profile_section(inp: &Inputs) -> Result<Option<String>> {
    let Some(store) = pick_store(inp.profile.iter().map(|p| &p.store)) else {
        return Ok(None);
    };
    let mut b = format!(
        "<p class=\"note\">Store <b>{}</b>. Time average in each hour of day over the measured \
         days (sampled every 5 simulated minutes), then averaged over replications. Customers at the \
         pickup desk are BOPIS customers waiting or being served there; the pickup-desk wait is \
         their mean wait before service, by the hour their service started.</p>\n<div class=\"charts\">\n",
        esc(&store)
    );
    for (metric, title, y) in PROFILE {
        let pts: Vec<&Point> = inp
            .profile
            .iter()
            .filter(|p| p.metric == metric && p.store == store)
            .collect();
        if pts.is_empty() {
            continue;
        }
        let mut lines = lines_by_policy(inp, &pts, false);
        for l in &mut lines {
            for p in &mut l.points {
                p.0 += 0.5; // plot at the middle of the hour
            }
        }
        b.push_str(&charts::line_chart(
            &format!("{title} by hour of day"),
            "hour of day [h]",
            y,
            &lines,
            Some((0.0, 24.0)),
            if metric == "staff_utilisation" {
                Axis::Share
            } else {
                Axis::Zero
            },
        )?);
        b.push('\n');
    }
    b.push_str("</div>\n");
    Ok(Some(section("profile", "The day in profile", &b)))
}
