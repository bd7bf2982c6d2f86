//! The workshop's controls and how each becomes `--set`-style overrides of the scenario file:
//! one table that names each control, the dotted path(s) it writes, its bounds, and how it
//! reads its start value from the scenario. A request carries control values only; the
//! overrides, the scenario text and the validation are built here, so no request can name a
//! file or a path.
//!
//! This file holds the table and the base scenario it reads from; `request` turns a
//! request's values into overrides and a validated scenario.

mod request;

pub use request::{
    Built, Problems, STORY_STEPS, Settings, build, build_story, same, story_policies,
};

use crate::scenario::{Policy, Scenario};
use serde::Serialize;
use serde_json::{Value as Json, json};
use std::path::{Path, PathBuf};
use toml::Value;

/// Most replications a request may ask for.
pub const MAX_REPLICATIONS: u32 = 60;
/// Replications of a quick run unless the request asks otherwise.
pub const DEFAULT_REPLICATIONS: u32 = 12;
/// Longest measured horizon a run may simulate \[days\]; longer scenarios are cut to it.
pub const MAX_DAYS: u32 = 28;
/// Longest warm-up a run may simulate \[days\].
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
    use crate::scenario::overrides::Override;

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
