//! Scenarios: the TOML schema with defaults ([`raw`]), distributions ([`dist`]), units
//! ([`units`]), validation into the plain data the simulation reads ([`model`]), and errors
//! that name file, line, field and expectation ([`error`]).

pub mod catalogue;
pub mod check;
pub mod dist;
pub mod error;
pub mod model;
pub mod overrides;
pub mod raw;
pub mod schema;
pub mod sweep;
pub mod units;
pub mod validate;

pub use check::{Checked, check_file};
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
    let scenario = validate::resolve(raw, text, base_dir).map_err(fail)?;
    // The name names the output folder results/<name>: `..` or a path would write elsewhere.
    if let Err(message) = crate::input::check_plain_name(&scenario.name, "the name") {
        let (line, column) = error::locate(text, "scenario.name").unzip();
        return Err(fail(vec![Issue {
            path: "scenario.name".into(),
            line,
            column,
            message,
        }]));
    }
    Ok(scenario)
}

/// Reads a scenario or sweep file's text: a regular file within the size cap, or an error
/// naming the file.
pub fn read_text(path: &Path) -> Result<String, ScenarioError> {
    crate::input::read_text_capped(path, crate::input::MAX_SCENARIO_BYTES).map_err(|message| {
        ScenarioError {
            file: path.display().to_string(),
            issues: vec![Issue {
                path: String::new(),
                line: None,
                column: None,
                message,
            }],
        }
    })
}

/// Reads, parses and validates a scenario file.
pub fn load_file(path: &Path) -> Result<Scenario, ScenarioError> {
    let text = read_text(path)?;
    let base = path.parent().unwrap_or(Path::new("."));
    load_str(&text, &path.display().to_string(), base)
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
