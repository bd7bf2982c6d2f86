//! Temporary files and folders removed when the user interrupts omnisim (Ctrl-C, SIGTERM,
//! SIGHUP): a trace's temporary file or a run's staging folder never outlives the process that
//! made it, unless the process is killed outright (then the next run in that folder removes
//! its stale staging folders).

use std::path::{Path, PathBuf};
use std::sync::{Mutex, Once};

static PATHS: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());
static INSTALL: Once = Once::new();

fn remove(path: &Path) {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.is_dir() => {
            std::fs::remove_dir_all(path).ok();
        }
        Ok(_) => {
            std::fs::remove_file(path).ok();
        }
        Err(_) => {}
    }
}

/// Removes `path` (a file or a whole folder) if the process is interrupted before
/// [`forget`] is called for it (see [`register_empty_dir`] for a folder removed only when
/// empty).
pub fn register(path: &Path) {
    install();
    if let Ok(mut p) = PATHS.lock() {
        p.push(path.to_path_buf());
    }
}

static EMPTY_DIRS: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Removes folder `path` on interruption if nothing but omnisim's lock file is left in it.
pub fn register_empty_dir(path: &Path) {
    install();
    if let Ok(mut p) = EMPTY_DIRS.lock() {
        p.push(path.to_path_buf());
    }
}

/// Stops watching `path` (it was renamed to its final name, or removed).
pub fn forget(path: &Path) {
    for list in [&PATHS, &EMPTY_DIRS] {
        if let Ok(mut p) = list.lock() {
            p.retain(|x| x != path);
        }
    }
}

/// Removes every registered path now (what the signal handler does).
pub fn run_now() {
    if let Ok(mut p) = PATHS.lock() {
        for path in p.drain(..) {
            remove(&path);
        }
    }
    if let Ok(mut p) = EMPTY_DIRS.lock() {
        for dir in p.drain(..) {
            remove_if_only_lock(&dir);
        }
    }
}

/// Removes `dir` when it holds nothing but omnisim's lock file.
pub fn remove_if_only_lock(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let names: Vec<_> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.file_name())
        .collect();
    if names
        .iter()
        .all(|n| n == std::ffi::OsStr::new(super::outdir::LOCK_FILE))
    {
        std::fs::remove_file(dir.join(super::outdir::LOCK_FILE)).ok();
        std::fs::remove_dir(dir).ok();
    }
}

fn install() {
    INSTALL.call_once(|| {
        // A second handler (a library user's own) wins; then nothing is cleaned on Ctrl-C.
        ctrlc::set_handler(|| {
            run_now();
            eprintln!("omnisim: interrupted");
            std::process::exit(130);
        })
        .ok();
    });
}
