//! The journal (issue 10): a run killed at any moment resumes to byte-identical files, a
//! journal of another experiment is refused, and shards merge into the files of a single run.

use crate::support::common;

use assert_cmd::Command;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

fn omnisim() -> Command {
    Command::cargo_bin("omnisim").expect("binary built")
}

fn stderr_of(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The result files, which must be byte-identical (run.json without its timings).
const FILES: [&str; 6] = [
    "replications.csv",
    "summary.csv",
    "comparison.csv",
    "profile.csv",
    "daily.csv",
    "timeline.csv",
];

fn run_json_sans_timings(dir: &Path) -> String {
    std::fs::read_to_string(dir.join("run.json"))
        .unwrap()
        .lines()
        .filter(|l| {
            !["\"wall_seconds\"", "\"events_per_second\"", "\"threads\""]
                .iter()
                .any(|k| l.trim_start().starts_with(k))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn assert_same(a: &Path, b: &Path, what: &str) {
    for f in FILES {
        let (x, y) = (
            std::fs::read(a.join(f)).unwrap(),
            std::fs::read(b.join(f)).unwrap(),
        );
        assert!(x == y, "{what}: {f} differs");
    }
    assert_eq!(
        run_json_sans_timings(a),
        run_json_sans_timings(b),
        "{what}: run.json"
    );
}

fn finished(dir: &Path) -> usize {
    omnisim::runs::journal::Journal::read(&dir.join("journal.omnisim"), false)
        .map_or(0, |j| j.finished().len())
}

const RUN: [&str; 6] = ["run", "--replications", "10", "--threads", "1", "--quiet"];

#[test]
fn a_run_killed_at_any_moment_resumes_to_identical_files() {
    let dir = tempfile::tempdir().unwrap();
    let reference = dir.path().join("reference");
    omnisim()
        .args(RUN)
        .arg("--out")
        .arg(&reference)
        .assert()
        .success();
    // kill -9 after 0, 2 and 6 finished replications, each time resuming the same folder.
    let out = dir.path().join("killed");
    for after in [0usize, 2, 6] {
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("omnisim"))
            .args(RUN)
            .arg("--out")
            .arg(&out)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let start = Instant::now();
        while finished(&out) < after.max(1) {
            assert!(start.elapsed() < Duration::from_secs(120), "no progress");
            if child.try_wait().unwrap().is_some() {
                break;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        assert!(
            !out.join("run.json").exists(),
            "the run finished before the kill"
        );
    }
    let before = finished(&out);
    assert!(before >= 6, "the journal kept {before} replications");
    // Killed between the final renames, twice.
    for renames in ["2", "7"] {
        let o = omnisim()
            .args(RUN)
            .arg("--out")
            .arg(&out)
            .env("OMNISIM_FAULT_AFTER_RENAMES", renames)
            .output()
            .unwrap();
        assert!(!o.status.success());
    }
    // Resumed: only the missing replications are computed, the files are identical.
    let o = omnisim()
        .args(["run", "--replications", "10", "--threads", "2", "--resume"])
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr_of(&o));
    assert!(
        stderr_of(&o).contains("resuming: 10 replications"),
        "{}",
        stderr_of(&o)
    );
    assert_same(&reference, &out, "killed and resumed");
    omnisim().arg("report").arg(&out).assert().success();
}

#[test]
fn a_journal_of_another_experiment_is_refused_unless_fresh() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = dir.path().join("tiny.toml");
    std::fs::write(&scenario, common::TINY_SCENARIO).unwrap();
    let out = dir.path().join("out");
    let run = |extra: &[&str]| {
        omnisim()
            .arg("run")
            .arg(&scenario)
            .args(["--quiet", "--out"])
            .arg(&out)
            .args(extra)
            .output()
            .unwrap()
    };
    assert!(run(&["--seed", "1"]).status.success());
    let o = run(&["--seed", "2"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr_of(&o);
    assert!(
        err.contains("journal of another experiment") && err.contains("seed 1 instead of 2"),
        "{err}"
    );
    assert!(err.contains("--fresh"), "{err}");
    let o = run(&["--seed", "2", "--fresh"]);
    assert!(o.status.success(), "{}", stderr_of(&o));
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("run.json")).unwrap()).unwrap();
    assert_eq!(json["seed"], 2);
    // --resume with no journal is an error.
    let o = omnisim()
        .arg("run")
        .arg(&scenario)
        .arg("--resume")
        .arg("--out")
        .arg(dir.path().join("empty"))
        .output()
        .unwrap();
    assert!(
        stderr_of(&o).contains("no journal to resume from"),
        "{}",
        stderr_of(&o)
    );
}

#[test]
fn shards_merge_into_the_files_of_a_single_run() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = dir.path().join("tiny.toml");
    std::fs::write(&scenario, common::TINY_SCENARIO).unwrap();
    let run = |out: &Path, extra: &[&str]| {
        let o = omnisim()
            .arg("run")
            .arg(&scenario)
            .args(["--replications", "7", "--quiet", "--out"])
            .arg(out)
            .args(extra)
            .output()
            .unwrap();
        assert!(o.status.success(), "{extra:?}: {}", stderr_of(&o));
    };
    let single = dir.path().join("single");
    run(&single, &["--factorial"]);
    let shards: Vec<PathBuf> = (1..=3).map(|i| dir.path().join(format!("s{i}"))).collect();
    for (i, s) in shards.iter().enumerate() {
        run(
            s,
            &[
                "--factorial",
                "--shard",
                &format!("{}/3", i + 1),
                "--threads",
                "1",
            ],
        );
        assert!(
            !s.join("summary.csv").exists(),
            "a shard writes only its journal"
        );
    }
    let merged = dir.path().join("merged");
    let o = omnisim()
        .arg("merge")
        .arg(&merged)
        .args(&shards)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr_of(&o));
    assert_same(&single, &merged, "merged");
    assert_eq!(
        std::fs::read(single.join("effects.csv")).unwrap(),
        std::fs::read(merged.join("effects.csv")).unwrap()
    );
    // A missing shard, a doubled one, a shard of another seed: refused.
    let o = omnisim()
        .arg("merge")
        .arg(dir.path().join("m2"))
        .args(&shards[..2])
        .output()
        .unwrap();
    assert!(
        stderr_of(&o).contains("are in no shard"),
        "{}",
        stderr_of(&o)
    );
    let o = omnisim()
        .arg("merge")
        .arg(dir.path().join("m3"))
        .args(&shards)
        .arg(&shards[1])
        .output()
        .unwrap();
    assert!(
        stderr_of(&o).contains("is in two shards"),
        "{}",
        stderr_of(&o)
    );
    let other = dir.path().join("other");
    run(&other, &["--factorial", "--shard", "3/3", "--seed", "5"]);
    let o = omnisim()
        .arg("merge")
        .arg(dir.path().join("m4"))
        .args(&shards[..2])
        .arg(&other)
        .output()
        .unwrap();
    assert!(
        stderr_of(&o).contains("another experiment") && stderr_of(&o).contains("seed"),
        "{}",
        stderr_of(&o)
    );
}

#[test]
fn slurm_prints_a_job_array_of_shards_and_a_dependent_merge() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("res");
    let o = omnisim()
        .args([
            "slurm",
            "--tasks",
            "5",
            "--cpus-per-task",
            "3",
            "--time",
            "00:30:00",
            "--partition",
            "short",
            "--replications",
            "40",
            "--set",
            "policies.aligned.sync_interval=1h",
            "--set",
            "stores.midtown.staff.online_early.count=3",
            "--out",
        ])
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr_of(&o));
    let script = String::from_utf8(o.stdout).unwrap();
    for needle in [
        "#SBATCH --array=1-5",
        "#SBATCH --cpus-per-task=3",
        "#SBATCH --time=00:30:00",
        "#SBATCH --partition=short",
        "--threads \"${SLURM_CPUS_PER_TASK:-3}\"",
        "--shard \"${SLURM_ARRAY_TASK_ID}/5\"",
        "--replications 40",
        "--dependency=\"afterok:${array_id}\"",
        " merge ",
        "/shards/5'",
        "--set 'policies.aligned.sync_interval=1h' --set 'stores.midtown.staff.online_early.count=3'",
    ] {
        assert!(script.contains(needle), "no {needle:?} in:\n{script}");
    }
    // A what-if is checked before any script is printed.
    let o = omnisim()
        .args(["slurm", "--set", "policies.aligned.sync_intervl=1h"])
        .output()
        .unwrap();
    assert!(!o.status.success());
    assert!(o.stdout.is_empty(), "no script for a bad --set");
    assert!(stderr_of(&o).contains("sync_intervl"), "{}", stderr_of(&o));
    // Bad values are refused.
    for bad in [["--tasks", "0"], ["--time", "1h; rm -rf /"]] {
        let o = omnisim().arg("slurm").args(bad).output().unwrap();
        assert_eq!(o.status.code(), Some(2), "{bad:?}");
    }
}
