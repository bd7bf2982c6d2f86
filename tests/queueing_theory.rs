//! The model reduced to one checkout queue agrees with queueing theory. The reduction goes
//! through the ordinary scenario language: constant arrival rate around the clock, one item
//! per basket, exponential service, no balking, no reneging, no switching time, c lanes
//! staffed by c checkout-only employees all day, no online demand, no returns, stock that
//! never runs out. Then the mean checkout wait must match Erlang C.

mod common;

use omnisim::experiment::{self, Plan, stats::summarize};
use omnisim::sim::kpi_index;

/// Confidence of the interval that must contain the exact value. With fixed seeds the test
/// is deterministic; 99% keeps a correct model passing under any reasonable seed.
const CONFIDENCE: f64 = 0.99;

fn factorial(n: u32) -> f64 {
    (1..=n).map(f64::from).product()
}

/// Erlang C: probability that an arrival waits in an M/M/c queue with offered load `a`.
fn erlang_c(c: u32, a: f64) -> f64 {
    let top = a.powi(c as i32) / factorial(c) * f64::from(c) / (f64::from(c) - a);
    let bottom: f64 = (0..c).map(|k| a.powi(k as i32) / factorial(k)).sum::<f64>() + top;
    top / bottom
}

/// Mean wait in queue Wq of M/M/c [min].
///
/// # Formula
/// `Wq = C(c, a) / (c mu - lambda)` with `a = lambda / mu`.
fn mmc_wait(c: u32, lambda: f64, mu: f64) -> f64 {
    erlang_c(c, lambda / mu) / (f64::from(c) * mu - lambda)
}

fn scenario(lanes: u32, per_day: f64, service_mean_min: f64) -> String {
    format!(
        r#"
[scenario]
name = "mmc"
days = 20
warmup_days = 1
replications = 12
[catalogue]
skus = 1
price = 1.0
[[policies]]
name = "only"
preset = "siloed"
[[stores]]
name = "queue"
open = "00:00"
close = "24:00"
checkout_lanes = {lanes}
self_checkout = 0
task_switch_time = "0s"
[stores.shoppers]
per_day = {per_day}
hourly = [1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1]
weekday = [1,1,1,1,1,1,1]
basket_items = 1
browse_time = "0s"
assist_probability = 0.0
checkout_time = {{ dist = "exponential", mean = {service_mean_min} }}
checkout_time_per_item = "0s"
balk_probability_per_extra = 0.0
patience = "10000d"
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
reorder_point_days = 5
order_up_to_days = 15
lead_time = "1d"
[[stores.staff]]
name = "cashiers"
team = "store"
count = {lanes}
skills = {{ checkout = 1.0 }}
shift = {{ start = "00:00", end = "24:00" }}
[[stores.staff]]
name = "stock"
team = "store"
count = 1
skills = {{ stocking = 1.0 }}
shift = {{ start = "00:00", end = "24:00" }}
"#
    )
}

fn check(lanes: u32, utilisation: f64) {
    let mu = 1.0; // services per minute (mean 1 min)
    let lambda = utilisation * f64::from(lanes) * mu;
    let sc = common::scenario_from(&scenario(lanes, lambda * 1440.0, 1.0 / mu));
    let plan = Plan {
        replications: sc.replications,
        seed: 7,
        threads: 0,
    };
    let r = experiment::run(&sc, &plan, &|| {}).unwrap();
    let k = kpi_index("checkout_wait_minutes_mean").unwrap();
    let s = summarize(&r.series(0, 0, k), CONFIDENCE);
    let exact = mmc_wait(lanes, lambda, mu);
    assert!(
        s.ci_low <= exact && exact <= s.ci_high,
        "M/M/{lanes} at rho {utilisation}: exact Wq {exact:.4} min outside the {}% interval [{:.4}, {:.4}] (mean {:.4})",
        CONFIDENCE * 100.0,
        s.ci_low,
        s.ci_high,
        s.mean
    );
    eprintln!(
        "M/M/{lanes} rho {utilisation}: exact {exact:.4}, measured {:.4} ± {:.4}",
        s.mean,
        s.half_width()
    );
    // And the interval is tight enough that a wrong model would fail: within 10% of Wq.
    assert!(s.half_width() < 0.1 * exact, "interval too wide: {s:?}");
}

#[test]
fn erlang_c_reference_value() {
    // Textbook value: c = 2, a = 1.6 gives C = 0.7111.
    assert!((erlang_c(2, 1.6) - 0.711_111).abs() < 1e-6);
}

#[test]
fn mm1_mean_wait_matches_theory() {
    check(1, 0.7);
}

#[test]
fn mm2_mean_wait_matches_erlang_c() {
    check(2, 0.8);
}

#[test]
fn mm5_mean_wait_matches_erlang_c() {
    check(5, 0.85);
}
