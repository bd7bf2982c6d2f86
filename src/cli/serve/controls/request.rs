//! From a request's control values to a run: each value checked against its control's
//! bounds and written as overrides of the scenario file, the scenario rebuilt and validated,
//! and any problem reported by the control that caused it. Also the guided story, which
//! turns the levers on one step at a time.

use super::{
    Base, Control, DEFAULT_REPLICATIONS, Kind, MAX_DAYS, MAX_REPLICATIONS, MAX_WARMUP_DAYS, Target,
    minutes_text, word,
};
use crate::scenario::overrides::{Override, load_with};
use crate::scenario::{Policy, Scenario, ScenarioError};
use serde::Serialize;
use serde_json::Value as Json;
use std::collections::BTreeMap;
use toml::Value;

/// A request's settings: control values by id (controls left out keep their start value),
/// and the replications.
#[derive(Clone, Debug, Default, serde::Deserialize, Serialize)]
pub struct Settings {
    /// Control values by id.
    #[serde(default)]
    pub values: BTreeMap<String, Json>,
    /// Replications per policy (default [`DEFAULT_REPLICATIONS`]).
    #[serde(default)]
    pub replications: Option<u32>,
}

/// Problems by control id (`""` for the request as a whole).
pub type Problems = BTreeMap<String, String>;

/// A run the settings describe: its overrides, scenario text and scenario.
#[derive(Clone, Debug)]
pub struct Built {
    /// The overrides, in order.
    pub overrides: Vec<Override>,
    /// The scenario file text with the overrides written in: `omnisim run` on it
    /// reproduces the run.
    pub text: String,
    /// The validated scenario.
    pub scenario: Scenario,
    /// Replications per policy.
    pub replications: u32,
}

fn ov(path: String, value: Value) -> Override {
    Override { path, value }
}

/// Equal values, numbers compared as numbers (a page sends `1` for `1.0`).
pub fn same(a: &Json, b: &Json) -> bool {
    match (a.as_f64(), b.as_f64()) {
        (Some(x), Some(y)) => x == y,
        _ => a == b,
    }
}

/// The value of control `c` in `values`, checked against its kind and caps, as TOML; None
/// when it equals the start value (nothing to write).
fn checked(c: &Control, v: &Json) -> Result<Option<Value>, String> {
    if same(v, &c.start) {
        return Ok(None);
    }
    let value = match &c.kind {
        Kind::Share => {
            let x = v.as_f64().ok_or("expected a number from 0 to 1")?;
            if !(0.0..=1.0).contains(&x) {
                return Err(format!("expected a share from 0 to 1, got {x}"));
            }
            Value::Float(x)
        }
        Kind::Number { min, max, .. } => {
            let x = v
                .as_f64()
                .ok_or_else(|| format!("expected a number from {min} to {max}"))?;
            if !(*min..=*max).contains(&x) {
                return Err(format!("expected a number from {min} to {max}, got {x}"));
            }
            Value::Float(x)
        }
        Kind::Count { min, max } => {
            let x = v
                .as_i64()
                .or_else(|| v.as_f64().filter(|f| f.fract() == 0.0).map(|f| f as i64))
                .ok_or_else(|| format!("expected a whole number from {min} to {max}"))?;
            if x < i64::from(*min) || x > i64::from(*max) {
                return Err(format!(
                    "expected a whole number from {min} to {max}, got {x}"
                ));
            }
            Value::Integer(x)
        }
        Kind::Flag => Value::Boolean(v.as_bool().ok_or("expected true or false")?),
        Kind::Choice { options } => {
            let w = v.as_str().unwrap_or_default();
            if !options.contains(&w) {
                return Err(format!("expected one of {}", options.join(", ")));
            }
            Value::String(w.to_string())
        }
        Kind::Duration => {
            let w = v
                .as_str()
                .ok_or("expected a duration such as 2h or 15min")?;
            if w.trim().is_empty() || w.len() > 32 {
                return Err("expected a duration such as 2h or 15min".into());
            }
            // The validator reads it; it says what is wrong with it.
            Value::String(w.trim().to_string())
        }
    };
    Ok(Some(value))
}

/// The overrides and the scenario `settings` describe, or the problems by control.
pub fn build(base: &Base, settings: &Settings) -> Result<Built, Problems> {
    let mut problems = Problems::new();
    let replications = settings.replications.unwrap_or(DEFAULT_REPLICATIONS);
    if !(2..=MAX_REPLICATIONS).contains(&replications) {
        problems.insert(
            "replications".into(),
            format!("expected 2 to {MAX_REPLICATIONS} replications, got {replications}"),
        );
    }
    for id in settings.values.keys() {
        if !base.controls.iter().any(|c| &c.id == id) {
            problems.insert(id.clone(), format!("no control is named \"{id}\""));
        }
    }
    let sc = &base.scenario;
    let chosen = base.chosen_name().to_string();
    let mut overrides = Vec::new();
    let mut demand = 1.0;
    let mut share = None;
    for c in &base.controls {
        let Some(v) = settings.values.get(&c.id) else {
            continue;
        };
        let value = match checked(c, v) {
            Ok(Some(x)) => x,
            Ok(None) => continue,
            Err(m) => {
                problems.insert(c.id.clone(), m);
                continue;
            }
        };
        match &c.target {
            Target::Policy(key) => {
                overrides.push(ov(format!("policies.{chosen}.{key}"), value));
            }
            Target::Staff { store, group } => overrides.push(ov(
                format!(
                    "stores.{store}.staff.{}.count",
                    sc.stores[*store].staff[*group].name
                ),
                value,
            )),
            Target::DemandScale => demand = value.as_float().unwrap_or(1.0),
            Target::OnlineShare => share = value.as_float(),
            Target::Promise => {
                for s in 0..sc.stores.len() {
                    overrides.push(ov(
                        format!("stores.{s}.online.bopis_promise"),
                        value.clone(),
                    ));
                }
            }
        }
    }
    if demand != 1.0 || share.is_some() {
        for (s, (shoppers, online)) in base.per_day.iter().enumerate() {
            let total = shoppers + online;
            let (new_s, new_o) = match share {
                Some(f) => (demand * total * (1.0 - f), demand * total * f),
                None => (demand * shoppers, demand * online),
            };
            let round = |x: f64| (x * 100.0).round() / 100.0;
            overrides.push(ov(
                format!("stores.{s}.shoppers.per_day"),
                Value::Float(round(new_s)),
            ));
            overrides.push(ov(
                format!("stores.{s}.online.per_day"),
                Value::Float(round(new_o)),
            ));
        }
    }
    // The caps on the horizon, and the replications, written into the file so that it
    // reproduces the run by itself.
    if sc.days > MAX_DAYS {
        overrides.push(ov("scenario.days".into(), Value::Integer(MAX_DAYS.into())));
    }
    if sc.warmup_days > MAX_WARMUP_DAYS {
        overrides.push(ov(
            "scenario.warmup_days".into(),
            Value::Integer(MAX_WARMUP_DAYS.into()),
        ));
    }
    overrides.push(ov(
        "scenario.replications".into(),
        Value::Integer(replications.into()),
    ));
    // The workshop runs a plain comparison: a scenario whose [experiment] asks for a
    // precision target or the factorial keeps only its confidence, so that the file runs
    // the same way under `omnisim run`.
    if sc.experiment.precision.is_some() || sc.experiment.factorial {
        let mut t = toml::Table::new();
        t.insert("confidence".into(), Value::Float(sc.experiment.confidence));
        overrides.push(ov("experiment".into(), Value::Table(t)));
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    match load_with(&base.text, &base.file, &base.base_dir, &overrides) {
        Ok((text, scenario)) => Ok(Built {
            overrides,
            text,
            scenario,
            replications,
        }),
        Err(e) => Err(problems_of(base, &e)),
    }
}

/// The validator's issues mapped back to the controls whose paths they name (others under
/// `""`).
fn problems_of(base: &Base, e: &ScenarioError) -> Problems {
    let mut out = Problems::new();
    let chosen = base.chosen;
    for issue in &e.issues {
        let path = issue.path.as_str();
        let control = base.controls.iter().find(|c| match &c.target {
            Target::Policy(key) => {
                path == format!("policies[{chosen}].{key}")
                    || path == format!("policies.{}.{key}", base.chosen_name())
            }
            Target::Staff { store, group } => {
                path.starts_with(&format!("stores[{store}].staff[{group}]"))
                    || path.starts_with(&format!(
                        "stores.{store}.staff.{}",
                        base.scenario.stores[*store].staff[*group].name
                    ))
            }
            Target::DemandScale => path.contains("per_day"),
            Target::OnlineShare => false,
            Target::Promise => path.contains("bopis_promise"),
        });
        let id = control.map_or(String::new(), |c| c.id.clone());
        let entry = out.entry(id).or_default();
        if !entry.is_empty() {
            entry.push_str("; ");
        }
        entry.push_str(&issue.message);
    }
    if out.is_empty() {
        out.insert(String::new(), e.to_string());
    }
    out
}

/// The story's policies: the baseline, then the chosen policy's steps added one at a time
/// (visibility with its safety buffer, cross-training, communication, metrics), each a full
/// policy table written into the file.
pub fn story_policies(built: &Built, base: &Base) -> Value {
    let sc = &built.scenario;
    let low = &sc.policies[sc.baseline];
    let high = &sc.policies[base.chosen];
    let table = |name: &str, p: &Policy| {
        let mut t = toml::Table::new();
        t.insert("name".into(), Value::String(name.into()));
        t.insert("preset".into(), Value::String("siloed".into()));
        t.insert(
            "sync_interval".into(),
            Value::String(minutes_text(p.sync_interval)),
        );
        t.insert(
            "safety_buffer".into(),
            Value::Integer(p.safety_buffer.into()),
        );
        t.insert(
            "cross_training_share".into(),
            Value::Float(p.cross_training_share),
        );
        t.insert("communication".into(), Value::String(word(p.communication)));
        t.insert("dispatch".into(), Value::String(word(p.dispatch)));
        t.insert("item_location".into(), Value::Boolean(p.item_location));
        t.insert("shelf_gap_tasks".into(), Value::Boolean(p.shelf_gap_tasks));
        t.insert("rfid_counts".into(), Value::Boolean(p.rfid_counts));
        Value::Table(t)
    };
    let mut p = low.clone();
    let mut out = vec![table(&low.name, &p)];
    for step in STORY_STEPS {
        match step {
            "visibility" => {
                p.sync_interval = high.sync_interval;
                p.item_location = high.item_location;
                p.shelf_gap_tasks = high.shelf_gap_tasks;
                p.rfid_counts = high.rfid_counts;
                p.safety_buffer = high.safety_buffer;
            }
            "cross_training" => p.cross_training_share = high.cross_training_share,
            "communication" => p.communication = high.communication,
            _ => p.dispatch = high.dispatch,
        }
        out.push(table(&format!("+{step}"), &p));
    }
    Value::Array(out)
}

/// The story's steps, in order.
pub const STORY_STEPS: [&str; 4] = ["visibility", "cross_training", "communication", "metrics"];

/// The story run: the settings' overrides, then the policies of the story.
pub fn build_story(base: &Base, settings: &Settings) -> Result<Built, Problems> {
    let compare = build(base, settings)?;
    let mut overrides: Vec<Override> = compare
        .overrides
        .iter()
        .filter(|o| !o.path.starts_with("policies."))
        .cloned()
        .collect();
    overrides.push(ov("policies".into(), story_policies(&compare, base)));
    overrides.push(ov(
        "scenario.baseline".into(),
        Value::String(base.baseline_name().to_string()),
    ));
    match load_with(&base.text, &base.file, &base.base_dir, &overrides) {
        Ok((text, scenario)) => Ok(Built {
            overrides,
            text,
            scenario,
            replications: compare.replications,
        }),
        Err(e) => Err(problems_of(base, &e)),
    }
}
