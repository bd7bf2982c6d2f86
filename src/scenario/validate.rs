//! Turns the raw file into a [`Scenario`]: applies defaults, converts units, and checks every
//! value, collecting all problems rather than stopping at the first.

use crate::engine::{MINUTES_PER_DAY, MINUTES_PER_HOUR, Minutes};
use crate::scenario::catalogue;
use crate::scenario::dist::{Dist, Quantity, parse_dist};
use crate::scenario::error::Issues;
use crate::scenario::model::*;
use crate::scenario::raw::*;
use crate::scenario::units::{parse_clock, parse_duration, parse_weekday};
use std::path::Path;
use toml::Value;

/// Default shape of shopper arrivals by hour of day (relative weights; closed hours get 0).
pub const DEFAULT_SHOPPER_HOURLY: [f64; 24] = [
    0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 7.0, 6.0, 6.0, 7.0, 8.0, 9.0,
    8.0, 6.0, 4.0, 2.0, 1.0,
];
/// Default shape of online orders by hour of day.
pub const DEFAULT_ONLINE_HOURLY: [f64; 24] = [
    1.0, 0.5, 0.3, 0.3, 0.3, 0.5, 1.0, 2.0, 3.0, 4.0, 4.0, 5.0, 5.0, 5.0, 5.0, 5.0, 5.0, 6.0, 7.0,
    8.0, 8.0, 7.0, 5.0, 3.0,
];
/// Default weekday multipliers, Monday first (mean 1).
pub const DEFAULT_WEEKDAY: [f64; 7] = [0.9, 0.9, 0.95, 1.0, 1.1, 1.3, 0.85];

/// Largest total simulated time accepted, warm-up included [d]: beyond this a run is surely a
/// typo.
/// Most simulated days in one replication (warm-up included).
pub const MAX_DAYS: i64 = 3_660;
/// Largest expected arrivals per day per store: beyond this memory and time explode.
const MAX_ARRIVALS_PER_DAY: f64 = 1.0e6;
/// Largest expected shoppers plus orders (plus cycle counts and shifts, each a comparable
/// piece of work) over a whole replication, all stores: about an hour of computing per
/// replication, and orders are kept in memory.
const MAX_ARRIVALS_PER_RUN: f64 = 2.0e8;
/// Smallest expected arrivals per day (weekly mean) when not zero: the next arrival is drawn
/// by walking the weekly rate profile until its mass covers an exponential draw, so a
/// vanishing rate (say 1e-300 a day) means walking for practically ever.
const MIN_ARRIVALS_PER_DAY: f64 = 1.0e-3;
/// Largest expected basket items plus order lines over a whole replication, all stores: each
/// is drawn and handled one by one.
const MAX_ITEMS_PER_RUN: f64 = 2.0e9;
/// Largest duration accepted anywhere, for a plain duration and for the mean, spread or
/// largest value of a distribution [min]: 100,000 days. Longer is surely a typo, and bounded
/// times keep every sum of times (busy minutes, waits) finite.
const MAX_DURATION: Minutes = 100_000.0 * MINUTES_PER_DAY;
/// Largest plain number accepted (wages, prices, penalties, days of stock, ...): beyond this
/// sums of money or scores could overflow to infinity.
const MAX_NUMBER: f64 = 1.0e9;
/// Largest mean, spread or largest value of `basket_items`, `lines` and `units_per_line`:
/// each item is drawn and handled one by one, and stock is counted in 32-bit integers.
const MAX_ITEMS: f64 = 10_000.0;
/// Smallest proficiency, and smallest `start_proficiency` share: a task takes work /
/// proficiency, so a vanishing proficiency makes infinite task times.
const MIN_PROFICIENCY: f64 = 0.01;
/// Largest `training.annual_turnover` (slots replaced per year): each departure is one event
/// and one draw per employee, so the rate is bounded; 10 is far above any retail figure.
const MAX_TURNOVER: f64 = 10.0;
/// Shortest batch sync interval [min] (0 means real time): every sync copies the whole stock
/// record, so a tiny interval never lets the clock move on.
const MIN_SYNC_INTERVAL: Minutes = 1.0;
/// Largest order-up-to (or reorder) level of one SKU in one store [units]: stock is counted in
/// 32-bit integers.
const MAX_STOCK_LEVEL: f64 = 1.0e9;
/// Largest number of employees over all stores (each is a record of about a hundred bytes,
/// with a shift to schedule every day).
const MAX_EMPLOYEES: f64 = 1.0e6;
/// Largest number of stores (store ids are 16-bit in events).
const MAX_STORES: usize = 10_000;
/// Largest stores x SKUs: each (store, SKU) pair holds about fifty bytes of stock counters,
/// and every store scans its SKUs several times a day.
const MAX_STOCK_CELLS: f64 = 2.0e7;

/// A number for a message: plain when moderate, in scientific notation when tiny or huge
/// (`1e-300`, not three hundred zeros).
fn shown(x: f64) -> String {
    if x == 0.0 || !x.is_finite() || (1e-4..1e9).contains(&x.abs()) {
        format!("{x}")
    } else {
        format!("{x:e}")
    }
}

/// The scale of a distribution: the largest of its mean, its standard deviation and (when
/// bounded) its largest value.
fn dist_scale(d: &Dist) -> f64 {
    let spread = match d {
        Dist::Exponential { mean } => *mean,
        Dist::Normal { sd, .. } | Dist::LogNormal { sd, .. } => *sd,
        Dist::Gamma { shape, scale } => shape.sqrt() * scale,
        _ => 0.0,
    };
    d.mean().max(spread).max(d.upper_bound().unwrap_or(0.0))
}

struct Checker<'a> {
    issues: Issues<'a>,
}

fn tri(min: f64, mode: f64, max: f64) -> Dist {
    Dist::Triangular { min, mode, max }
}

impl<'a> Checker<'a> {
    /// Reads a demand block (per_day, hourly or hourly_by_weekday, weekday) into a weekly
    /// arrival profile; `open` limits arrivals to opening hours.
    #[allow(clippy::too_many_arguments)]
    fn demand(
        &mut self,
        path: &str,
        what: &str,
        per_day: Option<f64>,
        default_per_day: f64,
        hourly: Option<&Vec<f64>>,
        hourly_by_weekday: Option<&Vec<Vec<f64>>>,
        weekday: Option<&Vec<f64>>,
        default_hourly: [f64; 24],
        open: Option<(Minutes, Minutes)>,
    ) -> ArrivalProfile {
        let per_day = self.non_negative(&format!("{path}.per_day"), per_day, default_per_day);
        let weekday = self.weights(&format!("{path}.weekday"), weekday, DEFAULT_WEEKDAY);
        let busiest = per_day * weekday.iter().copied().fold(0.0, f64::max);
        if busiest > MAX_ARRIVALS_PER_DAY {
            self.err(
                format!("{path}.per_day"),
                format!(
                    "{busiest} {what} on the busiest day is beyond what omnisim accepts ({MAX_ARRIVALS_PER_DAY} a day): it would exhaust memory and time"
                ),
            );
            return ArrivalProfile {
                per_weekday: [0.0; 7],
                segments: Vec::new(),
            };
        }
        let week = per_day * weekday.iter().sum::<f64>();
        if week > 0.0 && week < 7.0 * MIN_ARRIVALS_PER_DAY {
            self.err(
                format!("{path}.per_day"),
                format!(
                    "{} {what} a day on average is too few to simulate (0, or at least {MIN_ARRIVALS_PER_DAY}): drawing the next arrival would take practically forever",
                    shown(week / 7.0)
                ),
            );
            return ArrivalProfile {
                per_weekday: [0.0; 7],
                segments: Vec::new(),
            };
        }
        let shape = self.weights(&format!("{path}.hourly"), hourly, default_hourly);
        let mut by_day = [shape; 7];
        if let Some(days) = hourly_by_weekday {
            if hourly.is_some() {
                self.err(
                    format!("{path}.hourly_by_weekday"),
                    "give either `hourly` or `hourly_by_weekday`, not both",
                );
            }
            if days.len() != 7 {
                self.err(
                    format!("{path}.hourly_by_weekday"),
                    format!(
                        "expected 7 arrays of 24 weights (Monday first), got {} arrays",
                        days.len()
                    ),
                );
            } else {
                for (d, day) in days.iter().enumerate() {
                    by_day[d] =
                        self.weights(&format!("{path}.hourly_by_weekday"), Some(day), shape);
                }
            }
        }
        arrival_profile(per_day, &weekday, &by_day, open).unwrap_or_else(|e| {
            self.err(format!("{path}.hourly"), e);
            ArrivalProfile {
                per_weekday: [0.0; 7],
                segments: Vec::new(),
            }
        })
    }

    fn err(&mut self, path: impl Into<String>, msg: impl Into<String>) {
        self.issues.push(path, msg);
    }

    fn prob(&mut self, path: &str, v: Option<f64>, default: f64) -> f64 {
        match v {
            None => default,
            Some(p) if (0.0..=1.0).contains(&p) => p,
            Some(p) => {
                self.err(
                    path,
                    format!("expected a probability between 0 and 1, got {p}"),
                );
                default
            }
        }
    }

    fn non_negative(&mut self, path: &str, v: Option<f64>, default: f64) -> f64 {
        match v {
            None => default,
            Some(x) if (0.0..=MAX_NUMBER).contains(&x) => x,
            Some(x) => {
                self.err(
                    path,
                    format!(
                        "expected a number >= 0 and at most {MAX_NUMBER:.0e}, got {}",
                        shown(x)
                    ),
                );
                default
            }
        }
    }

    fn positive(&mut self, path: &str, v: Option<f64>, default: f64) -> f64 {
        match v {
            None => default,
            Some(x) if x.is_finite() && x > 0.0 && x <= MAX_NUMBER => x,
            Some(x) => {
                self.err(
                    path,
                    format!(
                        "expected a number > 0 and at most {MAX_NUMBER:.0e}, got {}",
                        shown(x)
                    ),
                );
                default
            }
        }
    }

    fn count(&mut self, path: &str, v: Option<i64>, default: u32, min: u32, max: u32) -> u32 {
        match v {
            None => default,
            Some(x) if x >= i64::from(min) && x <= i64::from(max) => x as u32,
            Some(x) => {
                self.err(
                    path,
                    format!("expected a whole number from {min} to {max}, got {x}"),
                );
                default
            }
        }
    }

    fn dist(&mut self, path: &str, v: Option<&Value>, default: Dist, q: Quantity) -> Dist {
        let limit = match q {
            Quantity::Duration => MAX_DURATION,
            Quantity::Number => MAX_NUMBER,
        };
        self.dist_up_to(path, v, default, q, limit)
    }

    /// A distribution whose mean, spread and largest value are at most `limit`.
    fn dist_up_to(
        &mut self,
        path: &str,
        v: Option<&Value>,
        default: Dist,
        q: Quantity,
        limit: f64,
    ) -> Dist {
        match v {
            None => default,
            Some(v) => match parse_dist(v, q) {
                Ok(d) if dist_scale(&d) <= limit => d,
                Ok(d) => {
                    let (unit, most) = match q {
                        Quantity::Duration => (" min", format!("{} days", limit / MINUTES_PER_DAY)),
                        Quantity::Number => ("", shown(limit)),
                    };
                    self.err(
                        path,
                        format!(
                            "the distribution's mean, spread or largest value is {}{unit}, beyond what omnisim accepts ({most})",
                            shown(dist_scale(&d)),
                        ),
                    );
                    default
                }
                Err(e) => {
                    self.err(path, e);
                    default
                }
            },
        }
    }

    fn duration(&mut self, path: &str, v: Option<&Value>, default: Minutes) -> Minutes {
        let parsed = match v {
            None => return default,
            Some(Value::Integer(i)) => Ok(*i as f64),
            Some(Value::Float(f)) => Ok(*f),
            Some(Value::String(s)) => parse_duration(s),
            Some(other) => Err(format!(
                "expected a duration like \"15min\", got {}",
                other.type_str()
            )),
        };
        match parsed {
            Ok(m) if (0.0..=MAX_DURATION).contains(&m) => m,
            Ok(m) if m > MAX_DURATION => {
                self.err(
                    path,
                    format!(
                        "a duration of {} min is beyond what omnisim accepts ({} days)",
                        shown(m),
                        MAX_DURATION / MINUTES_PER_DAY
                    ),
                );
                default
            }
            Ok(m) => {
                self.err(path, format!("expected a duration >= 0, got {m} min"));
                default
            }
            Err(e) => {
                self.err(path, e);
                default
            }
        }
    }

    fn clock(&mut self, path: &str, v: Option<&String>, default: Minutes) -> Minutes {
        match v {
            None => default,
            Some(s) => parse_clock(s).unwrap_or_else(|e| {
                self.err(path, e);
                default
            }),
        }
    }

    fn weekdays(&mut self, path: &str, v: Option<&Vec<String>>) -> [bool; 7] {
        let Some(list) = v else { return [true; 7] };
        let mut days = [false; 7];
        for name in list {
            match parse_weekday(name) {
                Ok(d) => days[d] = true,
                Err(e) => self.err(path, e),
            }
        }
        if !days.iter().any(|d| *d) {
            self.err(path, "expected at least one weekday");
        }
        days
    }

    fn weights<const N: usize>(
        &mut self,
        path: &str,
        v: Option<&Vec<f64>>,
        default: [f64; N],
    ) -> [f64; N] {
        let Some(list) = v else { return default };
        if list.len() != N {
            self.err(path, format!("expected {N} numbers, got {}", list.len()));
            return default;
        }
        // Bounded, so that a rate (expected arrivals x weight / total weight) cannot overflow.
        if list.iter().any(|x| !(0.0..=MAX_NUMBER).contains(x)) {
            self.err(
                path,
                format!("expected numbers >= 0 and at most {MAX_NUMBER:.0e}"),
            );
            return default;
        }
        let mut out = [0.0; N];
        out.copy_from_slice(list);
        out
    }
}

/// Builds a week of arrival segments. On weekday `d` the expected count is
/// `per_day * weekday[d]`, spread over hours in proportion to `hourly[d]`, only while `open`
/// (`None` = all day).
fn arrival_profile(
    per_day: f64,
    weekday: &[f64; 7],
    hourly: &[[f64; 24]; 7],
    open: Option<(Minutes, Minutes)>,
) -> Result<ArrivalProfile, String> {
    let (open_at, close_at) = open.unwrap_or((0.0, MINUTES_PER_DAY));
    let mut segments = Vec::new();
    let mut per_weekday = [0.0; 7];
    for (d, factor) in weekday.iter().enumerate() {
        // Weight of each hour, scaled by how much of it the store is open.
        let pieces: Vec<(Minutes, Minutes, f64)> = (0..24)
            .filter_map(|h| {
                let start = (h as f64 * MINUTES_PER_HOUR).max(open_at);
                let end = ((h + 1) as f64 * MINUTES_PER_HOUR).min(close_at);
                (end > start).then_some((start, end, hourly[d][h]))
            })
            .collect();
        let mass: f64 = pieces
            .iter()
            .map(|(s, e, w)| w * (e - s) / MINUTES_PER_HOUR)
            .sum();
        let expected = per_day * factor;
        if expected > 0.0 && mass <= 0.0 {
            return Err(format!(
                "the hourly profile of {} is zero for every open hour",
                crate::scenario::units::WEEKDAYS[d]
            ));
        }
        per_weekday[d] = expected;
        if expected <= 0.0 {
            continue;
        }
        let day_start = d as f64 * MINUTES_PER_DAY;
        for &(s, e, w) in &pieces {
            let rate = expected * w / mass / MINUTES_PER_HOUR;
            if rate > 0.0 {
                segments.push((day_start + s, day_start + e, rate));
            }
        }
    }
    Ok(ArrivalProfile {
        per_weekday,
        segments,
    })
}

fn skill_map(
    c: &mut Checker<'_>,
    path: &str,
    v: Option<&std::collections::BTreeMap<String, f64>>,
) -> Vec<(Skill, f64)> {
    let mut out = Vec::new();
    let names: Vec<&str> = Skill::ALL.iter().map(|s| s.name()).collect();
    for (name, prof) in v.into_iter().flatten() {
        match Skill::parse(name) {
            Some(skill) => {
                if !(prof.is_finite() && *prof >= MIN_PROFICIENCY && *prof <= 3.0) {
                    c.err(
                        format!("{path}.{name}"),
                        format!(
                            "expected a proficiency from {MIN_PROFICIENCY} to 3 (a speed multiplier), got {}",
                            shown(*prof)
                        ),
                    );
                } else {
                    out.push((skill, *prof));
                }
            }
            None => {
                let hint = crate::scenario::error::nearest(name, &names)
                    .map(|n| format!("; did you mean `{n}`?"))
                    .unwrap_or_default();
                c.err(
                    path,
                    format!(
                        "unknown skill `{name}`{hint} (skills: {})",
                        names.join(", ")
                    ),
                );
            }
        }
    }
    out.sort_by_key(|(s, _)| *s);
    out
}

fn default_cross_skills(team: Team, skills: &[(Skill, f64)]) -> Vec<(Skill, f64)> {
    let candidates: &[(Skill, f64)] = match team {
        Team::Store => &[
            (Skill::Picking, 0.85),
            (Skill::Packing, 0.85),
            (Skill::PickupDesk, 0.9),
        ],
        Team::Online => &[(Skill::Checkout, 0.85), (Skill::Floor, 0.85)],
    };
    candidates
        .iter()
        .copied()
        .filter(|(s, _)| !skills.iter().any(|(h, _)| h == s))
        .collect()
}

/// Gross margin rate of a SKU with none of its own: supermarkets run at about 22-30% of
/// sales (public grocery chains about 22%, the US Census retail trade survey about 28% for
/// food and beverage stores).
const DEFAULT_GROSS_MARGIN: f64 = 0.28;

fn policy_preset(name: &str) -> Option<Policy> {
    match name {
        "siloed" => Some(Policy {
            name: "siloed".into(),
            description: "batch inventory sync every 4 h with a safety buffer, no cross-training, \
                          per-team channels, each team orders its own work by its own metrics \
                          (its customers present first)"
                .into(),
            sync_interval: 240.0,
            safety_buffer: 2,
            cross_training_share: 0.0,
            communication: CommunicationMode::Fragmented,
            dispatch: DispatchRule::TeamMetrics,
            item_location: false,
            shelf_gap_tasks: false,
            rfid_counts: false,
        }),
        "aligned" => Some(Policy {
            name: "aligned".into(),
            description: "real-time inventory visibility (live stock view, item locations for \
                          pickers, shelf-gap tasks, RFID counts), every employee cross-trained, \
                          one unified task tool, one queue ordered by customer impact"
                .into(),
            sync_interval: 0.0,
            safety_buffer: 0,
            cross_training_share: 1.0,
            communication: CommunicationMode::Unified,
            dispatch: DispatchRule::CustomerImpact,
            item_location: true,
            shelf_gap_tasks: true,
            rfid_counts: true,
        }),
        _ => None,
    }
}

fn policies(c: &mut Checker<'_>, raw: &[RawPolicy]) -> Vec<Policy> {
    if raw.is_empty() {
        return vec![
            policy_preset("siloed").expect("preset"),
            policy_preset("aligned").expect("preset"),
        ];
    }
    let mut out: Vec<Policy> = Vec::new();
    for (i, p) in raw.iter().enumerate() {
        let path = format!("policies[{i}]");
        let preset_name = p.preset.as_deref().unwrap_or("siloed");
        let mut policy = policy_preset(preset_name).unwrap_or_else(|| {
            c.err(
                format!("{path}.preset"),
                format!("unknown preset \"{preset_name}\": expected \"siloed\" or \"aligned\""),
            );
            policy_preset("siloed").expect("preset")
        });
        match &p.name {
            Some(n) if plain_name(n) => policy.name = n.clone(),
            Some(n) => c.err(
                format!("{path}.name"),
                format!(
                    "expected a non-empty name without commas or control characters, got {n:?}"
                ),
            ),
            None => c.err(format!("{path}.name"), "every policy needs a `name`"),
        }
        if out.iter().any(|q| q.name == policy.name) {
            c.err(
                format!("{path}.name"),
                format!("policy name \"{}\" is used twice", policy.name),
            );
        }
        if let Some(d) = &p.description {
            policy.description = d.clone();
        }
        policy.sync_interval = c.duration(
            &format!("{path}.sync_interval"),
            p.sync_interval.as_ref(),
            policy.sync_interval,
        );
        if policy.sync_interval > 0.0 && policy.sync_interval < MIN_SYNC_INTERVAL {
            c.err(
                format!("{path}.sync_interval"),
                format!(
                    "expected 0 (real time) or at least {MIN_SYNC_INTERVAL} min, got {} min: every sync copies the whole stock record",
                    shown(policy.sync_interval)
                ),
            );
        }
        policy.safety_buffer = c.count(
            &format!("{path}.safety_buffer"),
            p.safety_buffer,
            policy.safety_buffer,
            0,
            1_000_000,
        );
        policy.cross_training_share = c.prob(
            &format!("{path}.cross_training_share"),
            p.cross_training_share,
            policy.cross_training_share,
        );
        if let Some(m) = &p.communication {
            match m.as_str() {
                "fragmented" => policy.communication = CommunicationMode::Fragmented,
                "unified" => policy.communication = CommunicationMode::Unified,
                other => c.err(
                    format!("{path}.communication"),
                    format!("expected \"fragmented\" or \"unified\", got \"{other}\""),
                ),
            }
        }
        if let Some(m) = &p.dispatch {
            match m.as_str() {
                "team_metrics" => policy.dispatch = DispatchRule::TeamMetrics,
                "customer_impact" => policy.dispatch = DispatchRule::CustomerImpact,
                "team_fifo" => policy.dispatch = DispatchRule::TeamFifo,
                other => c.err(
                    format!("{path}.dispatch"),
                    format!(
                        "expected \"team_metrics\", \"customer_impact\" or \"team_fifo\", got \"{other}\""
                    ),
                ),
            }
        }
        if let Some(v) = p.item_location {
            policy.item_location = v;
        }
        if let Some(v) = p.shelf_gap_tasks {
            policy.shelf_gap_tasks = v;
        }
        if let Some(v) = p.rfid_counts {
            policy.rfid_counts = v;
        }
        out.push(policy);
    }
    out
}

fn channel(
    c: &mut Checker<'_>,
    path: &str,
    raw: Option<&RawChannel>,
    default: ChannelSpec,
) -> ChannelSpec {
    let Some(r) = raw else { return default };
    ChannelSpec {
        latency: c.dist(
            &format!("{path}.latency"),
            r.latency.as_ref(),
            default.latency,
            Quantity::Duration,
        ),
        miss_probability: c.prob(
            &format!("{path}.miss_probability"),
            r.miss_probability,
            default.miss_probability,
        ),
        reraise_after: c.duration(
            &format!("{path}.reraise_after"),
            r.reraise_after.as_ref(),
            default.reraise_after,
        ),
        handoff_delay: c.dist(
            &format!("{path}.handoff_delay"),
            r.handoff_delay.as_ref(),
            default.handoff_delay,
            Quantity::Duration,
        ),
        arrival_notice_miss: c.prob(
            &format!("{path}.arrival_notice_miss"),
            r.arrival_notice_miss,
            default.arrival_notice_miss,
        ),
        approval_failure: c.prob(
            &format!("{path}.approval_failure"),
            r.approval_failure,
            default.approval_failure,
        ),
        change_miss: c.prob(
            &format!("{path}.change_miss"),
            r.change_miss,
            default.change_miss,
        ),
    }
}

/// A name that reads well in every output: not blank, no comma (names are joined with
/// commas in messages), no control character such as a newline (one row per line in CSV).
fn plain_name(n: &str) -> bool {
    !n.trim().is_empty() && !n.contains(',') && !n.chars().any(char::is_control)
}

fn store(c: &mut Checker<'_>, i: usize, r: &RawStore) -> StoreSpec {
    let p = format!("stores[{i}]");
    let name = match &r.name {
        Some(n) if plain_name(n) && n != "all" => n.clone(),
        Some(n) => {
            c.err(
                format!("{p}.name"),
                format!(
                    "expected a non-empty name without commas or control characters, other than \"all\", got {n:?}"
                ),
            );
            format!("store_{}", i + 1)
        }
        None => format!("store_{}", i + 1),
    };
    let open = c.clock(&format!("{p}.open"), r.open.as_ref(), 480.0);
    let close = c.clock(&format!("{p}.close"), r.close.as_ref(), 1320.0);
    if close <= open {
        c.err(
            format!("{p}.close"),
            "the store must close after it opens on the same day",
        );
    }
    let window = Some((open, close.max(open + 1.0)));

    let s = r.shoppers.as_ref();
    let sp = format!("{p}.shoppers");
    let arrivals = c.demand(
        &sp,
        "shoppers",
        s.and_then(|s| s.per_day),
        1600.0,
        s.and_then(|s| s.hourly.as_ref()),
        s.and_then(|s| s.hourly_by_weekday.as_ref()),
        s.and_then(|s| s.weekday.as_ref()),
        DEFAULT_SHOPPER_HOURLY,
        window,
    );
    let shoppers = ShopperSpec {
        arrivals,
        basket_items: c.dist_up_to(
            &format!("{sp}.basket_items"),
            s.and_then(|s| s.basket_items.as_ref()),
            Dist::Gamma {
                shape: 2.0,
                scale: 2.5,
            },
            Quantity::Number,
            MAX_ITEMS,
        ),
        browse_time: c.dist(
            &format!("{sp}.browse_time"),
            s.and_then(|s| s.browse_time.as_ref()),
            tri(5.0, 15.0, 40.0),
            Quantity::Duration,
        ),
        substitution_probability: c.prob(
            &format!("{sp}.substitution_probability"),
            s.and_then(|s| s.substitution_probability),
            0.3,
        ),
        assist_probability: c.prob(
            &format!("{sp}.assist_probability"),
            s.and_then(|s| s.assist_probability),
            0.1,
        ),
        assist_time: c.dist(
            &format!("{sp}.assist_time"),
            s.and_then(|s| s.assist_time.as_ref()),
            tri(1.0, 3.0, 8.0),
            Quantity::Duration,
        ),
        assist_patience: c.dist(
            &format!("{sp}.assist_patience"),
            s.and_then(|s| s.assist_patience.as_ref()),
            Dist::Uniform {
                min: 3.0,
                max: 10.0,
            },
            Quantity::Duration,
        ),
        checkout_time: c.dist(
            &format!("{sp}.checkout_time"),
            s.and_then(|s| s.checkout_time.as_ref()),
            tri(0.5, 40.0 / 60.0, 70.0 / 60.0),
            Quantity::Duration,
        ),
        checkout_time_per_item: c.duration(
            &format!("{sp}.checkout_time_per_item"),
            s.and_then(|s| s.checkout_time_per_item.as_ref()),
            0.05,
        ),
        self_checkout_share: c.prob(
            &format!("{sp}.self_checkout_share"),
            s.and_then(|s| s.self_checkout_share),
            0.35,
        ),
        self_checkout_time: c.dist(
            &format!("{sp}.self_checkout_time"),
            s.and_then(|s| s.self_checkout_time.as_ref()),
            tri(1.5, 3.0, 6.0),
            Quantity::Duration,
        ),
        balk_queue_length: c.count(
            &format!("{sp}.balk_queue_length"),
            s.and_then(|s| s.balk_queue_length),
            5,
            0,
            1_000_000,
        ),
        balk_probability_per_extra: c.prob(
            &format!("{sp}.balk_probability_per_extra"),
            s.and_then(|s| s.balk_probability_per_extra),
            0.1,
        ),
        patience: c.dist(
            &format!("{sp}.patience"),
            s.and_then(|s| s.patience.as_ref()),
            tri(4.0, 10.0, 20.0),
            Quantity::Duration,
        ),
        assist_sale_probability: c.prob(
            &format!("{sp}.assist_sale_probability"),
            s.and_then(|s| s.assist_sale_probability),
            0.5,
        ),
        assist_walkout_probability: c.prob(
            &format!("{sp}.assist_walkout_probability"),
            s.and_then(|s| s.assist_walkout_probability),
            0.2,
        ),
    };

    let o = r.online.as_ref();
    let op = format!("{p}.online");
    let arrivals = c.demand(
        &op,
        "orders",
        o.and_then(|o| o.per_day),
        150.0,
        o.and_then(|o| o.hourly.as_ref()),
        o.and_then(|o| o.hourly_by_weekday.as_ref()),
        o.and_then(|o| o.weekday.as_ref()),
        DEFAULT_ONLINE_HOURLY,
        None,
    );
    let not_found = match o.and_then(|o| o.not_found.as_deref()) {
        None | Some("substitute") => NotFoundRule::Substitute,
        Some("short") => NotFoundRule::Short,
        Some("cancel") => NotFoundRule::Cancel,
        Some(other) => {
            c.err(
                format!("{op}.not_found"),
                format!("expected \"substitute\", \"short\" or \"cancel\", got \"{other}\""),
            );
            NotFoundRule::Substitute
        }
    };
    let bopis_promise = c.duration(
        &format!("{op}.bopis_promise"),
        o.and_then(|o| o.bopis_promise.as_ref()),
        120.0,
    );
    if bopis_promise <= 0.0 {
        c.err(
            format!("{op}.bopis_promise"),
            "the promise window must be positive",
        );
    }
    let online = OnlineSpec {
        arrivals,
        lines: c.dist_up_to(
            &format!("{op}.lines"),
            o.and_then(|o| o.lines.as_ref()),
            Dist::Gamma {
                shape: 3.0,
                scale: 1.0,
            },
            Quantity::Number,
            MAX_ITEMS,
        ),
        units_per_line: c.dist_up_to(
            &format!("{op}.units_per_line"),
            o.and_then(|o| o.units_per_line.as_ref()),
            Dist::empirical(vec![1.0, 2.0, 3.0], &[80.0, 15.0, 5.0]),
            Quantity::Number,
            MAX_ITEMS,
        ),
        bopis_share: c.prob(
            &format!("{op}.bopis_share"),
            o.and_then(|o| o.bopis_share),
            0.45,
        ),
        bopis_promise,
        ship_cutoff: c.clock(
            &format!("{op}.ship_cutoff"),
            o.and_then(|o| o.ship_cutoff.as_ref()),
            960.0,
        ),
        ship_handling: c.duration(
            &format!("{op}.ship_handling"),
            o.and_then(|o| o.ship_handling.as_ref()),
            120.0,
        ),
        pick_time_per_order: c.dist(
            &format!("{op}.pick_time_per_order"),
            o.and_then(|o| o.pick_time_per_order.as_ref()),
            tri(1.0, 1.5, 3.0),
            Quantity::Duration,
        ),
        pick_time_per_line: c.dist(
            &format!("{op}.pick_time_per_line"),
            o.and_then(|o| o.pick_time_per_line.as_ref()),
            tri(0.5, 0.75, 1.5),
            Quantity::Duration,
        ),
        stage_time: c.dist(
            &format!("{op}.stage_time"),
            o.and_then(|o| o.stage_time.as_ref()),
            tri(0.5, 1.0, 2.0),
            Quantity::Duration,
        ),
        pack_time: c.dist(
            &format!("{op}.pack_time"),
            o.and_then(|o| o.pack_time.as_ref()),
            tri(2.0, 4.0, 8.0),
            Quantity::Duration,
        ),
        pickup_delay: c.dist(
            &format!("{op}.pickup_delay"),
            o.and_then(|o| o.pickup_delay.as_ref()),
            Dist::lognormal(240.0, 180.0),
            Quantity::Duration,
        ),
        pickup_patience: c.dist(
            &format!("{op}.pickup_patience"),
            o.and_then(|o| o.pickup_patience.as_ref()),
            tri(5.0, 15.0, 30.0),
            Quantity::Duration,
        ),
        pickup_service_time: c.dist(
            &format!("{op}.pickup_service_time"),
            o.and_then(|o| o.pickup_service_time.as_ref()),
            tri(1.0, 3.0, 6.0),
            Quantity::Duration,
        ),
        no_show_probability: c.prob(
            &format!("{op}.no_show_probability"),
            o.and_then(|o| o.no_show_probability),
            0.03,
        ),
        hold_days: c.positive(&format!("{op}.hold_days"), o.and_then(|o| o.hold_days), 5.0),
        not_found,
        substitution_acceptance: c.prob(
            &format!("{op}.substitution_acceptance"),
            o.and_then(|o| o.substitution_acceptance),
            0.6,
        ),
        pick_error_rate: c.prob(
            &format!("{op}.pick_error_rate"),
            o.and_then(|o| o.pick_error_rate),
            0.01,
        ),
        pick_search_time: c.dist(
            &format!("{op}.pick_search_time"),
            o.and_then(|o| o.pick_search_time.as_ref()),
            tri(2.0, 4.0, 8.0),
            Quantity::Duration,
        ),
        order_change_probability: c.prob(
            &format!("{op}.order_change_probability"),
            o.and_then(|o| o.order_change_probability),
            0.05,
        ),
    };

    let rt = r.returns.as_ref();
    let rp = format!("{p}.returns");
    let returns = ReturnsSpec {
        online_return_rate: c.prob(
            &format!("{rp}.online_return_rate"),
            rt.and_then(|r| r.online_return_rate),
            0.176,
        ),
        store_return_rate: c.prob(
            &format!("{rp}.store_return_rate"),
            rt.and_then(|r| r.store_return_rate),
            0.10,
        ),
        return_delay: c.dist(
            &format!("{rp}.return_delay"),
            rt.and_then(|r| r.return_delay.as_ref()),
            tri(1440.0, 5760.0, 20160.0),
            Quantity::Duration,
        ),
        process_time: c.dist(
            &format!("{rp}.process_time"),
            rt.and_then(|r| r.process_time.as_ref()),
            tri(0.5, 1.0, 2.0),
            Quantity::Duration,
        ),
        resaleable_share: c.prob(
            &format!("{rp}.resaleable_share"),
            rt.and_then(|r| r.resaleable_share),
            0.85,
        ),
    };

    let iv = r.inventory.as_ref();
    let ip = format!("{p}.inventory");
    let inventory = InventorySpec {
        shrink_rate: c.prob(
            &format!("{ip}.shrink_rate"),
            iv.and_then(|i| i.shrink_rate),
            0.0015,
        ),
        misplace_rate: c.prob(
            &format!("{ip}.misplace_rate"),
            iv.and_then(|i| i.misplace_rate),
            0.004,
        ),
        misplace_recovery: c.prob(
            &format!("{ip}.misplace_recovery"),
            iv.and_then(|i| i.misplace_recovery),
            0.25,
        ),
        scan_error_rate: c.prob(
            &format!("{ip}.scan_error_rate"),
            iv.and_then(|i| i.scan_error_rate),
            0.03,
        ),
        cycle_counts_per_day: c.count(
            &format!("{ip}.cycle_counts_per_day"),
            iv.and_then(|i| i.cycle_counts_per_day),
            40,
            0,
            1_000_000,
        ),
        cycle_count_time: c.dist(
            &format!("{ip}.cycle_count_time"),
            iv.and_then(|i| i.cycle_count_time.as_ref()),
            tri(1.0, 2.0, 4.0),
            Quantity::Duration,
        ),
        rfid_count_days: c.positive(
            &format!("{ip}.rfid_count_days"),
            iv.and_then(|i| i.rfid_count_days),
            7.0,
        ),
        rfid_count_time: c.duration(
            &format!("{ip}.rfid_count_time"),
            iv.and_then(|i| i.rfid_count_time.as_ref()),
            0.1,
        ),
        rfid_cost_per_month: c.non_negative(
            &format!("{ip}.rfid_cost_per_month"),
            iv.and_then(|i| i.rfid_cost_per_month),
            800.0,
        ),
        start_counted: iv.and_then(|i| i.start_counted).unwrap_or(false),
    };
    if inventory.rfid_count_days > 3650.0 {
        c.err(
            format!("{ip}.rfid_count_days"),
            format!(
                "expected at most 3650 days, got {}",
                shown(inventory.rfid_count_days)
            ),
        );
    }

    let rep = r.replenishment.as_ref();
    let pp = format!("{p}.replenishment");
    let policy = match rep.and_then(|r| r.policy.as_deref()) {
        None | Some("s_S") | Some("sS") => ReplenishmentPolicy::MinMax,
        Some("R_S") | Some("RS") => ReplenishmentPolicy::Periodic,
        Some("base_stock") => ReplenishmentPolicy::BaseStock,
        Some(other) => {
            c.err(
                format!("{pp}.policy"),
                format!("expected \"s_S\", \"R_S\" or \"base_stock\", got \"{other}\""),
            );
            ReplenishmentPolicy::MinMax
        }
    };
    let reorder_point_days = c.non_negative(
        &format!("{pp}.reorder_point_days"),
        rep.and_then(|r| r.reorder_point_days),
        2.5,
    );
    let order_up_to_days = c.positive(
        &format!("{pp}.order_up_to_days"),
        rep.and_then(|r| r.order_up_to_days),
        10.0,
    );
    if order_up_to_days <= reorder_point_days {
        c.err(
            format!("{pp}.order_up_to_days"),
            format!("must exceed reorder_point_days ({reorder_point_days})"),
        );
    }
    let order_days = match rep.and_then(|r| r.order_days.as_ref()) {
        None if policy == ReplenishmentPolicy::Periodic => {
            [true, false, false, true, false, false, false]
        }
        v => c.weekdays(&format!("{pp}.order_days"), v),
    };
    let replenishment = ReplenishmentSpec {
        policy,
        reorder_point_days,
        order_up_to_days,
        order_days,
        order_time: c.clock(
            &format!("{pp}.order_time"),
            rep.and_then(|r| r.order_time.as_ref()),
            360.0,
        ),
        lead_time: c.dist(
            &format!("{pp}.lead_time"),
            rep.and_then(|r| r.lead_time.as_ref()),
            tri(1440.0, 2160.0, 4320.0),
            Quantity::Duration,
        ),
        putaway_units_per_task: c.count(
            &format!("{pp}.putaway_units_per_task"),
            rep.and_then(|r| r.putaway_units_per_task),
            60,
            1,
            1_000_000,
        ),
        putaway_time_per_task: c.dist(
            &format!("{pp}.putaway_time_per_task"),
            rep.and_then(|r| r.putaway_time_per_task.as_ref()),
            tri(2.0, 4.0, 8.0),
            Quantity::Duration,
        ),
        putaway_time_per_unit: c.duration(
            &format!("{pp}.putaway_time_per_unit"),
            rep.and_then(|r| r.putaway_time_per_unit.as_ref()),
            5.0 / 60.0,
        ),
        backorders: rep.and_then(|r| r.backorders).unwrap_or(false),
    };

    let sla = SlaSpec {
        customer: c.duration(
            &format!("{p}.sla.customer"),
            r.sla.as_ref().and_then(|s| s.customer.as_ref()),
            10.0,
        ),
        stock: c.duration(
            &format!("{p}.sla.stock"),
            r.sla.as_ref().and_then(|s| s.stock.as_ref()),
            720.0,
        ),
    };

    let mut staff = Vec::new();
    if r.staff.is_empty() {
        c.err(
            format!("{p}.staff"),
            "a store needs at least one [[stores.staff]] group",
        );
    }
    for (g, raw) in r.staff.iter().enumerate() {
        let gp = format!("{p}.staff[{g}]");
        let team = match raw.team.as_deref() {
            Some("store") => Team::Store,
            Some("online") => Team::Online,
            Some(other) => {
                c.err(
                    format!("{gp}.team"),
                    format!("expected \"store\" or \"online\", got \"{other}\""),
                );
                Team::Store
            }
            None => {
                c.err(
                    format!("{gp}.team"),
                    "every staff group needs `team = \"store\"` or `\"online\"`",
                );
                Team::Store
            }
        };
        let skills = skill_map(c, &format!("{gp}.skills"), raw.skills.as_ref());
        if skills.is_empty() {
            c.err(
                format!("{gp}.skills"),
                "a staff group needs at least one skill",
            );
        }
        let cross_skills = match &raw.cross_skills {
            Some(m) => skill_map(c, &format!("{gp}.cross_skills"), Some(m)),
            None => default_cross_skills(team, &skills),
        };
        let shift = raw.shift.as_ref();
        let shift_start = c.clock(
            &format!("{gp}.shift.start"),
            shift.and_then(|s| s.start.as_ref()),
            open,
        );
        let shift_end = c.clock(
            &format!("{gp}.shift.end"),
            shift.and_then(|s| s.end.as_ref()),
            close,
        );
        if shift_start < open || shift_end > close {
            c.err(
                format!("{gp}.shift"),
                format!(
                    "the shift {} to {} lies outside opening hours {} to {}",
                    clock_text(shift_start),
                    clock_text(shift_end),
                    clock_text(open),
                    clock_text(close)
                ),
            );
        }
        if shift_end <= shift_start {
            c.err(
                format!("{gp}.shift.end"),
                "a shift must end after it starts",
            );
        }
        staff.push(StaffGroup {
            name: raw
                .name
                .clone()
                .unwrap_or_else(|| format!("group_{}", g + 1)),
            team,
            count: c.count(&format!("{gp}.count"), raw.count, 1, 0, 10_000),
            skills,
            cross_skills,
            shift_start,
            shift_end,
            days: c.weekdays(
                &format!("{gp}.shift.days"),
                shift.and_then(|s| s.days.as_ref()),
            ),
            wage_per_hour: c.non_negative(&format!("{gp}.wage_per_hour"), raw.wage_per_hour, 17.0),
        });
    }

    StoreSpec {
        name,
        open,
        close,
        checkout_lanes: c.count(
            &format!("{p}.checkout_lanes"),
            r.checkout_lanes,
            6,
            0,
            10_000,
        ),
        self_checkout: c.count(&format!("{p}.self_checkout"), r.self_checkout, 4, 0, 10_000),
        pickup_desks: c.count(&format!("{p}.pickup_desks"), r.pickup_desks, 1, 0, 10_000),
        task_switch_time: c.dist(
            &format!("{p}.task_switch_time"),
            r.task_switch_time.as_ref(),
            Dist::Uniform { min: 0.5, max: 2.0 },
            Quantity::Duration,
        ),
        shoppers,
        online,
        returns,
        inventory,
        replenishment,
        sla,
        staff,
    }
}

fn clock_text(m: Minutes) -> String {
    format!("{:02}:{:02}", (m / 60.0) as u32, (m % 60.0) as u32)
}

/// Checks that every skill a store's tasks need is held by someone under every policy.
fn check_skill_coverage(c: &mut Checker<'_>, stores: &[StoreSpec], policies: &[Policy]) {
    for (i, st) in stores.iter().enumerate() {
        let mut needed: Vec<Skill> = vec![Skill::Stocking];
        if st.shoppers.arrivals.per_weekday.iter().any(|x| *x > 0.0) {
            if st.self_checkout == 0 || st.shoppers.self_checkout_share < 1.0 {
                needed.push(Skill::Checkout);
            }
            if st.shoppers.assist_probability > 0.0 {
                needed.push(Skill::Floor);
            }
            if st.returns.store_return_rate > 0.0 {
                needed.push(Skill::Returns);
            }
        }
        if st.online.arrivals.per_weekday.iter().any(|x| *x > 0.0) {
            needed.push(Skill::Picking);
            if st.online.bopis_share > 0.0 {
                needed.push(Skill::PickupDesk);
            }
            if st.online.bopis_share < 1.0 {
                needed.push(Skill::Packing);
            }
            if st.returns.online_return_rate > 0.0 {
                needed.push(Skill::Returns);
            }
        }
        needed.sort();
        needed.dedup();
        if needed.contains(&Skill::Checkout) && st.checkout_lanes == 0 {
            c.err(
                format!("stores[{i}].checkout_lanes"),
                "shoppers who choose a staffed lane need at least one lane (or set self_checkout_share = 1 with kiosks)",
            );
        }
        if needed.contains(&Skill::PickupDesk) && st.pickup_desks == 0 {
            c.err(
                format!("stores[{i}].pickup_desks"),
                "BOPIS orders need at least one pickup desk",
            );
        }
        for policy in policies {
            for skill in &needed {
                let held = st.staff.iter().any(|g| {
                    g.skills.iter().any(|(s, _)| s == skill) && g.count > 0
                        || g.cross_skills.iter().any(|(s, _)| s == skill)
                            && trained_count(g.count, policy.cross_training_share) > 0
                });
                if !held {
                    c.err(
                        format!("stores[{i}].staff"),
                        format!(
                            "no employee holds the skill `{}` under policy \"{}\", but the store's work needs it",
                            skill.name(),
                            policy.name
                        ),
                    );
                }
            }
        }
    }
}

/// Refuses, up front, a scenario that would exhaust memory or time: too many stores, stock
/// counters or employees, too much work in one replication (shoppers, orders, cycle counts
/// and shifts; basket items and order lines), stock levels beyond 32-bit counters.
fn check_size(c: &mut Checker<'_>, stores: &[StoreSpec], catalogue: &Catalogue, total_days: f64) {
    let skus = catalogue.skus.len() as f64;
    if stores.len() > MAX_STORES {
        c.err(
            "stores",
            format!(
                "{} stores is beyond what omnisim accepts ({MAX_STORES})",
                stores.len()
            ),
        );
    } else if stores.len() as f64 * skus > MAX_STOCK_CELLS {
        c.err(
            "catalogue.skus",
            format!(
                "{} stores x {skus} SKUs is beyond what omnisim accepts ({MAX_STOCK_CELLS:.0e} store-SKU pairs): it would exhaust memory",
                stores.len()
            ),
        );
    }
    // Per day (weekly mean): arrivals, cycle counts, and units wanted (as the simulation
    // sizes its stock).
    let per_day = |p: &[f64; 7]| p.iter().sum::<f64>() / 7.0;
    let mut arrivals = 0.0;
    let mut items = 0.0;
    let mut employees = 0.0;
    let total_pop: f64 = catalogue.skus.iter().map(|s| s.popularity).sum();
    let top_share = catalogue
        .skus
        .iter()
        .map(|s| s.popularity / total_pop)
        .fold(0.0, f64::max);
    for (i, st) in stores.iter().enumerate() {
        let shoppers = per_day(&st.shoppers.arrivals.per_weekday);
        let orders = per_day(&st.online.arrivals.per_weekday);
        let counts = f64::from(st.inventory.cycle_counts_per_day);
        let shifts: f64 = st.staff.iter().map(|g| f64::from(g.count)).sum();
        employees += shifts;
        arrivals += (shoppers + orders + counts + shifts) * total_days;
        let (basket, lines) = (st.shoppers.basket_items.mean(), st.online.lines.mean());
        items += (shoppers * basket + orders * lines) * total_days;
        let units = shoppers * basket.max(1.0)
            + orders * lines.max(1.0) * st.online.units_per_line.mean().max(1.0);
        let rp = &st.replenishment;
        let level = units * top_share * rp.order_up_to_days.max(rp.reorder_point_days);
        if level > MAX_STOCK_LEVEL {
            c.err(
                format!("stores[{i}].replenishment.order_up_to_days"),
                format!(
                    "the most popular SKU would be stocked to about {level:.2e} units, beyond what omnisim accepts ({MAX_STOCK_LEVEL:.0e} units of one SKU): lower the days of stock or the demand"
                ),
            );
        }
    }
    if employees > MAX_EMPLOYEES {
        c.err(
            "stores",
            format!(
                "{employees} employees in all is beyond what omnisim accepts ({MAX_EMPLOYEES:.0e}): it would exhaust memory"
            ),
        );
    }
    if arrivals > MAX_ARRIVALS_PER_RUN {
        c.err(
            "scenario.days",
            format!(
                "one replication would simulate about {arrivals:.2e} shoppers, orders, cycle counts and shifts, beyond what omnisim accepts ({MAX_ARRIVALS_PER_RUN:.0e}): shorten the run or lower the demand"
            ),
        );
    } else if items > MAX_ITEMS_PER_RUN {
        c.err(
            "scenario.days",
            format!(
                "one replication would handle about {items:.2e} basket items and order lines, beyond what omnisim accepts ({MAX_ITEMS_PER_RUN:.0e}): shorten the run or lower the demand"
            ),
        );
    }
}

/// Validates a raw scenario. `base_dir` resolves a catalogue file named in the scenario.
pub fn resolve(
    raw: RawScenario,
    source: &str,
    base_dir: &Path,
) -> Result<Scenario, Vec<crate::scenario::error::Issue>> {
    let mut c = Checker {
        issues: Issues::new(source),
    };
    let h = raw.scenario.unwrap_or_default();
    let name = match h.name {
        Some(n)
            if !n.trim().is_empty()
                && n.chars()
                    .all(|ch| ch.is_alphanumeric() || "-_.".contains(ch)) =>
        {
            n
        }
        Some(n) => {
            c.err(
                "scenario.name",
                format!("expected letters, digits, '-', '_' or '.', got \"{n}\""),
            );
            "scenario".into()
        }
        None => {
            c.err(
                "scenario.name",
                "every scenario needs `name` under [scenario]",
            );
            "scenario".into()
        }
    };
    let days = h.days.unwrap_or(28);
    let warmup = h.warmup_days.unwrap_or(7);
    if (1..=MAX_DAYS).contains(&days)
        && (0..=MAX_DAYS).contains(&warmup)
        && days + warmup > MAX_DAYS
    {
        c.err(
            "scenario.days",
            format!(
                "days + warmup_days = {} is beyond what omnisim accepts ({MAX_DAYS} days, about ten years)",
                days + warmup
            ),
        );
    }
    if !(1..=MAX_DAYS).contains(&days) {
        c.err(
            "scenario.days",
            format!("expected 1 to {MAX_DAYS} days, got {days}"),
        );
    }
    if !(0..=MAX_DAYS).contains(&warmup) {
        c.err(
            "scenario.warmup_days",
            format!("expected 0 to {MAX_DAYS} days, got {warmup}"),
        );
    }
    let seed = match h.seed {
        None => 20_261_127,
        Some(s) if s >= 0 => s as u64,
        Some(s) => {
            c.err("scenario.seed", format!("expected a seed >= 0, got {s}"));
            0
        }
    };
    let replications = c.count("scenario.replications", h.replications, 50, 1, 1_000_000);

    let policies = policies(&mut c, &raw.policies);
    let baseline = match &h.baseline {
        None => 0,
        Some(b) => policies
            .iter()
            .position(|p| &p.name == b)
            .unwrap_or_else(|| {
                let names: Vec<&str> = policies.iter().map(|p| p.name.as_str()).collect();
                c.err(
                    "scenario.baseline",
                    format!(
                        "no policy is named \"{b}\" (policies: {})",
                        names.join(", ")
                    ),
                );
                0
            }),
    };

    let comm = raw.communication.unwrap_or_default();
    let fragmented = channel(
        &mut c,
        "communication.fragmented",
        comm.fragmented.as_ref(),
        ChannelSpec {
            latency: Dist::Exponential { mean: 8.0 },
            miss_probability: 0.15,
            reraise_after: 30.0,
            handoff_delay: tri(5.0, 15.0, 40.0),
            arrival_notice_miss: 0.10,
            approval_failure: 0.29,
            change_miss: 0.20,
        },
    );
    let unified = channel(
        &mut c,
        "communication.unified",
        comm.unified.as_ref(),
        ChannelSpec {
            latency: Dist::Exponential { mean: 0.5 },
            miss_probability: 0.01,
            reraise_after: 5.0,
            handoff_delay: Dist::fixed(0.0),
            arrival_notice_miss: 0.02,
            approval_failure: 0.05,
            change_miss: 0.02,
        },
    );
    for (path, ch) in [
        ("communication.fragmented", &fragmented),
        ("communication.unified", &unified),
    ] {
        if (ch.miss_probability > 0.0 || ch.arrival_notice_miss > 0.0) && ch.reraise_after <= 0.0 {
            c.err(
                format!("{path}.reraise_after"),
                "must be positive when notices can be missed (miss_probability or arrival_notice_miss above 0)",
            );
        }
    }

    let t = raw.training.unwrap_or_default();
    let training = TrainingSpec {
        hours_per_employee: c.non_negative(
            "training.hours_per_employee",
            t.hours_per_employee,
            16.0,
        ),
        start_proficiency: match t.start_proficiency {
            Some(x) if !(MIN_PROFICIENCY..=1.0).contains(&x) => {
                c.err(
                    "training.start_proficiency",
                    format!(
                        "expected a share from {MIN_PROFICIENCY} to 1, got {}",
                        shown(x)
                    ),
                );
                0.6
            }
            v => v.unwrap_or(0.6),
        },
        ramp_days: c.non_negative("training.ramp_days", t.ramp_days, 21.0),
        hours_per_day: match t.hours_per_day {
            Some(x) if !(x > 0.0 && x <= 24.0) => {
                c.err(
                    "training.hours_per_day",
                    format!(
                        "expected hours per shift day above 0 and at most 24, got {}",
                        shown(x)
                    ),
                );
                4.0
            }
            v => v.unwrap_or(4.0),
        },
        annual_turnover: match t.annual_turnover {
            Some(x) if !(0.0..=MAX_TURNOVER).contains(&x) => {
                c.err(
                    "training.annual_turnover",
                    format!(
                        "expected a yearly replacement rate from 0 to {MAX_TURNOVER} (0.6 = 60% of slots a year), got {}",
                        shown(x)
                    ),
                );
                0.6
            }
            v => v.unwrap_or(0.6),
        },
        new_hire_proficiency: match t.new_hire_proficiency {
            Some(x) if !(MIN_PROFICIENCY..=1.0).contains(&x) => {
                c.err(
                    "training.new_hire_proficiency",
                    format!(
                        "expected a share from {MIN_PROFICIENCY} to 1, got {}",
                        shown(x)
                    ),
                );
                0.7
            }
            v => v.unwrap_or(0.7),
        },
        new_hire_ramp_days: c.non_negative(
            "training.new_hire_ramp_days",
            t.new_hire_ramp_days,
            30.0,
        ),
        trainees_per_group: c.count(
            "training.trainees_per_group",
            t.trainees_per_group,
            1,
            1,
            10_000,
        ),
        trained_before_start: t.trained_before_start.unwrap_or(false),
    };

    let sat = raw.satisfaction.unwrap_or_default();
    let satisfaction = SatisfactionSpec {
        base_score: match sat.base_score {
            Some(x) if !(0.0..=10.0).contains(&x) => {
                c.err(
                    "satisfaction.base_score",
                    format!("expected a score from 0 to 10, got {x}"),
                );
                8.5
            }
            v => v.unwrap_or(8.5),
        },
        noise_sd: c.non_negative("satisfaction.noise_sd", sat.noise_sd, 1.2),
        wait_tolerance: c.duration(
            "satisfaction.wait_tolerance",
            sat.wait_tolerance.as_ref(),
            4.0,
        ),
        penalty_per_wait_minute: c.non_negative(
            "satisfaction.penalty_per_wait_minute",
            sat.penalty_per_wait_minute,
            0.3,
        ),
        penalty_per_missing_item: c.non_negative(
            "satisfaction.penalty_per_missing_item",
            sat.penalty_per_missing_item,
            0.7,
        ),
        penalty_assist_abandoned: c.non_negative(
            "satisfaction.penalty_assist_abandoned",
            sat.penalty_assist_abandoned,
            2.0,
        ),
        penalty_balked: c.non_negative("satisfaction.penalty_balked", sat.penalty_balked, 4.0),
        penalty_reneged: c.non_negative("satisfaction.penalty_reneged", sat.penalty_reneged, 5.0),
        penalty_late_order: c.non_negative(
            "satisfaction.penalty_late_order",
            sat.penalty_late_order,
            2.5,
        ),
        penalty_inaccurate_order: c.non_negative(
            "satisfaction.penalty_inaccurate_order",
            sat.penalty_inaccurate_order,
            3.5,
        ),
        penalty_cancelled_order: c.non_negative(
            "satisfaction.penalty_cancelled_order",
            sat.penalty_cancelled_order,
            5.0,
        ),
    };

    let cat = raw.catalogue.unwrap_or_default();
    let gross_margin = c.prob(
        "catalogue.gross_margin",
        cat.gross_margin,
        DEFAULT_GROSS_MARGIN,
    );
    if gross_margin >= 1.0 {
        c.err(
            "catalogue.gross_margin",
            "expected a gross margin rate below 1 (a cost of goods above 0)",
        );
    }
    let mut catalogue = if let Some(file) = &cat.file {
        if cat.skus.is_some() || cat.zipf_exponent.is_some() || cat.price.is_some() {
            c.err(
                "catalogue.file",
                "give either `file` or `skus`/`zipf_exponent`/`price`, not both",
            );
        }
        match catalogue::read_csv(&base_dir.join(file)) {
            Ok(cat) => cat,
            Err(e) => {
                c.err("catalogue.file", e);
                Catalogue { skus: Vec::new() }
            }
        }
    } else {
        let count = c.count("catalogue.skus", cat.skus, 2000, 1, 5_000_000);
        let zipf = c.non_negative("catalogue.zipf_exponent", cat.zipf_exponent, 0.9);
        let price = c.dist(
            "catalogue.price",
            cat.price.as_ref(),
            Dist::lognormal(3.6, 4.5),
            Quantity::Number,
        );
        catalogue::generate(count as usize, zipf, &price, gross_margin, seed)
    };
    for sku in &mut catalogue.skus {
        if sku.margin.is_nan() {
            sku.margin = gross_margin;
        }
    }

    if raw.stores.is_empty() {
        c.err("stores", "a scenario needs at least one [[stores]] table");
    }
    let stores: Vec<StoreSpec> = raw
        .stores
        .iter()
        .enumerate()
        .map(|(i, s)| store(&mut c, i, s))
        .collect();
    for (i, s) in stores.iter().enumerate() {
        if stores[..i].iter().any(|o| o.name == s.name) {
            c.err(
                format!("stores[{i}].name"),
                format!("store name \"{}\" is used twice", s.name),
            );
        }
    }
    check_skill_coverage(&mut c, &stores, &policies);
    check_size(&mut c, &stores, &catalogue, (days + warmup).max(0) as f64);
    let experiment = experiment(
        &mut c,
        raw.experiment.unwrap_or_default(),
        &policies,
        baseline,
    );

    if !c.issues.is_empty() {
        return Err(c.issues.into_vec());
    }

    Ok(Scenario {
        name,
        description: h.description.unwrap_or_default(),
        days: days as u32,
        warmup_days: warmup as u32,
        seed,
        replications,
        baseline,
        policies,
        fragmented,
        unified,
        training,
        satisfaction,
        catalogue,
        stores,
        experiment,
    })
}

/// `[experiment]`: levels and designs, with policies named by their index.
fn experiment(
    c: &mut Checker,
    e: RawExperiment,
    policies: &[Policy],
    baseline: usize,
) -> ExperimentSpec {
    let d = ExperimentSpec::default();
    let confidence = match e.confidence {
        Some(x) if !(0.5..1.0).contains(&x) => {
            c.err(
                "experiment.confidence",
                format!(
                    "expected a level of at least 0.5 and below 1 (e.g. 0.95), got {}",
                    shown(x)
                ),
            );
            d.confidence
        }
        v => v.unwrap_or(d.confidence),
    };
    let precision = match e.precision {
        Some(x) if !(x > 0.0 && x < 1.0) => {
            c.err(
                "experiment.precision",
                format!(
                    "expected a relative half-width above 0 and below 1 (e.g. 0.02), got {}",
                    shown(x)
                ),
            );
            None
        }
        v => v,
    };
    let kpi_names: Vec<&str> = crate::kpis::KPIS.iter().map(|k| k.name).collect();
    let precision_kpis = e.precision_kpis.unwrap_or_default();
    for k in &precision_kpis {
        if !kpi_names.contains(&k.as_str()) {
            let hint = crate::scenario::error::nearest(k, &kpi_names)
                .map(|n| format!(" (did you mean \"{n}\"?)"))
                .unwrap_or_default();
            c.err(
                "experiment.precision_kpis",
                format!("unknown KPI \"{k}\"{hint}; `omnisim kpis` lists them"),
            );
        }
    }
    let max_replications = c.count(
        "experiment.max_replications",
        e.max_replications,
        d.max_replications,
        2,
        1_000_000,
    );
    let mut policy = |field: &str, name: Option<String>| {
        let name = name?;
        let found = policies.iter().position(|p| p.name == name);
        if found.is_none() {
            let names: Vec<&str> = policies.iter().map(|p| p.name.as_str()).collect();
            c.err(
                format!("experiment.{field}"),
                format!(
                    "no policy is named \"{name}\" (policies: {})",
                    names.join(", ")
                ),
            );
        }
        found
    };
    let factorial_low = policy("factorial_low", e.factorial_low);
    let factorial_high = policy("factorial_high", e.factorial_high);
    let factorial = e.factorial.unwrap_or(false);
    if factorial && policies.len() < 2 {
        c.err(
            "experiment.factorial",
            "the factorial of the levers needs two policies (its low and high settings)",
        );
    } else if factorial_low.unwrap_or(baseline) == factorial_high.unwrap_or(usize::MAX) {
        c.err(
            "experiment.factorial_high",
            format!(
                "the factorial's high policy must differ from its low one (\"{}\"{})",
                policies[factorial_low.unwrap_or(baseline)].name,
                if factorial_low.is_none() {
                    ", the baseline"
                } else {
                    ""
                }
            ),
        );
    }
    ExperimentSpec {
        confidence,
        precision,
        precision_kpis,
        max_replications,
        factorial,
        factorial_low,
        factorial_high,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arrival_profile_spreads_the_daily_mean_over_open_hours() {
        let prof =
            arrival_profile(140.0, &[1.0; 7], &[[1.0; 24]; 7], Some((480.0, 1320.0))).unwrap();
        let monday: f64 = prof
            .segments
            .iter()
            .filter(|(s, _, _)| *s < MINUTES_PER_DAY)
            .map(|(s, e, r)| (e - s) * r)
            .sum();
        assert!((monday - 140.0).abs() < 1e-9);
        assert!(prof.segments.iter().all(|(s, e, _)| {
            let (s, e) = (s % MINUTES_PER_DAY, e - (s - s % MINUTES_PER_DAY));
            s >= 480.0 && e <= 1320.0
        }));
    }

    #[test]
    fn hourly_profiles_can_differ_by_weekday() {
        let base = crate::scenario::DEFAULT_SCENARIO;
        let mut sunday = [0.0; 24];
        sunday[12] = 1.0;
        let rows: Vec<String> = (0..7)
            .map(|d| {
                let row: Vec<String> = if d == 6 {
                    sunday.iter().map(|w| w.to_string()).collect()
                } else {
                    (0..24)
                        .map(|h| if h == 9 { "1" } else { "0" }.to_string())
                        .collect()
                };
                format!("[{}]", row.join(", "))
            })
            .collect();
        let text = base.replacen(
            "hourly = [0, 0, 0, 0, 0, 0, 0, 2, 3, 4, 5, 6, 7, 7, 6, 6, 7, 8, 9, 8, 6, 4, 2, 1]",
            &format!("hourly_by_weekday = [{}]", rows.join(", ")),
            1,
        );
        let sc = crate::scenario::load_str(&text, "t", std::path::Path::new(".")).unwrap();
        let segs = &sc.stores[0].shoppers.arrivals.segments;
        for (s, e, _) in segs {
            let day = (s / MINUTES_PER_DAY).floor();
            let hour = ((s - day * MINUTES_PER_DAY) / 60.0).floor();
            assert_eq!(hour, if day == 6.0 { 12.0 } else { 9.0 });
            assert!(e - s <= 60.0);
        }
        let both = text.replacen(
            "per_day = 1600",
            "per_day = 1600\nhourly = [1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1]",
            1,
        );
        let err = crate::scenario::load_str(&both, "t", std::path::Path::new(".")).unwrap_err();
        assert!(err.to_string().contains("not both"), "{err}");
    }

    #[test]
    fn code_defaults_equal_the_documented_default_scenario() {
        // A scenario that names only its stores' staff must resolve to the same model as
        // default.toml, which spells every value out: the manual documents one set of
        // defaults, and this keeps the code and the file from drifting apart.
        let full = crate::scenario::DEFAULT_SCENARIO;
        let staff = &full[full.find("[[stores.staff]]").unwrap()..];
        let minimal =
            format!("[scenario]\nname = \"default\"\n\n[[stores]]\nname = \"midtown\"\n\n{staff}");
        let dir = std::path::Path::new(".");
        let a = crate::scenario::load_str(full, "full", dir).unwrap();
        let b = crate::scenario::load_str(&minimal, "minimal", dir).unwrap();
        let (sa, sb) = (&a.stores[0], &b.stores[0]);
        let parts = |x: &Scenario, st: &StoreSpec| {
            vec![
                format!("{:?}", st.shoppers),
                format!("{:?}", st.online),
                format!("{:?}", st.returns),
                format!("{:?}", st.inventory),
                format!("{:?}", st.replenishment),
                format!("{:?}", st.sla),
                format!(
                    "{:?}",
                    (
                        st.open,
                        st.close,
                        st.checkout_lanes,
                        st.self_checkout,
                        st.pickup_desks
                    )
                ),
                format!("{:?}", st.task_switch_time),
                format!(
                    "{:?}",
                    (&x.fragmented, &x.unified, &x.training, &x.satisfaction)
                ),
                format!(
                    "{:?}",
                    (&x.catalogue, &x.policies, x.days, x.warmup_days, x.seed)
                ),
                format!("{:?}", x.replications),
            ]
        };
        for (pa, pb) in parts(&a, sa).iter().zip(parts(&b, sb)) {
            assert_eq!(pa, &pb);
        }
    }
}
