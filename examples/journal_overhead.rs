//! The journal's overhead on a default run: the time spent writing journal records, and the
//! wall time of the same run with and without a journal.
//!
//! `cargo run --release --example journal_overhead [REPLICATIONS]`

use omnisim::experiment::{self, Cell, ExperimentError, NoStore, Plan, ReplicationStore};
use omnisim::runs::journal::{Existing, Journal, JournalHeader, RunSettings};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// A journal that times its own writes.
struct Timed {
    journal: Journal,
    spent: Mutex<Duration>,
}

impl ReplicationStore for Timed {
    fn take(&self, rep: u32) -> Result<Option<Vec<Cell>>, ExperimentError> {
        self.journal.take(rep)
    }
    fn record(&self, rep: u32, cells: &[Cell]) -> Result<(), ExperimentError> {
        let t = Instant::now();
        let r = self.journal.record(rep, cells);
        *self.spent.lock().unwrap() += t.elapsed();
        r
    }
}

fn main() {
    let reps: u32 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(50);
    let sc = omnisim::scenario::default_scenario();
    let plan = Plan::new(reps, sc.seed);
    let header = JournalHeader {
        format: 1,
        omnisim_version: env!("CARGO_PKG_VERSION").into(),
        scenario_hash: omnisim::scenario::content_hash(&sc),
        seed: plan.seed,
        policies: sc.policies.len(),
        stores: sc.stores.len(),
        kpis: omnisim::sim::KPIS.len(),
        timeline_replication: plan.timeline_replication,
        timeline_day: plan.timeline_day,
        shard: None,
        settings: RunSettings {
            scenario_file: None,
            scenario_text: None,
            base_dir: None,
            replications: reps,
            confidence: plan.confidence,
            factorial: None,
            overrides: Vec::new(),
        },
    };
    for round in 0..2 {
        let t = Instant::now();
        let plain = experiment::run_with(&sc, &plan, &NoStore, &|| {}).unwrap();
        let without = t.elapsed().as_secs_f64();
        let dir = tempfile::tempdir_in(".").unwrap();
        let store = Timed {
            journal: Journal::open(dir.path(), &header, Existing::Fresh).unwrap(),
            spent: Mutex::new(Duration::ZERO),
        };
        let t = Instant::now();
        let journaled = experiment::run_with(&sc, &plan, &store, &|| {}).unwrap();
        let with = t.elapsed().as_secs_f64();
        assert_eq!(plain.events, journaled.events);
        let spent = store.spent.lock().unwrap().as_secs_f64();
        let size = std::fs::metadata(dir.path().join("journal.omnisim"))
            .unwrap()
            .len();
        println!(
            "round {round}: {reps} replications: {without:.2} s without a journal, {with:.2} s with; {spent:.4} s writing {size} bytes of journal ({:.3}% of the run)",
            100.0 * spent / with
        );
    }
}
