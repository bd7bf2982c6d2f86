//! Golden runs: short runs of every shipped scenario whose exact KPI output is checked in
//! under tests/golden/. Any change in the model's behaviour shows up here and must be
//! accepted on purpose:
//!
//! ```text
//! OMNISIM_UPDATE_GOLDEN=1 cargo test --release --test it golden::   # rewrite the files
//! git diff tests/golden/                                             # review what changed
//! ```
//!
//! Commit the new files together with the change that explains them. The numbers are
//! bit-exact on one platform; a different libm (another OS or CPU family) may change the
//! last digits of logarithms and so the runs.

use crate::support::common;

use omnisim::experiment::{self, Plan};
use omnisim::report::replications_csv;
use omnisim::scenario;

fn golden_run(file: &std::path::Path) -> Vec<u8> {
    let mut sc = scenario::load_file(file).unwrap_or_else(|e| panic!("{e}"));
    sc.warmup_days = 1;
    sc.days = 2;
    let plan = Plan {
        replications: 2,
        seed: sc.seed,
        threads: 2,
        confidence: 0.95,
        ..Plan::new(0, 0)
    };
    let r = experiment::run(&sc, &plan, &|| {}).unwrap_or_else(|e| panic!("{e}"));
    replications_csv(&r).expect("csv")
}

#[test]
fn shipped_scenarios_reproduce_their_golden_output() {
    let update = std::env::var_os("OMNISIM_UPDATE_GOLDEN").is_some();
    let mut changed = Vec::new();
    for file in common::shipped_scenarios() {
        let name = file.file_stem().unwrap().to_string_lossy().into_owned();
        let golden = common::root()
            .join("tests/golden")
            .join(format!("{name}.csv"));
        let now = golden_run(&file);
        if update {
            std::fs::write(&golden, &now).unwrap();
            continue;
        }
        let expected = std::fs::read(&golden).unwrap_or_else(|_| {
            panic!(
                "{} is missing: run OMNISIM_UPDATE_GOLDEN=1 cargo test --release --test it golden::",
                golden.display()
            )
        });
        if expected != now {
            let first = String::from_utf8_lossy(&expected)
                .lines()
                .zip(String::from_utf8_lossy(&now).lines())
                .find(|(a, b)| a != b)
                .map(|(a, b)| format!("first difference:\n  golden: {a}\n  now:    {b}"))
                .unwrap_or_else(|| "the files differ in length".into());
            changed.push(format!("{name}: {first}"));
        }
    }
    assert!(
        changed.is_empty(),
        "the model's output changed; if that is intended, run \
         OMNISIM_UPDATE_GOLDEN=1 cargo test --release --test it golden:: and commit tests/golden/.\n{}",
        changed.join("\n")
    );
}
