//! Optional recorders for the report: hourly profiles of queues and staff, one value per
//! measured day for inventory truth, and the staff timeline of one chosen day.
//!
//! They only read the world between events (never draw random numbers nor schedule events), so
//! the model's results are the same with recording on or off. Profiles are fixed-size arrays
//! (24 hours x metrics x stores): memory does not grow with the horizon.

use crate::engine::{MINUTES_PER_DAY, Minutes};
use crate::sim::world::{EmpState, NONE, TaskKind, World};

/// Simulated minutes between two samples of the hourly profile. Points of a regular grid
/// give an unbiased estimate of each time average, at a cost independent of the event rate.
pub const SAMPLE_STEP: Minutes = 5.0;

/// The metrics of the hourly profile, in output order.
pub const PROFILE_METRICS: [&str; 5] = [
    "checkout_queue",
    "open_orders",
    "pickup_desk_customers",
    "pickup_wait_minutes",
    "staff_utilisation",
];

/// What to record in one replication.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RecordOptions {
    /// Hourly profiles and daily inventory values over the measured days.
    pub profile: bool,
    /// Record the staff timeline of this simulated day (0-based, warm-up days included).
    pub timeline_day: Option<u32>,
    /// Only this store's employees on the timeline (None: every store's).
    pub timeline_store: Option<u16>,
}

impl RecordOptions {
    /// True when anything is recorded.
    pub fn any(&self) -> bool {
        self.profile || self.timeline_day.is_some()
    }
}

/// The hourly profile of one store: per hour of day, the time average of each metric.
#[derive(Clone, Debug, Default)]
pub struct HourlyProfile {
    /// `sums[hour]`: checkout queue, open orders, desk customers, busy staff, staff on shift,
    /// then the pickup waits that ended (service started) in the hour: their sum and count.
    sums: [[f64; 7]; 24],
    samples: [u32; 24],
}

impl HourlyProfile {
    /// Several stores as one: queues and staff counts add up (every store is sampled at the
    /// same instants), so utilisation is pooled.
    pub fn merged(stores: &[HourlyProfile]) -> HourlyProfile {
        let mut out = stores.first().cloned().unwrap_or_default();
        for p in stores.iter().skip(1) {
            for (o, x) in out.sums.iter_mut().zip(&p.sums) {
                for (a, b) in o.iter_mut().zip(x) {
                    *a += b;
                }
            }
        }
        out
    }

    /// Mean of metric `m` (see [`PROFILE_METRICS`]) in `hour`; NaN when never sampled, for
    /// the pickup wait when no service started, for utilisation when nobody was on shift.
    pub fn mean(&self, hour: usize, m: usize) -> f64 {
        let n = f64::from(self.samples[hour]);
        let s = &self.sums[hour];
        let ratio = |a: f64, b: f64| if b > 0.0 { a / b } else { f64::NAN };
        match m {
            0..=2 => ratio(s[m], n),
            3 => ratio(s[5], s[6]),
            _ => ratio(s[3], s[4]),
        }
    }
}

/// Inventory truth of one store on one measured day.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct DayValues {
    /// Simulated day (0-based, warm-up included).
    pub day: u32,
    /// Sum and count of record accuracy samples that day.
    pub accuracy: (f64, u64),
    /// Sum and count of shelf availability samples that day.
    pub availability: (f64, u64),
    /// Orders picked that day found oversold.
    pub oversold: u64,
}

/// Which channel a task serves, for the timeline's colours.
pub fn channel_of(kind: TaskKind) -> &'static str {
    match kind {
        TaskKind::Checkout | TaskKind::Assist | TaskKind::Return => "in_store",
        TaskKind::Pick | TaskKind::Pack | TaskKind::PickupServe => "online",
        TaskKind::PutAway | TaskKind::CycleCount | TaskKind::RfidCount => "stock",
    }
}

/// snake_case name of a task kind.
pub fn task_name(kind: TaskKind) -> &'static str {
    match kind {
        TaskKind::Checkout => "checkout",
        TaskKind::Assist => "assist",
        TaskKind::Pick => "pick",
        TaskKind::Pack => "pack",
        TaskKind::PickupServe => "pickup_serve",
        TaskKind::Return => "return",
        TaskKind::PutAway => "put_away",
        TaskKind::CycleCount => "cycle_count",
        TaskKind::RfidCount => "rfid_count",
    }
}

/// One bar of the staff timeline: an employee on shift (`task` None) or working on a task.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Bar {
    /// Store index.
    pub store: u16,
    /// Employee index within the store.
    pub employee: u32,
    /// Start and end [min since day 0].
    pub start: Minutes,
    /// End \[min\].
    pub end: Minutes,
    /// The task's kind; None for the on-shift band.
    pub task: Option<TaskKind>,
}

/// Everything recorded in one replication.
#[derive(Clone, Debug, Default)]
pub struct Recording {
    /// Per store.
    pub profile: Vec<HourlyProfile>,
    /// Per store, one entry per measured day.
    pub daily: Vec<Vec<DayValues>>,
    /// The chosen day, when a timeline was asked for.
    pub timeline_day: Option<u32>,
    /// Bars of the chosen day, in order of their end.
    pub timeline: Vec<Bar>,
}

/// Open bars of one employee: (state, task slot, generation, since).
#[derive(Clone, Copy, Debug)]
struct Seen {
    on_shift: Option<Minutes>,
    task: u32,
    generation: u32,
    kind: Option<TaskKind>,
    since: Minutes,
}

/// The live recorder inside a `World`.
#[derive(Debug)]
pub struct Recorder {
    opts: RecordOptions,
    /// The first event time at which [`Recorder::before_event`] has work.
    pub next_due: Minutes,
    next_sample: Minutes,
    /// The next whole hour at which the pickup waits of the hour before are booked.
    next_hour: Minutes,
    next_midnight: Minutes,
    /// Stats counters at the last midnight, per store.
    last: Vec<DayValues>,
    /// Pickup wait counters (sum, count) at the last sample, per store.
    last_wait: Vec<(f64, u64)>,
    timeline_done: bool,
    seen: Vec<Vec<Seen>>,
    out: Recording,
}

impl Recorder {
    /// A recorder for `world` (called once the stores are built).
    pub fn new(opts: RecordOptions, world: &World) -> Self {
        let stores = world.stores.len();
        let seen = world
            .stores
            .iter()
            .map(|st| {
                vec![
                    Seen {
                        on_shift: None,
                        task: NONE,
                        generation: 0,
                        kind: None,
                        since: 0.0,
                    };
                    st.employees.len()
                ]
            })
            .collect();
        let mut r = Recorder {
            opts,
            next_due: 0.0,
            next_sample: world.warmup_end + SAMPLE_STEP / 2.0,
            next_hour: world.warmup_end + 60.0,
            next_midnight: world.warmup_end + MINUTES_PER_DAY,
            timeline_done: false,
            last: vec![DayValues::default(); stores],
            last_wait: vec![(0.0, 0); stores],
            seen,
            out: Recording {
                profile: vec![HourlyProfile::default(); stores],
                daily: vec![Vec::new(); stores],
                timeline_day: opts.timeline_day,
                timeline: Vec::new(),
            },
        };
        r.next_due = r.compute_next_due(0.0);
        r
    }

    fn timeline_window(&self) -> Option<(Minutes, Minutes)> {
        self.opts.timeline_day.map(|d| {
            let start = f64::from(d) * MINUTES_PER_DAY;
            (start, start + MINUTES_PER_DAY)
        })
    }

    fn compute_next_due(&self, now: Minutes) -> Minutes {
        let mut due = Minutes::INFINITY;
        if self.opts.profile {
            due = due
                .min(self.next_sample)
                .min(self.next_hour)
                .min(self.next_midnight);
        }
        if let Some((start, _)) = self.timeline_window()
            && !self.timeline_done
        {
            // Inside the window every event is looked at; the first event at or after its
            // end closes the bars.
            due = due.min(start.max(now));
        }
        due
    }

    /// Called before the world handles an event at `t`: the world is in the state left by
    /// the previous event, at `world.last_time`.
    pub fn before_event(&mut self, world: &World, t: Minutes) {
        if self.opts.profile {
            while self.next_midnight <= t && self.next_midnight <= world.horizon {
                self.close_day(world);
            }
            while self.next_sample <= t.min(world.horizon) {
                self.sample(world, self.next_sample);
                self.next_sample += SAMPLE_STEP;
            }
            while self.next_hour <= t.min(world.horizon) {
                self.book_pickup_waits(world, self.next_hour - 60.0);
                self.next_hour += 60.0;
            }
        }
        if let Some((start, end)) = self.timeline_window()
            && !self.timeline_done
        {
            let at = world.last_time;
            if at >= start && at < end {
                self.observe(world, at);
            }
            if t >= end {
                self.close_bars(end);
                self.timeline_done = true;
            }
        }
        self.next_due = self.compute_next_due(t);
        if self.next_due <= t {
            // Inside the timeline window: look again at the next event.
            self.next_due = t;
        }
    }

    /// Ends the run at the horizon and hands over what was recorded.
    pub fn finish(mut self, world: &World) -> Recording {
        let h = world.horizon;
        self.before_event(world, h);
        if self.opts.timeline_day.is_some() && !self.timeline_done {
            self.close_bars(h);
        }
        self.out.timeline.sort_by(|a, b| {
            (a.store, a.employee)
                .cmp(&(b.store, b.employee))
                .then(a.start.total_cmp(&b.start))
                .then(a.task.is_some().cmp(&b.task.is_some()))
        });
        self.out
    }

    fn sample(&mut self, world: &World, at: Minutes) {
        let hour = ((at % MINUTES_PER_DAY) / 60.0) as usize % 24;
        for (s, st) in world.stores.iter().enumerate() {
            let mut busy = 0u32;
            let mut on = 0u32;
            for e in &st.employees {
                on += u32::from(e.state != EmpState::Off);
                busy += u32::from(e.state == EmpState::Busy);
            }
            let p = &mut self.out.profile[s];
            let row = &mut p.sums[hour];
            row[0] += f64::from(st.checkout_waiting) + st.self_queue.len() as f64;
            row[1] += f64::from(st.open_orders);
            row[2] += f64::from(st.pickups_inside);
            row[3] += f64::from(busy);
            row[4] += f64::from(on);
            p.samples[hour] += 1;
        }
    }

    /// Books the pickup waits whose service started in the hour from `start` (the KPI's own
    /// counters, read at the first event of the next hour, so every service that started in
    /// that hour and none after is counted).
    fn book_pickup_waits(&mut self, world: &World, start: Minutes) {
        let hour = ((start % MINUTES_PER_DAY) / 60.0) as usize % 24;
        for (s, st) in world.stores.iter().enumerate() {
            let (sum, n) = (st.stats.pickup_wait_sum, st.stats.pickup_wait_n);
            let (last_sum, last_n) = self.last_wait[s];
            let row = &mut self.out.profile[s].sums[hour];
            row[5] += sum - last_sum;
            row[6] += (n - last_n) as f64;
            self.last_wait[s] = (sum, n);
        }
    }

    fn close_day(&mut self, world: &World) {
        let day = (self.next_midnight / MINUTES_PER_DAY).round() as u32;
        for (s, st) in world.stores.iter().enumerate() {
            let now = DayValues {
                day,
                accuracy: (st.stats.record_accuracy_sum, st.stats.record_accuracy_n),
                availability: (st.stats.availability_sum, st.stats.availability_n),
                oversold: st.stats.orders_oversold,
            };
            let last = self.last[s];
            self.out.daily[s].push(DayValues {
                day: day - 1,
                accuracy: (
                    now.accuracy.0 - last.accuracy.0,
                    now.accuracy.1 - last.accuracy.1,
                ),
                availability: (
                    now.availability.0 - last.availability.0,
                    now.availability.1 - last.availability.1,
                ),
                oversold: now.oversold - last.oversold,
            });
            self.last[s] = now;
        }
        self.next_midnight += MINUTES_PER_DAY;
    }

    /// Compares every employee's state with the last one seen; a change at `at` closes a bar
    /// and opens the next.
    fn observe(&mut self, world: &World, at: Minutes) {
        for (s, st) in world.stores.iter().enumerate() {
            if self
                .opts
                .timeline_store
                .is_some_and(|only| usize::from(only) != s)
            {
                continue;
            }
            for (e, emp) in st.employees.iter().enumerate() {
                let seen = &mut self.seen[s][e];
                let on = emp.state != EmpState::Off;
                let (task, generation, kind) = if emp.state == EmpState::Busy && emp.task != NONE {
                    let t = &st.tasks[emp.task as usize];
                    (emp.task, t.generation, Some(t.kind))
                } else {
                    (NONE, 0, None)
                };
                if (task, generation) != (seen.task, seen.generation) || kind != seen.kind {
                    if let Some(k) = seen.kind {
                        self.out.timeline.push(Bar {
                            store: s as u16,
                            employee: e as u32,
                            start: seen.since,
                            end: at,
                            task: Some(k),
                        });
                    }
                    seen.task = task;
                    seen.generation = generation;
                    seen.kind = kind;
                    seen.since = at;
                }
                match (seen.on_shift, on) {
                    (None, true) => seen.on_shift = Some(at),
                    (Some(since), false) => {
                        self.out.timeline.push(Bar {
                            store: s as u16,
                            employee: e as u32,
                            start: since,
                            end: at,
                            task: None,
                        });
                        seen.on_shift = None;
                    }
                    _ => {}
                }
            }
        }
    }

    fn close_bars(&mut self, end: Minutes) {
        for (s, emps) in self.seen.iter_mut().enumerate() {
            for (e, seen) in emps.iter_mut().enumerate() {
                if let Some(k) = seen.kind.take() {
                    self.out.timeline.push(Bar {
                        store: s as u16,
                        employee: e as u32,
                        start: seen.since,
                        end,
                        task: Some(k),
                    });
                }
                seen.task = NONE;
                seen.generation = 0;
                if let Some(since) = seen.on_shift.take() {
                    self.out.timeline.push(Bar {
                        store: s as u16,
                        employee: e as u32,
                        start: since,
                        end,
                        task: None,
                    });
                }
            }
        }
    }
}
