//! `[stores.shoppers]`: walk-in demand, baskets, checkout and patience.

use super::super::checker::Checker;
use super::super::defaults::demand;
use super::super::defaults::shoppers as default;
use super::super::limits::*;
use crate::scenario::dist::Quantity;
use crate::scenario::model::*;
use crate::scenario::raw::*;

pub(super) fn shoppers(
    c: &mut Checker<'_>,
    p: &str,
    r: &RawStore,
    window: Option<(crate::engine::Minutes, crate::engine::Minutes)>,
) -> ShopperSpec {
    let s = r.shoppers.as_ref();
    let sp = format!("{p}.shoppers");
    let arrivals = c.demand(
        &sp,
        "shoppers",
        s.and_then(|s| s.per_day),
        default::PER_DAY,
        s.and_then(|s| s.hourly.as_ref()),
        s.and_then(|s| s.hourly_by_weekday.as_ref()),
        s.and_then(|s| s.weekday.as_ref()),
        demand::SHOPPER_HOURLY,
        window,
    );
    ShopperSpec {
        arrivals,
        basket_items: c.dist_up_to(
            &format!("{sp}.basket_items"),
            s.and_then(|s| s.basket_items.as_ref()),
            default::BASKET_ITEMS,
            Quantity::Number,
            MAX_ITEMS,
        ),
        browse_time: c.dist(
            &format!("{sp}.browse_time"),
            s.and_then(|s| s.browse_time.as_ref()),
            default::BROWSE_TIME,
            Quantity::Duration,
        ),
        substitution_probability: c.prob(
            &format!("{sp}.substitution_probability"),
            s.and_then(|s| s.substitution_probability),
            default::SUBSTITUTION_PROBABILITY,
        ),
        assist_probability: c.prob(
            &format!("{sp}.assist_probability"),
            s.and_then(|s| s.assist_probability),
            default::ASSIST_PROBABILITY,
        ),
        assist_time: c.dist(
            &format!("{sp}.assist_time"),
            s.and_then(|s| s.assist_time.as_ref()),
            default::ASSIST_TIME,
            Quantity::Duration,
        ),
        assist_patience: c.dist(
            &format!("{sp}.assist_patience"),
            s.and_then(|s| s.assist_patience.as_ref()),
            default::ASSIST_PATIENCE,
            Quantity::Duration,
        ),
        checkout_time: c.dist(
            &format!("{sp}.checkout_time"),
            s.and_then(|s| s.checkout_time.as_ref()),
            default::CHECKOUT_TIME,
            Quantity::Duration,
        ),
        checkout_time_per_item: c.duration(
            &format!("{sp}.checkout_time_per_item"),
            s.and_then(|s| s.checkout_time_per_item.as_ref()),
            default::CHECKOUT_TIME_PER_ITEM,
        ),
        self_checkout_share: c.prob(
            &format!("{sp}.self_checkout_share"),
            s.and_then(|s| s.self_checkout_share),
            default::SELF_CHECKOUT_SHARE,
        ),
        self_checkout_time: c.dist(
            &format!("{sp}.self_checkout_time"),
            s.and_then(|s| s.self_checkout_time.as_ref()),
            default::SELF_CHECKOUT_TIME,
            Quantity::Duration,
        ),
        balk_queue_length: c.count(
            &format!("{sp}.balk_queue_length"),
            s.and_then(|s| s.balk_queue_length),
            default::BALK_QUEUE_LENGTH,
            0,
            1_000_000,
        ),
        balk_probability_per_extra: c.prob(
            &format!("{sp}.balk_probability_per_extra"),
            s.and_then(|s| s.balk_probability_per_extra),
            default::BALK_PROBABILITY_PER_EXTRA,
        ),
        patience: c.dist(
            &format!("{sp}.patience"),
            s.and_then(|s| s.patience.as_ref()),
            default::PATIENCE,
            Quantity::Duration,
        ),
        assist_sale_probability: c.prob(
            &format!("{sp}.assist_sale_probability"),
            s.and_then(|s| s.assist_sale_probability),
            default::ASSIST_SALE_PROBABILITY,
        ),
        assist_walkout_probability: c.prob(
            &format!("{sp}.assist_walkout_probability"),
            s.and_then(|s| s.assist_walkout_probability),
            default::ASSIST_WALKOUT_PROBABILITY,
        ),
    }
}
