//! Communication that causes errors when it fails (the communication lever). Besides
//! delaying task notices (`staff.rs`), the policy's channel carries three messages that can
//! fail, each decided by a draw made when the order arrives (stream `online.comms_fate`: two
//! draws per order, then one per line, whether accepted or not), so every policy sees the
//! same draws and only the channel's failure probability differs:
//!
//! - **Arrival notice** (`arrival_notice_miss`): a BOPIS customer's check-in does not reach
//!   the pickup desk team on the first visit. The desk team then sees the customer only
//!   `reraise_after` later (the customer asks again); the customer may give up first.
//! - **Substitution approval** (`approval_failure`): under `not_found = "substitute"`, the
//!   approval request for a line not found fails; the picker decides alone, substitutes if
//!   the substitute is in stock, else drops the line. Either way the order is inaccurate.
//! - **Order edit** (`order_change_probability` of the store's orders; `change_miss`): the
//!   customer changes an item before the pick and the edit does not reach the picker, who
//!   picks the old item: a wrong item, so the order is inaccurate.

use crate::engine::{Minutes, RandomStream};
use crate::scenario::{ChannelSpec, OnlineSpec};
use crate::sim::world::*;
use rand::RngExt;

/// An order's communication fate, drawn at arrival: (first arrival unnoticed, edit missed).
pub(crate) fn order_comms_fate(
    channel: &ChannelSpec,
    spec: &OnlineSpec,
    rng: &mut RandomStream,
) -> (bool, bool) {
    let (u_notice, u_change): (f64, f64) = (rng.random(), rng.random());
    let unnoticed = u_notice < channel.arrival_notice_miss;
    // One draw decides both whether the customer edits the order and whether the edit is
    // lost: edited when u < p, and lost when u < p × change_miss, so a better channel loses
    // a subset of the same edits.
    let p = spec.order_change_probability;
    let change_missed = u_change < p * channel.change_miss;
    (unnoticed, change_missed)
}

/// Whether the approval request for a line not found fails on the channel.
#[inline]
pub(crate) fn approval_fails(channel: &ChannelSpec, line: &OrderLine) -> bool {
    line.u_approval < channel.approval_failure
}

impl World<'_> {
    /// Raises the hand-over task of a BOPIS customer who just reached the desk: at once to
    /// the desk team, unless the customer's first arrival notice failed, in which case the
    /// desk team notices only `reraise_after` later.
    pub(crate) fn raise_pickup(&mut self, s: usize, order: u32, task: u32, now: Minutes) {
        let st = &mut self.stores[s];
        let o = &mut st.orders[order as usize];
        let unnoticed = std::mem::take(&mut o.unnoticed);
        if o.counted {
            st.stats.lever.desk_visits += 1;
            st.stats.lever.desk_unnoticed += u64::from(unnoticed);
        }
        let delay: Option<Minutes> = unnoticed.then_some(self.channel.reraise_after);
        self.raise_with(s, task, now, delay);
    }
}
