//! The KPI catalogue (name, unit, direction, definition) and their computation from a
//! store's accumulated counts. Every KPI is computed per store and for the whole run
//! (store `all`) from the same counts, merged.

use crate::scenario::{Channel, Skill};
use serde::Serialize;

/// Which way is better.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// larger values are better
    HigherIsBetter,
    /// smaller values are better
    LowerIsBetter,
    /// neither: a diagnostic whose change has no better side (e.g. the utilisation of the
    /// holders of one skill, which falls when more staff are trained on it)
    Neutral,
}

impl Direction {
    /// `higher`, `lower` or `neither`.
    pub fn word(self) -> &'static str {
        match self {
            Direction::HigherIsBetter => "higher",
            Direction::LowerIsBetter => "lower",
            Direction::Neutral => "neither",
        }
    }

    /// Whether a change `diff` is an improvement: `None` for a neutral KPI or no change.
    pub fn improves(self, diff: f64) -> Option<bool> {
        match self {
            _ if diff == 0.0 || diff.is_nan() => None,
            Direction::HigherIsBetter => Some(diff > 0.0),
            Direction::LowerIsBetter => Some(diff < 0.0),
            Direction::Neutral => None,
        }
    }
}

/// A KPI's definition.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct KpiDef {
    /// Stable snake_case name.
    pub name: &'static str,
    /// Unit.
    pub unit: &'static str,
    /// Better direction.
    pub direction: Direction,
    /// One-line exact definition.
    pub definition: &'static str,
    /// Shown in the terminal table.
    pub headline: bool,
}

use Direction::{HigherIsBetter as Up, LowerIsBetter as Down, Neutral};

const fn kpi(
    name: &'static str,
    unit: &'static str,
    direction: Direction,
    headline: bool,
    definition: &'static str,
) -> KpiDef {
    KpiDef {
        name,
        unit,
        direction,
        definition,
        headline,
    }
}

/// Every KPI, in output order. Counts are over the measured period (after the warm-up):
/// shoppers and orders by arrival time, tasks by creation time, labour by shift start.
pub const KPIS: &[KpiDef] = &[
    kpi(
        "order_accuracy",
        "share",
        Up,
        true,
        "online orders handed over (collected or shipped) with no unapproved short line and no wrong item, divided by orders handed over",
    ),
    kpi(
        "unapproved_substitution_rate",
        "share",
        Down,
        false,
        "online orders handed over with a line substituted or dropped without the customer's approval (the approval request failed on the channel), divided by orders handed over",
    ),
    kpi(
        "order_ready_minutes_mean",
        "min",
        Down,
        true,
        "mean time from order placement to ready (BOPIS: picked, staged and customer notified; ship: packed), over orders that became ready",
    ),
    kpi(
        "order_ready_minutes_p90",
        "min",
        Down,
        false,
        "90th percentile of the order ready time",
    ),
    kpi(
        "bopis_on_time_rate",
        "share",
        Up,
        true,
        "BOPIS orders ready by their promise, divided by BOPIS orders that became ready or were cancelled; the promise is the order time plus the promise window, counted from the next opening when the store is closed or would close before the window ends",
    ),
    kpi(
        "ship_on_time_rate",
        "share",
        Up,
        true,
        "ship-from-store orders packed before the carrier cut-off they were promised for, divided by ship orders that were packed or cancelled",
    ),
    kpi(
        "pickup_wait_minutes_mean",
        "min",
        Down,
        false,
        "mean time a BOPIS customer waits at the pickup desk from arrival to the start of service",
    ),
    kpi(
        "pickup_unnoticed_rate",
        "share",
        Down,
        false,
        "BOPIS customer visits to the pickup desk whose arrival notice did not reach the desk team, divided by visits to the desk",
    ),
    kpi(
        "checkout_wait_minutes_mean",
        "min",
        Down,
        true,
        "mean time from joining a checkout queue (staffed or self) to the start of service, over shoppers served",
    ),
    kpi(
        "checkout_wait_probability",
        "share",
        Down,
        false,
        "shoppers served at a staffed lane who could not be served at once (no free lane with a free cashier when they joined), divided by shoppers served at staffed lanes",
    ),
    kpi(
        "checkout_queue_length_mean",
        "shoppers",
        Down,
        false,
        "time-average number of shoppers waiting for a staffed lane, per minute of opening time in the measured period",
    ),
    kpi(
        "checkout_wait_minutes_p90",
        "min",
        Down,
        false,
        "90th percentile of the checkout wait",
    ),
    kpi(
        "assist_wait_minutes_mean",
        "min",
        Down,
        false,
        "mean time from a help request to an employee arriving, over requests answered",
    ),
    kpi(
        "assist_abandoned_rate",
        "share",
        Down,
        false,
        "help requests nobody started within the shopper's patience, divided by help requests answered or abandoned",
    ),
    kpi(
        "nps",
        "score",
        Up,
        true,
        "net promoter score: percent of customers scoring 9-10 minus percent scoring 0-6, over shoppers who left and orders that were handed over or cancelled (uncollected orders are not scored)",
    ),
    kpi(
        "csat_mean",
        "1-5",
        Up,
        false,
        "mean satisfaction on a 1-5 scale, 1 + 4 x score / 10, over the same customers",
    ),
    kpi(
        "cross_channel_task_share",
        "share",
        Up,
        true,
        "tasks completed by an employee outside the team that owns the task's channel, divided by tasks completed",
    ),
    kpi(
        "task_sla_rate_in_store",
        "share",
        Up,
        false,
        "in-store tasks (checkout, floor help) completed within the customer SLA of their creation, divided by those completed or abandoned",
    ),
    kpi(
        "task_sla_rate_online",
        "share",
        Up,
        false,
        "online tasks completed by their deadline, divided by those completed or abandoned (a customer who gave up at the desk): BOPIS pick by the promise, ship pick by the cut-off minus the mean pack time, pack by the cut-off, pickup desk within the customer SLA",
    ),
    kpi(
        "task_sla_rate_stock",
        "share",
        Up,
        false,
        "stock tasks (put-away, cycle counts, returns) completed within the stock SLA, divided by those completed",
    ),
    kpi(
        "revenue",
        "currency",
        Up,
        false,
        "value of units sold at checkout plus units handed over in online orders",
    ),
    kpi(
        "lost_sales_revenue",
        "currency",
        Down,
        true,
        "sum of the six lost-sales causes below",
    ),
    kpi(
        "lost_sales_shelf_empty",
        "currency",
        Down,
        false,
        "value of units a shopper wanted but found no stock of (and did not substitute)",
    ),
    kpi(
        "lost_sales_balked",
        "currency",
        Down,
        false,
        "value of baskets abandoned because the checkout queue was too long on arrival",
    ),
    kpi(
        "lost_sales_reneged",
        "currency",
        Down,
        false,
        "value of baskets abandoned after waiting in the checkout queue beyond the shopper's patience",
    ),
    kpi(
        "lost_sales_online_declined",
        "currency",
        Down,
        false,
        "value of order lines the website refused because visible stock was too low",
    ),
    kpi(
        "lost_sales_order_cancelled",
        "currency",
        Down,
        false,
        "value of accepted order lines not handed over: not found and not substituted, cancelled orders, uncollected orders",
    ),
    kpi(
        "lost_sales_assist_abandoned",
        "currency",
        Down,
        false,
        "value lost because help did not come in time: the item a shopper asked about and would have bought, and the whole basket of a shopper who then walked out",
    ),
    kpi(
        "assist_sales",
        "currency",
        Up,
        false,
        "value of items put in baskets because help came in time (the item the shopper asked about, found with the employee)",
    ),
    kpi(
        "sales_per_labour_hour",
        "currency/h",
        Up,
        true,
        "revenue divided by paid hours (shift hours, overtime at close; training blocks are inside shifts)",
    ),
    kpi(
        "labour_cost",
        "currency",
        Down,
        true,
        "paid hours times wage (shift time, training blocks included, and overtime at close)",
    ),
    kpi(
        "labour_hours",
        "h",
        Down,
        false,
        "paid hours: shift hours (training blocks included) plus overtime at close",
    ),
    kpi(
        "training_cost",
        "currency",
        Down,
        false,
        "cross-training cost of the measured period: wage x training hours of each cross-trained slot x days / 365 (the roster's training as a yearly cost), plus wage x training hours of each cross-trained slot hired again in the period; not added to labour_cost",
    ),
    kpi(
        "shelf_availability",
        "share",
        Up,
        false,
        "demand-weighted share of SKUs with at least one unit on the shelf, sampled hourly while open",
    ),
    kpi(
        "shelf_fill_rate",
        "share",
        Up,
        false,
        "units wanted by shoppers that they found on the shelf at once, divided by units wanted (a substitute or a backorder does not count as found)",
    ),
    kpi(
        "record_accuracy",
        "share",
        Up,
        false,
        "share of SKUs whose record equals physical stock (shelf + backroom + misplaced + unpaid units in carts), sampled daily at close",
    ),
    kpi(
        "oversell_rate",
        "share",
        Down,
        false,
        "online orders with at least one line not found in full at pick time, divided by orders picked",
    ),
    kpi(
        "staff_utilisation",
        "share",
        Up,
        false,
        "minutes spent on tasks divided by paid shift minutes",
    ),
    kpi(
        "utilisation_checkout",
        "share",
        Neutral,
        false,
        "minutes on checkout tasks divided by shift minutes of employees holding the checkout skill",
    ),
    kpi(
        "utilisation_floor",
        "share",
        Neutral,
        false,
        "the same for the floor skill",
    ),
    kpi(
        "utilisation_picking",
        "share",
        Neutral,
        false,
        "the same for the picking skill",
    ),
    kpi(
        "utilisation_packing",
        "share",
        Neutral,
        false,
        "the same for the packing skill",
    ),
    kpi(
        "utilisation_pickup_desk",
        "share",
        Neutral,
        false,
        "the same for the pickup_desk skill",
    ),
    kpi(
        "utilisation_returns",
        "share",
        Neutral,
        false,
        "the same for the returns skill",
    ),
    kpi(
        "utilisation_stocking",
        "share",
        Neutral,
        false,
        "the same for the stocking skill",
    ),
];

/// Index of a KPI by name.
pub fn kpi_index(name: &str) -> Option<usize> {
    KPIS.iter().position(|k| k.name == name)
}

/// Counts accumulated over the measured period of one store (or merged over stores).
#[derive(Clone, Debug, Default)]
pub struct StoreStats {
    /// orders handed over (collected or shipped)
    pub orders_handed: u64,
    /// of which accurate
    pub orders_accurate: u64,
    /// order ready times [min]
    pub ready_minutes: Vec<f32>,
    /// BOPIS orders ready or cancelled before ready
    pub bopis_due: u64,
    /// of which ready on time
    pub bopis_on_time: u64,
    /// ship orders packed or cancelled
    pub ship_due: u64,
    /// of which packed on time
    pub ship_on_time: u64,
    /// pickup waits: sum [min] and count
    pub pickup_wait_sum: f64,
    /// number of pickups served
    pub pickup_wait_n: u64,
    /// checkout waits [min]
    pub checkout_waits: Vec<f32>,
    /// shoppers served at staffed lanes
    pub staffed_served: u64,
    /// of whom not served at once
    pub staffed_waited: u64,
    /// integral of the staffed checkout queue length over time [shopper x min]
    pub queue_area: f64,
    /// measured opening minutes [min]
    pub open_minutes: f64,
    /// units wanted by shoppers
    pub units_wanted: u64,
    /// of which found on the shelf
    pub units_found: u64,
    /// assist waits: sum [min]
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
    /// revenue [currency]
    pub revenue: f64,
    /// lost sales by cause [currency]: shelf empty, balked, reneged, online declined, order cancelled
    pub lost: [f64; 6],
    /// paid minutes on shift (including overtime) [min]
    pub paid_minutes: f64,
    /// counts of the training, communication and service mechanisms
    pub lever: crate::sim::lever_stats::LeverStats,
    /// labour cost [currency]
    pub labour_cost: f64,
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
    /// minutes busy on tasks, by skill [min]
    pub busy_minutes: [f64; 7],
    /// shift minutes of employees holding each skill [min]
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
        for i in 0..6 {
            self.lost[i] += o.lost[i];
        }
        self.paid_minutes += o.paid_minutes;
        self.lever.merge(&o.lever);
        self.labour_cost += o.labour_cost;
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
        let labour_hours = self.paid_minutes / 60.0;
        let lost_total: f64 = self.lost.iter().sum();
        let busy_total: f64 = self.busy_minutes.iter().sum();
        let sla = |c: Channel| {
            ratio(
                self.sla_met[c.index()] as f64,
                self.sla_due[c.index()] as f64,
            )
        };
        let util = |s: Skill| {
            ratio(
                self.busy_minutes[s.index()],
                self.skill_shift_minutes[s.index()],
            )
        };
        let values = vec![
            ratio(self.orders_accurate as f64, self.orders_handed as f64),
            ratio(
                self.lever.orders_unapproved as f64,
                self.orders_handed as f64,
            ),
            mean(&self.ready_minutes),
            p90(&self.ready_minutes),
            ratio(self.bopis_on_time as f64, self.bopis_due as f64),
            ratio(self.ship_on_time as f64, self.ship_due as f64),
            ratio(self.pickup_wait_sum, self.pickup_wait_n as f64),
            ratio(
                self.lever.desk_unnoticed as f64,
                self.lever.desk_visits as f64,
            ),
            mean(&self.checkout_waits),
            ratio(self.staffed_waited as f64, self.staffed_served as f64),
            ratio(self.queue_area, self.open_minutes),
            p90(&self.checkout_waits),
            ratio(self.assist_wait_sum, self.assist_wait_n as f64),
            ratio(
                self.lever.assist_abandoned as f64,
                self.lever.assist_requests as f64,
            ),
            ratio(
                100.0 * (self.promoters as f64 - self.detractors as f64),
                self.scored as f64,
            ),
            ratio(self.csat_sum, self.scored as f64),
            ratio(self.tasks_cross as f64, self.tasks_done as f64),
            sla(Channel::InStore),
            sla(Channel::Online),
            sla(Channel::Stock),
            self.revenue,
            lost_total,
            self.lost[0],
            self.lost[1],
            self.lost[2],
            self.lost[3],
            self.lost[4],
            self.lost[5],
            self.lever.assist_sales,
            ratio(self.revenue, labour_hours),
            self.labour_cost,
            labour_hours,
            self.lever.training_cost,
            ratio(self.availability_sum, self.availability_n as f64),
            ratio(self.units_found as f64, self.units_wanted as f64),
            ratio(self.record_accuracy_sum, self.record_accuracy_n as f64),
            ratio(self.orders_oversold as f64, self.orders_picked as f64),
            ratio(busy_total, self.paid_minutes),
            util(Skill::Checkout),
            util(Skill::Floor),
            util(Skill::Picking),
            util(Skill::Packing),
            util(Skill::PickupDesk),
            util(Skill::Returns),
            util(Skill::Stocking),
        ];
        debug_assert_eq!(values.len(), KPIS.len());
        values
    }
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
        assert_eq!(
            KPIS[kpi_index("oversell_rate").unwrap()].direction,
            Direction::LowerIsBetter
        );
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
