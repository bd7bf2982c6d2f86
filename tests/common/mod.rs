//! Helpers shared by the integration tests.
#![allow(dead_code)]

use omnisim::scenario::{self, Scenario};
use std::path::{Path, PathBuf};

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every scenario file shipped in scenarios/ (sorted).
pub fn shipped_scenarios() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("scenarios"))
        .expect("scenarios/ exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .filter(|p| {
            !p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("sweep_")
        })
        .collect();
    files.sort();
    files
}

/// Loads a scenario from text, panicking with the full error if it is invalid.
pub fn scenario_from(text: &str) -> Scenario {
    scenario::load_str(text, "<test>", Path::new(".")).unwrap_or_else(|e| panic!("{e}"))
}
