//! `omnisim merge OUT SHARD...`: the shards of one run, each run in its own folder (perhaps
//! on another machine), joined into the files that the whole run would have written.

use super::options::policy_index;
use super::output::{print_written, write_experiment};
use super::{MergeArgs, load_with_overrides};
use crate::experiment::{self, Plan};
use crate::runs::OutputDir;
use crate::runs::journal::ShardSet;
use crate::scenario;
use anyhow::{Result, bail};
use std::path::PathBuf;
use std::process::ExitCode;

/// `omnisim merge OUT SHARD...`: the files of a single run from the shards' journals.
pub(super) fn merge(args: MergeArgs) -> Result<ExitCode> {
    let set = ShardSet::open(&args.shards)?;
    let h = set.header().clone();
    let st = &h.settings;
    let overrides = st
        .overrides
        .iter()
        .map(|o| scenario::overrides::Override::parse(o).map_err(anyhow::Error::msg))
        .collect::<Result<Vec<_>>>()?;
    let base = match (&st.scenario_text, &st.scenario_file) {
        (Some(text), file) => {
            let file = file.clone().unwrap_or_else(|| "<journal>".into());
            let dir = PathBuf::from(st.base_dir.clone().unwrap_or_else(|| ".".into()));
            scenario::overrides::load_with(text, &file, &dir, &overrides)?.1
        }
        (None, _) => load_with_overrides(None, &overrides)?,
    };
    let sc = match &st.factorial {
        Some((low, high)) => {
            let low = policy_index(&base, low, "the journal's factorial low policy")?;
            let high = policy_index(&base, high, "the journal's factorial high policy")?;
            experiment::factorial::design_scenario(&base, low, high)
        }
        None => base,
    };
    if scenario::content_hash(&sc) != h.scenario_hash {
        bail!(
            "the scenario rebuilt from the shards' journal differs from the one they ran (its hash changed: was a catalogue file edited?)"
        );
    }
    let plan = Plan {
        replications: st.replications,
        seed: h.seed,
        threads: 0,
        confidence: st.confidence,
        timeline_replication: h.timeline_replication,
        timeline_day: h.timeline_day,
    };
    let out = OutputDir::open(&args.out, "merge")?;
    let result = experiment::run_with(&sc, &plan, &set, &|| {})?;
    let effects = st
        .factorial
        .as_ref()
        .map(|_| experiment::factorial::effects(&result));
    let factorial = effects.as_deref().zip(st.factorial.as_ref());
    let written = write_experiment(
        out,
        &result,
        None,
        factorial,
        &st.overrides,
        !args.no_report,
    )?;
    if !args.quiet {
        println!(
            "omnisim {} | merged {} shards | scenario {} | {} replications x {} policies | seed {}",
            env!("CARGO_PKG_VERSION"),
            args.shards.len(),
            sc.name,
            result.plan.replications,
            sc.policies.len(),
            result.plan.seed
        );
        print_written(&written);
    }
    Ok(ExitCode::SUCCESS)
}
