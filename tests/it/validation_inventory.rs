//! Periodic-review order-up-to (R, S) inventory with backorders, one SKU, Poisson demand and
//! a fixed lead time, through the ordinary scenario language: its fill rate (the share of
//! demand met from the shelf at once) must match the textbook formula.
//!
//! # Formula
//! With demand D(t) ~ Poisson(lambda t), review period R, lead time L and order-up-to
//! level S, the expected units backordered per cycle are
//! `E[(D(L+R) - S)^+] - E[(D(L) - S)^+]`, so the fill rate is
//! `beta = 1 - (E[(D(L+R) - S)^+] - E[(D(L) - S)^+]) / (lambda R)`
//! (e.g. Axsaeter, Inventory Control, section on periodic review with backorders).
//!
//! Tolerance rule: the exact value lies inside the 99% Student-t interval (Bonferroni over
//! the two cases) of the replication means, and that interval is narrower than 1.5
//! percentage points.

use crate::support::common;

use omnisim::experiment::{self, Plan, stats::summarize};
use omnisim::sim::kpi_index;

/// Poisson probabilities p(0..=n) for mean `m`, by recurrence (stable for the sizes here).
fn poisson_pmf(m: f64, n: usize) -> Vec<f64> {
    let mut p = vec![(-m).exp(); n + 1];
    for k in 1..=n {
        p[k] = p[k - 1] * m / k as f64;
    }
    p
}

/// E[(X - s)^+] for X ~ Poisson(m): m - s + sum_{k < s} (s - k) p(k).
fn expected_excess(m: f64, s: u32) -> f64 {
    let p = poisson_pmf(m, s as usize);
    m - f64::from(s)
        + (0..s as usize)
            .map(|k| (f64::from(s) - k as f64) * p[k])
            .sum::<f64>()
}

fn fill_rate(lambda: f64, review: f64, lead: f64, s: u32) -> f64 {
    1.0 - (expected_excess(lambda * (lead + review), s) - expected_excess(lambda * lead, s))
        / (lambda * review)
}

/// One SKU, `per_day` shoppers each wanting one unit around the clock, self-checkout at
/// once (so the record drops when the unit leaves the shelf), weekly review on Mondays at
/// 06:00, a fixed two-day lead time, instant put-away, exact records.
fn scenario(per_day: f64, order_up_to_days: f64) -> String {
    format!(
        r#"
[scenario]
name = "rs_backorders"
days = 364
warmup_days = 28
replications = 16
[catalogue]
skus = 1
price = 1.0
[[policies]]
name = "only"
preset = "siloed"
communication = "unified"
[communication.unified]
latency = "0s"
miss_probability = 0.0
[[stores]]
name = "store"
open = "00:00"
close = "24:00"
checkout_lanes = 1
self_checkout = 10000
task_switch_time = "0s"
[stores.shoppers]
per_day = {per_day}
hourly = [1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1]
weekday = [1,1,1,1,1,1,1]
basket_items = 1
browse_time = "0s"
assist_probability = 0.0
substitution_probability = 0.0
self_checkout_share = 1.0
self_checkout_time = "0s"
[stores.online]
per_day = 0
[stores.returns]
online_return_rate = 0.0
store_return_rate = 0.0
[stores.inventory]
shrink_rate = 0.0
misplace_rate = 0.0
scan_error_rate = 0.0
cycle_counts_per_day = 0
[stores.replenishment]
policy = "R_S"
order_days = ["mon"]
order_time = "06:00"
reorder_point_days = 0
order_up_to_days = {order_up_to_days}
lead_time = "2d"
backorders = true
putaway_units_per_task = 1000000
putaway_time_per_task = "0s"
putaway_time_per_unit = "0s"
[[stores.staff]]
name = "stocker"
team = "store"
count = 1
skills = {{ stocking = 1.0 }}
shift = {{ start = "00:00", end = "24:00" }}
"#
    )
}

fn check(per_day: f64, order_up_to_days: f64) {
    let s = (order_up_to_days * per_day).ceil() as u32;
    let exact = fill_rate(per_day, 7.0, 2.0, s);
    let sc = common::scenario_from(&scenario(per_day, order_up_to_days));
    let plan = Plan {
        replications: sc.replications,
        seed: 3,
        threads: 0,
        confidence: 0.95,
        ..Plan::new(0, 0)
    };
    let r = experiment::run(&sc, &plan, &|| {}).unwrap();
    let level = 1.0 - 0.01 / 2.0;
    let m = summarize(
        &r.series(0, 0, kpi_index("shelf_fill_rate").unwrap()),
        level,
    );
    eprintln!(
        "| (R,S) R = 7 d, L = 2 d, lambda = {per_day}/d, S = {s} | fill rate | {exact:.4} | {:.4} ± {:.4} |",
        m.mean,
        m.half_width()
    );
    assert!(
        (m.mean - exact).abs() <= m.half_width(),
        "S = {s}: exact fill rate {exact:.4} outside {:.4} ± {:.4}",
        m.mean,
        m.half_width()
    );
    assert!(m.half_width() < 0.015, "interval too wide: {m:?}");
    // With no shrink, misplacement or scan errors the record is exact: physical stock less
    // the units owed to backorders, every day.
    let accuracy = summarize(&r.series(0, 0, kpi_index("record_accuracy").unwrap()), 0.95);
    assert_eq!(accuracy.mean, 1.0, "records drifted without any cause");
}

#[test]
fn formula_reference_values() {
    // With S far above demand nothing is backordered; with S = 0 nothing is filled.
    assert!((fill_rate(10.0, 7.0, 2.0, 1000) - 1.0).abs() < 1e-12);
    assert!(fill_rate(10.0, 7.0, 2.0, 0).abs() < 1e-12);
    // E[(X - 0)^+] = m.
    assert!((expected_excess(4.0, 0) - 4.0).abs() < 1e-12);
}

#[test]
fn fill_rate_matches_the_formula_at_a_high_service_level() {
    check(20.0, 9.5); // S = 190 against a mean of 180 over L + R
}

#[test]
fn fill_rate_matches_the_formula_at_a_low_service_level() {
    check(20.0, 8.0); // S = 160: about one unit in ten backordered
}
