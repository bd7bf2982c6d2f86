//! The terminal and script outputs a board-room reader meets: the default table fits 100
//! columns, `--wide` keeps the old layout, `run --format json` is one JSON document with the
//! numbers of summary.csv, and `validate --format json` reports each file.

use crate::support::common;

use assert_cmd::Command;
use std::path::Path;

fn omnisim() -> Command {
    Command::cargo_bin("omnisim").expect("binary built")
}

fn run_table(args: &[&str], out: &Path) -> String {
    let o = omnisim()
        .args(["run", "--no-report", "-j", "2"])
        .args(args)
        .arg("--out")
        .arg(out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout).unwrap()
}

/// Lines of the printed table, without the `wrote PATH` lines (their width is the path's).
fn widest(stdout: &str) -> (usize, String) {
    stdout
        .lines()
        .filter(|l| !l.starts_with("wrote "))
        .map(|l| (l.chars().count(), l.to_string()))
        .max()
        .unwrap_or_default()
}

#[test]
fn the_default_table_fits_100_columns() {
    let dir = tempfile::tempdir().unwrap();
    let stdout = run_table(&["-r", "3"], &dir.path().join("default"));
    let (w, line) = widest(&stdout);
    assert!(w <= 100, "{w} columns: {line}\n{stdout}");
    for needle in [
        "aligned vs siloed",
        "BOPIS ready on time",
        "Against siloed, aligned",
    ] {
        assert!(stdout.contains(needle), "lacks {needle}:\n{stdout}");
    }
    // Several policies compared with the baseline: one block each, still 100 columns.
    let scenario = common::root().join("scenarios/legacy_inventory.toml");
    let sc = omnisim::scenario::load_file(&scenario).unwrap();
    assert!(sc.policies.len() >= 3);
    let stdout = run_table(
        &[scenario.to_str().unwrap(), "-r", "2"],
        &dir.path().join("multi"),
    );
    let (w, line) = widest(&stdout);
    assert!(w <= 100, "{w} columns: {line}\n{stdout}");
    let base = &sc.policies[sc.baseline].name;
    for (i, p) in sc.policies.iter().enumerate() {
        if i != sc.baseline {
            let head = format!("{} vs {base}", p.name);
            assert!(stdout.contains(&head), "lacks {head}:\n{stdout}");
        }
    }
    // --wide keeps the old layout: KPI ids, the best policy, wider than 100 columns.
    let wide = run_table(&["-r", "3", "--wide"], &dir.path().join("wide"));
    assert!(wide.contains("bopis_on_time_rate") && wide.contains("best"));
    assert!(widest(&wide).0 > 100);
}

/// The same number, or both undefined. Both files write the shortest exact decimal; the JSON
/// reader of the test parses it to within an ulp (serde_json without `float_roundtrip`).
fn same(a: Option<f64>, b: Option<f64>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => (a - b).abs() <= 4.0 * f64::EPSILON * b.abs(),
        (None, None) => true,
        _ => false,
    }
}

#[test]
fn run_format_json_is_one_document_with_the_numbers_of_summary_csv() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("json");
    let o = omnisim()
        .args([
            "run",
            "-r",
            "3",
            "-j",
            "2",
            "--no-report",
            "--format",
            "json",
            "--out",
        ])
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let doc: serde_json::Value =
        serde_json::from_slice(&o.stdout).expect("stdout is one JSON document and nothing else");
    assert_eq!(doc["scenario"], "default");
    assert_eq!(doc["replications"], 3);
    // Every row of summary.csv, with the same numbers.
    let mut summary = csv::Reader::from_path(out.join("summary.csv")).unwrap();
    let rows: Vec<csv::StringRecord> = summary.records().map(|r| r.unwrap()).collect();
    let entries = doc["summary"].as_array().unwrap();
    assert_eq!(entries.len(), rows.len());
    let num = |s: &str| -> Option<f64> { (!s.is_empty()).then(|| s.parse().unwrap()) };
    for (row, e) in rows.iter().zip(entries) {
        assert_eq!(e["policy"], row[0]);
        assert_eq!(e["store"], row[1]);
        assert_eq!(e["kpi"], row[2]);
        for (col, key) in [(3, "mean"), (4, "std_dev"), (5, "ci_low"), (6, "ci_high")] {
            assert!(
                same(e[key].as_f64(), num(&row[col])),
                "{}/{}/{} {key}: json {} csv {}",
                &row[0],
                &row[1],
                &row[2],
                e[key],
                &row[col]
            );
        }
        assert_eq!(e["n"].as_u64().unwrap().to_string(), row[7]);
        assert!(!e["label"].as_str().unwrap().is_empty());
    }
    // And comparison.csv's rows, with the verdict column.
    let mut comparison = csv::Reader::from_path(out.join("comparison.csv")).unwrap();
    let headers = comparison.headers().unwrap().clone();
    let col = |n: &str| headers.iter().position(|h| h == n).unwrap();
    let rows: Vec<csv::StringRecord> = comparison.records().map(|r| r.unwrap()).collect();
    let entries = doc["comparison"].as_array().unwrap();
    assert_eq!(entries.len(), rows.len());
    for (row, e) in rows.iter().zip(entries) {
        assert_eq!(e["kpi"], row[col("kpi")]);
        assert!(same(e["diff_mean"].as_f64(), num(&row[col("diff_mean")])));
        assert_eq!(e["verdict"], row[col("verdict")]);
    }
    let verdicts: Vec<&str> = rows.iter().map(|r| &r[col("verdict")]).collect::<Vec<_>>();
    assert!(verdicts.iter().all(|v| {
        [
            "better",
            "worse",
            "higher",
            "lower",
            "negligible",
            "unclear",
        ]
        .contains(v)
    }));
    let files = doc["files"].as_array().unwrap();
    assert!(
        files
            .iter()
            .any(|f| f.as_str().unwrap().ends_with("summary.csv"))
    );
}

#[test]
fn validate_format_json_reports_each_file() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, "[scenario]\nname = \"bad\"\ndays = -3\n").unwrap();
    let good = common::root().join("scenarios/default.toml");
    let o = omnisim()
        .args(["validate", "--format", "json"])
        .arg(&good)
        .arg(&bad)
        .output()
        .unwrap();
    assert!(!o.status.success(), "a bad file fails the command");
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).expect("one JSON document");
    let files = doc.as_array().unwrap();
    assert_eq!(files.len(), 2);
    assert_eq!(files[0]["ok"], true);
    assert_eq!(files[0]["errors"].as_array().unwrap().len(), 0);
    assert_eq!(files[1]["ok"], false);
    assert_eq!(files[1]["path"], bad.display().to_string());
    let errors = files[1]["errors"].as_array().unwrap();
    assert!(!errors.is_empty());
    let days = errors
        .iter()
        .find(|e| e["field"].as_str().unwrap().contains("days"))
        .unwrap_or_else(|| panic!("no error on days: {errors:?}"));
    assert_eq!(days["line"], 3);
    assert!(!days["message"].as_str().unwrap().is_empty());
    // All good: success.
    let o = omnisim()
        .args(["validate", "--format", "json"])
        .arg(&good)
        .output()
        .unwrap();
    assert!(o.status.success());
}
