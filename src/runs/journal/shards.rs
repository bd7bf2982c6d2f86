//! Shard merging: the journals of the shards of one run (`run --shard I/N`), opened
//! together and checked to belong to one experiment with every replication in exactly one
//! of them, then read as the store of the whole run (nothing is computed again).

use super::{JOURNAL_FILE, Journal, JournalHeader};
use crate::error::{Result, bail};
use crate::experiment::{Cell, ExperimentError, ReplicationStore};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// The journals of the shards of one experiment, read together: every replication must be
/// in exactly one of them, and none is computed.
#[derive(Debug)]
pub struct ShardSet {
    journals: Vec<Journal>,
    owner: BTreeMap<u32, usize>,
}

impl ShardSet {
    /// Opens the journals of `dirs`, checks that they belong to one experiment and hold
    /// every replication once.
    pub fn open(dirs: &[PathBuf]) -> Result<ShardSet> {
        let mut journals = Vec::new();
        for d in dirs {
            let path = d.join(JOURNAL_FILE);
            if std::fs::symlink_metadata(&path).is_err() {
                bail!(
                    "{}: no journal ({JOURNAL_FILE}) in this folder",
                    d.display()
                );
            }
            journals.push(Journal::read(&path, false)?);
        }
        let Some(first) = journals.first() else {
            bail!("merge needs at least one shard folder");
        };
        for (j, d) in journals.iter().zip(dirs).skip(1) {
            if let Some(why) = j.header.mismatch(&first.header, true) {
                bail!(
                    "{} belongs to another experiment than {} ({why})",
                    d.display(),
                    dirs[0].display()
                );
            }
            if j.header.settings.replications != first.header.settings.replications {
                bail!(
                    "{} is a shard of {} replications, {} of {}",
                    d.display(),
                    j.header.settings.replications,
                    dirs[0].display(),
                    first.header.settings.replications
                );
            }
        }
        let mut owner: BTreeMap<u32, usize> = BTreeMap::new();
        for (k, j) in journals.iter().enumerate() {
            for rep in j.finished() {
                if let Some(&other) = owner.get(&rep) {
                    bail!(
                        "replication {rep} is in two shards: {} and {}",
                        dirs[other].display(),
                        dirs[k].display()
                    );
                }
                owner.insert(rep, k);
            }
        }
        let total = first.header.settings.replications;
        let missing: Vec<u32> = (0..total).filter(|r| !owner.contains_key(r)).collect();
        if !missing.is_empty() {
            let shown: Vec<String> = missing.iter().take(10).map(u32::to_string).collect();
            bail!(
                "{} of {total} replications are in no shard (first: {}); run the missing shards (or resume them) and merge again",
                missing.len(),
                shown.join(", ")
            );
        }
        if let Some(extra) = owner.keys().find(|&&r| r >= total) {
            bail!("replication {extra} is beyond the experiment's {total} replications");
        }
        Ok(ShardSet { journals, owner })
    }

    /// The header every shard shares (the first shard's).
    pub fn header(&self) -> &JournalHeader {
        &self.journals[0].header
    }
}

impl ReplicationStore for ShardSet {
    fn take(&self, rep: u32) -> Result<Option<Vec<Cell>>, ExperimentError> {
        match self.owner.get(&rep) {
            Some(&k) => self.journals[k].load(rep),
            None => Ok(None),
        }
    }
    fn may_compute(&self) -> bool {
        false
    }
    fn record(&self, _rep: u32, _cells: &[Cell]) -> Result<(), ExperimentError> {
        Ok(())
    }
}
