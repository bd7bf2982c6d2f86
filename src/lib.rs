//! # omnisim
//!
//! A discrete-event simulator of omnichannel retail stores: walk-in shoppers, online orders
//! (buy online pick up in store, ship from store), returns and replenishment, served by one
//! store team whose staff have skills, shifts and communication latency. It compares
//! policies, for example siloed versus aligned teams, over many replications with common
//! random numbers and honest confidence intervals.
//!
//! ## Layers
//! Each module imports only modules below it (`tests/it/layers.rs` checks every `crate::` path):
//! ```text
//! cli         arguments, printing, progress bars          (no model logic)
//! report      CSV / JSON / HTML out                        (reads results only)
//! runs        output folders (lock, staging, manifest), the journal, shards, limits
//! experiment  replications, seeds, parallelism, statistics
//! sim         the retail world: events, policies, KPI formulas
//! scenario    the TOML schema, defaults, validation        (pure data)
//! engine      clock, event queue, random streams           (no retail knowledge)
//! kpis        the KPI catalogue: names, units, directions  (a leaf)
//! input       reading files within size caps               (a leaf)
//! error       the error of the output layers: message + cause (a leaf)
//! ```
//!
//! ## From scenario to results
//! ```
//! use omnisim::{scenario, sim};
//! let mut sc = scenario::default_scenario();
//! sc.days = 2;
//! sc.warmup_days = 0;
//! let result = sim::run_replication(&sc, 0, 0, sim::RunOptions::default());
//! let nps = result.all[sim::kpi_index("nps").unwrap()];
//! assert!((-100.0..=100.0).contains(&nps));
//! ```

#![warn(missing_docs)]

#[cfg(feature = "cli")]
pub mod cli;
pub mod engine;
pub mod error;
pub mod experiment;
pub mod input;
pub mod kpis;
pub mod report;
pub mod runs;
pub mod scenario;
pub mod sim;
