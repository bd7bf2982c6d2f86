//! Runs that survive a hostile but realistic user (issue 10): two runs into one folder,
//! planted links, stale files, kills between renames, absurd thread counts, odd names,
//! devices and pipes as inputs, and the messages that go with them.

use crate::support::common;

use assert_cmd::Command;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

fn omnisim() -> Command {
    Command::cargo_bin("omnisim").expect("binary built")
}

fn bin() -> PathBuf {
    assert_cmd::cargo::cargo_bin("omnisim")
}

fn stderr_of(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn tiny(dir: &Path) -> PathBuf {
    let p = dir.join("tiny.toml");
    std::fs::write(&p, common::TINY_SCENARIO).unwrap();
    p
}

fn run_into(scenario: &Path, out: &Path, extra: &[&str]) -> std::process::Output {
    omnisim()
        .arg("run")
        .arg(scenario)
        .args(["--quiet", "--out"])
        .arg(out)
        .args(extra)
        .timeout(Duration::from_secs(120))
        .output()
        .unwrap()
}

fn names_in(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// Failure 1: a second run into a folder in use fails at once, naming the folder and the
/// other run; the first run's files are whole.
#[test]
fn a_second_run_into_a_busy_folder_is_refused_and_the_first_is_intact() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    // The default scenario with enough replications to take a few seconds.
    let mut first = std::process::Command::new(bin())
        .args([
            "run",
            "--replications",
            "40",
            "--quiet",
            "--threads",
            "1",
            "--out",
        ])
        .arg(&out)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Wait until the first run holds the folder.
    let lock = out.join(".omnisim.lock");
    let start = Instant::now();
    while std::fs::read_to_string(&lock).map_or(true, |s| s.is_empty()) {
        assert!(start.elapsed() < Duration::from_secs(30), "no lock taken");
        std::thread::sleep(Duration::from_millis(20));
    }
    let t = Instant::now();
    let second = run_into(&tiny(dir.path()), &out, &[]);
    assert!(!second.status.success());
    assert!(t.elapsed() < Duration::from_secs(10), "refused at once");
    let err = stderr_of(&second);
    assert!(
        err.contains(&out.display().to_string())
            && err.contains("in use by another omnisim command")
            && err.contains("omnisim run, process"),
        "{err}"
    );
    let status = first.wait().unwrap();
    assert!(status.success());
    // The first run's files are whole: the manifest matches and report reads them.
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("run.json")).unwrap()).unwrap();
    assert_eq!(json["replications"], 40);
    assert_eq!(json["scenario"], "default");
    omnisim().arg("report").arg(&out).assert().success();
}

/// Failure 2: links planted at the old fixed temporary names are never followed.
#[cfg(unix)]
#[test]
fn planted_links_are_never_followed() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = tiny(dir.path());
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let victim = dir.path().join("victim.txt");
    std::fs::write(&victim, "precious").unwrap();
    for name in [".omnisim-write-test", ".summary.csv.tmp", ".run.json.tmp"] {
        std::os::unix::fs::symlink(&victim, out.join(name)).unwrap();
    }
    let r = run_into(&scenario, &out, &[]);
    assert!(r.status.success(), "{}", stderr_of(&r));
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
    // A link planted at the lock file is refused, not followed.
    let out2 = dir.path().join("out2");
    std::fs::create_dir(&out2).unwrap();
    std::os::unix::fs::symlink(&victim, out2.join(".omnisim.lock")).unwrap();
    let r = run_into(&scenario, &out2, &[]);
    assert!(!r.status.success());
    assert!(stderr_of(&r).contains("symbolic link"), "{}", stderr_of(&r));
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
}

/// Failure 3: an effects.csv of an earlier factorial run is not drawn in a later plain run's
/// report, and files that are not this run's are not read.
#[test]
fn stale_files_are_not_read_as_this_runs() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = tiny(dir.path());
    let out = dir.path().join("out");
    let r = run_into(&scenario, &out, &["--factorial", "--replications", "2"]);
    assert!(r.status.success(), "{}", stderr_of(&r));
    assert!(out.join("effects.csv").exists());
    // Another experiment into the folder of the factorial: its journal is discarded.
    let r = run_into(&scenario, &out, &["--replications", "2", "--fresh"]);
    assert!(r.status.success(), "{}", stderr_of(&r));
    assert!(!out.join("effects.csv").exists(), "the old effects removed");
    // Even one put back by hand is not this run's: not drawn.
    std::fs::write(
        out.join("effects.csv"),
        "effect,store,kpi,estimate,ci_low,ci_high\nvisibility,all,nps,1,0,2\n",
    )
    .unwrap();
    omnisim().arg("report").arg(&out).assert().success();
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(!html.contains("Factorial effects"), "stale effects drawn");
    // A file of the manifest changed behind its back: the folder mixes runs, refused.
    let summary = out.join("summary.csv");
    let text = std::fs::read_to_string(&summary).unwrap();
    std::fs::write(&summary, text.replacen("siloed", "siloeD", 1)).unwrap();
    let o = omnisim().arg("report").arg(&out).output().unwrap();
    assert!(!o.status.success());
    assert!(
        stderr_of(&o).contains("mixes the files of two runs"),
        "{}",
        stderr_of(&o)
    );
}

/// Failure 4: a kill between the final renames never leaves a folder that passes for a whole
/// run; the next run makes it whole again.
#[test]
fn a_kill_between_renames_is_never_taken_for_a_whole_run() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = tiny(dir.path());
    let out = dir.path().join("out");
    let r = run_into(&scenario, &out, &["--seed", "1"]);
    assert!(r.status.success(), "{}", stderr_of(&r));
    for after in [0, 1, 3, 6, 7] {
        let killed = omnisim()
            .arg("run")
            .arg(&scenario)
            .args(["--quiet", "--seed", "2", "--fresh", "--out"])
            .arg(&out)
            .env("OMNISIM_FAULT_AFTER_RENAMES", after.to_string())
            .output()
            .unwrap();
        assert!(!killed.status.success(), "killed after {after} renames");
        // Neither the old run.json nor the old report.html sit beside new files.
        let o = omnisim().arg("report").arg(&out).output().unwrap();
        assert!(
            !o.status.success(),
            "after {after}: a half-moved run was drawn"
        );
        assert!(
            stderr_of(&o).contains("holds no complete run"),
            "{}",
            stderr_of(&o)
        );
        assert!(!out.join("run.json").exists());
        assert!(
            !out.join("report.html").exists() || after >= 7,
            "after {after}: the old report.html is left"
        );
    }
    let r = run_into(&scenario, &out, &["--seed", "2"]);
    assert!(r.status.success(), "{}", stderr_of(&r));
    omnisim().arg("report").arg(&out).assert().success();
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("run.json")).unwrap()).unwrap();
    assert_eq!(json["seed"], 2);
    // No staging folder of the killed runs is left.
    assert!(
        names_in(&out)
            .iter()
            .all(|n| !n.starts_with(".omnisim-staging")),
        "{:?}",
        names_in(&out)
    );
}

/// Failure 8: an absurd thread count is refused with the numbers.
#[test]
fn absurd_thread_counts_are_refused() {
    for cmd in [
        vec!["run", "--threads", "100000000"],
        vec!["warmup", "--threads", "100000000"],
    ] {
        let o = omnisim()
            .args(&cmd)
            .timeout(Duration::from_secs(10))
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(2));
        let err = stderr_of(&o);
        assert!(
            err.contains("--threads 100000000") && err.contains("logical core"),
            "{err}"
        );
    }
}

/// Failure 9: a scenario named `..` (or with a path in its name) is refused; nothing is
/// written beside results/.
#[test]
fn names_that_are_not_plain_file_names_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let work = dir.path().join("work");
    std::fs::create_dir(&work).unwrap();
    for name in ["..", ".", "a/b", "x\\u0007y"] {
        let text = common::TINY_SCENARIO.replace("name = \"tiny\"", &format!("name = \"{name}\""));
        let p = work.join("s.toml");
        std::fs::write(&p, text).unwrap();
        let o = omnisim()
            .current_dir(&work)
            .arg("run")
            .arg(&p)
            .arg("--quiet")
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(2), "{name}");
        let err = stderr_of(&o);
        assert!(
            err.contains("not a plain file name") || err.contains("expected letters, digits"),
            "{err}"
        );
        let o = omnisim().arg("validate").arg(&p).output().unwrap();
        assert!(!o.status.success(), "validate accepts {name:?}");
    }
    assert_eq!(names_in(&work), ["s.toml"]);
    assert_eq!(names_in(dir.path()), ["work"]);
}

/// Failure 11: temporary files of an interrupted trace, empty folders of failed runs, and
/// the messages.
#[test]
fn failures_leave_nothing_behind_and_say_what_happened() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = tiny(dir.path());
    // An output path that is a file.
    let file = dir.path().join("a-file");
    std::fs::write(&file, "x").unwrap();
    let o = run_into(&scenario, &file, &[]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr_of(&o);
    assert!(
        err.contains("is a file, not a folder") && !err.contains("os error 17"),
        "{err}"
    );
    // A run that fails after creating its folder leaves none.
    let fresh = dir.path().join("fresh");
    let o = run_into(&scenario, &fresh, &["--resume"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        !fresh.exists(),
        "an empty output folder is left: {:?}",
        names_in(&fresh)
    );
    // An interrupted run keeps only its journal (to resume from), nothing half-written.
    let fresh = dir.path().join("interrupted");
    let mut child = std::process::Command::new(bin())
        .args([
            "run",
            "--replications",
            "40",
            "--threads",
            "1",
            "--quiet",
            "--out",
        ])
        .arg(&fresh)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while !fresh.join("journal.omnisim").exists() {
        assert!(start.elapsed() < Duration::from_secs(30), "no journal made");
        std::thread::sleep(Duration::from_millis(10));
    }
    std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(!child.wait().unwrap().success());
    assert_eq!(names_in(&fresh), [".omnisim.lock", "journal.omnisim"]);
    // --precision -0.1 is a value, not a flag.
    let o = omnisim()
        .args(["run", "--precision", "-0.1"])
        .output()
        .unwrap();
    let err = stderr_of(&o);
    assert!(
        err.contains("--precision must be") && err.contains("-0.1"),
        "{err}"
    );
    // No "warm-up days 0 to -1".
    let nowarm = dir.path().join("nowarm.toml");
    std::fs::write(
        &nowarm,
        common::TINY_SCENARIO.replace("warmup_days = 1", "warmup_days = 0"),
    )
    .unwrap();
    let o = omnisim()
        .arg("run")
        .arg(&nowarm)
        .args(["--timeline-day", "5"])
        .output()
        .unwrap();
    let err = stderr_of(&o);
    assert!(
        err.contains("no warm-up days") && !err.contains("-1"),
        "{err}"
    );
    // A sweep file's errors are headed as such.
    let sweep = dir.path().join("s.sweep.toml");
    std::fs::write(&sweep, "[sweep]\nname = \"s\"\n").unwrap();
    let o = omnisim().arg("sweep").arg(&sweep).output().unwrap();
    let err = stderr_of(&o);
    assert!(
        err.contains("in sweep file") && !err.contains("in scenario"),
        "{err}"
    );
    // A tiny run does not print "0.00 M events/s".
    let o = omnisim()
        .arg("run")
        .arg(&scenario)
        .args(["--replications", "2", "--out"])
        .arg(dir.path().join("r"))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(
        stdout.contains("events/s") && !stdout.contains("0.00 M events/s"),
        "{stdout}"
    );
    // trace --out /dev/full names the file.
    #[cfg(target_os = "linux")]
    {
        let o = omnisim()
            .arg("trace")
            .arg(&scenario)
            .args(["--out", "/dev/full"])
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(2));
        assert!(stderr_of(&o).contains("/dev/full"), "{}", stderr_of(&o));
    }
}

/// Failure 11: an interrupted `trace --out` leaves no hidden temporary file.
#[cfg(unix)]
#[test]
fn an_interrupted_trace_leaves_no_temporary_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("trace.csv");
    // The default scenario's whole run: long enough to interrupt.
    let mut child = std::process::Command::new(bin())
        .args(["trace", "--out"])
        .arg(&out)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    loop {
        let temp = names_in(dir.path())
            .into_iter()
            .any(|n| n.starts_with(".trace.csv."));
        if temp {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "no temporary file seen"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    std::thread::sleep(Duration::from_millis(200));
    let kill = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    let status = child.wait().unwrap();
    assert!(!status.success(), "the trace was interrupted");
    assert_eq!(names_in(dir.path()), Vec::<String>::new());
}

/// Failure 12: a max-double mean is refused, not drawn as NaN coordinates.
#[test]
fn a_max_double_mean_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("summary.csv"),
        "policy,store,kpi,mean,std_dev,ci_low,ci_high,n\n\
         siloed,all,nps,30,1,29,31,10\n\
         aligned,all,nps,1.7976931348623157e308,1,29,31,10\n",
    )
    .unwrap();
    let o = omnisim().arg("report").arg(dir.path()).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr_of(&o).contains("too large to draw"),
        "{}",
        stderr_of(&o)
    );
    assert!(!dir.path().join("report.html").exists());
}

/// Failure 5: devices, pipes and folders as inputs are refused at once, never read.
#[cfg(unix)]
#[test]
fn devices_pipes_and_folders_as_inputs_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("fifo");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    for input in [Path::new("/dev/zero"), fifo.as_path(), dir.path()] {
        let o = omnisim()
            .arg("validate")
            .arg(input)
            .timeout(Duration::from_secs(10))
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(1), "{}", input.display());
        assert!(
            stderr_of(&o).contains("not a regular file"),
            "{}",
            stderr_of(&o)
        );
    }
    // As a catalogue.
    for input in [Path::new("/dev/zero"), fifo.as_path()] {
        let text = common::TINY_SCENARIO.replacen(
            "[[policies]]",
            &format!(
                "[catalogue]\nfile = \"{}\"\n\n[[policies]]",
                input.display()
            ),
            1,
        );
        let p = dir.path().join("cat.toml");
        std::fs::write(&p, text).unwrap();
        let o = omnisim()
            .arg("validate")
            .arg(&p)
            .timeout(Duration::from_secs(10))
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(1));
        assert!(
            stderr_of(&o).contains("not a regular file"),
            "{}",
            stderr_of(&o)
        );
    }
    // As summary.csv of a results folder.
    let res = dir.path().join("res");
    std::fs::create_dir(&res).unwrap();
    std::process::Command::new("mkfifo")
        .arg(res.join("summary.csv"))
        .status()
        .unwrap();
    let o = omnisim()
        .arg("report")
        .arg(&res)
        .timeout(Duration::from_secs(10))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr_of(&o).contains("not a regular file"),
        "{}",
        stderr_of(&o)
    );
}

/// Failure 10: the catalogue error never echoes the file's content.
#[test]
fn catalogue_errors_never_echo_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let secret = dir.path().join("secret.csv");
    std::fs::write(
        &secret,
        "root:$y$j9T$SECRETHASH:19000:0:99999:7:::\nsku,price,popularity\nA,SECRETVALUE,1\n",
    )
    .unwrap();
    let header_ok = dir.path().join("header_ok.csv");
    std::fs::write(&header_ok, "sku,price,popularity\nA,SECRETVALUE,1\n").unwrap();
    for file in [&secret, &header_ok] {
        let text = common::TINY_SCENARIO.replacen(
            "[[policies]]",
            &format!("[catalogue]\nfile = \"{}\"\n\n[[policies]]", file.display()),
            1,
        );
        let p = dir.path().join("cat.toml");
        std::fs::write(&p, text).unwrap();
        let o = omnisim().arg("validate").arg(&p).output().unwrap();
        assert_eq!(o.status.code(), Some(1));
        let err = stderr_of(&o);
        assert!(!err.contains("SECRET"), "{err}");
        assert!(err.contains("line"), "{err}");
    }
}

/// Failure 7: the staff timeline looks only at the first store (the one the report draws),
/// and `--no-report` records none.
#[test]
fn the_timeline_records_only_the_drawn_store_and_nothing_without_a_report() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = common::root().join("scenarios/stores_as_hubs.toml");
    let sc = omnisim::scenario::load_file(&scenario).unwrap();
    assert!(sc.stores.len() >= 2);
    let out = dir.path().join("with");
    let o = omnisim()
        .arg("run")
        .arg(&scenario)
        .args(["--replications", "1", "--quiet", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr_of(&o));
    let mut rdr = csv::Reader::from_path(out.join("timeline.csv")).unwrap();
    let mut rows = 0;
    for r in rdr.records() {
        let r = r.unwrap();
        assert_eq!(&r[3], sc.stores[0].name.as_str(), "{r:?}");
        rows += 1;
    }
    assert!(rows > 0);
    let out = dir.path().join("without");
    let o = omnisim()
        .arg("run")
        .arg(&scenario)
        .args(["--replications", "1", "--quiet", "--no-report", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr_of(&o));
    let text = std::fs::read_to_string(out.join("timeline.csv")).unwrap();
    assert_eq!(text.lines().count(), 1, "a timeline recorded: {text}");
}

/// A sweep written into a run's folder leaves the run's files alone (and the reverse).
#[test]
fn a_sweep_into_a_run_folder_removes_none_of_the_runs_files() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = tiny(dir.path());
    let out = dir.path().join("out");
    let r = run_into(&scenario, &out, &["--replications", "2"]);
    assert!(r.status.success(), "{}", stderr_of(&r));
    let sweep = dir.path().join("s.toml");
    std::fs::write(
        &sweep,
        "[sweep]\nname = \"s\"\nbase = \"tiny.toml\"\nreplications = 2\n\n[[parameters]]\npath = \"stores.0.staff.0.count\"\nvalues = [5, 6]\n",
    )
    .unwrap();
    let o = omnisim()
        .arg("sweep")
        .arg(&sweep)
        .args(["--quiet", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr_of(&o));
    for f in [
        "run.json",
        "summary.csv",
        "replications.csv",
        "sweep.csv",
        "sweep.json",
    ] {
        assert!(out.join(f).exists(), "{f} is gone: {:?}", names_in(&out));
    }
    omnisim().arg("report").arg(&out).assert().success();
}
