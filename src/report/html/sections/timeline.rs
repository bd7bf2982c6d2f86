//! The staff timeline: one row per employee, one bar per task.

use super::{section, shown_policies};
use crate::error::Result;
use crate::report::html::charts::{self, TimelineBar};
use crate::report::html::inputs::{Bar, Inputs};

/// Channel index of a timeline bar (None for the on-shift band).
fn channel_index(c: &str) -> Option<usize> {
    match c {
        "in_store" => Some(0),
        "online" => Some(1),
        "stock" => Some(2),
        _ => None,
    }
}

/// Timeline SVGs: for each store, one per policy.
pub fn timeline_svgs(inp: &Inputs) -> Result<Vec<String>> {
    let mut stores: Vec<&String> = Vec::new();
    for b in &inp.timeline {
        if !stores.contains(&&b.store) {
            stores.push(&b.store);
        }
    }
    let mut out = Vec::new();
    for store in stores {
        out.extend(store_timeline_svgs(inp, store)?);
    }
    Ok(out)
}

/// One timeline SVG per policy for `store`, on the first replication and day in the file.
fn store_timeline_svgs(inp: &Inputs, store: &str) -> Result<Vec<String>> {
    let Some(first) = inp.timeline.iter().find(|b| b.store == store) else {
        return Ok(Vec::new());
    };
    let (rep, day) = (&first.replication, first.day);
    let chosen: Vec<&Bar> = inp
        .timeline
        .iter()
        .filter(|b| b.store == store && b.replication == *rep && b.day == day)
        .collect();
    let day0 = f64::from(day) * 1440.0;
    let lo = chosen.iter().map(|b| b.start).fold(f64::INFINITY, f64::min);
    let hi = chosen
        .iter()
        .map(|b| b.end)
        .fold(f64::NEG_INFINITY, f64::max);
    let hours = (
        ((lo - day0) / 60.0).floor().max(0.0),
        ((hi - day0) / 60.0).ceil().clamp(1.0, 24.0),
    );
    let mut out = Vec::new();
    // Many policies (a factorial run has 16): the two ends, baseline and last, are enough.
    for policy in shown_policies(inp) {
        let bars: Vec<&&Bar> = chosen.iter().filter(|b| b.policy == policy).collect();
        if bars.is_empty() {
            continue;
        }
        // Rows: store team first, then online, each by employee id.
        let mut emps: Vec<(String, u32)> =
            bars.iter().map(|b| (b.team.clone(), b.employee)).collect();
        emps.sort_by_key(|a| (a.0 != "store", a.1));
        emps.dedup();
        let names: Vec<String> = emps.iter().map(|(t, e)| format!("{t} #{e}")).collect();
        let tb: Vec<TimelineBar> = merge_bars(
            bars.iter()
                .map(|b| TimelineBar {
                    row: emps
                        .iter()
                        .position(|(t, e)| *t == b.team && *e == b.employee)
                        .unwrap_or(0),
                    start: (b.start - day0) / 60.0,
                    end: (b.end - day0) / 60.0,
                    channel: channel_index(&b.channel),
                })
                .collect(),
        );
        out.push(charts::timeline(
            &format!("Staff timeline: {policy}, store {store}, day {day}, replication {rep}"),
            &names,
            &tb,
            hours,
        ));
    }
    Ok(out)
}

/// Joins back-to-back bars of one row and channel (gaps under 15 s, less than a pixel), so
/// the drawing stays small without changing what it shows.
fn merge_bars(mut bars: Vec<TimelineBar>) -> Vec<TimelineBar> {
    bars.sort_by(|a, b| {
        (a.row, a.channel)
            .cmp(&(b.row, b.channel))
            .then(a.start.total_cmp(&b.start))
    });
    let mut out: Vec<TimelineBar> = Vec::with_capacity(bars.len());
    for b in bars {
        if let Some(last) = out.last_mut()
            && last.row == b.row
            && last.channel == b.channel
            && b.start - last.end < 0.25 / 60.0
        {
            last.end = last.end.max(b.end);
            continue;
        }
        out.push(b);
    }
    out
}

/// Every policy's timeline of the first store, stacked in one standalone SVG.
pub fn stacked_timeline_svg(inp: &Inputs) -> Result<Option<String>> {
    let Some(first) = inp.timeline.first() else {
        return Ok(None);
    };
    let svgs = store_timeline_svgs(inp, &first.store)?;
    if svgs.is_empty() {
        return Ok(None);
    }
    let (mut body, mut y, mut w) = (String::new(), 0.0, 0.0f64);
    for s in svgs {
        let attr = |name: &str| -> f64 {
            let key = format!("{name}=\"");
            s.find(&key)
                .and_then(|i| s[i + key.len()..].split('"').next())
                .and_then(|v| v.parse().ok())
                .unwrap_or(0.0)
        };
        let (sw, sh) = (attr("width"), attr("height"));
        body.push_str(&s.replacen("<svg ", &format!("<svg y=\"{y}\" "), 1));
        y += sh + 10.0;
        w = w.max(sw);
    }
    Ok(Some(format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{y}" viewBox="0 0 {w} {y}">{body}</svg>"#
    )))
}

pub fn timeline_section(inp: &Inputs) -> Result<Option<String>> {
    let svgs = timeline_svgs(inp)?;
    if svgs.is_empty() {
        return Ok(None);
    }
    let mut b = String::from(
        "<p class=\"note\">One row per employee, one bar per task, coloured by channel; grey is \
         time on shift with no task. The policies are shown on the same day of the same \
         replication, so they see the same shoppers and orders (common random numbers).</p>\n",
    );
    for s in svgs {
        b.push_str(&s);
        b.push('\n');
    }
    Ok(Some(section("timeline", "Staff timeline", &b)))
}
