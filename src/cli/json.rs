//! `--format json` of `omnisim validate`: one JSON document on stdout, an array with one
//! object per file (path, ok, and each error's line, column, field and message), for scripts.

use crate::scenario;
use serde::Serialize;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Serialize)]
struct FileReport {
    path: String,
    ok: bool,
    /// "scenario" or "sweep", when the file is valid
    #[serde(skip_serializing_if = "Option::is_none")]
    kind: Option<&'static str>,
    /// the scenario's name, when the file is a valid scenario
    #[serde(skip_serializing_if = "Option::is_none")]
    scenario: Option<String>,
    /// the sweep's name and its number of points, when the file is a valid sweep
    #[serde(skip_serializing_if = "Option::is_none")]
    sweep: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    points: Option<usize>,
    errors: Vec<ErrorReport>,
}

#[derive(Serialize)]
struct ErrorReport {
    line: Option<usize>,
    column: Option<usize>,
    /// dotted path of the field (empty for a syntax error)
    field: String,
    message: String,
}

/// The document for `files`, and whether every file is valid.
pub fn validate_document(files: &[PathBuf]) -> (String, bool) {
    let reports: Vec<FileReport> = files
        .iter()
        .map(|f| match scenario::check_file(f) {
            Ok(scenario::Checked::Scenario { name, .. }) => FileReport {
                path: f.display().to_string(),
                ok: true,
                kind: Some("scenario"),
                scenario: Some(name),
                sweep: None,
                points: None,
                errors: Vec::new(),
            },
            Ok(scenario::Checked::Sweep { name, points, .. }) => FileReport {
                path: f.display().to_string(),
                ok: true,
                kind: Some("sweep"),
                scenario: None,
                sweep: Some(name),
                points: Some(points),
                errors: Vec::new(),
            },
            Err(e) => FileReport {
                path: f.display().to_string(),
                ok: false,
                kind: None,
                scenario: None,
                sweep: None,
                points: None,
                errors: e
                    .issues
                    .iter()
                    .map(|i| ErrorReport {
                        line: i.line,
                        column: i.column,
                        field: i.path.clone(),
                        message: i.message.clone(),
                    })
                    .collect(),
            },
        })
        .collect();
    let ok = reports.iter().all(|r| r.ok);
    let text = serde_json::to_string_pretty(&reports).unwrap_or_else(|_| "[]".into());
    (format!("{text}\n"), ok)
}

/// Prints the document; the exit code fails when a file is not valid.
pub fn validate(files: &[PathBuf]) -> ExitCode {
    let (doc, ok) = validate_document(files);
    print!("{doc}");
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
