//! `[satisfaction]`: how waits and failures lower a customer's score.

use super::checker::Checker;
use super::defaults::satisfaction as default;
use crate::scenario::model::SatisfactionSpec;
use crate::scenario::raw::RawSatisfaction;

/// Reads `[satisfaction]`.
pub(super) fn satisfaction(c: &mut Checker<'_>, sat: RawSatisfaction) -> SatisfactionSpec {
    SatisfactionSpec {
        base_score: match sat.base_score {
            Some(x) if !(0.0..=10.0).contains(&x) => {
                c.err(
                    "satisfaction.base_score",
                    format!("expected a score from 0 to 10, got {x}"),
                );
                default::BASE_SCORE
            }
            v => v.unwrap_or(default::BASE_SCORE),
        },
        noise_sd: c.non_negative("satisfaction.noise_sd", sat.noise_sd, default::NOISE_SD),
        wait_tolerance: c.duration(
            "satisfaction.wait_tolerance",
            sat.wait_tolerance.as_ref(),
            default::WAIT_TOLERANCE,
        ),
        penalty_per_wait_minute: c.non_negative(
            "satisfaction.penalty_per_wait_minute",
            sat.penalty_per_wait_minute,
            default::PENALTY_PER_WAIT_MINUTE,
        ),
        penalty_per_missing_item: c.non_negative(
            "satisfaction.penalty_per_missing_item",
            sat.penalty_per_missing_item,
            default::PENALTY_PER_MISSING_ITEM,
        ),
        penalty_assist_abandoned: c.non_negative(
            "satisfaction.penalty_assist_abandoned",
            sat.penalty_assist_abandoned,
            default::PENALTY_ASSIST_ABANDONED,
        ),
        penalty_balked: c.non_negative(
            "satisfaction.penalty_balked",
            sat.penalty_balked,
            default::PENALTY_BALKED,
        ),
        penalty_reneged: c.non_negative(
            "satisfaction.penalty_reneged",
            sat.penalty_reneged,
            default::PENALTY_RENEGED,
        ),
        penalty_late_order: c.non_negative(
            "satisfaction.penalty_late_order",
            sat.penalty_late_order,
            default::PENALTY_LATE_ORDER,
        ),
        penalty_inaccurate_order: c.non_negative(
            "satisfaction.penalty_inaccurate_order",
            sat.penalty_inaccurate_order,
            default::PENALTY_INACCURATE_ORDER,
        ),
        penalty_cancelled_order: c.non_negative(
            "satisfaction.penalty_cancelled_order",
            sat.penalty_cancelled_order,
            default::PENALTY_CANCELLED_ORDER,
        ),
    }
}
