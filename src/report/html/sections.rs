//! The report's sections, each rendered from the inputs it needs; a section whose inputs are
//! missing is left out.

use super::charts::{self, ForestRow, Interval, Line, TimelineBar};
use super::inputs::{Bar, Inputs, LEVER_KEYS, Point};
use super::svg::{BETTER, NEUTRAL, WORSE, esc, fmt_num};
use crate::sim::{KPIS, KpiDef};
use anyhow::Result;
use std::collections::BTreeMap;

fn def(kpi: &str) -> Option<&'static KpiDef> {
    KPIS.iter().find(|k| k.name == kpi)
}

/// Policy names in run order (from run.json, else in order of first appearance).
fn policies(inp: &Inputs) -> Vec<String> {
    if let Some(r) = &inp.run
        && !r.policies.is_empty()
    {
        return r.policies.clone();
    }
    let mut out: Vec<String> = Vec::new();
    let names = inp
        .summary
        .iter()
        .map(|e| &e.policy)
        .chain(inp.profile.iter().map(|p| &p.policy))
        .chain(inp.daily.iter().map(|p| &p.policy))
        .chain(inp.timeline.iter().map(|b| &b.policy))
        .chain(inp.comparison.iter().flat_map(|c| [&c.baseline, &c.policy]))
        .chain(inp.sweep.iter().map(|p| &p.policy));
    for n in names {
        if !out.contains(n) {
            out.push(n.clone());
        }
    }
    out
}

/// Most policies a chart or table shows; beyond this (a factorial run has 32 design points)
/// the page shows the two ends, the baseline and the last policy.
const MAX_SHOWN_POLICIES: usize = 4;

/// The policies the page's tables and charts show.
fn shown_policies(inp: &Inputs) -> Vec<String> {
    let all = policies(inp);
    if all.len() > MAX_SHOWN_POLICIES {
        vec![all[0].clone(), all[all.len() - 1].clone()]
    } else {
        all
    }
}

/// A sentence saying which policies were left out of the page, if any.
fn trimmed_note(inp: &Inputs) -> String {
    let all = policies(inp);
    let shown = shown_policies(inp);
    if all.len() == shown.len() {
        return String::new();
    }
    format!(
        "<p class=\"note\">This run has {} policies{}; to stay readable the tables and charts \
         show only <b>{}</b> and <b>{}</b>. Every policy is in <code>summary.csv</code> and \
         <code>comparison.csv</code>.</p>\n",
        all.len(),
        if inp.effects.is_empty() {
            String::new()
        } else {
            " (the 32 points of a factorial design: the levers' effects are charted below)".into()
        },
        esc(&shown[0]),
        esc(&shown[1])
    )
}

fn colour_of(inp: &Inputs, policy: &str) -> usize {
    policies(inp).iter().position(|p| p == policy).unwrap_or(0)
}

/// The store label to show: `all` when present, else the first one seen.
fn pick_store<'a>(labels: impl Iterator<Item = &'a String>) -> Option<String> {
    let mut first = None;
    for l in labels {
        if l == "all" {
            return Some(l.clone());
        }
        first.get_or_insert_with(|| l.clone());
    }
    first
}

/// The intervals' level as a percentage (`95%`): from run.json, else the default.
pub fn level(inp: &Inputs) -> String {
    let c = inp
        .run
        .as_ref()
        .and_then(|r| r.confidence)
        .unwrap_or(crate::report::CONFIDENCE);
    percent(c)
}

/// The level of each comparison with the baseline (Bonferroni-adjusted with several policies).
pub fn comparison_level(inp: &Inputs) -> String {
    match inp.run.as_ref().and_then(|r| r.comparison_confidence) {
        Some(c) => percent(c),
        None => level(inp),
    }
}

fn percent(c: f64) -> String {
    let s = format!("{:.2}", 100.0 * c);
    format!("{}%", s.trim_end_matches('0').trim_end_matches('.'))
}

fn section(id: &str, title: &str, body: &str) -> String {
    format!(
        "<section id=\"{id}\">\n<h2>{}</h2>\n{body}</section>\n",
        esc(title)
    )
}

/// `+ better`, `− worse` or `no clear difference`, with its class and colour.
fn verdict(kpi: &str, diff: f64, lo: f64, hi: f64) -> (&'static str, &'static str, &'static str) {
    let clear = lo.is_finite() && hi.is_finite() && (lo > 0.0 || hi < 0.0);
    match def(kpi) {
        Some(d) if clear => match d.direction.improves(diff) {
            Some(true) => ("+ better", "better", BETTER),
            Some(false) => ("− worse", "worse", WORSE),
            // A diagnostic KPI: say which way it moved, judge nothing.
            None if diff > 0.0 => ("higher (diagnostic)", "neutral", NEUTRAL),
            None => ("lower (diagnostic)", "neutral", NEUTRAL),
        },
        _ => ("no clear difference", "neutral", NEUTRAL),
    }
}

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
    Some(section("run", "What was run", &b))
}

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

/// The forest plot of every KPI's relative change versus the baseline, or None.
pub fn forest_svg(inp: &Inputs) -> Option<String> {
    let store = pick_store(inp.comparison.iter().map(|c| &c.store))?;
    let several = {
        let mut p: Vec<&String> = inp.comparison.iter().map(|c| &c.policy).collect();
        p.dedup();
        p.len() > 1
    };
    let shown = shown_policies(inp);
    let several = several && shown.len() > 2;
    let mut rows: Vec<ForestRow> = Vec::new();
    for c in inp
        .comparison
        .iter()
        .filter(|c| c.store == store && shown.contains(&c.policy))
    {
        let base = inp
            .summary
            .iter()
            .find(|e| e.policy == c.baseline && e.kpi == c.kpi && e.store == store)
            .map(|e| e.mean)
            .or_else(|| Some(c.diff_mean / c.rel_change))
            .filter(|b| b.is_finite() && b.abs() > 1e-12);
        let Some(base) = base else { continue };
        let scale = 100.0 / base.abs();
        let (word, _, colour) = verdict(&c.kpi, c.diff_mean, c.ci_low, c.ci_high);
        let label = if several {
            format!("{} ({})", c.kpi, c.policy)
        } else {
            c.kpi.clone()
        };
        rows.push(ForestRow {
            label,
            value: c.diff_mean * scale,
            lo: c.ci_low * scale,
            hi: c.ci_high * scale,
            colour,
            verdict: format!("{:+.1}% {word}", c.diff_mean * scale),
        });
    }
    if rows.is_empty() {
        return None;
    }
    rows.sort_by(|a, b| b.value.abs().total_cmp(&a.value.abs()));
    let baseline = &inp.comparison[0].baseline;
    Some(charts::forest(
        &format!("Change versus {baseline}, every KPI (store {store})"),
        "relative change of the mean versus the baseline [%] (axis clipped at ±200%)",
        &rows,
        Some(200.0),
    ))
}

pub fn forest_section(inp: &Inputs) -> Option<String> {
    let svg = forest_svg(inp)?;
    let b = format!(
        "<p class=\"note\">Paired difference per KPI as a share of the baseline's mean, with its \
         {} interval, largest first. Blue and <b>+</b>: better by the KPI's direction; \
         vermillion and <b>−</b>: worse; grey: the interval contains 0, or the KPI is a diagnostic with no better side, such as one skill's utilisation (its label says only higher or lower). KPIs whose baseline mean \
         is 0 are left out.</p>\n{svg}\n",
        comparison_level(inp)
    );
    Some(section(
        "forest",
        "Paired differences versus the baseline",
        &b,
    ))
}

/// Lines of `points` of one metric and store, one per policy.
fn lines_by_policy(inp: &Inputs, points: &[&Point], band: bool) -> Vec<Line> {
    type Named = (String, Vec<(f64, f64, f64, f64)>);
    let mut by: BTreeMap<usize, Named> = BTreeMap::new();
    let shown = shown_policies(inp);
    for p in points.iter().filter(|p| shown.contains(&p.policy)) {
        let c = colour_of(inp, &p.policy);
        let entry = by
            .entry(c)
            .or_insert_with(|| (p.policy.clone(), Vec::new()));
        let (lo, hi) = if band {
            (p.lo, p.hi)
        } else {
            (f64::NAN, f64::NAN)
        };
        entry.1.push((p.x, p.y, lo, hi));
    }
    by.into_iter()
        .map(|(c, (name, mut pts))| {
            pts.sort_by(|a, b| a.0.total_cmp(&b.0));
            Line {
                name,
                colour: c,
                points: pts,
                dashed: false,
            }
        })
        .collect()
}

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
        )?);
        b.push('\n');
    }
    b.push_str("</div>\n");
    Ok(Some(section("profile", "The day in profile", &b)))
}

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

/// KPIs to chart from a file: the headline ones it holds, else all it holds (in file order).
fn chart_kpis<'a>(points: impl Iterator<Item = &'a Point> + Clone) -> Vec<String> {
    let mut all: Vec<String> = Vec::new();
    for p in points {
        if !all.contains(&p.metric) {
            all.push(p.metric.clone());
        }
    }
    let headline: Vec<String> = all
        .iter()
        .filter(|k| def(k).is_some_and(|d| d.headline))
        .cloned()
        .collect();
    if headline.is_empty() { all } else { headline }
}

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
        let mut rows: Vec<ForestRow> = pts
            .iter()
            .filter(|p| p.metric == kpi)
            .map(|p| {
                let (word, _, colour) = verdict(&kpi, p.y, p.lo, p.hi);
                ForestRow {
                    label: p.policy.clone(),
                    value: p.y,
                    lo: p.lo,
                    hi: p.hi,
                    colour,
                    verdict: format!("{} {word}", fmt_num(p.y)),
                }
            })
            .collect();
        rows.sort_by(|a, b| b.value.abs().total_cmp(&a.value.abs()));
        let unit = def(&kpi).map_or(String::new(), |d| format!(" [{}]", d.unit));
        b.push_str(&charts::forest(
            &format!("Factorial effects on {kpi}"),
            &format!("effect on {kpi}{unit}"),
            &rows,
            None,
        ));
        b.push('\n');
    }
    Some(section("effects", "Factorial effects", &b))
}

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
    let mut b = format!(
        "<p class=\"note\">Store <b>{}</b>. Each point is a full experiment at one value of \
         <code>{}</code>; mean over replications with its confidence band.</p>\n<div class=\"charts\">\n",
        esc(&store),
        esc(&param)
    );
    for kpi in chart_kpis(pts.iter().copied()) {
        let these: Vec<&Point> = pts.iter().copied().filter(|p| p.metric == kpi).collect();
        let lines = lines_by_policy(inp, &these, true);
        let unit = def(&kpi).map_or(String::new(), |d| format!(" [{}]", d.unit));
        b.push_str(&charts::line_chart(
            &format!("{kpi} against {param}"),
            &x_desc,
            &format!("{kpi}{unit}"),
            &lines,
            None,
        )?);
        b.push('\n');
    }
    b.push_str("</div>\n");
    Ok(Some(section("sweep", "Sweep", &b)))
}

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
        )?);
        b.push('\n');
    }
    b.push_str("</div>\n");
    Ok(Some(section("warmup", "Warm-up", &b)))
}
