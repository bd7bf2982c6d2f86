//! What the commands share for showing their work: writing to stdout, the progress bar, the
//! event rate, the result files of an experiment and opening the report in a browser.

use crate::experiment;
use crate::report;
use crate::runs::OutputDir;
use anyhow::Result;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

/// Writes a command's whole output to stdout. A reader that stops early (`| head`) is not an
/// error: the output was wanted only in part.
pub(super) fn print_out(bytes: &[u8]) -> Result<ExitCode> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(ExitCode::SUCCESS),
    }
}

/// Events per second for people: M, k or plain.
pub(super) fn rate(events: u64, seconds: f64) -> String {
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
pub(super) fn progress(quiet: bool, jobs: u64, message: &str) -> ProgressBar {
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

/// Lists the files a command wrote, one `wrote PATH` line each.
pub(super) fn print_written(written: &[std::path::PathBuf]) {
    for path in written {
        println!("wrote {}", path.display());
    }
}

/// `--open`: opens the report.html among the files a command wrote, or says there is none.
pub(super) fn open_written_report(written: &[std::path::PathBuf]) {
    match written.iter().find(|p| p.ends_with("report.html")) {
        Some(p) => open_in_browser(p),
        None => eprintln!("warning: --open: no report.html was written (--no-report)"),
    }
}

/// Opens a report in the desktop's browser (`--open`); a failure is a warning, not an error:
/// the results are written.
pub(super) fn open_in_browser(path: &std::path::Path) {
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

/// Writes an experiment's result files (and the report), with a factorial's effects and its
/// low and high policies when there are some. Shared by `run` and `merge`, so both write the
/// same files.
pub(super) fn write_experiment(
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
    Ok(report::write_results(out, result, &extras, render)?)
}
