//! Outputs: one function per file format, each returning bytes, and one writer that does the
//! I/O atomically (every file goes to a temporary name first; all are renamed only when all
//! are written), so a crash never leaves a half-written file that looks complete.

mod csv_out;
mod experiment_out;
pub mod html;
mod json_out;
mod record_out;
mod results_json;
pub mod words;

pub use csv_out::{
    COMPARISON_COLUMNS, best_label, comparison_csv, format_value, replications_csv,
    replications_csv_to, summary_csv,
};
pub use experiment_out::{effects_csv, sweep_csv, sweep_json, warmup_csv};
pub use json_out::{FactorialInfo, run_json};
pub use record_out::{TIMELINE_COLUMNS, daily_csv, profile_csv, timeline_csv};
pub use results_json::results_json;

use crate::error::{Context, Result};
use crate::experiment::ExperimentResult;
use crate::experiment::factorial::Effect;
use crate::experiment::precision::PrecisionOutcome;
use crate::runs::{ManifestEntry, OutputDir};
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
    /// the run's `--set PATH=VALUE` overrides, recorded in run.json
    pub overrides: &'a [String],
}

/// The files of a run that earlier omnisim versions wrote without a manifest: removed at a
/// commit when this run does not write them.
pub const RUN_FILES: [&str; 8] = [
    "replications.csv",
    "summary.csv",
    "comparison.csv",
    "profile.csv",
    "daily.csv",
    "timeline.csv",
    "effects.csv",
    "report.html",
];

/// Marks a folder whose commit started and did not finish: `report` refuses it.
pub const INCOMPLETE_MARKER: &str = ".omnisim-incomplete";

/// Stages `files`, then `marker_name` built by `marker` from their manifest, then (with
/// `render`) report.html drawn from the staged files; commits them all. Returns the final
/// paths (report.html last).
pub fn commit_files(
    out: OutputDir,
    files: &[(&str, Vec<u8>)],
    marker_name: &str,
    marker: &dyn Fn(&[ManifestEntry]) -> Result<Vec<u8>>,
    render: bool,
) -> Result<Vec<PathBuf>> {
    commit_streamed(out, None, files, marker_name, marker, render)
}

/// [`commit_files`] with one more file written first by `stream` (a large one, never held
/// in memory whole).
type Stream<'a> = (&'a str, &'a dyn Fn(&mut dyn std::io::Write) -> Result<()>);

fn commit_streamed(
    out: OutputDir,
    stream: Option<Stream<'_>>,
    files: &[(&str, Vec<u8>)],
    marker_name: &str,
    marker: &dyn Fn(&[ManifestEntry]) -> Result<Vec<u8>>,
    render: bool,
) -> Result<Vec<PathBuf>> {
    let mut manifest = Vec::with_capacity(files.len() + 1);
    let mut names: Vec<&str> = Vec::new();
    if let Some((name, write)) = stream {
        let file = out.stage_file(name)?;
        let mut w = crate::runs::outdir::HashingWriter::new(std::io::BufWriter::new(file));
        write(&mut w)?;
        let entry = w
            .finish(name)
            .with_context(|| format!("cannot write {}", out.staging().join(name).display()))?;
        manifest.push(entry);
        names.push(name);
    }
    for (name, bytes) in files {
        out.stage(name, bytes)?;
        manifest.push(crate::runs::manifest_entry(name, bytes));
    }
    out.stage(marker_name, &marker(&manifest)?)?;
    names.extend(files.iter().map(|(n, _)| *n));
    if render {
        // A warm-up analysis already in the folder joins the report, as with `omnisim report`.
        let warmup = out.path().join("warmup.csv");
        let staged_warmup = std::fs::symlink_metadata(&warmup).is_ok_and(|m| m.is_file());
        if staged_warmup {
            let bytes = crate::input::read_capped(&warmup, crate::input::MAX_RESULT_BYTES)
                .map_err(crate::error::Error::msg)?;
            out.stage("warmup.csv", &bytes)?;
        }
        let folder = folder_name(out.path());
        let html = html::render_html(out.staging(), &folder);
        if staged_warmup {
            std::fs::remove_file(out.staging().join("warmup.csv")).ok();
        }
        out.stage("report.html", html?.as_bytes())?;
        names.push("report.html");
    }
    commit_marked(out, &names, marker_name)
}

/// Commits staged `names` and `marker` (staged already) with the incomplete-marker protocol.
pub fn commit_marked(out: OutputDir, names: &[&str], marker: &str) -> Result<Vec<PathBuf>> {
    let flag = out.path().join(INCOMPLETE_MARKER);
    std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .custom_flags_nofollow()
        .open(&flag)
        .with_context(|| format!("cannot write {}", flag.display()))?;
    let dir = out.path().to_path_buf();
    let legacy: &[&str] = if marker == "run.json" {
        &RUN_FILES
    } else {
        &["sweep.csv"]
    };
    let mut written = out.commit(names, Some(marker), legacy)?;
    std::fs::remove_file(&flag).with_context(|| format!("cannot remove {}", flag.display()))?;
    // report.html is printed last, as before.
    if let Some(i) = written.iter().position(|p| p == &dir.join("report.html")) {
        let r = written.remove(i);
        written.push(r);
    }
    Ok(written)
}

trait NoFollow {
    fn custom_flags_nofollow(&mut self) -> &mut Self;
}

impl NoFollow for std::fs::OpenOptions {
    fn custom_flags_nofollow(&mut self) -> &mut Self {
        use std::os::unix::fs::OpenOptionsExt;
        #[cfg(target_os = "linux")]
        const O_NOFOLLOW: i32 = 0o400000;
        #[cfg(not(target_os = "linux"))]
        const O_NOFOLLOW: i32 = 0x0100;
        self.custom_flags(O_NOFOLLOW)
    }
}

/// The name a report gives a folder without run.json.
pub fn folder_name(dir: &Path) -> String {
    dir.canonicalize()
        .ok()
        .and_then(|d| d.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "results".into())
}

/// Writes one file (a warm-up's warmup.csv) into the folder by a staged rename, then
/// (with `render`) report.html drawn from the whole folder.
pub fn write_single(
    out: OutputDir,
    name: &str,
    bytes: &[u8],
    render: bool,
) -> Result<Vec<PathBuf>> {
    out.stage(name, bytes)?;
    let dir = out.path().to_path_buf();
    let mut written = out.commit(&[name], None, &[])?;
    if render {
        let out = OutputDir::open(&dir, "report")?;
        written.extend(html::render_into(out)?);
    }
    Ok(written)
}

/// Writes the result files of an experiment into the folder: replications, summary,
/// comparison, effects.csv for a factorial run, the recorders' profile.csv, daily.csv and
/// timeline.csv, run.json (with the manifest of the others) last, and report.html (with
/// `render`).
pub fn write_results(
    out: OutputDir,
    result: &ExperimentResult,
    extras: &Extras<'_>,
    render: bool,
) -> Result<Vec<PathBuf>> {
    let factorial_info = extras.factorial.as_ref().map(|(_, info)| info.clone());
    let mut files = vec![
        ("summary.csv", summary_csv(result)?),
        ("comparison.csv", comparison_csv(result)?),
        ("profile.csv", profile_csv(result)?),
        ("daily.csv", daily_csv(result)?),
        ("timeline.csv", timeline_csv(result)?),
    ];
    if let Some((effects, _)) = &extras.factorial {
        files.push(("effects.csv", effects_csv(result, effects)?));
    }
    let marker = |manifest: &[ManifestEntry]| {
        run_json(
            result,
            extras.precision,
            factorial_info.clone(),
            extras.overrides,
            manifest.to_vec(),
        )
    };
    let stream = |w: &mut dyn std::io::Write| replications_csv_to(result, w);
    let mut written = commit_streamed(
        out,
        Some(("replications.csv", &stream)),
        &files,
        "run.json",
        &marker,
        render,
    )?;
    // run.json is listed where it always was: after comparison.csv.
    if let Some(i) = written.iter().position(|p| p.ends_with("run.json")) {
        let r = written.remove(i);
        written.insert(3.min(written.len()), r);
    }
    Ok(written)
}
