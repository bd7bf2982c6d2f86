//! The command line, as clap sees it. Nothing else in the crate touches clap.
#![allow(rustdoc::invalid_html_tags, rustdoc::broken_intra_doc_links)] // doc comments here are --help text, shown as written

use clap::{Args, Parser, Subcommand, ValueEnum};
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
    #[command(after_help = "Example: omnisim run scenarios/holiday_peak.toml -r 20 --factorial")]
    Run(RunArgs),
    /// Check scenario files and print OK or every error found.
    #[command(after_help = "Example: omnisim validate scenarios/*.toml")]
    Validate {
        /// Scenario or sweep files to check (a sweep file: its base and every point).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// `text` (OK or the errors, one per line) or `json` (an array with one object per
        /// file: path, ok, errors with line, column, field and message).
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// List the KPIs: name, unit, better direction, definition.
    #[command(after_help = "Example: omnisim kpis --format markdown")]
    Kpis(KpisArgs),
    /// Render report.html from the files of an earlier run's results folder.
    #[command(after_help = "Example: omnisim report results/default --charts")]
    Report {
        /// The results folder (holds summary.csv, profile.csv, ... or a sweep's sweep.csv).
        dir: PathBuf,
        /// Also write timeline.svg and forest.svg, two of the report's charts, beside it.
        #[arg(long)]
        charts: bool,
    },
    /// Write every event of one replication (or one day of it) as CSV.
    #[command(after_help = "Example: omnisim trace --policy aligned --day 3 --out day3.csv")]
    Trace(crate::cli::trace::TraceArgs),
    /// Suggest a warm-up length from pilot replications that discard nothing.
    #[command(after_help = "Example: omnisim warmup --days 120 -r 10")]
    Warmup(WarmupArgs),
    /// Run every point of a parameter grid (a sweep file) as a full experiment.
    #[command(after_help = "Example: omnisim sweep scenarios/sweep_staffing.toml")]
    Sweep(SweepArgs),
    /// Merge the folders of the shards of one run (`run --shard I/N`) into the files of a
    /// single run.
    #[command(after_help = "Example: omnisim merge results/merged results/part-*")]
    Merge(MergeArgs),
    /// Print a Slurm batch script that runs a scenario as a job array of shards, then merges.
    #[command(after_help = "Example: omnisim slurm scenarios/holiday_peak.toml --tasks 8 > job.sh")]
    Slurm(SlurmArgs),
    /// Print the JSON Schema of the scenario or sweep file (for editor completion and checks).
    #[command(after_help = "Example: omnisim schema sweep > sweep.schema.json")]
    Schema {
        /// Which file's schema.
        #[arg(value_enum, default_value_t = SchemaArg::Scenario)]
        kind: SchemaArg,
    },
    /// Print a shell completion script.
    #[command(
        after_help = "Example: omnisim completions bash > ~/.local/share/bash-completion/completions/omnisim"
    )]
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff).
    #[command(after_help = "Example: omnisim man > omnisim.1 && man ./omnisim.1")]
    Man,
    /// The workshop: a local web page whose controls set the levers and the store, run a
    /// quick experiment against the baseline, and show what each step adds.
    #[command(after_help = "Example: omnisim serve --port 8080")]
    Serve(ServeArgs),
}

/// The files `omnisim schema` describes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum SchemaArg {
    /// A scenario file.
    Scenario,
    /// A sweep file.
    Sweep,
}

/// Arguments of `omnisim serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Scenario file (default: the embedded default scenario).
    pub scenario: Option<PathBuf>,
    /// Port to listen on (0: any free port, printed at start).
    #[arg(short, long, default_value_t = 8080)]
    pub port: u16,
    /// Address to listen on; anything but 127.0.0.1 opens the workshop to the network.
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: std::net::IpAddr,
    /// Folder the server writes its runs into (one folder per run).
    #[arg(short, long, default_value = "results/serve")]
    pub out: PathBuf,
}

/// What a command prints on stdout.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// for people
    Text,
    /// one JSON document, for scripts (progress and errors stay on stderr)
    Json,
}

/// Arguments of `omnisim kpis`.
#[derive(Debug, Args)]
pub struct KpisArgs {
    /// Output format: an aligned text table, a Markdown table (the manual's KPI reference)
    /// or JSON.
    #[arg(long, value_enum, default_value_t = KpiFormat::Table)]
    pub format: KpiFormat,
}

/// Formats of `omnisim kpis`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum KpiFormat {
    /// Aligned columns for the terminal.
    Table,
    /// A Markdown table, as in the manual.
    Markdown,
    /// A JSON array of the KPI definitions.
    Json,
}

/// Arguments of `omnisim merge`.
#[derive(Debug, Args)]
pub struct MergeArgs {
    /// Output folder of the merged run.
    pub out: PathBuf,
    /// The shards' output folders (each holds a journal.omnisim).
    #[arg(required = true)]
    pub shards: Vec<PathBuf>,
    /// Do not write report.html.
    #[arg(long)]
    pub no_report: bool,
    /// No table; only errors.
    #[arg(short, long)]
    pub quiet: bool,
}

/// Arguments of `omnisim slurm`.
#[derive(Debug, Args)]
pub struct SlurmArgs {
    /// Scenario file (default: the embedded default scenario).
    pub scenario: Option<PathBuf>,
    /// Array tasks (shards).
    #[arg(long, default_value_t = 4)]
    pub tasks: u32,
    /// CPUs per task (the shard's --threads).
    #[arg(long, default_value_t = 4)]
    pub cpus_per_task: u32,
    /// Time limit of each task (Slurm's --time, e.g. 02:00:00).
    #[arg(long, default_value = "01:00:00")]
    pub time: String,
    /// Partition (Slurm's --partition).
    #[arg(long)]
    pub partition: Option<String>,
    /// Replications per policy (default: the scenario's).
    #[arg(short, long)]
    pub replications: Option<u32>,
    /// Master seed (default: the scenario's).
    #[arg(short, long)]
    pub seed: Option<u64>,
    /// Folder of the shards and of the merged result (default: results/<scenario name>).
    #[arg(short, long)]
    pub out: Option<PathBuf>,
    /// The omnisim binary the cluster runs (default: this one's absolute path).
    #[arg(long)]
    pub omnisim: Option<PathBuf>,
    /// Make the script wait until the merge has finished (sbatch --wait), for scripts and CI.
    #[arg(long)]
    pub wait: bool,
    /// A what-if, as `omnisim run --set`: checked now, and passed to every shard (repeat for
    /// several).
    #[arg(long = "set", value_name = "PATH=VALUE", value_parser = parse_set)]
    pub set: Vec<crate::scenario::overrides::Override>,
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
    /// Worker threads; 0 means one per core.
    #[arg(short = 'j', long, default_value_t = 0)]
    pub threads: usize,
    /// Output folder (default: results/<scenario name>).
    #[arg(short, long)]
    pub out: Option<PathBuf>,
    /// No progress bar and no table; only errors.
    #[arg(short, long)]
    pub quiet: bool,
    /// The table's wide layout: every policy's mean ± half-width, each change and the best
    /// policy, by KPI id (130 columns and more) instead of the default 100.
    #[arg(long)]
    pub wide: bool,
    /// `text` (the table) or `json` (the results as one JSON document on stdout: the numbers
    /// of summary.csv and comparison.csv, each change's verdict, the files written).
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Write report.html beside the CSV files (the default).
    #[arg(long, overrides_with = "no_report")]
    pub report: bool,
    /// Do not write report.html.
    #[arg(long)]
    pub no_report: bool,
    /// Family-wise confidence level of the intervals (comparisons against the baseline are
    /// Bonferroni-adjusted to keep it when several policies are compared) [default: the
    /// scenario's `[experiment] confidence`, else 0.95].
    #[arg(long, allow_negative_numbers = true)]
    pub confidence: Option<f64>,
    /// Replicate until every KPI named by --kpi (else the headline KPIs) has a relative
    /// half-width at most this (e.g. 0.02 for ±2%) for every policy; --replications, if
    /// given, sets the pilot (at least 10).
    #[arg(
        long,
        value_name = "RELATIVE_HALF_WIDTH",
        conflicts_with = "no_precision",
        allow_negative_numbers = true
    )]
    pub precision: Option<f64>,
    /// A fixed count of replications even if the scenario's [experiment] sets a precision.
    #[arg(long)]
    pub no_precision: bool,
    /// KPI the precision target applies to (repeat for several).
    #[arg(long = "kpi", value_name = "NAME")]
    pub kpis: Vec<String>,
    /// Cap on replications per policy for --precision [default: the scenario's, else 500].
    #[arg(long)]
    pub max_replications: Option<u32>,
    /// Run the 2^5 factorial design of the five levers between two policies (default: the
    /// baseline and `aligned`, or the last policy) and write effects.csv.
    #[arg(long, conflicts_with = "no_factorial")]
    pub factorial: bool,
    /// A plain comparison even if the scenario's [experiment] asks for the factorial.
    #[arg(long)]
    pub no_factorial: bool,
    /// Policy giving the levers' low settings in --factorial (default: the baseline).
    #[arg(long, value_name = "POLICY")]
    pub low: Option<String>,
    /// Policy giving the levers' high settings in --factorial.
    #[arg(long, value_name = "POLICY")]
    pub high: Option<String>,
    /// Replication whose staff timeline the report shows.
    #[arg(long, value_name = "K", default_value_t = 0)]
    pub timeline_replication: u32,
    /// Simulated day (0-based, warm-up days included) of the report's staff timeline
    /// [default: the first measured day].
    #[arg(long, value_name = "D")]
    pub timeline_day: Option<u32>,
    /// Resume from the output folder's journal (the default when it matches); fail if there
    /// is none.
    #[arg(long, conflicts_with = "fresh")]
    pub resume: bool,
    /// Discard a journal already in the output folder and start over.
    #[arg(long)]
    pub fresh: bool,
    /// Run only shard I of N (replications whose index is I-1 modulo N) into the output
    /// folder's journal; `omnisim merge` joins the shards.
    #[arg(long, value_name = "I/N", value_parser = parse_shard)]
    pub shard: Option<(u32, u32)>,
    /// A what-if: write VALUE at the scenario file's dotted PATH before validating (repeat
    /// for several), e.g. `policies.aligned.sync_interval=1h`,
    /// `stores.midtown.staff.online_early.count=3`; VALUE is read as TOML, bare words as text.
    #[arg(long = "set", value_name = "PATH=VALUE", value_parser = parse_set)]
    pub set: Vec<crate::scenario::overrides::Override>,
    /// Open report.html in the desktop's browser when the run is done.
    #[arg(long)]
    pub open: bool,
}

fn parse_set(s: &str) -> Result<crate::scenario::overrides::Override, String> {
    crate::scenario::overrides::Override::parse(s)
}

/// `I/N` with 1 <= I <= N.
fn parse_shard(s: &str) -> Result<(u32, u32), String> {
    let (i, n) = s
        .split_once('/')
        .ok_or_else(|| format!("expected I/N (e.g. 2/8), got {s:?}"))?;
    let i: u32 = i
        .trim()
        .parse()
        .map_err(|_| format!("expected I/N with whole numbers, got {s:?}"))?;
    let n: u32 = n
        .trim()
        .parse()
        .map_err(|_| format!("expected I/N with whole numbers, got {s:?}"))?;
    if n == 0 || i == 0 || i > n {
        return Err(format!("expected I/N with 1 <= I <= N, got {i}/{n}"));
    }
    Ok((i, n))
}

/// Arguments of `omnisim warmup`.
#[derive(Debug, Args)]
pub struct WarmupArgs {
    /// Scenario file (default: the embedded default scenario).
    pub scenario: Option<PathBuf>,
    /// Pilot replications per policy.
    #[arg(short, long, default_value_t = 10)]
    pub replications: u32,
    /// Days to simulate, none discarded (default: twice the scenario's warm-up plus measured
    /// days, at least 10 weeks, in whole weeks).
    #[arg(long)]
    pub days: Option<u32>,
    /// Welch's half-window: each smoothed day averages 2W+1 days.
    #[arg(long, value_name = "W", default_value_t = 3)]
    pub window: usize,
    /// Master seed (default: the scenario's).
    #[arg(short, long)]
    pub seed: Option<u64>,
    /// Worker threads; 0 means one per core.
    #[arg(short = 'j', long, default_value_t = 0)]
    pub threads: usize,
    /// Output folder for warmup.csv (default: results/<scenario name>).
    #[arg(short, long)]
    pub out: Option<PathBuf>,
    /// Do not render report.html again in the output folder (by default it is, so that the
    /// warm-up series joins the report of a run there).
    #[arg(long)]
    pub no_report: bool,
    /// No progress bar and no table; only errors.
    #[arg(short, long)]
    pub quiet: bool,
}

/// Arguments of `omnisim sweep`.
#[derive(Debug, Args)]
pub struct SweepArgs {
    /// Sweep file: a base scenario and a grid of parameters.
    pub sweep: PathBuf,
    /// Worker threads; 0 means one per core.
    #[arg(short = 'j', long, default_value_t = 0)]
    pub threads: usize,
    /// Confidence level of the intervals [default: the base scenario's, else 0.95].
    #[arg(long, allow_negative_numbers = true)]
    pub confidence: Option<f64>,
    /// Output folder (default: results/<sweep name>).
    #[arg(short, long)]
    pub out: Option<PathBuf>,
    /// Replications per policy and point (default: the sweep file's, else the base
    /// scenario's).
    #[arg(short, long)]
    pub replications: Option<u32>,
    /// Master seed (default: the sweep file's, else the base scenario's).
    #[arg(short, long)]
    pub seed: Option<u64>,
    /// Do not write report.html (one line chart per KPI against the swept parameter).
    #[arg(long)]
    pub no_report: bool,
    /// No progress bar and no table; only errors.
    #[arg(short, long)]
    pub quiet: bool,
    /// Open report.html in the desktop's browser when the sweep is done.
    #[arg(long)]
    pub open: bool,
}

impl From<SchemaArg> for crate::scenario::schema::SchemaKind {
    fn from(arg: SchemaArg) -> Self {
        match arg {
            SchemaArg::Scenario => Self::Scenario,
            SchemaArg::Sweep => Self::Sweep,
        }
    }
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
