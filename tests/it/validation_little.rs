//! Little's law, L = lambda W, on the full default scenario under both policies, for three
//! queues: shoppers waiting for a staffed lane, customers at the pickup desk, and open
//! online orders. L is the time average of the model's own counter over the measured
//! period; lambda and W come, independently, from each customer's timestamps (arrivals in
//! the period, their times in the system cut at the horizon).
//!
//! Tolerance rule: over a finite window the two sides differ exactly by the time, inside the
//! window, of customers already present when it opened (carried in). So the test demands
//! (1) the identity `area = sojourn of arrivals + carried-in time` to 1e-9 relative, which
//! any slip between a counter and the timestamps breaks, and (2) `|L - lambda W| <=
//! carried-in / T`, the finite-window form of Little's law, and that bound below 6% of L.

use omnisim::scenario;
use omnisim::sim::{self, RunOptions, audit::QueueSystem};

/// Relative float slack of the bookkeeping identity.
const IDENTITY_TOLERANCE: f64 = 1e-9;
/// Largest carried-in share of L accepted (beyond it the window is too short to test).
const EDGE_SHARE: f64 = 0.06;

#[test]
fn littles_law_holds_for_checkout_pickup_desk_and_open_orders() {
    let sc = scenario::default_scenario();
    let window = sc.horizon() - sc.warmup_end();
    for (p, policy) in sc.policies.iter().enumerate() {
        for rep in 0..3 {
            let options = RunOptions {
                audit: true,
                check: None,
                ..RunOptions::default()
            };
            let r = sim::run_replication(&sc, p, rep, options);
            let audit = r.audit.unwrap();
            for (system, name) in [
                (QueueSystem::Checkout, "checkout queue"),
                (QueueSystem::PickupDesk, "pickup desk"),
                (QueueSystem::OpenOrders, "open online orders"),
            ] {
                let m = audit.little[0][system as usize];
                let l = m.area / window;
                let lambda = m.arrivals as f64 / window;
                let w = m.sojourn / m.arrivals as f64;
                if rep == 0 {
                    // The manual's Little's law table (docs/src/validation.md):
                    // `cargo test --release --test it validation_little:: -- --nocapture`.
                    eprintln!(
                        "| {} | {name} | {l:.4} | {:.5}/min | {w:.3} min | {:.4} | {:.4} |",
                        policy.name,
                        lambda,
                        lambda * w,
                        m.carried_in / window
                    );
                }
                assert!(m.arrivals > 100, "{name}: too few arrivals to test");
                let identity = (m.area - m.sojourn - m.carried_in).abs() / m.area;
                assert!(
                    identity < IDENTITY_TOLERANCE,
                    "{} rep {rep}, {name}: counter area {} != times in system {} + carried in {}",
                    policy.name,
                    m.area,
                    m.sojourn,
                    m.carried_in
                );
                let edge = m.carried_in / window;
                assert!(
                    (l - lambda * w).abs() <= edge + IDENTITY_TOLERANCE * l,
                    "{} rep {rep}, {name}: L = {l}, lambda W = {}, edge {edge}",
                    policy.name,
                    lambda * w
                );
                assert!(
                    edge < EDGE_SHARE * l,
                    "{name}: window too short: edge {edge}"
                );
            }
        }
    }
}
