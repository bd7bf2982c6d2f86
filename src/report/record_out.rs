//! Tidy CSV files of what the recorders saw, for the HTML report: `profile.csv` (hour of day),
//! `daily.csv` (inventory truth per measured day) and `timeline.csv` (one day's staff work).

use crate::experiment::ExperimentResult;
use crate::experiment::stats::summarize;
use crate::report::csv_out::format_value;
use crate::sim::record::{
    DayValues, HourlyProfile, PROFILE_METRICS, Recording, channel_of, task_name,
};
use anyhow::Result;

fn finish(w: csv::Writer<Vec<u8>>) -> Result<Vec<u8>> {
    w.into_inner()
        .map_err(|e| anyhow::anyhow!("csv buffer: {e}"))
}

fn recordings(r: &ExperimentResult, p: usize) -> impl Iterator<Item = &Recording> {
    r.cells[p].iter().filter_map(|c| c.recording.as_deref())
}

/// The per-hour mean of metric `m` for store label `si` (the last label is `all`).
fn hourly(rec: &Recording, si: usize, hour: usize, m: usize) -> f64 {
    if si < rec.profile.len() {
        rec.profile[si].mean(hour, m)
    } else {
        HourlyProfile::merged(&rec.profile).mean(hour, m)
    }
}

/// `policy,store,hour,metric,mean`: each metric's time average in each hour of day over the
/// measured days, averaged over replications.
pub fn profile_csv(r: &ExperimentResult) -> Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["policy", "store", "hour", "metric", "mean"])?;
    let labels = r.store_labels();
    for (p, policy) in r.scenario.policies.iter().enumerate() {
        for (si, label) in labels.iter().enumerate() {
            for (m, metric) in PROFILE_METRICS.iter().enumerate() {
                for hour in 0..24 {
                    let values: Vec<f64> = recordings(r, p)
                        .map(|rec| hourly(rec, si, hour, m))
                        .collect();
                    let s = summarize(&values, r.plan.confidence);
                    w.write_record([
                        policy.name.as_str(),
                        label.as_str(),
                        &hour.to_string(),
                        metric,
                        &format_value(s.mean),
                    ])?;
                }
            }
        }
    }
    finish(w)
}

/// The daily metrics: name and value of one store-day.
const DAILY_METRICS: [&str; 3] = ["record_accuracy", "shelf_availability", "oversold_orders"];

fn daily_value(d: &DayValues, m: usize) -> f64 {
    let ratio = |(sum, n): (f64, u64)| if n > 0 { sum / n as f64 } else { f64::NAN };
    match m {
        0 => ratio(d.accuracy),
        1 => ratio(d.availability),
        _ => d.oversold as f64,
    }
}

/// The store-day of store label `si` (the last is `all`, pooled over stores) on entry `i`.
fn day_of(rec: &Recording, si: usize, i: usize) -> Option<DayValues> {
    if si < rec.daily.len() {
        return rec.daily[si].get(i).copied();
    }
    let mut all = *rec.daily.first()?.get(i)?;
    for store in &rec.daily[1..] {
        let d = store.get(i)?;
        all.accuracy.0 += d.accuracy.0;
        all.accuracy.1 += d.accuracy.1;
        all.availability.0 += d.availability.0;
        all.availability.1 += d.availability.1;
        all.oversold += d.oversold;
    }
    Some(all)
}

/// `policy,store,day,metric,mean,ci_low,ci_high,n`: record accuracy, shelf availability and
/// oversold orders per measured day (0-based simulated day), over replications.
pub fn daily_csv(r: &ExperimentResult) -> Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "policy", "store", "day", "metric", "mean", "ci_low", "ci_high", "n",
    ])?;
    let labels = r.store_labels();
    for (p, policy) in r.scenario.policies.iter().enumerate() {
        let days = recordings(r, p)
            .next()
            .map_or(0, |rec| rec.daily.first().map_or(0, Vec::len));
        for (si, label) in labels.iter().enumerate() {
            for (m, metric) in DAILY_METRICS.iter().enumerate() {
                for i in 0..days {
                    let mut day = 0;
                    let values: Vec<f64> = recordings(r, p)
                        .filter_map(|rec| day_of(rec, si, i))
                        .map(|d| {
                            day = d.day;
                            daily_value(&d, m)
                        })
                        .collect();
                    let s = summarize(&values, r.plan.confidence);
                    w.write_record([
                        policy.name.as_str(),
                        label.as_str(),
                        &day.to_string(),
                        metric,
                        &format_value(s.mean),
                        &format_value(s.ci_low),
                        &format_value(s.ci_high),
                        &s.n.to_string(),
                    ])?;
                }
            }
        }
    }
    finish(w)
}

/// The columns of `timeline.csv` (written here, read by the report).
pub const TIMELINE_COLUMNS: [&str; 10] = [
    "policy",
    "replication",
    "day",
    "store",
    "employee",
    "team",
    "start_min",
    "end_min",
    "channel",
    "task",
];

/// `policy,replication,day,store,employee,team,start_min,end_min,channel,task`: every task of
/// the chosen day and replication (channel `in_store`, `online` or `stock`), plus one
/// `shift`/`on_shift` row per stretch on shift; times in minutes since day 0.
pub fn timeline_csv(r: &ExperimentResult) -> Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(TIMELINE_COLUMNS)?;
    for (p, policy) in r.scenario.policies.iter().enumerate() {
        for (rep, cell) in r.cells[p].iter().enumerate() {
            let Some(rec) = cell.recording.as_deref() else {
                continue;
            };
            let Some(day) = rec.timeline_day else {
                continue;
            };
            for bar in &rec.timeline {
                let spec = &r.scenario.stores[bar.store as usize];
                let team = team_of(spec, bar.employee);
                let (channel, task) = match bar.task {
                    Some(k) => (channel_of(k), task_name(k)),
                    None => ("shift", "on_shift"),
                };
                w.write_record([
                    policy.name.as_str(),
                    &rep.to_string(),
                    &day.to_string(),
                    spec.name.as_str(),
                    &bar.employee.to_string(),
                    team,
                    &format_value(bar.start),
                    &format_value(bar.end),
                    channel,
                    task,
                ])?;
            }
        }
    }
    finish(w)
}

/// The home team of employee `e`: employees are numbered group by group, in roster order.
fn team_of(spec: &crate::scenario::StoreSpec, e: u32) -> &'static str {
    let mut first = 0;
    for g in &spec.staff {
        if e < first + g.count {
            return g.team.name();
        }
        first += g.count;
    }
    "unknown"
}
