//! `omnisim sweep`: every point of a sweep file (a base scenario with some values varied),
//! each checked before any runs, then run one after another into sweep.csv and a report.

use super::options::{check_confidence, kpi_indices};
use super::output::{open_written_report, print_written, progress};
use super::{SweepArgs, default_out, table};
use crate::experiment::sweep::SweepOptions;
use crate::experiment::{self, Plan};
use crate::report;
use crate::runs::{OutputDir, limits};
use crate::scenario::sweep::Sweep;
use anyhow::{Result, bail};
use std::process::ExitCode;

/// Runs a sweep and writes its results.
pub(super) fn sweep(args: SweepArgs) -> Result<ExitCode> {
    limits::check_threads(args.threads).map_err(anyhow::Error::msg)?;
    let mut spec = Sweep::load(&args.sweep).map_err(|e| anyhow::anyhow!(e.render("sweep file")))?;
    if let Some(r) = args.replications {
        if r < 2 {
            bail!("--replications must be at least 2 (intervals need two), got {r}");
        }
        spec.replications = Some(r);
    }
    if let Some(seed) = args.seed {
        spec.seed = Some(seed);
    }
    if let Some(c) = args.confidence {
        check_confidence(c)?;
    }
    let options = SweepOptions {
        threads: args.threads,
        confidence: args.confidence,
    };
    // Every point is built and validated before anything runs, one at a time (a point of a
    // large base scenario can take much memory): only its plan is kept.
    let mut plans = Vec::with_capacity(spec.len());
    let mut jobs: u64 = 0;
    for index in 0..spec.len() {
        let p = spec.point(index)?;
        let plan = experiment::sweep::plan_of(&spec, &p, options);
        jobs += u64::from(plan.replications) * p.scenario.policies.len() as u64;
        plans.push(plan);
    }
    let kpis = if spec.kpis.is_empty() {
        [
            "bopis_on_time_rate",
            "order_ready_minutes_mean",
            "nps",
            "labour_cost",
        ]
        .iter()
        .filter_map(|n| crate::sim::kpi_index(n))
        .collect()
    } else {
        kpi_indices(&spec.kpis)?
    };
    let out = match &args.out {
        Some(o) => o.clone(),
        None => default_out(&spec.name, "sweep name")?,
    };
    let out = OutputDir::open(&out, "sweep")?;
    let bar = progress(
        args.quiet,
        jobs,
        &format!("{} ({} points)", spec.name, spec.len()),
    );
    // Points are built again one at a time as they run.
    let mut results = Vec::with_capacity(spec.len());
    for index in 0..spec.len() {
        let point = spec.point(index)?;
        results.push(experiment::sweep::run_point(
            &spec,
            &point,
            options,
            &|| bar.inc(1),
        )?);
    }
    let result = experiment::sweep::result_of(&spec, results);
    bar.finish_and_clear();
    let marker =
        |files: &[crate::runs::ManifestEntry]| report::sweep_json(&result, &spec, files.to_vec());
    let written = report::commit_files(
        out,
        &[("sweep.csv", report::sweep_csv(&result)?)],
        "sweep.json",
        &marker,
        !args.no_report,
    )?;
    if !args.quiet {
        // Replications and seed are shown once when every point shares them.
        let same = |f: &dyn Fn(&Plan) -> u64| plans.iter().all(|p| f(p) == f(&plans[0]));
        let describe = |f: &dyn Fn(&Plan) -> u64| {
            if same(f) {
                f(&plans[0]).to_string()
            } else {
                "per point".to_string()
            }
        };
        let header = format!(
            "omnisim {} | sweep {} over {} | {} points x {} replications | seed {}",
            env!("CARGO_PKG_VERSION"),
            spec.name,
            spec.base.display(),
            spec.len(),
            describe(&|p| u64::from(p.replications)),
            describe(&|p| p.seed)
        );
        print!("{}", table::wrap(&header, table::NARROW));
        print!("{}", table::sweep_table(&result, &kpis));
        println!();
        print_written(&written);
    }
    if args.open {
        open_written_report(&written);
    }
    Ok(ExitCode::SUCCESS)
}
