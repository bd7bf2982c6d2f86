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
    /// the scenario's name, when the file is valid
    #[serde(skip_serializing_if = "Option::is_none")]
    scenario: Option<String>,
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
        .map(|f| match scenario::load_file(f) {
            Ok(sc) => FileReport {
                path: f.display().to_string(),
                ok: true,
                scenario: Some(sc.name),
                errors: Vec::new(),
            },
            Err(e) => FileReport {
                path: f.display().to_string(),
                ok: false,
                scenario: None,
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
