//! The integration tests, as one test binary: one module per area, linked against the
//! library once instead of once per file (faster to build). Run one module with a filter on
//! its path, e.g. `cargo test --release --test it serve_api::`.

mod support;

mod cli;
mod cli_board;
mod cli_conventions;
mod cli_experiments;
mod cli_set;
mod closing_time;
mod determinism;
mod docs_examples;
mod experiments;
mod golden;
mod hostile_input;
mod invariants;
mod journal;
mod layers;
mod levers;
mod random_scenarios;
mod report_browser;
mod report_html;
mod runs;
mod serve_api;
mod serve_browser;
mod stylized_facts;
mod trace;
mod validation_inventory;
mod validation_little;
mod validation_queues;
