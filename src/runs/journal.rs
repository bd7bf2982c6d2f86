//! The journal: every finished replication (all its policies) appended to
//! `journal.omnisim` in the output folder before the next one is reported, so that a run
//! killed at any moment keeps everything it finished, and the same command again (or
//! `--resume`) computes only what is missing. Shards write one journal each; `merge` reads
//! them together.
//!
//! Format: records of `[u32 length][payload][u64 check]` (little-endian; the check is the
//! first 8 bytes of the payload's SHA-256). The first payload is `H` and the header as JSON;
//! every other is `R` and one replication in binary (numbers as their exact bits). A record
//! torn by a kill fails its check and is cut off when the journal is opened again.
//!
//! This file holds the header and the file handling; `codec` the binary form of a
//! replication, `shards` the reading of several shards' journals as one.

mod codec;
mod shards;

pub use shards::ShardSet;

use crate::error::{Context, Error, Result, bail};
use crate::experiment::{Cell, ExperimentError, ReplicationStore};
use codec::{decode, encode};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::fs::File;
use std::io::{Seek, SeekFrom, Write};
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The journal's file name in an output folder.
pub const JOURNAL_FILE: &str = "journal.omnisim";

/// How to rebuild the run that wrote a journal (for `merge`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunSettings {
    /// The scenario file as given (None: the embedded default).
    pub scenario_file: Option<String>,
    /// Its text, so that shards can be merged anywhere.
    pub scenario_text: Option<String>,
    /// The folder its relative paths (a catalogue) are read from, absolute.
    pub base_dir: Option<String>,
    /// Replications per policy of the whole experiment.
    pub replications: u32,
    /// Confidence level.
    pub confidence: f64,
    /// The factorial's low and high policies, for a factorial run.
    pub factorial: Option<(String, String)>,
    /// The run's `--set PATH=VALUE` overrides, in order (none when absent).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub overrides: Vec<String>,
}

/// What a journal belongs to.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct JournalHeader {
    /// journal format
    pub format: u32,
    /// omnisim version that wrote it
    pub omnisim_version: String,
    /// SHA-256 of the scenario as run (the factorial's design included)
    pub scenario_hash: String,
    /// master seed
    pub seed: u64,
    /// policies, stores and KPIs per replication
    pub policies: usize,
    /// stores
    pub stores: usize,
    /// KPIs
    pub kpis: usize,
    /// replication and day of the recorded staff timeline
    pub timeline_replication: u32,
    /// the timeline's day (None: the first measured day)
    pub timeline_day: Option<u32>,
    /// this shard (I, N), when the run is one shard of N
    pub shard: Option<(u32, u32)>,
    /// how to rebuild the run
    pub settings: RunSettings,
}

impl JournalHeader {
    /// Why a journal with header `self` cannot serve a run with header `other` (ignoring
    /// the shard when `ignore_shard`), or None.
    pub fn mismatch(&self, other: &JournalHeader, ignore_shard: bool) -> Option<String> {
        let mut diffs = Vec::new();
        if self.format != other.format || self.omnisim_version != other.omnisim_version {
            diffs.push(format!(
                "omnisim {} (journal format {}) instead of {} ({})",
                self.omnisim_version, self.format, other.omnisim_version, other.format
            ));
        }
        if self.scenario_hash != other.scenario_hash {
            diffs.push(format!(
                "scenario hash {}… instead of {}…",
                &self.scenario_hash[..self.scenario_hash.len().min(12)],
                &other.scenario_hash[..other.scenario_hash.len().min(12)]
            ));
        }
        if self.seed != other.seed {
            diffs.push(format!("seed {} instead of {}", self.seed, other.seed));
        }
        if self.settings.overrides != other.settings.overrides {
            let s = |o: &[String]| {
                if o.is_empty() {
                    "no --set".to_string()
                } else {
                    format!("--set {}", o.join(" --set "))
                }
            };
            diffs.push(format!(
                "{} instead of {}",
                s(&self.settings.overrides),
                s(&other.settings.overrides)
            ));
        }
        if (self.policies, self.stores, self.kpis) != (other.policies, other.stores, other.kpis) {
            diffs.push("a different shape (policies, stores, KPIs)".into());
        }
        if (self.timeline_replication, self.timeline_day)
            != (other.timeline_replication, other.timeline_day)
        {
            diffs.push("other staff-timeline settings (--timeline-replication, --timeline-day, --no-report)".into());
        }
        if !ignore_shard && self.shard != other.shard {
            let s = |x: Option<(u32, u32)>| {
                x.map_or("no shard".into(), |(i, n)| format!("shard {i}/{n}"))
            };
            diffs.push(format!("{} instead of {}", s(self.shard), s(other.shard)));
        }
        (!diffs.is_empty()).then(|| diffs.join(", "))
    }
}

/// What to do with a journal already in the folder.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Existing {
    /// Resume from it if it matches, refuse it otherwise.
    Auto,
    /// As Auto, but there must be one.
    Resume,
    /// Discard it and start over.
    Fresh,
}

fn check_of(payload: &[u8]) -> u64 {
    let d = Sha256::digest(payload);
    u64::from_le_bytes(d[..8].try_into().expect("8 bytes"))
}

fn frame(payload: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(payload.len() + 12);
    out.extend_from_slice(&(payload.len() as u32).to_le_bytes());
    out.extend_from_slice(payload);
    out.extend_from_slice(&check_of(payload).to_le_bytes());
    out
}

/// Largest record accepted when reading (a corrupt length must not allocate gigabytes).
const MAX_RECORD: u32 = 1 << 30;

/// Reads the record at `offset`: `Ok(None)` at a clean end, `Err` for a torn or corrupt one.
fn read_record(
    file: &File,
    offset: u64,
    len_limit: u64,
) -> std::io::Result<Option<(Vec<u8>, u64)>> {
    if offset >= len_limit {
        return Ok(None);
    }
    let mut len = [0u8; 4];
    file.read_exact_at(&mut len, offset)?;
    let n = u32::from_le_bytes(len);
    if n > MAX_RECORD || offset + 12 + u64::from(n) > len_limit {
        return Err(std::io::Error::other("torn record"));
    }
    let mut payload = vec![0u8; n as usize];
    file.read_exact_at(&mut payload, offset + 4)?;
    let mut check = [0u8; 8];
    file.read_exact_at(&mut check, offset + 4 + u64::from(n))?;
    if u64::from_le_bytes(check) != check_of(&payload) {
        return Err(std::io::Error::other("bad check"));
    }
    Ok(Some((payload, offset + 12 + u64::from(n))))
}

/// A journal, open for reading finished replications and appending new ones.
pub struct Journal {
    path: PathBuf,
    file: Mutex<File>,
    header: JournalHeader,
    /// finished replications: offset and length of each record
    index: Mutex<BTreeMap<u32, u64>>,
    /// false when reading only (merge)
    writable: bool,
}

impl std::fmt::Debug for Journal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Journal").field("path", &self.path).finish()
    }
}

impl Journal {
    /// Opens (or creates) the journal of `dir` for a run with `header`.
    pub fn open(dir: &Path, header: &JournalHeader, existing: Existing) -> Result<Journal> {
        let path = dir.join(JOURNAL_FILE);
        let present = std::fs::symlink_metadata(&path).is_ok();
        if !present && existing == Existing::Resume {
            bail!(
                "--resume: {} holds no journal to resume from",
                dir.display()
            );
        }
        if present && existing != Existing::Fresh {
            let j = Journal::read(&path, true).map_err(|e| {
                Error::msg(format!(
                    "{e}; use --fresh to discard it and start over, or choose another --out"
                ))
            })?;
            if let Some(why) = j.header.mismatch(header, false) {
                bail!(
                    "{} holds the journal of another experiment ({why}); use --fresh to discard it and start over, or choose another --out",
                    dir.display()
                );
            }
            return Ok(j);
        }
        // A new journal: the header, then nothing.
        {
            use std::os::unix::fs::OpenOptionsExt;
            let mut f = std::fs::OpenOptions::new()
                .write(true)
                .create(true)
                .truncate(true)
                .custom_flags(0o400000) // O_NOFOLLOW
                .open(&path)
                .with_context(|| format!("cannot write {}", path.display()))?;
            let mut payload = b"H".to_vec();
            payload.extend(serde_json::to_vec(header)?);
            f.write_all(&frame(&payload))
                .with_context(|| format!("cannot write {}", path.display()))?;
        }
        Journal::read(&path, true)
    }

    /// Reads a journal: its header and the index of its finished replications. A torn tail
    /// is cut off when `writable`.
    pub fn read(path: &Path, writable: bool) -> Result<Journal> {
        let file = {
            use std::os::unix::fs::OpenOptionsExt;
            std::fs::OpenOptions::new()
                .read(true)
                .write(writable)
                .custom_flags(0o400000 | 0o4000) // O_NOFOLLOW | O_NONBLOCK
                .open(path)
                .with_context(|| format!("cannot open the journal {}", path.display()))?
        };
        let meta = file.metadata()?;
        if !meta.is_file() {
            bail!("{} is not a regular file", path.display());
        }
        let len = meta.len();
        let bad = || {
            Error::msg(format!(
                "{}: not an omnisim journal, or a damaged one",
                path.display()
            ))
        };
        let (head, mut offset) = read_record(&file, 0, len).ok().flatten().ok_or_else(bad)?;
        if head.first() != Some(&b'H') {
            return Err(bad());
        }
        let header: JournalHeader = serde_json::from_slice(&head[1..]).map_err(|_| bad())?;
        let mut index = BTreeMap::new();
        loop {
            match read_record(&file, offset, len) {
                Ok(Some((payload, next))) => {
                    if payload.first() == Some(&b'R') && payload.len() >= 5 {
                        let rep = u32::from_le_bytes(payload[1..5].try_into().expect("4 bytes"));
                        index.insert(rep, offset);
                    }
                    offset = next;
                }
                Ok(None) => break,
                Err(_) => {
                    // A record torn by a kill: cut it off so that appends follow whole ones.
                    if writable {
                        file.set_len(offset)
                            .with_context(|| format!("cannot repair {}", path.display()))?;
                    }
                    break;
                }
            }
        }
        let mut file = file;
        file.seek(SeekFrom::Start(offset))?;
        Ok(Journal {
            path: path.to_path_buf(),
            file: Mutex::new(file),
            header,
            index: Mutex::new(index),
            writable,
        })
    }

    /// The header.
    pub fn header(&self) -> &JournalHeader {
        &self.header
    }

    /// The path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Replication indices finished.
    pub fn finished(&self) -> Vec<u32> {
        self.index
            .lock()
            .map(|i| i.keys().copied().collect())
            .unwrap_or_default()
    }

    /// Reads replication `rep`, if finished.
    pub fn load(&self, rep: u32) -> Result<Option<Vec<Cell>>, ExperimentError> {
        let err = |m: String| ExperimentError::Journal(format!("{}: {m}", self.path.display()));
        let offset = match self.index.lock() {
            Ok(i) => i.get(&rep).copied(),
            Err(_) => return Err(err("a worker thread panicked".into())),
        };
        let Some(offset) = offset else {
            return Ok(None);
        };
        let file = self
            .file
            .lock()
            .map_err(|_| err("a worker thread panicked".into()))?;
        let len = file.metadata().map_err(|e| err(e.to_string()))?.len();
        let (payload, _) = read_record(&file, offset, len)
            .map_err(|e| err(e.to_string()))?
            .ok_or_else(|| err("a record vanished".into()))?;
        drop(file);
        decode(&payload, &self.header)
            .map(|(_, cells)| Some(cells))
            .map_err(|m| err(format!("replication {rep}: {m}")))
    }

    /// Appends replication `rep`.
    pub fn append(&self, rep: u32, cells: &[Cell]) -> Result<(), ExperimentError> {
        let err = |m: String| ExperimentError::Journal(format!("{}: {m}", self.path.display()));
        if !self.writable {
            return Ok(());
        }
        let bytes = frame(&encode(rep, cells));
        let mut file = self
            .file
            .lock()
            .map_err(|_| err("a worker thread panicked".into()))?;
        let at = file
            .seek(SeekFrom::End(0))
            .map_err(|e| err(e.to_string()))?;
        file.write_all(&bytes).map_err(|e| err(e.to_string()))?;
        file.flush().map_err(|e| err(e.to_string()))?;
        drop(file);
        if let Ok(mut i) = self.index.lock() {
            i.insert(rep, at);
        }
        Ok(())
    }
}

/// One run's journal as a [`ReplicationStore`]: finished replications are read back,
/// new ones appended; a shard wants only its own replications.
impl ReplicationStore for Journal {
    fn take(&self, rep: u32) -> Result<Option<Vec<Cell>>, ExperimentError> {
        self.load(rep)
    }
    fn wanted(&self, rep: u32) -> bool {
        match self.header.shard {
            Some((i, n)) => rep % n == i - 1,
            None => true,
        }
    }
    fn record(&self, rep: u32, cells: &[Cell]) -> Result<(), ExperimentError> {
        self.append(rep, cells)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::experiment::record::{CellRecord, HOURS, METRICS, TimelineBar};
    use crate::sim::KPIS;
    use crate::sim::record::DayValues;

    fn header() -> JournalHeader {
        JournalHeader {
            format: 1,
            omnisim_version: "test".into(),
            scenario_hash: "abc".into(),
            seed: 1,
            policies: 1,
            stores: 1,
            kpis: KPIS.len(),
            timeline_replication: 0,
            timeline_day: None,
            shard: None,
            settings: RunSettings {
                scenario_file: None,
                scenario_text: None,
                base_dir: None,
                replications: 3,
                confidence: 0.95,
                factorial: None,
                overrides: Vec::new(),
            },
        }
    }

    fn cell(x: f64) -> Cell {
        Cell {
            stores: vec![vec![x; KPIS.len()]],
            all: vec![f64::NAN; KPIS.len()],
            events: 7,
            recording: Some(Box::new(CellRecord {
                hourly: vec![[[x; METRICS]; HOURS]; 2],
                daily: vec![vec![DayValues {
                    day: 3,
                    accuracy: (0.5, 2),
                    availability: (1.0, 1),
                    oversold: 4,
                }]],
                timeline: Some((
                    3,
                    vec![TimelineBar {
                        store: 0,
                        employee: 2,
                        start: 1.5,
                        end: 2.5,
                        channel: "online".into(),
                        task: "picking".into(),
                    }],
                )),
            })),
        }
    }

    #[test]
    fn records_round_trip_and_a_torn_tail_is_cut_off() {
        let dir = tempfile::tempdir().unwrap();
        let j = Journal::open(dir.path(), &header(), Existing::Auto).unwrap();
        j.append(0, &[cell(1.25)]).unwrap();
        j.append(2, &[cell(-3.0)]).unwrap();
        drop(j);
        let path = dir.path().join(JOURNAL_FILE);
        let whole = std::fs::metadata(&path).unwrap().len();
        // A record torn by a kill: its length and half its payload.
        let mut f = std::fs::OpenOptions::new()
            .append(true)
            .open(&path)
            .unwrap();
        f.write_all(&frame(&encode(1, &[cell(9.0)]))[..100])
            .unwrap();
        drop(f);
        let j = Journal::open(dir.path(), &header(), Existing::Resume).unwrap();
        assert_eq!(j.finished(), [0, 2]);
        assert_eq!(std::fs::metadata(&path).unwrap().len(), whole);
        let back = j.load(2).unwrap().unwrap();
        let want = cell(-3.0);
        assert_eq!(back[0].stores, want.stores);
        assert!(back[0].all.iter().all(|v| v.is_nan()));
        assert_eq!(back[0].recording, want.recording);
        assert!(j.load(1).unwrap().is_none());
        // Another seed is refused, --fresh starts over.
        let mut other = header();
        other.seed = 2;
        let e = Journal::open(dir.path(), &other, Existing::Auto).unwrap_err();
        assert!(e.to_string().contains("seed 1 instead of 2"), "{e}");
        let j = Journal::open(dir.path(), &other, Existing::Fresh).unwrap();
        assert!(j.finished().is_empty());
    }

    #[test]
    fn garbage_is_not_a_journal() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join(JOURNAL_FILE),
            b"\xff\xff\xff\xffnot a journal",
        )
        .unwrap();
        let e = Journal::open(dir.path(), &header(), Existing::Auto).unwrap_err();
        assert!(e.to_string().contains("not an omnisim journal"), "{e}");
    }
}
