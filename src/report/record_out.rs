//! Tidy CSV files of what the recorders saw, for the HTML report: `profile.csv` (hour of day),
//! `daily.csv` (inventory truth per measured day) and `timeline.csv` (one day's staff work).

use crate::error::Result;
use crate::experiment::ExperimentResult;
use crate::experiment::record::Welford;
use crate::report::csv_out::format_value;
use crate::sim::record::PROFILE_METRICS;

fn finish(w: csv::Writer<Vec<u8>>) -> Result<Vec<u8>> {
    w.into_inner()
        .map_err(|e| crate::error::Error::msg(format!("csv buffer: {e}")))
}

/// `policy,store,hour,metric,mean`: each metric's time average in each hour of day over the
/// measured days, averaged over replications.
pub fn profile_csv(r: &ExperimentResult) -> Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["policy", "store", "hour", "metric", "mean"])?;
    let labels = r.store_labels();
    for (p, policy) in r.scenario.policies.iter().enumerate() {
        let agg = r.records.policies.get(p);
        for (si, label) in labels.iter().enumerate() {
            for (m, metric) in PROFILE_METRICS.iter().enumerate() {
                for hour in 0..24 {
                    let s = agg
                        .and_then(|a| a.hourly.get(si))
                        .map_or_else(Welford::default, |h| h[hour][m])
                        .summary(r.plan.confidence);
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

/// `policy,store,day,metric,mean,ci_low,ci_high,n`: record accuracy, shelf availability and
/// oversold orders per measured day (0-based simulated day), over replications.
pub fn daily_csv(r: &ExperimentResult) -> Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "policy", "store", "day", "metric", "mean", "ci_low", "ci_high", "n",
    ])?;
    let labels = r.store_labels();
    for (p, policy) in r.scenario.policies.iter().enumerate() {
        let Some(agg) = r.records.policies.get(p) else {
            continue;
        };
        let days = if agg.recorded > 0 { agg.days } else { 0 };
        for (si, label) in labels.iter().enumerate() {
            for (m, metric) in DAILY_METRICS.iter().enumerate() {
                for i in 0..days {
                    let (day, moments) = agg
                        .daily
                        .get(si)
                        .and_then(|d| d.get(i))
                        .map_or((0, Welford::default()), |(day, ms)| (*day, ms[m]));
                    let s = moments.summary(r.plan.confidence);
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
        let Some(agg) = r.records.policies.get(p) else {
            continue;
        };
        for (rep, day, bars) in &agg.timelines {
            for bar in bars {
                let spec = &r.scenario.stores[bar.store as usize];
                let team = team_of(spec, bar.employee);
                w.write_record([
                    policy.name.as_str(),
                    &rep.to_string(),
                    &day.to_string(),
                    spec.name.as_str(),
                    &bar.employee.to_string(),
                    team,
                    &format_value(bar.start),
                    &format_value(bar.end),
                    bar.channel.as_str(),
                    bar.task.as_str(),
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
