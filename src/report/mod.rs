//! Outputs: one function per file format, each returning bytes, and one writer that does the
//! I/O atomically (every file goes to a temporary name first; all are renamed only when all
//! are written), so a crash never leaves a half-written file that looks complete.

mod csv_out;
mod experiment_out;
pub mod html;
mod json_out;
mod record_out;

pub use csv_out::{
    COMPARISON_COLUMNS, best_label, comparison_csv, format_value, replications_csv, summary_csv,
};
pub use experiment_out::{effects_csv, sweep_csv, sweep_json, warmup_csv};
pub use json_out::{FactorialInfo, run_json};
pub use record_out::{TIMELINE_COLUMNS, daily_csv, profile_csv, timeline_csv};

use crate::experiment::ExperimentResult;
use crate::experiment::factorial::Effect;
use crate::experiment::precision::PrecisionOutcome;
use anyhow::{Context, Result};
use std::path::{Path, PathBuf};

/// Default confidence level of the intervals in the outputs.
pub const CONFIDENCE: f64 = 0.95;

/// What a run adds to the plain comparison, when it did more.
#[derive(Default)]
pub struct Extras<'a> {
    /// the precision loop's outcome
    pub precision: Option<&'a PrecisionOutcome>,
    /// factorial effects, with the two policies the design spans
    pub factorial: Option<(&'a [Effect], FactorialInfo<'a>)>,
}

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

/// Writes the result files of an experiment into `dir`: replications, summary, comparison,
/// run.json, effects.csv for a factorial run, and the recorders' profile.csv, daily.csv and
/// timeline.csv (for the HTML report).
pub fn write_results(
    dir: &Path,
    result: &ExperimentResult,
    extras: &Extras<'_>,
) -> Result<Vec<PathBuf>> {
    let factorial_info = extras.factorial.as_ref().map(|(_, info)| info.clone());
    let mut files = vec![
        ("replications.csv", replications_csv(result)?),
        ("summary.csv", summary_csv(result)?),
        ("comparison.csv", comparison_csv(result)?),
        (
            "run.json",
            run_json(result, extras.precision, factorial_info)?,
        ),
        ("profile.csv", profile_csv(result)?),
        ("daily.csv", daily_csv(result)?),
        ("timeline.csv", timeline_csv(result)?),
    ];
    if let Some((effects, _)) = &extras.factorial {
        files.push(("effects.csv", effects_csv(result, effects)?));
    }
    write_atomically(dir, &files)
}
