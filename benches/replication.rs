//! One replication of the default scenario under each shipped policy.
//! `cargo bench --bench replication`; events per second = events / time per iteration,
//! printed once before the timings. Each policy is timed plain and with the report's
//! recorders on (hourly profiles, daily inventory values, one day's staff timeline), as
//! `omnisim run` uses them, so their cost can be read off side by side.

use criterion::{Criterion, criterion_group, criterion_main};
use omnisim::{scenario, sim};
use std::hint::black_box;
use std::time::Instant;

fn bench(c: &mut Criterion) {
    let sc = scenario::default_scenario();
    for (p, policy) in sc.policies.iter().enumerate() {
        let start = Instant::now();
        let r = sim::run_replication(&sc, p, 0, sim::RunOptions::default());
        let secs = start.elapsed().as_secs_f64();
        eprintln!(
            "{}: {} events per replication, {:.2} M events/s (single run)",
            policy.name,
            r.events,
            r.events as f64 / secs / 1e6
        );
        let mut group = c.benchmark_group("replication");
        group.sample_size(10);
        group.throughput(criterion::Throughput::Elements(r.events));
        group.bench_function(&policy.name, |b| {
            b.iter(|| sim::run_replication(black_box(&sc), p, 0, sim::RunOptions::default()))
        });
        let recorded = sim::RunOptions {
            record: sim::RecordOptions {
                profile: true,
                timeline_day: Some(omnisim::experiment::timeline_day(&sc)),
                timeline_store: Some(0),
            },
            ..sim::RunOptions::default()
        };
        group.bench_function(format!("{}+report", policy.name), |b| {
            b.iter(|| sim::run_replication(black_box(&sc), p, 0, recorded))
        });
        group.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
