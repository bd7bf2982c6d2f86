//! The default scenario against published figures ("stylized facts"): each value the default
//! store produces must stay inside the range the sources give, so a model change that moves
//! the store away from a plausible one fails here. The manual's "Stylized facts" table (docs/src/sources.md) lists
//! the same ranges with their sources and the values measured with 50 replications.

use omnisim::experiment::{self, ExperimentResult, Plan};
use omnisim::scenario::{self, Scenario};
use omnisim::sim::kpi_index;

/// A fact: what is measured, the range the sources support, and for which policies.
struct Fact {
    what: &'static str,
    low: f64,
    high: f64,
}

/// How a fact's value is read from a run, for one policy.
type Measure = fn(&ExperimentResult, usize) -> f64;

fn run() -> (Scenario, ExperimentResult) {
    let sc = scenario::default_scenario();
    let plan = Plan {
        threads: 2,
        ..Plan::new(6, sc.seed)
    };
    let r = experiment::run(&sc, &plan, &|| {}).expect("the default scenario runs");
    (sc, r)
}

/// Mean over replications of KPI `name` for policy `p`, all stores.
fn mean(r: &ExperimentResult, p: usize, name: &str) -> f64 {
    let store = r.scenario.stores.len();
    let s = r.series(p, store, kpi_index(name).expect("a KPI"));
    s.iter().sum::<f64>() / s.len() as f64
}

fn check(fact: &Fact, policy: &str, value: f64, failures: &mut Vec<String>) {
    if !(fact.low..=fact.high).contains(&value) {
        failures.push(format!(
            "{} ({policy}): {value:.4} outside [{}, {}]",
            fact.what, fact.low, fact.high
        ));
    }
}

#[test]
fn the_default_store_matches_published_figures() {
    let (sc, r) = run();
    let siloed = sc.baseline;
    let aligned = sc
        .policies
        .iter()
        .position(|p| p.name == "aligned")
        .expect("an aligned policy");
    let mut failures = Vec::new();
    // Both policies: the store's economics and service.
    let both: [(Fact, Measure); 6] = [
        (
            Fact {
                what: "labour cost share of sales (FMI, US Census: 8-12%)",
                low: 0.08,
                high: 0.12,
            },
            |r, p| mean(r, p, "labour_cost_share"),
        ),
        (
            Fact {
                what: "sales per labour hour (grocery benchmarks: 120-250)",
                low: 120.0,
                high: 250.0,
            },
            |r, p| mean(r, p, "sales_per_labour_hour"),
        ),
        (
            Fact {
                what: "shelf out-of-stock rate (Gruen et al. 2002: about 8%, 5-10%)",
                low: 0.05,
                high: 0.10,
            },
            |r, p| 1.0 - mean(r, p, "shelf_availability"),
        ),
        (
            Fact {
                what: "gross margin rate (supermarkets: 22-30%)",
                low: 0.22,
                high: 0.30,
            },
            |r, p| mean(r, p, "gross_margin") / mean(r, p, "revenue"),
        ),
        (
            Fact {
                what: "checkout wait, minutes (US cities: under 5 min)",
                low: 0.0,
                high: 5.0,
            },
            |r, p| mean(r, p, "checkout_wait_minutes_mean"),
        ),
        (
            Fact {
                what: "BOPIS ready time, minutes (11 chains: 10 min to 2 h 26 min; see docs/src/sources.md)",
                low: 5.0,
                high: 150.0,
            },
            |r, p| mean(r, p, "bopis_ready_minutes_mean"),
        ),
    ];
    for (fact, value) in &both {
        for (p, name) in [(siloed, "siloed"), (aligned, "aligned")] {
            check(fact, name, value(&r, p), &mut failures);
        }
    }
    // Record accuracy: manual counting (siloed) against RFID counting (aligned).
    check(
        &Fact {
            what: "accurate records, manual counts (DeHoratius and Raman 2008; RFID lab studies: 35-75%)",
            low: 0.35,
            high: 0.75,
        },
        "siloed",
        mean(&r, siloed, "record_accuracy"),
        &mut failures,
    );
    check(
        &Fact {
            what: "accurate records with RFID counts (field studies: 90-99%)",
            low: 0.90,
            high: 0.99,
        },
        "aligned",
        mean(&r, aligned, "record_accuracy"),
        &mut failures,
    );
    // Parameters with a published counterpart.
    let store = &sc.stores[0];
    let on = &store.online;
    let lines = on.lines.mean();
    let units = lines * on.units_per_line.mean();
    let minutes = on.pick_time_per_order.mean()
        + lines * on.pick_time_per_line.mean()
        + on.bopis_share * on.stage_time.mean();
    check(
        &Fact {
            what: "units picked per hour (store picking: 40-120)",
            low: 40.0,
            high: 120.0,
        },
        "parameters",
        units / minutes * 60.0,
        &mut failures,
    );
    check(
        &Fact {
            what: "online return rate (NRF 2023: 17.6%)",
            low: 0.15,
            high: 0.21,
        },
        "parameters",
        store.returns.online_return_rate,
        &mut failures,
    );
    check(
        &Fact {
            what: "in-store return rate (NRF 2023: 10%)",
            low: 0.08,
            high: 0.12,
        },
        "parameters",
        store.returns.store_return_rate,
        &mut failures,
    );
    assert!(
        failures.is_empty(),
        "stylized facts broken:\n{}",
        failures.join("\n")
    );
}
