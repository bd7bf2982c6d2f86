//! Scenarios: the TOML schema with defaults ([`raw`]), distributions ([`dist`]), units
//! ([`units`]), validation into the plain data the simulation reads ([`model`]), and errors
//! that name file, line, field and expectation ([`error`]).

pub mod catalogue;
pub mod dist;
pub mod error;
pub mod model;
pub mod raw;
pub mod sweep;
pub mod units;
pub mod validate;

pub use dist::Dist;
pub use error::{Issue, ScenarioError};
pub use model::*;

use sha2::{Digest, Sha256};
use std::path::Path;

/// The default scenario, compiled in: `omnisim run` with no file runs it.
pub const DEFAULT_SCENARIO: &str = include_str!("../../scenarios/default.toml");

/// Parses and validates scenario text. `file` names it in errors; `base_dir` resolves
/// relative paths inside it (a catalogue CSV).
pub fn load_str(text: &str, file: &str, base_dir: &Path) -> Result<Scenario, ScenarioError> {
    let fail = |issues| ScenarioError {
        file: file.to_string(),
        issues,
    };
    let raw: raw::RawScenario =
        toml::from_str(text).map_err(|e| fail(vec![error::from_toml_error(text, &e)]))?;
    validate::resolve(raw, text, base_dir).map_err(fail)
}

/// Reads, parses and validates a scenario file.
pub fn load_file(path: &Path) -> Result<Scenario, ScenarioError> {
    let file = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| ScenarioError {
        file: file.clone(),
        issues: vec![Issue {
            path: String::new(),
            line: None,
            column: None,
            message: format!("cannot read the file: {e}"),
        }],
    })?;
    let base = path.parent().unwrap_or(Path::new("."));
    load_str(&text, &file, base)
}

/// The embedded default scenario.
pub fn default_scenario() -> Scenario {
    load_str(
        DEFAULT_SCENARIO,
        "<embedded default>",
        Path::new("scenarios"),
    )
    .expect("the embedded default scenario is valid (checked by tests)")
}

/// A SHA-256 of the resolved scenario (every value after defaults), as hex: two files that
/// resolve to the same model have the same hash.
pub fn content_hash(scenario: &Scenario) -> String {
    let digest = Sha256::digest(format!("{scenario:?}").as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}
