//! The resolved scenario: plain data with every default applied and every check passed.
//! The simulation reads only these types.

use crate::engine::Minutes;
use crate::scenario::dist::Dist;
use serde::Serialize;

/// Staff skills. A task needs exactly one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Skill {
    /// staffed checkout lanes
    Checkout,
    /// helping shoppers on the sales floor
    Floor,
    /// picking online orders from the shelf
    Picking,
    /// packing ship-from-store orders
    Packing,
    /// handing BOPIS orders to customers
    PickupDesk,
    /// processing returned items
    Returns,
    /// receiving, put-away and cycle counts
    Stocking,
}

impl Skill {
    /// Every skill, in index order.
    pub const ALL: [Skill; 7] = [
        Skill::Checkout,
        Skill::Floor,
        Skill::Picking,
        Skill::Packing,
        Skill::PickupDesk,
        Skill::Returns,
        Skill::Stocking,
    ];
    /// Number of skills.
    pub const COUNT: usize = 7;

    /// Dense index 0..7.
    #[inline]
    pub fn index(self) -> usize {
        self as usize
    }

    /// The snake_case name used in scenario files and KPI names.
    pub fn name(self) -> &'static str {
        match self {
            Skill::Checkout => "checkout",
            Skill::Floor => "floor",
            Skill::Picking => "picking",
            Skill::Packing => "packing",
            Skill::PickupDesk => "pickup_desk",
            Skill::Returns => "returns",
            Skill::Stocking => "stocking",
        }
    }

    /// Parses a skill name.
    pub fn parse(name: &str) -> Option<Skill> {
        Skill::ALL.into_iter().find(|s| s.name() == name)
    }

    /// The channel whose work this skill serves.
    pub fn channel(self) -> Channel {
        match self {
            Skill::Checkout | Skill::Floor => Channel::InStore,
            Skill::Picking | Skill::Packing | Skill::PickupDesk => Channel::Online,
            Skill::Returns | Skill::Stocking => Channel::Stock,
        }
    }

    /// True for tasks with a customer waiting in person.
    pub fn customer_present(self) -> bool {
        matches!(self, Skill::Checkout | Skill::Floor | Skill::PickupDesk)
    }
}

/// Where a task's work comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// walk-in shoppers
    InStore,
    /// online orders
    Online,
    /// stock and back-office work (receiving, put-away, counts, returns)
    Stock,
}

impl Channel {
    /// Every channel.
    pub const ALL: [Channel; 3] = [Channel::InStore, Channel::Online, Channel::Stock];

    /// Dense index 0..3.
    pub fn index(self) -> usize {
        self as usize
    }

    /// snake_case name.
    pub fn name(self) -> &'static str {
        match self {
            Channel::InStore => "in_store",
            Channel::Online => "online",
            Channel::Stock => "stock",
        }
    }

    /// The team that owns this channel's work.
    pub fn owner(self) -> Team {
        match self {
            Channel::Online => Team::Online,
            Channel::InStore | Channel::Stock => Team::Store,
        }
    }
}

/// An employee's home team.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Team {
    /// the store (floor, checkout, stock) team
    Store,
    /// the online fulfilment team
    Online,
}

impl Team {
    /// Dense index 0..2.
    #[inline]
    pub fn index(self) -> usize {
        self as usize
    }
    /// The other team.
    pub fn other(self) -> Team {
        match self {
            Team::Store => Team::Online,
            Team::Online => Team::Store,
        }
    }
    /// snake_case name.
    pub fn name(self) -> &'static str {
        match self {
            Team::Store => "store",
            Team::Online => "online",
        }
    }
}

/// How task notices travel (one of the levers).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CommunicationMode {
    /// per-team channels; hand-offs between teams are slow and lossy
    Fragmented,
    /// one task tool that every eligible employee sees
    Unified,
}

/// Which task an idle employee takes next (the metrics / priorities lever).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DispatchRule {
    /// each team orders its own work by its own numbers: its customers present first, then
    /// its order work in order of arrival, then back-office work; the other team's tasks
    /// only with nothing of its own (the siloed preset)
    TeamMetrics,
    /// one ordering across channels: customers present first, then earliest deadline,
    /// whichever team owns the task (the aligned preset)
    CustomerImpact,
    /// a deliberately poor baseline: the oldest task of any skill held, own team's first
    /// (a cashier processes an older return while shoppers queue); not a preset
    TeamFifo,
}

/// How many of a group of `count` employees a cross-training share trains (rounded to the
/// nearest whole employee; the first ones of the group are trained).
pub fn trained_count(count: u32, share: f64) -> u32 {
    (f64::from(count) * share).round() as u32
}

/// A policy: one setting for each lever.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Policy {
    /// Name used in outputs.
    pub name: String,
    /// Free text.
    pub description: String,
    /// Inventory visibility: minutes between syncs of the online view (0 = real time).
    pub sync_interval: Minutes,
    /// Inventory visibility: units held back from the online view per SKU.
    pub safety_buffer: u32,
    /// Cross-training: share of each staff group trained on its `cross_skills`.
    pub cross_training_share: f64,
    /// Communication lever.
    pub communication: CommunicationMode,
    /// Metrics / priorities lever.
    pub dispatch: DispatchRule,
    /// Inventory visibility: pickers see where each unit is (shelf, backroom, misplaced) and
    /// go straight to it; without it they search for a line short on the shelf.
    pub item_location: bool,
    /// Inventory visibility: a shelf that runs empty while the backroom holds the SKU raises a
    /// fill task at once; without it the units wait for the delivery's put-away.
    pub shelf_gap_tasks: bool,
    /// Inventory visibility: RFID counts of the whole store on a rotation (replacing manual
    /// cycle counts), at a monthly cost.
    pub rfid_counts: bool,
}

/// A communication channel's behaviour.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ChannelSpec {
    /// Time for a task notice to reach staff \[min\].
    #[serde(skip)]
    pub latency: Dist,
    /// Chance that a notice is missed (then re-raised).
    pub miss_probability: f64,
    /// Time after which a missed notice is raised again \[min\].
    pub reraise_after: Minutes,
    /// Extra delay when a task crosses from one team to the other \[min\].
    #[serde(skip)]
    pub handoff_delay: Dist,
    /// Chance that a BOPIS customer's arrival notice does not reach the pickup desk (the
    /// desk team then notices the customer only `reraise_after` later).
    pub arrival_notice_miss: f64,
    /// Chance that a substitution approval request to the customer fails (the picker then
    /// decides alone: an unapproved substitution or drop).
    pub approval_failure: f64,
    /// Chance that a customer's order edit does not reach the picker (a wrong item).
    pub change_miss: f64,
}

/// Cost and ramp-up of cross-training, and staff turnover.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TrainingSpec {
    /// Training hours per cross-trained employee (and again per cross-trained new hire) \[h\],
    /// taken off the floor inside paid shifts.
    pub hours_per_employee: f64,
    /// Proficiency on a new skill at day 0, as a share of the target proficiency.
    pub start_proficiency: f64,
    /// Days until a new skill reaches its target proficiency \[d\].
    pub ramp_days: f64,
    /// Training hours taken per shift day, from the start of the shift, until the
    /// employee's training hours are done \[h\].
    pub hours_per_day: f64,
    /// Share of each employee slot replaced per year (rate per slot: this / 365 per day).
    pub annual_turnover: f64,
    /// Proficiency of a new hire on their home skills on their first day, as a share of
    /// the target.
    pub new_hire_proficiency: f64,
    /// Days from a new hire's start until their home skills reach their target \[d\].
    pub new_hire_ramp_days: f64,
    /// At most this many employees of a staff group take a training block on the same day
    /// (the first ones in roster order that owe hours).
    pub trainees_per_group: u32,
    /// The roster's cross-training was done before day 0 (e.g. before a season): nobody owes
    /// training blocks at the start; new hires still do. The yearly cost is the same.
    pub trained_before_start: bool,
}

/// The customer scoring model behind `nps` and `csat_mean`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SatisfactionSpec {
    /// Score (0-10) of a customer whose visit went perfectly, before noise.
    pub base_score: f64,
    /// Standard deviation of each customer's personal noise.
    pub noise_sd: f64,
    /// Waits up to this long cost nothing \[min\].
    pub wait_tolerance: Minutes,
    /// Points lost per minute waited beyond the tolerance.
    pub penalty_per_wait_minute: f64,
    /// Points lost per wanted item not found on the shelf.
    pub penalty_per_missing_item: f64,
    /// Points lost when a help request is not answered in time.
    pub penalty_assist_abandoned: f64,
    /// Points lost by a shopper who balked at the checkout queue.
    pub penalty_balked: f64,
    /// Points lost by a shopper who left the checkout queue.
    pub penalty_reneged: f64,
    /// Points lost when an order is ready or shipped after its promise.
    pub penalty_late_order: f64,
    /// Points lost when an order is short or wrong.
    pub penalty_inaccurate_order: f64,
    /// Points lost when an order is cancelled.
    pub penalty_cancelled_order: f64,
}

/// One SKU of the catalogue.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Sku {
    /// Identifier.
    pub id: String,
    /// Unit price \[currency\].
    pub price: f64,
    /// Relative popularity weight (> 0).
    pub popularity: f64,
    /// Gross margin rate: (price − cost of goods) / price, in [0, 1).
    pub margin: f64,
    /// Reorder point override \[units\].
    pub reorder_point: Option<u32>,
    /// Order-up-to level override \[units\].
    pub order_up_to: Option<u32>,
}

/// The catalogue every store sells.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Catalogue {
    /// SKUs in popularity order.
    pub skus: Vec<Sku>,
}

/// A piecewise-constant arrival rate over the week.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ArrivalProfile {
    /// Expected arrivals per weekday (Monday first).
    pub per_weekday: [f64; 7],
    /// Segments `(start, end, rate)` covering the week [min, min, 1/min], sorted, disjoint.
    pub segments: Vec<(Minutes, Minutes, f64)>,
}

/// In-store shoppers.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ShopperSpec {
    /// When shoppers arrive.
    pub arrivals: ArrivalProfile,
    /// Items wanted per shopper (rounded, at least 1).
    #[serde(skip)]
    pub basket_items: Dist,
    /// Time spent on the floor before checkout \[min\].
    #[serde(skip)]
    pub browse_time: Dist,
    /// Chance a shopper takes another in-stock SKU when the wanted one is missing.
    pub substitution_probability: f64,
    /// Chance a shopper asks staff for help.
    pub assist_probability: f64,
    /// Duration of a help request \[min\].
    #[serde(skip)]
    pub assist_time: Dist,
    /// How long a shopper waits for help before going on without it \[min\].
    #[serde(skip)]
    pub assist_patience: Dist,
    /// Fixed part of a staffed checkout \[min\].
    #[serde(skip)]
    pub checkout_time: Dist,
    /// Extra checkout time per item \[min\].
    pub checkout_time_per_item: Minutes,
    /// Share of shoppers who choose self-checkout when kiosks exist.
    pub self_checkout_share: f64,
    /// Self-checkout duration \[min\] (per visit, items included).
    #[serde(skip)]
    pub self_checkout_time: Dist,
    /// Queue length at which shoppers start to balk.
    pub balk_queue_length: u32,
    /// Extra balking probability per waiting shopper beyond that length.
    pub balk_probability_per_extra: f64,
    /// How long a shopper waits in the checkout queue before leaving \[min\].
    #[serde(skip)]
    pub patience: Dist,
    /// Chance that the item a shopper asks help for is one they buy once helped (they do
    /// not find it without help).
    pub assist_sale_probability: f64,
    /// Chance that a shopper whose help never came leaves without buying anything.
    pub assist_walkout_probability: f64,
}

/// What happens to an order line not found on the shelf at pick time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NotFoundRule {
    /// offer a substitute; the customer accepts with `substitution_acceptance`, else the line is
    /// removed with the customer's consent
    Substitute,
    /// send the order without the line (an unapproved short)
    Short,
    /// cancel the whole order
    Cancel,
}

/// Online orders served by the store.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct OnlineSpec {
    /// When orders arrive.
    pub arrivals: ArrivalProfile,
    /// Lines per order (rounded, at least 1).
    #[serde(skip)]
    pub lines: Dist,
    /// Units per line (rounded, at least 1).
    #[serde(skip)]
    pub units_per_line: Dist,
    /// Share of orders that are BOPIS (the rest ship from store).
    pub bopis_share: f64,
    /// BOPIS promise: ready within this time of the order, in opening hours \[min\].
    pub bopis_promise: Minutes,
    /// Carrier cut-off, minutes after midnight \[min\].
    pub ship_cutoff: Minutes,
    /// Minimum time between order and the cut-off it must make \[min\].
    pub ship_handling: Minutes,
    /// Fixed part of picking an order \[min\].
    #[serde(skip)]
    pub pick_time_per_order: Dist,
    /// Picking time per line \[min\].
    #[serde(skip)]
    pub pick_time_per_line: Dist,
    /// Staging and customer notification after a BOPIS pick \[min\].
    #[serde(skip)]
    pub stage_time: Dist,
    /// Packing time of a ship-from-store order \[min\].
    #[serde(skip)]
    pub pack_time: Dist,
    /// Time from the ready notice to the customer's arrival \[min\].
    #[serde(skip)]
    pub pickup_delay: Dist,
    /// Service time at the pickup desk \[min\].
    #[serde(skip)]
    pub pickup_service_time: Dist,
    /// How long a BOPIS customer waits at the desk before leaving to come back later \[min\].
    #[serde(skip)]
    pub pickup_patience: Dist,
    /// Chance a BOPIS customer never comes.
    pub no_show_probability: f64,
    /// Days a ready BOPIS order is held before it is returned to stock \[d\].
    pub hold_days: f64,
    /// Rule for lines not found.
    pub not_found: NotFoundRule,
    /// Chance the customer accepts a substitute.
    pub substitution_acceptance: f64,
    /// Chance of a wrong item per line at proficiency 1 (divided by proficiency).
    pub pick_error_rate: f64,
    /// Without item location data: time a picker spends searching the shelf area and then
    /// the backroom for a line short on the shelf, before taking it or declaring it not
    /// found \[min\].
    #[serde(skip)]
    pub pick_search_time: Dist,
    /// Chance that the customer edits the order (changes an item) before it is picked.
    pub order_change_probability: f64,
}

/// Returns through the store.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ReturnsSpec {
    /// Share of online units returned in store.
    pub online_return_rate: f64,
    /// Share of in-store units returned.
    pub store_return_rate: f64,
    /// Time from sale to return \[min\].
    #[serde(skip)]
    pub return_delay: Dist,
    /// Processing time per returned unit \[min\].
    #[serde(skip)]
    pub process_time: Dist,
    /// Share of returned units fit to sell again (the rest are written off).
    pub resaleable_share: f64,
}

/// Inventory record accuracy drivers.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct InventorySpec {
    /// Daily chance that a unit on the shelf is stolen or damaged (record unchanged).
    pub shrink_rate: f64,
    /// Daily chance that a unit on the shelf is misplaced (not findable, record unchanged).
    pub misplace_rate: f64,
    /// Daily share of misplaced units found and put back.
    pub misplace_recovery: f64,
    /// Chance that a received line is scanned with a wrong quantity.
    pub scan_error_rate: f64,
    /// Cycle counts raised per day (one SKU each).
    pub cycle_counts_per_day: u32,
    /// Duration of one cycle count \[min\].
    #[serde(skip)]
    pub cycle_count_time: Dist,
    /// With RFID counts: days to count every SKU once (a slice of the catalogue each day).
    pub rfid_count_days: f64,
    /// With RFID counts: reading time per SKU \[min\].
    pub rfid_count_time: Minutes,
    /// With RFID counts: cost per store per month (tags, readers, software) \[currency\].
    pub rfid_cost_per_month: f64,
    /// Start with every record exact (as after a full count) instead of at the steady state
    /// of record errors between counts.
    pub start_counted: bool,
}

/// Replenishment policy on record stock.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReplenishmentPolicy {
    /// continuous review: order up to S when the position falls to s or below
    #[serde(rename = "s_S")]
    MinMax,
    /// periodic review on order days: order up to S
    #[serde(rename = "R_S")]
    Periodic,
    /// one-for-one: order whatever brings the position back to S, every day
    BaseStock,
}

/// Store replenishment.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ReplenishmentSpec {
    /// The policy.
    pub policy: ReplenishmentPolicy,
    /// Reorder point s in days of mean demand \[d\].
    pub reorder_point_days: f64,
    /// Order-up-to level S in days of mean demand \[d\].
    pub order_up_to_days: f64,
    /// Days when a purchase order may be sent (Monday first).
    pub order_days: [bool; 7],
    /// Time of day orders are sent [min after midnight].
    pub order_time: Minutes,
    /// Lead time from order to delivery \[min\].
    #[serde(skip)]
    pub lead_time: Dist,
    /// Units per put-away task.
    pub putaway_units_per_task: u32,
    /// Fixed time per put-away task \[min\].
    #[serde(skip)]
    pub putaway_time_per_task: Dist,
    /// Put-away time per unit \[min\].
    pub putaway_time_per_unit: Minutes,
    /// A shopper who finds the shelf empty backorders the unit (filled from the next
    /// delivery) instead of losing it: the textbook inventory model with backorders.
    pub backorders: bool,
}

/// Service levels behind `task_sla_rate_*`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SlaSpec {
    /// A customer-present task should be done within this long \[min\].
    pub customer: Minutes,
    /// A stock or returns task should be done within this long \[min\].
    pub stock: Minutes,
}

/// A group of employees with the same role and shift.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StaffGroup {
    /// Group name.
    pub name: String,
    /// Home team.
    pub team: Team,
    /// How many employees.
    pub count: u32,
    /// Home skills with proficiency (speed multiplier).
    pub skills: Vec<(Skill, f64)>,
    /// Skills gained when cross-trained, with target proficiency.
    pub cross_skills: Vec<(Skill, f64)>,
    /// Shift start [min after midnight].
    pub shift_start: Minutes,
    /// Shift end [min after midnight].
    pub shift_end: Minutes,
    /// Working days (Monday first).
    pub days: [bool; 7],
    /// Hourly wage [currency/h].
    pub wage_per_hour: f64,
}

/// One store.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StoreSpec {
    /// Name used in outputs.
    pub name: String,
    /// Opening time [min after midnight].
    pub open: Minutes,
    /// Closing time [min after midnight].
    pub close: Minutes,
    /// Staffed checkout lanes (tills).
    pub checkout_lanes: u32,
    /// Self-checkout kiosks.
    pub self_checkout: u32,
    /// Pickup desk positions.
    pub pickup_desks: u32,
    /// Walking / switching time when an employee changes skill \[min\].
    #[serde(skip)]
    pub task_switch_time: Dist,
    /// Shoppers.
    pub shoppers: ShopperSpec,
    /// Online orders.
    pub online: OnlineSpec,
    /// Returns.
    pub returns: ReturnsSpec,
    /// Inventory accuracy.
    pub inventory: InventorySpec,
    /// Replenishment.
    pub replenishment: ReplenishmentSpec,
    /// Service levels.
    pub sla: SlaSpec,
    /// Staff roster.
    pub staff: Vec<StaffGroup>,
}

/// A complete, valid scenario.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Scenario {
    /// Name; also the default results folder.
    pub name: String,
    /// Free text.
    pub description: String,
    /// Measured days after the warm-up \[d\].
    pub days: u32,
    /// Simulated but uncounted days before the measured ones \[d\].
    pub warmup_days: u32,
    /// Master seed.
    pub seed: u64,
    /// Default replication count.
    pub replications: u32,
    /// Index of the baseline policy in `policies`.
    pub baseline: usize,
    /// Policies compared.
    pub policies: Vec<Policy>,
    /// Channel behaviour for fragmented communication.
    pub fragmented: ChannelSpec,
    /// Channel behaviour for unified communication.
    pub unified: ChannelSpec,
    /// Cross-training cost and ramp.
    pub training: TrainingSpec,
    /// Customer scoring.
    pub satisfaction: SatisfactionSpec,
    /// Catalogue.
    pub catalogue: Catalogue,
    /// Stores.
    pub stores: Vec<StoreSpec>,
    /// How to run it by default (`\[experiment\]`; command-line flags take precedence).
    pub experiment: ExperimentSpec,
}

/// The `\[experiment\]` section: statistics and designs a plain `omnisim run` applies.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ExperimentSpec {
    /// Family-wise confidence level of the intervals.
    pub confidence: f64,
    /// Target relative half-width for replicating to a precision (None: fixed count).
    pub precision: Option<f64>,
    /// KPIs the precision target applies to (empty: the headline KPIs).
    pub precision_kpis: Vec<String>,
    /// Cap on replications per policy when replicating to a precision.
    pub max_replications: u32,
    /// Run the 2^5 factorial design of the levers.
    pub factorial: bool,
    /// Policy giving the levers' low settings (None: the baseline).
    pub factorial_low: Option<usize>,
    /// Policy giving the levers' high settings (None: `aligned`, else the last policy).
    pub factorial_high: Option<usize>,
}

impl Default for ExperimentSpec {
    fn default() -> Self {
        ExperimentSpec {
            confidence: 0.95,
            precision: None,
            precision_kpis: Vec::new(),
            max_replications: 500,
            factorial: false,
            factorial_low: None,
            factorial_high: None,
        }
    }
}

impl Scenario {
    /// Total simulated time, warm-up included \[min\].
    pub fn horizon(&self) -> Minutes {
        f64::from(self.days + self.warmup_days) * crate::engine::MINUTES_PER_DAY
    }

    /// When counting starts \[min\].
    pub fn warmup_end(&self) -> Minutes {
        f64::from(self.warmup_days) * crate::engine::MINUTES_PER_DAY
    }

    /// The channel settings a policy uses.
    pub fn channel(&self, mode: CommunicationMode) -> &ChannelSpec {
        match mode {
            CommunicationMode::Fragmented => &self.fragmented,
            CommunicationMode::Unified => &self.unified,
        }
    }
}
