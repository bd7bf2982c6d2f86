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

    /// A store whose counts are all different multiples of `k`, lists of `k` entries.
    // One assignment a field, in order, so each gets the next multiple.
    #[allow(clippy::field_reassign_with_default)]
    fn filled(k: u64) -> StoreStats {
        let mut c = 0u64;
        let mut n = || {
            c += 1;
            k * c
        };
        let mut x = || n() as f64;
        let mut s = StoreStats::default();
        s.orders_handed = x() as u64;
        s.orders_accurate = x() as u64;
        s.ready_minutes = vec![k as f32; k as usize];
        s.ready_sum = [x(), x()];
        s.ready_n = [x() as u64, x() as u64];
        s.bopis_due = x() as u64;
        s.bopis_on_time = x() as u64;
        s.ship_due = x() as u64;
        s.ship_on_time = x() as u64;
        s.pickup_wait_sum = x();
        s.pickup_wait_n = x() as u64;
        s.checkout_waits = vec![2.0 * k as f32; k as usize];
        s.staffed_served = x() as u64;
        s.staffed_waited = x() as u64;
        s.queue_area = x();
        s.open_minutes = x();
        s.units_wanted = x() as u64;
        s.units_found = x() as u64;
        s.assist_wait_sum = x();
        s.assist_wait_n = x() as u64;
        s.scored = x() as u64;
        s.promoters = x() as u64;
        s.detractors = x() as u64;
        s.csat_sum = x();
        s.tasks_done = x() as u64;
        s.tasks_cross = x() as u64;
        s.sla_due = [x() as u64, x() as u64, x() as u64];
        s.sla_met = [x() as u64, x() as u64, x() as u64];
        s.revenue = x();
        s.cogs = x();
        s.lost = [x(), x(), x(), x(), x(), x()];
        s.paid_minutes = x();
        s.lever.training_cost = x();
        s.lever.training_minutes = x();
        s.lever.hires = x() as u64;
        s.lever.desk_visits = x() as u64;
        s.lever.desk_unnoticed = x() as u64;
        s.lever.orders_unapproved = x() as u64;
        s.lever.assist_requests = x() as u64;
        s.lever.assist_abandoned = x() as u64;
        s.lever.assist_sales = x();
        s.labour_cost = x();
        s.technology_cost = x();
        s.availability_sum = x();
        s.availability_n = x() as u64;
        s.record_accuracy_sum = x();
        s.record_accuracy_n = x() as u64;
        s.orders_picked = x() as u64;
        s.orders_oversold = x() as u64;
        s.busy_minutes = [x(), x(), x(), x(), x(), x(), x()];
        s.skill_shift_minutes = [x(), x(), x(), x(), x(), x(), x()];
        s
    }

    #[test]
    fn merge_is_the_same_as_recording_both_halves_into_one() {
        // Every count of `filled(k)` is linear in k, so recording the counts of k = 1 and
        // k = 2 into one store gives those of k = 3; the lists are the two halves, in order.
        let mut merged = filled(1);
        merged.merge(&filled(2));
        let mut whole = filled(3);
        let halves = |f: fn(&StoreStats) -> &Vec<f32>| {
            let mut v = f(&filled(1)).clone();
            v.extend_from_slice(f(&filled(2)));
            v
        };
        whole.ready_minutes = halves(|s| &s.ready_minutes);
        whole.checkout_waits = halves(|s| &s.checkout_waits);
        assert_eq!(format!("{merged:?}"), format!("{whole:?}"));
        // Merging an empty store changes nothing.
        let mut same = filled(2);
        same.merge(&StoreStats::default());
        assert_eq!(format!("{same:?}"), format!("{:?}", filled(2)));
    }

    /// A store with round counts whose KPIs are known from their definitions.
    fn known() -> StoreStats {
        let mut s = StoreStats {
            orders_handed: 40,
            orders_accurate: 38,
            ready_minutes: vec![20.0, 30.0, 40.0, 250.0, 350.0],
            ready_sum: [90.0, 600.0],
            ready_n: [3, 2],
            bopis_due: 10,
            bopis_on_time: 7,
            ship_due: 8,
            ship_on_time: 6,
            pickup_wait_sum: 45.0,
            pickup_wait_n: 9,
            checkout_waits: (1..=10).rev().map(|x| x as f32).collect(),
            staffed_served: 120,
            staffed_waited: 30,
            queue_area: 600.0,
            open_minutes: 480.0,
            units_wanted: 400,
            units_found: 380,
            assist_wait_sum: 12.0,
            assist_wait_n: 4,
            scored: 50,
            promoters: 30,
            detractors: 10,
            csat_sum: 210.0,
            tasks_done: 200,
            tasks_cross: 50,
            sla_due: [10, 20, 40],
            sla_met: [9, 15, 10],
            revenue: 12_000.0,
            cogs: 7_000.0,
            lost: [10.0, 20.0, 30.0, 40.0, 50.0, 60.0],
            paid_minutes: 6_000.0,
            labour_cost: 2_400.0,
            technology_cost: 300.0,
            availability_sum: 45.0,
            availability_n: 50,
            record_accuracy_sum: 16.0,
            record_accuracy_n: 20,
            orders_picked: 50,
            orders_oversold: 4,
            busy_minutes: [60.0, 120.0, 180.0, 240.0, 300.0, 360.0, 420.0],
            skill_shift_minutes: [120.0, 480.0, 240.0, 1920.0, 480.0, 960.0, 480.0],
            ..Default::default()
        };
        s.lever.orders_unapproved = 2;
        s.lever.desk_visits = 20;
        s.lever.desk_unnoticed = 3;
        s.lever.assist_requests = 50;
        s.lever.assist_abandoned = 5;
        s.lever.assist_sales = 77.0;
        s.lever.training_cost = 88.0;
        s
    }

    #[test]
    fn every_kpi_of_a_known_store_is_its_definition() {
        // Expected values worked out by hand from each KPI's one-line definition.
        let expected: &[(&str, f64)] = &[
            ("order_accuracy", 0.95),
            ("unapproved_substitution_rate", 0.05),
            ("pickup_unnoticed_rate", 0.15),
            ("assist_abandoned_rate", 0.1),
            ("lost_sales_assist_abandoned", 60.0),
            ("assist_sales", 77.0),
            ("training_cost", 88.0),
            ("order_ready_minutes_mean", 138.0),
            ("order_ready_minutes_p90", 350.0),
            ("bopis_ready_minutes_mean", 30.0),
            ("ship_ready_minutes_mean", 300.0),
            ("bopis_on_time_rate", 0.7),
            ("ship_on_time_rate", 0.75),
            ("pickup_wait_minutes_mean", 5.0),
            ("checkout_wait_minutes_mean", 5.5),
            ("checkout_wait_probability", 0.25),
            ("checkout_queue_length_mean", 1.25),
            ("checkout_wait_minutes_p90", 9.0),
            ("assist_wait_minutes_mean", 3.0),
            ("nps", 40.0),
            ("csat_mean", 4.2),
            ("cross_channel_task_share", 0.25),
            ("task_sla_rate_in_store", 0.9),
            ("task_sla_rate_online", 0.75),
            ("task_sla_rate_stock", 0.25),
            ("revenue", 12_000.0),
            ("gross_margin", 5_000.0),
            ("lost_sales_revenue", 210.0),
            ("lost_sales_shelf_empty", 10.0),
            ("lost_sales_balked", 20.0),
            ("lost_sales_reneged", 30.0),
            ("lost_sales_online_declined", 40.0),
            ("lost_sales_order_cancelled", 50.0),
            ("sales_per_labour_hour", 120.0),
            ("labour_cost", 2_400.0),
            ("technology_cost", 300.0),
            ("labour_cost_share", 0.2),
            ("labour_hours", 100.0),
            ("shelf_availability", 0.9),
            ("shelf_fill_rate", 0.95),
            ("record_accuracy", 0.8),
            ("oversell_rate", 0.08),
            ("staff_utilisation", 0.28),
            ("utilisation_checkout", 0.5),
            ("utilisation_floor", 0.25),
            ("utilisation_picking", 0.75),
            ("utilisation_packing", 0.125),
            ("utilisation_pickup_desk", 0.625),
            ("utilisation_returns", 0.375),
            ("utilisation_stocking", 0.875),
        ];
        let store = known();
        let k = store.kpis();
        for k_def in KPIS {
            assert!(
                expected.iter().any(|(n, _)| *n == k_def.name),
                "{} has no expected value here",
                k_def.name
            );
        }
        for &(name, want) in expected {
            let got = k[kpi_index(name).expect(name)];
            assert!(
                (got - want).abs() <= 1e-12 * want.abs().max(1.0),
                "{name}: {got}, expected {want}"
            );
            assert_eq!(got, formula(name).unwrap()(&store), "{name}");
        }
    }

    #[test]
    fn the_lost_sales_causes_add_up_to_the_total_and_exclude_it() {
        // The catalogue lists one cause per `LostCause`; the total is not one of them.
        let causes: Vec<&KpiDef> = KPIS.iter().filter(|k| k.is_lost_sales_cause()).collect();
        assert_eq!(causes.len(), known().lost.len());
        let total = &KPIS[kpi_index("lost_sales_revenue").unwrap()];
        assert!(!total.is_lost_sales_cause());
        let store = known();
        let sum: f64 = causes
            .iter()
            .map(|k| formula(k.name).unwrap()(&store))
            .sum();
        assert_eq!(sum, formula(total.name).unwrap()(&store));
    }

    #[test]
    fn a_ratio_with_nothing_to_count_is_undefined_not_infinite() {
        // Every numerator set, every denominator 0: ratios are undefined (NaN), never
        // infinite; amounts are themselves.
        let mut s = known();
        s.orders_handed = 0;
        s.ready_minutes.clear();
        s.ready_n = [0, 0];
        s.bopis_due = 0;
        s.ship_due = 0;
        s.pickup_wait_n = 0;
        s.checkout_waits.clear();
        s.staffed_served = 0;
        s.open_minutes = 0.0;
        s.assist_wait_n = 0;
        s.scored = 0;
        s.tasks_done = 0;
        s.sla_due = [0; 3];
        s.paid_minutes = 0.0;
        s.availability_n = 0;
        s.units_wanted = 0;
        s.record_accuracy_n = 0;
        s.orders_picked = 0;
        s.skill_shift_minutes = [0.0; 7];
        s.lever.desk_visits = 0;
        s.lever.assist_requests = 0;
        let amounts = [
            "lost_sales_assist_abandoned",
            "assist_sales",
            "training_cost",
            "revenue",
            "gross_margin",
            "lost_sales_revenue",
            "lost_sales_shelf_empty",
            "lost_sales_balked",
            "lost_sales_reneged",
            "lost_sales_online_declined",
            "lost_sales_order_cancelled",
            "labour_cost",
            "technology_cost",
            "labour_cost_share",
            "labour_hours",
        ];
        for (def, v) in KPIS.iter().zip(s.kpis()) {
            if amounts.contains(&def.name) {
                assert!(v.is_finite(), "{}: {v}", def.name);
            } else {
                assert!(v.is_nan(), "{}: {v} with nothing to count", def.name);
            }
        }
        // A negative denominator (never produced) is not a ratio either.
        assert!(ratio(1.0, -2.0).is_nan());
        assert_eq!(ratio(1.0, 4.0), 0.25);
    }

    #[test]
    fn p90_is_the_nearest_rank_percentile() {
        // The smallest value with at least 90% of the values at or below it.
        for n in 1..=25usize {
            // A scrambled order of 1..=n.
            let values: Vec<f32> = (0..n).map(|i| ((i * 7) % n + 1) as f32).collect();
            let mut sorted = values.clone();
            sorted.sort_by(f32::total_cmp);
            let want = sorted
                .iter()
                .find(|&&x| 10 * sorted.iter().filter(|&&y| y <= x).count() >= 9 * n)
                .unwrap();
            assert_eq!(p90(&values), f64::from(*want), "n = {n}");
        }
        assert!(p90(&[]).is_nan());
        assert!(mean(&[]).is_nan());
        assert_eq!(mean(&[1.0, 2.0, 6.0]), 3.0);
    }
}
