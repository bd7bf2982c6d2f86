//! Counts behind the KPIs of the training, communication and service mechanisms
//! (`training.rs`, `comms.rs`, `service.rs`), kept apart from the other store counts.

/// Counts accumulated over the measured period of one store (or merged over stores).
#[derive(Clone, Debug, Default)]
pub struct LeverStats {
    /// cross-training cost charged to the measured period [currency]: the roster's initial
    /// cross-training prorated (days / 365) plus the retraining of each cross-trained hire
    pub training_cost: f64,
    /// minutes spent in training blocks, off the floor, in measured shifts [min]
    pub training_minutes: f64,
    /// employee slots replaced by a new hire in the measured period
    pub hires: u64,
    /// BOPIS customer visits to the desk
    pub desk_visits: u64,
    /// of which the desk team was not told of (the arrival notice failed)
    pub desk_unnoticed: u64,
    /// orders handed over with a line substituted or dropped without approval
    pub orders_unapproved: u64,
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
    }
}
