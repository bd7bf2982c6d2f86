//! Sweep files: a base scenario and a grid of parameters, each named by its dotted path in the
//! scenario file. Every grid point is the base file's TOML with the point's values written in,
//! then loaded and validated like any scenario, so a point is exactly the scenario a user
//! would get by editing the file by hand.
//!
//! ```toml
//! [sweep]
//! name = "sweep_staffing"
//! base = "default.toml"              # relative to this file
//! replications = 20                  # optional: default the base scenario's
//! kpis = ["bopis_on_time_rate"]      # optional: KPIs shown on the terminal
//!
//! [[parameters]]
//! path = "stores.0.staff.online_early.count"   # array items by index or by `name`
//! values = [1, 2, 3]
//!
//! [[parameters]]
//! path = "policies.aligned.cross_training_share"
//! from = 0.0
//! to = 1.0
//! step = 0.25
//! ```

use super::error::{Issue, ScenarioError, from_toml_error, locate, nearest};
use super::{Scenario, load_str};
use schemars::JsonSchema;
use serde::Deserialize;
use std::path::{Path, PathBuf};
use toml::Value;

/// Most grid points a sweep may have: beyond this, split the sweep.
pub const MAX_POINTS: usize = 10_000;

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSweepFile {
    sweep: Option<RawHeader>,
    #[serde(default)]
    parameters: Vec<RawParameter>,
}

#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawHeader {
    name: Option<String>,
    description: Option<String>,
    base: Option<String>,
    replications: Option<i64>,
    seed: Option<i64>,
    kpis: Option<Vec<String>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawParameter {
    path: Option<String>,
    #[serde(default)]
    #[schemars(schema_with = "crate::scenario::schema::values")]
    values: Option<Vec<Value>>,
    #[serde(default)]
    #[schemars(schema_with = "crate::scenario::schema::range_end")]
    from: Option<Value>,
    #[serde(default)]
    #[schemars(schema_with = "crate::scenario::schema::range_end")]
    to: Option<Value>,
    #[serde(default)]
    #[schemars(schema_with = "crate::scenario::schema::range_end")]
    step: Option<Value>,
}

/// One swept parameter.
#[derive(Clone, Debug, PartialEq)]
pub struct Parameter {
    /// Dotted path in the scenario file.
    pub path: String,
    /// Values, in order.
    pub values: Vec<Value>,
}

/// A parsed sweep file.
#[derive(Clone, Debug)]
pub struct Sweep {
    /// Name; also the default results folder.
    pub name: String,
    /// Free text.
    pub description: String,
    /// The sweep file, as named to the user.
    pub file: String,
    /// The base scenario file.
    pub base: PathBuf,
    /// Replications per policy and point (None: the base scenario's).
    pub replications: Option<u32>,
    /// Master seed (None: the base scenario's).
    pub seed: Option<u64>,
    /// KPI names shown on the terminal (empty: a default set).
    pub kpis: Vec<String>,
    /// The grid's axes; the first varies slowest.
    pub parameters: Vec<Parameter>,
    base_text: String,
}

/// One grid point, validated.
#[derive(Clone, Debug)]
pub struct Point {
    /// 0-based index in the grid.
    pub index: usize,
    /// One value per parameter.
    pub values: Vec<Value>,
    /// The point's scenario file text.
    pub text: String,
    /// The point's scenario.
    pub scenario: Scenario,
}

/// A value as written in outputs: strings bare, numbers as TOML writes them.
pub fn value_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn issue(source: &str, path: &str, message: impl Into<String>) -> Issue {
    let (line, column) = match locate(source, path) {
        Some((l, c)) => (Some(l), Some(c)),
        None => (None, None),
    };
    Issue {
        path: path.to_string(),
        line,
        column,
        message: message.into(),
    }
}

fn number(v: &Value) -> Option<f64> {
    match v {
        Value::Integer(i) => Some(*i as f64),
        Value::Float(f) if f.is_finite() => Some(*f),
        _ => None,
    }
}

/// The values of `from ..= to` by `step`: integers when all three are integers (exact
/// integer arithmetic), else decimals cleaned to 12 significant digits so that 0.1 steps do
/// not show binary noise.
fn range(from: &Value, to: &Value, step: &Value) -> Result<Vec<Value>, String> {
    if let (Value::Integer(a), Value::Integer(b), Value::Integer(s)) = (from, to, step) {
        let (a, b, s) = (*a, *b, *s);
        if s <= 0 {
            return Err(format!("`step` must be positive, got {s}"));
        }
        if b < a {
            return Err(format!("`to` ({b}) is below `from` ({a})"));
        }
        let count = (i128::from(b) - i128::from(a)) / i128::from(s) + 1;
        if count > MAX_POINTS as i128 {
            return Err(format!(
                "the range has {count} values; at most {MAX_POINTS}"
            ));
        }
        return Ok((0..count as i64)
            .map(|i| Value::Integer(a + i * s))
            .collect());
    }
    let (Some(a), Some(b), Some(s)) = (number(from), number(to), number(step)) else {
        return Err("expected numbers for `from`, `to` and `step`".into());
    };
    if s <= 0.0 {
        return Err(format!("`step` must be positive, got {s}"));
    }
    if b < a {
        return Err(format!("`to` ({b}) is below `from` ({a})"));
    }
    // A last value within a millionth of a step of `to` counts as reaching it.
    let count = ((b - a) / s + 1e-6).floor() + 1.0;
    if count.is_nan() || count > MAX_POINTS as f64 {
        return Err(format!(
            "the range has {count:.0} values; at most {MAX_POINTS}"
        ));
    }
    (0..count as usize)
        .map(|i| {
            // From the index, not accumulated, so that steps do not drift.
            let x: f64 = format!("{:.11e}", a + i as f64 * s)
                .parse()
                .map_err(|e| format!("cannot compute the range: {e}"))?;
            if x.is_finite() {
                Ok(Value::Float(x))
            } else {
                Err(format!("the range overflows at value {i}"))
            }
        })
        .collect()
}

impl Sweep {
    /// Reads and checks a sweep file and its base scenario file.
    pub fn load(path: &Path) -> Result<Sweep, ScenarioError> {
        let file = path.display().to_string();
        let fail = |issues: Vec<Issue>| ScenarioError {
            file: file.clone(),
            issues,
        };
        let text = crate::input::read_text_capped(path, crate::input::MAX_SCENARIO_BYTES).map_err(
            |message| {
                fail(vec![Issue {
                    path: String::new(),
                    line: None,
                    column: None,
                    message,
                }])
            },
        )?;
        let raw: RawSweepFile =
            toml::from_str(&text).map_err(|e| fail(vec![from_toml_error(&text, &e)]))?;
        let mut issues = Vec::new();
        let header = raw.sweep.unwrap_or_default();
        let name = match header.name {
            Some(n)
                if !n.trim().is_empty()
                    && n.chars().all(|c| c.is_alphanumeric() || "-_.".contains(c)) =>
            {
                n
            }
            Some(n) => {
                issues.push(issue(
                    &text,
                    "sweep.name",
                    format!("expected letters, digits, '-', '_' or '.', got \"{n}\""),
                ));
                String::new()
            }
            None => {
                issues.push(issue(
                    &text,
                    "sweep.name",
                    "every sweep needs `name` under [sweep]",
                ));
                String::new()
            }
        };
        let replications = match header.replications {
            None => None,
            Some(r) if (2..=100_000).contains(&r) => Some(r as u32),
            Some(r) => {
                issues.push(issue(
                    &text,
                    "sweep.replications",
                    format!("expected a whole number from 2 to 100000, got {r}"),
                ));
                None
            }
        };
        let seed = match header.seed {
            None => None,
            Some(s) if s >= 0 => Some(s as u64),
            Some(s) => {
                issues.push(issue(
                    &text,
                    "sweep.seed",
                    format!("expected a non-negative whole number, got {s}"),
                ));
                None
            }
        };
        let kpis = header.kpis.unwrap_or_default();
        let names: Vec<&str> = crate::kpis::KPIS.iter().map(|k| k.name).collect();
        for k in &kpis {
            if crate::kpis::kpi_index(k).is_none() {
                let hint = nearest(k, &names)
                    .map(|n| format!(" (did you mean \"{n}\"?)"))
                    .unwrap_or_default();
                issues.push(issue(
                    &text,
                    "sweep.kpis",
                    format!("unknown KPI \"{k}\"{hint}; `omnisim kpis` lists them"),
                ));
            }
        }
        let base_dir = path.parent().unwrap_or(Path::new("."));
        let base = match header.base {
            Some(b) => base_dir.join(b),
            None => {
                issues.push(issue(
                    &text,
                    "sweep.base",
                    "every sweep needs `base`, the scenario file it varies (relative to the sweep file)",
                ));
                PathBuf::new()
            }
        };
        if raw.parameters.is_empty() {
            issues.push(issue(
                &text,
                "parameters",
                "expected at least one [[parameters]] table with `path` and `values` (or `from`, `to`, `step`)",
            ));
        }
        let mut parameters = Vec::new();
        let mut points = 1usize;
        for (i, p) in raw.parameters.into_iter().enumerate() {
            let at = format!("parameters[{i}]");
            let Some(path) = p.path.filter(|s| !s.trim().is_empty()) else {
                issues.push(issue(&text, &format!("{at}.path"), "expected the dotted path of a scenario field, e.g. \"stores.0.shoppers.per_day\""));
                continue;
            };
            let values = match (p.values, p.from, p.to, p.step) {
                (Some(v), None, None, None) if !v.is_empty() => v,
                (Some(_), None, None, None) => {
                    issues.push(issue(
                        &text,
                        &format!("{at}.values"),
                        "expected at least one value",
                    ));
                    continue;
                }
                (None, Some(a), Some(b), Some(s)) => match range(&a, &b, &s) {
                    Ok(v) => v,
                    Err(m) => {
                        issues.push(issue(&text, &format!("{at}.step"), m));
                        continue;
                    }
                },
                _ => {
                    issues.push(issue(
                        &text,
                        &at,
                        "expected either `values = [...]` or all three of `from`, `to` and `step`",
                    ));
                    continue;
                }
            };
            if parameters.iter().any(|q: &Parameter| q.path == path) {
                issues.push(issue(
                    &text,
                    &format!("{at}.path"),
                    format!("\"{path}\" is swept twice"),
                ));
            }
            points = points.saturating_mul(values.len());
            parameters.push(Parameter { path, values });
        }
        if points > MAX_POINTS {
            issues.push(issue(
                &text,
                "parameters",
                format!("the grid has {points} points; at most {MAX_POINTS}: split the sweep"),
            ));
        }
        if !issues.is_empty() {
            return Err(fail(issues));
        }
        let base_text = crate::input::read_text_capped(&base, crate::input::MAX_SCENARIO_BYTES)
            .map_err(|e| {
                fail(vec![issue(
                    &text,
                    "sweep.base",
                    format!("cannot read the base scenario: {e}"),
                )])
            })?;
        Ok(Sweep {
            name,
            description: header.description.unwrap_or_default(),
            file,
            base,
            replications,
            seed,
            kpis,
            parameters,
            base_text,
        })
    }

    /// Number of grid points.
    pub fn len(&self) -> usize {
        self.parameters.iter().map(|p| p.values.len()).product()
    }

    /// True when the grid is empty (never, for a loaded sweep).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The values of grid point `index` (the first parameter varies slowest).
    pub fn values_of(&self, index: usize) -> Vec<Value> {
        let mut rest = index;
        let mut out = vec![Value::Boolean(false); self.parameters.len()];
        for (i, p) in self.parameters.iter().enumerate().rev() {
            out[i] = p.values[rest % p.values.len()].clone();
            rest /= p.values.len();
        }
        out
    }

    /// Every grid point, built and validated before anything runs: the first point that
    /// fails is reported with its values. All points are held at once: for a large base
    /// scenario, build them one at a time with [`Sweep::point`].
    pub fn points(&self) -> Result<Vec<Point>, ScenarioError> {
        (0..self.len()).map(|index| self.point(index)).collect()
    }

    /// Grid point `index` (0-based), built and validated.
    pub fn point(&self, index: usize) -> Result<Point, ScenarioError> {
        let base_file = self.base.display().to_string();
        let base: Value = toml::from_str(&self.base_text).map_err(|e| ScenarioError {
            file: base_file.clone(),
            issues: vec![from_toml_error(&self.base_text, &e)],
        })?;
        let base_dir = self.base.parent().unwrap_or(Path::new("."));
        let values = self.values_of(index);
        let label = self
            .parameters
            .iter()
            .zip(&values)
            .map(|(p, v)| format!("{} = {}", p.path, value_text(v)))
            .collect::<Vec<_>>()
            .join(", ");
        let source = format!(
            "{} (sweep {}, point {index}: {label})",
            base_file, self.file
        );
        let mut doc = base;
        for (p, v) in self.parameters.iter().zip(&values) {
            set_path(&mut doc, &p.path, v.clone()).map_err(|message| ScenarioError {
                file: self.file.clone(),
                issues: vec![Issue {
                    path: p.path.clone(),
                    line: None,
                    column: None,
                    message,
                }],
            })?;
        }
        let text = toml::to_string(&doc).map_err(|e| ScenarioError {
            file: source.clone(),
            issues: vec![Issue {
                path: String::new(),
                line: None,
                column: None,
                message: format!("cannot write the point's scenario: {e}"),
            }],
        })?;
        // Lines of the rewritten text would mislead: the field path and the point's
        // values locate the problem in the base and sweep files.
        let scenario = load_str(&text, &source, base_dir).map_err(|mut e| {
            for issue in &mut e.issues {
                issue.line = None;
                issue.column = None;
            }
            e
        })?;
        Ok(Point {
            index,
            values,
            text,
            scenario,
        })
    }
}

/// Writes `value` at dotted `path` in a TOML document. Array items are chosen by index or by
/// their `name` key; missing tables on the way are created (unknown keys are then caught by
/// the scenario's own validation, with the nearest known key).
pub fn set_path(doc: &mut Value, path: &str, value: Value) -> Result<(), String> {
    let segments: Vec<&str> = path.split('.').collect();
    if segments.iter().any(|s| s.is_empty()) {
        return Err(format!("\"{path}\" is not a dotted path (empty segment)"));
    }
    let mut here = doc;
    for (i, seg) in segments.iter().enumerate() {
        let last = i + 1 == segments.len();
        let walked = segments[..i].join(".");
        here = match here {
            Value::Table(t) => {
                if last {
                    t.insert((*seg).to_string(), value);
                    return Ok(());
                }
                t.entry((*seg).to_string())
                    .or_insert_with(|| Value::Table(toml::Table::new()))
            }
            Value::Array(items) => {
                let found = match seg.parse::<usize>() {
                    Ok(k) if k < items.len() => k,
                    Ok(k) => {
                        return Err(format!(
                            "`{walked}` has {} item(s); index {k} is out of range",
                            items.len()
                        ));
                    }
                    Err(_) => {
                        let names: Vec<String> = items
                            .iter()
                            .filter_map(|x| x.get("name").and_then(Value::as_str))
                            .map(str::to_string)
                            .collect();
                        match items
                            .iter()
                            .position(|x| x.get("name").and_then(Value::as_str) == Some(*seg))
                        {
                            Some(k) => k,
                            None => {
                                return Err(format!(
                                    "no item of `{walked}` is named \"{seg}\"; names: {}",
                                    names.join(", ")
                                ));
                            }
                        }
                    }
                };
                if last {
                    items[found] = value;
                    return Ok(());
                }
                &mut items[found]
            }
            _ => {
                return Err(format!(
                    "`{walked}` is a value, not a table or list, so it has no `{seg}`"
                ));
            }
        };
    }
    unreachable!("the loop returns at the last segment")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_are_inclusive_and_do_not_drift() {
        let r = range(&Value::Float(0.0), &Value::Float(1.0), &Value::Float(0.1)).unwrap();
        assert_eq!(r.len(), 11);
        assert_eq!(r[3], Value::Float(0.3));
        assert_eq!(r[10], Value::Float(1.0));
        let ints = range(&Value::Integer(2), &Value::Integer(9), &Value::Integer(3)).unwrap();
        assert_eq!(
            ints,
            vec![Value::Integer(2), Value::Integer(5), Value::Integer(8)]
        );
        assert!(range(&Value::Integer(1), &Value::Integer(0), &Value::Integer(1)).is_err());
        // Exact integers beyond 2^53, no overflow, and honest counts.
        let big = 9_007_199_254_740_993;
        let r = range(
            &Value::Integer(big),
            &Value::Integer(big + 2),
            &Value::Integer(2),
        )
        .unwrap();
        assert_eq!(r, vec![Value::Integer(big), Value::Integer(big + 2)]);
        let e = range(
            &Value::Integer(i64::MIN),
            &Value::Integer(i64::MAX),
            &Value::Integer(1),
        )
        .unwrap_err();
        assert!(e.contains("at most"), "{e}");
        let e = range(&Value::Float(0.0), &Value::Float(1e12), &Value::Float(1.0)).unwrap_err();
        assert!(e.contains("1000000000001 values"), "{e}");
        // Large and small decimals keep their size.
        let r = range(
            &Value::Float(1e300),
            &Value::Float(2e300),
            &Value::Float(1e300),
        )
        .unwrap();
        assert_eq!(r, vec![Value::Float(1e300), Value::Float(2e300)]);
        let r = range(
            &Value::Float(1e-13),
            &Value::Float(3e-13),
            &Value::Float(1e-13),
        )
        .unwrap();
        assert_eq!(r[2], Value::Float(3e-13));
        assert!(
            range(
                &Value::Float(1e308),
                &Value::Float(1.7e308),
                &Value::Float(1e308)
            )
            .is_ok()
        );
        assert!(range(&Value::Integer(0), &Value::Integer(1), &Value::Integer(0)).is_err());
    }

    #[test]
    fn paths_reach_tables_arrays_by_index_and_by_name() {
        let mut doc: Value = toml::from_str(
            "[[policies]]\nname = \"siloed\"\n[[policies]]\nname = \"aligned\"\n[[stores]]\nname = \"a\"\n[[stores.staff]]\nname = \"x\"\ncount = 1\n",
        )
        .unwrap();
        set_path(
            &mut doc,
            "policies.aligned.sync_interval",
            Value::String("1h".into()),
        )
        .unwrap();
        set_path(&mut doc, "stores.0.staff.x.count", Value::Integer(5)).unwrap();
        set_path(&mut doc, "stores.0.shoppers.per_day", Value::Integer(10)).unwrap();
        assert_eq!(doc["policies"][1]["sync_interval"].as_str(), Some("1h"));
        assert_eq!(doc["stores"][0]["staff"][0]["count"].as_integer(), Some(5));
        assert_eq!(
            doc["stores"][0]["shoppers"]["per_day"].as_integer(),
            Some(10)
        );
        let e = set_path(&mut doc, "policies.hybrid.dispatch", Value::Integer(1)).unwrap_err();
        assert!(e.contains("siloed, aligned"), "{e}");
        let e = set_path(&mut doc, "stores.3.name", Value::Integer(1)).unwrap_err();
        assert!(e.contains("out of range"), "{e}");
        let e = set_path(&mut doc, "stores.0.name.x", Value::Integer(1)).unwrap_err();
        assert!(e.contains("not a table"), "{e}");
    }
}
