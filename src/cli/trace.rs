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
pub const HEADER: &str = "time_min,store,event,shopper,order,task,task_kind,employee,sku,order_state,checkout_queue,open_orders,pickup_desk,lane_queue,lanes_free,assist_queue,desk_queue,desks_free";

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

/// The CSV fields of one row (quoted by the CSV writer where a name needs it).
fn fields(row: &TraceRow, stores: &[String]) -> [String; 18] {
    [
        format_value(row.time),
        row.store
            .map_or(String::new(), |s| stores[s as usize].clone()),
        row.event.to_string(),
        opt(row.shopper),
        opt(row.order),
        opt(row.task),
        row.task_kind.unwrap_or("").to_string(),
        opt(row.employee),
        opt(row.sku),
        row.order_state.unwrap_or("").to_string(),
        queue(row, row.checkout_queue),
        queue(row, row.open_orders),
        queue(row, row.pickup_desk),
        queue(row, row.lane_queue),
        queue(row, row.lanes_free),
        queue(row, row.assist_queue),
        queue(row, row.desk_queue),
        queue(row, row.desks_free),
    ]
}

/// Where the trace goes. A regular file (new or existing) is written under a temporary name
/// and renamed at the end, so a failed run leaves no half-written trace; anything else that
/// exists (a device such as /dev/null, a pipe, a link) is written directly, never replaced.
fn open_out(path: &std::path::Path) -> Result<(Box<dyn Write>, Option<PathBuf>)> {
    let meta = std::fs::symlink_metadata(path).ok();
    if path.is_dir() {
        bail!("--out {}: is a folder; give a file name", path.display());
    }
    if let Some(m) = &meta
        && !m.file_type().is_file()
    {
        let f = std::fs::OpenOptions::new()
            .write(true)
            .truncate(true)
            .open(path)
            .with_context(|| format!("cannot write {}", path.display()))?;
        return Ok((Box::new(std::io::BufWriter::new(f)), None));
    }
    let name = path
        .file_name()
        .with_context(|| format!("--out {}: not a file name", path.display()))?
        .to_string_lossy()
        .into_owned();
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => std::path::Path::new("."),
    };
    // A random name created exclusively: never an existing file or a planted link; removed on
    // Ctrl-C.
    let tmp = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".tmp")
        .tempfile_in(parent)
        .with_context(|| format!("cannot write into the folder of {}", path.display()))?;
    let (f, tmp) = tmp
        .keep()
        .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", path.display()))?;
    crate::runs::cleanup::register(&tmp);
    Ok((Box::new(std::io::BufWriter::new(f)), Some(tmp)))
}

/// Runs the replication and writes every row; the first write error stops the output.
fn write_trace(
    sc: &crate::scenario::Scenario,
    policy: usize,
    args: &TraceArgs,
    stores: &[String],
    out: Box<dyn Write>,
) -> Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(HEADER.split(','))?;
    let mut error: Option<csv::Error> = None;
    let mut sink = |row: &TraceRow| {
        if error.is_none()
            && let Err(e) = w.write_record(fields(row, stores))
        {
            error = Some(e);
        }
    };
    sim::trace_replication(sc, policy, args.replication, args.day, &mut sink);
    if let Some(e) = error {
        return Err(csv_to_io(e).into());
    }
    w.flush().map_err(anyhow::Error::from)?;
    Ok(())
}

/// An I/O error inside a CSV error, so that a broken pipe can be recognised.
fn csv_to_io(e: csv::Error) -> std::io::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(io) => io,
        other => std::io::Error::other(format!("{other:?}")),
    }
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
    let (out, tmp) = match &args.out {
        Some(path) => open_out(path)?,
        None => (
            Box::new(std::io::BufWriter::new(std::io::stdout().lock())) as Box<dyn Write>,
            None,
        ),
    };
    let result = write_trace(&sc, policy, &args, &stores, out).with_context(|| match &args.out {
        Some(p) => format!("cannot write {}", p.display()),
        None => "cannot write the trace to standard output".to_string(),
    });
    match (result, tmp) {
        (Ok(()), Some(tmp)) => {
            let target = args.out.as_ref().expect("a temporary file only with --out");
            crate::runs::cleanup::forget(&tmp);
            if let Err(e) = std::fs::rename(&tmp, target) {
                std::fs::remove_file(&tmp).ok();
                return Err(e).with_context(|| {
                    format!("cannot move {} to {}", tmp.display(), target.display())
                });
            }
        }
        (Ok(()), None) => {}
        (Err(e), tmp) => {
            if let Some(tmp) = tmp {
                crate::runs::cleanup::forget(&tmp);
                std::fs::remove_file(&tmp).ok();
            }
            // A closed pipe (`omnisim trace | head`) is the reader's choice, not a failure.
            let broken_pipe = e
                .downcast_ref::<std::io::Error>()
                .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe);
            if broken_pipe {
                return Ok(ExitCode::SUCCESS);
            }
            return Err(e);
        }
    }
    Ok(ExitCode::SUCCESS)
}
