//! The model reduced to one checkout queue agrees with queueing theory. The reduction goes
//! through the ordinary scenario language: constant arrival rate around the clock, one item
//! per basket, exponential service, no balking, no reneging, no switching time, c lanes
//! staffed by c checkout-only employees all day (no staff turnover, so no slower new hires),
//! no online demand, no returns, stock that never runs out. Then, for c = 1, 2, 5, 10 lanes
//! at utilisation 0.5, 0.8 and 0.9, the mean wait in queue, the probability of waiting
//! (Erlang C) and the time-average queue length must match the M/M/c formulas.
//!
//! Tolerance rule: the exact value lies inside the Student-t interval of the replication
//! means at a Bonferroni-adjusted level (99% for the whole file), and that interval is
//! narrower than 12% of the exact value, so a wrong model cannot pass by being noisy.

use crate::support::common;

use omnisim::experiment::{self, Plan, stats::summarize};
use omnisim::sim::kpi_index;

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
[training]
annual_turnover = 0
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
putaway_units_per_task = 1000000
putaway_time_per_task = "0s"
putaway_time_per_unit = "0s"
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

/// Replications per configuration.
const REPLICATIONS: u32 = 24;
/// Family-wise confidence over every check in this file: each of the 36 checks (12
/// configurations x 3 measures) uses a Bonferroni-adjusted level 1 - 0.01 / 36, so a correct
/// model passes all of them with probability at least 99% under any seed.
const FAMILY_CONFIDENCE: f64 = 0.99;
const CHECKS: f64 = 36.0;

struct Measured {
    name: &'static str,
    exact: f64,
    mean: f64,
    half_width: f64,
}

fn measure(lanes: u32, utilisation: f64) -> Vec<Measured> {
    let mu = 1.0; // services per minute (mean 1 min)
    let lambda = utilisation * f64::from(lanes) * mu;
    let mut sc = common::scenario_from(&scenario(lanes, lambda * 1440.0, 1.0 / mu));
    // Heavy traffic relaxes slowly, few lanes most slowly: run those longer.
    let base = if utilisation >= 0.9 {
        60
    } else if utilisation >= 0.8 {
        30
    } else {
        10
    };
    sc.days = if lanes <= 2 { base } else { base / 2 };
    let plan = Plan {
        replications: REPLICATIONS,
        seed: 7,
        threads: 0,
        confidence: 0.95,
        ..Plan::new(0, 0)
    };
    let r = experiment::run(&sc, &plan, &|| {}).unwrap();
    let level = 1.0 - (1.0 - FAMILY_CONFIDENCE) / CHECKS;
    let series = |name: &str| summarize(&r.series(0, 0, kpi_index(name).unwrap()), level);
    let wq = mmc_wait(lanes, lambda, mu);
    [
        ("checkout_wait_minutes_mean", "Wq [min]", wq),
        (
            "checkout_wait_probability",
            "P(wait)",
            erlang_c(lanes, lambda / mu),
        ),
        ("checkout_queue_length_mean", "Lq", lambda * wq),
    ]
    .into_iter()
    .map(|(kpi, name, exact)| {
        let s = series(kpi);
        Measured {
            name,
            exact,
            mean: s.mean,
            half_width: s.half_width(),
        }
    })
    .collect()
}

fn check(lanes: u32, utilisation: f64) {
    for m in measure(lanes, utilisation) {
        // The table printed here is the manual's validation table (docs/src/validation.md)
        // (`cargo test --release --test it validation_queues:: -- --nocapture`).
        eprintln!(
            "| M/M/{lanes} | {utilisation} | {} | {:.4} | {:.4} ± {:.4} |",
            m.name, m.exact, m.mean, m.half_width
        );
        assert!(
            (m.mean - m.exact).abs() <= m.half_width,
            "M/M/{lanes} at rho {utilisation}: exact {} = {:.4} outside the interval {:.4} ± {:.4}",
            m.name,
            m.exact,
            m.mean,
            m.half_width
        );
        // The interval is tight enough that a wrong model would fail: within 12% of the
        // exact value (or 0.01 absolute for tiny values).
        assert!(
            m.half_width < (0.12 * m.exact).max(0.01),
            "M/M/{lanes} at rho {utilisation}: interval for {} too wide: ± {:.4}",
            m.name,
            m.half_width
        );
    }
}

#[test]
fn erlang_c_reference_value() {
    // Textbook value: c = 2, a = 1.6 gives C = 0.7111.
    assert!((erlang_c(2, 1.6) - 0.711_111).abs() < 1e-6);
    // c = 1: C = rho.
    assert!((erlang_c(1, 0.7) - 0.7).abs() < 1e-12);
}

#[test]
fn mm1_matches_theory() {
    for rho in [0.5, 0.8, 0.9] {
        check(1, rho);
    }
}

#[test]
fn mm2_matches_erlang_c() {
    for rho in [0.5, 0.8, 0.9] {
        check(2, rho);
    }
}

#[test]
fn mm5_matches_erlang_c() {
    for rho in [0.5, 0.8, 0.9] {
        check(5, rho);
    }
}

#[test]
fn mm10_matches_erlang_c() {
    for rho in [0.5, 0.8, 0.9] {
        check(10, rho);
    }
}
