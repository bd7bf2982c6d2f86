//! Checks across sections: skills covered under every policy, and the size of the work.

use super::checker::Checker;
use super::limits::*;
use crate::scenario::model::*;

/// Checks that every skill a store's tasks need is held by someone under every policy.
pub(super) fn check_skill_coverage(c: &mut Checker<'_>, stores: &[StoreSpec], policies: &[Policy]) {
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
pub(super) fn check_size(
    c: &mut Checker<'_>,
    stores: &[StoreSpec],
    catalogue: &Catalogue,
    total_days: f64,
) {
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
