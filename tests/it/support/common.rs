//! Helpers shared by the integration tests.

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

/// A small two-policy scenario (one store, two staff groups, 2 days after 1 of warm-up,
/// 3 replications, seed 9) that runs in milliseconds: for tests of the experiment layer.
pub const TINY_SCENARIO: &str = r#"
[scenario]
name = "tiny"
days = 2
warmup_days = 1
replications = 3
seed = 9
baseline = "siloed"

[[policies]]
name = "siloed"
preset = "siloed"

[[policies]]
name = "aligned"
preset = "aligned"

[[stores]]
name = "corner"

[[stores.staff]]
name = "crew"
team = "store"
count = 6
skills = { checkout = 1.0, floor = 1.0, stocking = 1.0, returns = 1.0 }
cross_skills = { picking = 0.8, packing = 0.8 }
shift = { start = "08:00", end = "22:00" }

[[stores.staff]]
name = "online"
team = "online"
count = 2
skills = { picking = 1.0, packing = 1.0, pickup_desk = 1.0 }
shift = { start = "08:00", end = "22:00" }
"#;
