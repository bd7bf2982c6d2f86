//! Outputs of the experiment designs beyond a plain comparison: factorial effects, warm-up
//! series and sweeps, as tidy CSV (one row per observation).

use super::csv_out::format_value;
use crate::error::Result;
use crate::experiment::ExperimentResult;
use crate::experiment::factorial::Effect;
use crate::experiment::sweep::SweepResult;
use crate::experiment::warmup::{VARIABLES, WarmupResult};
use crate::scenario::sweep::value_text;
use crate::sim::KPIS;
use serde::Serialize;

fn finish(w: csv::Writer<Vec<u8>>) -> Result<Vec<u8>> {
    w.into_inner()
        .map_err(|e| crate::error::Error::msg(format!("csv buffer: {e}")))
}

/// `effect,store,kpi,estimate,ci_low,ci_high`: main effects and two-way interactions.
pub fn effects_csv(r: &ExperimentResult, effects: &[Effect]) -> Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["effect", "store", "kpi", "estimate", "ci_low", "ci_high"])?;
    let labels = r.store_labels();
    for e in effects {
        w.write_record([
            e.name.as_str(),
            labels[e.store].as_str(),
            KPIS[e.kpi].name,
            &format_value(e.summary.mean),
            &format_value(e.summary.ci_low),
            &format_value(e.summary.ci_high),
        ])?;
    }
    finish(w)
}

/// `policy,day,variable,mean,smoothed`: the warm-up pilot's daily series (smoothed is empty
/// for the last days, which have no full Welch window).
pub fn warmup_csv(r: &WarmupResult) -> Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["policy", "day", "variable", "mean", "smoothed"])?;
    for p in &r.policies {
        for (v, name) in VARIABLES.iter().enumerate() {
            for (day, mean) in p.mean[v].iter().enumerate() {
                let smoothed = p.smoothed[v].get(day).copied().unwrap_or(f64::NAN);
                w.write_record([
                    p.policy.as_str(),
                    &day.to_string(),
                    name,
                    &format_value(*mean),
                    &format_value(smoothed),
                ])?;
            }
        }
    }
    finish(w)
}

/// One column per swept parameter, then `point,policy,store,kpi,mean,ci_low,ci_high,n`.
pub fn sweep_csv(r: &SweepResult) -> Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header: Vec<&str> = r.parameters.iter().map(String::as_str).collect();
    header.extend([
        "point", "policy", "store", "kpi", "mean", "ci_low", "ci_high", "n",
    ]);
    w.write_record(&header)?;
    for point in &r.points {
        let values: Vec<String> = point.values.iter().map(value_text).collect();
        let index = point.index.to_string();
        for (p, policy) in point.policies.iter().enumerate() {
            for (s, store) in point.stores.iter().enumerate() {
                for (k, def) in KPIS.iter().enumerate() {
                    let x = &point.summaries[p][s][k];
                    let mut row: Vec<String> = values.clone();
                    row.extend([
                        index.clone(),
                        policy.clone(),
                        store.clone(),
                        def.name.to_string(),
                        format_value(x.mean),
                        format_value(x.ci_low),
                        format_value(x.ci_high),
                        x.n.to_string(),
                    ]);
                    w.write_record(&row)?;
                }
            }
        }
    }
    finish(w)
}

#[derive(Serialize)]
struct SweepInfo<'a> {
    omnisim_version: &'a str,
    sweep: &'a str,
    file: &'a str,
    base: String,
    parameters: Vec<&'a str>,
    /// the KPIs the sweep file names for its table and charts (absent: the defaults)
    #[serde(skip_serializing_if = "Vec::is_empty")]
    kpis: Vec<&'a str>,
    events_simulated: u64,
    wall_seconds: f64,
    points: Vec<PointInfo>,
    /// this sweep's files (the manifest `report` reads, and checks), written last
    #[serde(skip_serializing_if = "Vec::is_empty")]
    files: Vec<crate::runs::ManifestEntry>,
}

#[derive(Serialize)]
struct PointInfo {
    point: usize,
    values: Vec<String>,
    seed: u64,
    replications: u32,
    confidence: f64,
}

/// `sweep.json`: what the sweep ran, point by point.
pub fn sweep_json(
    r: &SweepResult,
    sweep: &crate::scenario::sweep::Sweep,
    files: Vec<crate::runs::ManifestEntry>,
) -> Result<Vec<u8>> {
    let info = SweepInfo {
        omnisim_version: env!("CARGO_PKG_VERSION"),
        sweep: &r.name,
        file: &sweep.file,
        base: sweep.base.display().to_string(),
        parameters: r.parameters.iter().map(String::as_str).collect(),
        kpis: sweep.kpis.iter().map(String::as_str).collect(),
        events_simulated: r.points.iter().map(|p| p.events).sum(),
        wall_seconds: r.points.iter().map(|p| p.wall_seconds).sum(),
        points: r
            .points
            .iter()
            .map(|p| PointInfo {
                point: p.index,
                values: p.values.iter().map(value_text).collect(),
                seed: p.plan.seed,
                replications: p.plan.replications,
                confidence: p.plan.confidence,
            })
            .collect(),
        files,
    };
    let mut bytes = serde_json::to_vec_pretty(&info)?;
    bytes.push(b'\n');
    Ok(bytes)
}
