//! The 2^5 factorial design of the policy levers between two policies (low and high, e.g.
//! siloed and aligned), and its main effects and two-way interactions with intervals across
//! replications. The article's four steps are four levers; the online safety buffer is a
//! fifth, because it pushes against the visibility step (a smaller buffer sells more of what
//! the view shows, and oversells more), so mixing the two would hide both.
//!
//! Every design point is a policy, so the whole design is one ordinary experiment: all 32
//! points of a replication see the same shoppers and orders (common random numbers), and each
//! effect is computed per replication as a contrast, then summarised with Student-t.

use super::ExperimentResult;
use super::stats::{Summary, summarize};
use crate::scenario::{Policy, Scenario};
use crate::sim::KPIS;

/// The levers, in design order (bit 0 = visibility). `visibility` moves the sync interval,
/// item location data, shelf-gap tasks and RFID counts together; `safety_buffer` the units
/// held back from the online view.
pub const LEVERS: [&str; 5] = [
    "visibility",
    "cross_training",
    "communication",
    "dispatch",
    "safety_buffer",
];

/// Design points: 2^5.
pub const POINTS: usize = 1 << LEVERS.len();

/// Policy of design point `point`: each lever at the high policy's setting when its bit is
/// set, else at the low policy's.
pub fn design_point(low: &Policy, high: &Policy, point: usize) -> Policy {
    let on = |lever: usize| point & (1 << lever) != 0;
    let mut p = low.clone();
    if on(0) {
        p.sync_interval = high.sync_interval;
        p.item_location = high.item_location;
        p.shelf_gap_tasks = high.shelf_gap_tasks;
        p.rfid_counts = high.rfid_counts;
    }
    if on(1) {
        p.cross_training_share = high.cross_training_share;
    }
    if on(2) {
        p.communication = high.communication;
    }
    if on(3) {
        p.dispatch = high.dispatch;
    }
    if on(4) {
        p.safety_buffer = high.safety_buffer;
    }
    p.name = match point {
        0 => low.name.clone(),
        x if x == POINTS - 1 => high.name.clone(),
        _ => {
            let levers: Vec<&str> = (0..LEVERS.len())
                .filter(|&l| on(l))
                .map(|l| LEVERS[l])
                .collect();
            format!("{}+{}", low.name, levers.join("+"))
        }
    };
    p.description = format!(
        "factorial point {point} between {} and {}",
        low.name, high.name
    );
    p
}

/// The scenario whose policies are the 32 design points (point 0, all low, is the baseline).
pub fn design_scenario(sc: &Scenario, low: usize, high: usize) -> Scenario {
    let mut out = sc.clone();
    out.policies = (0..POINTS)
        .map(|p| design_point(&sc.policies[low], &sc.policies[high], p))
        .collect();
    out.baseline = 0;
    out
}

/// The two policies a factorial spans: `low` (default: the baseline) and `high` (default: the
/// policy named `aligned` unless that is the low one, else the last other policy). `None` when
/// the scenario has a single policy or the two given are the same.
pub fn pair(sc: &Scenario, low: Option<usize>, high: Option<usize>) -> Option<(usize, usize)> {
    let low = low.unwrap_or(sc.baseline);
    let high = match high {
        Some(h) => h,
        None => sc
            .policies
            .iter()
            .position(|p| p.name == "aligned")
            .filter(|&h| h != low)
            .or_else(|| (0..sc.policies.len()).rev().find(|&p| p != low))?,
    };
    (low != high && low < sc.policies.len() && high < sc.policies.len()).then_some((low, high))
}

/// One estimated effect.
#[derive(Clone, Debug)]
pub struct Effect {
    /// `visibility`, ..., or `visibility:cross_training` for an interaction
    pub name: String,
    /// the levers involved (one or two indices into [`LEVERS`])
    pub levers: Vec<usize>,
    /// store label index (last = all stores)
    pub store: usize,
    /// KPI index
    pub kpi: usize,
    /// mean contrast and its interval over replications
    pub summary: Summary,
}

impl Effect {
    /// The interval excludes zero.
    pub fn significant(&self) -> bool {
        self.summary.ci_low > 0.0 || self.summary.ci_high < 0.0
    }
}

/// Lever sets estimated: the five main effects, then the ten two-way interactions.
pub fn effect_sets() -> Vec<Vec<usize>> {
    let n = LEVERS.len();
    let mut sets: Vec<Vec<usize>> = (0..n).map(|l| vec![l]).collect();
    for a in 0..n {
        for b in a + 1..n {
            sets.push(vec![a, b]);
        }
    }
    sets
}

/// Sign of design point `point` in the contrast of `levers` (+1 or -1).
fn sign(point: usize, levers: &[usize]) -> f64 {
    levers
        .iter()
        .map(|&l| if point & (1 << l) != 0 { 1.0 } else { -1.0 })
        .product()
}

/// Per-replication contrasts of `levers` for one store label and KPI.
///
/// # Formula
/// Per replication `r`: `E_r = (2 / 2^5) Σ_points sign(point) · y(point, r)`, which for a
/// main effect is mean(y | lever high) - mean(y | lever low), and for an interaction half the
/// change in one lever's effect when the other goes high. NaN where a point is undefined.
pub fn contrasts(
    result: &ExperimentResult,
    store: usize,
    kpi: usize,
    levers: &[usize],
) -> Vec<f64> {
    let series: Vec<Vec<f64>> = (0..POINTS).map(|p| result.series(p, store, kpi)).collect();
    (0..result.plan.replications as usize)
        .map(|r| {
            // The + and - points summed apart, each in point order: a lever that changes
            // nothing pairs equal values in the same order, so its contrast is exactly 0
            // rather than a rounding residue that could look significant.
            let (mut plus, mut minus) = (0.0, 0.0);
            for (p, y) in series.iter().enumerate() {
                if sign(p, levers) > 0.0 {
                    plus += y[r];
                } else {
                    minus += y[r];
                }
            }
            (plus - minus) * 2.0 / POINTS as f64
        })
        .collect()
}

/// Effects of every lever set, store label and KPI from a run of [`design_scenario`]: the
/// mean of the contrasts and its Student-t interval (`mean ± t · s / √n`) over the
/// replications where every point's value is defined.
pub fn effects(result: &ExperimentResult) -> Vec<Effect> {
    assert_eq!(
        result.cells.len(),
        POINTS,
        "a factorial run has one policy per design point"
    );
    let labels = result.store_labels().len();
    let mut out = Vec::new();
    for levers in effect_sets() {
        let name = levers
            .iter()
            .map(|&l| LEVERS[l])
            .collect::<Vec<_>>()
            .join(":");
        for store in 0..labels {
            for kpi in 0..KPIS.len() {
                out.push(Effect {
                    name: name.clone(),
                    levers: levers.clone(),
                    store,
                    kpi,
                    summary: summarize(
                        &contrasts(result, store, kpi, &levers),
                        result.plan.confidence,
                    ),
                });
            }
        }
    }
    out
}

/// Which lever matters most for one KPI, and how sure that is.
#[derive(Clone, Debug)]
pub struct Lead {
    /// lever with the largest main effect in size
    pub first: usize,
    /// the runner-up
    pub second: usize,
    /// how much larger the first effect is than the second, in size: per replication
    /// `|E_first| - |E_second|` taken with the signs of their means, then mean and interval
    pub margin: Summary,
}

impl Lead {
    /// The interval of the margin is above zero: the first lever clearly matters most.
    pub fn clear(&self) -> bool {
        self.margin.ci_low > 0.0
    }
}

/// The lever with the largest main effect on `kpi` at `store`, with the margin over the
/// runner-up computed replication by replication (the effects share common random numbers).
pub fn lead(result: &ExperimentResult, store: usize, kpi: usize) -> Option<Lead> {
    let per_lever: Vec<Vec<f64>> = (0..LEVERS.len())
        .map(|l| contrasts(result, store, kpi, &[l]))
        .collect();
    let means: Vec<f64> = per_lever
        .iter()
        .map(|c| summarize(c, result.plan.confidence).mean)
        .collect();
    if means.iter().any(|m| !m.is_finite()) {
        return None;
    }
    let mut order: Vec<usize> = (0..LEVERS.len()).collect();
    order.sort_by(|&a, &b| means[b].abs().total_cmp(&means[a].abs()));
    let (first, second) = (order[0], order[1]);
    let (s1, s2) = (means[first].signum(), means[second].signum());
    let margin: Vec<f64> = per_lever[first]
        .iter()
        .zip(&per_lever[second])
        .map(|(a, b)| s1 * a - s2 * b)
        .collect();
    Some(Lead {
        first,
        second,
        margin: summarize(&margin, result.plan.confidence),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::default_scenario;

    #[test]
    fn the_design_spans_low_to_high() {
        let sc = default_scenario();
        let (low, high) = pair(&sc, None, None).unwrap();
        assert_eq!(
            pair(&sc, Some(1), None),
            Some((1, 0)),
            "high defaults to the other one"
        );
        assert_eq!(pair(&sc, Some(0), Some(0)), None);
        let d = design_scenario(&sc, low, high);
        assert_eq!(d.policies.len(), 32);
        assert_eq!(d.policies[0].sync_interval, sc.policies[low].sync_interval);
        assert_eq!(d.policies[0].name, "siloed");
        assert_eq!(d.policies[31].name, "aligned");
        // The visibility step leaves the buffer alone; the buffer lever moves only it.
        assert!(d.policies[1].rfid_counts && d.policies[1].item_location);
        assert_eq!(d.policies[1].safety_buffer, sc.policies[low].safety_buffer);
        assert_eq!(
            d.policies[16].safety_buffer,
            sc.policies[high].safety_buffer
        );
        assert_eq!(d.policies[16].sync_interval, sc.policies[low].sync_interval);
        let mut top = d.policies[31].clone();
        top.name = sc.policies[high].name.clone();
        top.description = sc.policies[high].description.clone();
        assert_eq!(top, sc.policies[high]);
        assert_eq!(d.policies[2].name, "siloed+cross_training");
        assert_eq!(
            d.policies[2].cross_training_share,
            sc.policies[high].cross_training_share
        );
        assert_eq!(d.policies[2].dispatch, sc.policies[low].dispatch);
        let names: std::collections::BTreeSet<_> = d.policies.iter().map(|p| &p.name).collect();
        assert_eq!(names.len(), 32, "design point names are unique");
    }

    #[test]
    fn effects_of_a_run_recover_a_known_linear_model_with_common_noise() {
        use crate::experiment::{Cell, Plan};
        let design = design_scenario(&default_scenario(), 0, 1);
        // y = 3 + 2·[visibility] - 1·[dispatch] + 0.5·[both], plus a replication's common
        // noise that every point shares (as common random numbers give).
        let y = |p: usize, noise: f64| {
            let v = f64::from(u8::from(p & 1 != 0));
            let d = f64::from(u8::from(p & 8 != 0));
            3.0 + 2.0 * v - d + 0.5 * v * d + noise
        };
        let noise = [0.0, 7.0, -3.0, 11.0];
        let cells = (0..POINTS)
            .map(|p| {
                noise
                    .iter()
                    .map(|&e| Cell {
                        stores: vec![vec![y(p, e); KPIS.len()]],
                        all: vec![y(p, e); KPIS.len()],
                        events: 0,
                        recording: None,
                    })
                    .collect()
            })
            .collect();
        let result = ExperimentResult {
            scenario: design,
            plan: Plan::new(noise.len() as u32, 1),
            scenario_hash: String::new(),
            threads_used: 1,
            cells,
            wall_seconds: 0.0,
            events: 0,
            records: Default::default(),
        };
        let fx = effects(&result);
        let get = |name: &str| {
            fx.iter()
                .find(|e| e.name == name && e.store == 1 && e.kpi == 0)
                .unwrap()
                .summary
        };
        let close = |a: f64, b: f64| (a - b).abs() < 1e-12;
        assert!(close(get("visibility").mean, 2.25) && get("visibility").half_width() < 1e-9);
        assert!(close(get("dispatch").mean, -0.75));
        assert!(close(get("cross_training").mean, 0.0));
        assert!(close(get("visibility:dispatch").mean, 0.25));
        assert!(close(get("visibility:cross_training").mean, 0.0));
        let l = lead(&result, 1, 0).unwrap();
        assert_eq!(
            (LEVERS[l.first], LEVERS[l.second]),
            ("visibility", "dispatch")
        );
        assert!(close(l.margin.mean, 1.5) && l.clear());
    }

    #[test]
    fn contrasts_recover_a_known_linear_model() {
        // y = 3 + 2·[visibility] - 1·[dispatch] + 0.5·[visibility and dispatch]
        let y = |p: usize| {
            let v = f64::from(u8::from(p & 1 != 0));
            let d = f64::from(u8::from(p & 8 != 0));
            3.0 + 2.0 * v - d + 0.5 * v * d
        };
        let effect = |levers: &[usize]| {
            (0..POINTS).map(|p| sign(p, levers) * y(p)).sum::<f64>() * 2.0 / POINTS as f64
        };
        // Main effect of visibility: 2 + 0.5 averaged over dispatch = 2.25.
        assert!((effect(&[0]) - 2.25).abs() < 1e-12);
        assert!((effect(&[3]) - -0.75).abs() < 1e-12);
        assert!(effect(&[1]).abs() < 1e-12);
        // Interaction: half of the 0.5 change in visibility's effect when dispatch goes high.
        assert!((effect(&[0, 3]) - 0.25).abs() < 1e-12);
        assert!(effect(&[0, 1]).abs() < 1e-12);
        assert_eq!(effect_sets().len(), 15);
    }
}
