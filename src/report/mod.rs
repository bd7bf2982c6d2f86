//! Outputs: one function per file format, each returning bytes, and one writer that does the
//! I/O atomically (every file goes to a temporary name first; all are renamed only when all
//! are written), so a crash never leaves a half-written file that looks complete.

mod csv_out;
pub mod html;
mod json_out;
mod record_out;

pub use csv_out::{comparison_csv, format_value, replications_csv, summary_csv};
pub use json_out::run_json;
pub use record_out::{daily_csv, profile_csv, timeline_csv};

use crate::experiment::ExperimentResult;
use anyhow::{Context, Result};
use std::path::{Path, PathBuf};

/// Confidence level of every interval in the outputs.
pub const CONFIDENCE: f64 = 0.95;

/// Creates the output folder and checks it is writable, before a long run starts.
pub fn prepare_dir(dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir)
        .with_context(|| format!("cannot create the output folder {}", dir.display()))?;
    let probe = dir.join(".omnisim-write-test");
    std::fs::write(&probe, b"")
        .with_context(|| format!("cannot write into the output folder {}", dir.display()))?;
    std::fs::remove_file(&probe).ok();
    Ok(())
}

/// Writes `files` (name, bytes) into `dir`: all to temporary names, then all renamed.
pub fn write_atomically(dir: &Path, files: &[(&str, Vec<u8>)]) -> Result<Vec<PathBuf>> {
    let mut staged = Vec::with_capacity(files.len());
    for (name, bytes) in files {
        let tmp = dir.join(format!(".{name}.tmp"));
        std::fs::write(&tmp, bytes).with_context(|| format!("cannot write {}", tmp.display()))?;
        staged.push((tmp, dir.join(name)));
    }
    let mut written = Vec::with_capacity(staged.len());
    for (tmp, target) in staged {
        std::fs::rename(&tmp, &target)
            .with_context(|| format!("cannot move {} to {}", tmp.display(), target.display()))?;
        written.push(target);
    }
    Ok(written)
}

/// Writes the result files (KPIs, run facts, and the recorders' profile, daily and timeline) of an experiment into `dir`.
pub fn write_results(dir: &Path, result: &ExperimentResult) -> Result<Vec<PathBuf>> {
    let files = [
        ("replications.csv", replications_csv(result)?),
        ("summary.csv", summary_csv(result)?),
        ("comparison.csv", comparison_csv(result)?),
        ("run.json", run_json(result)?),
        ("profile.csv", profile_csv(result)?),
        ("daily.csv", daily_csv(result)?),
        ("timeline.csv", timeline_csv(result)?),
    ];
    write_atomically(dir, &files)
}
