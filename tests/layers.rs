//! No import runs up the layers. Each folder under `src/` is a layer, and a layer may use
//! only the layers below it, plus the leaf modules, which use nothing of the crate but each
//! other. The order, top to bottom, is the one the manual's architecture chapter shows
//! (`docs/src/architecture.md`); this test reads every `crate::` and `super::` path in `src/`.

use std::path::{Path, PathBuf};

/// Top to bottom.
const LAYERS: &[&str] = &[
    "cli",
    "report",
    "runs",
    "experiment",
    "sim",
    "scenario",
    "engine",
];

/// Modules every layer may use: they use nothing of the crate except each other.
const LEAVES: &[&str] = &["kpis", "runs::input", "runs::limits"];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("readable src folder") {
        let path = entry.expect("a folder entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// `runs::input` for `src/runs/input.rs`, `runs` for `src/runs/mod.rs`, `kpis` for
/// `src/kpis.rs`.
fn module_of(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).expect("a file under src");
    let mut parts: Vec<String> = rel
        .with_extension("")
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    parts.join("::")
}

/// Every module path a file refers to: `crate::a::b...` as `a::b`, and `super::b` resolved
/// against the file's own module.
fn references(module: &str, text: &str) -> Vec<(usize, String)> {
    let mut refs = Vec::new();
    let is_mod_file = |m: &str| !m.contains("::");
    for (n, line) in text.lines().enumerate() {
        for (prefix, base) in [("crate::", None), ("super::", Some(module))] {
            let mut rest = line;
            while let Some(i) = rest.find(prefix) {
                // `crate::` only as a whole word (not `omnisim_crate::`).
                let before = rest[..i].chars().last();
                rest = &rest[i + prefix.len()..];
                if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                    continue;
                }
                let path: String = rest
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
                    .collect();
                let names: Vec<&str> = path.split("::").filter(|s| !s.is_empty()).collect();
                let Some(first) = names.first() else { continue };
                let full = match base {
                    None => names.iter().take(2).copied().collect::<Vec<_>>().join("::"),
                    Some(m) => {
                        // `super` of `runs::input` is `runs`; of a layer's mod.rs, the crate.
                        if is_mod_file(m) {
                            first.to_string()
                        } else {
                            let parent = m.rsplit_once("::").map_or("", |(p, _)| p);
                            format!("{parent}::{first}")
                        }
                    }
                };
                refs.push((n + 1, full));
            }
        }
    }
    refs
}

fn layer_of(module: &str) -> &str {
    module.split("::").next().unwrap_or(module)
}

fn is_leaf(module: &str) -> bool {
    LEAVES
        .iter()
        .any(|l| module == *l || module.starts_with(&format!("{l}::")))
}

#[test]
fn no_import_runs_up_the_layers() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let rank = |layer: &str| LAYERS.iter().position(|l| *l == layer);
    let mut problems = Vec::new();
    let mut checked = 0;
    for file in &files {
        let module = module_of(&src, file);
        if module == "lib" || module == "main" {
            continue;
        }
        let own = layer_of(&module);
        let text = std::fs::read_to_string(file).expect("readable source");
        for (line, target) in references(&module, &text) {
            let to = layer_of(&target);
            if to == own && !is_leaf(&module) {
                continue;
            }
            checked += 1;
            let ok = if is_leaf(&module) {
                is_leaf(&target) || target == module
            } else if is_leaf(&target) {
                true
            } else {
                match (rank(own), rank(to)) {
                    (Some(a), Some(b)) => b > a,
                    _ => false,
                }
            };
            if !ok {
                problems.push(format!(
                    "{}:{line}: {module} uses {target}",
                    file.strip_prefix(&src).unwrap_or(file).display()
                ));
            }
        }
    }
    assert!(
        checked > 100,
        "only {checked} references across layers found: is the scan broken?"
    );
    assert!(
        problems.is_empty(),
        "imports that run up the layers ({} top to bottom; leaves {}):\n{}",
        LAYERS.join(" > "),
        LEAVES.join(", "),
        problems.join("\n")
    );
}

#[test]
fn every_folder_under_src_is_a_known_layer() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    for entry in std::fs::read_dir(&src).expect("readable src folder") {
        let path = entry.expect("a folder entry").path();
        if path.is_dir() {
            let name = path.file_name().unwrap_or_default().to_string_lossy();
            assert!(
                LAYERS.contains(&name.as_ref()),
                "src/{name} is not in the list of layers: add it where it belongs"
            );
        }
    }
}

#[test]
fn the_scan_sees_an_upward_import() {
    // A sim file that reaches into the experiment layer, and a leaf that uses a layer.
    let refs = references(
        "sim::world",
        "use crate::experiment::Plan;\nsuper::kpi::x();",
    );
    assert_eq!(
        refs,
        vec![
            (1, "experiment::Plan".to_string()),
            (2, "sim::kpi".to_string())
        ]
    );
    assert!(!is_leaf("experiment::Plan"));
    assert!(is_leaf("runs::input"));
    assert_eq!(
        references("runs", "super::kpis::KPIS"),
        vec![(1, "kpis".into())]
    );
}
