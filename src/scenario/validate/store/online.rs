//! `[stores.online]`: orders, promises, picking and pickup.

use super::super::checker::Checker;
use super::super::defaults::demand;
use super::super::defaults::online as default;
use super::super::limits::*;
use crate::scenario::dist::Quantity;
use crate::scenario::model::*;
use crate::scenario::raw::*;

pub(super) fn online(c: &mut Checker<'_>, p: &str, r: &RawStore) -> OnlineSpec {
    let o = r.online.as_ref();
    let op = format!("{p}.online");
    let arrivals = c.demand(
        &op,
        "orders",
        o.and_then(|o| o.per_day),
        default::PER_DAY,
        o.and_then(|o| o.hourly.as_ref()),
        o.and_then(|o| o.hourly_by_weekday.as_ref()),
        o.and_then(|o| o.weekday.as_ref()),
        demand::ONLINE_HOURLY,
        None,
    );
    let not_found = match o.and_then(|o| o.not_found.as_deref()) {
        None => default::NOT_FOUND,
        Some("substitute") => NotFoundRule::Substitute,
        Some("short") => NotFoundRule::Short,
        Some("cancel") => NotFoundRule::Cancel,
        Some(other) => {
            c.err(
                format!("{op}.not_found"),
                format!("expected \"substitute\", \"short\" or \"cancel\", got \"{other}\""),
            );
            default::NOT_FOUND
        }
    };
    let bopis_promise = c.duration(
        &format!("{op}.bopis_promise"),
        o.and_then(|o| o.bopis_promise.as_ref()),
        default::BOPIS_PROMISE,
    );
    if bopis_promise <= 0.0 {
        c.err(
            format!("{op}.bopis_promise"),
            "the promise window must be positive",
        );
    }
    OnlineSpec {
        arrivals,
        lines: c.dist_up_to(
            &format!("{op}.lines"),
            o.and_then(|o| o.lines.as_ref()),
            default::LINES,
            Quantity::Number,
            MAX_ITEMS,
        ),
        units_per_line: c.dist_up_to(
            &format!("{op}.units_per_line"),
            o.and_then(|o| o.units_per_line.as_ref()),
            default::units_per_line(),
            Quantity::Number,
            MAX_ITEMS,
        ),
        bopis_share: c.prob(
            &format!("{op}.bopis_share"),
            o.and_then(|o| o.bopis_share),
            default::BOPIS_SHARE,
        ),
        bopis_promise,
        ship_cutoff: c.clock(
            &format!("{op}.ship_cutoff"),
            o.and_then(|o| o.ship_cutoff.as_ref()),
            default::SHIP_CUTOFF,
        ),
        ship_handling: c.duration(
            &format!("{op}.ship_handling"),
            o.and_then(|o| o.ship_handling.as_ref()),
            default::SHIP_HANDLING,
        ),
        pick_time_per_order: c.dist(
            &format!("{op}.pick_time_per_order"),
            o.and_then(|o| o.pick_time_per_order.as_ref()),
            default::PICK_TIME_PER_ORDER,
            Quantity::Duration,
        ),
        pick_time_per_line: c.dist(
            &format!("{op}.pick_time_per_line"),
            o.and_then(|o| o.pick_time_per_line.as_ref()),
            default::PICK_TIME_PER_LINE,
            Quantity::Duration,
        ),
        stage_time: c.dist(
            &format!("{op}.stage_time"),
            o.and_then(|o| o.stage_time.as_ref()),
            default::STAGE_TIME,
            Quantity::Duration,
        ),
        pack_time: c.dist(
            &format!("{op}.pack_time"),
            o.and_then(|o| o.pack_time.as_ref()),
            default::PACK_TIME,
            Quantity::Duration,
        ),
        pickup_delay: c.dist(
            &format!("{op}.pickup_delay"),
            o.and_then(|o| o.pickup_delay.as_ref()),
            default::pickup_delay(),
            Quantity::Duration,
        ),
        pickup_patience: c.dist(
            &format!("{op}.pickup_patience"),
            o.and_then(|o| o.pickup_patience.as_ref()),
            default::PICKUP_PATIENCE,
            Quantity::Duration,
        ),
        pickup_service_time: c.dist(
            &format!("{op}.pickup_service_time"),
            o.and_then(|o| o.pickup_service_time.as_ref()),
            default::PICKUP_SERVICE_TIME,
            Quantity::Duration,
        ),
        no_show_probability: c.prob(
            &format!("{op}.no_show_probability"),
            o.and_then(|o| o.no_show_probability),
            default::NO_SHOW_PROBABILITY,
        ),
        hold_days: c.positive(
            &format!("{op}.hold_days"),
            o.and_then(|o| o.hold_days),
            default::HOLD_DAYS,
        ),
        not_found,
        substitution_acceptance: c.prob(
            &format!("{op}.substitution_acceptance"),
            o.and_then(|o| o.substitution_acceptance),
            default::SUBSTITUTION_ACCEPTANCE,
        ),
        pick_error_rate: c.prob(
            &format!("{op}.pick_error_rate"),
            o.and_then(|o| o.pick_error_rate),
            default::PICK_ERROR_RATE,
        ),
        pick_search_time: c.dist(
            &format!("{op}.pick_search_time"),
            o.and_then(|o| o.pick_search_time.as_ref()),
            default::PICK_SEARCH_TIME,
            Quantity::Duration,
        ),
        order_change_probability: c.prob(
            &format!("{op}.order_change_probability"),
            o.and_then(|o| o.order_change_probability),
            default::ORDER_CHANGE_PROBABILITY,
        ),
    }
}
