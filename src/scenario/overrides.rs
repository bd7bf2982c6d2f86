//! What-ifs: values written at dotted paths of a scenario file (`omnisim run --set
//! policies.aligned.sync_interval=1h`), the same paths as a sweep file's parameters. The
//! scenario text is read as a TOML document, each value is written at its path, and the
//! result is loaded and validated like any file, so an override gives exactly the scenario a
//! user would get by editing the file by hand.
//!
//! A value is read as a TOML value (`3`, `0.5`, `true`, `"x"`, `[1, 2]`, `{ dist = ... }`);
//! anything that is not one is taken as a bare string, so `1h` and `customer_impact` need no
//! quotes.

use super::error::{Issue, ScenarioError, from_toml_error};
use super::sweep::set_path;
use super::{Scenario, load_str};
use std::path::Path;
use toml::Value;

/// One override: a dotted path and its value.
#[derive(Clone, Debug, PartialEq)]
pub struct Override {
    /// Dotted path in the scenario file (array items by index or by `name`).
    pub path: String,
    /// The value written there.
    pub value: Value,
}

impl Override {
    /// Reads `PATH=VALUE`.
    pub fn parse(arg: &str) -> Result<Override, String> {
        let (path, value) = arg.split_once('=').ok_or_else(|| {
            format!("expected PATH=VALUE (e.g. policies.aligned.sync_interval=1h), got {arg:?}")
        })?;
        let path = path.trim();
        if path.is_empty() || path.split('.').any(|s| s.trim().is_empty()) {
            return Err(format!(
                "expected a dotted path before '=' (e.g. stores.midtown.staff.online_early.count), got {path:?}"
            ));
        }
        Ok(Override {
            path: path.to_string(),
            value: parse_value(value.trim())?,
        })
    }

    /// `path=value` as the command line takes it (strings bare when they read back the same).
    pub fn text(&self) -> String {
        let v = match &self.value {
            Value::String(s) if parse_value(s).ok().as_ref() == Some(&self.value) => s.clone(),
            other => other.to_string(),
        };
        format!("{}={v}", self.path)
    }
}

/// A value as TOML reads it, else the bare text as a string.
pub fn parse_value(text: &str) -> Result<Value, String> {
    if text.is_empty() {
        return Err("expected a value after '=' (e.g. 3, 0.5, true, 1h)".into());
    }
    let wrapped = format!("v = {text}");
    match toml::from_str::<toml::Table>(&wrapped) {
        Ok(mut t) => Ok(t.remove("v").expect("the key just written")),
        Err(_) => Ok(Value::String(text.to_string())),
    }
}

/// The scenario text with `overrides` written in, in order (a later one wins). With no
/// overrides the text is returned as it is.
pub fn apply_text(text: &str, file: &str, overrides: &[Override]) -> Result<String, ScenarioError> {
    if overrides.is_empty() {
        return Ok(text.to_string());
    }
    let mut doc: Value = toml::from_str(text).map_err(|e| ScenarioError {
        file: file.to_string(),
        issues: vec![from_toml_error(text, &e)],
    })?;
    for o in overrides {
        set_path(&mut doc, &o.path, o.value.clone()).map_err(|message| ScenarioError {
            file: file.to_string(),
            issues: vec![Issue {
                path: o.path.clone(),
                line: None,
                column: None,
                message: format!("--set {}: {message}", o.text()),
            }],
        })?;
    }
    let body = toml::to_string(&doc).map_err(|e| ScenarioError {
        file: file.to_string(),
        issues: vec![Issue {
            path: String::new(),
            line: None,
            column: None,
            message: format!("cannot write the scenario with the overrides: {e}"),
        }],
    })?;
    // The values as TOML writes them (escaped), so that no value can end the comment line.
    let mut out = format!("# {} with these values set:\n", file.escape_debug());
    for o in overrides {
        out.push_str(&format!("#   {} = {}\n", o.path.escape_debug(), o.value));
    }
    out.push('\n');
    out.push_str(&body);
    Ok(out)
}

/// Loads scenario `text` with `overrides` written in and validates it. Errors name the file,
/// the overrides and the field path; lines of the rewritten text would mislead, so they are
/// left out when there are overrides.
pub fn load_with(
    text: &str,
    file: &str,
    base_dir: &Path,
    overrides: &[Override],
) -> Result<(String, Scenario), ScenarioError> {
    if overrides.is_empty() {
        return Ok((text.to_string(), load_str(text, file, base_dir)?));
    }
    let written = apply_text(text, file, overrides)?;
    let shown: Vec<String> = overrides.iter().map(Override::text).collect();
    let source = format!("{file} (with --set {})", shown.join(" --set "));
    let scenario = load_str(&written, &source, base_dir).map_err(|mut e| {
        for issue in &mut e.issues {
            issue.line = None;
            issue.column = None;
        }
        e
    })?;
    Ok((written, scenario))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_read_as_toml_and_bare_words_as_strings() {
        let v = |s: &str| Override::parse(s).unwrap().value;
        assert_eq!(v("a.b=3"), Value::Integer(3));
        assert_eq!(v("a.b=0.5"), Value::Float(0.5));
        assert_eq!(v("a.b=true"), Value::Boolean(true));
        assert_eq!(v("a.b=1h"), Value::String("1h".into()));
        assert_eq!(
            v("a.b=customer_impact"),
            Value::String("customer_impact".into())
        );
        assert_eq!(v("a.b=\"x y\""), Value::String("x y".into()));
        assert_eq!(
            v("a.b=[1, 2]"),
            Value::Array(vec![Value::Integer(1), Value::Integer(2)])
        );
        assert!(Override::parse("nothing").is_err());
        assert!(Override::parse("=3").is_err());
        assert!(Override::parse("a..b=3").is_err());
        assert!(Override::parse("a.b=").is_err());
        assert_eq!(Override::parse("a.b=1h").unwrap().text(), "a.b=1h");
        assert_eq!(Override::parse("a.b=\"3\"").unwrap().text(), "a.b=\"3\"");
    }

    #[test]
    fn an_override_is_the_hand_edited_file() {
        let text = super::super::DEFAULT_SCENARIO;
        let dir = Path::new("scenarios");
        let o = [
            Override::parse("policies.aligned.cross_training_share=0.5").unwrap(),
            Override::parse("stores.midtown.staff.online_early.count=2").unwrap(),
        ];
        let (_, with) = load_with(text, "d.toml", dir, &o).unwrap();
        let edited = text
            .replace(
                "preset = \"aligned\"           #",
                "preset = \"aligned\"\ncross_training_share = 0.5 #",
            )
            .replacen(
                "name = \"online_early\"\nteam = \"online\"\ncount = 3",
                "name = \"online_early\"\nteam = \"online\"\ncount = 2",
                1,
            );
        let by_hand = load_str(&edited, "d.toml", dir).unwrap();
        assert_eq!(
            super::super::content_hash(&with),
            super::super::content_hash(&by_hand)
        );
        assert_ne!(
            super::super::content_hash(&with),
            super::super::content_hash(&load_str(text, "d.toml", dir).unwrap())
        );
    }

    #[test]
    fn bad_paths_and_values_name_the_path() {
        let text = super::super::DEFAULT_SCENARIO;
        let dir = Path::new("scenarios");
        let e = load_with(
            text,
            "d.toml",
            dir,
            &[Override::parse("policies.hybrid.dispatch=x").unwrap()],
        )
        .unwrap_err()
        .to_string();
        assert!(
            e.contains("policies.hybrid.dispatch") && e.contains("siloed, aligned"),
            "{e}"
        );
        let e = load_with(
            text,
            "d.toml",
            dir,
            &[Override::parse("policies.aligned.cross_training_share=2").unwrap()],
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("cross_training_share"), "{e}");
        let e = load_with(
            text,
            "d.toml",
            dir,
            &[Override::parse("policies.aligned.sync_intervall=1h").unwrap()],
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("sync_intervall"), "{e}");
    }
}
