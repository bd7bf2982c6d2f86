//! Invariants over full runs of every shipped scenario, for every policy: stock is
//! conserved, every online order ends in at most one final state (and none is stuck), no
//! employee works two tasks at once or during their own training block, no task is done
//! without its skill, time never goes backwards. Facts come from the run's audit log, not
//! from the model's own counters.

use crate::support::common;

use omnisim::engine::MINUTES_PER_DAY;
use omnisim::scenario::{self, Scenario};
use omnisim::sim::{self, AuditLog, CheckLevel, RunOptions};
use std::collections::BTreeMap;

/// Floating-point slack when comparing task end and start times [min].
const TIME_EPS: f64 = 1e-9;

fn check(sc: &Scenario, policy: usize, audit: &AuditLog) -> Vec<String> {
    let label = format!("{} / {}", sc.name, sc.policies[policy].name);
    let mut problems = Vec::new();
    if audit.time_went_backwards {
        problems.push(format!("{label}: time went backwards"));
    }
    for (s, pic) in audit.stock.iter().enumerate() {
        if pic.in_carts != pic.in_carts_by_sku {
            problems.push(format!(
                "{label}: store {s}: cart counters disagree: {pic:?}"
            ))
        }
        if !pic.is_conserved() {
            problems.push(format!("{label}: store {s}: stock not conserved: {pic:?}"));
        }
        for v in [
            pic.shelf,
            pic.backroom,
            pic.misplaced,
            pic.in_carts,
            pic.in_orders,
        ] {
            if v < 0 {
                problems.push(format!("{label}: store {s}: negative stock {pic:?}"));
            }
        }
    }
    // Each order is finalised at most once, and final exactly when it was finalised.
    let mut times: BTreeMap<(u16, u32), u32> = BTreeMap::new();
    for &key in &audit.finalizations {
        *times.entry(key).or_default() += 1;
    }
    let horizon = sc.horizon();
    for (s, states) in audit.order_states.iter().enumerate() {
        let spec = &sc.stores[s];
        // An order still open at the end must be recent: no order may be stuck for longer
        // than its hold period plus a few days of slack.
        let max_open_age = (spec.online.hold_days + 3.0) * MINUTES_PER_DAY;
        for (o, state) in states.iter().enumerate() {
            let n = times.get(&(s as u16, o as u32)).copied().unwrap_or(0);
            if n > 1 {
                problems.push(format!("{label}: order {o} finalised {n} times"));
            }
            if state.is_final() != (n == 1) {
                problems.push(format!(
                    "{label}: order {o} in {state:?} but finalised {n} times"
                ));
            }
            let placed = audit.order_placed[s][o];
            if !state.is_final() && horizon - placed > max_open_age {
                problems.push(format!(
                    "{label}: order {o} placed at {placed} still {state:?} at the end"
                ));
            }
        }
    }
    // No employee does two things at once; every task needs a skill the employee holds.
    let mut by_employee: BTreeMap<(u16, u32), Vec<(f64, f64)>> = BTreeMap::new();
    for a in &audit.assignments {
        let held = &audit.roster[a.store as usize][a.employee as usize].skills;
        if !held.contains(&a.skill) {
            problems.push(format!(
                "{label}: employee {} did a {:?} task without the skill",
                a.employee, a.skill
            ));
        }
        if a.end < a.start {
            problems.push(format!("{label}: task ends before it starts: {a:?}"));
        }
        by_employee
            .entry((a.store, a.employee))
            .or_default()
            .push((a.start, a.end));
    }
    // Paid presence never overlaps itself (nobody is paid twice), and every task lies
    // inside a paid stretch (nobody works off the clock).
    let mut presence: BTreeMap<(u16, u32), Vec<(f64, f64)>> = BTreeMap::new();
    for &(s, e, from, to) in &audit.presence {
        presence.entry((s, e)).or_default().push((from, to));
    }
    for ((s, e), stretches) in &mut presence {
        stretches.sort_by(|x, y| x.0.total_cmp(&y.0));
        if stretches.windows(2).any(|w| w[1].0 < w[0].1 - TIME_EPS) {
            problems.push(format!(
                "{label}: store {s} employee {e} paid twice for overlapping time"
            ));
        }
        // A shift that runs into the next one is paid in two stretches that touch: join them.
        let mut joined: Vec<(f64, f64)> = Vec::with_capacity(stretches.len());
        for &(from, to) in stretches.iter() {
            match joined.last_mut() {
                Some(last) if from <= last.1 + TIME_EPS => last.1 = last.1.max(to),
                _ => joined.push((from, to)),
            }
        }
        *stretches = joined;
    }
    for a in &audit.assignments {
        let inside = presence.get(&(a.store, a.employee)).is_some_and(|st| {
            st.iter()
                .any(|&(from, to)| a.start >= from - TIME_EPS && a.end <= to + TIME_EPS)
        });
        // Work still going on at the horizon has no closed stretch yet.
        if !inside && a.end < sc.horizon() {
            problems.push(format!("{label}: work off the clock: {a:?}"));
        }
    }
    // Nobody works during their own training block, which lies inside paid time.
    for &(s, e, from, to) in &audit.training {
        if let Some(spans) = by_employee.get(&(s, e))
            && spans
                .iter()
                .any(|&(a, b)| a < to - TIME_EPS && b > from + TIME_EPS)
        {
            problems.push(format!(
                "{label}: store {s} employee {e} worked during training {from}-{to}"
            ));
        }
        let paid = presence.get(&(s, e)).is_some_and(|st| {
            st.iter()
                .any(|&(a, b)| from >= a - TIME_EPS && to <= b + TIME_EPS)
        });
        if !paid && to < sc.horizon() {
            problems.push(format!(
                "{label}: store {s} employee {e} trained off the clock {from}-{to}"
            ));
        }
    }
    for ((s, e), mut spans) in by_employee {
        spans.sort_by(|x, y| x.0.total_cmp(&y.0));
        for w in spans.windows(2) {
            if w[1].0 < w[0].1 - TIME_EPS {
                problems.push(format!(
                    "{label}: store {s} employee {e} overlaps: {:?} and {:?}",
                    w[0], w[1]
                ));
                break;
            }
        }
    }
    problems
}

#[test]
fn every_shipped_scenario_keeps_its_invariants_under_every_policy() {
    let files = common::shipped_scenarios();
    assert!(!files.is_empty(), "no scenarios found");
    let mut problems = Vec::new();
    for file in &files {
        let sc = scenario::load_file(file).unwrap_or_else(|e| panic!("{e}"));
        for p in 0..sc.policies.len() {
            // Every check after every event, with the per-SKU stock scan once a day.
            let options = RunOptions {
                audit: true,
                check: Some(CheckLevel::Daily),
                ..RunOptions::default()
            };
            let r = sim::run_replication(&sc, p, 0, options);
            if let Some(v) = &r.violation {
                problems.push(format!("{} / {}: {v}", sc.name, sc.policies[p].name));
                continue;
            }
            let audit = r.audit.expect("audit requested");
            assert!(!audit.assignments.is_empty(), "{}: nobody worked", sc.name);
            assert!(
                audit.order_states.iter().map(Vec::len).sum::<usize>() > 0
                    || sc
                        .stores
                        .iter()
                        .all(|s| s.online.arrivals.segments.is_empty()),
                "{}: no orders",
                sc.name
            );
            problems.extend(check(&sc, p, &audit));
        }
    }
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn every_check_after_every_event_on_a_short_run_of_every_scenario() {
    for file in common::shipped_scenarios() {
        let mut sc = scenario::load_file(&file).unwrap_or_else(|e| panic!("{e}"));
        sc.warmup_days = 1;
        sc.days = 2;
        for p in 0..sc.policies.len() {
            let options = RunOptions {
                audit: false,
                check: Some(CheckLevel::Full),
                ..RunOptions::default()
            };
            let r = sim::run_replication(&sc, p, 0, options);
            assert!(
                r.violation.is_none(),
                "{}: {}",
                sc.name,
                r.violation.unwrap()
            );
            assert!(r.events > 1000);
        }
    }
}

#[test]
fn the_checks_catch_a_broken_ledger() {
    // Guard against a check that cannot fail: tamper with a real audit and expect complaints.
    let mut sc = scenario::default_scenario();
    sc.days = 3;
    sc.warmup_days = 0;
    let r = sim::run_replication(
        &sc,
        0,
        0,
        RunOptions {
            audit: true,
            check: Some(CheckLevel::Full),
            ..RunOptions::default()
        },
    );
    let mut audit = r.audit.unwrap();
    assert!(check(&sc, 0, &audit).is_empty());
    audit.stock[0].shelf += 1;
    let first = audit.assignments[0];
    audit.assignments.push(first);
    audit.finalizations.push(audit.finalizations[0]);
    audit
        .training
        .push((first.store, first.employee, first.start, first.end));
    let problems = check(&sc, 0, &audit);
    assert!(
        problems.iter().any(|p| p.contains("not conserved")),
        "{problems:?}"
    );
    assert!(
        problems.iter().any(|p| p.contains("overlaps")),
        "{problems:?}"
    );
    assert!(
        problems.iter().any(|p| p.contains("finalised 2 times")),
        "{problems:?}"
    );
    assert!(
        problems.iter().any(|p| p.contains("during training")),
        "{problems:?}"
    );
}
