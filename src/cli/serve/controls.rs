//! The workshop's controls and how each becomes `--set`-style overrides of the scenario file:
//! one table that names each control, the dotted path(s) it writes, its bounds, and how it
//! reads its start value from the scenario. A request carries control values only; the
//! overrides, the scenario text and the validation are built here, so no request can name a
//! file or a path.

use crate::scenario::overrides::{Override, load_with};
use crate::scenario::{Policy, Scenario, ScenarioError};
use serde::Serialize;
use serde_json::{Value as Json, json};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use toml::Value;

/// Most replications a request may ask for.
pub const MAX_REPLICATIONS: u32 = 60;
/// Replications of a quick run unless the request asks otherwise.
pub const DEFAULT_REPLICATIONS: u32 = 12;
/// Longest measured horizon a run may simulate [days]; longer scenarios are cut to it.
pub const MAX_DAYS: u32 = 28;
/// Longest warm-up a run may simulate [days].
pub const MAX_WARMUP_DAYS: u32 = 14;
/// Largest demand scale (shoppers and online orders together).
pub const MAX_DEMAND_SCALE: f64 = 3.0;
/// Smallest demand scale.
pub const MIN_DEMAND_SCALE: f64 = 0.1;
/// Most employees in one staff group.
pub const MAX_STAFF_PER_GROUP: u32 = 40;
/// Largest online safety buffer [units per SKU].
pub const MAX_SAFETY_BUFFER: u32 = 20;
/// Largest online share of customers (visits plus orders).
pub const MAX_ONLINE_SHARE: f64 = 0.6;
/// Most stores a served scenario may have (each run simulates all of them).
pub const MAX_STORES: usize = 4;
/// Most policies a served scenario may have (each run simulates all of them).
pub const MAX_POLICIES: usize = 4;

/// What kind of value a control holds, and its bounds.
#[derive(Clone, Debug, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Kind {
    /// A share from 0 to 1.
    Share,
    /// A decimal from `min` to `max`.
    Number {
        /// smallest value
        min: f64,
        /// largest value
        max: f64,
        /// step of the input
        step: f64,
    },
    /// A whole number from `min` to `max`.
    Count {
        /// smallest value
        min: u32,
        /// largest value
        max: u32,
    },
    /// On or off.
    Flag,
    /// One of the words.
    Choice {
        /// the allowed words
        options: Vec<&'static str>,
    },
    /// A duration with its unit, e.g. `2h`, `15min`, `0s`.
    Duration,
}

/// Where a control's value goes in the scenario file.
#[derive(Clone, Debug)]
enum Target {
    /// A key of the chosen (non-baseline) policy.
    Policy(&'static str),
    /// `stores.<store>.staff.<group>.count`.
    Staff { store: usize, group: usize },
    /// Every store's shoppers and online orders per day, times the value.
    DemandScale,
    /// Every store's online orders as a share of shoppers plus online orders.
    OnlineShare,
    /// Every store's `online.bopis_promise`.
    Promise,
}

/// One control of the page.
#[derive(Clone, Debug, Serialize)]
pub struct Control {
    /// Stable id (the key of a request's values).
    pub id: String,
    /// Label on the page.
    pub label: String,
    /// Group heading on the page.
    pub group: String,
    /// The mechanism it acts through, in one sentence.
    pub help: String,
    /// Kind and bounds.
    #[serde(flatten)]
    pub kind: Kind,
    /// The scenario's value.
    pub start: Json,
    #[serde(skip)]
    target: Target,
}

/// The base of every served run: the scenario file's text and what the controls need of it.
#[derive(Clone, Debug)]
pub struct Base {
    /// The scenario text as read.
    pub text: String,
    /// Its name in messages.
    pub file: String,
    /// Folder its relative paths are read from.
    pub base_dir: PathBuf,
    /// The scenario as loaded.
    pub scenario: Scenario,
    /// Index of the policy the controls describe.
    pub chosen: usize,
    /// Per store: shoppers and online orders per day as the file sets them.
    per_day: Vec<(f64, f64)>,
    /// The controls.
    pub controls: Vec<Control>,
}

/// A duration in minutes as the file writes it: `2h`, `15min`, `0min`.
pub fn minutes_text(m: f64) -> String {
    if m > 0.0 && m % 60.0 == 0.0 {
        format!("{}h", m / 60.0)
    } else {
        format!("{m}min")
    }
}

fn word<T: Serialize>(x: T) -> String {
    serde_json::to_value(x)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

fn doc_number(doc: &Value, path: &[&str]) -> Option<f64> {
    let mut here = doc;
    for seg in path {
        here = match here {
            Value::Table(t) => t.get(*seg)?,
            Value::Array(a) => a.get(seg.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    match here {
        Value::Integer(i) => Some(*i as f64),
        Value::Float(f) => Some(*f),
        _ => None,
    }
}

impl Base {
    /// Reads the scenario and builds its controls. Refused: scenarios the workshop's caps
    /// cannot serve (too many stores or policies), or one with a single policy.
    pub fn new(text: String, file: String, base_dir: PathBuf) -> anyhow::Result<Base> {
        let scenario = crate::scenario::load_str(&text, &file, &base_dir)?;
        if scenario.policies.len() < 2 {
            anyhow::bail!(
                "{file}: the workshop compares the baseline with one more policy; this scenario has one policy"
            );
        }
        if scenario.policies.len() > MAX_POLICIES || scenario.stores.len() > MAX_STORES {
            anyhow::bail!(
                "{file}: the workshop serves scenarios of at most {MAX_STORES} stores and {MAX_POLICIES} policies (this one has {} and {}), so that a run stays quick",
                scenario.stores.len(),
                scenario.policies.len()
            );
        }
        let b = scenario.baseline;
        let chosen = scenario
            .policies
            .iter()
            .position(|p| p.name == "aligned")
            .filter(|&i| i != b)
            .unwrap_or(if b == 0 { 1 } else { 0 });
        let doc: Value = toml::from_str(&text)?;
        let per_day: Vec<(f64, f64)> = scenario
            .stores
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let i = i.to_string();
                let mean = |w: &[f64; 7]| w.iter().sum::<f64>() / 7.0;
                (
                    doc_number(&doc, &["stores", &i, "shoppers", "per_day"])
                        .unwrap_or_else(|| mean(&s.shoppers.arrivals.per_weekday)),
                    doc_number(&doc, &["stores", &i, "online", "per_day"])
                        .unwrap_or_else(|| mean(&s.online.arrivals.per_weekday)),
                )
            })
            .collect();
        let controls = controls_of(&scenario, chosen, &per_day);
        Ok(Base {
            text,
            file,
            base_dir,
            scenario,
            chosen,
            per_day,
            controls,
        })
    }

    /// The chosen policy's name.
    pub fn chosen_name(&self) -> &str {
        &self.scenario.policies[self.chosen].name
    }

    /// The baseline policy's name.
    pub fn baseline_name(&self) -> &str {
        &self.scenario.policies[self.scenario.baseline].name
    }
}

fn controls_of(sc: &Scenario, chosen: usize, per_day: &[(f64, f64)]) -> Vec<Control> {
    let p: &Policy = &sc.policies[chosen];
    let c =
        |id: &str, label: &str, group: &str, help: &str, kind: Kind, start: Json, target| Control {
            id: id.into(),
            label: label.into(),
            group: group.into(),
            help: help.into(),
            kind,
            start,
            target,
        };
    let mut out = vec![
        c(
            "sync_interval",
            "Stock sync interval",
            "1. Visibility",
            "Time between copies of the store's stock record to the online view (0min = real time); a stale view sells units that are gone, so pickers find lines short.",
            Kind::Duration,
            json!(minutes_text(p.sync_interval)),
            Target::Policy("sync_interval"),
        ),
        c(
            "item_location",
            "Item locations for pickers",
            "1. Visibility",
            "Pickers see where each unit is (shelf, backroom, misplaced) and go straight to it; without it they search for a line short on the shelf.",
            Kind::Flag,
            json!(p.item_location),
            Target::Policy("item_location"),
        ),
        c(
            "shelf_gap_tasks",
            "Shelf-gap tasks",
            "1. Visibility",
            "A shelf that runs empty while the backroom holds the SKU raises a fill task at once; without it the units wait for the next put-away.",
            Kind::Flag,
            json!(p.shelf_gap_tasks),
            Target::Policy("shelf_gap_tasks"),
        ),
        c(
            "rfid_counts",
            "RFID counts",
            "1. Visibility",
            "The whole store is read by RFID on a rotation instead of manual cycle counts, so records stay accurate; costs a monthly fee (technology cost).",
            Kind::Flag,
            json!(p.rfid_counts),
            Target::Policy("rfid_counts"),
        ),
        c(
            "safety_buffer",
            "Online safety buffer",
            "1. Visibility",
            "Units per SKU held back from the online view: fewer oversold orders, more orders declined.",
            Kind::Count {
                min: 0,
                max: MAX_SAFETY_BUFFER,
            },
            json!(p.safety_buffer),
            Target::Policy("safety_buffer"),
        ),
        c(
            "cross_training",
            "Cross-trained share",
            "2. Cross-training",
            "Share of each staff group trained on its cross skills (store staff picking, pickers on the floor): idle hands can take the other team's work; training takes hours off the floor (training cost).",
            Kind::Share,
            json!(p.cross_training_share),
            Target::Policy("cross_training_share"),
        ),
        c(
            "communication",
            "Communication",
            "3. Communication",
            "fragmented: per-team channels, slow and lossy hand-offs, missed check-ins; unified: one task tool every eligible employee sees.",
            Kind::Choice {
                options: vec!["fragmented", "unified"],
            },
            json!(word(p.communication)),
            Target::Policy("communication"),
        ),
        c(
            "dispatch",
            "Metrics (what comes next)",
            "4. Metrics",
            "team_metrics: each team works its own queue first; customer_impact: customers present first, then earliest deadline, whichever team owns the task; team_fifo: oldest task first.",
            Kind::Choice {
                options: vec!["team_metrics", "customer_impact", "team_fifo"],
            },
            json!(word(p.dispatch)),
            Target::Policy("dispatch"),
        ),
        c(
            "demand_scale",
            "Demand scale",
            "Store",
            "Multiplies every store's shoppers and online orders per day.",
            Kind::Number {
                min: MIN_DEMAND_SCALE,
                max: MAX_DEMAND_SCALE,
                step: 0.05,
            },
            json!(1.0),
            Target::DemandScale,
        ),
    ];
    let (s, o) = per_day
        .iter()
        .fold((0.0, 0.0), |(a, b), (s, o)| (a + s, b + o));
    let share = if s + o > 0.0 { o / (s + o) } else { 0.0 };
    out.push(c(
        "online_share",
        "Online share of customers",
        "Store",
        "Online orders as a share of shoppers plus online orders, the total kept: more orders to pick and fewer walk-in shoppers.",
        Kind::Number {
            min: 0.0,
            max: MAX_ONLINE_SHARE,
            step: 0.01,
        },
        json!((share * 1e4).round() / 1e4),
        Target::OnlineShare,
    ));
    out.push(c(
        "bopis_promise",
        "BOPIS promise window",
        "Store",
        "Time from order to the promised pickup-ready time; BOPIS on-time counts orders ready by it.",
        Kind::Duration,
        json!(minutes_text(sc.stores[0].online.bopis_promise)),
        Target::Promise,
    ));
    for (si, store) in sc.stores.iter().enumerate() {
        for (gi, g) in store.staff.iter().enumerate() {
            out.push(c(
                &format!("staff.{}.{}", store.name, g.name),
                &format!("{} ({})", g.name, word(g.team)),
                &format!("Staff, store {}", store.name),
                "Employees in this group on every shift day (all policies).",
                Kind::Count {
                    min: 0,
                    max: MAX_STAFF_PER_GROUP,
                },
                json!(g.count),
                Target::Staff {
                    store: si,
                    group: gi,
                },
            ));
        }
    }
    out
}

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

/// The base of the embedded default scenario.
pub fn default_base() -> Base {
    Base::new(
        crate::scenario::DEFAULT_SCENARIO.to_string(),
        "<embedded default>".into(),
        Path::new("scenarios").to_path_buf(),
    )
    .expect("the embedded default scenario is valid (checked by tests)")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(pairs: &[(&str, Json)]) -> Settings {
        Settings {
            values: pairs
                .iter()
                .map(|(k, v)| ((*k).to_string(), v.clone()))
                .collect(),
            replications: None,
        }
    }

    #[test]
    fn controls_start_from_the_scenario() {
        let base = default_base();
        let get = |id: &str| {
            base.controls
                .iter()
                .find(|c| c.id == id)
                .unwrap_or_else(|| panic!("control {id}"))
                .start
                .clone()
        };
        assert_eq!(base.chosen_name(), "aligned");
        assert_eq!(get("cross_training"), json!(1.0));
        assert_eq!(get("sync_interval"), json!("0min"));
        assert_eq!(get("dispatch"), json!("customer_impact"));
        assert_eq!(get("communication"), json!("unified"));
        assert_eq!(get("bopis_promise"), json!("2h"));
        assert_eq!(get("staff.midtown.online_early"), json!(3));
        assert_eq!(get("online_share"), json!(0.0857));
    }

    #[test]
    fn untouched_controls_give_the_scenario_itself() {
        let base = default_base();
        let all: Vec<(&str, Json)> = base
            .controls
            .iter()
            .map(|c| (c.id.as_str(), c.start.clone()))
            .collect();
        let b = build(&base, &settings(&all)).unwrap();
        // Only the replications are written.
        assert_eq!(b.overrides.len(), 1, "{:?}", b.overrides);
        // Whole numbers as a page sends them are the same values.
        let b = build(
            &base,
            &settings(&[("cross_training", json!(1)), ("demand_scale", json!(1))]),
        )
        .unwrap();
        assert_eq!(b.overrides.len(), 1, "{:?}", b.overrides);
        let mut expected = base.scenario.clone();
        expected.replications = DEFAULT_REPLICATIONS;
        assert_eq!(
            crate::scenario::content_hash(&b.scenario),
            crate::scenario::content_hash(&expected)
        );
    }

    #[test]
    fn a_control_writes_its_path_and_the_file_reproduces_it() {
        let base = default_base();
        let b = build(
            &base,
            &settings(&[
                ("cross_training", json!(0.5)),
                ("staff.midtown.online_early", json!(2)),
                ("demand_scale", json!(1.5)),
            ]),
        )
        .unwrap();
        let texts: Vec<String> = b.overrides.iter().map(Override::text).collect();
        assert!(texts.contains(&"policies.aligned.cross_training_share=0.5".into()));
        assert!(texts.contains(&"stores.0.staff.online_early.count=2".into()));
        assert!(texts.contains(&"stores.0.shoppers.per_day=2400.0".into()));
        assert!(texts.contains(&"stores.0.online.per_day=225.0".into()));
        assert_eq!(b.scenario.policies[1].cross_training_share, 0.5);
        let again = crate::scenario::load_str(&b.text, "x.toml", Path::new("scenarios")).unwrap();
        assert_eq!(
            crate::scenario::content_hash(&again),
            crate::scenario::content_hash(&b.scenario)
        );
        assert_eq!(again.replications, DEFAULT_REPLICATIONS);
    }

    #[test]
    fn caps_and_kinds_are_enforced_per_control() {
        let base = default_base();
        let e = build(
            &base,
            &settings(&[
                ("cross_training", json!(1.5)),
                ("demand_scale", json!(50)),
                ("staff.midtown.stock", json!(1000)),
                ("dispatch", json!("whatever")),
                ("nonsense", json!(1)),
            ]),
        )
        .unwrap_err();
        for id in [
            "cross_training",
            "demand_scale",
            "staff.midtown.stock",
            "dispatch",
            "nonsense",
        ] {
            assert!(e.contains_key(id), "{id}: {e:?}");
        }
        let mut s = Settings {
            replications: Some(MAX_REPLICATIONS + 1),
            ..Default::default()
        };
        assert!(build(&base, &s).unwrap_err().contains_key("replications"));
        s.replications = Some(1);
        assert!(build(&base, &s).unwrap_err().contains_key("replications"));
    }

    #[test]
    fn the_validators_message_lands_on_its_control() {
        let base = default_base();
        let e = build(
            &base,
            &settings(&[("sync_interval", json!("2 fortnights"))]),
        )
        .unwrap_err();
        assert!(e.contains_key("sync_interval"), "{e:?}");
        let e = build(&base, &settings(&[("sync_interval", json!("30s"))])).unwrap_err();
        assert!(e["sync_interval"].contains("at least"), "{e:?}");
        let e = build(&base, &settings(&[("bopis_promise", json!("soon"))])).unwrap_err();
        assert!(e.contains_key("bopis_promise"), "{e:?}");
    }

    #[test]
    fn a_precision_or_factorial_experiment_becomes_a_plain_comparison() {
        let text = format!(
            "{}\n[experiment]\nconfidence = 0.9\nprecision = 0.05\nfactorial = true\n",
            crate::scenario::DEFAULT_SCENARIO
        );
        let base = Base::new(text, "x.toml".into(), PathBuf::from("scenarios")).unwrap();
        assert!(base.scenario.experiment.factorial);
        let b = build(&base, &Settings::default()).unwrap();
        assert!(!b.scenario.experiment.factorial);
        assert_eq!(b.scenario.experiment.precision, None);
        assert_eq!(b.scenario.experiment.confidence, 0.9);
    }

    #[test]
    fn the_story_adds_one_step_at_a_time() {
        let base = default_base();
        let b = build_story(&base, &settings(&[("cross_training", json!(0.5))])).unwrap();
        let p = &b.scenario.policies;
        assert_eq!(p.len(), 5);
        assert_eq!(b.scenario.baseline, 0);
        assert_eq!(p[0].name, "siloed");
        assert_eq!(p[1].sync_interval, 0.0);
        assert_eq!(p[1].cross_training_share, 0.0);
        assert_eq!(p[2].cross_training_share, 0.5);
        assert_eq!(p[3].communication, p[4].communication);
        assert_ne!(p[3].dispatch, p[4].dispatch);
        assert_eq!(p[4].name, "+metrics");
    }
}
