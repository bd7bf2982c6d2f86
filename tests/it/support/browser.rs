//! Headless Chromium for the browser tests: where it is, the rule for a machine without it,
//! and the flags this closed network needs.

use std::path::{Path, PathBuf};

/// Debian's Chromium, or `None` when it is not installed and the test may skip: under CI
/// (`CI=true`) a missing browser fails the test instead, since `.ci/run` installs it.
pub fn chromium_or_skip() -> Option<PathBuf> {
    let found = ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.exists());
    if found.is_none() {
        if std::env::var("CI").is_ok_and(|v| v == "true" || v == "1") {
            panic!("CI: chromium is not installed (.ci/run installs Debian's `chromium`)");
        }
        eprintln!("skipped: chromium not installed (apt-get install -y chromium)");
    }
    found
}

/// Headless Chromium as this machine's closed network needs it (no background connections),
/// with a fresh profile folder.
pub fn headless(browser: &Path, profile: &Path) -> std::process::Command {
    let mut c = std::process::Command::new(browser);
    c.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--no-first-run",
        "--disable-quic",
        "--disable-component-update",
        "--disable-sync",
    ])
    .arg(format!("--user-data-dir={}", profile.display()));
    c
}
