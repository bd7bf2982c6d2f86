//! `[[stores.staff]]`: groups of employees with a team, skills and a shift.

use super::super::checker::{Checker, shown};
use super::super::defaults::staff as default;
use super::super::limits::*;
use crate::engine::Minutes;
use crate::scenario::model::*;
use crate::scenario::raw::*;

pub(super) fn staff(
    c: &mut Checker<'_>,
    p: &str,
    r: &RawStore,
    open: crate::engine::Minutes,
    close: crate::engine::Minutes,
) -> Vec<StaffGroup> {
    let mut staff = Vec::new();
    if r.staff.is_empty() {
        c.err(
            format!("{p}.staff"),
            "a store needs at least one [[stores.staff]] group",
        );
    }
    for (g, raw) in r.staff.iter().enumerate() {
        let gp = format!("{p}.staff[{g}]");
        let team = match raw.team.as_deref() {
            Some("store") => Team::Store,
            Some("online") => Team::Online,
            Some(other) => {
                c.err(
                    format!("{gp}.team"),
                    format!("expected \"store\" or \"online\", got \"{other}\""),
                );
                Team::Store
            }
            None => {
                c.err(
                    format!("{gp}.team"),
                    "every staff group needs `team = \"store\"` or `\"online\"`",
                );
                Team::Store
            }
        };
        let skills = skill_map(c, &format!("{gp}.skills"), raw.skills.as_ref());
        if skills.is_empty() {
            c.err(
                format!("{gp}.skills"),
                "a staff group needs at least one skill",
            );
        }
        let cross_skills = match &raw.cross_skills {
            Some(m) => skill_map(c, &format!("{gp}.cross_skills"), Some(m)),
            None => default_cross_skills(team, &skills),
        };
        let shift = raw.shift.as_ref();
        let shift_start = c.clock(
            &format!("{gp}.shift.start"),
            shift.and_then(|s| s.start.as_ref()),
            open,
        );
        let shift_end = c.clock(
            &format!("{gp}.shift.end"),
            shift.and_then(|s| s.end.as_ref()),
            close,
        );
        if shift_start < open || shift_end > close {
            c.err(
                format!("{gp}.shift"),
                format!(
                    "the shift {} to {} lies outside opening hours {} to {}",
                    clock_text(shift_start),
                    clock_text(shift_end),
                    clock_text(open),
                    clock_text(close)
                ),
            );
        }
        if shift_end <= shift_start {
            c.err(
                format!("{gp}.shift.end"),
                "a shift must end after it starts",
            );
        }
        staff.push(StaffGroup {
            name: raw
                .name
                .clone()
                .unwrap_or_else(|| format!("group_{}", g + 1)),
            team,
            count: c.count(&format!("{gp}.count"), raw.count, default::COUNT, 0, 10_000),
            skills,
            cross_skills,
            shift_start,
            shift_end,
            days: c.weekdays(
                &format!("{gp}.shift.days"),
                shift.and_then(|s| s.days.as_ref()),
            ),
            wage_per_hour: c.non_negative(
                &format!("{gp}.wage_per_hour"),
                raw.wage_per_hour,
                default::WAGE_PER_HOUR,
            ),
        });
    }

    staff
}

fn clock_text(m: Minutes) -> String {
    format!("{:02}:{:02}", (m / 60.0) as u32, (m % 60.0) as u32)
}

pub(in crate::scenario::validate) fn skill_map(
    c: &mut Checker<'_>,
    path: &str,
    v: Option<&std::collections::BTreeMap<String, f64>>,
) -> Vec<(Skill, f64)> {
    let mut out = Vec::new();
    let names: Vec<&str> = Skill::ALL.iter().map(|s| s.name()).collect();
    for (name, prof) in v.into_iter().flatten() {
        match Skill::parse(name) {
            Some(skill) => {
                if !(prof.is_finite() && *prof >= MIN_PROFICIENCY && *prof <= 3.0) {
                    c.err(
                        format!("{path}.{name}"),
                        format!(
                            "expected a proficiency from {MIN_PROFICIENCY} to 3 (a speed multiplier), got {}",
                            shown(*prof)
                        ),
                    );
                } else {
                    out.push((skill, *prof));
                }
            }
            None => {
                let hint = crate::scenario::error::nearest(name, &names)
                    .map(|n| format!("; did you mean `{n}`?"))
                    .unwrap_or_default();
                c.err(
                    path,
                    format!(
                        "unknown skill `{name}`{hint} (skills: {})",
                        names.join(", ")
                    ),
                );
            }
        }
    }
    out.sort_by_key(|(s, _)| *s);
    out
}

fn default_cross_skills(team: Team, skills: &[(Skill, f64)]) -> Vec<(Skill, f64)> {
    let candidates: &[(Skill, f64)] = match team {
        Team::Store => &[
            (Skill::Picking, 0.85),
            (Skill::Packing, 0.85),
            (Skill::PickupDesk, 0.9),
        ],
        Team::Online => &[(Skill::Checkout, 0.85), (Skill::Floor, 0.85)],
    };
    candidates
        .iter()
        .copied()
        .filter(|(s, _)| !skills.iter().any(|(h, _)| h == s))
        .collect()
}
