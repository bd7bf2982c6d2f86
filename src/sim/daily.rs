//! The state of each store at each day's close, for warm-up analysis: recorded only when
//! asked, one small value per store and day, warm-up days included.

/// One store at one day's close.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct DayState {
    /// store index
    pub store: u16,
    /// simulated day, 0-based, warm-up days included
    pub day: u32,
    /// units physically in the store: shelf, backroom and misplaced
    pub on_hand: i64,
    /// share of SKUs whose record equals the physical stock owed to nobody
    pub record_accuracy: f64,
    /// online orders accepted and not yet in a final state
    pub open_orders: u32,
}
