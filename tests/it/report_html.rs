//! The HTML report: it parses, holds a chart per section, fetches nothing, and its KPI table
//! shows summary.csv's numbers; optional inputs (effects, sweep, warm-up) render from
//! hand-written fixtures; bad folders fail clearly.

use assert_cmd::Command;
use scraper::{Html, Selector};
use std::path::Path;

fn omnisim() -> Command {
    Command::cargo_bin("omnisim").expect("binary built")
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).expect("valid selector")
}

/// Runs the default scenario with a few replications into `dir`.
fn run_default(dir: &Path) {
    omnisim()
        .args(["run", "--replications", "4", "--quiet", "--out"])
        .arg(dir)
        .assert()
        .success();
}

/// Fails on anything that would make a browser fetch from outside the file.
fn assert_self_contained(html: &str) {
    let lower = html.to_lowercase();
    for bad in [
        "src=\"http",
        "src='http",
        "href=\"http",
        "href='http",
        "src=\"//",
        "href=\"//",
        "@import",
        "<script",
        "<link",
    ] {
        assert!(!lower.contains(bad), "report references `{bad}`");
    }
    // No resource is loaded from anywhere: no src= at all, and links only to fragments.
    assert!(!lower.contains(" src="), "report loads a resource");
    let mut links = lower.as_str();
    while let Some(i) = links.find("href=") {
        let arg = links[i + 5..].trim_start_matches(['"', '\'']);
        assert!(
            arg.starts_with('#'),
            "link outside the page: {}",
            &links[i..(i + 40).min(links.len())]
        );
        links = &links[i + 5..];
    }
    // Every url(...) must be a local fragment.
    let mut rest = lower.as_str();
    while let Some(i) = rest.find("url(") {
        let arg = rest[i + 4..].trim_start_matches(['"', '\'']);
        assert!(arg.starts_with('#'), "external url(): {}", &rest[i..i + 40]);
        rest = &rest[i + 4..];
    }
    // xmlns is a namespace name, not a fetch; any other http is suspect.
    let without_ns = lower.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
    assert!(
        !without_ns.contains("http://") && !without_ns.contains("https://"),
        "report contains an http address"
    );
}

fn parse(html: &str) -> Html {
    let doc = Html::parse_document(html);
    assert!(
        doc.errors.is_empty(),
        "HTML parse errors: {:?}",
        &doc.errors[..doc.errors.len().min(5)]
    );
    doc
}

#[test]
fn default_report_parses_has_charts_and_matches_summary() {
    let dir = tempfile::tempdir().unwrap();
    run_default(dir.path());
    let html = std::fs::read_to_string(dir.path().join("report.html")).expect("report written");
    let doc = parse(&html);
    assert_self_contained(&html);
    for id in ["kpis", "forest", "profile", "timeline", "inventory"] {
        let n = doc.select(&sel(&format!("section#{id} svg"))).count();
        assert!(n >= 1, "section {id} has no SVG chart");
        // Text in charts is real SVG text.
        let texts = doc.select(&sel(&format!("section#{id} svg text"))).count();
        assert!(texts >= 3, "section {id}: charts without text");
    }
    assert!(
        doc.select(&sel("section#run table")).count() >= 2,
        "run and lever tables"
    );
    // The profile has one chart per metric, and the timeline one per policy.
    assert_eq!(doc.select(&sel("section#profile svg")).count(), 5);
    assert_eq!(doc.select(&sel("section#timeline svg")).count(), 2);
    // A run has no effects, sweep or warm-up: those sections are left out.
    for id in ["effects", "sweep", "warmup"] {
        assert_eq!(doc.select(&sel(&format!("section#{id}"))).count(), 0);
    }

    // The KPI table's numbers are summary.csv's.
    let mut summary = csv::Reader::from_path(dir.path().join("summary.csv")).unwrap();
    let headers = summary.headers().unwrap().clone();
    let col = |n: &str| headers.iter().position(|h| h == n).unwrap();
    let rows: Vec<csv::StringRecord> = summary.records().map(|r| r.unwrap()).collect();
    let cells: Vec<_> = doc.select(&sel("#kpi-table td[data-mean]")).collect();
    assert!(cells.len() >= 10, "KPI table too small: {}", cells.len());
    for td in cells {
        let e = td.value();
        let (policy, kpi, mean) = (
            e.attr("data-policy").unwrap(),
            e.attr("data-kpi").unwrap(),
            e.attr("data-mean").unwrap(),
        );
        let row = rows
            .iter()
            .find(|r| {
                &r[col("policy")] == policy && &r[col("kpi")] == kpi && &r[col("store")] == "all"
            })
            .unwrap_or_else(|| panic!("{policy}/{kpi} not in summary.csv"));
        assert_eq!(mean, &row[col("mean")], "{policy}/{kpi}");
        // What the reader sees is that number, rounded.
        let shown: String = td
            .select(&sel("span.mean"))
            .next()
            .unwrap()
            .text()
            .collect();
        // Shares read as percentages (one decimal), other numbers with thousands separators.
        let (digits, scale, tolerance) = match shown.strip_suffix('%') {
            Some(d) => (d.to_string(), 0.01, 0.0005_f64 + 1e-12),
            None => (shown.clone(), 1.0, 0.0),
        };
        let shown: f64 = digits.replace(',', "").parse::<f64>().unwrap() * scale;
        let exact: f64 = row[col("mean")].parse().unwrap();
        assert!(
            (shown - exact).abs() <= tolerance.max(5e-3 * exact.abs().max(1e-3)),
            "{policy}/{kpi}: shown {shown}, summary {exact}"
        );
    }
    // Changes are marked by word and sign as well as colour.
    let table: String = doc
        .select(&sel("#kpi-table"))
        .next()
        .unwrap()
        .text()
        .collect();
    assert!(table.contains("+ better") && table.contains("− worse"));
    // Readable labels, with the id in small type.
    assert!(table.contains("BOPIS ready on time") && table.contains("bopis_on_time_rate"));
    // Only a clear, material change is bold: a negligible one is grey like no difference.
    for cell in doc.select(&sel("#kpi-table td.change")) {
        let verdict = cell.value().attr("data-verdict").unwrap();
        let bold = cell.select(&sel("span.better, span.worse")).count() > 0;
        assert_eq!(bold, verdict == "better" || verdict == "worse", "{verdict}");
    }
    // The summary opens the page, in words, from the same comparisons.
    let summary: String = doc
        .select(&sel("section#summary #summary-text"))
        .next()
        .expect("a summary paragraph")
        .text()
        .collect();
    assert!(summary.starts_with("Against siloed, aligned"), "{summary}");
    let first = doc.select(&sel("section")).next().unwrap();
    assert_eq!(first.value().attr("id"), Some("summary"));
    // The assumptions sit beside what was run.
    let assumptions: String = doc
        .select(&sel("section#run #assumptions"))
        .next()
        .expect("an assumptions table")
        .text()
        .collect();
    for needle in ["horizon", "warm-up", "walk-in shoppers", "employees"] {
        assert!(assumptions.contains(needle), "assumptions lack {needle}");
    }
    // The lever's own effect shows although its baseline is 0.
    assert_eq!(
        doc.select(&sel(
            "#zero-baseline tr[data-kpi=\"cross_channel_task_share\"]"
        ))
        .count(),
        1
    );

    // `omnisim report DIR` re-renders the same page from the files.
    let first = html.clone();
    std::fs::remove_file(dir.path().join("report.html")).unwrap();
    omnisim().arg("report").arg(dir.path()).assert().success();
    let again = std::fs::read_to_string(dir.path().join("report.html")).unwrap();
    assert_eq!(first, again);
}

#[test]
fn no_report_flag_writes_no_report() {
    let dir = tempfile::tempdir().unwrap();
    omnisim()
        .args([
            "run",
            "--replications",
            "2",
            "--quiet",
            "--no-report",
            "--out",
        ])
        .arg(dir.path())
        .assert()
        .success();
    assert!(dir.path().join("summary.csv").exists());
    assert!(!dir.path().join("report.html").exists());
}

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).unwrap();
}

const EFFECTS: &str = "effect,store,kpi,estimate,ci_low,ci_high
visibility,all,bopis_on_time_rate,0.02,0.01,0.03
cross_training,all,bopis_on_time_rate,0.05,0.04,0.06
communication,all,bopis_on_time_rate,-0.01,-0.02,0.005
dispatch,all,bopis_on_time_rate,0.03,0.02,0.04
visibility:cross_training,all,bopis_on_time_rate,0.001,-0.002,0.004
visibility,all,labour_cost,10,5,15
cross_training,all,labour_cost,7000,6900,7100
";

const WARMUP: &str = "day,variable,mean,smoothed
0,on_hand,1000,1000
1,on_hand,900,950
2,on_hand,850,900
3,on_hand,840,860
0,record_accuracy,1,1
1,record_accuracy,0.9,0.95
2,record_accuracy,0.85,0.9
3,record_accuracy,0.84,0.86
0,open_orders,0,0
1,open_orders,12,6
2,open_orders,14,10
3,open_orders,13,13
";

const SWEEP: &str = "stores.0.staff.count,point,policy,store,kpi,mean,ci_low,ci_high,n
4,0,siloed,all,bopis_on_time_rate,0.8,0.78,0.82,10
4,0,aligned,all,bopis_on_time_rate,0.95,0.94,0.96,10
6,1,siloed,all,bopis_on_time_rate,0.9,0.88,0.92,10
6,1,aligned,all,bopis_on_time_rate,0.99,0.985,0.995,10
8,2,siloed,all,bopis_on_time_rate,0.95,0.94,0.96,10
8,2,aligned,all,bopis_on_time_rate,1,1,1,10
4,0,siloed,all,nps,30,29,31,10
4,0,aligned,all,nps,35,34,36,10
6,1,siloed,all,nps,33,32,34,10
6,1,aligned,all,nps,39,38,40,10
8,2,siloed,all,nps,35,34,36,10
8,2,aligned,all,nps,41,40,42,10
";

#[test]
fn effects_and_warmup_sections_render_from_fixtures() {
    let dir = tempfile::tempdir().unwrap();
    run_default(dir.path());
    // A folder without run.json (written by hand) is read whole; with run.json, only the
    // files of its manifest are.
    std::fs::remove_file(dir.path().join("run.json")).unwrap();
    // Columns appended later (here `confidence`) are ignored.
    let effects = EFFECTS.replace("ci_high\n", "ci_high,confidence\n");
    let effects: String = effects
        .lines()
        .enumerate()
        .map(|(i, l)| {
            if i == 0 {
                format!("{l}\n")
            } else {
                format!("{l},0.95\n")
            }
        })
        .collect();
    write(dir.path(), "effects.csv", &effects);
    write(dir.path(), "warmup.csv", WARMUP);
    omnisim().arg("report").arg(dir.path()).assert().success();
    let html = std::fs::read_to_string(dir.path().join("report.html")).unwrap();
    let doc = parse(&html);
    assert_self_contained(&html);
    // One effects chart per KPI in the file (both headline), one warm-up chart per variable.
    assert_eq!(doc.select(&sel("section#effects svg")).count(), 2);
    assert_eq!(doc.select(&sel("section#warmup svg")).count(), 3);
    let effects_text: String = doc
        .select(&sel("section#effects"))
        .next()
        .unwrap()
        .text()
        .collect();
    assert!(effects_text.contains("visibility:cross_training"));
}

#[test]
fn a_sweep_folder_renders_just_the_sweep() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "sweep.csv", SWEEP);
    write(
        dir.path(),
        "sweep.json",
        "{\"sweep\": \"staffing levels\"}\n",
    );
    omnisim().arg("report").arg(dir.path()).assert().success();
    let html = std::fs::read_to_string(dir.path().join("report.html")).unwrap();
    let doc = parse(&html);
    assert_self_contained(&html);
    // Titled by the sweep's name; the introduction speaks of the sweep, not of comparisons.
    let h1: String = doc.select(&sel("h1")).next().unwrap().text().collect();
    assert_eq!(h1, "omnisim report: sweep staffing levels");
    let intro: String = doc.select(&sel("h1 + p")).next().unwrap().text().collect();
    assert!(
        intro.contains("swept parameter") && !intro.contains("baseline"),
        "{intro}"
    );
    let sections: Vec<String> = doc
        .select(&sel("section"))
        .map(|s| s.value().attr("id").unwrap().to_string())
        .collect();
    assert_eq!(sections, ["sweep"]);
    assert_eq!(doc.select(&sel("section#sweep svg")).count(), 2);
    assert!(html.contains("stores.0.staff.count"));
}

#[test]
fn a_sweep_over_a_non_numeric_parameter_is_plotted_by_point() {
    let dir = tempfile::tempdir().unwrap();
    let text = SWEEP
        .replace("stores.0.staff.count", "policies.0.communication")
        .replace("\n4,", "\nfragmented,")
        .replace("\n6,", "\nunified,")
        .replace("\n8,", "\nunified,");
    write(dir.path(), "sweep.csv", &text);
    omnisim().arg("report").arg(dir.path()).assert().success();
    let html = std::fs::read_to_string(dir.path().join("report.html")).unwrap();
    let doc = parse(&html);
    assert_eq!(doc.select(&sel("section#sweep svg")).count(), 2);
    assert!(html.contains("sweep point (see policies.0.communication in sweep.csv)"));
}

#[test]
fn a_sweep_over_a_duration_is_plotted_in_minutes() {
    let dir = tempfile::tempdir().unwrap();
    let text = SWEEP
        .replace("stores.0.staff.count", "policies.aligned.sync_interval")
        .replace("\n4,", "\n0s,")
        .replace("\n6,", "\n15min,")
        .replace("\n8,", "\n4h,");
    write(dir.path(), "sweep.csv", &text);
    omnisim().arg("report").arg(dir.path()).assert().success();
    let html = std::fs::read_to_string(dir.path().join("report.html")).unwrap();
    let doc = parse(&html);
    assert!(html.contains("policies.aligned.sync_interval [min]"));
    // The x axis reaches 4 h = 240 minutes.
    let labels: Vec<String> = doc
        .select(&sel("section#sweep svg text"))
        .map(|t| t.text().collect::<String>().trim().to_string())
        .collect();
    assert!(
        labels.iter().any(|l| l == "200"),
        "no tick near 4 h: {labels:?}"
    );
}

#[test]
fn a_warmup_file_with_a_policy_column_gives_one_series_per_policy() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("policy,day,variable,mean,smoothed\n");
    for policy in ["siloed", "aligned"] {
        for line in WARMUP.lines().skip(1) {
            text.push_str(&format!("{policy},{line}\n"));
        }
    }
    write(dir.path(), "warmup.csv", &text);
    omnisim().arg("report").arg(dir.path()).assert().success();
    let html = std::fs::read_to_string(dir.path().join("report.html")).unwrap();
    let doc = parse(&html);
    assert_eq!(doc.select(&sel("section#warmup svg")).count(), 3);
    assert!(html.contains("aligned smoothed") && html.contains("siloed mean"));
}

#[test]
fn a_warmup_folder_renders_just_the_warmup() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "warmup.csv", WARMUP);
    omnisim().arg("report").arg(dir.path()).assert().success();
    let doc = parse(&std::fs::read_to_string(dir.path().join("report.html")).unwrap());
    assert_eq!(doc.select(&sel("section")).count(), 1);
    assert_eq!(doc.select(&sel("section#warmup svg")).count(), 3);
}

#[test]
fn bad_folders_fail_clearly_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    // No known file.
    let out = omnisim().arg("report").arg(dir.path()).assert().failure();
    let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(err.contains("no result files found"), "{err}");
    assert!(!dir.path().join("report.html").exists());
    // No such folder.
    let out = omnisim()
        .arg("report")
        .arg(dir.path().join("missing"))
        .assert()
        .failure();
    let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(err.contains("no such results folder"), "{err}");
    // A malformed number names the file and the line.
    write(
        dir.path(),
        "sweep.csv",
        &SWEEP.replace("6,1,siloed,all,nps,33,", "6,1,siloed,all,nps,thirty-three,"),
    );
    let out = omnisim().arg("report").arg(dir.path()).assert().failure();
    let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(err.contains("sweep.csv: line 10"), "{err}");
    assert!(err.contains("thirty-three"), "{err}");
    assert!(!dir.path().join("report.html").exists());
    // A missing column.
    write(dir.path(), "sweep.csv", "point,policy,store,kpi,mean\n");
    let out = omnisim().arg("report").arg(dir.path()).assert().failure();
    let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(err.contains("sweep.csv: line 1: missing column"), "{err}");
    // A ragged row.
    write(
        dir.path(),
        "sweep.csv",
        "x,point,policy,store,kpi,mean,ci_low,ci_high,n\n1,2,3\n",
    );
    let out = omnisim().arg("report").arg(dir.path()).assert().failure();
    let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(err.contains("sweep.csv: line 2"), "{err}");
}

#[test]
fn values_too_large_to_chart_are_an_error_not_a_hang() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("profile.csv"),
        "policy,store,hour,metric,mean\np,s,1,checkout_queue,1.7e308\np,s,2,checkout_queue,0\n",
    )
    .unwrap();
    let out = assert_cmd::Command::cargo_bin("omnisim")
        .unwrap()
        .arg("report")
        .arg(dir.path())
        .timeout(std::time::Duration::from_secs(20))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "refused, not hung or crashed");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("profile.csv") && err.contains("too large to draw"),
        "{err}"
    );
    assert!(!dir.path().join("report.html").exists());
}

#[test]
fn a_folder_with_only_comparisons_draws_them_and_an_empty_one_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("comparison.csv"),
        "policy,baseline,store,kpi,diff_mean,ci_low,ci_high,rel_change,significant\n\
         aligned,siloed,all,nps,5.0,4.0,6.0,0.15,true\n",
    )
    .unwrap();
    let ok = assert_cmd::Command::cargo_bin("omnisim")
        .unwrap()
        .arg("report")
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    let html = std::fs::read_to_string(dir.path().join("report.html")).unwrap();
    assert!(html.contains("Paired differences versus the baseline"));
    assert!(html.contains("Change versus siloed"));
    let empty = tempfile::tempdir().unwrap();
    std::fs::write(
        empty.path().join("summary.csv"),
        "policy,store,kpi,mean,std_dev,ci_low,ci_high,n\n",
    )
    .unwrap();
    let out = assert_cmd::Command::cargo_bin("omnisim")
        .unwrap()
        .arg("report")
        .arg(empty.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("nothing to draw"));
    assert!(!empty.path().join("report.html").exists());
}
