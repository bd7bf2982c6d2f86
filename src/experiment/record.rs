//! What the report needs from the recorders of one replication ([`CellRecord`]), and its
//! running aggregate over replications ([`RecordAgg`]), folded in replication order so that
//! memory does not grow with the replications and the numbers are exactly those of a
//! summary over every replication at once (Welford's moments, as in
//! [`summarize`](super::stats::summarize)).

use crate::sim::Recording;
use crate::sim::record::{DayValues, HourlyProfile, PROFILE_METRICS, channel_of, task_name};

/// Hours in a day.
pub const HOURS: usize = 24;
/// Metrics of the hourly profile.
pub const METRICS: usize = PROFILE_METRICS.len();

/// One bar of the staff timeline, as written to timeline.csv.
#[derive(Clone, Debug, PartialEq)]
pub struct TimelineBar {
    /// store index
    pub store: u16,
    /// employee index within the store
    pub employee: u32,
    /// start [min since day 0]
    pub start: f64,
    /// end [min since day 0]
    pub end: f64,
    /// `in_store`, `online`, `stock` or `shift`
    pub channel: String,
    /// task name, or `on_shift`
    pub task: String,
}

/// The recorders' output of one replication of one policy, reduced to what the report files
/// use.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CellRecord {
    /// `hourly[label][hour][metric]`: each store, then all stores (label order).
    pub hourly: Vec<[[f64; METRICS]; HOURS]>,
    /// `daily[label]`: the measured days of each store, then all stores pooled.
    pub daily: Vec<Vec<DayValues>>,
    /// The staff timeline's day and bars, for the one replication that records it.
    pub timeline: Option<(u32, Vec<TimelineBar>)>,
}

impl CellRecord {
    /// Reduces a replication's recording.
    pub fn from_recording(rec: &Recording) -> CellRecord {
        let labels = rec.profile.len() + 1;
        let merged = HourlyProfile::merged(&rec.profile);
        let mut hourly = Vec::with_capacity(labels);
        for si in 0..labels {
            let p = rec.profile.get(si).unwrap_or(&merged);
            let mut h = [[0.0; METRICS]; HOURS];
            for (hour, row) in h.iter_mut().enumerate() {
                for (m, v) in row.iter_mut().enumerate() {
                    *v = p.mean(hour, m);
                }
            }
            hourly.push(h);
        }
        let mut daily: Vec<Vec<DayValues>> = rec.daily.clone();
        daily.push(pooled_days(&rec.daily));
        let timeline = rec.timeline_day.map(|day| {
            (
                day,
                rec.timeline
                    .iter()
                    .map(|b| {
                        let (channel, task) = match b.task {
                            Some(k) => (channel_of(k), task_name(k)),
                            None => ("shift", "on_shift"),
                        };
                        TimelineBar {
                            store: b.store,
                            employee: b.employee,
                            start: b.start,
                            end: b.end,
                            channel: channel.to_string(),
                            task: task.to_string(),
                        }
                    })
                    .collect(),
            )
        });
        CellRecord {
            hourly,
            daily,
            timeline,
        }
    }
}

/// Store-days pooled over stores, for as many days as every store has.
fn pooled_days(stores: &[Vec<DayValues>]) -> Vec<DayValues> {
    let Some(first) = stores.first() else {
        return Vec::new();
    };
    let mut out = Vec::with_capacity(first.len());
    'days: for (i, day) in first.iter().enumerate() {
        let mut all = *day;
        for store in &stores[1..] {
            let Some(d) = store.get(i) else {
                break 'days;
            };
            all.accuracy.0 += d.accuracy.0;
            all.accuracy.1 += d.accuracy.1;
            all.availability.0 += d.availability.0;
            all.availability.1 += d.availability.1;
            all.oversold += d.oversold;
        }
        out.push(all);
    }
    out
}

/// Welford's running moments over the finite values seen, exactly as
/// [`summarize`](super::stats::summarize) computes them.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Welford {
    /// finite values seen
    pub n: usize,
    /// running mean
    pub mean: f64,
    /// running sum of squared deviations
    pub m2: f64,
}

impl Welford {
    /// Adds a value (skipped unless finite).
    pub fn push(&mut self, x: f64) {
        if !x.is_finite() {
            return;
        }
        self.n += 1;
        let delta = x - self.mean;
        self.mean += delta / self.n as f64;
        self.m2 += delta * (x - self.mean);
    }

    /// The summary at `confidence`, identical to `summarize` of the same values.
    pub fn summary(&self, confidence: f64) -> super::stats::Summary {
        super::stats::summary_of_moments(self.n, self.mean, self.m2, confidence)
    }
}

/// The daily metrics: record accuracy, shelf availability, oversold orders.
pub const DAILY_METRICS: usize = 3;

/// Value of daily metric `m` on a store-day.
pub fn daily_value(d: &DayValues, m: usize) -> f64 {
    let ratio = |(sum, n): (f64, u64)| if n > 0 { sum / n as f64 } else { f64::NAN };
    match m {
        0 => ratio(d.accuracy),
        1 => ratio(d.availability),
        _ => d.oversold as f64,
    }
}

/// One policy's aggregate.
#[derive(Clone, Debug, Default)]
pub struct PolicyAgg {
    /// replications folded that had a recording
    pub recorded: usize,
    /// `hourly[label][hour][metric]`
    pub hourly: Vec<Vec<[Welford; METRICS]>>,
    /// days per label listed: those of the first recording's first store
    pub days: usize,
    /// `daily[label][day index]`: (the day number last seen, moments per metric)
    pub daily: Vec<Vec<(u32, [Welford; DAILY_METRICS])>>,
    /// (replication, day, bars) of the replications that recorded a timeline
    pub timelines: Vec<(u32, u32, Vec<TimelineBar>)>,
}

/// The recorders' aggregate over replications, per policy.
#[derive(Clone, Debug, Default)]
pub struct RecordAgg {
    /// per policy
    pub policies: Vec<PolicyAgg>,
}

impl RecordAgg {
    /// An empty aggregate for `policies` policies.
    pub fn new(policies: usize) -> RecordAgg {
        RecordAgg {
            policies: vec![PolicyAgg::default(); policies],
        }
    }

    /// Folds replication `rep` of policy `p` (call in replication order).
    pub fn fold(&mut self, p: usize, rep: u32, rec: &CellRecord) {
        let a = &mut self.policies[p];
        if a.recorded == 0 {
            a.days = rec.daily.first().map_or(0, Vec::len);
            a.hourly = vec![vec![[Welford::default(); METRICS]; HOURS]; rec.hourly.len()];
            a.daily = vec![Vec::new(); rec.daily.len()];
        }
        a.recorded += 1;
        for (si, h) in rec.hourly.iter().enumerate() {
            if si >= a.hourly.len() {
                break;
            }
            for (acc, row) in a.hourly[si].iter_mut().zip(h) {
                for (w, &v) in acc.iter_mut().zip(row) {
                    w.push(v);
                }
            }
        }
        let days = a.days;
        for (si, d) in rec.daily.iter().enumerate() {
            if si >= a.daily.len() {
                break;
            }
            for (i, dv) in d.iter().take(days).enumerate() {
                if a.daily[si].len() <= i {
                    a.daily[si].resize(i + 1, (0, [Welford::default(); DAILY_METRICS]));
                }
                let slot = &mut a.daily[si][i];
                slot.0 = dv.day;
                for m in 0..DAILY_METRICS {
                    slot.1[m].push(daily_value(dv, m));
                }
            }
        }
        if let Some((day, bars)) = &rec.timeline {
            a.timelines.push((rep, *day, bars.clone()));
        }
    }
}
