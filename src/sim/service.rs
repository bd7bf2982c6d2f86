//! Service that sells. A shopper who asks for help (`assist_probability`) is looking for
//! something: an item drawn by popularity when the shopper arrives. With probability
//! `assist_sale_probability` it is an item the shopper would buy, but cannot find alone.
//!
//! - **Help in time** (an employee starts the help task within `assist_patience`): the
//!   employee finds the item; if the shelf has a unit, it goes into the basket (checkout work
//!   grows by `checkout_time_per_item`) and its value counts in `assist_sales`.
//! - **Help abandoned**: the item's value is lost (`lost_sales_assist_abandoned`), and with
//!   probability `assist_walkout_probability` the shopper walks out without buying anything:
//!   the basket goes back on the shelf and its value is lost too.
//!
//! Everything is drawn at arrival from the store's `shopper.help` stream (five draws per
//! shopper who asks for help, whatever the policy): the item, whether it is a sale, whether
//! the shopper walks out, and the item's return fate (as for any item bought in store).
//! Labour thus moderates conversion: more help in time converts more shoppers, as in
//! Perdikaki, Kesavan and Swaminathan (2012).

use crate::engine::RandomStream;
use crate::scenario::StoreSpec;
use crate::sim::kpi::LostCause;
use crate::sim::sampling::AliasTable;
use crate::sim::world::*;
use rand::RngExt;

/// What a help request is about, drawn when the shopper arrives.
#[derive(Clone, Copy, Debug, Default)]
pub struct HelpFate {
    /// The item asked about.
    pub sku: u32,
    /// The shopper buys it if helped in time.
    pub sale: bool,
    /// The shopper walks out if help does not come.
    pub walkout: bool,
    /// Minutes from purchase to return; negative when the unit is kept.
    pub return_after: f32,
}

/// Draws a help-seeking shopper's fate (five draws).
pub(crate) fn draw_help_fate(
    spec: &StoreSpec,
    skus: &AliasTable,
    rng: &mut RandomStream,
) -> HelpFate {
    let sku = skus.sample(rng);
    let (u_sale, u_walkout, u_return): (f64, f64, f64) = (rng.random(), rng.random(), rng.random());
    let delay = spec.returns.return_delay.sample(rng);
    HelpFate {
        sku,
        sale: u_sale < spec.shoppers.assist_sale_probability,
        walkout: u_walkout < spec.shoppers.assist_walkout_probability,
        return_after: if u_return < spec.returns.store_return_rate {
            delay as f32
        } else {
            -1.0
        },
    }
}

impl World<'_> {
    /// Help came in time: the item asked about goes into the basket if it is a sale and on
    /// the shelf.
    pub(crate) fn help_given(&mut self, s: usize, shopper: u32) {
        let st = &mut self.stores[s];
        let per_item = st.spec.shoppers.checkout_time_per_item;
        let sh = &mut st.shoppers[shopper as usize];
        let help = sh.help;
        if sh.counted {
            st.stats.lever.assist_requests += 1;
        }
        if !help.sale {
            return;
        }
        let k = help.sku as usize;
        let price = self.price[k];
        if st.inv.shelf[k] > 0 {
            st.inv.shelf[k] -= 1;
            st.inv.in_carts[k] += 1;
            sh.items.push(CartItem {
                sku: help.sku,
                return_after: help.return_after,
            });
            sh.basket_value += price;
            sh.checkout_work += per_item;
            if sh.counted {
                st.stats.lever.assist_sales += price;
            }
        } else if sh.counted {
            // Found with help, but the shelf is empty.
            st.stats.lost[LostCause::ShelfEmpty as usize] += price;
        }
    }

    /// Help did not come: the item asked about is lost if it was a sale. Returns true when
    /// the shopper walks out.
    pub(crate) fn help_abandoned(&mut self, s: usize, shopper: u32) -> bool {
        let st = &mut self.stores[s];
        let sh = &st.shoppers[shopper as usize];
        let help = sh.help;
        if sh.counted {
            st.stats.lever.assist_requests += 1;
            st.stats.lever.assist_abandoned += 1;
            if help.sale {
                st.stats.lost[LostCause::AssistAbandoned as usize] += self.price[help.sku as usize];
            }
        }
        help.walkout
    }
}
