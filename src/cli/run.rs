//! `omnisim run`: one experiment from a scenario, its journal (resumable, or one shard of
//! many), its result files and the table on the terminal. The flags are resolved by
//! [`RunOptions`](super::options::RunOptions) before anything here runs.

use super::options::RunOptions;
use super::output::{open_written_report, print_written, progress, rate, write_experiment};
use super::{Format, RunArgs, load_with_overrides, table};
use crate::experiment::precision::run_to_precision_with;
use crate::experiment::{self, Plan};
use crate::report;
use crate::runs::journal::{Journal, JournalHeader, RunSettings};
use crate::runs::{OutputDir, limits};
use crate::scenario::{self, Scenario};
use crate::sim::KPIS;
use anyhow::Result;
use std::process::ExitCode;

/// Runs an experiment and writes its results (or, with `--shard`, its share of the journal).
pub(super) fn run(args: RunArgs) -> Result<ExitCode> {
    limits::check_threads(args.threads).map_err(anyhow::Error::msg)?;
    let sc = load_with_overrides(args.scenario.as_ref(), &args.set)?;
    let RunOptions {
        plan,
        precision,
        factorial,
        out,
        existing,
    } = RunOptions::from_cli_arguments(&args, &sc)?;
    // The factorial design replaces the scenario's policies by the 32 design points.
    let (sc, factorial) = match factorial {
        Some((low, high)) => {
            let names = (
                sc.policies[low].name.clone(),
                sc.policies[high].name.clone(),
            );
            (
                experiment::factorial::design_scenario(&sc, low, high),
                Some(names),
            )
        }
        None => (sc, None),
    };
    // Fail on a bad or busy output folder before the long run, not after.
    let mut out = OutputDir::open(&out, "run")?;
    let header = journal_header(&args, &sc, &plan, factorial.clone())?;
    let journal = Journal::open(out.path(), &header, existing)?;
    // The folder holds a journal now: kept even if the run fails.
    out.keep();
    let resumed = journal.finished().len();
    if resumed > 0 && !args.quiet {
        eprintln!(
            "resuming: {resumed} replication{} already in {}",
            if resumed == 1 { "" } else { "s" },
            journal.path().display()
        );
    }
    let policies = sc.policies.len() as u64;
    let jobs = match &precision {
        Some(t) => u64::from(t.max_replications) * policies,
        None => u64::from(plan.replications) * policies,
    };
    let bar = progress(args.quiet, jobs, &sc.name);
    let (result, outcome) = match &precision {
        Some(target) => {
            let set_length = |n: u32| bar.set_length(u64::from(n) * policies);
            let (r, o) =
                run_to_precision_with(&sc, &plan, target, &journal, &set_length, &|| bar.inc(1))?;
            (r, Some(o))
        }
        None => (
            experiment::run_with(&sc, &plan, &journal, &|| bar.inc(1))?,
            None,
        ),
    };
    bar.finish_and_clear();
    if let Some((i, n)) = args.shard {
        let mine = (0..plan.replications).filter(|r| r % n == i - 1).count();
        if !args.quiet {
            println!(
                "shard {i}/{n}: {mine} of {} replications x {} policies in {}",
                plan.replications,
                sc.policies.len(),
                journal.path().display()
            );
            println!("join the shards with: omnisim merge OUT SHARD_FOLDER...");
        }
        return Ok(ExitCode::SUCCESS);
    }
    let effects = factorial
        .as_ref()
        .map(|_| experiment::factorial::effects(&result));
    let written = write_experiment(
        out,
        &result,
        outcome.as_ref(),
        effects.as_deref().zip(factorial.as_ref()),
        &header.settings.overrides,
        !args.no_report,
    )?;
    if args.format == Format::Json {
        print!(
            "{}",
            String::from_utf8(report::results_json(&result, &written)?)?
        );
        return Ok(ExitCode::SUCCESS);
    }
    if !args.quiet {
        println!(
            "omnisim {} | scenario {} | {} replications x {} policies | seed {} | {} threads",
            env!("CARGO_PKG_VERSION"),
            sc.name,
            result.plan.replications,
            sc.policies.len(),
            result.plan.seed,
            result.threads_used
        );
        if resumed > 0 {
            println!(
                "{} events, {resumed} replications of them from the journal; {:.2} s wall for the rest; {}\n",
                result.events,
                result.wall_seconds,
                table::levels_note(&result, args.wide)
            );
        } else {
            let line = format!(
                "{} events in {:.2} s wall ({}); {}",
                result.events,
                result.wall_seconds,
                rate(result.events, result.wall_seconds),
                table::levels_note(&result, args.wide)
            );
            match args.wide {
                true => println!("{line}\n"),
                false => println!("{}", table::wrap(&line, table::NARROW)),
            }
        }
        if let Some(o) = &outcome {
            print!("{}", table::precision_note(&result, o));
        }
        match (&effects, &factorial) {
            (Some(e), Some((low, high))) if args.wide => {
                print!("{}", table::effects_table_wide(&result, e, low, high));
            }
            (Some(e), Some((low, high))) => {
                print!("{}", table::effects_table(&result, e, low, high));
            }
            _ if args.wide => print!("{}", table::render_wide(&result)),
            _ => print!("{}", table::render(&result)),
        }
        println!();
        print_written(&written);
    }
    if args.open {
        open_written_report(&written);
    }
    Ok(ExitCode::SUCCESS)
}

/// The journal header of a run: what it belongs to, and how to rebuild it for `merge`.
fn journal_header(
    args: &RunArgs,
    sc: &Scenario,
    plan: &Plan,
    factorial: Option<(String, String)>,
) -> Result<JournalHeader> {
    let (scenario_file, scenario_text, base_dir) = match &args.scenario {
        None => (None, None, None),
        Some(p) => {
            let text = crate::input::read_text_capped(p, crate::input::MAX_SCENARIO_BYTES)
                .map_err(anyhow::Error::msg)?;
            let base = p
                .parent()
                .filter(|b| !b.as_os_str().is_empty())
                .unwrap_or(std::path::Path::new("."));
            let base = base.canonicalize().unwrap_or_else(|_| base.to_path_buf());
            (
                Some(p.display().to_string()),
                Some(text),
                Some(base.display().to_string()),
            )
        }
    };
    Ok(JournalHeader {
        format: 1,
        omnisim_version: env!("CARGO_PKG_VERSION").to_string(),
        scenario_hash: scenario::content_hash(sc),
        seed: plan.seed,
        policies: sc.policies.len(),
        stores: sc.stores.len(),
        kpis: KPIS.len(),
        timeline_replication: plan.timeline_replication,
        timeline_day: plan.timeline_day,
        shard: args.shard,
        settings: RunSettings {
            scenario_file,
            scenario_text,
            base_dir,
            replications: plan.replications,
            confidence: plan.confidence,
            factorial,
            overrides: args.set.iter().map(|o| o.text()).collect(),
        },
    })
}
