//! What-ifs from the command line: `run --set PATH=VALUE` gives exactly the results of the
//! hand-edited file, names the path on bad input and writes nothing then, is recorded in
//! run.json and the journal (a resume with other overrides is refused); `sweep` takes
//! `--replications` and `--seed`.

use assert_cmd::Command;
use std::path::Path;

fn omnisim() -> Command {
    Command::cargo_bin("omnisim").expect("binary built")
}

fn run(args: &[&str], out: &Path) -> std::process::Output {
    omnisim()
        .arg("run")
        .args(args)
        .args(["--quiet", "--no-report", "--out"])
        .arg(out)
        .output()
        .unwrap()
}

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// `scenarios/default.toml`, as the library embeds it.
const DEFAULT: &str = omnisim::scenario::DEFAULT_SCENARIO;

/// The default scenario with the aligned policy cross-trained at 50% and two early pickers,
/// edited by hand.
fn hand_edited() -> String {
    let edited = DEFAULT
        .replacen(
            "preset = \"aligned\"           #",
            "preset = \"aligned\"\ncross_training_share = 0.5 #",
            1,
        )
        .replacen(
            "name = \"online_early\"\nteam = \"online\"\ncount = 3",
            "name = \"online_early\"\nteam = \"online\"\ncount = 2",
            1,
        );
    assert_ne!(edited, DEFAULT);
    edited
}

#[test]
fn set_gives_the_results_of_the_hand_edited_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("edited.toml");
    std::fs::write(&file, hand_edited()).unwrap();
    let (a, b, c) = (
        dir.path().join("set"),
        dir.path().join("edited"),
        dir.path().join("plain"),
    );
    let o = run(
        &[
            "-r",
            "3",
            "--set",
            "policies.aligned.cross_training_share=0.5",
            "--set",
            "stores.midtown.staff.online_early.count=2",
        ],
        &a,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let o = run(&["-r", "3", file.to_str().unwrap()], &b);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = run(&["-r", "3"], &c);
    assert!(o.status.success(), "{}", stderr(&o));
    let read = |d: &Path, n: &str| std::fs::read_to_string(d.join(n)).unwrap();
    for name in ["summary.csv", "comparison.csv", "replications.csv"] {
        assert_eq!(read(&a, name), read(&b, name), "{name}");
    }
    assert_ne!(read(&a, "summary.csv"), read(&c, "summary.csv"));
    let json: serde_json::Value = serde_json::from_str(&read(&a, "run.json")).unwrap();
    assert_eq!(
        json["overrides"],
        serde_json::json!([
            "policies.aligned.cross_training_share=0.5",
            "stores.midtown.staff.online_early.count=2"
        ])
    );
    let plain: serde_json::Value = serde_json::from_str(&read(&c, "run.json")).unwrap();
    assert!(plain.get("overrides").is_none());
}

#[test]
fn bad_paths_and_values_name_the_path_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let cases: [(&str, &[&str]); 4] = [
        (
            "policies.hybrid.dispatch=customer_impact",
            &["policies.hybrid.dispatch", "siloed, aligned"],
        ),
        (
            "policies.aligned.cross_training_share=1.5",
            &["cross_training_share", "1.5"],
        ),
        (
            "policies.aligned.sync_intervall=1h",
            &["sync_intervall", "sync_interval"],
        ),
        (
            "stores.midtown.staff.online_early.count=many",
            &["count", "many"],
        ),
    ];
    for (i, (set, needles)) in cases.iter().enumerate() {
        let out = dir.path().join(format!("case{i}"));
        let o = run(&["-r", "2", "--set", set], &out);
        assert!(!o.status.success(), "{set} was accepted");
        let e = stderr(&o);
        for n in *needles {
            assert!(e.contains(n), "{set}: error lacks {n:?}:\n{e}");
        }
        assert!(!out.exists(), "{set}: wrote {}", out.display());
    }
    let o = run(&["--set", "no_equals_sign"], &dir.path().join("x"));
    assert!(!o.status.success());
    assert!(stderr(&o).contains("PATH=VALUE"), "{}", stderr(&o));
}

#[test]
fn a_resume_with_other_overrides_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r");
    let o = run(
        &["-r", "2", "--set", "policies.aligned.safety_buffer=1"],
        &out,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    // The same overrides resume (nothing left to run).
    let o = run(
        &["-r", "2", "--set", "policies.aligned.safety_buffer=1"],
        &out,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    // Other overrides, and none, are refused.
    for args in [
        vec!["-r", "2", "--set", "policies.aligned.safety_buffer=2"],
        vec!["-r", "2"],
        vec!["-r", "2", "--set", "policies.aligned.safety_buffer=0"],
    ] {
        let o = run(&args, &out);
        assert!(!o.status.success(), "{args:?} resumed");
        assert!(stderr(&o).contains("--set"), "{args:?}: {}", stderr(&o));
    }
}

#[test]
fn shards_with_overrides_merge_into_the_single_run() {
    let dir = tempfile::tempdir().unwrap();
    let set = ["--set", "policies.aligned.cross_training_share=0.25"];
    let single = dir.path().join("single");
    let o = run(&[&["-r", "4"][..], &set[..]].concat(), &single);
    assert!(o.status.success(), "{}", stderr(&o));
    let mut shards = Vec::new();
    for i in 1..=2 {
        let s = dir.path().join(format!("shard{i}"));
        let shard = format!("{i}/2");
        let o = run(
            &[&["-r", "4", "--shard", &shard][..], &set[..]].concat(),
            &s,
        );
        assert!(o.status.success(), "{}", stderr(&o));
        shards.push(s);
    }
    let merged = dir.path().join("merged");
    let o = omnisim()
        .args(["merge", "--quiet", "--no-report"])
        .arg(&merged)
        .args(&shards)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let read = |d: &Path| std::fs::read_to_string(d.join("summary.csv")).unwrap();
    assert_eq!(read(&single), read(&merged));
    // A shard of another what-if is refused at the merge.
    let other = dir.path().join("other");
    let o = run(
        &[
            "-r",
            "4",
            "--shard",
            "2/2",
            "--set",
            "policies.aligned.cross_training_share=0.75",
        ],
        &other,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let o = omnisim()
        .args(["merge", "--quiet", "--no-report"])
        .arg(dir.path().join("bad"))
        .arg(&shards[0])
        .arg(&other)
        .output()
        .unwrap();
    assert!(!o.status.success());
    assert!(stderr(&o).contains("--set"), "{}", stderr(&o));
}

#[test]
fn sweep_takes_replications_and_seed_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("base.toml"), DEFAULT).unwrap();
    let sweep = dir.path().join("s.toml");
    std::fs::write(
        &sweep,
        "[sweep]\nname = \"s\"\nbase = \"base.toml\"\nreplications = 5\n\n[[parameters]]\npath = \"policies.aligned.safety_buffer\"\nvalues = [0, 1]\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    let o = omnisim()
        .args([
            "sweep",
            "--quiet",
            "--no-report",
            "-r",
            "2",
            "--seed",
            "7",
            "--out",
        ])
        .arg(&out)
        .arg(&sweep)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let json = std::fs::read_to_string(out.join("sweep.json")).unwrap();
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    let text = json.to_string();
    assert!(text.contains("\"replications\":2"), "{text}");
    assert!(text.contains("\"seed\":7"), "{text}");
    let o = omnisim()
        .args(["sweep", "--quiet", "-r", "1", "--out"])
        .arg(dir.path().join("x"))
        .arg(&sweep)
        .output()
        .unwrap();
    assert!(!o.status.success());
    assert!(stderr(&o).contains("--replications"), "{}", stderr(&o));
}
