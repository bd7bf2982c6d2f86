//! Commands: parse arguments, call the library, print. No model logic here.

mod args;
mod table;
mod trace;

pub use args::{Cli, Command, RunArgs};

use crate::experiment::{self, Plan};
use crate::report;
use crate::scenario::{self, Scenario};
use crate::sim::KPIS;
use anyhow::{Result, bail};
use clap::Parser;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

/// Parses the command line and runs it. Returns the process exit code.
pub fn main() -> Result<ExitCode> {
    let cli = Cli::parse();
    match cli.command {
        Command::Run(args) => run(args),
        Command::Validate { files } => Ok(validate(&files)),
        Command::Report { dir, charts } => {
            let path = report::html::render_dir(&dir)?;
            println!("wrote {}", path.display());
            if charts {
                for p in report::html::render_showcase(&dir, &dir)? {
                    println!("wrote {}", p.display());
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Trace(args) => trace::run(args),
        Command::Kpis => {
            print!("{}", kpi_listing());
            Ok(ExitCode::SUCCESS)
        }
    }
}

pub(crate) fn load(path: Option<&PathBuf>) -> Result<Scenario> {
    match path {
        None => Ok(scenario::default_scenario()),
        Some(p) => Ok(scenario::load_file(p)?),
    }
}

fn run(args: RunArgs) -> Result<ExitCode> {
    let sc = load(args.scenario.as_ref())?;
    let plan = Plan {
        replications: args.replications.unwrap_or(sc.replications),
        seed: args.seed.unwrap_or(sc.seed),
        threads: args.threads,
    };
    if plan.replications == 0 {
        bail!("--replications must be at least 1");
    }
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from("results").join(&sc.name));
    // Fail on a bad output folder before the long run, not after.
    report::prepare_dir(&out)?;
    let jobs = u64::from(plan.replications) * sc.policies.len() as u64;
    let bar = if args.quiet || !std::io::stderr().is_terminal() {
        ProgressBar::hidden()
    } else {
        let bar = ProgressBar::with_draw_target(Some(jobs), ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template(
                "{spinner} {msg} [{bar:30}] {pos}/{len} replications, {elapsed} elapsed, eta {eta}",
            )
            .expect("valid template")
            .progress_chars("=> "),
        );
        bar.set_message(sc.name.clone());
        bar
    };
    let result = experiment::run(&sc, &plan, &|| bar.inc(1))?;
    bar.finish_and_clear();
    let mut written = report::write_results(&out, &result)?;
    if !args.no_report {
        written.push(report::html::render_dir(&out)?);
    }
    if !args.quiet {
        println!(
            "omnisim {} | scenario {} | {} replications x {} policies | seed {} | {} threads",
            env!("CARGO_PKG_VERSION"),
            sc.name,
            plan.replications,
            sc.policies.len(),
            plan.seed,
            result.threads_used
        );
        println!(
            "{} events in {:.2} s wall ({:.2} M events/s); 95% intervals; change = paired difference per replication\n",
            result.events,
            result.wall_seconds,
            result.events as f64 / result.wall_seconds.max(1e-9) / 1e6
        );
        print!("{}", table::render(&result));
        println!();
        for path in written {
            println!("wrote {}", path.display());
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn validate(files: &[PathBuf]) -> ExitCode {
    let mut failed = false;
    for f in files {
        match scenario::load_file(f) {
            Ok(sc) => println!(
                "{}: OK (scenario \"{}\", {} store{}, {} policies)",
                f.display(),
                sc.name,
                sc.stores.len(),
                if sc.stores.len() == 1 { "" } else { "s" },
                sc.policies.len()
            ),
            Err(e) => {
                failed = true;
                eprintln!("{e}");
            }
        }
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// The KPI catalogue as a text table.
pub fn kpi_listing() -> String {
    let mut out = format!("{:<28} {:<11} {:<7} definition\n", "kpi", "unit", "better");
    for k in KPIS {
        out.push_str(&format!(
            "{:<28} {:<11} {:<7} {}\n",
            k.name,
            k.unit,
            k.direction.word(),
            k.definition
        ));
    }
    out
}
