//! The examples of the README and the manual (`docs/src/`) are run, and their output must be
//! what the text shows, so that the documentation cannot go stale.
//!
//! - A ```` ```console ```` block holds commands, each on a line starting with `$ ` (a line
//!   ending in `\` continues on the next), each followed by its output. The block's commands
//!   run in order, with `sh`, in a fresh temporary folder holding a copy of `scenarios/`, with
//!   the `omnisim` under test first on `PATH`; standard error is merged into standard output.
//!   Every command must exit with 0: to show a failure, show the exit code too
//!   (`$ omnisim validate bad.toml; echo "exit code $?"`).
//! - Before comparing, the parts that depend on the machine are masked: wall times, events per
//!   second and the number of threads (see [`mask`]).
//! - A ```` ```console,no-run ```` block is shown and not run; the line before its fence must be
//!   `<!-- no-run: REASON -->`. Any other block with a line starting with `$ ` is an error.
//! - The KPI reference between `<!-- begin: omnisim kpis --format markdown -->` and
//!   `<!-- end: omnisim kpis --format markdown -->` must be that command's output.
//!
//! `OMNISIM_UPDATE_DOCS=1 cargo test --release --test it docs_examples::` rewrites the outputs
//! (and the KPI reference) in place; review them with `git diff` before committing.

use crate::support::common::root;

use regex::Regex;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

const KPI_BEGIN: &str = "<!-- begin: omnisim kpis --format markdown -->";
const KPI_END: &str = "<!-- end: omnisim kpis --format markdown -->";
const NO_RUN: &str = "<!-- no-run:";

fn updating() -> bool {
    std::env::var_os("OMNISIM_UPDATE_DOCS").is_some_and(|v| !v.is_empty() && v != "0")
}

/// README.md and every Markdown file under docs/src/, sorted.
fn documents() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "md") {
                out.push(path);
            }
        }
    }
    let mut docs = vec![root().join("README.md")];
    walk(&root().join("docs").join("src"), &mut docs);
    docs.sort();
    docs
}

/// A fenced code block: the line numbers (0-based) of its opening and closing fences.
struct Block {
    info: String,
    open: usize,
    close: usize,
}

fn blocks(lines: &[&str]) -> Vec<Block> {
    let mut out = Vec::new();
    let mut open: Option<(usize, String, usize)> = None;
    for (i, line) in lines.iter().enumerate() {
        let trimmed = line.trim_start();
        let ticks = trimmed.chars().take_while(|&c| c == '`').count();
        if ticks < 3 {
            continue;
        }
        match &open {
            None => open = Some((i, trimmed[ticks..].trim().to_string(), ticks)),
            Some((start, info, n)) if ticks >= *n && trimmed[ticks..].trim().is_empty() => {
                out.push(Block {
                    info: info.clone(),
                    open: *start,
                    close: i,
                });
                open = None;
            }
            Some(_) => {}
        }
    }
    out
}

/// One command of a console block and the output shown for it (line numbers, 0-based, into
/// the document).
struct Example {
    command: String,
    line: usize,
    output: std::ops::Range<usize>,
}

fn examples(lines: &[&str], block: &Block) -> Vec<Example> {
    let mut out: Vec<Example> = Vec::new();
    let mut i = block.open + 1;
    while i < block.close {
        if let Some(first) = lines[i].strip_prefix("$ ") {
            let line = i;
            let mut command = first.to_string();
            // `\` at the end of a line continues the command: sh reads it so too.
            while command.ends_with('\\') && i + 1 < block.close {
                i += 1;
                command.push('\n');
                command.push_str(lines[i]);
            }
            out.push(Example {
                command,
                line,
                output: i + 1..i + 1,
            });
        } else if let Some(last) = out.last_mut() {
            last.output.end = i + 1;
        }
        i += 1;
    }
    out
}

/// The machine-dependent parts of an output replaced by placeholders.
fn mask(text: &str) -> String {
    static RULES: OnceLock<Vec<(Regex, &'static str)>> = OnceLock::new();
    let rules = RULES.get_or_init(|| {
        [
            // `7094573 events in 5.18 s wall (1.37 M events/s)`
            (r"[0-9.]+ s wall", "<secs> s wall"),
            (r"\([0-9.]+ (M |k )?events/s\)", "(<rate> events/s)"),
            // `| 2 threads` in the run's header
            (r"\| [0-9]+ threads?\b", "| <n> threads"),
        ]
        .into_iter()
        .map(|(re, to)| (Regex::new(re).expect("a valid pattern"), to))
        .collect()
    });
    let mut text = text.to_string();
    for (re, to) in rules {
        text = re.replace_all(&text, *to).into_owned();
    }
    text
}

/// Trailing spaces and trailing empty lines removed.
fn tidy(text: &str) -> String {
    let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
    let end = lines
        .iter()
        .rposition(|l| !l.is_empty())
        .map_or(0, |i| i + 1);
    lines[..end].join("\n")
}

/// A temporary folder with a copy of the shipped scenarios, as a user's checkout would have.
fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let from = root().join("scenarios");
    let to = dir.path().join("scenarios");
    std::fs::create_dir(&to).expect("a scenarios folder");
    for entry in std::fs::read_dir(&from)
        .expect("the scenarios folder")
        .flatten()
    {
        let path = entry.path();
        if path.is_file() {
            std::fs::copy(&path, to.join(entry.file_name())).expect("a copied scenario");
        }
    }
    dir
}

fn run(command: &str, dir: &Path) -> (String, Option<i32>) {
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_omnisim"))
        .parent()
        .expect("the binary's folder")
        .to_path_buf();
    let path = std::env::var_os("PATH").unwrap_or_default();
    let path = std::env::join_paths(std::iter::once(bin_dir).chain(std::env::split_paths(&path)))
        .expect("a PATH");
    let out = Command::new("sh")
        .arg("-c")
        .arg(format!("exec 2>&1\n{command}"))
        .current_dir(dir)
        .env("PATH", path)
        .env_remove("OMNISIM_FAULT_AFTER_RENAMES")
        .output()
        .expect("sh runs");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        out.status.code(),
    )
}

/// What one document's check found: problems, and the new text when updating.
fn check_document(path: &Path) -> (Vec<String>, Option<String>) {
    let text = std::fs::read_to_string(path).expect("a readable document");
    let lines: Vec<&str> = text.lines().collect();
    let name = path
        .strip_prefix(root())
        .unwrap_or(path)
        .display()
        .to_string();
    let mut problems = Vec::new();
    // (range of lines to replace, new lines)
    let mut edits: Vec<(std::ops::Range<usize>, Vec<String>)> = Vec::new();
    for block in blocks(&lines) {
        let has_command = lines[block.open + 1..block.close]
            .iter()
            .any(|l| l.starts_with("$ "));
        let mut words = block.info.split(',').map(str::trim);
        let lang = words.next().unwrap_or("");
        let no_run = words.any(|w| w == "no-run");
        if lang != "console" {
            if has_command {
                problems.push(format!(
                    "{name}:{}: a ```{} block shows a `$ ` command: make it ```console (tested) or ```console,no-run (with a reason)",
                    block.open + 1,
                    block.info
                ));
            }
            continue;
        }
        if no_run {
            let reason = block
                .open
                .checked_sub(1)
                .map(|i| lines[i].trim())
                .filter(|l| l.starts_with(NO_RUN) && l.ends_with("-->"))
                .map(|l| l[NO_RUN.len()..l.len() - 3].trim().to_string());
            if reason.is_none_or(|r| r.is_empty()) {
                problems.push(format!(
                    "{name}:{}: a ```console,no-run block needs `<!-- no-run: REASON -->` on the line before it",
                    block.open + 1
                ));
            }
            continue;
        }
        let examples = examples(&lines, &block);
        if examples.is_empty() {
            problems.push(format!(
                "{name}:{}: a ```console block without a `$ ` command",
                block.open + 1
            ));
            continue;
        }
        let dir = workspace();
        for ex in examples {
            let (actual, code) = run(&ex.command, dir.path());
            let shown = lines[ex.output.clone()].join("\n");
            if code != Some(0) {
                problems.push(format!(
                    "{name}:{}: `{}` exited with {code:?} (show the exit code with `; echo \"exit code $?\"` if that is the point):\n{actual}",
                    ex.line + 1,
                    ex.command
                ));
                continue;
            }
            if mask(&tidy(&shown)) != mask(&tidy(&actual)) {
                if updating() {
                    edits.push((
                        ex.output.clone(),
                        tidy(&actual).lines().map(str::to_string).collect(),
                    ));
                } else {
                    problems.push(format!(
                        "{name}:{}: the output of `{}` differs from the text{}\n--- shown (masked)\n{}\n--- actual (masked)\n{}\n",
                        ex.line + 1,
                        ex.command,
                        first_difference(&mask(&tidy(&shown)), &mask(&tidy(&actual))),
                        mask(&tidy(&shown)),
                        mask(&tidy(&actual))
                    ));
                }
            }
        }
    }
    // The KPI reference.
    let begin = lines.iter().position(|l| l.trim() == KPI_BEGIN);
    let end = lines.iter().position(|l| l.trim() == KPI_END);
    match (begin, end) {
        (None, None) => {}
        (Some(b), Some(e)) if b < e => {
            let (actual, code) = run("omnisim kpis --format markdown", &root());
            assert_eq!(
                code,
                Some(0),
                "omnisim kpis --format markdown failed: {actual}"
            );
            let shown = lines[b + 1..e].join("\n");
            if tidy(&shown) != tidy(&actual) {
                if updating() {
                    edits.push((
                        b + 1..e,
                        tidy(&actual).lines().map(str::to_string).collect(),
                    ));
                } else {
                    problems.push(format!(
                        "{name}:{}: the KPI reference differs from `omnisim kpis --format markdown`{}",
                        b + 2,
                        first_difference(&tidy(&shown), &tidy(&actual))
                    ));
                }
            }
        }
        _ => problems.push(format!(
            "{name}: `{KPI_BEGIN}` and `{KPI_END}` must both be there, in that order"
        )),
    }
    if edits.is_empty() {
        return (problems, None);
    }
    edits.sort_by_key(|(r, _)| std::cmp::Reverse(r.start));
    let mut new: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    for (range, replacement) in edits {
        new.splice(range, replacement);
    }
    let mut new = new.join("\n");
    if text.ends_with('\n') {
        new.push('\n');
    }
    (problems, Some(new))
}

fn first_difference(shown: &str, actual: &str) -> String {
    let a: Vec<&str> = shown.lines().collect();
    let b: Vec<&str> = actual.lines().collect();
    for i in 0..a.len().max(b.len()) {
        let (x, y) = (a.get(i), b.get(i));
        if x != y {
            return format!(
                " (first at output line {}: shown {:?}, actual {:?})",
                i + 1,
                x.copied().unwrap_or("<nothing>"),
                y.copied().unwrap_or("<nothing>")
            );
        }
    }
    String::new()
}

#[test]
fn every_example_in_the_readme_and_the_manual_gives_the_output_shown() {
    let docs = documents();
    assert!(
        docs.len() > 5,
        "the manual is missing: only {} documents found",
        docs.len()
    );
    let mut problems = Vec::new();
    let mut tested = 0;
    for doc in &docs {
        let text = std::fs::read_to_string(doc).expect("a readable document");
        let lines: Vec<&str> = text.lines().collect();
        tested += blocks(&lines)
            .iter()
            .filter(|b| b.info == "console")
            .count();
        let (mut found, new) = check_document(doc);
        problems.append(&mut found);
        if let Some(new) = new {
            std::fs::write(doc, new).expect("the document rewritten");
            eprintln!("updated {}", doc.display());
        }
    }
    assert!(tested > 5, "only {tested} tested examples found");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_kpi_reference_is_in_the_manual() {
    let kpis = root().join("docs").join("src").join("kpis.md");
    let text = std::fs::read_to_string(&kpis).expect("docs/src/kpis.md");
    assert!(
        text.contains(KPI_BEGIN) && text.contains(KPI_END),
        "docs/src/kpis.md holds no generated KPI reference"
    );
}

#[test]
fn the_parser_finds_commands_outputs_and_masks() {
    let doc = "text\n```console\n$ omnisim a \\\n  --b\nout 1\nout 2\n$ omnisim c\n```\n";
    let lines: Vec<&str> = doc.lines().collect();
    let b = blocks(&lines);
    assert_eq!(b.len(), 1);
    assert_eq!(
        (b[0].info.as_str(), b[0].open, b[0].close),
        ("console", 1, 7)
    );
    let ex = examples(&lines, &b[0]);
    assert_eq!(ex.len(), 2);
    assert_eq!(ex[0].command, "omnisim a \\\n  --b");
    assert_eq!(ex[0].output, 4..6);
    assert_eq!(ex[1].output, 7..7);
    assert_eq!(
        mask(
            "omnisim 0.1.0 | seed 1 | 2 threads\n7094573 events in 5.18 s wall (1.37 M events/s); x"
        ),
        "omnisim 0.1.0 | seed 1 | <n> threads\n7094573 events in <secs> s wall (<rate> events/s); x"
    );
    // The event count is not masked: it is the same on every machine.
    assert_ne!(
        mask("7094573 events in 5.18 s wall"),
        mask("7094574 events in 5.18 s wall")
    );
}
