//! Unit tests of validation as a whole: arrival profiles and the documented defaults.

use super::checker::arrival_profile;
use crate::engine::MINUTES_PER_DAY;
use crate::scenario::model::*;

#[test]
fn arrival_profile_spreads_the_daily_mean_over_open_hours() {
    let prof = arrival_profile(140.0, &[1.0; 7], &[[1.0; 24]; 7], Some((480.0, 1320.0))).unwrap();
    let monday: f64 = prof
        .segments
        .iter()
        .filter(|(s, _, _)| *s < MINUTES_PER_DAY)
        .map(|(s, e, r)| (e - s) * r)
        .sum();
    assert!((monday - 140.0).abs() < 1e-9);
    assert!(prof.segments.iter().all(|(s, e, _)| {
        let (s, e) = (s % MINUTES_PER_DAY, e - (s - s % MINUTES_PER_DAY));
        s >= 480.0 && e <= 1320.0
    }));
}

#[test]
fn hourly_profiles_can_differ_by_weekday() {
    let base = crate::scenario::DEFAULT_SCENARIO;
    let mut sunday = [0.0; 24];
    sunday[12] = 1.0;
    let rows: Vec<String> = (0..7)
        .map(|d| {
            let row: Vec<String> = if d == 6 {
                sunday.iter().map(|w| w.to_string()).collect()
            } else {
                (0..24)
                    .map(|h| if h == 9 { "1" } else { "0" }.to_string())
                    .collect()
            };
            format!("[{}]", row.join(", "))
        })
        .collect();
    let text = base.replacen(
        "hourly = [0, 0, 0, 0, 0, 0, 0, 2, 3, 4, 5, 6, 7, 7, 6, 6, 7, 8, 9, 8, 6, 4, 2, 1]",
        &format!("hourly_by_weekday = [{}]", rows.join(", ")),
        1,
    );
    let sc = crate::scenario::load_str(&text, "t", std::path::Path::new(".")).unwrap();
    let segs = &sc.stores[0].shoppers.arrivals.segments;
    for (s, e, _) in segs {
        let day = (s / MINUTES_PER_DAY).floor();
        let hour = ((s - day * MINUTES_PER_DAY) / 60.0).floor();
        assert_eq!(hour, if day == 6.0 { 12.0 } else { 9.0 });
        assert!(e - s <= 60.0);
    }
    let both = text.replacen(
        "per_day = 1600",
        "per_day = 1600\nhourly = [1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1]",
        1,
    );
    let err = crate::scenario::load_str(&both, "t", std::path::Path::new(".")).unwrap_err();
    assert!(err.to_string().contains("not both"), "{err}");
}

#[test]
fn code_defaults_equal_the_documented_default_scenario() {
    // A scenario that names only its stores' staff must resolve to the same model as
    // default.toml, which spells every value out: the manual documents one set of
    // defaults, and this keeps the code and the file from drifting apart.
    let full = crate::scenario::DEFAULT_SCENARIO;
    let staff = &full[full.find("[[stores.staff]]").unwrap()..];
    let minimal =
        format!("[scenario]\nname = \"default\"\n\n[[stores]]\nname = \"midtown\"\n\n{staff}");
    let dir = std::path::Path::new(".");
    let a = crate::scenario::load_str(full, "full", dir).unwrap();
    let b = crate::scenario::load_str(&minimal, "minimal", dir).unwrap();
    let (sa, sb) = (&a.stores[0], &b.stores[0]);
    let parts = |x: &Scenario, st: &StoreSpec| {
        vec![
            format!("{:?}", st.shoppers),
            format!("{:?}", st.online),
            format!("{:?}", st.returns),
            format!("{:?}", st.inventory),
            format!("{:?}", st.replenishment),
            format!("{:?}", st.sla),
            format!(
                "{:?}",
                (
                    st.open,
                    st.close,
                    st.checkout_lanes,
                    st.self_checkout,
                    st.pickup_desks
                )
            ),
            format!("{:?}", st.task_switch_time),
            format!(
                "{:?}",
                (&x.fragmented, &x.unified, &x.training, &x.satisfaction)
            ),
            format!(
                "{:?}",
                (&x.catalogue, &x.policies, x.days, x.warmup_days, x.seed)
            ),
            format!("{:?}", x.replications),
        ]
    };
    for (pa, pb) in parts(&a, sa).iter().zip(parts(&b, sb)) {
        assert_eq!(pa, &pb);
    }
}
