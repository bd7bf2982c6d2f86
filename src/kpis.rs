//! The KPI catalogue: every KPI's stable name, unit, better direction and exact definition.
//! A leaf module with no imports from the model, so every layer (scenario validation, the
//! simulation, experiments, reports) reads the same list.

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

/// What a KPI's unit measures, for formatting: shares print as percentages, currency with
/// thousands separators.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// a share of a whole, 0 to 1
    Share,
    /// money (or money per hour)
    Currency,
    /// a duration in minutes
    Minutes,
    /// a count (of shoppers, hours, ...)
    Count,
    /// anything else: a score, a ratio
    Other,
}

/// A KPI's definition.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct KpiDef {
    /// Stable snake_case name.
    pub name: &'static str,
    /// Readable label for reports and tables (at most 26 characters, distinct).
    pub label: &'static str,
    /// Unit.
    pub unit: &'static str,
    /// Better direction.
    pub direction: Direction,
    /// One-line exact definition.
    pub definition: &'static str,
    /// Shown in the terminal table.
    pub headline: bool,
}

impl KpiDef {
    /// What the unit measures.
    pub fn kind(&self) -> Kind {
        match self.unit {
            "share" => Kind::Share,
            "currency" | "currency/h" => Kind::Currency,
            "min" => Kind::Minutes,
            "shoppers" | "h" => Kind::Count,
            _ => Kind::Other,
        }
    }

    /// A diagnostic: a KPI that explains outcomes rather than being one (the utilisations).
    /// Reports chart diagnostics apart from the outcomes.
    pub fn diagnostic(&self) -> bool {
        self.direction == Direction::Neutral || self.name.ends_with("utilisation")
    }

    /// One of the causes that `lost_sales_revenue` sums (`lost_sales_shelf_empty`, ...).
    pub fn is_lost_sales_cause(&self) -> bool {
        self.name.starts_with("lost_sales_") && self.name != "lost_sales_revenue"
    }
}

use Direction::{HigherIsBetter as Up, LowerIsBetter as Down, Neutral};

const fn kpi(
    name: &'static str,
    label: &'static str,
    unit: &'static str,
    direction: Direction,
    headline: bool,
    definition: &'static str,
) -> KpiDef {
    KpiDef {
        name,
        label,
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
        "Order accuracy",
        "share",
        Up,
        true,
        "online orders handed over (collected or shipped) with no unapproved short line and no wrong item, divided by orders handed over",
    ),
    kpi(
        "unapproved_substitution_rate",
        "Unapproved substitutions",
        "share",
        Down,
        false,
        "online orders handed over with a line substituted or dropped without the customer's approval (the approval request failed on the channel), divided by orders handed over",
    ),
    kpi(
        "order_ready_minutes_mean",
        "Order ready time",
        "min",
        Down,
        false,
        "mean time from order placement to ready (BOPIS: picked, staged and customer notified; ship: packed), pooled over BOPIS and ship orders that became ready; the two kinds have different promises, so compare the two KPIs below instead",
    ),
    kpi(
        "order_ready_minutes_p90",
        "Order ready time (p90)",
        "min",
        Down,
        false,
        "90th percentile of the order ready time",
    ),
    kpi(
        "bopis_ready_minutes_mean",
        "BOPIS ready time",
        "min",
        Down,
        true,
        "mean time from placing a BOPIS order (or from the next opening, when placed while the store is closed) to ready (picked, staged, customer notified), over BOPIS orders that became ready",
    ),
    kpi(
        "ship_ready_minutes_mean",
        "Ship order ready time",
        "min",
        Down,
        false,
        "mean time from placing a ship-from-store order to packed, over ship orders that were packed",
    ),
    kpi(
        "bopis_on_time_rate",
        "BOPIS ready on time",
        "share",
        Up,
        true,
        "BOPIS orders ready by their promise, divided by BOPIS orders that became ready or were cancelled; the promise is the order time plus the promise window, counted from the next opening when the store is closed or would close before the window ends",
    ),
    kpi(
        "ship_on_time_rate",
        "Ship orders on time",
        "share",
        Up,
        true,
        "ship-from-store orders packed before the carrier cut-off they were promised for, divided by ship orders that were packed or cancelled",
    ),
    kpi(
        "pickup_wait_minutes_mean",
        "Pickup-desk wait",
        "min",
        Down,
        false,
        "mean time a BOPIS customer waits at the pickup desk from arrival to the start of service",
    ),
    kpi(
        "pickup_unnoticed_rate",
        "Pickup arrivals unnoticed",
        "share",
        Down,
        false,
        "BOPIS customer visits to the pickup desk whose arrival notice did not reach the desk team, divided by visits to the desk",
    ),
    kpi(
        "checkout_wait_minutes_mean",
        "Checkout wait",
        "min",
        Down,
        true,
        "mean time from joining a checkout queue (staffed or self) to the start of service, over shoppers served",
    ),
    kpi(
        "checkout_wait_probability",
        "Shoppers who wait to pay",
        "share",
        Down,
        false,
        "shoppers served at a staffed lane who could not be served at once (no free lane with a free cashier when they joined), divided by shoppers served at staffed lanes",
    ),
    kpi(
        "checkout_queue_length_mean",
        "Checkout queue length",
        "shoppers",
        Down,
        false,
        "time-average number of shoppers waiting for a staffed lane, per minute of opening time in the measured period",
    ),
    kpi(
        "checkout_wait_minutes_p90",
        "Checkout wait (p90)",
        "min",
        Down,
        false,
        "90th percentile of the checkout wait",
    ),
    kpi(
        "assist_wait_minutes_mean",
        "Wait for floor help",
        "min",
        Down,
        false,
        "mean time from a help request to an employee arriving, over requests answered",
    ),
    kpi(
        "assist_abandoned_rate",
        "Help requests abandoned",
        "share",
        Down,
        false,
        "help requests nobody started within the shopper's patience, divided by help requests answered or abandoned",
    ),
    kpi(
        "nps",
        "Net promoter score",
        "score",
        Up,
        true,
        "net promoter score: percent of customers scoring 9-10 minus percent scoring 0-6, over shoppers who left and orders that were handed over or cancelled (uncollected orders are not scored)",
    ),
    kpi(
        "csat_mean",
        "Customer satisfaction",
        "1-5",
        Up,
        false,
        "mean satisfaction on a 1-5 scale, 1 + 4 x score / 10, over the same customers",
    ),
    kpi(
        "cross_channel_task_share",
        "Cross-channel tasks",
        "share",
        Up,
        true,
        "tasks completed by an employee outside the team that owns the task's channel, divided by tasks completed",
    ),
    kpi(
        "task_sla_rate_in_store",
        "In-store tasks in SLA",
        "share",
        Up,
        false,
        "in-store tasks (checkout, floor help) completed within the customer SLA of their creation, divided by those completed or abandoned",
    ),
    kpi(
        "task_sla_rate_online",
        "Online tasks in SLA",
        "share",
        Up,
        false,
        "online tasks completed by their deadline, divided by those completed or abandoned (a customer who gave up at the desk): BOPIS pick by the promise, ship pick by the cut-off minus the mean pack time, pack by the cut-off, pickup desk within the customer SLA",
    ),
    kpi(
        "task_sla_rate_stock",
        "Stock tasks in SLA",
        "share",
        Up,
        false,
        "stock tasks (put-away, cycle counts, returns) completed within the stock SLA, divided by those completed",
    ),
    kpi(
        "revenue",
        "Revenue",
        "currency",
        Up,
        false,
        "value of units sold at checkout plus units handed over in online orders",
    ),
    kpi(
        "gross_margin",
        "Gross margin",
        "currency",
        Up,
        true,
        "revenue minus the cost of the goods sold, each unit at its price times (1 - its SKU's gross margin rate)",
    ),
    kpi(
        "lost_sales_revenue",
        "Lost sales",
        "currency",
        Down,
        true,
        "sum of the six lost-sales causes below",
    ),
    kpi(
        "lost_sales_shelf_empty",
        "Lost sales: empty shelf",
        "currency",
        Down,
        false,
        "value of units a shopper wanted but found no stock of (and did not substitute)",
    ),
    kpi(
        "lost_sales_balked",
        "Lost sales: balked",
        "currency",
        Down,
        false,
        "value of baskets abandoned because the checkout queue was too long on arrival",
    ),
    kpi(
        "lost_sales_reneged",
        "Lost sales: reneged",
        "currency",
        Down,
        false,
        "value of baskets abandoned after waiting in the checkout queue beyond the shopper's patience",
    ),
    kpi(
        "lost_sales_online_declined",
        "Lost sales: web declined",
        "currency",
        Down,
        false,
        "value of order lines the website refused because visible stock was too low",
    ),
    kpi(
        "lost_sales_order_cancelled",
        "Lost sales: cancelled",
        "currency",
        Down,
        false,
        "value of accepted order lines not handed over: not found and not substituted, cancelled orders, uncollected orders",
    ),
    kpi(
        "lost_sales_assist_abandoned",
        "Lost sales: no help",
        "currency",
        Down,
        false,
        "value lost because help did not come in time: the item a shopper asked about and would have bought, and the whole basket of a shopper who then walked out",
    ),
    kpi(
        "assist_sales",
        "Sales from floor help",
        "currency",
        Up,
        false,
        "value of items put in baskets because help came in time (the item the shopper asked about, found with the employee)",
    ),
    kpi(
        "sales_per_labour_hour",
        "Sales per labour hour",
        "currency/h",
        Up,
        true,
        "revenue divided by paid hours (shift hours, overtime at close; training blocks are inside shifts)",
    ),
    kpi(
        "labour_cost",
        "Labour cost",
        "currency",
        Down,
        true,
        "paid hours times wage (shift time, training blocks included, and overtime at close)",
    ),
    kpi(
        "technology_cost",
        "Technology cost",
        "currency",
        Down,
        false,
        "cost of the visibility technology over the measured days: RFID counting at its monthly cost per store, prorated per day (12/365 of a month's cost a day)",
    ),
    kpi(
        "labour_cost_share",
        "Labour cost / revenue",
        "ratio",
        Down,
        false,
        "labour cost divided by revenue (a ratio, not a share of a whole: above 1 when wages exceed sales)",
    ),
    kpi(
        "labour_hours",
        "Labour hours",
        "h",
        Down,
        false,
        "paid hours: shift hours (training blocks included) plus overtime at close",
    ),
    kpi(
        "training_cost",
        "Training cost",
        "currency",
        Down,
        false,
        "cross-training cost of the measured period: wage x training hours of each cross-trained slot x days / 365 (the roster's training as a yearly cost), plus wage x training hours of each cross-trained slot hired again in the period; not added to labour_cost",
    ),
    kpi(
        "shelf_availability",
        "Shelf availability",
        "share",
        Up,
        false,
        "demand-weighted share of SKUs with at least one unit on the shelf, sampled hourly while open",
    ),
    kpi(
        "shelf_fill_rate",
        "Shelf fill rate",
        "share",
        Up,
        false,
        "units wanted by shoppers that they found on the shelf at once, divided by units wanted (a substitute or a backorder does not count as found)",
    ),
    kpi(
        "record_accuracy",
        "Stock record accuracy",
        "share",
        Up,
        false,
        "share of SKUs whose record equals physical stock (shelf + backroom + misplaced + unpaid units in carts), sampled daily at close",
    ),
    kpi(
        "oversell_rate",
        "Oversold orders",
        "share",
        Down,
        false,
        "online orders with at least one line not found in full at pick time, divided by orders picked",
    ),
    kpi(
        "staff_utilisation",
        "Staff utilisation",
        "share",
        Up,
        false,
        "minutes spent on tasks divided by paid shift minutes",
    ),
    kpi(
        "utilisation_checkout",
        "Utilisation: checkout",
        "share",
        Neutral,
        false,
        "minutes on checkout tasks divided by shift minutes of employees holding the checkout skill",
    ),
    kpi(
        "utilisation_floor",
        "Utilisation: floor",
        "share",
        Neutral,
        false,
        "the same for the floor skill",
    ),
    kpi(
        "utilisation_picking",
        "Utilisation: picking",
        "share",
        Neutral,
        false,
        "the same for the picking skill",
    ),
    kpi(
        "utilisation_packing",
        "Utilisation: packing",
        "share",
        Neutral,
        false,
        "the same for the packing skill",
    ),
    kpi(
        "utilisation_pickup_desk",
        "Utilisation: pickup desk",
        "share",
        Neutral,
        false,
        "the same for the pickup_desk skill",
    ),
    kpi(
        "utilisation_returns",
        "Utilisation: returns",
        "share",
        Neutral,
        false,
        "the same for the returns skill",
    ),
    kpi(
        "utilisation_stocking",
        "Utilisation: stocking",
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kpi_has_a_distinct_readable_label() {
        let mut seen = std::collections::BTreeSet::new();
        for k in KPIS {
            assert!(!k.label.is_empty(), "{} has no label", k.name);
            assert!(k.label.chars().count() <= 26, "{}: label too long", k.name);
            assert_ne!(k.label, k.name, "{}: the label repeats the id", k.name);
            assert!(!k.label.contains('_'), "{}: label is snake_case", k.name);
            assert!(
                seen.insert(k.label.to_lowercase()),
                "{}: label \"{}\" used twice",
                k.name,
                k.label
            );
        }
        let label = |n: &str| KPIS[kpi_index(n).unwrap()].label;
        assert_eq!(label("bopis_on_time_rate"), "BOPIS ready on time");
    }

    #[test]
    fn units_tell_the_kind() {
        let kind = |n: &str| KPIS[kpi_index(n).unwrap()].kind();
        assert_eq!(kind("bopis_on_time_rate"), Kind::Share);
        assert_eq!(kind("labour_cost"), Kind::Currency);
        assert_eq!(kind("sales_per_labour_hour"), Kind::Currency);
        assert_eq!(kind("checkout_wait_minutes_mean"), Kind::Minutes);
        assert_eq!(kind("checkout_queue_length_mean"), Kind::Count);
        assert_eq!(kind("nps"), Kind::Other);
        assert!(KPIS[kpi_index("utilisation_floor").unwrap()].diagnostic());
        assert!(KPIS[kpi_index("staff_utilisation").unwrap()].diagnostic());
        assert!(!KPIS[kpi_index("lost_sales_revenue").unwrap()].diagnostic());
    }

    #[test]
    fn each_direction_has_its_own_word_and_no_change_is_no_improvement() {
        // The words printed in tables and JSON: distinct, and the better side by name.
        assert_eq!(Direction::HigherIsBetter.word(), "higher");
        assert_eq!(Direction::LowerIsBetter.word(), "lower");
        assert_eq!(Direction::Neutral.word(), "neither");
        // An undefined change judges nothing, whichever side is better.
        for d in [
            Direction::HigherIsBetter,
            Direction::LowerIsBetter,
            Direction::Neutral,
        ] {
            assert_eq!(d.improves(f64::NAN), None, "{d:?}");
            assert_eq!(d.improves(0.0), None, "{d:?}");
        }
        assert_eq!(Direction::HigherIsBetter.improves(1e-9), Some(true));
        assert_eq!(Direction::LowerIsBetter.improves(1e-9), Some(false));
        assert_eq!(Direction::Neutral.improves(-1.0), None);
    }
}
