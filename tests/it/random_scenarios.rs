//! Random scenarios across the whole schema, run with the invariant checker after every event.
//!
//! A proptest strategy writes scenario *text* (so the real parser and validator are exercised)
//! that is valid by construction: tiny to large stores (1 to 3 of them, a one-minute to a
//! 24-hour day), zero, tiny and extreme rates, a single employee, no online demand, only online
//! demand, no demand at all, all staff on one skill, zero lead times and service times, huge
//! latencies, every distribution family, 1 to 4 policies with random levers. Each case runs
//! every policy for replication 0 over 1 to 3 measured days (0 or 1 warm-up day) and checks:
//! no panic, no broken invariant, every KPI finite or NaN (undefined: an empty denominator),
//! KPIs that are sums always defined, and NaN written as an empty CSV cell, never `NaN`/`inf`.
//!
//! The default is a small number of cases for CI (`DEFAULT_CASES`). The standard proptest
//! variable sets another count; a long campaign (about 2 min per 1,000 cases in release on
//! 2 cores):
//!
//! ```text
//! PROPTEST_CASES=5000 cargo test --release --test it random_scenarios::
//! ```
//!
//! A failing case is shrunk, printed, and saved as a scenario file in cargo's temporary folder
//! for tests (`target/tmp/random_scenario_failure.toml`). Shrinking a choice sequence leaves
//! it larger than needed; the ignored test `minimize_the_saved_failure` deletes lines while it
//! still fails:
//!
//! ```text
//! cargo test --release --test it random_scenarios::minimize -- --ignored --nocapture
//! ```
//!
//! Then add it at the end of this file as a regression test.

use crate::support::common;

use omnisim::experiment::{Cell, ExperimentResult, Plan};
use omnisim::report::{comparison_csv, format_value, replications_csv, summary_csv};
use omnisim::scenario::validate::{DEFAULT_ONLINE_HOURLY, DEFAULT_SHOPPER_HOURLY};
use omnisim::scenario::{self, Scenario};
use omnisim::sim::{self, CheckLevel, KPIS, ReplicationResult, RunOptions, kpi_index};
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use std::fmt::Write as _;
use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;

/// Cases per property when `PROPTEST_CASES` is not set (a few seconds in release or debug);
/// the generator-matches-validator property runs 20 times as many (they are cheap).
const DEFAULT_CASES: u32 = 64;

/// One run longer than this is taken for a hang (see [`run_checked`]).
const RUN_DEADLINE: Duration = Duration::from_secs(60);

fn config(default_cases: u32) -> ProptestConfig {
    let mut config = ProptestConfig {
        // Regressions are kept as plain #[test]s in this file, not in a side file.
        failure_persistence: None,
        max_shrink_iters: 2_000,
        ..ProptestConfig::default()
    };
    if std::env::var_os("PROPTEST_CASES").is_none() {
        config.cases = default_cases;
    }
    config
}

// ---------------------------------------------------------------------------------------------
// The generator. Every random decision reads the next number of a proptest-generated choice
// sequence; choice 0 is always the simplest option (key omitted, smallest value), so that
// proptest's shrinking of the sequence (shorter, smaller numbers) shrinks the scenario too.
// ---------------------------------------------------------------------------------------------

struct Draw<'a> {
    choices: &'a [u32],
    pos: usize,
}

impl Draw<'_> {
    fn next(&mut self) -> u32 {
        let v = self.choices.get(self.pos).copied().unwrap_or(0);
        self.pos += 1;
        v
    }

    /// 0 to n - 1.
    fn below(&mut self, n: u32) -> u32 {
        self.next() % n
    }

    /// True with the given percent chance (false for choice 0).
    fn maybe(&mut self, percent: u32) -> bool {
        self.below(100) >= 100 - percent
    }

    /// Uniform in [0, 1].
    fn unit(&mut self) -> f64 {
        f64::from(self.next()) / f64::from(u32::MAX)
    }

    fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.unit()
    }

    fn int(&mut self, lo: u32, hi: u32) -> u32 {
        lo + self.below(hi - lo + 1)
    }

    /// A probability: 0, 1 or anything between.
    fn prob(&mut self) -> f64 {
        match self.below(5) {
            0 => 0.0,
            1 => 1.0,
            _ => self.unit(),
        }
    }
}

/// A float as a TOML literal (`Debug` always writes a decimal point or an exponent).
fn num(x: f64) -> String {
    format!("{x:?}")
}

/// A duration in minutes, written in one of the accepted spellings.
fn dur_text(d: &mut Draw, minutes: f64) -> String {
    let unit = d.below(4);
    in_unit(unit, minutes)
}

/// A duration in minutes written as a bare number of minutes (unit 0) or a string in minutes,
/// seconds or hours (units 1 to 3).
fn in_unit(unit: u32, minutes: f64) -> String {
    match unit {
        0 => num(minutes),
        1 => format!("\"{}min\"", num(minutes)),
        2 => format!("\"{}s\"", num(minutes * 60.0)),
        _ => format!("\"{}h\"", num(minutes / 60.0)),
    }
}

/// A duration around `typical` minutes: zero, tiny, typical or huge.
fn dur_value(d: &mut Draw, typical: f64) -> f64 {
    match d.below(20) {
        0..=9 => typical * d.range(0.2, 3.0),
        10 | 11 => 0.0,
        12 => typical * 1e-6,
        13 => 1e-9,
        14..=16 => typical * d.range(10.0, 100.0),
        17 | 18 => (typical * 1_000.0).max(43_200.0), // a month or more
        _ => LARGE_DURATION,
    }
}

/// Near the largest duration the validator accepts (100,000 days).
const LARGE_DURATION: f64 = 1.0e8;

/// A plain number from 0 to `typical`, or now and then one near the largest accepted (1e9).
fn amount(d: &mut Draw, typical: f64) -> f64 {
    if d.maybe(5) {
        d.range(1.0e8, 1.0e9)
    } else {
        d.range(0.0, typical)
    }
}

/// A distribution of durations (`Some`) or the key omitted (`None`).
fn dur_dist(d: &mut Draw, typical: f64) -> Option<String> {
    if !d.maybe(70) {
        return None;
    }
    let a = dur_value(d, typical);
    let b = dur_value(d, typical);
    let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
    // One unit for every parameter of a law: converting is monotonic, so min <= mode <= max
    // survives the round trip through the text.
    let unit = d.below(4);
    let t = |minutes: f64| in_unit(unit, minutes);
    Some(match d.below(9) {
        0 => t(a),
        1 => format!("{{ dist = \"fixed\", value = {} }}", t(a)),
        2 => format!("{{ dist = \"exponential\", mean = {} }}", t(a.max(1e-9))),
        3 => format!("{{ dist = \"uniform\", min = {}, max = {} }}", t(lo), t(hi)),
        4 => {
            let mode = (lo + (hi - lo) * d.unit()).clamp(lo, hi);
            format!(
                "{{ dist = \"triangular\", min = {}, mode = {}, max = {} }}",
                t(lo),
                t(mode),
                t(hi)
            )
        }
        5 => format!("{{ dist = \"normal\", mean = {}, sd = {} }}", t(a), t(b)),
        6 => format!(
            "{{ dist = \"lognormal\", mean = {}, sd = {} }}",
            t(a.max(1e-9)),
            t(b.max(1e-9))
        ),
        7 => {
            // Mean at most a: shape x scale.
            let shape = d.range(0.05, 10.0);
            format!(
                "{{ dist = \"gamma\", shape = {}, scale = {} }}",
                num(shape),
                num(a.max(1e-9) / shape.max(1.0))
            )
        }
        _ => {
            let n = d.int(1, 4);
            let values: Vec<String> = (0..n).map(|_| t(dur_value(d, typical))).collect();
            let mut weights: Vec<String> = (0..n).map(|_| num(f64::from(d.below(5)))).collect();
            weights[0] = "1".into();
            format!(
                "{{ dist = \"empirical\", values = [{}], weights = [{}] }}",
                values.join(", "),
                weights.join(", ")
            )
        }
    })
}

/// A distribution of plain numbers (items, lines, units, prices) up to about `max`.
fn num_dist(d: &mut Draw, max: f64) -> Option<String> {
    if !d.maybe(70) {
        return None;
    }
    let a = d.range(0.0, max);
    let b = d.range(0.0, max);
    let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
    Some(match d.below(8) {
        0 => num(a.round()),
        1 => format!("{{ dist = \"fixed\", value = {} }}", num(a)),
        2 => format!("{{ dist = \"exponential\", mean = {} }}", num(a.max(0.01))),
        3 => format!(
            "{{ dist = \"uniform\", min = {}, max = {} }}",
            num(lo),
            num(hi)
        ),
        4 => format!(
            "{{ dist = \"triangular\", min = {}, mode = {}, max = {} }}",
            num(lo),
            num(lo + (hi - lo) * d.unit()),
            num(hi)
        ),
        5 => format!(
            "{{ dist = \"lognormal\", mean = {}, sd = {} }}",
            num(a.max(0.01)),
            num(b.max(0.01))
        ),
        6 => format!(
            "{{ dist = \"gamma\", shape = {}, scale = {} }}",
            num(d.range(0.1, 5.0)),
            num(a.max(0.01) / 3.0)
        ),
        _ => format!(
            "{{ dist = \"empirical\", values = [0, {}, {}], weights = [{}, 1, {}] }}",
            num(lo.round()),
            num(hi.round()),
            d.below(3),
            d.below(3)
        ),
    })
}

fn clock(minutes: u32) -> String {
    format!("\"{:02}:{:02}\"", minutes / 60, minutes % 60)
}

const SKILLS: [&str; 7] = [
    "checkout",
    "floor",
    "picking",
    "packing",
    "pickup_desk",
    "returns",
    "stocking",
];

/// Writes `key = value` when the value is given.
fn opt(out: &mut String, key: &str, value: Option<String>) {
    if let Some(v) = value {
        writeln!(out, "{key} = {v}").unwrap();
    }
}

/// Expected shoppers over a whole run (all stores and days) at most.
const MAX_SHOPPERS_PER_RUN: f64 = 24_000.0;
/// Expected online orders over a whole run at most.
const MAX_ORDERS_PER_RUN: f64 = 4_000.0;

/// Arrivals per day: none, tiny, small, busy or extreme (before the per-run cap).
fn per_day(d: &mut Draw) -> f64 {
    match d.below(10) {
        0 => 0.0,
        1 => d.range(0.05, 2.0),
        2..=5 => d.range(2.0, 300.0),
        6..=8 => d.range(300.0, 2_500.0),
        _ => d.range(2_500.0, 12_000.0),
    }
}

/// 24 hourly weights (some zero) with positive weight in an hour overlapping [open, close).
fn hourly(d: &mut Draw, open: u32, close: u32) -> Vec<f64> {
    let mut w: Vec<f64> = (0..24)
        .map(|_| match d.below(100) {
            0..=29 => 0.0,
            30 => 1.0e9, // the largest weight accepted
            _ => d.range(0.0, 10.0),
        })
        .collect();
    let overlaps = |h: u32| h * 60 < close && (h + 1) * 60 > open;
    if !(0..24).any(|h| overlaps(h) && w[h as usize] > 0.0) {
        w[(open / 60) as usize] = 1.0 + d.unit();
    }
    w
}

fn list(values: &[f64]) -> String {
    let v: Vec<String> = values.iter().map(|x| num(*x)).collect();
    format!("[{}]", v.join(", "))
}

/// Writes a demand block (per_day, profile) and returns whether any weekday has demand.
/// `default_hourly` is the profile the validator uses when none is given.
fn demand(
    d: &mut Draw,
    out: &mut String,
    rate: f64,
    (open, close): (u32, u32),
    default_hourly: &[f64; 24],
) -> bool {
    writeln!(out, "per_day = {}", num(rate)).unwrap();
    let overlaps = |h: u32| h * 60 < close && (h + 1) * 60 > open;
    let default_works = (0..24).any(|h| overlaps(h) && default_hourly[h as usize] > 0.0);
    match d.below(3) {
        0 if default_works => {}
        0 | 1 => writeln!(out, "hourly = {}", list(&hourly(d, open, close))).unwrap(),
        _ => {
            let days: Vec<String> = (0..7).map(|_| list(&hourly(d, open, close))).collect();
            writeln!(out, "hourly_by_weekday = [{}]", days.join(", ")).unwrap();
        }
    }
    let mut any_day = true;
    if d.maybe(40) {
        let w: Vec<f64> = (0..7)
            .map(|_| if d.maybe(25) { 0.0 } else { d.range(0.2, 2.0) })
            .collect();
        any_day = w.iter().any(|x| *x > 0.0);
        writeln!(out, "weekday = {}", list(&w)).unwrap();
    }
    rate > 0.0 && any_day
}

/// How a store is staffed.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Staffing {
    Random,
    SingleEmployee,
    Specialists,
    Generalists,
    /// Everyone holds only `stocking`, and the store's demand needs nothing else.
    OneSkill,
}

struct Group {
    team: &'static str,
    count: u32,
    skills: Vec<(usize, f64)>,
    extra: String,
}

/// Writes one `[[stores]]` table. `share` is this store's share of the whole run (1 over
/// stores x simulated days): the invariant checker scans every order after every event, so
/// a run's cost grows with the square of its orders and the rates are capped per run.
fn store(d: &mut Draw, out: &mut String, i: usize, share: f64) {
    let staffing = match d.below(8) {
        0..=3 => Staffing::Random,
        4 => Staffing::SingleEmployee,
        5 => Staffing::Specialists,
        6 => Staffing::Generalists,
        _ => Staffing::OneSkill,
    };
    // Opening hours in whole minutes: the default, all day, one minute, one hour, random.
    let (open, close, hours_given) = match d.below(6) {
        0 => (480, 1320, false),
        1 => (0, 1440, true),
        2 => {
            let o = d.below(1439);
            (o, o + 1, true)
        }
        3 => {
            let o = d.below(1380);
            (o, o + 60, true)
        }
        _ => {
            let o = d.below(1439);
            (o, d.int(o + 1, 1440), true)
        }
    };
    writeln!(out, "\n[[stores]]\nname = \"store{i}\"").unwrap();
    if hours_given {
        writeln!(out, "open = {}\nclose = {}", clock(open), clock(close)).unwrap();
    }
    let lanes = if d.maybe(70) {
        Some(d.int(0, 12))
    } else {
        None
    };
    let kiosks = if d.maybe(60) { Some(d.int(0, 8)) } else { None };
    let desks = if d.maybe(60) { Some(d.int(0, 4)) } else { None };
    opt(out, "task_switch_time", dur_dist(d, 1.0));

    // Demand: both channels, no online, only online, or none.
    let mode = d.below(5);
    let mut shopper_rate = per_day(d).min(MAX_SHOPPERS_PER_RUN * share);
    let mut online_rate = per_day(d).min(MAX_ORDERS_PER_RUN * share);
    match mode {
        1 => online_rate = 0.0,
        2 => shopper_rate = 0.0,
        3 => (shopper_rate, online_rate) = (0.0, 0.0),
        _ => {}
    }
    if staffing == Staffing::OneSkill {
        online_rate = 0.0;
    }

    // Shoppers.
    let mut sh = String::new();
    let shoppers = demand(
        d,
        &mut sh,
        shopper_rate,
        (open, close),
        &DEFAULT_SHOPPER_HOURLY,
    );
    opt(&mut sh, "basket_items", num_dist(d, 25.0));
    opt(&mut sh, "browse_time", dur_dist(d, 15.0));
    let p = d.maybe(60).then(|| d.prob());
    opt(&mut sh, "substitution_probability", p.map(num));
    let mut assist = if d.maybe(60) { Some(d.prob()) } else { None };
    opt(&mut sh, "assist_time", dur_dist(d, 3.0));
    opt(&mut sh, "assist_patience", dur_dist(d, 6.0));
    opt(&mut sh, "checkout_time", dur_dist(d, 0.7));
    if d.maybe(50) {
        let v = dur_value(d, 0.05);
        writeln!(sh, "checkout_time_per_item = {}", dur_text(d, v)).unwrap();
    }
    let mut self_share = if d.maybe(60) { Some(d.prob()) } else { None };
    opt(&mut sh, "self_checkout_time", dur_dist(d, 3.0));
    if d.maybe(50) {
        writeln!(sh, "balk_queue_length = {}", d.int(0, 20)).unwrap();
    }
    let p = d.maybe(50).then(|| d.prob());
    opt(&mut sh, "balk_probability_per_extra", p.map(num));
    opt(&mut sh, "patience", dur_dist(d, 10.0));

    // Returns (written later; needed now for the skills).
    let online_return = if d.maybe(60) { Some(d.prob()) } else { None };
    let mut store_return = if d.maybe(60) { Some(d.prob()) } else { None };
    let mut kiosks = kiosks;
    if staffing == Staffing::OneSkill && shoppers {
        // Only kiosks, nobody asks for help, nothing is returned: stocking is all the work.
        kiosks = Some(kiosks.unwrap_or(0).max(1));
        self_share = Some(1.0);
        assist = Some(0.0);
        store_return = Some(0.0);
    }
    opt(&mut sh, "assist_probability", assist.map(num));
    opt(&mut sh, "self_checkout_share", self_share.map(num));
    let p = d.maybe(50).then(|| d.prob());
    opt(&mut sh, "assist_sale_probability", p.map(num));
    let p = d.maybe(50).then(|| d.prob());
    opt(&mut sh, "assist_walkout_probability", p.map(num));

    // Online orders.
    let mut on = String::new();
    let online = demand(d, &mut on, online_rate, (0, 1440), &DEFAULT_ONLINE_HOURLY);
    opt(&mut on, "lines", num_dist(d, 8.0));
    opt(&mut on, "units_per_line", num_dist(d, 5.0));
    let bopis = if d.maybe(70) { Some(d.prob()) } else { None };
    opt(&mut on, "bopis_share", bopis.map(num));
    if d.maybe(50) {
        let v = dur_value(d, 120.0).max(1e-6);
        writeln!(on, "bopis_promise = {}", dur_text(d, v)).unwrap();
    }
    if d.maybe(50) {
        writeln!(on, "ship_cutoff = {}", clock(d.below(1441))).unwrap();
    }
    if d.maybe(50) {
        let v = dur_value(d, 120.0);
        writeln!(on, "ship_handling = {}", dur_text(d, v)).unwrap();
    }
    opt(&mut on, "pick_time_per_order", dur_dist(d, 3.0));
    opt(&mut on, "pick_time_per_line", dur_dist(d, 2.0));
    opt(&mut on, "pack_time", dur_dist(d, 4.0));
    opt(&mut on, "stage_time", dur_dist(d, 1.0));
    opt(&mut on, "pickup_delay", dur_dist(d, 240.0));
    opt(&mut on, "pickup_service_time", dur_dist(d, 3.0));
    opt(&mut on, "pickup_patience", dur_dist(d, 15.0));
    let p = d.maybe(50).then(|| d.prob());
    opt(&mut on, "no_show_probability", p.map(num));
    if d.maybe(50) {
        writeln!(on, "hold_days = {}", num(d.range(0.001, 10.0))).unwrap();
    }
    if d.maybe(60) {
        let rule = ["substitute", "short", "cancel"][d.below(3) as usize];
        writeln!(on, "not_found = \"{rule}\"").unwrap();
    }
    let p = d.maybe(50).then(|| d.prob());
    opt(&mut on, "substitution_acceptance", p.map(num));
    let p = d.maybe(50).then(|| d.prob());
    opt(&mut on, "pick_error_rate", p.map(num));
    opt(&mut on, "pick_search_time", dur_dist(d, 4.0));
    let p = d.maybe(50).then(|| d.prob());
    opt(&mut on, "order_change_probability", p.map(num));

    // Returns.
    let mut rt = String::new();
    opt(&mut rt, "online_return_rate", online_return.map(num));
    opt(&mut rt, "store_return_rate", store_return.map(num));
    opt(&mut rt, "return_delay", dur_dist(d, 5_760.0));
    opt(&mut rt, "process_time", dur_dist(d, 1.0));
    let p = d.maybe(50).then(|| d.prob());
    opt(&mut rt, "resaleable_share", p.map(num));

    // Inventory.
    let mut iv = String::new();
    for key in ["shrink_rate", "misplace_rate", "scan_error_rate"] {
        if d.maybe(50) {
            let p = match d.below(4) {
                0 => 0.0,
                1 => 1.0,
                _ => d.range(0.0, 0.05),
            };
            writeln!(iv, "{key} = {}", num(p)).unwrap();
        }
    }
    let p = d.maybe(50).then(|| d.prob());
    opt(&mut iv, "misplace_recovery", p.map(num));
    if d.maybe(50) {
        let n = if d.maybe(10) {
            d.int(100, 2_000)
        } else {
            d.int(0, 60)
        };
        writeln!(iv, "cycle_counts_per_day = {n}").unwrap();
    }
    opt(&mut iv, "cycle_count_time", dur_dist(d, 2.0));
    if d.maybe(40) {
        writeln!(iv, "rfid_count_days = {}", num(d.range(0.01, 60.0))).unwrap();
    }
    if d.maybe(40) {
        writeln!(iv, "rfid_count_time = \"{}min\"", num(d.range(0.0, 1.0))).unwrap();
    }
    if d.maybe(40) {
        writeln!(iv, "rfid_cost_per_month = {}", num(d.range(0.0, 5000.0))).unwrap();
    }
    if d.maybe(40) {
        writeln!(iv, "start_counted = {}", d.maybe(50)).unwrap();
    }

    // Replenishment.
    let mut rp = String::new();
    if d.maybe(60) {
        let policy = ["s_S", "R_S", "base_stock", "sS", "RS"][d.below(5) as usize];
        writeln!(rp, "policy = \"{policy}\"").unwrap();
    }
    let s = d.range(0.0, 10.0);
    if d.maybe(60) {
        writeln!(rp, "reorder_point_days = {}", num(s)).unwrap();
        writeln!(rp, "order_up_to_days = {}", num(s + d.range(0.01, 20.0))).unwrap();
    }
    if d.maybe(40) {
        let names = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
        let mut days: Vec<String> = names
            .iter()
            .filter(|_| d.maybe(50))
            .map(|n| format!("\"{n}\""))
            .collect();
        if days.is_empty() {
            days.push(format!("\"{}\"", names[d.below(7) as usize]));
        }
        writeln!(rp, "order_days = [{}]", days.join(", ")).unwrap();
    }
    if d.maybe(50) {
        writeln!(rp, "order_time = {}", clock(d.below(1441))).unwrap();
    }
    // Zero lead times are one of the cases asked for.
    let lead = if d.maybe(20) {
        Some("\"0s\"".to_string())
    } else {
        dur_dist(d, 2_160.0)
    };
    opt(&mut rp, "lead_time", lead);
    if d.maybe(50) {
        writeln!(rp, "putaway_units_per_task = {}", d.int(1, 100)).unwrap();
    }
    opt(&mut rp, "putaway_time_per_task", dur_dist(d, 4.0));
    if d.maybe(30) {
        writeln!(rp, "backorders = {}", d.maybe(50)).unwrap();
    }
    if d.maybe(50) {
        let v = dur_value(d, 0.08);
        writeln!(rp, "putaway_time_per_unit = {}", dur_text(d, v)).unwrap();
    }

    // SLAs.
    let mut sla = String::new();
    for (key, typical) in [("customer", 10.0), ("stock", 720.0)] {
        if d.maybe(50) {
            let v = dur_value(d, typical);
            writeln!(sla, "{key} = {}", dur_text(d, v)).unwrap();
        }
    }

    // The skills this store's work needs, exactly as the validator sees them.
    let mut needed = vec![6usize]; // stocking
    let kiosk_count = kiosks.unwrap_or(4);
    if shoppers {
        if kiosk_count == 0 || self_share.unwrap_or(0.35) < 1.0 {
            needed.push(0);
        }
        if assist.unwrap_or(0.1) > 0.0 {
            needed.push(1);
        }
        if store_return.unwrap_or(0.10) > 0.0 {
            needed.push(5);
        }
    }
    if online {
        needed.push(2);
        let b = bopis.unwrap_or(0.45);
        if b > 0.0 {
            needed.push(4);
        }
        if b < 1.0 {
            needed.push(3);
        }
        if online_return.unwrap_or(0.176) > 0.0 {
            needed.push(5);
        }
    }
    needed.sort_unstable();
    needed.dedup();
    let lanes = match lanes {
        Some(0) if needed.contains(&0) => Some(1),
        l => l,
    };
    let desks = match desks {
        Some(0) if needed.contains(&4) => Some(1),
        x => x,
    };
    opt(out, "checkout_lanes", lanes.map(|x| x.to_string()));
    opt(out, "self_checkout", kiosks.map(|x| x.to_string()));
    opt(out, "pickup_desks", desks.map(|x| x.to_string()));

    for (table, body) in [
        ("shoppers", &sh),
        ("online", &on),
        ("returns", &rt),
        ("inventory", &iv),
        ("replenishment", &rp),
        ("sla", &sla),
    ] {
        // An empty table is valid too: write it now and then.
        if !body.is_empty() || d.maybe(20) {
            writeln!(out, "\n[stores.{table}]\n{body}").unwrap();
        }
    }

    // Staff.
    let prof = |d: &mut Draw| match d.below(4) {
        0 => 1.0,
        1 => d.range(0.05, 1.0),
        2 => d.range(1.0, 3.0),
        _ => [0.01, 3.0][d.below(2) as usize],
    };
    let team = |d: &mut Draw| ["store", "online"][d.below(2) as usize];
    let mut groups: Vec<Group> = Vec::new();
    match staffing {
        Staffing::Random => {
            for _ in 0..d.int(1, 5) {
                let mut skills: Vec<(usize, f64)> = Vec::new();
                for k in 0..7 {
                    if d.maybe(35) {
                        skills.push((k, prof(d)));
                    }
                }
                if skills.is_empty() {
                    skills.push((d.below(7) as usize, prof(d)));
                }
                let count = if d.maybe(15) {
                    d.int(10, 40)
                } else {
                    d.int(0, 6)
                };
                let team = team(d);
                groups.push(Group {
                    team,
                    count,
                    skills,
                    extra: String::new(),
                });
            }
        }
        Staffing::SingleEmployee => groups.push(Group {
            team: team(d),
            count: 1,
            skills: needed.iter().map(|&k| (k, prof(d))).collect(),
            extra: String::new(),
        }),
        Staffing::Specialists => {
            for &k in &needed {
                groups.push(Group {
                    team: team(d),
                    count: d.int(1, 3),
                    skills: vec![(k, prof(d))],
                    extra: String::new(),
                });
            }
        }
        Staffing::Generalists => groups.push(Group {
            team: team(d),
            count: d.int(1, 10),
            skills: (0..7).map(|k| (k, prof(d))).collect(),
            extra: String::new(),
        }),
        Staffing::OneSkill => groups.push(Group {
            team: team(d),
            count: d.int(1, 8),
            skills: vec![(6, prof(d))],
            // Nobody may be cross-trained into anything else either.
            extra: "cross_skills = {}\n".into(),
        }),
    }
    // Every needed skill held by somebody present (home skills cover every policy).
    if !groups.iter().any(|g| g.count > 0) {
        groups[0].count = 1;
    }
    let staffed = groups.iter().position(|g| g.count > 0).unwrap_or(0);
    for &k in &needed {
        if !groups
            .iter()
            .any(|g| g.count > 0 && g.skills.iter().any(|(s, _)| *s == k))
        {
            groups[staffed].skills.push((k, 1.0));
        }
    }
    for (g, group) in groups.iter().enumerate() {
        writeln!(
            out,
            "\n[[stores.staff]]\nname = \"g{g}\"\nteam = \"{}\"",
            group.team
        )
        .unwrap();
        if group.count != 1 || d.maybe(50) {
            writeln!(out, "count = {}", group.count).unwrap();
        }
        let skills: Vec<String> = group
            .skills
            .iter()
            .map(|(k, p)| format!("{} = {}", SKILLS[*k], num(*p)))
            .collect();
        writeln!(out, "skills = {{ {} }}", skills.join(", ")).unwrap();
        out.push_str(&group.extra);
        if group.extra.is_empty() {
            match d.below(4) {
                0 | 1 => {}
                2 => writeln!(out, "cross_skills = {{}}").unwrap(),
                _ => {
                    let mut cross: Vec<String> = Vec::new();
                    for skill in SKILLS {
                        if d.maybe(40) {
                            cross.push(format!("{skill} = {}", num(prof(d))));
                        }
                    }
                    writeln!(out, "cross_skills = {{ {} }}", cross.join(", ")).unwrap();
                }
            }
        }
        // A shift inside opening hours (or the default: the opening hours).
        if d.maybe(70) {
            let start = if close - open > 1 {
                open + d.below(close - open)
            } else {
                open
            };
            let end = d.int(start + 1, close);
            let mut shift = format!("start = {}, end = {}", clock(start), clock(end));
            if d.maybe(30) {
                let names = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
                let mut days: Vec<String> = names
                    .iter()
                    .filter(|_| d.maybe(60))
                    .map(|n| format!("\"{n}\""))
                    .collect();
                if days.is_empty() {
                    days.push("\"mon\"".into());
                }
                write!(shift, ", days = [{}]", days.join(", ")).unwrap();
            }
            writeln!(out, "shift = {{ {shift} }}").unwrap();
        }
        if d.maybe(50) {
            writeln!(out, "wage_per_hour = {}", num(amount(d, 40.0))).unwrap();
        }
    }
}

/// A whole scenario file from a choice sequence.
fn scenario_text(choices: &[u32]) -> String {
    let d = &mut Draw { choices, pos: 0 };
    let mut out = String::new();
    let policies = d.int(1, 4) as usize;
    writeln!(out, "[scenario]\nname = \"random\"").unwrap();
    let (days, warmup) = (d.int(1, 3), d.below(2));
    writeln!(out, "days = {days}\nwarmup_days = {warmup}").unwrap();
    if d.maybe(50) {
        writeln!(out, "seed = {}", d.next()).unwrap();
    }
    if d.maybe(30) {
        writeln!(out, "replications = {}", d.int(1, 5)).unwrap();
    }
    if d.maybe(30) {
        writeln!(out, "baseline = \"p{}\"", d.below(policies as u32)).unwrap();
    }
    if d.maybe(30) {
        writeln!(out, "description = \"random scenario\"").unwrap();
    }

    writeln!(out, "\n[catalogue]").unwrap();
    let skus = match d.below(4) {
        0 => 1,
        1 => d.int(2, 10),
        _ => d.int(10, 300),
    };
    writeln!(out, "skus = {skus}").unwrap();
    if d.maybe(50) {
        writeln!(out, "zipf_exponent = {}", num(d.range(0.0, 3.0))).unwrap();
    }
    let price_scale = if d.maybe(5) { 1.0e8 } else { 200.0 };
    opt(&mut out, "price", num_dist(d, price_scale));
    if d.maybe(40) {
        writeln!(out, "gross_margin = {}", num(d.range(0.0, 0.99))).unwrap();
    }

    for p in 0..policies {
        writeln!(out, "\n[[policies]]\nname = \"p{p}\"").unwrap();
        match d.below(3) {
            0 => {}
            1 => writeln!(out, "preset = \"siloed\"").unwrap(),
            _ => writeln!(out, "preset = \"aligned\"").unwrap(),
        }
        match d.below(7) {
            0 => {}
            1 => writeln!(out, "sync_interval = \"realtime\"").unwrap(),
            2 => writeln!(out, "sync_interval = 0").unwrap(),
            3 => writeln!(out, "sync_interval = \"nightly\"").unwrap(),
            4 => writeln!(out, "sync_interval = \"1min\"").unwrap(),
            5 => writeln!(out, "sync_interval = \"30d\"").unwrap(),
            _ => {
                let v = d.range(1.0, 1_440.0);
                writeln!(out, "sync_interval = {}", dur_text(d, v)).unwrap();
            }
        }
        match d.below(4) {
            0 => {}
            1 => writeln!(out, "safety_buffer = 1000000").unwrap(),
            _ => writeln!(out, "safety_buffer = {}", d.int(0, 5)).unwrap(),
        }
        if d.maybe(70) {
            writeln!(out, "cross_training_share = {}", num(d.prob())).unwrap();
        }
        match d.below(3) {
            0 => {}
            1 => writeln!(out, "communication = \"fragmented\"").unwrap(),
            _ => writeln!(out, "communication = \"unified\"").unwrap(),
        }
        for lever in ["item_location", "shelf_gap_tasks", "rfid_counts"] {
            if d.maybe(40) {
                writeln!(out, "{lever} = {}", d.maybe(50)).unwrap();
            }
        }
        match d.below(4) {
            0 => {}
            1 => writeln!(out, "dispatch = \"team_fifo\"").unwrap(),
            2 => writeln!(out, "dispatch = \"team_metrics\"").unwrap(),
            _ => writeln!(out, "dispatch = \"customer_impact\"").unwrap(),
        }
    }

    for channel in ["fragmented", "unified"] {
        if !d.maybe(60) {
            continue;
        }
        writeln!(out, "\n[communication.{channel}]").unwrap();
        // Huge latencies (days) are one of the cases asked for.
        let latency = if d.maybe(20) {
            Some(format!(
                "{{ dist = \"exponential\", mean = \"{}d\" }}",
                d.int(1, 60)
            ))
        } else {
            dur_dist(d, 5.0)
        };
        opt(&mut out, "latency", latency);
        let miss = d.prob();
        if d.maybe(80) {
            writeln!(out, "miss_probability = {}", num(miss)).unwrap();
            let v = dur_value(d, 20.0).max(1e-3);
            writeln!(out, "reraise_after = {}", dur_text(d, v)).unwrap();
        }
        opt(&mut out, "handoff_delay", dur_dist(d, 15.0));
        // Messages that fail: a perfect channel, one that always fails, or anything between.
        for key in ["arrival_notice_miss", "approval_failure", "change_miss"] {
            if d.maybe(50) {
                let p = match d.below(4) {
                    0 => 0.0,
                    1 => 1.0,
                    _ => d.prob(),
                };
                writeln!(out, "{key} = {}", num(p)).unwrap();
            }
        }
    }

    if d.maybe(50) {
        writeln!(out, "\n[training]").unwrap();
        if d.maybe(60) {
            writeln!(out, "hours_per_employee = {}", num(amount(d, 80.0))).unwrap();
        }
        if d.maybe(60) {
            let p = if d.maybe(30) { 1.0 } else { d.range(0.01, 1.0) };
            writeln!(out, "start_proficiency = {}", num(p)).unwrap();
        }
        if d.maybe(60) {
            writeln!(out, "ramp_days = {}", num(d.range(0.0, 60.0))).unwrap();
        }
        if d.maybe(50) {
            let h = if d.maybe(20) {
                24.0
            } else {
                d.range(0.01, 10.0)
            };
            writeln!(out, "hours_per_day = {}", num(h)).unwrap();
        }
        if d.maybe(60) {
            // From none to extreme churn (every slot replaced ten times a year).
            let t = match d.below(4) {
                0 => 0.0,
                1 => 10.0,
                _ => d.range(0.0, 3.0),
            };
            writeln!(out, "annual_turnover = {}", num(t)).unwrap();
        }
        if d.maybe(50) {
            let p = if d.maybe(30) { 1.0 } else { d.range(0.01, 1.0) };
            writeln!(out, "new_hire_proficiency = {}", num(p)).unwrap();
        }
        if d.maybe(50) {
            writeln!(out, "new_hire_ramp_days = {}", num(d.range(0.0, 120.0))).unwrap();
        }
        if d.maybe(50) {
            writeln!(out, "trainees_per_group = {}", d.int(1, 4)).unwrap();
        }
        if d.maybe(30) {
            writeln!(out, "trained_before_start = {}", d.maybe(50)).unwrap();
        }
    }

    if d.maybe(50) {
        writeln!(out, "\n[satisfaction]").unwrap();
        if d.maybe(60) {
            writeln!(out, "base_score = {}", num(d.range(0.0, 10.0))).unwrap();
        }
        if d.maybe(60) {
            writeln!(out, "noise_sd = {}", num(amount(d, 5.0))).unwrap();
        }
        if d.maybe(60) {
            let v = dur_value(d, 4.0);
            writeln!(out, "wait_tolerance = {}", dur_text(d, v)).unwrap();
        }
        for key in [
            "penalty_per_wait_minute",
            "penalty_per_missing_item",
            "penalty_assist_abandoned",
            "penalty_balked",
            "penalty_reneged",
            "penalty_late_order",
            "penalty_inaccurate_order",
            "penalty_cancelled_order",
        ] {
            if d.maybe(40) {
                writeln!(out, "{key} = {}", num(amount(d, 10.0))).unwrap();
            }
        }
    }

    let stores = d.int(1, 3);
    let share = 1.0 / f64::from(stores * (days + warmup));
    for i in 0..stores as usize {
        store(d, &mut out, i, share);
    }
    out
}

/// The proptest strategy: valid scenario text across the whole schema.
fn valid_scenario() -> impl Strategy<Value = String> {
    prop::collection::vec(any::<u32>(), 0..1_600).prop_map(|c| scenario_text(&c))
}

// ---------------------------------------------------------------------------------------------
// The checks.
// ---------------------------------------------------------------------------------------------

fn load(text: &str) -> Result<Scenario, TestCaseError> {
    scenario::load_str(text, "random.toml", Path::new(".")).map_err(|e| {
        TestCaseError::fail(format!(
            "the generator wrote a scenario the validator refuses:\n{e}"
        ))
    })
}

/// Runs one policy for replication 0 with every check after every event in a thread: the
/// result, `Ok(None)` when it takes longer than `deadline` (the thread is left running), or
/// the simulation's panic message.
fn run_with_deadline(
    sc: &Scenario,
    policy: usize,
    deadline: Duration,
) -> Result<Option<ReplicationResult>, String> {
    let (tx, rx) = mpsc::channel();
    let owned = sc.clone();
    std::thread::spawn(move || {
        let options = RunOptions {
            audit: false,
            check: Some(CheckLevel::Full),
            ..RunOptions::default()
        };
        let run = || sim::run_replication(&owned, policy, 0, options);
        let _ = tx.send(std::panic::catch_unwind(std::panic::AssertUnwindSafe(run)));
    });
    match rx.recv_timeout(deadline) {
        Ok(Ok(r)) => Ok(Some(r)),
        Ok(Err(payload)) => {
            let msg = common::panic_message(payload.as_ref());
            Err(format!("the simulation panicked on policy {policy}: {msg}"))
        }
        Err(mpsc::RecvTimeoutError::Timeout) => Ok(None),
        Err(mpsc::RecvTimeoutError::Disconnected) => unreachable!("the runner always sends"),
    }
}

/// [`run_with_deadline`] for the properties: a run past [`RUN_DEADLINE`] is taken for a hang,
/// and the process exits after saving and printing the scenario (a spinning thread cannot be
/// stopped, so shrinking would only pile up more of them).
fn run_checked(
    sc: &Scenario,
    policy: usize,
    text: &str,
) -> Result<ReplicationResult, TestCaseError> {
    match run_with_deadline(sc, policy, RUN_DEADLINE) {
        Ok(Some(r)) => Ok(r),
        Err(panicked) => Err(TestCaseError::fail(panicked)),
        Ok(None) => {
            let file = saved("random_scenario_hang.toml", text);
            let msg = format!(
                "\npolicy {policy} ran for more than {RUN_DEADLINE:?}: a hang? Scenario saved \
                 to {file}:\n{text}\n"
            );
            // Not through eprintln!: the test harness would swallow it on exit.
            std::io::Write::write_all(&mut std::io::stderr(), msg.as_bytes()).ok();
            std::process::exit(3);
        }
    }
}

/// Writes `text` to `name` in cargo's temporary folder for tests; returns the path.
fn saved(name: &str, text: &str) -> String {
    let file = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    std::fs::write(&file, text).ok();
    file.display().to_string()
}

/// Where a failing case is saved as a plain scenario file. Proptest runs the shrunk cases
/// one after the other, so the file ends up holding the smallest failing case.
const FAILURE_FILE: &str = "random_scenario_failure.toml";

/// `result`, after saving `text` to [`FAILURE_FILE`] when it is a failure.
fn keep_failure(result: Result<(), TestCaseError>, text: &str) -> Result<(), TestCaseError> {
    if result.is_err() {
        saved(FAILURE_FILE, text);
    }
    result
}

/// KPIs that are sums (or a mean of a sum) and so are always defined.
const ALWAYS_DEFINED: [&str; 9] = [
    "revenue",
    "lost_sales_revenue",
    "lost_sales_shelf_empty",
    "lost_sales_balked",
    "lost_sales_reneged",
    "lost_sales_online_declined",
    "lost_sales_order_cancelled",
    "labour_cost",
    "labour_hours",
];

/// KPIs whose denominator counts online orders: undefined without online demand.
const ONLINE_ONLY: [&str; 6] = [
    "order_accuracy",
    "order_ready_minutes_mean",
    "order_ready_minutes_p90",
    "bopis_on_time_rate",
    "ship_on_time_rate",
    "oversell_rate",
];

/// KPIs whose denominator counts shoppers at checkout: undefined without shoppers.
const SHOPPERS_ONLY: [&str; 2] = ["checkout_wait_minutes_mean", "checkout_wait_minutes_p90"];

fn check_kpis(
    values: &[f64],
    label: &str,
    has_online: bool,
    has_shoppers: bool,
) -> Result<(), TestCaseError> {
    prop_assert_eq!(values.len(), KPIS.len(), "{}: KPI count", label);
    for (def, &v) in KPIS.iter().zip(values) {
        prop_assert!(
            v.is_finite() || v.is_nan(),
            "{}: {} = {} is infinite",
            label,
            def.name,
            v
        );
        if ALWAYS_DEFINED.contains(&def.name) {
            prop_assert!(
                v.is_finite() && v >= 0.0,
                "{}: {} = {} (a sum: always defined and >= 0)",
                label,
                def.name,
                v
            );
        }
        if !has_online && ONLINE_ONLY.contains(&def.name) {
            prop_assert!(
                v.is_nan(),
                "{}: {} = {} with no online orders",
                label,
                def.name,
                v
            );
        }
        if !has_shoppers && SHOPPERS_ONLY.contains(&def.name) {
            prop_assert!(
                v.is_nan(),
                "{}: {} = {} with no shoppers",
                label,
                def.name,
                v
            );
        }
        // Shares of counted things stay in [0, 1] (utilisation may not: work booked at
        // its start can outlast the paid time).
        if def.unit == "share" && !def.name.contains("utilisation") && v.is_finite() {
            prop_assert!(
                (-1e-9..=1.0 + 1e-9).contains(&v),
                "{}: {} = {} is not a share",
                label,
                def.name,
                v
            );
        }
    }
    let nps = values[kpi_index("nps").unwrap()];
    prop_assert!(
        nps.is_nan() || (-100.0..=100.0).contains(&nps),
        "{label}: nps {nps}"
    );
    Ok(())
}

/// Every CSV cell of the three result tables: numbers, words, or empty; never NaN or inf.
fn check_csv(bytes: &[u8], what: &str) -> Result<(), TestCaseError> {
    let text = String::from_utf8(bytes.to_vec()).expect("CSV is UTF-8");
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let width = reader.headers().expect("a header row").len();
    for row in reader.records() {
        let row = row.expect("a readable row");
        prop_assert_eq!(row.len(), width, "{}: ragged row {:?}", what, row);
        for cell in row.iter() {
            let lower = cell.to_ascii_lowercase();
            prop_assert!(
                !lower.contains("nan") && !lower.contains("inf"),
                "{}: cell {:?} in row {:?}",
                what,
                cell,
                row
            );
        }
    }
    Ok(())
}

/// Loads, runs every policy and checks everything.
fn check_scenario(text: &str) -> Result<(), TestCaseError> {
    let sc = load(text)?;
    prop_assert!((1..=3).contains(&sc.days) && sc.warmup_days <= 1);
    let any_online = sc
        .stores
        .iter()
        .any(|s| !s.online.arrivals.segments.is_empty());
    let any_shoppers = sc
        .stores
        .iter()
        .any(|s| !s.shoppers.arrivals.segments.is_empty());
    let mut cells = Vec::new();
    for p in 0..sc.policies.len() {
        let r = run_checked(&sc, p, text)?;
        let label = format!("policy {}", sc.policies[p].name);
        if let Some(v) = &r.violation {
            return Err(TestCaseError::fail(format!("{label}: {v}")));
        }
        prop_assert_eq!(r.stores.len(), sc.stores.len());
        for (s, values) in r.stores.iter().enumerate() {
            let spec = &sc.stores[s];
            check_kpis(
                values,
                &format!("{label}, store {}", spec.name),
                !spec.online.arrivals.segments.is_empty(),
                !spec.shoppers.arrivals.segments.is_empty(),
            )?;
        }
        check_kpis(&r.all, &format!("{label}, all"), any_online, any_shoppers)?;
        // A value is written as its number, or as an empty cell when undefined.
        for &v in r.all.iter().chain(r.stores.iter().flatten()) {
            let cell = format_value(v);
            if v.is_nan() {
                prop_assert_eq!(cell, "");
            } else {
                prop_assert_eq!(cell.parse::<f64>().ok(), Some(v));
            }
        }
        cells.push(vec![Cell {
            stores: r.stores,
            all: r.all,
            events: r.events,
            recording: None,
        }]);
    }
    let result = ExperimentResult {
        plan: Plan {
            replications: 1,
            seed: sc.seed,
            threads: 1,
            confidence: 0.95,
            ..Plan::new(0, 0)
        },
        scenario: sc,
        scenario_hash: String::new(),
        threads_used: 1,
        cells,
        wall_seconds: 0.0,
        events: 0,
        records: Default::default(),
    };
    check_csv(&replications_csv(&result).unwrap(), "replications.csv")?;
    check_csv(&summary_csv(&result).unwrap(), "summary.csv")?;
    check_csv(&comparison_csv(&result).unwrap(), "comparison.csv")?;
    // Undefined KPIs are empty value cells in replications.csv.
    let rows = String::from_utf8(replications_csv(&result).unwrap()).unwrap();
    let undefined = result.cells[0][0].all.iter().filter(|v| v.is_nan()).count();
    let empty_all = rows
        .lines()
        .filter(|l| l.starts_with(&format!("{},0,all,", result.scenario.policies[0].name)))
        .filter(|l| l.ends_with(','))
        .count();
    prop_assert_eq!(
        undefined,
        empty_all,
        "empty cells for store `all`, policy 0"
    );
    Ok(())
}

proptest! {
    #![proptest_config(config(DEFAULT_CASES))]

    /// Random valid scenarios run every policy without panic or broken invariant, and their
    /// KPIs are finite or undefined (an empty cell in the CSV).
    #[test]
    fn random_scenarios_run_clean(text in valid_scenario()) {
        keep_failure(check_scenario(&text), &text)?;
    }
}

proptest! {
    #![proptest_config(config(DEFAULT_CASES * 20))]

    /// The generator and the validator agree: every generated scenario is accepted.
    #[test]
    fn generated_scenarios_are_valid(text in valid_scenario()) {
        load(&text)?;
    }
}

// ---------------------------------------------------------------------------------------------
// Regression cases found by the properties above.
// ---------------------------------------------------------------------------------------------

/// The simplest scenario the generator writes (every choice 0) runs clean.
#[test]
fn the_all_defaults_case_runs_clean() {
    let text = scenario_text(&[]);
    check_scenario(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
}

/// Runs every policy of `text` with every check and returns the first violation, if any.
fn first_violation(text: &str) -> Option<String> {
    let sc = scenario::load_str(text, "regression.toml", Path::new("."))
        .unwrap_or_else(|e| panic!("{e}"));
    (0..sc.policies.len()).find_map(|p| {
        run_checked(&sc, p, text)
            .unwrap_or_else(|e| panic!("{e}"))
            .violation
            .map(|v| format!("policy {}: {v}", sc.policies[p].name))
    })
}

/// Found by `random_scenarios_run_clean`: an employee still on shift at the horizon (a store
/// open to 24:00, or a task running past midnight, e.g. a 30-day `task_switch_time`) was paid
/// off by `World::finish` and set `Off` with their task and idle-index bits left in place, so
/// the end-of-run check reported "employee 0 is Off with task N" or "(Off, closing false)
/// indexed as idle for checkout". Fixed in the simulator (staff at work at the horizon are
/// paid without being sent home).
#[test]
fn an_employee_on_shift_at_the_horizon_keeps_the_invariants() {
    let idle_at_midnight = r#"
[scenario]
name = "open_to_midnight"
days = 1
warmup_days = 0
[[stores]]
close = "24:00"
[[stores.staff]]
team = "store"
skills = { checkout = 1, floor = 1, returns = 1, stocking = 1, picking = 1, packing = 1, pickup_desk = 1 }
"#;
    let busy_at_midnight = r#"
[scenario]
name = "task_past_midnight"
days = 1
warmup_days = 0
[[stores]]
[stores.shoppers]
checkout_time = "2d"
[[stores.staff]]
team = "store"
skills = { checkout = 1, floor = 1, returns = 1, stocking = 1, picking = 1, packing = 1, pickup_desk = 1 }
"#;
    let broken: Vec<String> = [idle_at_midnight, busy_at_midnight]
        .iter()
        .filter_map(|text| first_violation(text))
        .collect();
    assert!(broken.is_empty(), "{broken:#?}");
}

/// Found by `random_scenarios_run_clean` as a hang: a BOPIS customer who gave up at the desk
/// came back after their own `pickup_delay`; with a tiny patience and a tiny delay (there:
/// gamma with a mean of 2e-4 min, exponential with a mean of 1e-9 min) and nobody at the desk,
/// they left and came back at the same instant, forever. Fixed in the simulator (a customer
/// who gave up comes back no sooner than an hour later).
#[test]
fn a_pickup_customer_with_no_patience_and_no_delay_does_not_hang() {
    let text = r#"
[scenario]
name = "pickup_loop"
days = 1
warmup_days = 0
[[stores]]
[stores.shoppers]
per_day = 0
[stores.online]
per_day = 50
bopis_share = 1
pickup_delay = "0s"
pickup_patience = "0s"
[[stores.staff]]
name = "pickers"
team = "online"
skills = { picking = 1, returns = 1, stocking = 1 }
[[stores.staff]]
name = "desk"
team = "online"
skills = { pickup_desk = 1 }
shift = { start = "08:00", end = "09:00" }
"#;
    let sc = scenario::load_str(text, "pickup_loop.toml", Path::new(".")).unwrap();
    let r = run_with_deadline(&sc, 0, Duration::from_secs(20)).unwrap();
    assert!(r.is_some(), "one simulated day did not end within 20 s");
}

/// Not a test: shrinks the scenario saved by a failing `random_scenarios_run_clean` (or the
/// file named by `OMNISIM_MINIMIZE`) by deleting lines, then blocks of lines, while it still
/// loads and still fails, and writes the result next to it as `*.min.toml`.
#[test]
#[ignore = "a tool: run by hand after a failure"]
fn minimize_the_saved_failure() {
    let input = std::env::var("OMNISIM_MINIMIZE").unwrap_or_else(|_| {
        Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join(FAILURE_FILE)
            .display()
            .to_string()
    });
    let text = std::fs::read_to_string(&input).unwrap_or_else(|e| panic!("{input}: {e}"));
    let fails = |lines: &[&str]| {
        let text = lines.join("\n");
        scenario::load_str(&text, "m.toml", Path::new(".")).is_ok()
            && check_scenario(&text).is_err()
    };
    let mut lines: Vec<&str> = text.lines().collect();
    assert!(fails(&lines), "{input} does not fail");
    // Blocks of halving sizes, then single lines, until no deletion keeps it failing.
    loop {
        let before = lines.len();
        let mut chunk = lines.len();
        while chunk > 0 {
            let mut i = 0;
            while i < lines.len() {
                let mut fewer = lines.clone();
                fewer.drain(i..(i + chunk).min(lines.len()));
                if fails(&fewer) {
                    lines = fewer;
                } else {
                    i += chunk;
                }
            }
            chunk /= 2;
        }
        if lines.len() == before {
            break;
        }
    }
    let minimal = lines.join("\n") + "\n";
    let out = input.trim_end_matches(".toml").to_string() + ".min.toml";
    std::fs::write(&out, &minimal).unwrap();
    println!(
        "{out}:\n{minimal}\n{}",
        check_scenario(&minimal).unwrap_err()
    );
}
