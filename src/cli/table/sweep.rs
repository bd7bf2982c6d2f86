//! A sweep in the terminal: per KPI, one row per grid point and one column per policy.

use super::pct_level;
use crate::experiment::sweep::SweepResult;
use crate::report::words;
use crate::scenario::sweep::value_text;
use crate::sim::KPIS;
use std::fmt::Write;

/// Per KPI (by label): one row per grid point, one column per policy (mean ± half-width in
/// the KPI's terms: shares in %, their half-widths in points), over all
/// stores. Points may differ in their stores and policies: columns are the union of the
/// policy names, in order of first appearance, and `-` marks a policy a point does not have.
pub fn sweep_table(r: &SweepResult, kpis: &[usize]) -> String {
    let mut out = String::new();
    let mut columns: Vec<&str> = Vec::new();
    for point in &r.points {
        for name in &point.policies {
            if !columns.contains(&name.as_str()) {
                columns.push(name);
            }
        }
    }
    let levels: Vec<String> = r
        .points
        .iter()
        .map(|p| pct_level(p.plan.confidence))
        .collect();
    let level = if levels.iter().all(|l| *l == levels[0]) {
        levels.first().cloned().unwrap_or_default()
    } else {
        "per-point".into()
    };
    // Short column names for the swept paths, each full path named once above the tables.
    let names = short_names(&r.parameters);
    for (name, path) in names.iter().zip(&r.parameters) {
        if name != path {
            let _ = writeln!(out, "{name} = {path}");
        }
    }
    for &k in kpis {
        let def = &KPIS[k];
        let kind = def.kind();
        let _ = writeln!(
            out,
            "\n{} ({}), all stores: mean ± half-width of the {level} interval",
            def.label, def.name
        );
        // cells[point][column]; widths from the cells and the policy names.
        let cells: Vec<Vec<String>> = r
            .points
            .iter()
            .map(|point| {
                let all = point.stores.len() - 1;
                columns
                    .iter()
                    .map(|name| match point.policies.iter().position(|p| p == name) {
                        Some(p) => {
                            let s = &point.summaries[p][all][k];
                            let h = s.half_width();
                            if h.is_finite() {
                                format!("{} ± {}", words::value(kind, s.mean), words::size(kind, h))
                            } else {
                                words::value(kind, s.mean)
                            }
                        }
                        None => "-".into(),
                    })
                    .collect()
            })
            .collect();
        let widths: Vec<usize> = columns
            .iter()
            .enumerate()
            .map(|(c, name)| {
                cells
                    .iter()
                    .map(|row| row[c].chars().count())
                    .chain(std::iter::once(name.chars().count()))
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let mut head = String::new();
        for p in &names {
            let _ = write!(head, "{p:>w$} ", w = p.len().max(8));
        }
        for (name, w) in columns.iter().zip(&widths) {
            let _ = write!(head, "  {name:>w$}");
        }
        let _ = writeln!(out, "{}", head.trim_end());
        for (point, row) in r.points.iter().zip(&cells) {
            for (v, p) in point.values.iter().zip(&names) {
                let _ = write!(out, "{:>w$} ", value_text(v), w = p.len().max(8));
            }
            for (cell, w) in row.iter().zip(&widths) {
                let _ = write!(out, "  {cell:>w$}");
            }
            out.push('\n');
        }
    }
    out
}

/// The shortest tail of each dotted path (whole segments) that is at least 8 characters long
/// and not the tail of another path: `stores.midtown.staff.online_early.count` becomes
/// `online_early.count`, `policies.aligned.cross_training_share` `cross_training_share`.
fn short_names(paths: &[String]) -> Vec<String> {
    let tail = |path: &str, n: usize| {
        let parts: Vec<&str> = path.split('.').collect();
        parts[parts.len().saturating_sub(n)..].join(".")
    };
    paths
        .iter()
        .map(|path| {
            let segments = path.split('.').count();
            (1..=segments)
                .map(|n| tail(path, n))
                .find(|t| {
                    t.len() >= 8
                        && paths
                            .iter()
                            .filter(|other| *other != path)
                            .all(|other| other != t && !other.ends_with(&format!(".{t}")))
                })
                .unwrap_or_else(|| path.clone())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::short_names;

    #[test]
    fn swept_paths_get_short_distinct_names() {
        let paths: Vec<String> = [
            "stores.midtown.staff.online_early.count",
            "stores.uptown.staff.online_early.count",
            "policies.aligned.cross_training_share",
            "days",
        ]
        .map(String::from)
        .to_vec();
        assert_eq!(
            short_names(&paths),
            [
                "midtown.staff.online_early.count",
                "uptown.staff.online_early.count",
                "cross_training_share",
                "days"
            ]
        );
    }
}
