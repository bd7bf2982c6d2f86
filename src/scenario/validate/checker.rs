//! The checker: reads one raw value at a time, applies its default, converts units and
//! records a problem (with the value's path) instead of stopping at the first.

use super::defaults::demand;
use super::limits::*;
use crate::engine::{MINUTES_PER_DAY, MINUTES_PER_HOUR, Minutes};
use crate::scenario::dist::{Dist, Quantity, parse_dist};
use crate::scenario::error::Issues;
use crate::scenario::model::*;
use crate::scenario::units::{parse_clock, parse_duration, parse_weekday};
use toml::Value;

/// A number for a message: plain when moderate, in scientific notation when tiny or huge
/// (`1e-300`, not three hundred zeros).
pub(super) fn shown(x: f64) -> String {
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

pub(super) struct Checker<'a> {
    pub(super) issues: Issues<'a>,
}

impl<'a> Checker<'a> {
    /// Reads a demand block (per_day, hourly or hourly_by_weekday, weekday) into a weekly
    /// arrival profile; `open` limits arrivals to opening hours.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn demand(
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
        let weekday = self.weights(&format!("{path}.weekday"), weekday, demand::WEEKDAY);
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

    pub(super) fn err(&mut self, path: impl Into<String>, msg: impl Into<String>) {
        self.issues.push(path, msg);
    }

    pub(super) fn prob(&mut self, path: &str, v: Option<f64>, default: f64) -> f64 {
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

    pub(super) fn non_negative(&mut self, path: &str, v: Option<f64>, default: f64) -> f64 {
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

    pub(super) fn positive(&mut self, path: &str, v: Option<f64>, default: f64) -> f64 {
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

    pub(super) fn count(
        &mut self,
        path: &str,
        v: Option<i64>,
        default: u32,
        min: u32,
        max: u32,
    ) -> u32 {
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

    pub(super) fn dist(
        &mut self,
        path: &str,
        v: Option<&Value>,
        default: Dist,
        q: Quantity,
    ) -> Dist {
        let limit = match q {
            Quantity::Duration => MAX_DURATION,
            Quantity::Number => MAX_NUMBER,
        };
        self.dist_up_to(path, v, default, q, limit)
    }

    /// A distribution whose mean, spread and largest value are at most `limit`.
    pub(super) fn dist_up_to(
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

    pub(super) fn duration(&mut self, path: &str, v: Option<&Value>, default: Minutes) -> Minutes {
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

    pub(super) fn clock(&mut self, path: &str, v: Option<&String>, default: Minutes) -> Minutes {
        match v {
            None => default,
            Some(s) => parse_clock(s).unwrap_or_else(|e| {
                self.err(path, e);
                default
            }),
        }
    }

    pub(super) fn weekdays(&mut self, path: &str, v: Option<&Vec<String>>) -> [bool; 7] {
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

    pub(super) fn weights<const N: usize>(
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
/// `per_day * weekday\[d\]`, spread over hours in proportion to `hourly\[d\]`, only while `open`
/// (`None` = all day).
pub(super) fn arrival_profile(
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
