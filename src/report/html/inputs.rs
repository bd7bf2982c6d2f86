//! Everything the report reads from a results folder, typed. Each file is optional except
//! that a folder must hold at least one of them.

use super::data::Table;
use crate::error::{Result, bail};
use std::path::Path;

/// A mean with its interval.
#[derive(Clone, Debug)]
pub struct Estimate {
    pub policy: String,
    pub store: String,
    pub kpi: String,
    /// Exactly as written in the file (the KPI table shows this number).
    pub mean_text: String,
    pub mean: f64,
    pub ci_low: f64,
    pub ci_high: f64,
}

/// A paired difference versus the baseline.
#[derive(Clone, Debug)]
pub struct Difference {
    pub policy: String,
    pub baseline: String,
    pub store: String,
    pub kpi: String,
    pub diff_mean: f64,
    pub ci_low: f64,
    pub ci_high: f64,
    pub rel_change: f64,
}

/// A value of a named series (profile, daily, warm-up, sweep, effect).
#[derive(Clone, Debug)]
pub struct Point {
    pub policy: String,
    pub store: String,
    pub metric: String,
    pub x: f64,
    pub y: f64,
    pub lo: f64,
    pub hi: f64,
}

/// One bar of the staff timeline.
#[derive(Clone, Debug)]
pub struct Bar {
    pub policy: String,
    pub replication: String,
    pub day: u32,
    pub store: String,
    pub employee: u32,
    pub team: String,
    pub start: f64,
    pub end: f64,
    pub channel: String,
}

/// One policy's lever settings.
#[derive(Clone, Debug)]
pub struct Levers {
    pub policy: String,
    pub cells: Vec<String>,
}

/// What was run, from `run.json`.
#[derive(Clone, Debug, Default)]
pub struct RunFacts {
    pub scenario: String,
    pub seed: String,
    pub replications: String,
    pub wall_seconds: String,
    pub baseline: String,
    pub policies: Vec<String>,
    pub levers: Vec<Levers>,
    /// Level of the intervals (family-wise), and of each comparison with the baseline.
    pub confidence: Option<f64>,
    pub comparison_confidence: Option<f64>,
    /// The two policies a factorial run spans (low, high), when it is one.
    pub factorial: Option<(String, String)>,
    /// What the scenario assumes (horizon, each store's hours, demand and staff), as
    /// (what, value) lines; empty for a run.json written before they were recorded.
    pub assumptions: Vec<(String, String)>,
}

/// The whole folder.
#[derive(Default)]
pub struct Inputs {
    pub run: Option<RunFacts>,
    pub summary: Vec<Estimate>,
    pub comparison: Vec<Difference>,
    pub profile: Vec<Point>,
    pub daily: Vec<Point>,
    pub timeline: Vec<Bar>,
    pub effects: Vec<Point>,
    /// x = day, metric = variable; `lo` holds the smoothed value.
    pub warmup: Vec<Point>,
    /// Names of the swept parameters, then points with x = the first parameter's value.
    pub sweep_params: Vec<String>,
    pub sweep: Vec<Point>,
    /// The first parameter is not numeric: x is the `point` column.
    pub sweep_by_point: bool,
    /// The first parameter is a duration: x is in minutes.
    pub sweep_in_minutes: bool,
    /// The sweep's name, from sweep.json.
    pub sweep_name: Option<String>,
    /// The KPIs the sweep file names, from sweep.json (empty: the headline ones).
    pub sweep_kpis: Vec<String>,
}

impl Inputs {
    /// Reads every known file of `dir`.
    pub fn load(dir: &Path) -> Result<Inputs> {
        if !dir.is_dir() {
            bail!("{}: no such results folder", dir.display());
        }
        let mut inp = Inputs::default();
        let mut found = false;
        let allowed = this_runs_files(dir)?;
        let read_optional = |name: &str| -> Result<Option<Table>> {
            match &allowed {
                Some(names) if !names.iter().any(|n| n == name) => Ok(None),
                _ => Table::read_optional(dir, name),
            }
        };
        let run_path = dir.join("run.json");
        if run_path.exists() {
            inp.run = Some(read_run(&run_path)?);
            found = true;
        }
        if let Some(t) = read_optional("summary.csv")? {
            found = true;
            t.require(&["policy", "store", "kpi", "mean", "ci_low", "ci_high"])?;
            for r in t.rows() {
                inp.summary.push(Estimate {
                    policy: r.str("policy")?.into(),
                    store: r.str("store")?.into(),
                    kpi: r.str("kpi")?.into(),
                    mean_text: r.str("mean")?.into(),
                    mean: r.num("mean")?,
                    ci_low: r.num("ci_low")?,
                    ci_high: r.num("ci_high")?,
                });
            }
        }
        if let Some(t) = read_optional("comparison.csv")? {
            found = true;
            // The columns every version wrote; later ones are optional.
            t.require(&crate::report::COMPARISON_COLUMNS[..8])?;
            for r in t.rows() {
                inp.comparison.push(Difference {
                    policy: r.str("policy")?.into(),
                    baseline: r.str("baseline")?.into(),
                    store: r.str("store")?.into(),
                    kpi: r.str("kpi")?.into(),
                    diff_mean: r.num("diff_mean")?,
                    ci_low: r.num("ci_low")?,
                    ci_high: r.num("ci_high")?,
                    rel_change: r.num("rel_change")?,
                });
            }
        }
        if let Some(t) = read_optional("profile.csv")? {
            found = true;
            t.require(&["policy", "store", "hour", "metric", "mean"])?;
            for r in t.rows() {
                let y = r.num("mean")?;
                inp.profile
                    .push(point(&r, r.str("metric")?, r.num("hour")?, y, y, y)?);
            }
        }
        if let Some(t) = read_optional("daily.csv")? {
            found = true;
            t.require(&[
                "policy", "store", "day", "metric", "mean", "ci_low", "ci_high",
            ])?;
            for r in t.rows() {
                let (y, lo, hi) = (r.num("mean")?, r.num("ci_low")?, r.num("ci_high")?);
                inp.daily
                    .push(point(&r, r.str("metric")?, r.num("day")?, y, lo, hi)?);
            }
        }
        if let Some(t) = read_optional("timeline.csv")? {
            found = true;
            t.require(&crate::report::TIMELINE_COLUMNS)?;
            for r in t.rows() {
                inp.timeline.push(Bar {
                    policy: r.str("policy")?.into(),
                    replication: r.str("replication")?.into(),
                    day: r.num("day")? as u32,
                    store: r.str("store")?.into(),
                    employee: r.num("employee")? as u32,
                    team: r.str("team")?.into(),
                    start: r.num("start_min")?,
                    end: r.num("end_min")?,
                    channel: r.str("channel")?.into(),
                });
            }
        }
        if let Some(t) = read_optional("effects.csv")? {
            found = true;
            t.require(&["effect", "store", "kpi", "estimate", "ci_low", "ci_high"])?;
            for r in t.rows() {
                inp.effects.push(Point {
                    policy: r.str("effect")?.into(),
                    store: r.str("store")?.into(),
                    metric: r.str("kpi")?.into(),
                    x: 0.0,
                    y: r.num("estimate")?,
                    lo: r.num("ci_low")?,
                    hi: r.num("ci_high")?,
                });
            }
        }
        if let Some(t) = read_optional("warmup.csv")? {
            found = true;
            t.require(&["day", "variable", "mean", "smoothed"])?;
            // An optional `policy` column gives one series per policy.
            let by_policy = t.headers().iter().any(|h| h == "policy");
            for r in t.rows() {
                inp.warmup.push(Point {
                    policy: if by_policy {
                        r.str("policy")?.into()
                    } else {
                        String::new()
                    },
                    store: String::new(),
                    metric: r.str("variable")?.into(),
                    x: r.num("day")?,
                    y: r.num("mean")?,
                    lo: r.num("smoothed")?,
                    hi: f64::NAN,
                });
            }
        }
        if let Some(t) = read_optional("sweep.csv")? {
            found = true;
            let fixed = [
                "point", "policy", "store", "kpi", "mean", "ci_low", "ci_high", "n",
            ];
            t.require(&fixed)?;
            // The swept parameters are the columns before `point`.
            let point_at = t.headers().iter().position(|h| h == "point").unwrap_or(0);
            inp.sweep_params = t.headers()[..point_at].to_vec();
            if inp.sweep_params.is_empty() {
                bail!(
                    "{}: line 1: no swept parameter column before `point`",
                    dir.join("sweep.csv").display()
                );
            }
            let first = inp.sweep_params[0].clone();
            // Numbers are plotted as they are, durations ("15min", "4h") in minutes, anything
            // else (a mode, a name) by point index.
            let as_minutes = |r: &super::data::Row| -> Option<f64> {
                r.str(&first)
                    .ok()
                    .and_then(|v| crate::scenario::units::parse_duration(v).ok())
            };
            let numeric = t.rows().all(|r| r.num(&first).is_ok());
            inp.sweep_in_minutes = !numeric && t.rows().all(|r| as_minutes(&r).is_some());
            inp.sweep_by_point = !numeric && !inp.sweep_in_minutes;
            for r in t.rows() {
                let x = if inp.sweep_in_minutes {
                    as_minutes(&r).unwrap_or(f64::NAN)
                } else if inp.sweep_by_point {
                    r.num("point")?
                } else {
                    r.num(&first)?
                };
                inp.sweep.push(Point {
                    policy: r.str("policy")?.into(),
                    store: r.str("store")?.into(),
                    metric: r.str("kpi")?.into(),
                    x,
                    y: r.num("mean")?,
                    lo: r.num("ci_low")?,
                    hi: r.num("ci_high")?,
                });
            }
            // The sweep's name titles the page; a sweep.json that cannot be read leaves the
            // folder's name.
            let marker = dir.join("sweep.json");
            if let Ok(text) =
                crate::input::read_text_capped(&marker, crate::input::MAX_SCENARIO_BYTES)
                && let Ok(v) = serde_json::from_str::<serde_json::Value>(&text)
            {
                inp.sweep_name = v["sweep"].as_str().map(String::from);
                inp.sweep_kpis = v["kpis"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|k| k.as_str().map(String::from))
                    .collect();
            }
        }
        if !found && std::fs::symlink_metadata(dir.join(crate::runs::journal::JOURNAL_FILE)).is_ok()
        {
            bail!(
                "{}: holds the journal of a run that has not finished (or of a shard): run the same command again to finish it, or merge the shards",
                dir.display()
            );
        }
        if !found {
            bail!(
                "{}: no result files found (expected at least one of run.json, summary.csv, \
                 comparison.csv, profile.csv, daily.csv, timeline.csv, effects.csv, warmup.csv, \
                 sweep.csv)",
                dir.display()
            );
        }
        Ok(inp)
    }
}

/// The files `report` may read in `dir`: `None` for a folder written by hand or by an older
/// omnisim (every known file), else the manifest of run.json (or of sweep.json) and the
/// warm-up's warmup.csv, each checked against its recorded size and SHA-256, so that files of
/// another run are never drawn as this one's.
fn this_runs_files(dir: &Path) -> Result<Option<Vec<String>>> {
    if std::fs::symlink_metadata(dir.join(crate::report::INCOMPLETE_MARKER)).is_ok() {
        bail!(
            "{}: the files of a run were being moved into place when it stopped, so this folder holds no complete run; run the command again",
            dir.display()
        );
    }
    for marker in ["run.json", "sweep.json"] {
        let Some(list) = crate::runs::outdir::read_manifest(dir, marker)? else {
            continue;
        };
        for e in &list {
            let path = dir.join(&e.name);
            let sha = crate::runs::outdir::sha256_of_file(&path).map_err(|err| {
                crate::error::Error::msg(format!(
                    "{}: {marker} lists {}, which cannot be read ({err}): the folder does not hold this run whole",
                    dir.display(),
                    e.name
                ))
            })?;
            if sha != e.sha256 {
                bail!(
                    "{}: {} is not the file that {marker} lists (its SHA-256 differs): the folder mixes the files of two runs; run the command again",
                    dir.display(),
                    e.name
                );
            }
        }
        let mut names: Vec<String> = list.into_iter().map(|e| e.name).collect();
        names.push(marker.to_string());
        names.push("warmup.csv".to_string());
        return Ok(Some(names));
    }
    Ok(None)
}

fn point(r: &super::data::Row, metric: &str, x: f64, y: f64, lo: f64, hi: f64) -> Result<Point> {
    Ok(Point {
        policy: r.str("policy")?.into(),
        store: r.str("store")?.into(),
        metric: metric.into(),
        x,
        y,
        lo,
        hi,
    })
}

fn read_run(path: &Path) -> Result<RunFacts> {
    let text = crate::input::read_text_capped(path, crate::input::MAX_SCENARIO_BYTES)
        .map_err(crate::error::Error::msg)?;
    let v: serde_json::Value = serde_json::from_str(&text).map_err(|e| {
        crate::error::Error::msg(format!(
            "{}: line {}, column {}: malformed JSON: {e}",
            path.display(),
            e.line(),
            e.column()
        ))
    })?;
    let s = |k: &str| match &v[k] {
        serde_json::Value::Null => String::new(),
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let policies = v["policies"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|p| p.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default();
    let levers = v["levers"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|l| {
                    let cell = |k: &str| match &l[k] {
                        serde_json::Value::String(s) => s.clone(),
                        serde_json::Value::Null => String::new(),
                        other => other.to_string(),
                    };
                    Levers {
                        policy: cell("policy"),
                        cells: LEVER_KEYS.iter().map(|(k, _)| cell(k)).collect(),
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    Ok(RunFacts {
        scenario: s("scenario"),
        seed: s("seed"),
        replications: s("replications"),
        wall_seconds: v["wall_seconds"]
            .as_f64()
            .map_or(String::new(), |w| format!("{w:.2} s")),
        baseline: s("baseline"),
        policies,
        levers,
        confidence: v["confidence"].as_f64(),
        comparison_confidence: v["comparison_confidence"].as_f64(),
        factorial: match (
            v["factorial"]["low"].as_str(),
            v["factorial"]["high"].as_str(),
        ) {
            (Some(low), Some(high)) => Some((low.to_string(), high.to_string())),
            _ => None,
        },
        assumptions: assumptions(&v["assumptions"]),
    })
}

/// Clock time of minutes after midnight: `8:30`.
fn clock(min: f64) -> String {
    let m = min.round() as i64;
    format!("{}:{:02}", m / 60, m % 60)
}

/// run.json's `assumptions` as lines for people.
fn assumptions(a: &serde_json::Value) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let (Some(days), Some(warmup)) = (a["days"].as_u64(), a["warmup_days"].as_u64()) else {
        return out;
    };
    out.push((
        "horizon".to_string(),
        format!(
            "{days} measured days, after {warmup} warm-up days that are simulated but not counted"
        ),
    ));
    let n =
        |v: &serde_json::Value| crate::report::words::grouped(v.as_f64().unwrap_or(f64::NAN), 0);
    for st in a["stores"].as_array().into_iter().flatten() {
        let name = st["name"].as_str().unwrap_or("?");
        let (Some(open), Some(close)) = (st["open_min"].as_f64(), st["close_min"].as_f64()) else {
            continue;
        };
        out.push((
            format!("store {name}"),
            format!("open {} to {}", clock(open), clock(close)),
        ));
        out.push((
            format!("demand at {name}"),
            format!(
                "{} walk-in shoppers and {} online orders a week ({} picked up in store)",
                n(&st["shoppers_per_week"]),
                n(&st["online_orders_per_week"]),
                crate::report::words::value(
                    crate::kpis::Kind::Share,
                    st["bopis_share"].as_f64().unwrap_or(f64::NAN)
                )
            ),
        ));
        out.push((
            format!("staff at {name}"),
            format!(
                "{} employees on the roster ({} in the online team); {} staffed tills, {} self-checkouts",
                n(&st["staff"]),
                n(&st["online_staff"]),
                n(&st["checkout_lanes"]),
                n(&st["self_checkout"])
            ),
        ));
    }
    if let Some(skus) = a["skus"].as_u64() {
        out.push((
            "catalogue".to_string(),
            format!("{} SKUs", crate::report::words::grouped(skus as f64, 0)),
        ));
    }
    out
}

/// Keys of `run.json`'s `levers` objects, and their column titles.
pub const LEVER_KEYS: [(&str, &str); 8] = [
    ("sync_interval_min", "stock sync interval [min]"),
    ("item_location", "item locations"),
    ("shelf_gap_tasks", "shelf-gap tasks"),
    ("rfid_counts", "RFID counts"),
    ("safety_buffer", "safety buffer [units]"),
    ("cross_training_share", "cross-trained share"),
    ("communication", "communication"),
    ("dispatch", "dispatch (metrics)"),
];
