//! The command line as a user meets it: run, validate, kpis, and bad input that must give
//! a clear error naming the field, a non-zero exit and no files.

use crate::support::common;

use assert_cmd::Command;
use std::path::Path;

fn omnisim() -> Command {
    Command::cargo_bin("omnisim").expect("binary built")
}

fn stderr_of(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn run_writes_the_four_files_and_prints_the_table() {
    let dir = tempfile::tempdir().unwrap();
    let out = omnisim()
        .args(["run", "--replications", "3", "--out"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let stdout = String::from_utf8_lossy(&out.stdout);
    for needle in [
        "siloed",
        "aligned",
        "aligned vs siloed",
        "BOPIS ready on time",
        "Net promoter score",
    ] {
        assert!(stdout.contains(needle), "table lacks {needle}:\n{stdout}");
    }
    let read = |name: &str| std::fs::read_to_string(dir.path().join(name)).unwrap();
    assert!(read("replications.csv").starts_with("policy,replication,store,kpi,value\n"));
    assert!(read("summary.csv").starts_with("policy,store,kpi,mean,std_dev,ci_low,ci_high,n\n"));
    assert!(read("comparison.csv").starts_with(
        "policy,baseline,store,kpi,diff_mean,ci_low,ci_high,rel_change,significant,confidence,variance_reduction,best,verdict\n"
    ));
    let json: serde_json::Value = serde_json::from_str(&read("run.json")).unwrap();
    for key in [
        "omnisim_version",
        "scenario",
        "scenario_hash",
        "seed",
        "replications",
        "threads",
        "wall_seconds",
        "events_simulated",
        "events_per_second",
    ] {
        assert!(json.get(key).is_some(), "run.json lacks {key}");
    }
    assert_eq!(json["replications"], 3);
    assert!(json["events_per_second"].as_f64().unwrap() > 0.0);
    // summary.csv has one row per policy x store label x KPI.
    let rows = read("summary.csv").lines().count() - 1;
    assert_eq!(rows, 2 * 2 * omnisim::sim::KPIS.len());
    // No temporary files are left behind.
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn every_shipped_scenario_validates() {
    let files = common::shipped_scenarios();
    let out = omnisim().arg("validate").args(&files).output().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(stdout.matches(": OK").count(), files.len(), "{stdout}");
}

#[test]
fn kpis_lists_every_kpi_with_unit_and_direction() {
    let out = omnisim().arg("kpis").output().unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    for k in omnisim::sim::KPIS {
        let line = stdout
            .lines()
            .find(|l| l.split_whitespace().next() == Some(k.name))
            .unwrap_or_else(|| panic!("{} missing", k.name));
        assert!(
            line.contains(k.unit) && line.contains(k.direction.word()),
            "{line}"
        );
    }
}

#[test]
fn kpis_as_markdown_has_one_row_of_five_cells_per_kpi() {
    let out = omnisim()
        .args(["kpis", "--format", "markdown"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let rows: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        rows[0],
        "| KPI | unit | better | terminal table | definition |"
    );
    assert_eq!(rows.len(), 2 + omnisim::sim::KPIS.len());
    for (row, k) in rows[2..].iter().zip(omnisim::sim::KPIS) {
        // Five cells: an unescaped `|` in a definition would make more.
        let cleaned = row.replace("\\|", "");
        let cells: Vec<&str> = cleaned.split('|').map(str::trim).collect();
        assert_eq!(cells.len(), 7, "{row}");
        assert_eq!(cells[1], format!("`{}`", k.name));
        assert_eq!(cells[3], k.direction.word());
        let shown = match cells[4] {
            "yes" => true,
            "" | "under `lost_sales_revenue`" => false,
            other => panic!("unexpected terminal-table cell {other:?}"),
        };
        assert_eq!(shown, k.headline, "{row}");
        assert_eq!(
            cells[4] == "under `lost_sales_revenue`",
            k.name.starts_with("lost_sales_") && k.name != "lost_sales_revenue",
            "{row}"
        );
    }
}

#[test]
fn kpis_as_json_round_trips_the_catalogue() {
    let out = omnisim()
        .args(["kpis", "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    let list = value.as_array().expect("an array");
    assert_eq!(list.len(), omnisim::sim::KPIS.len());
    for (item, k) in list.iter().zip(omnisim::sim::KPIS) {
        assert_eq!(item["name"], k.name);
        assert_eq!(item["unit"], k.unit);
        assert_eq!(item["definition"], k.definition);
        assert_eq!(item["headline"], k.headline);
        assert!(item["direction"].is_string());
    }
    // The default is the aligned table; an unknown format is a usage error (exit code 2).
    let table = omnisim().arg("kpis").output().unwrap();
    let explicit = omnisim()
        .args(["kpis", "--format", "table"])
        .output()
        .unwrap();
    assert_eq!(table.stdout, explicit.stdout);
    let bad = omnisim()
        .args(["kpis", "--format", "html"])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr_of(&bad).contains("markdown"), "{}", stderr_of(&bad));
}

/// The default scenario with one text replacement applied.
fn mutated(from: &str, to: &str) -> String {
    let text = omnisim::scenario::DEFAULT_SCENARIO;
    assert!(
        text.contains(from),
        "the default scenario no longer contains {from:?}"
    );
    text.replacen(from, to, 1)
}

/// Runs `omnisim run` on a bad scenario and returns stderr, after checking the exit code
/// and that nothing was written.
fn run_bad(text: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bad.toml");
    std::fs::write(&file, text).unwrap();
    let out_dir = dir.path().join("out");
    let out = omnisim()
        .arg("run")
        .arg(&file)
        .arg("--out")
        .arg(&out_dir)
        .output()
        .unwrap();
    assert!(!out.status.success(), "a bad scenario ran");
    assert!(
        !Path::new(&out_dir).exists(),
        "files were written for a bad scenario"
    );
    let validate = omnisim().arg("validate").arg(&file).output().unwrap();
    assert_eq!(validate.status.code(), Some(1));
    let err = stderr_of(&out);
    assert!(
        err.contains("bad.toml"),
        "error does not name the file: {err}"
    );
    err
}

#[test]
fn a_misspelt_key_names_the_nearest_valid_one_and_the_line() {
    let err = run_bad(&mutated("checkout_lanes = 6", "chekout_lanes = 6"));
    assert!(err.contains("chekout_lanes"), "{err}");
    assert!(err.contains("did you mean `checkout_lanes`"), "{err}");
    let line = omnisim::scenario::DEFAULT_SCENARIO
        .lines()
        .position(|l| l.starts_with("checkout_lanes"))
        .unwrap()
        + 1;
    assert!(err.contains(&format!("line {line}")), "{err}");
}

#[test]
fn a_wrong_type_is_reported() {
    let err = run_bad(&mutated("checkout_lanes = 6", "checkout_lanes = \"six\""));
    assert!(err.contains("line"), "{err}");
    assert!(
        err.contains("integer") || err.contains("invalid type"),
        "{err}"
    );
}

#[test]
fn a_negative_rate_is_reported_with_its_field() {
    let err = run_bad(&mutated("per_day = 1600", "per_day = -1600"));
    assert!(err.contains("stores[0].shoppers.per_day"), "{err}");
    assert!(err.contains(">= 0"), "{err}");
    assert!(err.contains("line"), "{err}");
}

#[test]
fn a_probability_above_one_is_reported() {
    let err = run_bad(&mutated("bopis_share = 0.45", "bopis_share = 1.45"));
    assert!(err.contains("stores[0].online.bopis_share"), "{err}");
    assert!(err.contains("between 0 and 1"), "{err}");
}

#[test]
fn a_shift_outside_opening_hours_is_reported() {
    let err = run_bad(&mutated(
        "shift = { start = \"15:00\", end = \"22:00\" }",
        "shift = { start = \"15:00\", end = \"23:30\" }",
    ));
    assert!(err.contains("stores[0].staff[1].shift"), "{err}");
    assert!(err.contains("outside opening hours"), "{err}");
}

#[test]
fn a_skill_nobody_holds_is_reported() {
    // Nobody holds packing once every group loses it, and siloed staff are not
    // cross-trained.
    let text = omnisim::scenario::DEFAULT_SCENARIO
        .replace(", packing = 1.0", "")
        .replace("packing = 1.0, ", "");
    assert!(
        !text.contains("packing ="),
        "the default still grants packing somewhere"
    );
    let err = run_bad(&text);
    assert!(err.contains("packing"), "{err}");
    assert!(err.contains("siloed"), "{err}");
}

#[test]
fn every_error_is_reported_not_just_the_first() {
    let text = mutated("bopis_share = 0.45", "bopis_share = 7").replacen(
        "no_show_probability = 0.03",
        "no_show_probability = -0.5",
        1,
    );
    let err = run_bad(&text);
    assert!(
        err.contains("bopis_share") && err.contains("no_show_probability"),
        "{err}"
    );
    assert!(err.contains("2 errors"), "{err}");
}

#[test]
fn a_missing_file_is_a_clear_error() {
    let out = omnisim()
        .args(["run", "/nonexistent/scenario.toml"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        stderr_of(&out).contains("cannot read the file"),
        "{}",
        stderr_of(&out)
    );
}

#[test]
fn absurd_runs_are_refused_up_front() {
    let err = run_bad(&mutated("per_day = 1600", "per_day = 1000000000"));
    assert!(err.contains("beyond what omnisim accepts"), "{err}");
    let err = run_bad(&mutated("days = 28", "days = 3650000"));
    assert!(err.contains("scenario.days"), "{err}");
    // Long but each day plausible: refused on the total work of a replication.
    let err = run_bad(&mutated("days = 28", "days = 3000").replacen(
        "per_day = 1600",
        "per_day = 90000",
        1,
    ));
    assert!(err.contains("one replication would simulate"), "{err}");
}

#[test]
fn names_with_control_characters_are_refused() {
    let err = run_bad(&mutated("name = \"midtown\"", "name = \"mid\\ntown\""));
    assert!(
        err.contains("stores[0].name") && err.contains("control characters"),
        "{err}"
    );
    let err = run_bad(&mutated("name = \"aligned\"", "name = \"al\\tigned\""));
    assert!(
        err.contains("policies[1].name") && err.contains("control characters"),
        "{err}"
    );
}
