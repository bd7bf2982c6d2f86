//! The conventions of a command-line tool: completions, a man page, an example in every
//! subcommand's help that really parses, `validate` on sweep files, and the JSON Schemas of the
//! scenario and sweep files (shipped in `schemas/`, equal to what `omnisim schema` prints, and
//! accepting every shipped file while refusing a typo).

use crate::support::common::root;

use assert_cmd::Command;
use clap::{CommandFactory, Parser};
use omnisim::cli::Cli;
use std::path::{Path, PathBuf};

fn omnisim() -> Command {
    Command::cargo_bin("omnisim").expect("the omnisim binary")
}

fn stdout_of(args: &[&str]) -> String {
    let out = omnisim().args(args).output().expect("runs");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8")
}

fn subcommands() -> Vec<String> {
    Cli::command()
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .filter(|n| n != "help")
        .collect()
}

#[test]
fn completions_name_every_subcommand() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let script = stdout_of(&["completions", shell]);
        for sub in subcommands() {
            assert!(script.contains(&sub), "{shell} completion lacks `{sub}`");
        }
    }
    omnisim()
        .args(["completions", "tcsh"])
        .assert()
        .failure()
        .code(2);
}

#[test]
fn the_man_page_describes_every_subcommand() {
    let page = stdout_of(&["man"]);
    assert!(
        page.starts_with(".ie") || page.contains(".TH omnisim 1"),
        "{}",
        &page[..200]
    );
    assert!(page.contains(".TH omnisim 1"));
    for sub in subcommands() {
        assert!(page.contains(&sub), "man page lacks `{sub}`");
    }
}

/// Splits an example into words as a shell would for these simple lines (no quotes), up to
/// a redirection or a second command.
fn example_words(line: &str) -> Vec<String> {
    line.split_whitespace()
        .take_while(|w| !matches!(*w, ">" | "|" | "&&"))
        .map(str::to_string)
        .collect()
}

#[test]
fn every_subcommand_has_an_example_that_parses() {
    for sub in subcommands() {
        let help = stdout_of(&[&sub, "--help"]);
        let line = help
            .lines()
            .find_map(|l| l.trim().strip_prefix("Example: "))
            .unwrap_or_else(|| panic!("`omnisim {sub} --help` shows no example"));
        let words = example_words(line);
        assert_eq!(words[0], "omnisim", "{line}");
        assert_eq!(
            words[1], sub,
            "the example of {sub} runs another command: {line}"
        );
        if let Err(e) = Cli::try_parse_from(&words) {
            panic!("the example of {sub} does not parse: {line}\n{e}");
        }
    }
}

#[test]
fn every_flag_shows_its_default_once() {
    // A default written in the help text and again by clap reads twice; each flag says it once.
    for sub in subcommands() {
        let help = stdout_of(&[&sub, "--help"]);
        // A flag's block: its line (indented, starting with `-`) and the lines under it.
        let mut blocks: Vec<String> = Vec::new();
        for line in help.lines() {
            let trimmed = line.trim_start();
            if trimmed.starts_with('-') && line.len() > trimmed.len() {
                blocks.push(String::new());
            }
            if let Some(block) = blocks.last_mut() {
                block.push_str(line);
                block.push('\n');
            }
        }
        assert!(
            !blocks.is_empty() || sub == "kpis" || sub == "man",
            "{sub}: no flags found"
        );
        for block in blocks {
            let said = block.matches("default:").count();
            assert!(said <= 1, "`omnisim {sub}` repeats a default:\n{block}");
        }
    }
}

#[test]
fn validate_accepts_every_shipped_file_sweeps_included() {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("scenarios"))
        .expect("scenarios/")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    let out = omnisim()
        .current_dir(root())
        .arg("validate")
        .args(&files)
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        text.contains("sweep \"sweep_staffing\", 15 points"),
        "{text}"
    );
    assert_eq!(
        text.lines().filter(|l| l.contains(": OK (")).count(),
        files.len()
    );
}

#[test]
fn validate_finds_a_bad_point_of_a_sweep() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::copy(
        root().join("scenarios/default.toml"),
        dir.path().join("default.toml"),
    )
    .expect("copy");
    let sweep = dir.path().join("bad_sweep.toml");
    std::fs::write(
        &sweep,
        "[sweep]\nname = \"bad\"\nbase = \"default.toml\"\n\n[[parameters]]\n\
         path = \"policies.aligned.cross_training_share\"\nvalues = [0.5, 1.5]\n",
    )
    .expect("write");
    let out = omnisim()
        .arg("validate")
        .arg(&sweep)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("1.5") && err.contains("cross_training_share"),
        "{err}"
    );
}

fn schema(kind: &str) -> serde_json::Value {
    serde_json::from_str(&stdout_of(&["schema", kind])).expect("the schema is JSON")
}

fn toml_as_json(path: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(path).expect("readable");
    toml::from_str(&text).expect("TOML")
}

#[test]
fn shipped_schemas_equal_the_generated_ones() {
    for kind in ["scenario", "sweep"] {
        let file = root().join(format!("schemas/{kind}.schema.json"));
        let generated = stdout_of(&["schema", kind]);
        if std::env::var_os("OMNISIM_UPDATE_SCHEMA").is_some() {
            std::fs::write(&file, &generated).expect("write schema");
        }
        let shipped = std::fs::read_to_string(&file).expect("schemas/ file");
        assert!(
            shipped == generated,
            "{} differs from `omnisim schema {kind}`; rerun with OMNISIM_UPDATE_SCHEMA=1",
            file.display()
        );
    }
}

#[test]
fn every_shipped_file_matches_its_schema_and_a_typo_does_not() {
    let scenario = jsonschema::validator_for(&schema("scenario")).expect("a valid schema");
    let sweep = jsonschema::validator_for(&schema("sweep")).expect("a valid schema");
    let mut checked = 0;
    for entry in std::fs::read_dir(root().join("scenarios")).expect("scenarios/") {
        let path = entry.expect("entry").path();
        if path.extension().is_none_or(|e| e != "toml") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("readable");
        let validator = if omnisim::scenario::check::is_sweep_text(&text) {
            &sweep
        } else {
            &scenario
        };
        let errors: Vec<String> = validator
            .iter_errors(&toml_as_json(&path))
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{}: {errors:?}", path.display());
        checked += 1;
    }
    assert!(checked >= 7, "only {checked} files checked");

    let mut doc = toml_as_json(&root().join("scenarios/default.toml"));
    doc["stores"][0]["shopers"] = serde_json::json!({ "per_day": 10 });
    assert!(
        !scenario.is_valid(&doc),
        "a misspelt section passes the schema"
    );
    let mut doc = toml_as_json(&root().join("scenarios/default.toml"));
    doc["policies"][0]["dispatch"] = serde_json::json!("fastest_first");
    assert!(
        !scenario.is_valid(&doc),
        "an unknown dispatch rule passes the schema"
    );
    let mut doc = toml_as_json(&root().join("scenarios/default.toml"));
    doc["stores"][0]["online"]["pick_time_per_line"] =
        serde_json::json!({ "dist": "weibull", "k": 2 });
    assert!(
        !scenario.is_valid(&doc),
        "an unknown distribution passes the schema"
    );
}
