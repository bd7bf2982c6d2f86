//! `[stores.returns]`: return rates, delays and processing.

use super::super::checker::Checker;
use super::super::defaults::returns as default;
use crate::scenario::dist::Quantity;
use crate::scenario::model::*;
use crate::scenario::raw::*;

pub(super) fn returns(c: &mut Checker<'_>, p: &str, r: &RawStore) -> ReturnsSpec {
    let rt = r.returns.as_ref();
    let rp = format!("{p}.returns");
    ReturnsSpec {
        online_return_rate: c.prob(
            &format!("{rp}.online_return_rate"),
            rt.and_then(|r| r.online_return_rate),
            default::ONLINE_RETURN_RATE,
        ),
        store_return_rate: c.prob(
            &format!("{rp}.store_return_rate"),
            rt.and_then(|r| r.store_return_rate),
            default::STORE_RETURN_RATE,
        ),
        return_delay: c.dist(
            &format!("{rp}.return_delay"),
            rt.and_then(|r| r.return_delay.as_ref()),
            default::RETURN_DELAY,
            Quantity::Duration,
        ),
        process_time: c.dist(
            &format!("{rp}.process_time"),
            rt.and_then(|r| r.process_time.as_ref()),
            default::PROCESS_TIME,
            Quantity::Duration,
        ),
        resaleable_share: c.prob(
            &format!("{rp}.resaleable_share"),
            rt.and_then(|r| r.resaleable_share),
            default::RESALEABLE_SHARE,
        ),
    }
}
