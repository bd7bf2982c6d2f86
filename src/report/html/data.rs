//! Reading the result files back: CSV by header name (unknown columns are ignored, so
//! columns appended later do not break the report), with errors naming the file and line.

use crate::error::{Context, Result, bail};
use std::path::{Path, PathBuf};

/// Largest magnitude of a number the report draws.
pub const MAX_DRAWN: f64 = 1e100;

/// One CSV file, read whole.
pub struct Table {
    path: PathBuf,
    headers: Vec<String>,
    /// (line number, cells)
    rows: Vec<(u64, Vec<String>)>,
}

/// One row with access by column name.
pub struct Row<'a> {
    table: &'a Table,
    line: u64,
    cells: &'a [String],
}

impl Table {
    /// Reads `dir/name`; `Ok(None)` when the file does not exist.
    pub fn read_optional(dir: &Path, name: &str) -> Result<Option<Table>> {
        let path = dir.join(name);
        if std::fs::symlink_metadata(&path).is_err() {
            return Ok(None);
        }
        Self::read(&path).map(Some)
    }

    /// Reads a CSV file with a header row.
    pub fn read(path: &Path) -> Result<Table> {
        let bytes = crate::input::read_capped(path, crate::input::MAX_RESULT_BYTES)
            .map_err(crate::error::Error::msg)?;
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(true)
            .from_reader(bytes.as_slice());
        let headers: Vec<String> = rdr
            .headers()
            .with_context(|| format!("{}: line 1: cannot read the header", path.display()))?
            .iter()
            .map(|h| h.trim().to_string())
            .collect();
        let mut rows = Vec::new();
        for rec in rdr.records() {
            let rec = rec.map_err(|e| {
                let line = e.position().map_or(0, |p| p.line());
                crate::error::Error::msg(format!(
                    "{}: line {line}: malformed CSV: {e}",
                    path.display()
                ))
            })?;
            let line = rec.position().map_or(0, |p| p.line());
            rows.push((line, rec.iter().map(|c| c.trim().to_string()).collect()));
        }
        Ok(Table {
            path: path.to_path_buf(),
            headers,
            rows,
        })
    }

    /// Fails unless every column in `names` is present.
    pub fn require(&self, names: &[&str]) -> Result<()> {
        for n in names {
            if !self.headers.iter().any(|h| h == n) {
                bail!(
                    "{}: line 1: missing column `{n}` (header: {})",
                    self.path.display(),
                    self.headers.join(",")
                );
            }
        }
        Ok(())
    }

    /// The header names.
    pub fn headers(&self) -> &[String] {
        &self.headers
    }

    /// The rows.
    pub fn rows(&self) -> impl Iterator<Item = Row<'_>> {
        self.rows.iter().map(move |(line, cells)| Row {
            table: self,
            line: *line,
            cells,
        })
    }
}

impl Row<'_> {
    fn index(&self, name: &str) -> Result<usize> {
        self.table
            .headers
            .iter()
            .position(|h| h == name)
            .with_context(|| {
                format!(
                    "{}: line 1: missing column `{name}`",
                    self.table.path.display()
                )
            })
    }

    /// The text of column `name`.
    pub fn str(&self, name: &str) -> Result<&str> {
        let i = self.index(name)?;
        self.cells.get(i).map(String::as_str).with_context(|| {
            format!(
                "{}: line {}: no value for column `{name}`",
                self.table.path.display(),
                self.line
            )
        })
    }

    /// A number; an empty cell is NaN (undefined).
    pub fn num(&self, name: &str) -> Result<f64> {
        let s = self.str(name)?;
        if s.is_empty() {
            return Ok(f64::NAN);
        }
        let v = s.parse::<f64>().map_err(|_| {
            crate::error::Error::msg(format!(
                "{}: line {}: column `{name}`: expected a number, found `{s}`",
                self.table.path.display(),
                self.line
            ))
        })?;
        // Scales and differences of larger numbers overflow to infinity (NaN coordinates).
        if v.is_finite() && v.abs() > MAX_DRAWN {
            bail!(
                "{}: line {}: column `{name}`: {v:e} is too large to draw (the report draws numbers up to {MAX_DRAWN:e} in magnitude)",
                self.table.path.display(),
                self.line
            );
        }
        Ok(v)
    }
}
