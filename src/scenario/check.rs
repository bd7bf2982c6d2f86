//! `omnisim validate`'s question: is this file a valid scenario, or a valid sweep (its base
//! and every point)? The kind is read from the file's top-level tables.

use super::error::ScenarioError;
use super::sweep::Sweep;
use std::fmt;
use std::path::Path;

/// What a valid file holds, for a one-line report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Checked {
    /// A scenario.
    Scenario {
        /// Its name.
        name: String,
        /// Stores in it.
        stores: usize,
        /// Policies compared.
        policies: usize,
    },
    /// A sweep, every point of it valid.
    Sweep {
        /// Its name.
        name: String,
        /// Grid points.
        points: usize,
        /// The base scenario file, as written in the sweep.
        base: String,
    },
}

impl fmt::Display for Checked {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Checked::Scenario {
                name,
                stores,
                policies,
            } => write!(
                f,
                "scenario \"{name}\", {stores} store{}, {policies} policies",
                if *stores == 1 { "" } else { "s" }
            ),
            Checked::Sweep { name, points, base } => write!(
                f,
                "sweep \"{name}\", {points} point{} over {base}, every point valid",
                if *points == 1 { "" } else { "s" }
            ),
        }
    }
}

/// True when the text is a sweep file: it has a `[sweep]` table or `[[parameters]]` and no
/// scenario table. Text that is not TOML is not a sweep (the scenario reader reports it).
pub fn is_sweep_text(text: &str) -> bool {
    match text.parse::<toml::Table>() {
        Ok(table) => {
            (table.contains_key("sweep") || table.contains_key("parameters"))
                && !table.contains_key("scenario")
                && !table.contains_key("stores")
        }
        Err(_) => false,
    }
}

/// Validates a scenario or a sweep file (a sweep: its base and every point, one at a time).
pub fn check_file(path: &Path) -> Result<Checked, ScenarioError> {
    let text = super::read_text(path)?;
    if is_sweep_text(&text) {
        let sweep = Sweep::load(path)?;
        for i in 0..sweep.len() {
            sweep.point(i)?;
        }
        return Ok(Checked::Sweep {
            name: sweep.name.clone(),
            points: sweep.len(),
            base: sweep.base.display().to_string(),
        });
    }
    let base = path.parent().unwrap_or(Path::new("."));
    let sc = super::load_str(&text, &path.display().to_string(), base)?;
    Ok(Checked::Scenario {
        name: sc.name,
        stores: sc.stores.len(),
        policies: sc.policies.len(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sweep_files_are_told_from_scenarios() {
        assert!(is_sweep_text("[sweep]\nname = \"x\"\n"));
        assert!(is_sweep_text(
            "[[parameters]]\npath = \"a\"\nvalues = [1]\n"
        ));
        assert!(!is_sweep_text("[scenario]\nname = \"x\"\n"));
        assert!(!is_sweep_text(super::super::DEFAULT_SCENARIO));
        assert!(!is_sweep_text("not toml ["));
        // A scenario with a stray [sweep] table stays a scenario (and fails as one).
        assert!(!is_sweep_text("[scenario]\nname = \"x\"\n[sweep]\n"));
    }
}
