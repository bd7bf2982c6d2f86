//! One replication of each policy of the embedded default scenario, shortened to a few days,
//! through the library's public API, with a few KPIs printed by name.
//!
//! `cargo run --release --example one_replication`

use omnisim::{scenario, sim};

/// The KPIs printed, by their catalogue names (`omnisim kpis` lists them all).
const SHOWN: [&str; 4] = [
    "bopis_on_time_rate",
    "order_ready_minutes_mean",
    "nps",
    "labour_cost",
];

fn main() {
    let mut sc = scenario::default_scenario();
    sc.warmup_days = 1;
    sc.days = 3;
    println!(
        "scenario {} | {} warm-up day + {} measured days | seed {} | replication 0",
        sc.name, sc.warmup_days, sc.days, sc.seed
    );
    print!("{:<12}", "policy");
    for name in SHOWN {
        print!(" {name:>26}");
    }
    println!();
    for (p, policy) in sc.policies.iter().enumerate() {
        let result = sim::run_replication(&sc, p, 0, sim::RunOptions::default());
        print!("{:<12}", policy.name);
        for name in SHOWN {
            let k = sim::kpi_index(name).expect("a KPI of the catalogue");
            let unit = sim::KPIS[k].unit;
            print!(" {:>26}", format!("{:.2} {unit}", result.all[k]));
        }
        println!();
    }
}
