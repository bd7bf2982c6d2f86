//! The metrics / priorities lever as a dispatch rule: where a task stands in a team's order
//! of work. Each team keeps one queue per skill; an idle employee compares the tops of the
//! queues of the skills they hold and takes the smallest `(class, key)`, ties by arrival in
//! the queue.
//!
//! The rules, precisely:
//!
//! - `team_metrics` (the siloed preset): each team orders its own work by the numbers it is
//!   judged on. Class 0: a customer of the team standing in front of staff (checkout lane or
//!   floor help for the store team, the pickup desk for the online team). Class 1: the team's
//!   own order work (picking and packing; the online team is measured on picks per hour, so it
//!   works in order of arrival and does not reorder by promise). Class 2: back-office work
//!   (returns, put-away, counts). Class 3: the other team's tasks, which only a cross-trained
//!   employee can see, and which they take only with nothing of their own to do. Within a
//!   class: first come, first served by the time the work arose.
//! - `customer_impact` (the aligned preset): one ordering across channels and teams. Class 0:
//!   any customer standing in front of staff, first come first served (their deadline is
//!   arrival plus the customer service level). Class 1: everything else by deadline, whichever
//!   team owns it, so staff help the other channel as soon as its promises come before their
//!   own work.
//! - `team_fifo` (a deliberately poor baseline, not a preset): the oldest task of any skill the
//!   employee holds, own team's first. A cashier then processes an older return while shoppers
//!   queue at her lane; kept only to show how much a naive rule distorts a comparison.

use crate::engine::Minutes;
use crate::scenario::{Channel, DispatchRule, Skill, Team};

/// The queue position `(class, key)` of a task of `skill` posted to `team` at `posted`; it
/// arose at `created` and is due at `deadline`. Smaller comes first.
#[inline]
pub(crate) fn rank(
    rule: DispatchRule,
    skill: Skill,
    team: Team,
    posted: Minutes,
    created: Minutes,
    deadline: Minutes,
) -> (u8, Minutes) {
    let own = skill.channel().owner() == team;
    match rule {
        DispatchRule::TeamFifo => (u8::from(!own), posted),
        DispatchRule::TeamMetrics => {
            let class = if !own {
                3
            } else if skill.customer_present() {
                0
            } else if skill.channel() == Channel::Stock {
                2
            } else {
                1
            };
            (class, created)
        }
        DispatchRule::CustomerImpact => (u8::from(!skill.customer_present()), deadline),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn team_metrics_serves_customers_before_older_back_office_work() {
        let r = DispatchRule::TeamMetrics;
        let queue = rank(r, Skill::Checkout, Team::Store, 100.0, 100.0, 110.0);
        let old_return = rank(r, Skill::Returns, Team::Store, 5.0, 5.0, 725.0);
        assert!(queue < old_return);
        let desk = rank(r, Skill::PickupDesk, Team::Online, 100.0, 100.0, 110.0);
        let old_pack = rank(r, Skill::Packing, Team::Online, 5.0, 5.0, 60.0);
        assert!(desk < old_pack);
        // Own order work before the other team's, even an older one.
        let pick = rank(r, Skill::Picking, Team::Online, 100.0, 100.0, 220.0);
        let their_return = rank(r, Skill::Returns, Team::Online, 5.0, 5.0, 725.0);
        assert!(pick < their_return);
        // Own picks in order of arrival, whatever the promise.
        let early_ship = rank(r, Skill::Picking, Team::Online, 10.0, 10.0, 2000.0);
        let later_bopis = rank(r, Skill::Picking, Team::Online, 20.0, 20.0, 140.0);
        assert!(early_ship < later_bopis);
    }

    #[test]
    fn customer_impact_orders_by_deadline_across_teams() {
        let r = DispatchRule::CustomerImpact;
        let later_bopis = rank(r, Skill::Picking, Team::Store, 20.0, 20.0, 140.0);
        let early_ship = rank(r, Skill::Picking, Team::Store, 10.0, 10.0, 2000.0);
        assert!(later_bopis < early_ship);
        let own_return = rank(r, Skill::Returns, Team::Store, 5.0, 5.0, 725.0);
        assert!(later_bopis < own_return);
        let customer = rank(r, Skill::PickupDesk, Team::Store, 300.0, 300.0, 310.0);
        assert!(customer < later_bopis);
    }

    #[test]
    fn team_fifo_is_the_naive_rule() {
        let r = DispatchRule::TeamFifo;
        let queue = rank(r, Skill::Checkout, Team::Store, 100.0, 100.0, 110.0);
        let old_return = rank(r, Skill::Returns, Team::Store, 5.0, 5.0, 725.0);
        assert!(old_return < queue);
    }
}
