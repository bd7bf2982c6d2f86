//! `omnisim trace`: every event of one replication of one policy as CSV.

use crate::report::format_value;
use crate::sim::{self, TraceRow};
use anyhow::{Context, Result, bail};
use clap::Args;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `omnisim trace`.
#[derive(Debug, Args)]
pub struct TraceArgs {
    /// Scenario file (default: the embedded default scenario).
    pub scenario: Option<PathBuf>,
    /// Policy to run (default: the baseline).
    #[arg(short, long)]
    pub policy: Option<String>,
    /// Replication index (the same index gives the same shoppers under every policy).
    #[arg(short = 'k', long, default_value_t = 0)]
    pub replication: u64,
    /// Only events of this simulated day (0-based, warm-up days included).
    #[arg(short, long)]
    pub day: Option<u32>,
    /// Master seed (default: the scenario's).
    #[arg(short, long)]
    pub seed: Option<u64>,
    /// Output file (default: standard output).
    #[arg(short, long)]
    pub out: Option<PathBuf>,
}

/// The CSV header of a trace.
pub const HEADER: &str = "time_min,store,event,shopper,order,task,task_kind,employee,sku,order_state,checkout_queue,open_orders,pickup_desk";

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map_or(String::new(), |v| v.to_string())
}

/// A queue length after the event; empty for chain-wide events (midnight), which belong to
/// no store.
fn queue(row: &TraceRow, n: u32) -> String {
    if row.store.is_some() {
        n.to_string()
    } else {
        String::new()
    }
}

fn line(row: &TraceRow, stores: &[String]) -> String {
    format!(
        "{},{},{},{},{},{},{},{},{},{},{},{},{}\n",
        format_value(row.time),
        row.store
            .map_or(String::new(), |s| stores[s as usize].clone()),
        row.event,
        opt(row.shopper),
        opt(row.order),
        opt(row.task),
        row.task_kind.unwrap_or(""),
        opt(row.employee),
        opt(row.sku),
        row.order_state.unwrap_or(""),
        queue(row, row.checkout_queue),
        queue(row, row.open_orders),
        queue(row, row.pickup_desk)
    )
}

pub fn run(args: TraceArgs) -> Result<ExitCode> {
    let mut sc = super::load(args.scenario.as_ref())?;
    if let Some(seed) = args.seed {
        sc.seed = seed;
    }
    let policy = match &args.policy {
        None => sc.baseline,
        Some(name) => match sc.policies.iter().position(|p| &p.name == name) {
            Some(i) => i,
            None => bail!(
                "--policy {name}: no such policy (the scenario has: {})",
                sc.policies
                    .iter()
                    .map(|p| p.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        },
    };
    if let Some(d) = args.day
        && d >= sc.days + sc.warmup_days
    {
        bail!(
            "--day {d}: the run has days 0 to {}",
            sc.days + sc.warmup_days - 1
        );
    }
    let stores: Vec<String> = sc.stores.iter().map(|s| s.name.clone()).collect();
    // To a file: written under a temporary name and renamed at the end, so a failed run
    // leaves no half-written trace.
    let (mut w, tmp): (Box<dyn Write>, Option<PathBuf>) = match &args.out {
        Some(path) => {
            let name = path
                .file_name()
                .with_context(|| format!("--out {}: not a file name", path.display()))?
                .to_string_lossy();
            let tmp = path.with_file_name(format!(".{name}.tmp"));
            let f = std::fs::File::create(&tmp)
                .with_context(|| format!("cannot write {}", tmp.display()))?;
            (Box::new(std::io::BufWriter::new(f)), Some(tmp))
        }
        None => (
            Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
            None,
        ),
    };
    writeln!(w, "{HEADER}")?;
    let mut error: Option<std::io::Error> = None;
    let mut sink = |row: &TraceRow| {
        if error.is_none()
            && let Err(e) = w.write_all(line(row, &stores).as_bytes())
        {
            error = Some(e);
        }
    };
    sim::trace_replication(&sc, policy, args.replication, args.day, &mut sink);
    if let Some(e) = error {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            return Ok(ExitCode::SUCCESS);
        }
        return Err(e).context("cannot write the trace");
    }
    w.flush()?;
    drop(w);
    if let (Some(tmp), Some(out)) = (tmp, &args.out) {
        std::fs::rename(&tmp, out)
            .with_context(|| format!("cannot move {} to {}", tmp.display(), out.display()))?;
    }
    Ok(ExitCode::SUCCESS)
}
