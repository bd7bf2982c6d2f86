//! The experiment layer's statistics: common random numbers, the precision loop, the
//! factorial design of the levers, and sweeps, each checked against what it promises.

use crate::support::common;

use omnisim::experiment::factorial::{LEVERS, design_point, design_scenario, effects};
use omnisim::experiment::precision::{PrecisionTarget, precision_of, run_to_precision};
use omnisim::experiment::sweep::{SweepOptions, plan_of, run_sweep};
use omnisim::experiment::{self, Plan};
use omnisim::scenario::sweep::Sweep;
use omnisim::scenario::{self, Scenario};
use omnisim::sim::{self, RunOptions, kpi_index};
use std::path::Path;

/// The default scenario cut to a few days, so that many replications run in seconds.
fn short_default(days: u32) -> Scenario {
    let mut sc = scenario::default_scenario();
    sc.days = days;
    sc.warmup_days = 1;
    sc
}

#[test]
fn changing_one_lever_leaves_the_shoppers_and_orders_of_a_replication_unchanged() {
    let sc = short_default(3);
    let (low, high) = (&sc.policies[0], &sc.policies[1]);
    let mut variants = sc.clone();
    // The baseline, each lever alone, and all five together.
    variants.policies = [0usize, 1, 2, 4, 8, 16, 31]
        .iter()
        .map(|&p| design_point(low, high, p))
        .collect();
    let audited = |policy: usize, rep: u64| {
        let options = RunOptions {
            audit: true,
            ..RunOptions::default()
        };
        sim::run_replication(&variants, policy, rep, options)
            .audit
            .expect("audit asked for")
    };
    let base = audited(0, 0);
    assert!(base.shopper_arrivals.len() > 1000, "a busy store");
    assert!(base.order_arrivals.len() > 100);
    for p in 1..variants.policies.len() {
        let other = audited(p, 0);
        assert_eq!(
            other.shopper_arrivals, base.shopper_arrivals,
            "policy {} saw other shoppers",
            variants.policies[p].name
        );
        assert_eq!(
            other.order_arrivals, base.order_arrivals,
            "policy {} saw other orders",
            variants.policies[p].name
        );
    }
    // Another replication is another stream of shoppers: the check above can fail.
    let next = audited(0, 1);
    assert_ne!(next.shopper_arrivals, base.shopper_arrivals);
    assert_ne!(next.order_arrivals, base.order_arrivals);
}

#[test]
fn common_random_numbers_shrink_the_paired_intervals() {
    let sc = short_default(7);
    let r = experiment::run(&sc, &Plan::new(12, 5), &|| {}).unwrap();
    let all = sc.stores.len();
    for name in ["checkout_wait_minutes_mean", "nps", "sales_per_labour_hour"] {
        let k = kpi_index(name).unwrap();
        let c = experiment::stats::paired(&r.series(1, all, k), &r.series(0, all, k), 0.95);
        assert!(
            c.variance_reduction > 0.8 && c.diff.half_width() < c.independent_half_width,
            "{name}: reduction {} paired {} independent {}",
            c.variance_reduction,
            c.diff.half_width(),
            c.independent_half_width
        );
    }
}

#[test]
fn the_precision_loop_stops_at_the_target_and_equals_a_fixed_count_run() {
    let sc = short_default(2);
    let kpi = kpi_index("checkout_wait_minutes_mean").unwrap();
    let target = PrecisionTarget {
        relative_half_width: 0.03,
        kpis: vec![kpi],
        max_replications: 400,
    };
    let plan = Plan::new(10, 11);
    let (r, outcome) = run_to_precision(&sc, &plan, &target, &|_| {}, &|| {}).unwrap();
    let n = r.plan.replications;
    assert!(outcome.met, "{outcome:?}");
    assert!(
        outcome.steps.len() > 1,
        "a 3% target needs more than the pilot"
    );
    assert_eq!(*outcome.steps.last().unwrap(), n);
    assert!(
        outcome
            .reached
            .iter()
            .all(|x| x.relative <= 0.03 && x.relative > 0.0)
    );
    // The step before did not meet the target, so the loop did not stop late without cause.
    let before = outcome.steps[outcome.steps.len() - 2];
    let earlier = experiment::run(&sc, &Plan::new(before, 11), &|| {}).unwrap();
    assert!(
        precision_of(&earlier, &[kpi])
            .iter()
            .any(|x| x.relative > 0.03)
    );
    // Bit-identical to one run of the final size.
    let fixed = experiment::run(&sc, &Plan::new(n, 11), &|| {}).unwrap();
    for p in 0..sc.policies.len() {
        for (a, b) in r.cells[p].iter().zip(&fixed.cells[p]) {
            assert_eq!(a.events, b.events);
            let same = a
                .all
                .iter()
                .zip(&b.all)
                .all(|(x, y)| x.to_bits() == y.to_bits());
            assert!(
                same,
                "policy {p}: a grown run differs from a fixed-count run"
            );
        }
    }
}

#[test]
fn the_precision_loop_stops_at_the_cap_and_says_so() {
    let sc = short_default(2);
    let target = PrecisionTarget {
        relative_half_width: 1e-6,
        kpis: vec![kpi_index("nps").unwrap()],
        max_replications: 13,
    };
    let (r, outcome) = run_to_precision(&sc, &Plan::new(10, 1), &target, &|_| {}, &|| {}).unwrap();
    assert_eq!(r.plan.replications, 13);
    assert!(!outcome.met);
    assert_eq!(outcome.steps, vec![10, 13]);
    assert_eq!(outcome.missed().len(), 2, "both policies missed");
}

#[test]
fn an_inert_lever_has_no_significant_effect_and_one_that_matters_does() {
    let mut sc = short_default(3);
    // Both communication channels behave the same: the communication lever changes a
    // setting but nothing the store does.
    sc.fragmented = sc.unified.clone();
    let design = design_scenario(&sc, 0, 1);
    let r = experiment::run(&design, &Plan::new(6, 3), &|| {}).unwrap();
    let all = sc.stores.len();
    let fx = effects(&r);
    let find = |name: &str, kpi: &str| {
        fx.iter()
            .find(|e| e.name == name && e.store == all && e.kpi == kpi_index(kpi).unwrap())
            .unwrap_or_else(|| panic!("effect {name} on {kpi}"))
    };
    for kpi in [
        "nps",
        "bopis_on_time_rate",
        "order_ready_minutes_mean",
        "labour_cost",
    ] {
        let e = find("communication", kpi);
        assert!(!e.significant(), "inert lever significant on {kpi}: {e:?}");
    }
    assert!(!find("communication:dispatch", "nps").significant());
    let xt = find("cross_training", "cross_channel_task_share");
    assert!(xt.significant() && xt.summary.mean > 0.05, "{xt:?}");
    // Which lever matters most for cross-channel work: cross-training, clearly; and the
    // inert lever is never the leader.
    let lead = omnisim::experiment::factorial::lead(
        &r,
        all,
        kpi_index("cross_channel_task_share").unwrap(),
    )
    .unwrap();
    assert_eq!(LEVERS[lead.first], "cross_training");
    assert!(lead.clear(), "{lead:?}");
    for kpi in ["nps", "bopis_on_time_rate", "labour_cost"] {
        let l = omnisim::experiment::factorial::lead(&r, all, kpi_index(kpi).unwrap()).unwrap();
        assert_ne!(LEVERS[l.first], "communication", "{kpi}");
    }
    assert_eq!(fx.len(), 15 * (all + 1) * omnisim::sim::KPIS.len());
}

const SWEEP_BASE: &str = common::TINY_SCENARIO;

#[test]
fn a_sweep_point_equals_a_plain_run_of_that_scenario() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("base.toml"), SWEEP_BASE).unwrap();
    std::fs::write(
        dir.path().join("grid.toml"),
        r#"
[sweep]
name = "grid"
base = "base.toml"

[[parameters]]
path = "stores.corner.staff.online.count"
values = [1, 3]

[[parameters]]
path = "policies.aligned.cross_training_share"
from = 0.0
to = 1.0
step = 0.5
"#,
    )
    .unwrap();
    let sweep = Sweep::load(&dir.path().join("grid.toml")).unwrap_or_else(|e| panic!("{e}"));
    let points = sweep.points().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(points.len(), 6);
    let plan = plan_of(&sweep, &points[5], SweepOptions::default());
    assert_eq!((plan.replications, plan.seed), (3, 9), "the base file's");
    let result = run_sweep(&sweep, &points, SweepOptions::default(), &|| {}).unwrap();
    // Point 5 = (3 online staff, share 1.0): written by hand into the base file.
    let edited = SWEEP_BASE.replace("count = 2", "count = 3").replace(
        "preset = \"aligned\"",
        "preset = \"aligned\"\ncross_training_share = 1.0",
    );
    std::fs::write(dir.path().join("point5.toml"), &edited).unwrap();
    let by_hand = scenario::load_file(&dir.path().join("point5.toml")).unwrap();
    assert_eq!(points[5].values[0].as_integer(), Some(3));
    assert_eq!(points[5].values[1].as_float(), Some(1.0));
    let plain = experiment::run(&by_hand, &Plan::new(3, 9), &|| {}).unwrap();
    let swept = &result.points[5];
    let labels = plain.store_labels();
    assert_eq!(swept.stores, labels);
    for p in 0..2 {
        for s in 0..labels.len() {
            for k in 0..omnisim::sim::KPIS.len() {
                let mine = experiment::stats::summarize(&plain.series(p, s, k), 0.95);
                let theirs = swept.summaries[p][s][k];
                assert!(
                    mine.mean.to_bits() == theirs.mean.to_bits()
                        && mine.ci_low.to_bits() == theirs.ci_low.to_bits(),
                    "point 5, policy {p}, store {s}, kpi {k}: {mine:?} vs {theirs:?}"
                );
            }
        }
    }
    // The swept values changed the model: the points differ.
    let nps = kpi_index("order_ready_minutes_mean").unwrap();
    let all = labels.len() - 1;
    assert_ne!(
        result.points[0].summaries[0][all][nps].mean,
        result.points[3].summaries[0][all][nps].mean
    );
}

#[test]
fn a_bad_sweep_path_is_refused_with_the_point_and_the_choices() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("base.toml"), SWEEP_BASE).unwrap();
    std::fs::write(
        dir.path().join("bad.toml"),
        "[sweep]\nname = \"bad\"\nbase = \"base.toml\"\n[[parameters]]\npath = \"stores.corner.staff.nightshift.count\"\nvalues = [1]\n",
    )
    .unwrap();
    let sweep = Sweep::load(&dir.path().join("bad.toml")).unwrap();
    let e = sweep.points().unwrap_err().to_string();
    assert!(
        e.contains("nightshift") && e.contains("crew, online"),
        "{e}"
    );
    // A value the scenario refuses names the point and the field.
    std::fs::write(
        dir.path().join("neg.toml"),
        "[sweep]\nname = \"neg\"\nbase = \"base.toml\"\n[[parameters]]\npath = \"stores.0.staff.1.count\"\nvalues = [2, -1]\n",
    )
    .unwrap();
    let e = Sweep::load(&dir.path().join("neg.toml"))
        .unwrap()
        .points()
        .unwrap_err()
        .to_string();
    assert!(e.contains("point 1") && e.contains("count"), "{e}");
    // Typos in the sweep file itself.
    std::fs::write(
        dir.path().join("typo.toml"),
        "[sweep]\nname = \"t\"\nbase = \"base.toml\"\nkpis = [\"nsp\"]\n[[parameters]]\npath = \"x\"\nvalues = []\n",
    )
    .unwrap();
    let e = Sweep::load(&dir.path().join("typo.toml"))
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("did you mean \"nps\"") && e.contains("at least one value"),
        "{e}"
    );
    assert!(Sweep::load(Path::new("no/such/sweep.toml")).is_err());
}

#[test]
fn the_shipped_sweeps_are_valid() {
    for name in ["sweep_staffing.toml", "sweep_sync.toml"] {
        let path = common::root().join("scenarios").join(name);
        let sweep = Sweep::load(&path).unwrap_or_else(|e| panic!("{e}"));
        let points = sweep.points().unwrap_or_else(|e| panic!("{e}"));
        assert!(points.len() >= 4, "{name}");
    }
}

#[test]
fn sweeping_the_seed_or_the_replications_takes_effect_point_by_point() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("base.toml"), SWEEP_BASE).unwrap();
    std::fs::write(
        dir.path().join("seeds.toml"),
        "[sweep]\nname = \"seeds\"\nbase = \"base.toml\"\n[[parameters]]\npath = \"scenario.seed\"\nvalues = [1, 2]\n[[parameters]]\npath = \"scenario.replications\"\nvalues = [2, 4]\n",
    )
    .unwrap();
    let sweep = Sweep::load(&dir.path().join("seeds.toml")).unwrap();
    let points = sweep.points().unwrap();
    let result = run_sweep(&sweep, &points, SweepOptions::default(), &|| {}).unwrap();
    let nps = kpi_index("nps").unwrap();
    for (point, (seed, reps)) in result.points.iter().zip([(1, 2), (1, 4), (2, 2), (2, 4)]) {
        assert_eq!((point.plan.seed, point.plan.replications), (seed, reps));
        let sc = scenario::load_str(SWEEP_BASE, "<base>", Path::new(".")).unwrap();
        let plain = experiment::run(&sc, &Plan::new(reps, seed), &|| {}).unwrap();
        let all = plain.store_labels().len() - 1;
        let mine = experiment::stats::summarize(&plain.series(1, all, nps), 0.95);
        assert_eq!(
            point.summaries[1][all][nps].mean.to_bits(),
            mine.mean.to_bits()
        );
        assert_eq!(point.summaries[1][all][nps].n, reps as usize);
    }
}
