//! Runs that survive: one run per output folder (an advisory lock), files staged under random
//! names and committed with a manifest so that a half-finished commit is never taken for a
//! whole run, input files read only when they are regular files of bounded size, limits
//! checked up front, and clean-up of temporary files on Ctrl-C.

pub mod cleanup;
pub mod journal;
pub mod limits;
pub mod outdir;

pub use outdir::{ManifestEntry, OutputDir, manifest_entry};
