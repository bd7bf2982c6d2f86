//! Every default value of the scenario file, in one place, grouped by the file's sections.
//! A key left out of a scenario takes the value here; `scenarios/default.toml` writes the same
//! values out (a test checks that the two agree). Times are in minutes unless named otherwise.

use crate::engine::Minutes;
use crate::scenario::dist::Dist;
use crate::scenario::model::{
    ChannelSpec, CommunicationMode, DispatchRule, NotFoundRule, Policy, ReplenishmentPolicy,
};

const fn tri(min: f64, mode: f64, max: f64) -> Dist {
    Dist::Triangular { min, mode, max }
}

/// `[scenario]`
pub mod header {
    /// Measured days per replication.
    pub const DAYS: i64 = 28;
    /// Days simulated before measuring.
    pub const WARMUP_DAYS: i64 = 7;
    /// Master seed.
    pub const SEED: u64 = 20_261_127;
    /// Replications per policy.
    pub const REPLICATIONS: u32 = 50;
}

/// `[catalogue]`
pub mod catalogue {
    use super::Dist;
    /// SKUs of a generated catalogue.
    pub const SKUS: u32 = 2000;
    /// Zipf exponent of SKU popularity.
    pub const ZIPF_EXPONENT: f64 = 0.9;
    /// Gross margin rate of a SKU with none of its own: supermarkets run at about 22-30% of
    /// sales (public grocery chains about 22%, the US Census retail trade survey about 28% for
    /// food and beverage stores).
    pub const GROSS_MARGIN: f64 = 0.28;
    /// Unit prices: lognormal, mean 3.60, standard deviation 4.50.
    pub fn price() -> Dist {
        Dist::lognormal(3.6, 4.5)
    }
}

/// `[[policies]]`: the two presets a policy starts from.
pub mod policies {
    use super::*;

    /// The preset of this name, if there is one.
    pub fn preset(name: &str) -> Option<Policy> {
        match name {
            "siloed" => Some(siloed()),
            "aligned" => Some(aligned()),
            _ => None,
        }
    }

    /// Two teams each run by its own numbers.
    pub fn siloed() -> Policy {
        Policy {
            name: "siloed".into(),
            description: "batch inventory sync every 4 h with a safety buffer, no cross-training, \
                          per-team channels, each team orders its own work by its own metrics \
                          (its customers present first)"
                .into(),
            sync_interval: 240.0,
            safety_buffer: 2,
            cross_training_share: 0.0,
            communication: CommunicationMode::Fragmented,
            dispatch: DispatchRule::TeamMetrics,
            item_location: false,
            shelf_gap_tasks: false,
            rfid_counts: false,
        }
    }

    /// One team with every step taken.
    pub fn aligned() -> Policy {
        Policy {
            name: "aligned".into(),
            description: "real-time inventory visibility (live stock view, item locations for \
                          pickers, shelf-gap tasks, RFID counts), every employee cross-trained, \
                          one unified task tool, one queue ordered by customer impact"
                .into(),
            sync_interval: 0.0,
            safety_buffer: 0,
            cross_training_share: 1.0,
            communication: CommunicationMode::Unified,
            dispatch: DispatchRule::CustomerImpact,
            item_location: true,
            shelf_gap_tasks: true,
            rfid_counts: true,
        }
    }
}

/// `[communication.*]`
pub mod communication {
    use super::*;

    /// Per-team channels: messages, calls, walking over.
    pub fn fragmented() -> ChannelSpec {
        ChannelSpec {
            latency: Dist::Exponential { mean: 8.0 },
            miss_probability: 0.15,
            reraise_after: 30.0,
            handoff_delay: tri(5.0, 15.0, 40.0),
            arrival_notice_miss: 0.10,
            approval_failure: 0.29,
            change_miss: 0.20,
        }
    }

    /// One task tool for everybody.
    pub fn unified() -> ChannelSpec {
        ChannelSpec {
            latency: Dist::Exponential { mean: 0.5 },
            miss_probability: 0.01,
            reraise_after: 5.0,
            handoff_delay: Dist::fixed(0.0),
            arrival_notice_miss: 0.02,
            approval_failure: 0.05,
            change_miss: 0.02,
        }
    }
}

/// `[training]`
pub mod training {
    /// Hours of cross-training per employee.
    pub const HOURS_PER_EMPLOYEE: f64 = 16.0;
    /// Proficiency share on a newly learnt skill.
    pub const START_PROFICIENCY: f64 = 0.6;
    /// Days to full proficiency on a newly learnt skill.
    pub const RAMP_DAYS: f64 = 21.0;
    /// Training hours per shift day.
    pub const HOURS_PER_DAY: f64 = 4.0;
    /// Slots replaced per year.
    pub const ANNUAL_TURNOVER: f64 = 0.6;
    /// A new hire's proficiency share.
    pub const NEW_HIRE_PROFICIENCY: f64 = 0.7;
    /// Days for a new hire to reach full proficiency.
    pub const NEW_HIRE_RAMP_DAYS: f64 = 30.0;
    /// Trainees of one group off the floor at a time.
    pub const TRAINEES_PER_GROUP: u32 = 1;
}

/// `[satisfaction]`: scores out of 10 and penalties in points.
pub mod satisfaction {
    /// Score of a visit with nothing wrong.
    pub const BASE_SCORE: f64 = 8.5;
    /// Standard deviation of a score's noise.
    pub const NOISE_SD: f64 = 1.2;
    /// Wait without penalty \[min\].
    pub const WAIT_TOLERANCE: f64 = 4.0;
    /// Per minute waited beyond the tolerance.
    pub const PENALTY_PER_WAIT_MINUTE: f64 = 0.3;
    /// Per item not found.
    pub const PENALTY_PER_MISSING_ITEM: f64 = 0.7;
    /// Help asked for and never given.
    pub const PENALTY_ASSIST_ABANDONED: f64 = 2.0;
    /// Left at the sight of the queue.
    pub const PENALTY_BALKED: f64 = 4.0;
    /// Left the queue.
    pub const PENALTY_RENEGED: f64 = 5.0;
    /// Order ready after its promise.
    pub const PENALTY_LATE_ORDER: f64 = 2.5;
    /// Order with a wrong or missing item.
    pub const PENALTY_INACCURATE_ORDER: f64 = 3.5;
    /// Order cancelled.
    pub const PENALTY_CANCELLED_ORDER: f64 = 5.0;
}

/// `[[stores]]`: the store itself.
pub mod store {
    use super::*;
    /// Opening time [min after midnight]: 08:00.
    pub const OPEN: Minutes = 480.0;
    /// Closing time: 22:00.
    pub const CLOSE: Minutes = 1320.0;
    /// Staffed checkout lanes.
    pub const CHECKOUT_LANES: u32 = 6;
    /// Self-checkout machines.
    pub const SELF_CHECKOUT: u32 = 4;
    /// Pickup desks.
    pub const PICKUP_DESKS: u32 = 1;
    /// Time lost switching between tasks.
    pub const TASK_SWITCH_TIME: Dist = Dist::Uniform { min: 0.5, max: 2.0 };
    /// `[stores.sla]` customer-facing tasks' due time.
    pub const SLA_CUSTOMER: Minutes = 10.0;
    /// `[stores.sla]` stock tasks' due time.
    pub const SLA_STOCK: Minutes = 720.0;
}

/// Hour-of-day weights and weekday factors of demand.
pub mod demand {
    /// Shape of shopper arrivals by hour of day (relative weights; closed hours get 0).
    pub const SHOPPER_HOURLY: [f64; 24] = [
        0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 7.0, 6.0, 6.0, 7.0, 8.0,
        9.0, 8.0, 6.0, 4.0, 2.0, 1.0,
    ];
    /// Shape of online orders by hour of day.
    pub const ONLINE_HOURLY: [f64; 24] = [
        1.0, 0.5, 0.3, 0.3, 0.3, 0.5, 1.0, 2.0, 3.0, 4.0, 4.0, 5.0, 5.0, 5.0, 5.0, 5.0, 5.0, 6.0,
        7.0, 8.0, 8.0, 7.0, 5.0, 3.0,
    ];
    /// Weekday multipliers, Monday first (mean 1).
    pub const WEEKDAY: [f64; 7] = [0.9, 0.9, 0.95, 1.0, 1.1, 1.3, 0.85];
}

/// `[stores.shoppers]`
pub mod shoppers {
    use super::*;
    /// Shoppers a day (weekly mean).
    pub const PER_DAY: f64 = 1600.0;
    /// Items a shopper wants.
    pub const BASKET_ITEMS: Dist = Dist::Gamma {
        shape: 2.0,
        scale: 2.5,
    };
    /// Time on the floor before the checkout.
    pub const BROWSE_TIME: Dist = tri(5.0, 15.0, 40.0);
    /// Takes another SKU when one is missing.
    pub const SUBSTITUTION_PROBABILITY: f64 = 0.3;
    /// Asks for help on the floor.
    pub const ASSIST_PROBABILITY: f64 = 0.1;
    /// Duration of the help.
    pub const ASSIST_TIME: Dist = tri(1.0, 3.0, 8.0);
    /// Wait for help before giving up.
    pub const ASSIST_PATIENCE: Dist = Dist::Uniform {
        min: 3.0,
        max: 10.0,
    };
    /// Staffed checkout, per basket.
    pub const CHECKOUT_TIME: Dist = tri(0.5, 40.0 / 60.0, 70.0 / 60.0);
    /// Staffed checkout, per item.
    pub const CHECKOUT_TIME_PER_ITEM: Minutes = 0.05;
    /// Share of shoppers who use self-checkout when it exists.
    pub const SELF_CHECKOUT_SHARE: f64 = 0.35;
    /// Self-checkout, per basket.
    pub const SELF_CHECKOUT_TIME: Dist = tri(1.5, 3.0, 6.0);
    /// Queue length beyond which shoppers may balk.
    pub const BALK_QUEUE_LENGTH: u32 = 5;
    /// Balking probability per shopper beyond that length.
    pub const BALK_PROBABILITY_PER_EXTRA: f64 = 0.1;
    /// Wait in the checkout queue before leaving it.
    pub const PATIENCE: Dist = tri(4.0, 10.0, 20.0);
    /// Help given in time sells the item.
    pub const ASSIST_SALE_PROBABILITY: f64 = 0.5;
    /// Help abandoned loses the whole basket.
    pub const ASSIST_WALKOUT_PROBABILITY: f64 = 0.2;
}

/// `[stores.online]`
pub mod online {
    use super::*;
    /// Orders a day (weekly mean).
    pub const PER_DAY: f64 = 150.0;
    /// Lines per order.
    pub const LINES: Dist = Dist::Gamma {
        shape: 3.0,
        scale: 1.0,
    };
    /// Units per line: 1 (80%), 2 (15%), 3 (5%).
    pub fn units_per_line() -> Dist {
        Dist::empirical(vec![1.0, 2.0, 3.0], &[80.0, 15.0, 5.0])
    }
    /// Share of orders picked up in store.
    pub const BOPIS_SHARE: f64 = 0.45;
    /// BOPIS promise window.
    pub const BOPIS_PROMISE: Minutes = 120.0;
    /// Ship-from-store cut-off [min after midnight]: 16:00.
    pub const SHIP_CUTOFF: Minutes = 960.0;
    /// Carrier handling before the cut-off.
    pub const SHIP_HANDLING: Minutes = 120.0;
    /// Picking, per order.
    pub const PICK_TIME_PER_ORDER: Dist = tri(1.0, 1.5, 3.0);
    /// Picking, per line.
    pub const PICK_TIME_PER_LINE: Dist = tri(0.5, 0.75, 1.5);
    /// Staging a BOPIS order.
    pub const STAGE_TIME: Dist = tri(0.5, 1.0, 2.0);
    /// Packing a shipped order.
    pub const PACK_TIME: Dist = tri(2.0, 4.0, 8.0);
    /// From ready to the customer's arrival: lognormal, mean 4 h, sd 3 h.
    pub fn pickup_delay() -> Dist {
        Dist::lognormal(240.0, 180.0)
    }
    /// Wait at the pickup desk before leaving.
    pub const PICKUP_PATIENCE: Dist = tri(5.0, 15.0, 30.0);
    /// Handing an order over.
    pub const PICKUP_SERVICE_TIME: Dist = tri(1.0, 3.0, 6.0);
    /// Never collects.
    pub const NO_SHOW_PROBABILITY: f64 = 0.03;
    /// Days an uncollected order is held.
    pub const HOLD_DAYS: f64 = 5.0;
    /// What a picker does with a line not found.
    pub const NOT_FOUND: NotFoundRule = NotFoundRule::Substitute;
    /// The customer accepts a substitute.
    pub const SUBSTITUTION_ACCEPTANCE: f64 = 0.6;
    /// Wrong item picked, per line.
    pub const PICK_ERROR_RATE: f64 = 0.01;
    /// Searching for a line short on the shelf without item locations.
    pub const PICK_SEARCH_TIME: Dist = tri(2.0, 4.0, 8.0);
    /// The customer edits an order after placing it.
    pub const ORDER_CHANGE_PROBABILITY: f64 = 0.05;
}

/// `[stores.returns]`
pub mod returns {
    use super::*;
    /// Online units returned.
    pub const ONLINE_RETURN_RATE: f64 = 0.176;
    /// In-store units returned.
    pub const STORE_RETURN_RATE: f64 = 0.10;
    /// From sale to return: 1 to 14 days, mode 4.
    pub const RETURN_DELAY: Dist = tri(1440.0, 5760.0, 20160.0);
    /// Processing one return.
    pub const PROCESS_TIME: Dist = tri(0.5, 1.0, 2.0);
    /// Returned units fit to sell again.
    pub const RESALEABLE_SHARE: f64 = 0.85;
}

/// `[stores.inventory]`
pub mod inventory {
    use super::*;
    /// Units lost unrecorded a day, per unit on hand.
    pub const SHRINK_RATE: f64 = 0.0015;
    /// Units misplaced a day, per unit on hand.
    pub const MISPLACE_RATE: f64 = 0.004;
    /// Misplaced units found again a day.
    pub const MISPLACE_RECOVERY: f64 = 0.25;
    /// Scans that record the wrong SKU.
    pub const SCAN_ERROR_RATE: f64 = 0.03;
    /// SKUs counted by hand a day.
    pub const CYCLE_COUNTS_PER_DAY: u32 = 40;
    /// One manual count.
    pub const CYCLE_COUNT_TIME: Dist = tri(1.0, 2.0, 4.0);
    /// Days for RFID reads to cover the whole store.
    pub const RFID_COUNT_DAYS: f64 = 7.0;
    /// RFID reading time per SKU.
    pub const RFID_COUNT_TIME: Minutes = 0.1;
    /// Cost of the RFID system a month.
    pub const RFID_COST_PER_MONTH: f64 = 800.0;
    /// Records start exact (else at their steady state between counts).
    pub const START_COUNTED: bool = false;
}

/// `[stores.replenishment]`
pub mod replenishment {
    use super::*;
    /// Reorder rule.
    pub const POLICY: ReplenishmentPolicy = ReplenishmentPolicy::MinMax;
    /// Reorder point, in days of demand.
    pub const REORDER_POINT_DAYS: f64 = 2.5;
    /// Order-up-to level, in days of demand.
    pub const ORDER_UP_TO_DAYS: f64 = 10.0;
    /// Order days of the periodic rule: Monday and Thursday.
    pub const PERIODIC_ORDER_DAYS: [bool; 7] = [true, false, false, true, false, false, false];
    /// Order time [min after midnight]: 06:00.
    pub const ORDER_TIME: Minutes = 360.0;
    /// Supplier lead time: 1 to 3 days, mode 1.5.
    pub const LEAD_TIME: Dist = tri(1440.0, 2160.0, 4320.0);
    /// Units per put-away task.
    pub const PUTAWAY_UNITS_PER_TASK: u32 = 60;
    /// Put-away, per task.
    pub const PUTAWAY_TIME_PER_TASK: Dist = tri(2.0, 4.0, 8.0);
    /// Put-away, per unit: 5 s.
    pub const PUTAWAY_TIME_PER_UNIT: Minutes = 5.0 / 60.0;
    /// Demand beyond stock waits for the next delivery (else it is lost).
    pub const BACKORDERS: bool = false;
}

/// `[[stores.staff]]`
pub mod staff {
    /// Employees in a group.
    pub const COUNT: u32 = 1;
    /// Wage per hour.
    pub const WAGE_PER_HOUR: f64 = 17.0;
}
