//! `[stores.replenishment]`: reorder rule, lead time and put-away.

use super::super::checker::Checker;
use super::super::defaults::replenishment as default;
use crate::scenario::dist::Quantity;
use crate::scenario::model::*;
use crate::scenario::raw::*;

pub(super) fn replenishment(c: &mut Checker<'_>, p: &str, r: &RawStore) -> ReplenishmentSpec {
    let rep = r.replenishment.as_ref();
    let pp = format!("{p}.replenishment");
    let policy = match rep.and_then(|r| r.policy.as_deref()) {
        None => default::POLICY,
        Some("s_S") | Some("sS") => ReplenishmentPolicy::MinMax,
        Some("R_S") | Some("RS") => ReplenishmentPolicy::Periodic,
        Some("base_stock") => ReplenishmentPolicy::BaseStock,
        Some(other) => {
            c.err(
                format!("{pp}.policy"),
                format!("expected \"s_S\", \"R_S\" or \"base_stock\", got \"{other}\""),
            );
            default::POLICY
        }
    };
    let reorder_point_days = c.non_negative(
        &format!("{pp}.reorder_point_days"),
        rep.and_then(|r| r.reorder_point_days),
        default::REORDER_POINT_DAYS,
    );
    let order_up_to_days = c.positive(
        &format!("{pp}.order_up_to_days"),
        rep.and_then(|r| r.order_up_to_days),
        default::ORDER_UP_TO_DAYS,
    );
    if order_up_to_days <= reorder_point_days {
        c.err(
            format!("{pp}.order_up_to_days"),
            format!("must exceed reorder_point_days ({reorder_point_days})"),
        );
    }
    let order_days = match rep.and_then(|r| r.order_days.as_ref()) {
        None if policy == ReplenishmentPolicy::Periodic => default::PERIODIC_ORDER_DAYS,
        v => c.weekdays(&format!("{pp}.order_days"), v),
    };
    ReplenishmentSpec {
        policy,
        reorder_point_days,
        order_up_to_days,
        order_days,
        order_time: c.clock(
            &format!("{pp}.order_time"),
            rep.and_then(|r| r.order_time.as_ref()),
            default::ORDER_TIME,
        ),
        lead_time: c.dist(
            &format!("{pp}.lead_time"),
            rep.and_then(|r| r.lead_time.as_ref()),
            default::LEAD_TIME,
            Quantity::Duration,
        ),
        putaway_units_per_task: c.count(
            &format!("{pp}.putaway_units_per_task"),
            rep.and_then(|r| r.putaway_units_per_task),
            default::PUTAWAY_UNITS_PER_TASK,
            1,
            1_000_000,
        ),
        putaway_time_per_task: c.dist(
            &format!("{pp}.putaway_time_per_task"),
            rep.and_then(|r| r.putaway_time_per_task.as_ref()),
            default::PUTAWAY_TIME_PER_TASK,
            Quantity::Duration,
        ),
        putaway_time_per_unit: c.duration(
            &format!("{pp}.putaway_time_per_unit"),
            rep.and_then(|r| r.putaway_time_per_unit.as_ref()),
            default::PUTAWAY_TIME_PER_UNIT,
        ),
        backorders: rep
            .and_then(|r| r.backorders)
            .unwrap_or(default::BACKORDERS),
    }
}
