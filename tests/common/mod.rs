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

/// The message of a caught panic (`String` or `&str` payloads; empty otherwise).
pub fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_default()
}

/// Loads a scenario from text, panicking with the full error if it is invalid.
pub fn scenario_from(text: &str) -> Scenario {
    scenario::load_str(text, "<test>", Path::new(".")).unwrap_or_else(|e| panic!("{e}"))
}
