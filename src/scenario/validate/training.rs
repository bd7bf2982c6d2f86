//! `[training]`: cross-training hours, ramp-up, turnover and new hires.

use super::checker::{Checker, shown};
use super::defaults::training as default;
use super::limits::{MAX_TURNOVER, MIN_PROFICIENCY};
use crate::scenario::model::TrainingSpec;
use crate::scenario::raw::RawTraining;

/// Reads `[training]`.
pub(super) fn training(c: &mut Checker<'_>, t: RawTraining) -> TrainingSpec {
    TrainingSpec {
        hours_per_employee: c.non_negative(
            "training.hours_per_employee",
            t.hours_per_employee,
            default::HOURS_PER_EMPLOYEE,
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
                default::START_PROFICIENCY
            }
            v => v.unwrap_or(default::START_PROFICIENCY),
        },
        ramp_days: c.non_negative("training.ramp_days", t.ramp_days, default::RAMP_DAYS),
        hours_per_day: match t.hours_per_day {
            Some(x) if !(x > 0.0 && x <= 24.0) => {
                c.err(
                    "training.hours_per_day",
                    format!(
                        "expected hours per shift day above 0 and at most 24, got {}",
                        shown(x)
                    ),
                );
                default::HOURS_PER_DAY
            }
            v => v.unwrap_or(default::HOURS_PER_DAY),
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
                default::ANNUAL_TURNOVER
            }
            v => v.unwrap_or(default::ANNUAL_TURNOVER),
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
                default::NEW_HIRE_PROFICIENCY
            }
            v => v.unwrap_or(default::NEW_HIRE_PROFICIENCY),
        },
        new_hire_ramp_days: c.non_negative(
            "training.new_hire_ramp_days",
            t.new_hire_ramp_days,
            default::NEW_HIRE_RAMP_DAYS,
        ),
        trainees_per_group: c.count(
            "training.trainees_per_group",
            t.trainees_per_group,
            default::TRAINEES_PER_GROUP,
            1,
            10_000,
        ),
        trained_before_start: t.trained_before_start.unwrap_or(false),
    }
}
