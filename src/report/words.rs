//! Numbers and words for people, shared by report.html, the terminal table and
//! comparison.csv: KPI values formatted by what their unit measures (shares as percentages,
//! currency with thousands separators), the verdict on a change versus the baseline (with
//! the practical threshold under which a clear change is still called negligible), and the
//! summary sentence that opens the report.

use crate::kpis::{Direction, Kind, KpiDef};

/// Shown for an undefined or missing number.
pub const MISSING: &str = "–";

/// A change smaller than this share of the baseline's mean (0.5%) is negligible.
pub const NEGLIGIBLE_RELATIVE: f64 = 0.005;

/// A change of a share smaller than this (0.1 percentage point) is negligible.
pub const NEGLIGIBLE_SHARE: f64 = 0.001;

/// `v` with `decimals` decimals and a comma between thousands: `-1234567.25` with 1 gives
/// `-1,234,567.3`. A value that rounds to zero has no sign; undefined is [`MISSING`].
pub fn grouped(v: f64, decimals: usize) -> String {
    if !v.is_finite() {
        return MISSING.into();
    }
    let digits = format!("{:.decimals$}", v.abs());
    let (int, frac) = match digits.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (digits.as_str(), None),
    };
    let mut out = String::with_capacity(digits.len() + int.len() / 3 + 1);
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    let zero = !out.chars().any(|c| c.is_ascii_digit() && c != '0');
    if v < 0.0 && !zero {
        format!("-{out}")
    } else {
        out
    }
}

/// Decimals giving three or four significant digits for a magnitude `a` (none from 100 up).
fn decimals_for(a: f64) -> usize {
    if a >= 100.0 || a == 0.0 {
        0
    } else if a >= 10.0 {
        1
    } else if a >= 1.0 {
        2
    } else {
        3
    }
}

/// Decimals of a number of percent (or percentage points): one, two below 1.
fn percent_decimals(p: f64) -> usize {
    if p.abs() >= 1.0 || p == 0.0 { 1 } else { 2 }
}

/// A KPI value for people: a share as a percentage (`97.1%`), currency with thousands
/// separators and no cents from 100 up (`82,208`), anything else with three or four
/// significant digits and thousands separators.
pub fn value(kind: Kind, v: f64) -> String {
    if !v.is_finite() {
        return MISSING.into();
    }
    match kind {
        Kind::Share => {
            let p = 100.0 * v;
            format!("{}%", grouped(p, percent_decimals(p)))
        }
        Kind::Currency => grouped(v, if v.abs() >= 100.0 { 0 } else { 2 }),
        Kind::Minutes | Kind::Count | Kind::Other => grouped(v, decimals_for(v.abs())),
    }
}

/// The bare number of a change, signed: shares in percentage points (`+0.4`).
fn change_number(kind: Kind, d: f64, scale_of: f64) -> String {
    if !d.is_finite() {
        return MISSING.into();
    }
    let s = match kind {
        Kind::Share => grouped(100.0 * d, percent_decimals(100.0 * scale_of)),
        Kind::Currency => grouped(d, if scale_of.abs() >= 100.0 { 0 } else { 2 }),
        _ => grouped(d, decimals_for(scale_of.abs())),
    };
    if d > 0.0 && s.chars().any(|c| c.is_ascii_digit() && c != '0') {
        format!("+{s}")
    } else {
        s
    }
}

/// The unit after a change: ` pp` (percentage points) for shares, ` min` for minutes.
fn change_unit(kind: Kind) -> &'static str {
    match kind {
        Kind::Share => " pp",
        Kind::Minutes => " min",
        _ => "",
    }
}

/// A signed change in the KPI's terms: `+0.4 pp` for a share, `-1,234` for currency.
pub fn change(kind: Kind, d: f64) -> String {
    if !d.is_finite() {
        return MISSING.into();
    }
    format!("{}{}", change_number(kind, d, d), change_unit(kind))
}

/// The size of a change (a half-width, a margin) in the change's terms, without a sign:
/// `0.4 pp` for a share, `1,234` for currency.
pub fn size(kind: Kind, d: f64) -> String {
    let signed = change(kind, d.abs());
    signed.trim_start_matches('+').to_string()
}

/// A signed change with its interval: `+0.4 pp [+0.2, +0.6]`. The interval's ends have the
/// decimals of the change, so the three numbers line up.
pub fn change_interval(kind: Kind, d: f64, lo: f64, hi: f64) -> String {
    if !d.is_finite() {
        return MISSING.into();
    }
    let scale = d.abs().max(lo.abs().min(hi.abs()));
    let mut s = format!("{}{}", change_number(kind, d, scale), change_unit(kind));
    if lo.is_finite() && hi.is_finite() {
        s.push_str(&format!(
            " [{}, {}]",
            change_number(kind, lo, scale),
            change_number(kind, hi, scale)
        ));
    }
    s
}

/// Whether a change `diff` from a baseline mean `baseline` is too small to matter, however
/// clear it is statistically: for a share, under 0.1 percentage point; for anything else,
/// under 0.5% of the baseline's mean. A KPI whose baseline mean is 0 (or undefined) has no
/// relative scale, so only an exact 0 is negligible there; an undefined change is not.
pub fn negligible(kind: Kind, diff: f64, baseline: f64) -> bool {
    if !diff.is_finite() {
        return false;
    }
    match kind {
        Kind::Share => diff.abs() < NEGLIGIBLE_SHARE,
        _ if baseline.is_finite() && baseline != 0.0 => {
            diff.abs() < NEGLIGIBLE_RELATIVE * baseline.abs()
        }
        _ => diff == 0.0,
    }
}

/// What a change versus the baseline amounts to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// clear, material and in the KPI's better direction
    Better,
    /// clear, material and in the worse direction
    Worse,
    /// clear and material, on a diagnostic with no better side: it went up
    Higher,
    /// the same, down
    Lower,
    /// clear, but under the practical threshold of [`negligible`]
    Negligible,
    /// the interval contains 0 (or is undefined)
    Unclear,
}

impl Verdict {
    /// The words the report and the terminal table show.
    pub fn word(self) -> &'static str {
        match self {
            Verdict::Better => "+ better",
            Verdict::Worse => "- worse",
            Verdict::Higher => "higher (diagnostic)",
            Verdict::Lower => "lower (diagnostic)",
            Verdict::Negligible => "negligible",
            Verdict::Unclear => "no clear difference",
        }
    }

    /// The single word `comparison.csv` and `--format json` carry.
    pub fn key(self) -> &'static str {
        match self {
            Verdict::Better => "better",
            Verdict::Worse => "worse",
            Verdict::Higher => "higher",
            Verdict::Lower => "lower",
            Verdict::Negligible => "negligible",
            Verdict::Unclear => "unclear",
        }
    }

    /// Clear and not negligible: a difference worth naming.
    pub fn material(self) -> bool {
        matches!(
            self,
            Verdict::Better | Verdict::Worse | Verdict::Higher | Verdict::Lower
        )
    }
}

/// The verdict on a paired change `diff` with interval [`lo`, `hi`] from a baseline mean
/// `baseline`: unclear when the interval contains 0, negligible when under the threshold,
/// else better or worse by the KPI's direction (higher or lower for a diagnostic, and for a
/// KPI not in the catalogue).
pub fn judge(def: Option<&KpiDef>, diff: f64, lo: f64, hi: f64, baseline: f64) -> Verdict {
    let clear = lo.is_finite() && hi.is_finite() && (lo > 0.0 || hi < 0.0);
    if !clear || !diff.is_finite() {
        return Verdict::Unclear;
    }
    let kind = def.map_or(Kind::Other, |d| d.kind());
    if negligible(kind, diff, baseline) {
        return Verdict::Negligible;
    }
    match def
        .map_or(Direction::Neutral, |d| d.direction)
        .improves(diff)
    {
        Some(true) => Verdict::Better,
        Some(false) => Verdict::Worse,
        None if diff > 0.0 => Verdict::Higher,
        None => Verdict::Lower,
    }
}

/// One headline KPI's change, for the summary sentence.
#[derive(Clone, Debug)]
pub struct Change<'a> {
    /// The KPI.
    pub def: &'a KpiDef,
    /// Paired mean difference and its interval.
    pub diff: f64,
    /// Lower end of the interval.
    pub lo: f64,
    /// Upper end.
    pub hi: f64,
    /// The verdict on it.
    pub verdict: Verdict,
}

/// A label in the middle of a sentence: lower case unless it starts with an acronym.
fn in_sentence(label: &str) -> String {
    let mut chars = label.chars();
    match (chars.next(), chars.next()) {
        (Some(a), Some(b)) if b.is_lowercase() => {
            format!("{}{}", a.to_lowercase(), &label[a.len_utf8()..])
        }
        _ => label.to_string(),
    }
}

/// `a`, `a and b`, `a, b and c`.
fn listing(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// The summary sentence of one policy against the baseline, from its headline KPIs'
/// changes: each clear, non-negligible change with its size and interval ("cuts lost sales
/// by 1,234 [900, 1,500]"), then the KPIs without one; or, when there is none, says so.
pub fn summary_sentence(policy: &str, baseline: &str, changes: &[Change<'_>]) -> String {
    let named: Vec<String> = changes
        .iter()
        .filter(|c| c.verdict.material())
        .map(|c| {
            let verb = if c.diff > 0.0 { "raises" } else { "cuts" };
            let kind = c.def.kind();
            // The size, positive, with its interval in the same orientation.
            let (size, a, b) = if c.diff > 0.0 {
                (c.diff, c.lo, c.hi)
            } else {
                (-c.diff, -c.hi, -c.lo)
            };
            let judged = match c.verdict {
                Verdict::Better => " (better)",
                Verdict::Worse => " (worse)",
                _ => "",
            };
            format!(
                "{verb} {} by {}{judged}",
                in_sentence(c.def.label),
                change_interval(kind, size, a, b).replace('+', "")
            )
        })
        .collect();
    let rest: Vec<String> = changes
        .iter()
        .filter(|c| !c.verdict.material())
        .map(|c| in_sentence(c.def.label))
        .collect();
    if named.is_empty() {
        return format!(
            "Against {baseline}, {policy} shows no clear difference in any headline KPI: every \
             change is within the noise of the replications or negligible."
        );
    }
    let mut s = format!("Against {baseline}, {policy} {}.", listing(&named));
    if !rest.is_empty() {
        s.push_str(&format!(
            " No clear difference, or a negligible one, in {}.",
            listing(&rest)
        ));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kpis::{KPIS, kpi_index};

    fn def(name: &str) -> &'static KpiDef {
        &KPIS[kpi_index(name).unwrap()]
    }

    #[test]
    fn thousands_are_separated_and_signs_kept() {
        assert_eq!(grouped(1234567.26, 1), "1,234,567.3");
        assert_eq!(grouped(-1234.0, 0), "-1,234");
        assert_eq!(grouped(999.0, 0), "999");
        assert_eq!(grouped(100000.0, 0), "100,000");
        assert_eq!(grouped(-0.0004, 2), "0.00");
        assert_eq!(grouped(f64::NAN, 2), MISSING);
        assert_eq!(grouped(f64::INFINITY, 0), MISSING);
    }

    #[test]
    fn values_read_by_their_kind() {
        assert_eq!(value(Kind::Share, 0.97113), "97.1%");
        assert_eq!(value(Kind::Share, 0.0042), "0.42%");
        assert_eq!(value(Kind::Share, 1.0), "100.0%");
        assert_eq!(value(Kind::Currency, 82208.4), "82,208");
        assert_eq!(value(Kind::Currency, -12345.6), "-12,346");
        assert_eq!(value(Kind::Currency, 57.126), "57.13");
        assert_eq!(value(Kind::Minutes, 12.345), "12.3");
        assert_eq!(value(Kind::Count, 1530.2), "1,530");
        assert_eq!(value(Kind::Other, -23.456), "-23.5");
        assert_eq!(value(Kind::Share, f64::NAN), MISSING);
        assert_eq!(value(Kind::Currency, f64::NEG_INFINITY), MISSING);
    }

    #[test]
    fn changes_carry_sign_unit_and_interval() {
        assert_eq!(change(Kind::Share, 0.0412), "+4.1 pp");
        assert_eq!(change(Kind::Share, -0.0004), "-0.04 pp");
        assert_eq!(change(Kind::Currency, -1234.4), "-1,234");
        assert_eq!(change(Kind::Minutes, 0.5), "+0.500 min");
        assert_eq!(change(Kind::Other, f64::NAN), MISSING);
        assert_eq!(
            change_interval(Kind::Share, 0.041, 0.032, 0.050),
            "+4.1 pp [+3.2, +5.0]"
        );
        assert_eq!(
            change_interval(Kind::Currency, -1234.0, -1500.2, -968.0),
            "-1,234 [-1,500, -968]"
        );
        assert_eq!(
            change_interval(Kind::Currency, 10.0, f64::NAN, f64::NAN),
            "+10.00"
        );
        // A size has the change's terms and no sign, whichever way it goes.
        assert_eq!(size(Kind::Share, 0.068), "6.8 pp");
        assert_eq!(size(Kind::Share, -0.068), "6.8 pp");
        assert_eq!(size(Kind::Currency, 3077.0), "3,077");
        assert_eq!(size(Kind::Minutes, 0.115), "0.115 min");
        assert_eq!(size(Kind::Other, f64::NAN), MISSING);
    }

    #[test]
    fn the_negligible_rule() {
        // Shares: 0.1 percentage point, whatever the baseline.
        assert!(negligible(Kind::Share, 0.0004, 0.9711));
        assert!(negligible(Kind::Share, -0.0009, 0.0));
        assert!(!negligible(Kind::Share, 0.0011, 0.9711));
        // Anything else: 0.5% of the baseline's mean.
        assert!(negligible(Kind::Currency, 40.0, 10_000.0));
        assert!(negligible(Kind::Currency, -40.0, -10_000.0));
        assert!(!negligible(Kind::Currency, 60.0, 10_000.0));
        // A baseline of 0 has no relative scale: only 0 itself is negligible.
        assert!(!negligible(Kind::Currency, 0.01, 0.0));
        assert!(negligible(Kind::Currency, 0.0, 0.0));
        assert!(!negligible(Kind::Minutes, 0.2, f64::NAN));
        assert!(!negligible(Kind::Count, f64::NAN, 10.0));
    }

    #[test]
    fn verdicts_follow_clarity_threshold_and_direction() {
        let on_time = def("bopis_on_time_rate");
        // The case the board saw: +0.0004 on a share of 0.97, statistically clear.
        assert_eq!(
            judge(Some(on_time), 0.0004, 0.0001, 0.0007, 0.9711),
            Verdict::Negligible
        );
        assert_eq!(judge(Some(on_time), 0.04, 0.03, 0.05, 0.9), Verdict::Better);
        assert_eq!(
            judge(Some(on_time), 0.04, -0.01, 0.09, 0.9),
            Verdict::Unclear
        );
        let lost = def("lost_sales_revenue");
        assert_eq!(
            judge(Some(lost), 500.0, 300.0, 700.0, 10_000.0),
            Verdict::Worse
        );
        let util = def("utilisation_floor");
        assert_eq!(judge(Some(util), -0.05, -0.07, -0.03, 0.6), Verdict::Lower);
        // The lever's own KPI from a baseline of 0.
        let cross = def("cross_channel_task_share");
        assert_eq!(judge(Some(cross), 0.2, 0.18, 0.22, 0.0), Verdict::Better);
        assert_eq!(
            judge(Some(cross), 0.2, f64::NAN, f64::NAN, 0.0),
            Verdict::Unclear
        );
        assert!(!Verdict::Negligible.material() && Verdict::Worse.material());
        assert_eq!(Verdict::Unclear.key(), "unclear");
    }

    #[test]
    fn the_summary_sentence_names_only_material_changes() {
        let lost = def("lost_sales_revenue");
        let labour = def("labour_cost");
        let on_time = def("bopis_on_time_rate");
        let nps = def("nps");
        let changes = [
            Change {
                def: lost,
                diff: -1234.0,
                lo: -1500.0,
                hi: -968.0,
                verdict: Verdict::Better,
            },
            Change {
                def: labour,
                diff: 410.0,
                lo: 380.0,
                hi: 440.0,
                verdict: Verdict::Worse,
            },
            Change {
                def: on_time,
                diff: 0.0004,
                lo: 0.0001,
                hi: 0.0007,
                verdict: Verdict::Negligible,
            },
            Change {
                def: nps,
                diff: 0.3,
                lo: -0.4,
                hi: 1.0,
                verdict: Verdict::Unclear,
            },
        ];
        assert_eq!(
            summary_sentence("aligned", "siloed", &changes),
            "Against siloed, aligned cuts lost sales by 1,234 [968, 1,500] (better) and raises \
             labour cost by 410 [380, 440] (worse). No clear difference, or a negligible one, \
             in BOPIS ready on time and net promoter score."
        );
        let none = summary_sentence("aligned", "siloed", &changes[2..]);
        assert!(
            none.contains("no clear difference in any headline KPI"),
            "{none}"
        );
        let empty = summary_sentence("aligned", "siloed", &[]);
        assert!(empty.contains("no clear difference"), "{empty}");
    }
}
