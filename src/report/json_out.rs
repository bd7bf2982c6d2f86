//! `run.json`: what was run, how, and how fast.

use crate::experiment::ExperimentResult;
use anyhow::Result;
use serde::Serialize;

#[derive(Serialize)]
struct RunInfo<'a> {
    omnisim_version: &'a str,
    scenario: &'a str,
    scenario_hash: String,
    seed: u64,
    replications: u32,
    policies: Vec<&'a str>,
    baseline: &'a str,
    stores: Vec<&'a str>,
    threads: usize,
    wall_seconds: f64,
    events_simulated: u64,
    events_per_second: f64,
    confidence: f64,
    levers: Vec<Levers<'a>>,
}

/// One policy's four lever settings, for the report.
#[derive(Serialize)]
struct Levers<'a> {
    policy: &'a str,
    sync_interval_min: f64,
    safety_buffer: u32,
    cross_training_share: f64,
    communication: crate::scenario::CommunicationMode,
    dispatch: crate::scenario::DispatchRule,
}

/// The run's metadata as pretty JSON.
pub fn run_json(r: &ExperimentResult) -> Result<Vec<u8>> {
    let info = RunInfo {
        omnisim_version: env!("CARGO_PKG_VERSION"),
        scenario: &r.scenario.name,
        scenario_hash: r.scenario_hash.clone(),
        seed: r.plan.seed,
        replications: r.plan.replications,
        policies: r
            .scenario
            .policies
            .iter()
            .map(|p| p.name.as_str())
            .collect(),
        baseline: &r.scenario.policies[r.scenario.baseline].name,
        stores: r.scenario.stores.iter().map(|s| s.name.as_str()).collect(),
        threads: r.threads_used,
        wall_seconds: r.wall_seconds,
        events_simulated: r.events,
        events_per_second: if r.wall_seconds > 0.0 {
            r.events as f64 / r.wall_seconds
        } else {
            0.0
        },
        confidence: crate::report::CONFIDENCE,
        levers: r
            .scenario
            .policies
            .iter()
            .map(|p| Levers {
                policy: &p.name,
                sync_interval_min: p.sync_interval,
                safety_buffer: p.safety_buffer,
                cross_training_share: p.cross_training_share,
                communication: p.communication,
                dispatch: p.dispatch,
            })
            .collect(),
    };
    let mut bytes = serde_json::to_vec_pretty(&info)?;
    bytes.push(b'\n');
    Ok(bytes)
}
