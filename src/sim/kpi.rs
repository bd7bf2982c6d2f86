//! KPI computation from a store's accumulated counts. Every KPI is computed per store and
//! for the whole run (store `all`) from the same counts, merged. The catalogue itself (names,
//! units, directions, definitions) is the leaf module [`crate::kpis`].

pub use crate::kpis::{Direction, KPIS, KpiDef, kpi_index};
use crate::scenario::{Channel, Skill};

/// Counts accumulated over the measured period of one store (or merged over stores).
#[derive(Clone, Debug, Default)]
pub struct StoreStats {
    /// orders handed over (collected or shipped)
    pub orders_handed: u64,
    /// of which accurate
    pub orders_accurate: u64,
    /// order ready times \[min\]
    pub ready_minutes: Vec<f32>,
    /// ready times by kind (0: BOPIS, 1: ship): sum \[min\]
    pub ready_sum: [f64; 2],
    /// ready times by kind: count
    pub ready_n: [u64; 2],
    /// BOPIS orders ready or cancelled before ready
    pub bopis_due: u64,
    /// of which ready on time
    pub bopis_on_time: u64,
    /// ship orders packed or cancelled
    pub ship_due: u64,
    /// of which packed on time
    pub ship_on_time: u64,
    /// pickup waits: sum \[min\] and count
    pub pickup_wait_sum: f64,
    /// number of pickups served
    pub pickup_wait_n: u64,
    /// checkout waits \[min\]
    pub checkout_waits: Vec<f32>,
    /// shoppers served at staffed lanes
    pub staffed_served: u64,
    /// of whom not served at once
    pub staffed_waited: u64,
    /// integral of the staffed checkout queue length over time [shopper x min]
    pub queue_area: f64,
    /// measured opening minutes \[min\]
    pub open_minutes: f64,
    /// units wanted by shoppers
    pub units_wanted: u64,
    /// of which found on the shelf
    pub units_found: u64,
    /// assist waits: sum \[min\]
    pub assist_wait_sum: f64,
    /// assists answered
    pub assist_wait_n: u64,
    /// customers scored
    pub scored: u64,
    /// promoters (9-10)
    pub promoters: u64,
    /// detractors (0-6)
    pub detractors: u64,
    /// sum of csat (1-5)
    pub csat_sum: f64,
    /// tasks completed
    pub tasks_done: u64,
    /// tasks completed by someone outside the owning team
    pub tasks_cross: u64,
    /// per channel: tasks completed or abandoned
    pub sla_due: [u64; 3],
    /// per channel: tasks within SLA
    pub sla_met: [u64; 3],
    /// revenue \[currency\]
    pub revenue: f64,
    /// cost of the goods behind `revenue` \[currency\]
    pub cogs: f64,
    /// lost sales by cause \[currency\]: shelf empty, balked, reneged, online declined, order cancelled
    pub lost: [f64; 6],
    /// paid minutes on shift (including overtime) \[min\]
    pub paid_minutes: f64,
    /// counts of the training, communication and service mechanisms
    pub lever: crate::sim::lever_stats::LeverStats,
    /// labour cost \[currency\]
    pub labour_cost: f64,
    /// visibility technology (RFID) cost \[currency\]
    pub technology_cost: f64,
    /// shelf availability samples: sum of weighted availability, count
    pub availability_sum: f64,
    /// number of availability samples
    pub availability_n: u64,
    /// record accuracy samples: sum, count
    pub record_accuracy_sum: f64,
    /// number of record accuracy samples
    pub record_accuracy_n: u64,
    /// orders picked
    pub orders_picked: u64,
    /// orders with a not-found line
    pub orders_oversold: u64,
    /// minutes busy on tasks, by skill \[min\]
    pub busy_minutes: [f64; 7],
    /// shift minutes of employees holding each skill \[min\]
    pub skill_shift_minutes: [f64; 7],
}

/// Index into `StoreStats::lost`.
#[derive(Clone, Copy, Debug)]
pub enum LostCause {
    /// shopper found the shelf empty
    ShelfEmpty = 0,
    /// shopper balked at the queue
    Balked = 1,
    /// shopper left the queue
    Reneged = 2,
    /// website refused the line
    OnlineDeclined = 3,
    /// accepted line not handed over
    OrderCancelled = 4,
    /// help not answered in time: the item asked about, or the whole basket of a walk-out
    AssistAbandoned = 5,
}

fn ratio(num: f64, den: f64) -> f64 {
    if den > 0.0 { num / den } else { f64::NAN }
}

fn p90(values: &[f32]) -> f64 {
    if values.is_empty() {
        return f64::NAN;
    }
    let mut v = values.to_vec();
    // Nearest-rank 90th percentile.
    let rank = ((0.9 * v.len() as f64).ceil() as usize).clamp(1, v.len()) - 1;
    let (_, x, _) = v.select_nth_unstable_by(rank, f32::total_cmp);
    f64::from(*x)
}

fn mean(values: &[f32]) -> f64 {
    if values.is_empty() {
        f64::NAN
    } else {
        values.iter().map(|x| f64::from(*x)).sum::<f64>() / values.len() as f64
    }
}

impl StoreStats {
    /// Adds another store's counts into this one.
    pub fn merge(&mut self, o: &StoreStats) {
        self.orders_handed += o.orders_handed;
        self.orders_accurate += o.orders_accurate;
        self.ready_minutes.extend_from_slice(&o.ready_minutes);
        for i in 0..2 {
            self.ready_sum[i] += o.ready_sum[i];
            self.ready_n[i] += o.ready_n[i];
        }
        self.bopis_due += o.bopis_due;
        self.bopis_on_time += o.bopis_on_time;
        self.ship_due += o.ship_due;
        self.ship_on_time += o.ship_on_time;
        self.pickup_wait_sum += o.pickup_wait_sum;
        self.pickup_wait_n += o.pickup_wait_n;
        self.checkout_waits.extend_from_slice(&o.checkout_waits);
        self.staffed_served += o.staffed_served;
        self.staffed_waited += o.staffed_waited;
        self.queue_area += o.queue_area;
        self.open_minutes += o.open_minutes;
        self.units_wanted += o.units_wanted;
        self.units_found += o.units_found;
        self.assist_wait_sum += o.assist_wait_sum;
        self.assist_wait_n += o.assist_wait_n;
        self.scored += o.scored;
        self.promoters += o.promoters;
        self.detractors += o.detractors;
        self.csat_sum += o.csat_sum;
        self.tasks_done += o.tasks_done;
        self.tasks_cross += o.tasks_cross;
        for i in 0..3 {
            self.sla_due[i] += o.sla_due[i];
            self.sla_met[i] += o.sla_met[i];
        }
        self.revenue += o.revenue;
        self.cogs += o.cogs;
        for i in 0..6 {
            self.lost[i] += o.lost[i];
        }
        self.paid_minutes += o.paid_minutes;
        self.lever.merge(&o.lever);
        self.labour_cost += o.labour_cost;
        self.technology_cost += o.technology_cost;
        self.availability_sum += o.availability_sum;
        self.availability_n += o.availability_n;
        self.record_accuracy_sum += o.record_accuracy_sum;
        self.record_accuracy_n += o.record_accuracy_n;
        self.orders_picked += o.orders_picked;
        self.orders_oversold += o.orders_oversold;
        for i in 0..7 {
            self.busy_minutes[i] += o.busy_minutes[i];
            self.skill_shift_minutes[i] += o.skill_shift_minutes[i];
        }
    }

    /// Every KPI in [`KPIS`] order. Undefined values (no orders, no pickups...) are NaN and
    /// are written as empty cells.
    pub fn kpis(&self) -> Vec<f64> {
        KPIS.iter()
            .map(|k| formula(k.name).map_or(f64::NAN, |f| f(self)))
            .collect()
    }

    fn labour_hours(&self) -> f64 {
        self.paid_minutes / 60.0
    }

    fn sla(&self, c: Channel) -> f64 {
        ratio(
            self.sla_met[c.index()] as f64,
            self.sla_due[c.index()] as f64,
        )
    }

    fn utilisation(&self, s: Skill) -> f64 {
        ratio(
            self.busy_minutes[s.index()],
            self.skill_shift_minutes[s.index()],
        )
    }
}

/// A KPI's formula over a store's counts.
pub type Formula = fn(&StoreStats) -> f64;

/// The formula of the KPI named `name` (each one its own function, so a test can reach it);
/// `None` for a name not in the catalogue.
pub fn formula(name: &str) -> Option<Formula> {
    let f: Formula = match name {
        "order_accuracy" => |s| ratio(s.orders_accurate as f64, s.orders_handed as f64),
        "unapproved_substitution_rate" => {
            |s| ratio(s.lever.orders_unapproved as f64, s.orders_handed as f64)
        }
        "pickup_unnoticed_rate" => {
            |s| ratio(s.lever.desk_unnoticed as f64, s.lever.desk_visits as f64)
        }
        "assist_abandoned_rate" => |s| {
            ratio(
                s.lever.assist_abandoned as f64,
                s.lever.assist_requests as f64,
            )
        },
        "lost_sales_assist_abandoned" => |s| s.lost[LostCause::AssistAbandoned as usize],
        "assist_sales" => |s| s.lever.assist_sales,
        "training_cost" => |s| s.lever.training_cost,
        "order_ready_minutes_mean" => |s| mean(&s.ready_minutes),
        "order_ready_minutes_p90" => |s| p90(&s.ready_minutes),
        "bopis_ready_minutes_mean" => |s| ratio(s.ready_sum[0], s.ready_n[0] as f64),
        "ship_ready_minutes_mean" => |s| ratio(s.ready_sum[1], s.ready_n[1] as f64),
        "bopis_on_time_rate" => |s| ratio(s.bopis_on_time as f64, s.bopis_due as f64),
        "ship_on_time_rate" => |s| ratio(s.ship_on_time as f64, s.ship_due as f64),
        "pickup_wait_minutes_mean" => |s| ratio(s.pickup_wait_sum, s.pickup_wait_n as f64),
        "checkout_wait_minutes_mean" => |s| mean(&s.checkout_waits),
        "checkout_wait_probability" => |s| ratio(s.staffed_waited as f64, s.staffed_served as f64),
        "checkout_queue_length_mean" => |s| ratio(s.queue_area, s.open_minutes),
        "checkout_wait_minutes_p90" => |s| p90(&s.checkout_waits),
        "assist_wait_minutes_mean" => |s| ratio(s.assist_wait_sum, s.assist_wait_n as f64),
        "nps" => |s| {
            ratio(
                100.0 * (s.promoters as f64 - s.detractors as f64),
                s.scored as f64,
            )
        },
        "csat_mean" => |s| ratio(s.csat_sum, s.scored as f64),
        "cross_channel_task_share" => |s| ratio(s.tasks_cross as f64, s.tasks_done as f64),
        "task_sla_rate_in_store" => |s| s.sla(Channel::InStore),
        "task_sla_rate_online" => |s| s.sla(Channel::Online),
        "task_sla_rate_stock" => |s| s.sla(Channel::Stock),
        "revenue" => |s| s.revenue,
        "gross_margin" => |s| s.revenue - s.cogs,
        "lost_sales_revenue" => |s| s.lost.iter().sum(),
        "lost_sales_shelf_empty" => |s| s.lost[LostCause::ShelfEmpty as usize],
        "lost_sales_balked" => |s| s.lost[LostCause::Balked as usize],
        "lost_sales_reneged" => |s| s.lost[LostCause::Reneged as usize],
        "lost_sales_online_declined" => |s| s.lost[LostCause::OnlineDeclined as usize],
        "lost_sales_order_cancelled" => |s| s.lost[LostCause::OrderCancelled as usize],
        "sales_per_labour_hour" => |s| ratio(s.revenue, s.labour_hours()),
        "labour_cost" => |s| s.labour_cost,
        "technology_cost" => |s| s.technology_cost,
        "labour_cost_share" => |s| ratio(s.labour_cost, s.revenue),
        "labour_hours" => |s| s.labour_hours(),
        "shelf_availability" => |s| ratio(s.availability_sum, s.availability_n as f64),
        "shelf_fill_rate" => |s| ratio(s.units_found as f64, s.units_wanted as f64),
        "record_accuracy" => |s| ratio(s.record_accuracy_sum, s.record_accuracy_n as f64),
        "oversell_rate" => |s| ratio(s.orders_oversold as f64, s.orders_picked as f64),
        "staff_utilisation" => |s| ratio(s.busy_minutes.iter().sum(), s.paid_minutes),
        "utilisation_checkout" => |s| s.utilisation(Skill::Checkout),
        "utilisation_floor" => |s| s.utilisation(Skill::Floor),
        "utilisation_picking" => |s| s.utilisation(Skill::Picking),
        "utilisation_packing" => |s| s.utilisation(Skill::Packing),
        "utilisation_pickup_desk" => |s| s.utilisation(Skill::PickupDesk),
        "utilisation_returns" => |s| s.utilisation(Skill::Returns),
        "utilisation_stocking" => |s| s.utilisation(Skill::Stocking),
        _ => return None,
    };
    Some(f)
}

#[cfg(test)]
mod tests {
    #[test]
    fn directions_judge_changes_and_neutral_ones_do_not() {
        assert_eq!(Direction::HigherIsBetter.improves(0.5), Some(true));
        assert_eq!(Direction::HigherIsBetter.improves(-0.5), Some(false));
        assert_eq!(Direction::LowerIsBetter.improves(-0.5), Some(true));
        assert_eq!(Direction::LowerIsBetter.improves(0.0), None);
        assert_eq!(Direction::Neutral.improves(3.0), None);
        let neutral: Vec<&str> = KPIS
            .iter()
            .filter(|k| k.direction == Direction::Neutral)
            .map(|k| k.name)
            .collect();
        assert!(
            neutral.iter().all(|n| n.starts_with("utilisation_")),
            "{neutral:?}"
        );
        assert_eq!(neutral.len(), 7);
        assert!(
            KPIS.iter()
                .all(|k| !(k.headline && k.direction == Direction::Neutral))
        );
    }

    use super::*;

    #[test]
    fn names_are_unique_snake_case() {
        for (i, k) in KPIS.iter().enumerate() {
            assert!(
                k.name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
            );
            assert!(
                KPIS[..i].iter().all(|o| o.name != k.name),
                "{} twice",
                k.name
            );
        }
        assert_eq!(StoreStats::default().kpis().len(), KPIS.len());
        for k in KPIS {
            assert!(formula(k.name).is_some(), "{} has no formula", k.name);
        }
        assert!(formula("no_such_kpi").is_none());
        assert_eq!(
            KPIS[kpi_index("oversell_rate").unwrap()].direction,
            Direction::LowerIsBetter
        );
    }

    #[test]
    fn margin_labour_share_and_ready_times_by_kind() {
        let s = StoreStats {
            revenue: 1000.0,
            cogs: 700.0,
            labour_cost: 120.0,
            ready_sum: [90.0, 600.0],
            ready_n: [3, 2],
            ready_minutes: vec![20.0, 30.0, 40.0, 250.0, 350.0],
            ..Default::default()
        };
        let k = s.kpis();
        let get = |n: &str| k[kpi_index(n).unwrap()];
        assert_eq!(get("gross_margin"), 300.0);
        assert_eq!(get("labour_cost_share"), 0.12);
        assert_eq!(get("bopis_ready_minutes_mean"), 30.0);
        assert_eq!(get("ship_ready_minutes_mean"), 300.0);
        assert_eq!(get("order_ready_minutes_mean"), 138.0);
        assert!(StoreStats::default().kpis()[kpi_index("labour_cost_share").unwrap()].is_nan());
        // Merging adds counts, so the merged ratio is the pooled one.
        let mut m = s.clone();
        m.merge(&StoreStats {
            ready_sum: [30.0, 0.0],
            ready_n: [1, 0],
            revenue: 1000.0,
            cogs: 800.0,
            ..Default::default()
        });
        let k = m.kpis();
        assert_eq!(k[kpi_index("bopis_ready_minutes_mean").unwrap()], 30.0);
        assert_eq!(k[kpi_index("gross_margin").unwrap()], 500.0);
    }

    #[test]
    fn percentile_and_empty_values() {
        let s = StoreStats {
            checkout_waits: (1..=10).map(|x| x as f32).collect(),
            ..Default::default()
        };
        let k = s.kpis();
        assert_eq!(k[kpi_index("checkout_wait_minutes_p90").unwrap()], 9.0);
        assert_eq!(k[kpi_index("checkout_wait_minutes_mean").unwrap()], 5.5);
        assert!(k[kpi_index("order_accuracy").unwrap()].is_nan());
    }
}
