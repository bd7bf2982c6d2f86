//! Closing time: staff at the end of a shift that ends at closing stay while customers they
//! can serve are inside, also when the store closes at midnight.

use crate::support::common;

use omnisim::scenario::Skill;
use omnisim::sim::{self, CheckLevel, RunOptions};

/// The default store, open until midnight with its late shifts ending then.
fn open_until_midnight() -> omnisim::scenario::Scenario {
    let text = omnisim::scenario::DEFAULT_SCENARIO
        .replace("close = \"22:00\"", "close = \"24:00\"")
        .replace("end = \"22:00\"", "end = \"24:00\"");
    let mut sc = common::scenario_from(&text);
    sc.days = 4;
    sc.warmup_days = 0;
    sc
}

#[test]
fn shoppers_inside_at_midnight_are_still_served() {
    let sc = open_until_midnight();
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
    let audit = r.audit.unwrap();
    for day in 1..4 {
        let midnight = f64::from(day) * 1440.0;
        let served_after = audit
            .assignments
            .iter()
            .filter(|a| {
                a.skill == Skill::Checkout && a.start > midnight && a.start < midnight + 90.0
            })
            .count();
        assert!(
            served_after > 0,
            "nobody served shoppers after midnight of day {day}"
        );
        // And the closers did go home once the store emptied: nobody is paid past 03:00.
        let last = audit
            .presence
            .iter()
            .filter(|p| p.3 > midnight && p.3 < midnight + 6.0 * 60.0)
            .map(|p| p.3)
            .fold(midnight, f64::max);
        assert!(last < midnight + 180.0, "closers stayed until {last}");
    }
}

#[test]
fn customers_who_give_up_at_once_do_not_loop_in_zero_time() {
    // Regression: with no patience and no pickup delay a customer who gave up came back at
    // the same instant, forever.
    let text = omnisim::scenario::DEFAULT_SCENARIO
        .replace(
            "pickup_delay = { dist = \"lognormal\", mean = \"4h\", sd = \"3h\" }",
            "pickup_delay = \"0s\"",
        )
        .replace(
            "pickup_patience = { dist = \"triangular\", min = \"5min\", mode = \"15min\", max = \"30min\" }",
            "pickup_patience = \"0s\"",
        );
    assert!(text.contains("pickup_patience = \"0s\""));
    let mut sc = common::scenario_from(&text);
    sc.days = 3;
    sc.warmup_days = 0;
    let options = RunOptions {
        audit: false,
        check: Some(CheckLevel::Full),
        ..RunOptions::default()
    };
    let r = sim::run_replication(&sc, 0, 0, options);
    assert!(r.violation.is_none(), "{:?}", r.violation);
    assert!(r.events < 200_000, "{} events in three days", r.events);
}
