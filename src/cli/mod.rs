//! Commands: parse arguments, call the library, print. No model logic here.

mod args;
mod json;
pub mod serve;
mod slurm;
mod table;
mod trace;

pub use args::{
    Cli, Command, Format, KpiFormat, KpisArgs, MergeArgs, RunArgs, ServeArgs, SlurmArgs, SweepArgs,
    WarmupArgs,
};

use crate::experiment::precision::{PrecisionTarget, run_to_precision_with};
use crate::experiment::sweep::SweepOptions;
use crate::experiment::warmup::WarmupPlan;
use crate::experiment::{self, Plan};
use crate::report;
use crate::runs::journal::{Existing, Journal, JournalHeader, RunSettings, ShardSet};
use crate::runs::{OutputDir, limits};
use crate::scenario::sweep::Sweep;
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
        Command::Validate { files, format } => Ok(match format {
            Format::Text => validate(&files),
            Format::Json => json::validate(&files),
        }),
        Command::Report { dir, charts } => {
            if !dir.is_dir() {
                bail!("{}: no such results folder", dir.display());
            }
            let out = OutputDir::open(&dir, "report")?;
            for p in report::html::render_with_charts(out, charts)? {
                println!("wrote {}", p.display());
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Trace(args) => trace::run(args),
        Command::Warmup(args) => warmup(args),
        Command::Sweep(args) => sweep(args),
        Command::Merge(args) => merge(args),
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

/// Writes a command's whole output to stdout. A reader that stops early (`| head`) is not an
/// error: the output was wanted only in part.
fn print_out(bytes: &[u8]) -> Result<ExitCode> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(ExitCode::SUCCESS),
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

/// Events per second for people: M, k or plain.
fn rate(events: u64, seconds: f64) -> String {
    if seconds <= 0.0 {
        return "-".into();
    }
    let r = events as f64 / seconds;
    if r >= 1e6 {
        format!("{:.2} M events/s", r / 1e6)
    } else if r >= 1e3 {
        format!("{:.1} k events/s", r / 1e3)
    } else {
        format!("{r:.0} events/s")
    }
}

/// A progress bar on stderr when it is a terminal and the user did not ask for quiet.
fn progress(quiet: bool, jobs: u64, message: &str) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(jobs), ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template(
            "{spinner} {msg} [{bar:30}] {pos}/{len} replications, {elapsed} elapsed, eta {eta}",
        )
        .expect("valid template")
        .progress_chars("=> "),
    );
    bar.set_message(message.to_string());
    bar
}

fn check_confidence(confidence: f64) -> Result<()> {
    if !(0.5..1.0).contains(&confidence) {
        bail!("--confidence must be at least 0.5 and below 1 (e.g. 0.95), got {confidence}");
    }
    Ok(())
}

fn policy_index(sc: &Scenario, name: &str, flag: &str) -> Result<usize> {
    sc.policies
        .iter()
        .position(|p| p.name == name)
        .ok_or_else(|| {
            let names: Vec<&str> = sc.policies.iter().map(|p| p.name.as_str()).collect();
            anyhow::anyhow!(
                "{flag} \"{name}\": no such policy in scenario \"{}\" (policies: {})",
                sc.name,
                names.join(", ")
            )
        })
}

fn kpi_indices(names: &[String]) -> Result<Vec<usize>> {
    if names.is_empty() {
        return Ok((0..KPIS.len()).filter(|&k| KPIS[k].headline).collect());
    }
    let all: Vec<&str> = KPIS.iter().map(|k| k.name).collect();
    names
        .iter()
        .map(|n| {
            crate::sim::kpi_index(n).ok_or_else(|| {
                let hint = crate::scenario::error::nearest(n, &all)
                    .map(|x| format!(" (did you mean \"{x}\"?)"))
                    .unwrap_or_default();
                anyhow::anyhow!("--kpi \"{n}\": unknown KPI{hint}; `omnisim kpis` lists them")
            })
        })
        .collect()
}

/// The scenario of a run: the file (or the embedded default) with the run's `--set` values
/// written in.
fn load_with_overrides(
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

/// Opens a report in the desktop's browser (`--open`); a failure is a warning, not an error:
/// the results are written.
fn open_in_browser(path: &std::path::Path) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    match std::process::Command::new(opener)
        .arg(path)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
    {
        Ok(_) => {}
        Err(e) => eprintln!("warning: cannot open {} with {opener}: {e}", path.display()),
    }
}

fn run(args: RunArgs) -> Result<ExitCode> {
    limits::check_threads(args.threads).map_err(anyhow::Error::msg)?;
    let sc = load_with_overrides(args.scenario.as_ref(), &args.set)?;
    // Flags first, then the scenario's [experiment] section, then the defaults.
    let spec = sc.experiment.clone();
    let confidence = args.confidence.unwrap_or(spec.confidence);
    check_confidence(confidence)?;
    let mut plan = Plan {
        replications: args.replications.unwrap_or(sc.replications),
        seed: args.seed.unwrap_or(sc.seed),
        threads: args.threads,
        confidence,
        timeline_replication: args.timeline_replication,
        timeline_day: args.timeline_day,
    };
    if plan.replications == 0 {
        bail!("--replications must be at least 1");
    }
    let total_days = sc.warmup_days + sc.days;
    if let Some(d) = args.timeline_day
        && d >= total_days
    {
        let warmup = match sc.warmup_days {
            0 => "no warm-up days".to_string(),
            1 => "warm-up day 0 included".to_string(),
            w => format!("warm-up days 0 to {} included", w - 1),
        };
        bail!(
            "--timeline-day {d} is beyond the run: days 0 to {} ({warmup})",
            total_days - 1
        );
    }
    let precision = match args
        .precision
        .or(spec.precision)
        .filter(|_| !args.no_precision)
    {
        None => {
            if !args.kpis.is_empty() || args.max_replications.is_some() {
                bail!("--kpi and --max-replications apply to --precision, which is not set");
            }
            None
        }
        Some(target) => {
            if !(target > 0.0 && target < 1.0) {
                bail!(
                    "--precision must be a relative half-width above 0 and below 1 (e.g. 0.02), got {target}"
                );
            }
            let max_replications = args.max_replications.unwrap_or(spec.max_replications);
            if max_replications < 2 {
                bail!("--max-replications must be at least 2");
            }
            if args.replications.is_none() {
                plan.replications = experiment::precision::MIN_PILOT;
            }
            let pilot = plan.replications.max(experiment::precision::MIN_PILOT);
            if max_replications < pilot {
                bail!(
                    "--max-replications ({max_replications}) is below the pilot of {pilot} replications (--replications, at least {})",
                    experiment::precision::MIN_PILOT
                );
            }
            let names = if args.kpis.is_empty() {
                &spec.precision_kpis
            } else {
                &args.kpis
            };
            Some(PrecisionTarget {
                relative_half_width: target,
                kpis: kpi_indices(names)?,
                max_replications,
            })
        }
    };
    // The timeline's replication must be among those run (the pilot, with --precision).
    let first_count = match &precision {
        Some(_) => plan.replications.max(experiment::precision::MIN_PILOT),
        None => plan.replications,
    };
    if args.timeline_replication >= first_count {
        bail!(
            "--timeline-replication {} is not run: replications are numbered 0 to {}",
            args.timeline_replication,
            first_count - 1
        );
    }
    // Only the report draws the staff timeline: without it, nothing is recorded.
    if args.no_report {
        plan.timeline_replication = experiment::NO_TIMELINE;
    }
    let factorial_asked = (args.factorial || spec.factorial) && !args.no_factorial;
    if !factorial_asked && (args.low.is_some() || args.high.is_some()) {
        bail!("--low and --high apply to --factorial, which is not set");
    }
    // The factorial design replaces the scenario's policies by the 32 design points.
    let (sc, factorial) = if factorial_asked {
        let low = match &args.low {
            Some(name) => Some(policy_index(&sc, name, "--low")?),
            None => spec.factorial_low,
        };
        let high = match &args.high {
            Some(name) => Some(policy_index(&sc, name, "--high")?),
            None => spec.factorial_high,
        };
        let Some((low, high)) = experiment::factorial::pair(&sc, low, high) else {
            bail!(
                "the factorial needs two different policies for its low and high settings; scenario \"{}\" gives {} (choose them with --low and --high)",
                sc.name,
                sc.policies
                    .iter()
                    .map(|p| format!("\"{}\"", p.name))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        };
        let names = (
            sc.policies[low].name.clone(),
            sc.policies[high].name.clone(),
        );
        (
            experiment::factorial::design_scenario(&sc, low, high),
            Some(names),
        )
    } else {
        (sc, None)
    };
    let out = match &args.out {
        Some(o) => o.clone(),
        None if factorial.is_some() => {
            default_out(&sc.name, "scenario name")?;
            PathBuf::from("results").join(format!("{}-factorial", sc.name))
        }
        None => default_out(&sc.name, "scenario name")?,
    };
    let most = precision
        .as_ref()
        .map_or(plan.replications, |t| t.max_replications);
    limits::check_run_memory(sc.stores.len(), sc.policies.len(), KPIS.len(), most)
        .map_err(anyhow::Error::msg)?;
    if args.shard.is_some() && args.format == Format::Json {
        bail!(
            "--format json does not apply to --shard: a shard has no results until `omnisim merge`"
        );
    }
    if args.shard.is_some() && precision.is_some() {
        bail!(
            "--shard and --precision do not go together: the precision loop decides each step from all replications so far; run the shards with a fixed --replications (or --no-precision)"
        );
    }
    // Fail on a bad or busy output folder before the long run, not after.
    let mut out = OutputDir::open(&out, "run")?;
    let header = journal_header(&args, &sc, &plan, factorial.clone())?;
    let existing = if args.fresh {
        Existing::Fresh
    } else if args.resume {
        Existing::Resume
    } else {
        Existing::Auto
    };
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
            (Some(e), Some((low, high))) => {
                print!("{}", table::effects_table(&result, e, low, high));
            }
            _ if args.wide => print!("{}", table::render_wide(&result)),
            _ => print!("{}", table::render(&result)),
        }
        println!();
        for path in &written {
            println!("wrote {}", path.display());
        }
    }
    if args.open {
        match written.iter().find(|p| p.ends_with("report.html")) {
            Some(p) => open_in_browser(p),
            None => eprintln!("warning: --open: no report.html was written (--no-report)"),
        }
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

/// `omnisim merge OUT SHARD...`: the files of a single run from the shards' journals.
fn merge(args: MergeArgs) -> Result<ExitCode> {
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
        for path in written {
            println!("wrote {}", path.display());
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Shortest warm-up pilot: four weekly batches, so that MSER has something to compare.
const MIN_WARMUP_PILOT_DAYS: u32 = 28;

fn warmup(args: WarmupArgs) -> Result<ExitCode> {
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
        for path in written {
            println!("wrote {}", path.display());
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn sweep(args: SweepArgs) -> Result<ExitCode> {
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
        println!(
            "omnisim {} | sweep {} over {} | {} points x {} replications | seed {}",
            env!("CARGO_PKG_VERSION"),
            spec.name,
            spec.base.display(),
            spec.len(),
            describe(&|p| u64::from(p.replications)),
            describe(&|p| p.seed)
        );
        print!("{}", table::sweep_table(&result, &kpis));
        println!();
        for path in &written {
            println!("wrote {}", path.display());
        }
    }
    if args.open {
        match written.iter().find(|p| p.ends_with("report.html")) {
            Some(p) => open_in_browser(p),
            None => eprintln!("warning: --open: no report.html was written (--no-report)"),
        }
    }
    Ok(ExitCode::SUCCESS)
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

/// The KPI catalogue as a Markdown table: the manual's KPI reference is this text, and a test
/// fails when the two differ. The `terminal table` column says which KPIs the table after a
/// run shows: the headline KPIs, with the lost-sales causes under their total.
pub fn kpi_markdown() -> String {
    let cell = |s: &str| s.replace('|', "\\|");
    let mut out = String::from(
        "| KPI | unit | better | terminal table | definition |\n|---|---|---|---|---|\n",
    );
    for k in KPIS {
        let shown = if k.headline {
            "yes"
        } else if k.is_lost_sales_cause() {
            "under `lost_sales_revenue`"
        } else {
            ""
        };
        out.push_str(&format!(
            "| `{}` | {} | {} | {} | {} |\n",
            k.name,
            cell(k.unit),
            k.direction.word(),
            shown,
            cell(k.definition)
        ));
    }
    out
}

/// The KPI catalogue as a JSON array: `name`, `unit`, `direction` (`higher_is_better`,
/// `lower_is_better` or `neutral`), `definition` and `headline` (shown in the terminal table).
pub fn kpi_json() -> Result<String> {
    let mut text = serde_json::to_string_pretty(KPIS)?;
    text.push('\n');
    Ok(text)
}

/// Writes an experiment's result files (and the report), with a factorial's effects and its
/// low and high policies when there are some. Shared by `run` and `merge`, so both write the
/// same files.
fn write_experiment(
    out: OutputDir,
    result: &experiment::ExperimentResult,
    precision: Option<&experiment::precision::PrecisionOutcome>,
    factorial: Option<(&[experiment::factorial::Effect], &(String, String))>,
    overrides: &[String],
    render: bool,
) -> Result<Vec<PathBuf>> {
    let extras = report::Extras {
        precision,
        overrides,
        factorial: factorial.map(|(effects, (low, high))| {
            (
                effects,
                report::FactorialInfo {
                    low: low.as_str(),
                    high: high.as_str(),
                },
            )
        }),
    };
    report::write_results(out, result, &extras, render)
}
