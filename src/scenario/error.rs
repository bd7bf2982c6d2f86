//! Scenario errors: every problem found, each naming the file, the line and column where they
//! are known, the field path, and what was expected.

use std::fmt;

/// One problem in a scenario file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Issue {
    /// Dotted path of the field, e.g. `stores[0].shoppers.per_day` (empty for syntax errors).
    pub path: String,
    /// 1-based line in the file, where known.
    pub line: Option<usize>,
    /// 1-based column in the file, where known.
    pub column: Option<usize>,
    /// What is wrong and what was expected.
    pub message: String,
}

/// A scenario that could not be loaded: the file and every issue found in it.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub struct ScenarioError {
    /// The file (or `<embedded default>`).
    pub file: String,
    /// The problems, in file order where lines are known.
    pub issues: Vec<Issue>,
}

impl fmt::Display for Issue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(line) = self.line {
            write!(f, "line {line}")?;
            if let Some(col) = self.column {
                write!(f, ", column {col}")?;
            }
            write!(f, ": ")?;
        }
        if !self.path.is_empty() {
            write!(f, "{}: ", self.path)?;
        }
        write!(f, "{}", self.message)
    }
}

impl ScenarioError {
    /// The message, headed "N errors in `what`" (a scenario, a sweep file).
    pub fn render(&self, what: &str) -> String {
        let n = self.issues.len();
        let mut out = format!(
            "{}: {n} error{} in {what}",
            self.file,
            if n == 1 { "" } else { "s" }
        );
        for issue in &self.issues {
            out.push_str(&format!("\n  {}: {issue}", self.file));
        }
        out
    }
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render("scenario"))
    }
}

/// The candidate closest to `word` by edit distance, if it is close enough to be a typo.
pub fn nearest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|c| (strsim::damerau_levenshtein(word, c), *c))
        .filter(|(d, c)| *d <= 2.max(c.len() / 3))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// 1-based (line, column) of a byte offset in `source`.
pub fn line_col(source: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(source.len());
    let before = &source[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.rfind('\n').map_or(offset, |nl| offset - nl - 1) + 1;
    (line, column)
}

/// Best-effort line of the field at dotted `path` in `source`: the first line that assigns
/// the path's last key after the header of its enclosing table. Used for semantic errors,
/// which are found after parsing, when the parser's spans are gone.
pub fn locate(source: &str, path: &str) -> Option<(usize, usize)> {
    let segments: Vec<&str> = path
        .split('.')
        .map(|s| s.split('[').next().unwrap_or(s))
        .collect();
    let key = *segments.last()?;
    // The header to search after: the longest prefix of the path that is a [table] header.
    // For arrays of tables, the index picks the n-th occurrence of the header.
    let mut start_line = 0;
    let mut header_path = String::new();
    let raw_segments: Vec<&str> = path.split('.').collect();
    for seg in &raw_segments[..raw_segments.len().saturating_sub(1)] {
        let (name, index) = match seg.split_once('[') {
            Some((n, rest)) => (n, rest.trim_end_matches(']').parse::<usize>().ok()),
            None => (*seg, None),
        };
        if !header_path.is_empty() {
            header_path.push('.');
        }
        header_path.push_str(name);
        let headers: Vec<usize> = source
            .lines()
            .enumerate()
            .skip(start_line)
            .filter(|(_, l)| {
                let t = l.trim();
                t == format!("[{header_path}]") || t == format!("[[{header_path}]]")
            })
            .map(|(i, _)| i)
            .collect();
        if let Some(&line) = headers.get(index.unwrap_or(0)) {
            start_line = line;
        }
    }
    for (i, line) in source.lines().enumerate().skip(start_line) {
        let code = line.split('#').next().unwrap_or("");
        for (pos, _) in code.match_indices(key) {
            let before_ok = pos == 0
                || !code[..pos]
                    .chars()
                    .last()
                    .is_some_and(|c| c.is_alphanumeric() || c == '_');
            let after = code[pos + key.len()..].trim_start();
            if before_ok && after.starts_with('=') {
                return Some((i + 1, pos + 1));
            }
        }
    }
    None
}

/// Collects issues while validating, with the source text to find lines.
#[derive(Debug)]
pub struct Issues<'a> {
    source: &'a str,
    list: Vec<Issue>,
}

impl<'a> Issues<'a> {
    /// An empty collection for `source`.
    pub fn new(source: &'a str) -> Self {
        Self {
            source,
            list: Vec::new(),
        }
    }

    /// Records a problem at `path`.
    pub fn push(&mut self, path: impl Into<String>, message: impl Into<String>) {
        let path = path.into();
        let (line, column) = match locate(self.source, &path) {
            Some((l, c)) => (Some(l), Some(c)),
            None => (None, None),
        };
        self.list.push(Issue {
            path,
            line,
            column,
            message: message.into(),
        });
    }

    /// True when no problem was recorded.
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// The problems found.
    pub fn into_vec(self) -> Vec<Issue> {
        self.list
    }
}

/// Turns a TOML parse or shape error into an issue, rewriting serde's "unknown field"
/// message into one that names the nearest valid key.
pub fn from_toml_error(source: &str, err: &toml::de::Error) -> Issue {
    let (line, column) = match err.span() {
        Some(span) => {
            let (l, c) = line_col(source, span.start);
            (Some(l), Some(c))
        }
        None => (None, None),
    };
    let raw = err.message().trim().to_string();
    let message = rewrite_unknown_field(&raw)
        .or_else(|| name_the_key(source, err.span(), &raw))
        .unwrap_or(raw);
    Issue {
        path: String::new(),
        line,
        column,
        message,
    }
}

/// A value of the wrong type or shape: serde's message names neither the key nor its table,
/// so the key is read from the source line the error points into (`key = value`).
fn name_the_key(
    source: &str,
    span: Option<std::ops::Range<usize>>,
    message: &str,
) -> Option<String> {
    if !(message.starts_with("invalid type") || message.starts_with("invalid value")) {
        return None;
    }
    let start = span?.start.min(source.len());
    let line_start = source[..start].rfind('\n').map_or(0, |i| i + 1);
    let before = source.get(line_start..start)?;
    let key = before.split('=').next()?.trim();
    let plain = !key.is_empty()
        && before.contains('=')
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '"'));
    plain.then(|| format!("`{key}`: {message}"))
}

fn between(s: &str, open: char, close: char) -> Vec<&str> {
    s.split(open)
        .skip(1)
        .step_by(2)
        .filter_map(|p| p.split(close).next())
        .collect()
}

fn rewrite_unknown_field(message: &str) -> Option<String> {
    let rest = message.strip_prefix("unknown field ")?;
    let names = between(rest, '`', '`');
    let (bad, expected) = names.split_first()?;
    let hint = nearest(bad, expected)
        .map(|n| format!("; did you mean `{n}`?"))
        .unwrap_or_default();
    Some(format!(
        "unknown key `{bad}`{hint} (valid keys here: {})",
        expected.join(", ")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_of_the_wrong_type_names_its_key() {
        let src = "[catalogue]\nskus = 10\n[[policies]]\nname = \"x\"\nrfid_counts = \"yes\"\n";
        let start = src.find("\"yes\"").unwrap();
        let m = name_the_key(
            src,
            Some(start..start + 5),
            "invalid type: string \"yes\", expected a boolean",
        );
        assert_eq!(
            m.as_deref(),
            Some("`rfid_counts`: invalid type: string \"yes\", expected a boolean")
        );
        assert_eq!(name_the_key(src, Some(0..1), "unknown field `x`"), None);
    }

    #[test]
    fn nearest_finds_typos_only() {
        let keys = ["checkout_lanes", "self_checkout", "pickup_desks"];
        assert_eq!(nearest("chekout_lanes", &keys), Some("checkout_lanes"));
        assert_eq!(nearest("banana", &keys), None);
    }

    #[test]
    fn locate_finds_the_key_in_its_table() {
        let src = "[scenario]\nname = \"x\"\n\n[[stores]]\nname = \"a\"\n[stores.shoppers]\nper_day = 1\n\n[[stores]]\nname = \"b\"\n[stores.shoppers]\nper_day = -3\n";
        assert_eq!(locate(src, "stores[1].shoppers.per_day"), Some((12, 1)));
        assert_eq!(locate(src, "stores[0].shoppers.per_day"), Some((7, 1)));
        assert_eq!(locate(src, "scenario.name"), Some((2, 1)));
    }

    #[test]
    fn line_col_is_one_based() {
        assert_eq!(line_col("ab\ncd", 4), (2, 2));
    }
}
