//! The inventory-visibility step acting through operations, each part its own policy setting:
//!
//! - item location data for pickers (`item_location`): with it a picker goes straight to the
//!   units of a line wherever they are (shelf, backroom, or misplaced on the floor, which they
//!   then find); without it a line short on the shelf costs a search of the shelf area and
//!   the backroom (`pick_search_time`), and misplaced units stay lost to the pick;
//! - shelf-gap tasks from the live view (`shelf_gap_tasks`): when a delivery arrives, the
//!   live view shows which of its SKUs have an empty shelf; their units are put away first,
//!   in tasks of their own due within the hour; without it the delivery is put away in
//!   delivery order within the stock service level, whatever is missing on the floor
//!   (`stock.rs`);
//! - RFID counts (`rfid_counts`): a slice of the catalogue is read every day, so every SKU's
//!   record is reset to what is there every `rfid_count_days`, replacing manual cycle counts,
//!   at a monthly cost per store.
//!
//! The online stock view's sync interval and safety buffer (see `orders.rs`) are the other
//! two parts.

use crate::engine::{MINUTES_PER_DAY, Minutes};
use crate::sim::world::*;

/// With shelf-gap tasks, the put-away of a delivery's units for an empty shelf is due
/// within the hour (it orders them before other work under a deadline-ordered dispatch).
pub(crate) const GAP_FILL_DEADLINE: Minutes = 60.0;

impl World<'_> {
    /// Extra minutes before picking `order`: without item location data, one search of the
    /// shelf area and the backroom per line short on the shelf.
    pub(crate) fn pick_search_time(&mut self, s: usize, order: u32) -> Minutes {
        if self.policy.item_location {
            return 0.0;
        }
        let st = &mut self.stores[s];
        let o = &st.orders[order as usize];
        let (start, count) = (o.line_start as usize, o.line_count as usize);
        let mut extra = 0.0;
        for line in &st.lines[start..start + count] {
            if st.inv.shelf[line.sku as usize] < line.qty as i32 {
                extra += st.spec.online.pick_search_time.sample(&mut st.rng.search);
            }
        }
        extra
    }

    /// With RFID counts: today's slice of the catalogue, read in one task; the store pays the
    /// day's share of the monthly cost.
    pub(crate) fn raise_rfid_count(&mut self, s: usize, now: Minutes) {
        let skus = self.price.len();
        let (slice, work, deadline) = {
            let st = &self.stores[s];
            let inv = &st.spec.inventory;
            let slice = rfid_slice_len(skus, inv.rfid_count_days);
            (
                slice,
                inv.rfid_count_time * slice as f64,
                now + st.spec.sla.stock,
            )
        };
        let day = (now / MINUTES_PER_DAY).floor() as usize;
        let start = (day * slice) % skus;
        if self.counted(now) {
            let st = &mut self.stores[s];
            st.stats.technology_cost += st.spec.inventory.rfid_cost_per_month * 12.0 / 365.0;
        }
        let task = self.new_task(s, TaskKind::RfidCount, start as u32, now, deadline, work);
        self.raise(s, task, now);
    }

    /// An RFID read of the slice starting at `start`: every SKU in it is counted.
    pub(crate) fn finish_rfid_count(&mut self, s: usize, start: u32) {
        let skus = self.price.len();
        let slice = rfid_slice_len(skus, self.stores[s].spec.inventory.rfid_count_days);
        for i in 0..slice {
            self.finish_cycle_count(s, ((start as usize + i) % skus) as u32);
        }
    }
}

/// SKUs read per day so that the whole catalogue is read every `days` days.
fn rfid_slice_len(skus: usize, days: f64) -> usize {
    ((skus as f64 / days).ceil() as usize).clamp(1, skus)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rfid_rotation_covers_the_catalogue_in_its_days() {
        assert_eq!(rfid_slice_len(2000, 7.0), 286);
        assert!(rfid_slice_len(2000, 7.0) * 7 >= 2000);
        assert_eq!(rfid_slice_len(10, 0.5), 10);
        assert_eq!(rfid_slice_len(10, 1000.0), 1);
    }
}
