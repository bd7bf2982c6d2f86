//! `[[policies]]`: the two presets and the keys that change them.

use super::checker::{Checker, shown};
use super::defaults::policies as default;
use super::limits::MIN_SYNC_INTERVAL;
use crate::scenario::model::*;
use crate::scenario::raw::RawPolicy;

/// Reads `[[policies]]`; none means the two presets.
pub(super) fn policies(c: &mut Checker<'_>, raw: &[RawPolicy]) -> Vec<Policy> {
    if raw.is_empty() {
        return vec![
            default::preset("siloed").expect("preset"),
            default::preset("aligned").expect("preset"),
        ];
    }
    let mut out: Vec<Policy> = Vec::new();
    for (i, p) in raw.iter().enumerate() {
        let path = format!("policies[{i}]");
        let preset_name = p.preset.as_deref().unwrap_or("siloed");
        let mut policy = default::preset(preset_name).unwrap_or_else(|| {
            c.err(
                format!("{path}.preset"),
                format!("unknown preset \"{preset_name}\": expected \"siloed\" or \"aligned\""),
            );
            default::preset("siloed").expect("preset")
        });
        match &p.name {
            Some(n) if plain_name(n) => policy.name = n.clone(),
            Some(n) => c.err(
                format!("{path}.name"),
                format!(
                    "expected a non-empty name without commas or control characters, got {n:?}"
                ),
            ),
            None => c.err(format!("{path}.name"), "every policy needs a `name`"),
        }
        if out.iter().any(|q| q.name == policy.name) {
            c.err(
                format!("{path}.name"),
                format!("policy name \"{}\" is used twice", policy.name),
            );
        }
        if let Some(d) = &p.description {
            policy.description = d.clone();
        }
        policy.sync_interval = c.duration(
            &format!("{path}.sync_interval"),
            p.sync_interval.as_ref(),
            policy.sync_interval,
        );
        if policy.sync_interval > 0.0 && policy.sync_interval < MIN_SYNC_INTERVAL {
            c.err(
                format!("{path}.sync_interval"),
                format!(
                    "expected 0 (real time) or at least {MIN_SYNC_INTERVAL} min, got {} min: every sync copies the whole stock record",
                    shown(policy.sync_interval)
                ),
            );
        }
        policy.safety_buffer = c.count(
            &format!("{path}.safety_buffer"),
            p.safety_buffer,
            policy.safety_buffer,
            0,
            1_000_000,
        );
        policy.cross_training_share = c.prob(
            &format!("{path}.cross_training_share"),
            p.cross_training_share,
            policy.cross_training_share,
        );
        if let Some(m) = &p.communication {
            match m.as_str() {
                "fragmented" => policy.communication = CommunicationMode::Fragmented,
                "unified" => policy.communication = CommunicationMode::Unified,
                other => c.err(
                    format!("{path}.communication"),
                    format!("expected \"fragmented\" or \"unified\", got \"{other}\""),
                ),
            }
        }
        if let Some(m) = &p.dispatch {
            match m.as_str() {
                "team_metrics" => policy.dispatch = DispatchRule::TeamMetrics,
                "customer_impact" => policy.dispatch = DispatchRule::CustomerImpact,
                "team_fifo" => policy.dispatch = DispatchRule::TeamFifo,
                other => c.err(
                    format!("{path}.dispatch"),
                    format!(
                        "expected \"team_metrics\", \"customer_impact\" or \"team_fifo\", got \"{other}\""
                    ),
                ),
            }
        }
        if let Some(v) = p.item_location {
            policy.item_location = v;
        }
        if let Some(v) = p.shelf_gap_tasks {
            policy.shelf_gap_tasks = v;
        }
        if let Some(v) = p.rfid_counts {
            policy.rfid_counts = v;
        }
        out.push(policy);
    }
    out
}

/// A name that reads well in every output: not blank, no comma (names are joined with
pub(super) fn plain_name(n: &str) -> bool {
    !n.trim().is_empty() && !n.contains(',') && !n.chars().any(char::is_control)
}
