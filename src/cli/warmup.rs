//! `omnisim warmup`: a long pilot run whose daily KPIs suggest how many warm-up days a
//! scenario needs (MSER), written as warmup.csv and shown as a table.

use super::output::{print_written, progress};
use super::{WarmupArgs, default_out, load, table};
use crate::experiment::{self, warmup::WarmupPlan};
use crate::report;
use crate::runs::{OutputDir, limits};
use anyhow::{Result, bail};
use std::process::ExitCode;

/// Shortest warm-up pilot: four weekly batches, so that MSER has something to compare.
const MIN_WARMUP_PILOT_DAYS: u32 = 28;

/// Runs the warm-up pilot and writes its results.
pub(super) fn warmup(args: WarmupArgs) -> Result<ExitCode> {
    limits::check_threads(args.threads).map_err(anyhow::Error::msg)?;
    let sc = load(args.scenario.as_ref())?;
    if args.replications < 2 {
        bail!("--replications must be at least 2");
    }
    let max_days = crate::scenario::validate::MAX_DAYS as u32;
    let days = match args.days {
        Some(d) if (MIN_WARMUP_PILOT_DAYS..=max_days).contains(&d) => d,
        Some(d) => bail!(
            "--days must be from {MIN_WARMUP_PILOT_DAYS} (four weekly batches: MSER needs several) to {max_days}, got {d}"
        ),
        None => ((2 * (sc.warmup_days + sc.days)).max(70).div_ceil(7) * 7).min(max_days),
    };
    if args.window > days as usize / 4 {
        bail!(
            "--window {} is too wide for {days} days: at most a quarter of them ({})",
            args.window,
            days / 4
        );
    }
    let plan = WarmupPlan {
        replications: args.replications,
        days,
        seed: args.seed.unwrap_or(sc.seed),
        threads: args.threads,
        window: args.window,
    };
    let out = match &args.out {
        Some(o) => o.clone(),
        None => default_out(&sc.name, "scenario name")?,
    };
    let out = OutputDir::open(&out, "warmup")?;
    let jobs = u64::from(plan.replications) * sc.policies.len() as u64;
    let bar = progress(args.quiet, jobs, &format!("{} warm-up", sc.name));
    let result = experiment::warmup::run(&sc, &plan, &|| bar.inc(1))?;
    bar.finish_and_clear();
    let written = report::write_single(
        out,
        "warmup.csv",
        &report::warmup_csv(&result)?,
        !args.no_report,
    )?;
    if !args.quiet {
        print!("{}", table::warmup_table(&result, sc.warmup_days));
        println!();
        print_written(&written);
    }
    Ok(ExitCode::SUCCESS)
}
