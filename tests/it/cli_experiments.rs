//! The experiment commands as a user meets them: Bonferroni levels in the files, the
//! precision loop, the factorial, warm-up and sweep commands, and their bad input.

use crate::support::common;

use assert_cmd::Command;
use statrs::distribution::{ContinuousCDF, StudentsT};
use std::collections::BTreeMap;
use std::path::Path;

fn omnisim() -> Command {
    Command::cargo_bin("omnisim").expect("binary built")
}

fn stderr_of(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Rows of a CSV file as maps from column name to text.
fn rows(path: &Path) -> Vec<BTreeMap<String, String>> {
    let mut r = csv::Reader::from_path(path).unwrap();
    let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            header
                .iter()
                .cloned()
                .zip(rec.iter().map(String::from))
                .collect()
        })
        .collect()
}

fn t(p: f64, df: f64) -> f64 {
    StudentsT::new(0.0, 1.0, df).unwrap().inverse_cdf(p)
}

#[test]
fn with_three_policies_the_comparisons_use_the_bonferroni_level() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = common::root().join("scenarios/stores_as_hubs.toml");
    let out = omnisim()
        .arg("run")
        .arg(&scenario)
        .args(["-r", "4", "--confidence", "0.9", "-o"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("at 95% each (Bonferroni: 2 comparisons with the baseline, 90% together)"),
        "{stdout}"
    );
    // Paired differences recomputed from replications.csv, by hand.
    let reps = rows(&dir.path().join("replications.csv"));
    let value = |policy: &str, rep: &str| -> f64 {
        reps.iter()
            .find(|r| {
                r["policy"] == policy
                    && r["replication"] == rep
                    && r["store"] == "all"
                    && r["kpi"] == "nps"
            })
            .unwrap()["value"]
            .parse()
            .unwrap()
    };
    let comparison = rows(&dir.path().join("comparison.csv"));
    let policies: Vec<String> = {
        let mut p: Vec<String> = comparison.iter().map(|r| r["policy"].clone()).collect();
        p.dedup();
        p
    };
    assert_eq!(policies.len(), 2, "two policies against the baseline");
    for policy in &policies {
        let row = comparison
            .iter()
            .find(|r| &r["policy"] == policy && r["store"] == "all" && r["kpi"] == "nps")
            .unwrap();
        assert_eq!(row["confidence"], "0.95");
        let baseline = &row["baseline"];
        let diffs: Vec<f64> = (0..4)
            .map(|i| value(policy, &i.to_string()) - value(baseline, &i.to_string()))
            .collect();
        let n = diffs.len() as f64;
        let mean = diffs.iter().sum::<f64>() / n;
        let sd = (diffs.iter().map(|d| (d - mean).powi(2)).sum::<f64>() / (n - 1.0)).sqrt();
        let half =
            (row["ci_high"].parse::<f64>().unwrap() - row["ci_low"].parse::<f64>().unwrap()) / 2.0;
        // Two comparisons at a 90% family level: each two-sided at 95%, t quantile 0.975.
        let expected = t(0.975, n - 1.0) * sd / n.sqrt();
        assert!(
            (half - expected).abs() <= 1e-9 * expected.max(1.0),
            "{policy}: {half} vs {expected}"
        );
        let unadjusted = t(0.95, n - 1.0) * sd / n.sqrt();
        assert!((half / unadjusted - t(0.975, 3.0) / t(0.95, 3.0)).abs() < 1e-9);
        assert!(half / unadjusted > 1.3, "widened by the Bonferroni factor");
    }
    // Cross-channel work is 0 under siloed in every replication and positive otherwise:
    // siloed cannot be best, and the label is a policy or "no clear winner".
    let names = ["siloed", "aligned", "hub", "no clear winner", "-"];
    for r in &comparison {
        assert!(names.contains(&r["best"].as_str()), "{}", r["best"]);
        // A diagnostic KPI has no better side, so no best policy; every other KPI has one.
        let neutral = r["kpi"].starts_with("utilisation_");
        assert_eq!(r["best"] == "-", neutral, "{}: {}", r["kpi"], r["best"]);
        if r["kpi"] == "cross_channel_task_share" {
            assert_ne!(r["best"], "siloed");
        }
    }
}

#[test]
fn bad_levels_and_kpi_names_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let cases: [(&[&str], &str); 10] = [
        (&["run", "--confidence", "1.5"], "--confidence must be"),
        (&["run", "--precision", "0"], "--precision must be"),
        (
            &["run", "--precision", "0.05", "--kpi", "nsp"],
            "did you mean \"nps\"",
        ),
        (
            &["run", "--factorial", "--high", "hybrid"],
            "no such policy",
        ),
        (&["warmup", "--days", "21"], "--days must be from 28"),
        (
            &["run", "--precision", "0.1", "--max-replications", "5"],
            "below the pilot of 10",
        ),
        (
            &["run", "--factorial", "--no-factorial"],
            "cannot be used with",
        ),
        (&["run", "--kpi", "nps"], "apply to --precision"),
        (
            &["run", "--timeline-day", "35"],
            "--timeline-day 35 is beyond the run",
        ),
        (
            &["run", "-r", "3", "--timeline-replication", "3"],
            "is not run",
        ),
    ];
    for (args, needle) in cases {
        let out = omnisim()
            .args(args)
            .arg("-o")
            .arg(dir.path())
            .output()
            .unwrap();
        assert!(!out.status.success(), "{args:?} succeeded");
        assert!(
            stderr_of(&out).contains(needle),
            "{args:?}: {}",
            stderr_of(&out)
        );
    }
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "nothing written"
    );
}

const TINY: &str = common::TINY_SCENARIO;

#[test]
fn precision_factorial_warmup_and_sweep_write_their_files() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = dir.path().join("tiny.toml");
    std::fs::write(&scenario, TINY).unwrap();
    let run = |args: &[&str], out: &str| {
        let o = omnisim()
            .args(args)
            .arg("-o")
            .arg(dir.path().join(out))
            .output()
            .unwrap();
        assert!(o.status.success(), "{args:?}: {}", stderr_of(&o));
        String::from_utf8_lossy(&o.stdout).into_owned()
    };
    let s = scenario.to_str().unwrap();

    let stdout = run(
        &["run", s, "--precision", "0.2", "--kpi", "nps"],
        "precision",
    );
    assert!(stdout.contains("precision: every named KPI"), "{stdout}");
    let json: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("precision/run.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(json["precision"]["target_met"], true);
    assert_eq!(json["precision"]["pilot"], 10);
    let headline = omnisim::sim::KPIS.iter().filter(|k| k.headline).count();
    assert_eq!(
        json["variance_reduction"].as_array().unwrap().len(),
        headline
    );
    let stdout = run(
        &[
            "run",
            s,
            "--precision",
            "0.0001",
            "--kpi",
            "nps",
            "--max-replications",
            "11",
        ],
        "capped",
    );
    assert!(
        stdout.contains("PRECISION NOT REACHED: stopped by the cap of 11"),
        "{stdout}"
    );

    // The factorial asked for in the scenario's [experiment] section.
    let with_section = dir.path().join("tiny_factorial.toml");
    std::fs::write(
        &with_section,
        format!("{TINY}\n[experiment]\nfactorial = true\n"),
    )
    .unwrap();
    let s_fact = with_section.to_str().unwrap();
    let stdout = run(&["run", s_fact], "factorial");
    assert!(stdout.contains("Main effects of the levers"), "{stdout}");
    // The effects fit a 100-column terminal, one row per headline KPI by its label.
    let too_wide: Vec<&str> = stdout.lines().filter(|l| l.chars().count() > 100).collect();
    assert!(too_wide.is_empty(), "wider than 100 columns: {too_wide:#?}");
    for def in omnisim::sim::KPIS.iter().filter(|k| k.headline) {
        assert!(
            stdout.lines().any(|l| l.starts_with(def.label)),
            "no row for {}: {stdout}",
            def.label
        );
    }
    let effects = rows(&dir.path().join("factorial/effects.csv"));
    let header = std::fs::read_to_string(dir.path().join("factorial/effects.csv")).unwrap();
    assert!(header.starts_with("effect,store,kpi,estimate,ci_low,ci_high\n"));
    assert_eq!(effects.len(), 15 * 2 * omnisim::sim::KPIS.len());
    assert!(effects.iter().any(|r| r["effect"] == "visibility:dispatch"));
    // The report of the 32 design points charts the two ends and the effects.
    let html = std::fs::read_to_string(dir.path().join("factorial/report.html")).unwrap();
    assert!(html.contains("This run has 32 policies"), "trimmed note");
    assert!(html.contains("Factorial effects"));
    assert!(
        !html.contains("<th>siloed+visibility</th>"),
        "design points left out of the table"
    );

    let stdout = run(
        &["warmup", s, "-r", "2", "--days", "28", "--window", "1"],
        "warmup",
    );
    assert!(stdout.contains("record accuracy"), "{stdout}");
    assert!(stdout.lines().all(|l| l.chars().count() <= 100), "{stdout}");
    let warm = rows(&dir.path().join("warmup/warmup.csv"));
    assert_eq!(warm.len(), 2 * 3 * 28);
    assert!(warm.iter().filter(|r| r["smoothed"].is_empty()).count() == 2 * 3);

    let sweep = dir.path().join("grid.toml");
    std::fs::write(
        &sweep,
        "[sweep]\nname = \"grid\"\nbase = \"tiny.toml\"\nreplications = 2\n[[parameters]]\npath = \"policies.aligned.safety_buffer\"\nvalues = [0, 3]\n",
    )
    .unwrap();
    let stdout = run(&["sweep", sweep.to_str().unwrap()], "grid");
    assert!(stdout.contains("2 points x 2 replications"), "{stdout}");
    // The swept path is named once; its column has the short name; all within 100 columns.
    assert!(
        stdout.contains("safety_buffer = policies.aligned.safety_buffer"),
        "{stdout}"
    );
    assert!(stdout.lines().all(|l| l.chars().count() <= 100), "{stdout}");
    let grid = rows(&dir.path().join("grid/sweep.csv"));
    let header = std::fs::read_to_string(dir.path().join("grid/sweep.csv")).unwrap();
    assert!(header.starts_with(
        "policies.aligned.safety_buffer,point,policy,store,kpi,mean,ci_low,ci_high,n\n"
    ));
    assert_eq!(grid.len(), 2 * 2 * 2 * omnisim::sim::KPIS.len());
    for folder in ["grid", "warmup"] {
        let html = std::fs::read_to_string(dir.path().join(folder).join("report.html")).unwrap();
        assert!(
            html.contains(if folder == "grid" { "Sweep" } else { "Warm-up" }),
            "{folder}"
        );
    }
}

#[test]
fn a_bad_experiment_section_is_reported_with_its_fields() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = dir.path().join("bad.toml");
    std::fs::write(
        &scenario,
        format!(
            "{TINY}\n[experiment]\nconfidence = 1.2\nprecision_kpis = [\"nsp\"]\nfactorial_high = \"hybrid\"\n"
        ),
    )
    .unwrap();
    let out = omnisim().arg("validate").arg(&scenario).output().unwrap();
    assert!(!out.status.success());
    let err = stderr_of(&out);
    for needle in [
        "experiment.confidence",
        "did you mean \"nps\"",
        "experiment.factorial_high: no policy is named \"hybrid\"",
    ] {
        assert!(err.contains(needle), "{needle}: {err}");
    }
}

#[test]
fn scenario_experiment_settings_can_be_turned_off_and_are_checked() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: String| {
        let p = dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        p
    };
    let tiny = common::TINY_SCENARIO;
    // [experiment] factorial and precision, turned off from the command line.
    let both = write(
        "both.toml",
        format!("{tiny}\n[experiment]\nfactorial = true\nprecision = 0.05\n"),
    );
    let out = omnisim()
        .arg("run")
        .arg(&both)
        .args(["--no-factorial", "--no-precision", "-o"])
        .arg(dir.path().join("plain"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(!dir.path().join("plain/effects.csv").exists());
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("plain/run.json")).unwrap())
            .unwrap();
    assert_eq!(json["replications"], 3, "the scenario's fixed count");
    assert!(json.get("precision").is_none());
    // A factorial that cannot be run is refused by validate, not only by run.
    let one_policy = tiny.replace(
        "[[policies]]\nname = \"aligned\"\npreset = \"aligned\"\n",
        "",
    );
    let one = write(
        "one.toml",
        format!("{one_policy}\n[experiment]\nfactorial = true\n"),
    );
    let same = write(
        "same.toml",
        format!("{tiny}\n[experiment]\nfactorial_high = \"siloed\"\n"),
    );
    for (file, needle) in [
        (
            &one,
            "experiment.factorial: the factorial of the levers needs two policies",
        ),
        (
            &same,
            "must differ from its low one (\"siloed\", the baseline)",
        ),
    ] {
        let out = omnisim().arg("validate").arg(file).output().unwrap();
        assert!(!out.status.success());
        assert!(stderr_of(&out).contains(needle), "{}", stderr_of(&out));
    }
    // --low alone picks the other policy as high.
    let out = omnisim()
        .arg("run")
        .arg(dir.path().join("both.toml"))
        .args(["--no-precision", "--low", "aligned", "-r", "2", "-o"])
        .arg(dir.path().join("flipped"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("from \"aligned\" to \"siloed\""));
}

#[test]
fn a_kpi_undefined_everywhere_is_reported_as_not_checked() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("no_online.toml");
    std::fs::write(
        &path,
        format!("{}\n[stores.online]\nper_day = 0\n", common::TINY_SCENARIO),
    )
    .unwrap();
    let out = omnisim()
        .arg("run")
        .arg(&path)
        .args([
            "--precision",
            "0.5",
            "--kpi",
            "bopis_on_time_rate",
            "--kpi",
            "nps",
            "-o",
        ])
        .arg(dir.path().join("out"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout
            .contains("not checked: siloed / bopis_on_time_rate is undefined in every replication"),
        "{stdout}"
    );
    assert!(
        stdout.contains("every named KPI that is defined"),
        "{stdout}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("out/run.json")).unwrap())
            .unwrap();
    let reached = json["precision"]["reached"].as_array().unwrap();
    let bopis = reached
        .iter()
        .find(|r| r["kpi"] == "bopis_on_time_rate")
        .unwrap();
    assert_eq!(bopis["defined"], false);
    assert!(bopis["met"].is_null());
}

#[test]
fn a_sweep_whose_points_differ_in_stores_prints_every_point() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("tiny.toml"), common::TINY_SCENARIO).unwrap();
    let store = |name: &str| {
        format!(
            "{{ name = \"{name}\", staff = [ {{ name = \"crew\", team = \"store\", count = 6, skills = {{ checkout = 1.0, floor = 1.0, stocking = 1.0, returns = 1.0 }} }}, {{ name = \"online\", team = \"online\", count = 2, skills = {{ picking = 1.0, packing = 1.0, pickup_desk = 1.0 }} }} ] }}"
        )
    };
    std::fs::write(
        dir.path().join("stores.toml"),
        format!(
            "[sweep]\nname = \"stores\"\nbase = \"tiny.toml\"\nreplications = 2\n[[parameters]]\npath = \"stores\"\nvalues = [[{}], [{}, {}]]\n",
            store("a"),
            store("a"),
            store("b")
        ),
    )
    .unwrap();
    let out = omnisim()
        .arg("sweep")
        .arg(dir.path().join("stores.toml"))
        .arg("-o")
        .arg(dir.path().join("out"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let grid = rows(&dir.path().join("out/sweep.csv"));
    let labels: std::collections::BTreeSet<&str> =
        grid.iter().map(|r| r["store"].as_str()).collect();
    assert_eq!(labels, ["a", "all", "b"].into_iter().collect());
}

#[test]
fn the_staff_timeline_is_recorded_for_the_chosen_day_and_replication() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tiny.toml");
    std::fs::write(&path, common::TINY_SCENARIO).unwrap();
    let out = omnisim()
        .arg("run")
        .arg(&path)
        .args(["--timeline-day", "2", "--timeline-replication", "1", "-o"])
        .arg(dir.path().join("out"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let bars = rows(&dir.path().join("out/timeline.csv"));
    assert!(bars.len() > 20, "a day of work for 8 employees");
    for b in &bars {
        assert_eq!((b["replication"].as_str(), b["day"].as_str()), ("1", "2"));
        let start: f64 = b["start_min"].parse().unwrap();
        assert!(
            (2.0 * 1440.0..3.0 * 1440.0 + 1.0).contains(&start),
            "{start}"
        );
    }
    let policies: std::collections::BTreeSet<&str> =
        bars.iter().map(|b| b["policy"].as_str()).collect();
    assert_eq!(policies, ["aligned", "siloed"].into_iter().collect());
    let html = std::fs::read_to_string(dir.path().join("out/report.html")).unwrap();
    assert!(html.contains("day 2, replication 1"));
}
