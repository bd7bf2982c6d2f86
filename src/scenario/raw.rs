#![allow(missing_docs)] // field names mirror the documented scenario keys (docs/src/scenario-files.md)
//! The scenario file's shape, exactly as written: every field optional (defaults are applied
//! by validation), unknown keys rejected. Distributions and durations stay raw TOML values
//! here so that validation can give messages naming the field.

use schemars::JsonSchema;
use serde::Deserialize;
use std::collections::BTreeMap;
use toml::Value;

/// A whole scenario file.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawScenario {
    pub scenario: Option<RawHeader>,
    pub catalogue: Option<RawCatalogue>,
    #[serde(default)]
    pub policies: Vec<RawPolicy>,
    pub communication: Option<RawCommunication>,
    pub training: Option<RawTraining>,
    pub satisfaction: Option<RawSatisfaction>,
    #[serde(default)]
    pub stores: Vec<RawStore>,
    pub experiment: Option<RawExperiment>,
}

#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawExperiment {
    pub confidence: Option<f64>,
    pub precision: Option<f64>,
    pub precision_kpis: Option<Vec<String>>,
    pub max_replications: Option<i64>,
    pub factorial: Option<bool>,
    pub factorial_low: Option<String>,
    pub factorial_high: Option<String>,
}

#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawHeader {
    pub name: Option<String>,
    pub description: Option<String>,
    pub days: Option<i64>,
    pub warmup_days: Option<i64>,
    pub seed: Option<i64>,
    pub replications: Option<i64>,
    pub baseline: Option<String>,
}

#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawCatalogue {
    pub skus: Option<i64>,
    pub zipf_exponent: Option<f64>,
    #[serde(default)]
    #[schemars(with = "Option<crate::scenario::schema::Distribution>")]
    pub price: Option<Value>,
    pub file: Option<String>,
    pub gross_margin: Option<f64>,
}

#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawPolicy {
    pub name: Option<String>,
    #[schemars(extend("enum" = ["siloed", "aligned"]))]
    pub preset: Option<String>,
    pub description: Option<String>,
    #[serde(default)]
    #[schemars(with = "Option<crate::scenario::schema::Duration>")]
    pub sync_interval: Option<Value>,
    pub safety_buffer: Option<i64>,
    pub cross_training_share: Option<f64>,
    #[schemars(extend("enum" = ["fragmented", "unified"]))]
    pub communication: Option<String>,
    #[schemars(extend("enum" = ["team_metrics", "customer_impact", "team_fifo"]))]
    pub dispatch: Option<String>,
    pub item_location: Option<bool>,
    pub shelf_gap_tasks: Option<bool>,
    pub rfid_counts: Option<bool>,
}

#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawCommunication {
    pub fragmented: Option<RawChannel>,
    pub unified: Option<RawChannel>,
}

#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawChannel {
    #[serde(default)]
    #[schemars(with = "Option<crate::scenario::schema::Distribution>")]
    pub latency: Option<Value>,
    pub miss_probability: Option<f64>,
    #[serde(default)]
    #[schemars(with = "Option<crate::scenario::schema::Duration>")]
    pub reraise_after: Option<Value>,
    #[serde(default)]
    #[schemars(with = "Option<crate::scenario::schema::Distribution>")]
    pub handoff_delay: Option<Value>,
    pub arrival_notice_miss: Option<f64>,
    pub approval_failure: Option<f64>,
    pub change_miss: Option<f64>,
}

#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawTraining {
    pub hours_per_employee: Option<f64>,
    pub start_proficiency: Option<f64>,
    pub ramp_days: Option<f64>,
    pub hours_per_day: Option<f64>,
    pub annual_turnover: Option<f64>,
    pub new_hire_proficiency: Option<f64>,
    pub new_hire_ramp_days: Option<f64>,
    pub trainees_per_group: Option<i64>,
    pub trained_before_start: Option<bool>,
}

#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawSatisfaction {
    pub base_score: Option<f64>,
    pub noise_sd: Option<f64>,
    #[serde(default)]
    #[schemars(with = "Option<crate::scenario::schema::Duration>")]
    pub wait_tolerance: Option<Value>,
    pub penalty_per_wait_minute: Option<f64>,
    pub penalty_per_missing_item: Option<f64>,
    pub penalty_assist_abandoned: Option<f64>,
    pub penalty_balked: Option<f64>,
    pub penalty_reneged: Option<f64>,
    pub penalty_late_order: Option<f64>,
    pub penalty_inaccurate_order: Option<f64>,
    pub penalty_cancelled_order: Option<f64>,
}

#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawStore {
    pub name: Option<String>,
    #[schemars(regex(pattern = r"^\s*[0-9]+:[0-9]+\s*$"))]
    pub open: Option<String>,
    #[schemars(regex(pattern = r"^\s*[0-9]+:[0-9]+\s*$"))]
    pub close: Option<String>,
    pub checkout_lanes: Option<i64>,
    pub self_checkout: Option<i64>,
    pub pickup_desks: Option<i64>,
    #[serde(default)]
    #[schemars(with = "Option<crate::scenario::schema::Distribution>")]
    pub task_switch_time: Option<Value>,
    pub shoppers: Option<RawShoppers>,
    pub online: Option<RawOnline>,
    pub returns: Option<RawReturns>,
    pub inventory: Option<RawInventory>,
    pub replenishment: Option<RawReplenishment>,
    pub sla: Option<RawSla>,
    #[serde(default)]
    pub staff: Vec<RawStaff>,
}

#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawShoppers {
    pub per_day: Option<f64>,
    pub hourly: Option<Vec<f64>>,
    pub hourly_by_weekday: Option<Vec<Vec<f64>>>,
    pub weekday: Option<Vec<f64>>,
    #[serde(default)]
    #[schemars(with = "Option<crate::scenario::schema::Distribution>")]
    pub basket_items: Option<Value>,
    #[serde(default)]
    #[schemars(with = "Option<crate::scenario::schema::Distribution>")]
    pub browse_time: Option<Value>,
    pub substitution_probability: Option<f64>,
    pub assist_probability: Option<f64>,
    #[serde(default)]
    #[schemars(with = "Option<crate::scenario::schema::Distribution>")]
    pub assist_time: Option<Value>,
    #[serde(default)]
    #[schemars(with = "Option<crate::scenario::schema::Distribution>")]
    pub assist_patience: Option<Value>,
    #[serde(default)]
    #[schemars(with = "Option<crate::scenario::schema::Distribution>")]
    pub checkout_time: Option<Value>,
    #[serde(default)]
    #[schemars(with = "Option<crate::scenario::schema::Duration>")]
    pub checkout_time_per_item: Option<Value>,
    pub self_checkout_share: Option<f64>,
    #[serde(default)]
    #[schemars(with = "Option<crate::scenario::schema::Distribution>")]
    pub self_checkout_time: Option<Value>,
    pub balk_queue_length: Option<i64>,
    pub balk_probability_per_extra: Option<f64>,
    #[serde(default)]
    #[schemars(with = "Option<crate::scenario::schema::Distribution>")]
    pub patience: Option<Value>,
    pub assist_sale_probability: Option<f64>,
    pub assist_walkout_probability: Option<f64>,
}

#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawOnline {
    pub per_day: Option<f64>,
    pub hourly: Option<Vec<f64>>,
    pub hourly_by_weekday: Option<Vec<Vec<f64>>>,
    pub weekday: Option<Vec<f64>>,
    #[serde(default)]
    #[schemars(with = "Option<crate::scenario::schema::Distribution>")]
    pub lines: Option<Value>,
    #[serde(default)]
    #[schemars(with = "Option<crate::scenario::schema::Distribution>")]
    pub units_per_line: Option<Value>,
    pub bopis_share: Option<f64>,
    #[serde(default)]
    #[schemars(with = "Option<crate::scenario::schema::Duration>")]
    pub bopis_promise: Option<Value>,
    #[schemars(regex(pattern = r"^\s*[0-9]+:[0-9]+\s*$"))]
    pub ship_cutoff: Option<String>,
    #[serde(default)]
    #[schemars(with = "Option<crate::scenario::schema::Duration>")]
    pub ship_handling: Option<Value>,
    #[serde(default)]
    #[schemars(with = "Option<crate::scenario::schema::Distribution>")]
    pub pick_time_per_order: Option<Value>,
    #[serde(default)]
    #[schemars(with = "Option<crate::scenario::schema::Distribution>")]
    pub pick_time_per_line: Option<Value>,
    #[serde(default)]
    #[schemars(with = "Option<crate::scenario::schema::Distribution>")]
    pub pack_time: Option<Value>,
    #[serde(default)]
    #[schemars(with = "Option<crate::scenario::schema::Distribution>")]
    pub stage_time: Option<Value>,
    #[serde(default)]
    #[schemars(with = "Option<crate::scenario::schema::Distribution>")]
    pub pickup_delay: Option<Value>,
    #[serde(default)]
    #[schemars(with = "Option<crate::scenario::schema::Distribution>")]
    pub pickup_service_time: Option<Value>,
    #[serde(default)]
    #[schemars(with = "Option<crate::scenario::schema::Distribution>")]
    pub pickup_patience: Option<Value>,
    pub no_show_probability: Option<f64>,
    pub hold_days: Option<f64>,
    #[schemars(extend("enum" = ["substitute", "short", "cancel"]))]
    pub not_found: Option<String>,
    pub substitution_acceptance: Option<f64>,
    pub pick_error_rate: Option<f64>,
    #[serde(default)]
    #[schemars(with = "Option<crate::scenario::schema::Distribution>")]
    pub pick_search_time: Option<Value>,
    pub order_change_probability: Option<f64>,
}

#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawReturns {
    pub online_return_rate: Option<f64>,
    pub store_return_rate: Option<f64>,
    #[serde(default)]
    #[schemars(with = "Option<crate::scenario::schema::Distribution>")]
    pub return_delay: Option<Value>,
    #[serde(default)]
    #[schemars(with = "Option<crate::scenario::schema::Distribution>")]
    pub process_time: Option<Value>,
    pub resaleable_share: Option<f64>,
}

#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawInventory {
    pub shrink_rate: Option<f64>,
    pub misplace_rate: Option<f64>,
    pub misplace_recovery: Option<f64>,
    pub scan_error_rate: Option<f64>,
    pub cycle_counts_per_day: Option<i64>,
    #[serde(default)]
    #[schemars(with = "Option<crate::scenario::schema::Distribution>")]
    pub cycle_count_time: Option<Value>,
    pub rfid_count_days: Option<f64>,
    #[serde(default)]
    #[schemars(with = "Option<crate::scenario::schema::Duration>")]
    pub rfid_count_time: Option<Value>,
    pub rfid_cost_per_month: Option<f64>,
    pub start_counted: Option<bool>,
}

#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawReplenishment {
    #[schemars(extend("enum" = ["s_S", "sS", "R_S", "RS", "base_stock"]))]
    pub policy: Option<String>,
    pub reorder_point_days: Option<f64>,
    pub order_up_to_days: Option<f64>,
    pub order_days: Option<Vec<String>>,
    #[schemars(regex(pattern = r"^\s*[0-9]+:[0-9]+\s*$"))]
    pub order_time: Option<String>,
    #[serde(default)]
    #[schemars(with = "Option<crate::scenario::schema::Distribution>")]
    pub lead_time: Option<Value>,
    pub putaway_units_per_task: Option<i64>,
    #[serde(default)]
    #[schemars(with = "Option<crate::scenario::schema::Distribution>")]
    pub putaway_time_per_task: Option<Value>,
    #[serde(default)]
    #[schemars(with = "Option<crate::scenario::schema::Duration>")]
    pub putaway_time_per_unit: Option<Value>,
    pub backorders: Option<bool>,
}

#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawSla {
    #[serde(default)]
    #[schemars(with = "Option<crate::scenario::schema::Duration>")]
    pub customer: Option<Value>,
    #[serde(default)]
    #[schemars(with = "Option<crate::scenario::schema::Duration>")]
    pub stock: Option<Value>,
}

#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawStaff {
    pub name: Option<String>,
    #[schemars(extend("enum" = ["store", "online"]))]
    pub team: Option<String>,
    pub count: Option<i64>,
    pub skills: Option<BTreeMap<String, f64>>,
    pub cross_skills: Option<BTreeMap<String, f64>>,
    pub shift: Option<RawShift>,
    pub wage_per_hour: Option<f64>,
}

#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawShift {
    #[schemars(regex(pattern = r"^\s*[0-9]+:[0-9]+\s*$"))]
    pub start: Option<String>,
    #[schemars(regex(pattern = r"^\s*[0-9]+:[0-9]+\s*$"))]
    pub end: Option<String>,
    pub days: Option<Vec<String>>,
}
