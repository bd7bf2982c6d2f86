//! Counts behind the KPIs of the training, communication and service mechanisms
//! (`training.rs`, `comms.rs`, `service.rs`), kept apart from the other store counts.

/// Counts accumulated over the measured period of one store (or merged over stores).
#[derive(Clone, Debug, Default)]
pub struct LeverStats {
    /// cross-training cost charged to the measured period \[currency\]: the roster's initial
    /// cross-training prorated (days / 365) plus the retraining of each cross-trained hire
    pub training_cost: f64,
    /// minutes spent in training blocks, off the floor, in measured shifts \[min\]
    pub training_minutes: f64,
    /// employee slots replaced by a new hire in the measured period
    pub hires: u64,
    /// BOPIS customer visits to the desk
    pub desk_visits: u64,
    /// of which the desk team was not told of (the arrival notice failed)
    pub desk_unnoticed: u64,
    /// orders handed over with a line substituted or dropped without approval
    pub orders_unapproved: u64,
    /// help requests answered in time or abandoned
    pub assist_requests: u64,
    /// of which abandoned (nobody came within the shopper's patience)
    pub assist_abandoned: u64,
    /// value of items put in baskets because help came in time \[currency\]
    pub assist_sales: f64,
}

impl LeverStats {
    /// Adds another store's counts into this one.
    pub fn merge(&mut self, o: &LeverStats) {
        self.training_cost += o.training_cost;
        self.training_minutes += o.training_minutes;
        self.hires += o.hires;
        self.desk_visits += o.desk_visits;
        self.desk_unnoticed += o.desk_unnoticed;
        self.orders_unapproved += o.orders_unapproved;
        self.assist_requests += o.assist_requests;
        self.assist_abandoned += o.assist_abandoned;
        self.assist_sales += o.assist_sales;
    }
}
