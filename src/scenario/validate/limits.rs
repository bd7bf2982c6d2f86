//! Limits on what a scenario may ask for: beyond them a run would exhaust memory or time, or a
//! sum would overflow. Each says why it sits where it does.

use crate::engine::{MINUTES_PER_DAY, Minutes};

/// Largest total simulated time accepted, warm-up included \[d\]: beyond this a run is surely a
/// typo.
/// Most simulated days in one replication (warm-up included).
pub const MAX_DAYS: i64 = 3_660;
/// Largest expected arrivals per day per store: beyond this memory and time explode.
pub(super) const MAX_ARRIVALS_PER_DAY: f64 = 1.0e6;
/// Largest expected shoppers plus orders (plus cycle counts and shifts, each a comparable
/// piece of work) over a whole replication, all stores: about an hour of computing per
/// replication, and orders are kept in memory.
pub(super) const MAX_ARRIVALS_PER_RUN: f64 = 2.0e8;
/// Smallest expected arrivals per day (weekly mean) when not zero: the next arrival is drawn
/// by walking the weekly rate profile until its mass covers an exponential draw, so a
/// vanishing rate (say 1e-300 a day) means walking for practically ever.
pub(super) const MIN_ARRIVALS_PER_DAY: f64 = 1.0e-3;
/// Largest expected basket items plus order lines over a whole replication, all stores: each
/// is drawn and handled one by one.
pub(super) const MAX_ITEMS_PER_RUN: f64 = 2.0e9;
/// Largest duration accepted anywhere, for a plain duration and for the mean, spread or
/// largest value of a distribution \[min\]: 100,000 days. Longer is surely a typo, and bounded
/// times keep every sum of times (busy minutes, waits) finite.
pub(super) const MAX_DURATION: Minutes = 100_000.0 * MINUTES_PER_DAY;
/// Largest plain number accepted (wages, prices, penalties, days of stock, ...): beyond this
/// sums of money or scores could overflow to infinity.
pub(super) const MAX_NUMBER: f64 = 1.0e9;
/// Largest mean, spread or largest value of `basket_items`, `lines` and `units_per_line`:
/// each item is drawn and handled one by one, and stock is counted in 32-bit integers.
pub(super) const MAX_ITEMS: f64 = 10_000.0;
/// Smallest proficiency, and smallest `start_proficiency` share: a task takes work /
/// proficiency, so a vanishing proficiency makes infinite task times.
pub(super) const MIN_PROFICIENCY: f64 = 0.01;
/// Largest `training.annual_turnover` (slots replaced per year): each departure is one event
/// and one draw per employee, so the rate is bounded; 10 is far above any retail figure.
pub(super) const MAX_TURNOVER: f64 = 10.0;
/// Shortest batch sync interval \[min\] (0 means real time): every sync copies the whole stock
/// record, so a tiny interval never lets the clock move on.
pub(super) const MIN_SYNC_INTERVAL: Minutes = 1.0;
/// Largest order-up-to (or reorder) level of one SKU in one store \[units\]: stock is counted in
/// 32-bit integers.
pub(super) const MAX_STOCK_LEVEL: f64 = 1.0e9;
/// Largest number of employees over all stores (each is a record of about a hundred bytes,
/// with a shift to schedule every day).
pub(super) const MAX_EMPLOYEES: f64 = 1.0e6;
/// Largest number of stores (store ids are 16-bit in events).
pub(super) const MAX_STORES: usize = 10_000;
/// Largest stores x SKUs: each (store, SKU) pair holds about fifty bytes of stock counters,
/// and every store scans its SKUs several times a day.
pub(super) const MAX_STOCK_CELLS: f64 = 2.0e7;
