//! `[[stores]]`: one store, section by section.

mod inventory;
mod online;
mod replenishment;
mod returns;
mod shoppers;
mod staff;

use super::checker::Checker;
use super::defaults::store as default;
use super::policies::plain_name;
use crate::scenario::dist::Quantity;
use crate::scenario::model::*;
use crate::scenario::raw::*;

/// Reads store `i`.
pub(super) fn store(c: &mut Checker<'_>, i: usize, r: &RawStore) -> StoreSpec {
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
    let open = c.clock(&format!("{p}.open"), r.open.as_ref(), default::OPEN);
    let close = c.clock(&format!("{p}.close"), r.close.as_ref(), default::CLOSE);
    if close <= open {
        c.err(
            format!("{p}.close"),
            "the store must close after it opens on the same day",
        );
    }
    let window = Some((open, close.max(open + 1.0)));

    let shoppers = shoppers::shoppers(c, &p, r, window);
    let online = online::online(c, &p, r);
    let returns = returns::returns(c, &p, r);
    let inventory = inventory::inventory(c, &p, r);
    let replenishment = replenishment::replenishment(c, &p, r);
    let sla = SlaSpec {
        customer: c.duration(
            &format!("{p}.sla.customer"),
            r.sla.as_ref().and_then(|s| s.customer.as_ref()),
            default::SLA_CUSTOMER,
        ),
        stock: c.duration(
            &format!("{p}.sla.stock"),
            r.sla.as_ref().and_then(|s| s.stock.as_ref()),
            default::SLA_STOCK,
        ),
    };

    let staff = staff::staff(c, &p, r, open, close);
    StoreSpec {
        name,
        open,
        close,
        checkout_lanes: c.count(
            &format!("{p}.checkout_lanes"),
            r.checkout_lanes,
            default::CHECKOUT_LANES,
            0,
            10_000,
        ),
        self_checkout: c.count(
            &format!("{p}.self_checkout"),
            r.self_checkout,
            default::SELF_CHECKOUT,
            0,
            10_000,
        ),
        pickup_desks: c.count(
            &format!("{p}.pickup_desks"),
            r.pickup_desks,
            default::PICKUP_DESKS,
            0,
            10_000,
        ),
        task_switch_time: c.dist(
            &format!("{p}.task_switch_time"),
            r.task_switch_time.as_ref(),
            default::TASK_SWITCH_TIME,
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
