//! The command line, as clap sees it. Nothing else in the crate touches clap.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// omnisim: discrete-event simulation of omnichannel retail stores.
#[derive(Debug, Parser)]
#[command(name = "omnisim", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run every policy of a scenario over many replications and compare them.
    Run(RunArgs),
    /// Check scenario files and print OK or every error found.
    Validate {
        /// Scenario files to check.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// List the KPIs: name, unit, better direction, definition.
    Kpis,
    /// Render report.html from the files of an earlier run's results folder.
    Report {
        /// The results folder (holds summary.csv, profile.csv, ... or a sweep's sweep.csv).
        dir: PathBuf,
        /// Also write timeline.svg and forest.svg, two of the report's charts, beside it.
        #[arg(long)]
        charts: bool,
    },
    /// Write every event of one replication (or one day of it) as CSV.
    Trace(crate::cli::trace::TraceArgs),
}

/// Arguments of `omnisim run`.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// Scenario file (default: the embedded default scenario).
    pub scenario: Option<PathBuf>,
    /// Replications per policy (default: the scenario's).
    #[arg(short, long)]
    pub replications: Option<u32>,
    /// Master seed (default: the scenario's).
    #[arg(short, long)]
    pub seed: Option<u64>,
    /// Worker threads (default: one per core).
    #[arg(short = 'j', long, default_value_t = 0)]
    pub threads: usize,
    /// Output folder (default: results/<scenario name>).
    #[arg(short, long)]
    pub out: Option<PathBuf>,
    /// No progress bar and no table; only errors.
    #[arg(short, long)]
    pub quiet: bool,
    /// Write report.html beside the CSV files (the default).
    #[arg(long, overrides_with = "no_report")]
    pub report: bool,
    /// Do not write report.html.
    #[arg(long)]
    pub no_report: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_well_formed() {
        Cli::command().debug_assert();
    }
}
