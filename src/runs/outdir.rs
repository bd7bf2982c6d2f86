//! The output folder of one command: locked for the whole command, written through a staging
//! folder with a random name, and committed so that a reader never takes a half-finished set
//! of files for a whole run.
//!
//! The commit: (1) the old marker file (`run.json`, or `sweep.json`) is removed, so the folder
//! holds no complete run from then on; (2) files of the old run that this one does not write
//! (an old `effects.csv`, an old `report.html`) are removed; (3) the staged files are renamed
//! to their final names; (4) the marker, whose manifest lists every file of this run with its
//! SHA-256, is renamed last. A kill at any point leaves either the old run whole, or a folder
//! without a marker (which `report` refuses), or the new run whole.

use crate::error::{Context, Error, Result, bail};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::fs::File;
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};

/// The advisory lock file in every output folder.
pub const LOCK_FILE: &str = ".omnisim.lock";
/// Staging folders are named this, then random characters.
pub const STAGING_PREFIX: &str = ".omnisim-staging-";

/// One file of a run, as listed in the manifest of `run.json` or `sweep.json`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestEntry {
    /// File name in the output folder.
    pub name: String,
    /// Size in bytes.
    pub bytes: u64,
    /// SHA-256 of the content, as hex.
    pub sha256: String,
}

/// SHA-256 as lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// The manifest entry of file `name` holding `bytes`.
pub fn manifest_entry(name: &str, bytes: &[u8]) -> ManifestEntry {
    ManifestEntry {
        name: name.to_string(),
        bytes: bytes.len() as u64,
        sha256: sha256_hex(bytes),
    }
}

/// A writer that counts and hashes what goes through it, for a streamed file's manifest
/// entry.
pub struct HashingWriter<W: Write> {
    inner: W,
    hash: Sha256,
    bytes: u64,
}

impl<W: Write> HashingWriter<W> {
    /// Wraps `inner`.
    pub fn new(inner: W) -> Self {
        HashingWriter {
            inner,
            hash: Sha256::new(),
            bytes: 0,
        }
    }

    /// Flushes and gives the manifest entry of file `name`.
    pub fn finish(mut self, name: &str) -> std::io::Result<ManifestEntry> {
        self.inner.flush()?;
        Ok(ManifestEntry {
            name: name.to_string(),
            bytes: self.bytes,
            sha256: self
                .hash
                .finalize()
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect(),
        })
    }
}

impl<W: Write> Write for HashingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hash.update(&buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// SHA-256 of a regular file, read in blocks.
pub fn sha256_of_file(path: &Path) -> std::result::Result<String, String> {
    let mut f = crate::input::check_regular(path, u64::MAX)?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let n = f.read(&mut buf).map_err(|e| e.to_string())?;
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
    }
    Ok(h.finalize().iter().map(|b| format!("{b:02x}")).collect())
}

/// The manifest (`files`) of marker file `dir/marker`: `Ok(None)` when the marker is absent
/// or has no manifest (written by an older omnisim).
pub fn read_manifest(dir: &Path, marker: &str) -> Result<Option<Vec<ManifestEntry>>> {
    let path = dir.join(marker);
    if std::fs::symlink_metadata(&path).is_err() {
        return Ok(None);
    }
    let bytes =
        crate::input::read_capped(&path, crate::input::MAX_SCENARIO_BYTES).map_err(Error::msg)?;
    let v: serde_json::Value = serde_json::from_slice(&bytes)
        .with_context(|| format!("{}: malformed JSON", path.display()))?;
    match v.get("files") {
        None => Ok(None),
        Some(files) => {
            let list: Vec<ManifestEntry> = serde_json::from_value(files.clone())
                .with_context(|| format!("{}: malformed `files` manifest", path.display()))?;
            for e in &list {
                crate::input::check_plain_name(&e.name, "manifest entry")
                    .map_err(|m| Error::msg(format!("{}: `files`: {m}", path.display())))?;
            }
            Ok(Some(list))
        }
    }
}

/// An output folder held by this process.
pub struct OutputDir {
    dir: PathBuf,
    lock: File,
    staging: Option<tempfile::TempDir>,
    created: bool,
    committed: bool,
}

impl std::fmt::Debug for OutputDir {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OutputDir").field("dir", &self.dir).finish()
    }
}

#[cfg(target_os = "linux")]
const O_NOFOLLOW: i32 = 0o400000;
#[cfg(not(target_os = "linux"))]
const O_NOFOLLOW: i32 = 0x0100;

impl OutputDir {
    /// Creates `dir` if needed, locks it (failing at once if another omnisim command holds
    /// it), removes staging folders left by a killed run, and makes this command's staging
    /// folder (which also proves the folder writable). `command` describes this command in
    /// the lock file, for the message another run gets.
    pub fn open(dir: &Path, command: &str) -> Result<OutputDir> {
        let mut created = false;
        match std::fs::metadata(dir) {
            Ok(m) if m.is_dir() => {}
            Ok(_) => bail!(
                "the output folder {} is a file, not a folder: give another --out",
                dir.display()
            ),
            Err(_) => {
                std::fs::create_dir_all(dir).with_context(|| {
                    format!("cannot create the output folder {}", dir.display())
                })?;
                created = true;
            }
        }
        let lock_path = dir.join(LOCK_FILE);
        let mut lock = {
            use std::os::unix::fs::OpenOptionsExt;
            std::fs::OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .mode(0o644)
                .custom_flags(O_NOFOLLOW)
                .open(&lock_path)
        }
        .map_err(|e| {
            if created {
                std::fs::remove_dir(dir).ok();
            }
            if std::fs::symlink_metadata(&lock_path).is_ok_and(|m| m.file_type().is_symlink()) {
                Error::msg(format!(
                    "cannot lock the output folder {}: {} is a symbolic link, which omnisim does not follow",
                    dir.display(),
                    lock_path.display()
                ))
            } else {
                Error::msg(format!(
                    "cannot write into the output folder {}: {e}",
                    dir.display()
                ))
            }
        })?;
        match fs4::FileExt::try_lock(&lock) {
            Ok(()) => {}
            Err(fs4::TryLockError::WouldBlock) => {
                let mut holder = String::new();
                (&lock).take(500).read_to_string(&mut holder).ok();
                let holder = holder.trim();
                bail!(
                    "the output folder {} is in use by another omnisim command ({}); wait for it to finish or choose another --out",
                    dir.display(),
                    if holder.is_empty() {
                        "it is starting"
                    } else {
                        holder
                    }
                );
            }
            Err(fs4::TryLockError::Error(e)) => {
                bail!("cannot lock the output folder {}: {e}", dir.display())
            }
        }
        // Who holds the folder, for the message a second command gets.
        lock.set_len(0).ok();
        lock.rewind().ok();
        write!(lock, "omnisim {command}, process {}", std::process::id()).ok();
        lock.flush().ok();
        remove_stale_staging(dir);
        let staging = tempfile::Builder::new()
            .prefix(STAGING_PREFIX)
            .tempdir_in(dir)
            .map_err(|e| {
                if created {
                    super::cleanup::remove_if_only_lock(dir);
                }
                Error::msg(format!(
                    "cannot write into the output folder {}: {e}",
                    dir.display()
                ))
            })?;
        super::cleanup::register(staging.path());
        if created {
            super::cleanup::register_empty_dir(dir);
        }
        Ok(OutputDir {
            dir: dir.to_path_buf(),
            lock,
            staging: Some(staging),
            created,
            committed: false,
        })
    }

    /// The output folder.
    pub fn path(&self) -> &Path {
        &self.dir
    }

    /// The staging folder: files written here become the run's at [`OutputDir::commit`].
    pub fn staging(&self) -> &Path {
        self.staging
            .as_ref()
            .map_or(self.dir.as_path(), |s| s.path())
    }

    /// Writes `bytes` to staged file `name` (created new: never an existing file or link).
    pub fn stage(&self, name: &str, bytes: &[u8]) -> Result<()> {
        let path = self.staging().join(name);
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .with_context(|| format!("cannot write {}", path.display()))?;
        f.write_all(bytes)
            .with_context(|| format!("cannot write {}", path.display()))?;
        Ok(())
    }

    /// Opens staged file `name` for streaming writes.
    pub fn stage_file(&self, name: &str) -> Result<File> {
        let path = self.staging().join(name);
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .with_context(|| format!("cannot write {}", path.display()))
    }

    /// Moves the staged files `names` into the folder, then `marker` (if any) last. Before
    /// that, the old marker is removed, and so are the files of its manifest (or, for a
    /// marker without one, the names in `legacy`) that this commit does not write. Returns
    /// the final paths, in `names` order, marker last.
    pub fn commit(
        mut self,
        names: &[&str],
        marker: Option<&str>,
        legacy: &[&str],
    ) -> Result<Vec<PathBuf>> {
        let mut all: Vec<&str> = names.to_vec();
        if let Some(m) = marker {
            all.push(m);
        }
        if let Some(m) = marker {
            let marker_path = self.dir.join(m);
            let old: Vec<String> = match read_manifest(&self.dir, m) {
                Ok(Some(list)) => list.into_iter().map(|e| e.name).collect(),
                // A marker of an older omnisim, without a manifest: its files are `legacy`.
                _ if std::fs::symlink_metadata(&marker_path).is_ok() => {
                    legacy.iter().map(|s| s.to_string()).collect()
                }
                // No marker: nothing is known to belong to an earlier run of this kind.
                _ => Vec::new(),
            };
            if std::fs::symlink_metadata(&marker_path).is_ok() {
                std::fs::remove_file(&marker_path)
                    .with_context(|| format!("cannot remove {}", marker_path.display()))?;
            }
            // The old report.html goes even when a new one replaces it: until then it would
            // show the old run beside the new files.
            for name in old.iter().map(String::as_str).chain(["report.html"]) {
                if all.contains(&name) && name != "report.html" {
                    continue;
                }
                let p = self.dir.join(name);
                if std::fs::symlink_metadata(&p).is_ok_and(|m| !m.is_dir()) {
                    std::fs::remove_file(&p)
                        .with_context(|| format!("cannot remove {}", p.display()))?;
                }
            }
        }
        // A test hook: stop dead (as a kill -9 would) after this many renames.
        let fault_after: Option<usize> = std::env::var("OMNISIM_FAULT_AFTER_RENAMES")
            .ok()
            .and_then(|v| v.parse().ok());
        let mut written = Vec::with_capacity(all.len());
        for name in all {
            if fault_after == Some(written.len()) {
                std::process::abort();
            }
            let from = self.staging().join(name);
            let to = self.dir.join(name);
            std::fs::rename(&from, &to)
                .with_context(|| format!("cannot move {} to {}", from.display(), to.display()))?;
            written.push(to);
        }
        self.committed = true;
        Ok(written)
    }

    /// Keeps this folder even if it is empty when dropped (its run wrote a journal).
    pub fn keep(&mut self) {
        self.created = false;
        super::cleanup::forget(&self.dir);
    }
}

impl Drop for OutputDir {
    fn drop(&mut self) {
        if let Some(s) = self.staging.take() {
            super::cleanup::forget(s.path());
            s.close().ok();
        }
        if self.created && !self.committed {
            super::cleanup::remove_if_only_lock(&self.dir);
        }
        super::cleanup::forget(&self.dir);
        fs4::FileExt::unlock(&self.lock).ok();
    }
}

/// Removes staging folders that a killed command left (the caller holds the lock).
fn remove_stale_staging(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name();
        if name.to_string_lossy().starts_with(STAGING_PREFIX)
            && std::fs::symlink_metadata(e.path()).is_ok_and(|m| m.is_dir())
        {
            std::fs::remove_dir_all(e.path()).ok();
        }
    }
}
