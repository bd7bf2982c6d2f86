//! Turns the raw file into a [`Scenario`]: applies defaults, converts units, and checks every
//! value, collecting all problems rather than stopping at the first. One module per section of
//! the file (as in [`crate::scenario::raw`]); every default value sits in [`defaults`], every
//! limit in `limits`.

mod catalogue;
mod checker;
mod checks;
mod communication;
pub mod defaults;
mod experiment;
mod limits;
mod policies;
mod satisfaction;
mod store;
mod training;

#[cfg(test)]
mod tests;

pub use limits::MAX_DAYS;

/// Default shape of shopper arrivals by hour of day (relative weights; closed hours get 0).
pub const DEFAULT_SHOPPER_HOURLY: [f64; 24] = defaults::demand::SHOPPER_HOURLY;
/// Default shape of online orders by hour of day.
pub const DEFAULT_ONLINE_HOURLY: [f64; 24] = defaults::demand::ONLINE_HOURLY;
/// Default weekday multipliers, Monday first (mean 1).
pub const DEFAULT_WEEKDAY: [f64; 7] = defaults::demand::WEEKDAY;

use crate::scenario::error::Issues;
use crate::scenario::model::*;
use crate::scenario::raw::*;
use checker::Checker;
use defaults::header as default;
use std::path::Path;

/// Validates a parsed file (`source` is its text, for line numbers; `base_dir` resolves a
/// catalogue file) into the model, or every problem found.
pub fn resolve(
    raw: RawScenario,
    source: &str,
    base_dir: &Path,
) -> Result<Scenario, Vec<crate::scenario::error::Issue>> {
    let mut c = Checker {
        issues: Issues::new(source),
    };
    let h = raw.scenario.unwrap_or_default();
    let name = match h.name {
        Some(n)
            if !n.trim().is_empty()
                && n.chars()
                    .all(|ch| ch.is_alphanumeric() || "-_.".contains(ch)) =>
        {
            n
        }
        Some(n) => {
            c.err(
                "scenario.name",
                format!("expected letters, digits, '-', '_' or '.', got \"{n}\""),
            );
            "scenario".into()
        }
        None => {
            c.err(
                "scenario.name",
                "every scenario needs `name` under [scenario]",
            );
            "scenario".into()
        }
    };
    let days = h.days.unwrap_or(default::DAYS);
    let warmup = h.warmup_days.unwrap_or(default::WARMUP_DAYS);
    if (1..=MAX_DAYS).contains(&days)
        && (0..=MAX_DAYS).contains(&warmup)
        && days + warmup > MAX_DAYS
    {
        c.err(
            "scenario.days",
            format!(
                "days + warmup_days = {} is beyond what omnisim accepts ({MAX_DAYS} days, about ten years)",
                days + warmup
            ),
        );
    }
    if !(1..=MAX_DAYS).contains(&days) {
        c.err(
            "scenario.days",
            format!("expected 1 to {MAX_DAYS} days, got {days}"),
        );
    }
    if !(0..=MAX_DAYS).contains(&warmup) {
        c.err(
            "scenario.warmup_days",
            format!("expected 0 to {MAX_DAYS} days, got {warmup}"),
        );
    }
    let seed = match h.seed {
        None => default::SEED,
        Some(s) if s >= 0 => s as u64,
        Some(s) => {
            c.err("scenario.seed", format!("expected a seed >= 0, got {s}"));
            0
        }
    };
    let replications = c.count(
        "scenario.replications",
        h.replications,
        default::REPLICATIONS,
        1,
        1_000_000,
    );

    let policies = policies::policies(&mut c, &raw.policies);
    let baseline = match &h.baseline {
        None => 0,
        Some(b) => policies
            .iter()
            .position(|p| &p.name == b)
            .unwrap_or_else(|| {
                let names: Vec<&str> = policies.iter().map(|p| p.name.as_str()).collect();
                c.err(
                    "scenario.baseline",
                    format!(
                        "no policy is named \"{b}\" (policies: {})",
                        names.join(", ")
                    ),
                );
                0
            }),
    };

    let (fragmented, unified) =
        communication::communication(&mut c, raw.communication.unwrap_or_default());
    let training = training::training(&mut c, raw.training.unwrap_or_default());
    let satisfaction = satisfaction::satisfaction(&mut c, raw.satisfaction.unwrap_or_default());
    let catalogue = catalogue::catalogue(&mut c, raw.catalogue.unwrap_or_default(), base_dir, seed);

    if raw.stores.is_empty() {
        c.err("stores", "a scenario needs at least one [[stores]] table");
    }
    let stores: Vec<StoreSpec> = raw
        .stores
        .iter()
        .enumerate()
        .map(|(i, s)| store::store(&mut c, i, s))
        .collect();
    for (i, s) in stores.iter().enumerate() {
        if stores[..i].iter().any(|o| o.name == s.name) {
            c.err(
                format!("stores[{i}].name"),
                format!("store name \"{}\" is used twice", s.name),
            );
        }
    }
    checks::check_skill_coverage(&mut c, &stores, &policies);
    checks::check_size(&mut c, &stores, &catalogue, (days + warmup).max(0) as f64);
    let experiment = experiment::experiment(
        &mut c,
        raw.experiment.unwrap_or_default(),
        &policies,
        baseline,
    );

    if !c.issues.is_empty() {
        return Err(c.issues.into_vec());
    }

    Ok(Scenario {
        name,
        description: h.description.unwrap_or_default(),
        days: days as u32,
        warmup_days: warmup as u32,
        seed,
        replications,
        baseline,
        policies,
        fragmented,
        unified,
        training,
        satisfaction,
        catalogue,
        stores,
        experiment,
    })
}
