//! Determinism: the engine's order for equal times, and a full experiment that gives the
//! same bytes on one thread and on two, and different values under another seed.

use omnisim::engine::EventQueue;
use omnisim::experiment::{self, Plan};
use omnisim::report::replications_csv;
use omnisim::scenario;

#[test]
fn equal_times_pop_in_scheduling_order() {
    let mut q = EventQueue::new();
    let trace = [
        (3.0, "c1"),
        (1.0, "a"),
        (3.0, "c2"),
        (2.0, "b"),
        (3.0, "c3"),
        (0.5, "z"),
    ];
    for (t, name) in trace {
        q.schedule_at(t, name);
    }
    let mut seen = Vec::new();
    while let Some((t, name)) = q.pop() {
        seen.push((name, t));
    }
    assert_eq!(
        seen,
        vec![
            ("z", 0.5),
            ("a", 1.0),
            ("b", 2.0),
            ("c1", 3.0),
            ("c2", 3.0),
            ("c3", 3.0)
        ]
    );
}

fn run(threads: usize, seed: u64) -> Vec<u8> {
    let mut sc = scenario::default_scenario();
    sc.days = 7;
    sc.warmup_days = 2;
    let plan = Plan {
        replications: 6,
        seed,
        threads,
        confidence: 0.95,
        ..Plan::new(0, 0)
    };
    let r = experiment::run(&sc, &plan, &|| {}).expect("thread pool");
    assert_eq!(r.threads_used, threads);
    replications_csv(&r).expect("csv")
}

#[test]
fn one_thread_and_two_threads_give_identical_bytes() {
    let one = run(1, 11);
    let two = run(2, 11);
    assert!(one.len() > 1000);
    assert!(
        one == two,
        "replications.csv differs between 1 and 2 threads"
    );
}

#[test]
fn another_seed_gives_other_values() {
    let a = String::from_utf8(run(2, 11)).unwrap();
    let b = String::from_utf8(run(2, 12)).unwrap();
    let revenue = |csv: &str| -> Vec<String> {
        csv.lines()
            .filter(|l| l.contains(",all,revenue,"))
            .map(str::to_string)
            .collect()
    };
    let (ra, rb) = (revenue(&a), revenue(&b));
    assert_eq!(ra.len(), 12);
    assert!(ra.iter().zip(&rb).all(|(x, y)| x != y), "{ra:?} vs {rb:?}");
}
