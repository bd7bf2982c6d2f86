//! The architecture as a test: every module of the library imports only the modules below it
//! in the layer list of `src/lib.rs`. A `crate::X` path (in a `use`, in code or in a doc link)
//! from a file under `src/M` to a module X listed above M fails the test with the file and
//! line, so an import that runs up the layers cannot land unnoticed.

use std::path::{Path, PathBuf};

/// Top to bottom, as in `src/lib.rs`.
const LAYERS: &[&str] = &[
    "cli",
    "report",
    "runs",
    "experiment",
    "sim",
    "scenario",
    "engine",
    "kpis",
    "input",
    "error",
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("readable src folder") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The layer a source file belongs to: its first folder under `src/`, or its own name.
fn layer_of(src: &Path, file: &Path) -> Option<&'static str> {
    let rel = file.strip_prefix(src).ok()?;
    let first = rel.components().next()?.as_os_str().to_str()?;
    let name = first.strip_suffix(".rs").unwrap_or(first);
    LAYERS.iter().copied().find(|l| *l == name)
}

/// Every layer named after `crate::` on a line (also inside `crate::{a, b}` groups).
fn referenced_layers(line: &str) -> Vec<&'static str> {
    let mut found = Vec::new();
    for (at, _) in line.match_indices("crate::") {
        let rest = &line[at + "crate::".len()..];
        let names: Vec<&str> = if let Some(group) = rest.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            group[..end]
                .split(',')
                .map(|s| s.trim().split("::").next().unwrap_or(""))
                .collect()
        } else {
            vec![
                rest.split(|c: char| !(c.is_alphanumeric() || c == '_'))
                    .next()
                    .unwrap_or(""),
            ]
        };
        for n in names {
            if let Some(l) = LAYERS.iter().copied().find(|l| *l == n) {
                found.push(l);
            }
        }
    }
    found
}

fn rank(layer: &str) -> usize {
    LAYERS
        .iter()
        .position(|l| *l == layer)
        .expect("a listed layer")
}

/// Imports that run up the layers: `file:line: M imports X`.
fn upward_imports(src: &Path) -> Vec<String> {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    files.sort();
    let mut bad = Vec::new();
    for file in files {
        let Some(own) = layer_of(src, &file) else {
            continue; // lib.rs and main.rs sit above every layer
        };
        let text = std::fs::read_to_string(&file).expect("readable source");
        for (n, line) in text.lines().enumerate() {
            for other in referenced_layers(line) {
                if rank(other) < rank(own) {
                    bad.push(format!(
                        "{}:{}: {own} imports {other}, a layer above it",
                        file.display(),
                        n + 1
                    ));
                }
            }
        }
    }
    bad
}

#[test]
fn no_import_runs_up_the_layers() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let bad = upward_imports(&src);
    assert!(
        bad.is_empty(),
        "imports against the layers:\n{}",
        bad.join("\n")
    );
}

#[test]
fn only_the_command_line_uses_anyhow() {
    // The library returns its own error type (`omnisim::error::Error`), so a program that
    // embeds it is not handed `anyhow`; the binary's command line may use it.
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let mut bad = Vec::new();
    for file in files {
        if layer_of(&src, &file) == Some("cli") {
            continue;
        }
        let text = std::fs::read_to_string(&file).expect("readable source");
        for (n, line) in text.lines().enumerate() {
            if line.contains("anyhow") {
                bad.push(format!("{}:{}: {}", file.display(), n + 1, line.trim()));
            }
        }
    }
    assert!(bad.is_empty(), "anyhow in the library:\n{}", bad.join("\n"));
}

#[test]
fn every_top_level_module_is_a_listed_layer() {
    let lib = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/lib.rs"))
        .expect("src/lib.rs");
    for line in lib.lines() {
        if let Some(name) = line.strip_prefix("pub mod ") {
            let name = name.trim_end_matches(';');
            assert!(
                LAYERS.contains(&name),
                "module `{name}` is not in the layer list of tests/it/layers.rs"
            );
            assert!(
                lib.contains(&format!("//! {name} ")),
                "module `{name}` is missing from the layer diagram of src/lib.rs"
            );
        }
    }
}

#[test]
fn the_check_sees_an_upward_import() {
    // A planted file in a scratch tree: the engine reaching up into the simulation.
    let dir = tempfile::tempdir().expect("temp dir");
    let engine = dir.path().join("engine");
    std::fs::create_dir(&engine).expect("mkdir");
    std::fs::write(
        engine.join("queue.rs"),
        "use crate::{engine::time, sim::World};\nfn f() { crate::kpis::KPIS.len(); }\n",
    )
    .expect("write");
    let bad = upward_imports(dir.path());
    assert_eq!(bad.len(), 1, "{bad:?}");
    assert!(bad[0].contains("queue.rs:1: engine imports sim"), "{bad:?}");
}
