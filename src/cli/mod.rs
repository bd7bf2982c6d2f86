//! Commands: parse arguments, call the library, print. No model logic here.

mod args;
mod catalogue;
mod json;
mod merge;
mod options;
mod output;
mod run;
pub mod serve;
mod slurm;
mod sweep;
mod table;
mod trace;
mod warmup;

pub use args::{
    Cli, Command, Format, KpiFormat, KpisArgs, MergeArgs, RunArgs, ServeArgs, SlurmArgs, SweepArgs,
    WarmupArgs,
};
pub use catalogue::{kpi_json, kpi_listing, kpi_markdown};

use crate::report;
use crate::runs::OutputDir;
use crate::scenario::{self, Scenario};
use anyhow::{Result, bail};
use clap::Parser;
use output::print_out;
use std::path::PathBuf;
use std::process::ExitCode;

/// Parses the command line and runs it. Returns the process exit code.
pub fn main() -> Result<ExitCode> {
    let cli = Cli::parse();
    match cli.command {
        Command::Run(args) => run::run(args),
        Command::Validate { files, format } => Ok(match format {
            Format::Text => validate(&files),
            Format::Json => json::validate(&files),
        }),
        Command::Report { dir, charts } => {
            if !dir.is_dir() {
                bail!("{}: no such results folder", dir.display());
            }
            let out = OutputDir::open(&dir, "report")?;
            output::print_written(&report::html::render_with_charts(out, charts)?);
            Ok(ExitCode::SUCCESS)
        }
        Command::Trace(args) => trace::run(args),
        Command::Warmup(args) => warmup::warmup(args),
        Command::Sweep(args) => sweep::sweep(args),
        Command::Merge(args) => merge::merge(args),
        Command::Slurm(args) => {
            print!("{}", slurm::script(&args)?);
            Ok(ExitCode::SUCCESS)
        }
        Command::Serve(a) => {
            serve::serve(serve::ServeOptions {
                scenario: a.scenario,
                bind: a.bind,
                port: a.port,
                out: a.out,
            })?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Kpis(args) => {
            let text = match args.format {
                KpiFormat::Table => kpi_listing(),
                KpiFormat::Markdown => kpi_markdown(),
                KpiFormat::Json => kpi_json()?,
            };
            print_out(text.as_bytes())
        }
        Command::Schema { kind } => {
            print_out(scenario::schema::schema_text(kind.into()).as_bytes())
        }
        Command::Completions { shell } => {
            let mut command = <Cli as clap::CommandFactory>::command();
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut command, "omnisim", &mut script);
            print_out(&script)
        }
        Command::Man => {
            let mut page = Vec::new();
            clap_mangen::Man::new(<Cli as clap::CommandFactory>::command()).render(&mut page)?;
            print_out(&page)
        }
    }
}

pub(crate) fn load(path: Option<&PathBuf>) -> Result<Scenario> {
    match path {
        None => Ok(scenario::default_scenario()),
        Some(p) => Ok(scenario::load_file(p)?),
    }
}

/// The default output folder `results/<name>`, refused when the name is not a plain file
/// name (`..` would write into the parent of results/).
pub(crate) fn default_out(name: &str, what: &str) -> Result<PathBuf> {
    crate::input::check_plain_name(name, what)
        .map_err(|m| anyhow::anyhow!("{m}; rename it or give --out"))?;
    Ok(PathBuf::from("results").join(name))
}

/// The scenario of a run: the file (or the embedded default) with the run's `--set` values
/// written in.
pub(crate) fn load_with_overrides(
    path: Option<&PathBuf>,
    overrides: &[scenario::overrides::Override],
) -> Result<Scenario> {
    if overrides.is_empty() {
        return load(path);
    }
    let (text, file, base) = scenario_source(path)?;
    Ok(scenario::overrides::load_with(&text, &file, &base, overrides)?.1)
}

/// The text, display name and base folder of a scenario file, or of the embedded default.
pub(crate) fn scenario_source(path: Option<&PathBuf>) -> Result<(String, String, PathBuf)> {
    match path {
        None => Ok((
            scenario::DEFAULT_SCENARIO.to_string(),
            "<embedded default>".to_string(),
            PathBuf::from("scenarios"),
        )),
        Some(p) => {
            let text = crate::input::read_text_capped(p, crate::input::MAX_SCENARIO_BYTES)
                .map_err(|m| anyhow::anyhow!("{}: {m}", p.display()))?;
            let base = p
                .parent()
                .filter(|b| !b.as_os_str().is_empty())
                .unwrap_or(std::path::Path::new("."))
                .to_path_buf();
            Ok((text, p.display().to_string(), base))
        }
    }
}

fn validate(files: &[PathBuf]) -> ExitCode {
    let mut failed = false;
    for f in files {
        match scenario::check_file(f) {
            Ok(checked) => println!("{}: OK ({checked})", f.display()),
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
