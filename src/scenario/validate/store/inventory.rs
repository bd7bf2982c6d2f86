//! `[stores.inventory]`: the errors that make records drift, and the counts that correct them.

use super::super::checker::{Checker, shown};
use super::super::defaults::inventory as default;
use crate::scenario::dist::Quantity;
use crate::scenario::model::*;
use crate::scenario::raw::*;

pub(super) fn inventory(c: &mut Checker<'_>, p: &str, r: &RawStore) -> InventorySpec {
    let iv = r.inventory.as_ref();
    let ip = format!("{p}.inventory");
    let inventory = InventorySpec {
        shrink_rate: c.prob(
            &format!("{ip}.shrink_rate"),
            iv.and_then(|i| i.shrink_rate),
            default::SHRINK_RATE,
        ),
        misplace_rate: c.prob(
            &format!("{ip}.misplace_rate"),
            iv.and_then(|i| i.misplace_rate),
            default::MISPLACE_RATE,
        ),
        misplace_recovery: c.prob(
            &format!("{ip}.misplace_recovery"),
            iv.and_then(|i| i.misplace_recovery),
            default::MISPLACE_RECOVERY,
        ),
        scan_error_rate: c.prob(
            &format!("{ip}.scan_error_rate"),
            iv.and_then(|i| i.scan_error_rate),
            default::SCAN_ERROR_RATE,
        ),
        cycle_counts_per_day: c.count(
            &format!("{ip}.cycle_counts_per_day"),
            iv.and_then(|i| i.cycle_counts_per_day),
            default::CYCLE_COUNTS_PER_DAY,
            0,
            1_000_000,
        ),
        cycle_count_time: c.dist(
            &format!("{ip}.cycle_count_time"),
            iv.and_then(|i| i.cycle_count_time.as_ref()),
            default::CYCLE_COUNT_TIME,
            Quantity::Duration,
        ),
        rfid_count_days: c.positive(
            &format!("{ip}.rfid_count_days"),
            iv.and_then(|i| i.rfid_count_days),
            default::RFID_COUNT_DAYS,
        ),
        rfid_count_time: c.duration(
            &format!("{ip}.rfid_count_time"),
            iv.and_then(|i| i.rfid_count_time.as_ref()),
            default::RFID_COUNT_TIME,
        ),
        rfid_cost_per_month: c.non_negative(
            &format!("{ip}.rfid_cost_per_month"),
            iv.and_then(|i| i.rfid_cost_per_month),
            default::RFID_COST_PER_MONTH,
        ),
        start_counted: iv
            .and_then(|i| i.start_counted)
            .unwrap_or(default::START_COUNTED),
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

    inventory
}
