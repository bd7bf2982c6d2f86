//! `run.json`: what was run, how, how fast, and how much the statistics can be trusted
//! (confidence levels, the variance reduction that common random numbers gave, the precision
//! loop's outcome).

use crate::error::Result;
use crate::experiment::ExperimentResult;
use crate::experiment::precision::PrecisionOutcome;
use crate::experiment::stats::paired;
use crate::runs::ManifestEntry;
use crate::sim::KPIS;
use serde::Serialize;

#[derive(Serialize)]
struct RunInfo<'a> {
    omnisim_version: &'a str,
    scenario: &'a str,
    scenario_hash: String,
    seed: u64,
    replications: u32,
    policies: Vec<&'a str>,
    baseline: &'a str,
    stores: Vec<&'a str>,
    threads: usize,
    wall_seconds: f64,
    events_simulated: u64,
    events_per_second: f64,
    /// family-wise level of every interval
    confidence: f64,
    /// per-comparison level of the intervals against the baseline (Bonferroni)
    comparison_confidence: f64,
    /// non-baseline policies compared (the Bonferroni divisor)
    comparisons: usize,
    /// common random numbers at work, per non-baseline policy and headline KPI, all stores
    variance_reduction: Vec<VarianceReduction<'a>>,
    levers: Vec<Levers<'a>>,
    /// what the scenario assumes: horizon, and each store's hours, demand and staff
    assumptions: Assumptions<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    precision: Option<PrecisionInfo<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    factorial: Option<FactorialInfo<'a>>,
    /// the run's `--set PATH=VALUE` overrides, in order
    #[serde(skip_serializing_if = "Vec::is_empty")]
    overrides: Vec<&'a str>,
    /// this run's files (the manifest `report` reads, and checks), written last
    #[serde(skip_serializing_if = "Vec::is_empty")]
    files: Vec<ManifestEntry>,
}

/// One policy's lever settings, for the report.
#[derive(Serialize)]
struct Levers<'a> {
    policy: &'a str,
    sync_interval_min: f64,
    safety_buffer: u32,
    cross_training_share: f64,
    communication: crate::scenario::CommunicationMode,
    dispatch: crate::scenario::DispatchRule,
    item_location: bool,
    shelf_gap_tasks: bool,
    rfid_counts: bool,
}

/// The scenario's assumptions a reader of the report needs beside "what was run".
#[derive(Serialize)]
struct Assumptions<'a> {
    /// measured days
    days: u32,
    /// simulated but uncounted days before them
    warmup_days: u32,
    /// SKUs in the catalogue
    skus: usize,
    stores: Vec<StoreAssumptions<'a>>,
}

#[derive(Serialize)]
struct StoreAssumptions<'a> {
    name: &'a str,
    /// opening and closing time [min after midnight]
    open_min: f64,
    close_min: f64,
    /// expected walk-in shoppers and online orders per week
    shoppers_per_week: f64,
    online_orders_per_week: f64,
    /// share of online orders picked up in store
    bopis_share: f64,
    /// employees on the roster, and of them in the online team
    staff: u32,
    online_staff: u32,
    checkout_lanes: u32,
    self_checkout: u32,
}

fn assumptions(sc: &crate::scenario::Scenario) -> Assumptions<'_> {
    Assumptions {
        days: sc.days,
        warmup_days: sc.warmup_days,
        skus: sc.catalogue.skus.len(),
        stores: sc
            .stores
            .iter()
            .map(|s| StoreAssumptions {
                name: &s.name,
                open_min: s.open,
                close_min: s.close,
                shoppers_per_week: s.shoppers.arrivals.per_weekday.iter().sum(),
                online_orders_per_week: s.online.arrivals.per_weekday.iter().sum(),
                bopis_share: s.online.bopis_share,
                staff: s.staff.iter().map(|g| g.count).sum(),
                online_staff: s
                    .staff
                    .iter()
                    .filter(|g| g.team == crate::scenario::Team::Online)
                    .map(|g| g.count)
                    .sum(),
                checkout_lanes: s.checkout_lanes,
                self_checkout: s.self_checkout,
            })
            .collect(),
    }
}

#[derive(Serialize)]
struct VarianceReduction<'a> {
    policy: &'a str,
    kpi: &'a str,
    /// half-width of the paired difference (common random numbers)
    paired_half_width: f64,
    /// half-width the difference would have from independent runs of the same size
    independent_half_width: f64,
    /// 1 - Var(difference) / (Var(policy) + Var(baseline))
    variance_reduction: f64,
    /// independent replications needed per paired one for the same precision:
    /// (Var(policy) + Var(baseline)) / Var(difference) = 1 / (1 - variance_reduction)
    replication_factor: f64,
}

#[derive(Serialize)]
struct PrecisionInfo<'a> {
    target_relative_half_width: f64,
    kpis: Vec<&'a str>,
    pilot: u32,
    max_replications: u32,
    replications_used: u32,
    steps: Vec<u32>,
    target_met: bool,
    stopped_by_cap: bool,
    reached: Vec<Reached<'a>>,
}

#[derive(Serialize)]
struct Reached<'a> {
    policy: &'a str,
    kpi: &'a str,
    mean: Option<f64>,
    half_width: Option<f64>,
    relative_half_width: Option<f64>,
    /// false when the KPI is undefined in every replication: then not checked, `met` null
    defined: bool,
    met: Option<bool>,
}

/// Which two policies a factorial run spans.
#[derive(Clone, Debug, Serialize)]
pub struct FactorialInfo<'a> {
    /// policy giving every lever's low setting
    pub low: &'a str,
    /// policy giving every lever's high setting
    pub high: &'a str,
}

fn finite(v: f64) -> Option<f64> {
    v.is_finite().then_some(v)
}

/// The run's metadata as pretty JSON.
pub fn run_json(
    r: &ExperimentResult,
    precision: Option<&PrecisionOutcome>,
    factorial: Option<FactorialInfo<'_>>,
    overrides: &[String],
    files: Vec<ManifestEntry>,
) -> Result<Vec<u8>> {
    let all = r.scenario.stores.len();
    let b = r.scenario.baseline;
    let level = r.comparison_confidence();
    let mut variance_reduction = Vec::new();
    for (p, policy) in r.scenario.policies.iter().enumerate() {
        if p == b {
            continue;
        }
        for (k, def) in KPIS.iter().enumerate().filter(|(_, d)| d.headline) {
            let c = paired(&r.series(p, all, k), &r.series(b, all, k), level);
            let paired_hw = c.diff.half_width();
            variance_reduction.push(VarianceReduction {
                policy: &policy.name,
                kpi: def.name,
                paired_half_width: paired_hw,
                independent_half_width: c.independent_half_width,
                variance_reduction: c.variance_reduction,
                replication_factor: 1.0 / (1.0 - c.variance_reduction),
            });
        }
    }
    let precision = precision.map(|o| PrecisionInfo {
        target_relative_half_width: o.target.relative_half_width,
        kpis: o.target.kpis.iter().map(|&k| KPIS[k].name).collect(),
        pilot: o.pilot,
        max_replications: o.target.max_replications,
        replications_used: r.plan.replications,
        steps: o.steps.clone(),
        target_met: o.met,
        stopped_by_cap: !o.met,
        reached: o
            .reached
            .iter()
            .map(|x| Reached {
                policy: &r.scenario.policies[x.policy].name,
                kpi: KPIS[x.kpi].name,
                mean: finite(x.mean),
                half_width: finite(x.half_width),
                relative_half_width: finite(x.relative),
                defined: !x.undefined(),
                met: (!x.undefined()).then(|| x.meets(o.target.relative_half_width)),
            })
            .collect(),
    });
    let info = RunInfo {
        omnisim_version: env!("CARGO_PKG_VERSION"),
        scenario: &r.scenario.name,
        scenario_hash: r.scenario_hash.clone(),
        seed: r.plan.seed,
        replications: r.plan.replications,
        policies: r
            .scenario
            .policies
            .iter()
            .map(|p| p.name.as_str())
            .collect(),
        baseline: &r.scenario.policies[b].name,
        stores: r.scenario.stores.iter().map(|s| s.name.as_str()).collect(),
        threads: r.threads_used,
        wall_seconds: r.wall_seconds,
        events_simulated: r.events,
        events_per_second: if r.wall_seconds > 0.0 {
            r.events as f64 / r.wall_seconds
        } else {
            0.0
        },
        confidence: r.plan.confidence,
        comparison_confidence: level,
        comparisons: r.comparisons(),
        variance_reduction,
        assumptions: assumptions(&r.scenario),
        precision,
        factorial,
        overrides: overrides.iter().map(String::as_str).collect(),
        files,
        levers: r
            .scenario
            .policies
            .iter()
            .map(|p| Levers {
                policy: &p.name,
                sync_interval_min: p.sync_interval,
                safety_buffer: p.safety_buffer,
                cross_training_share: p.cross_training_share,
                communication: p.communication,
                dispatch: p.dispatch,
                item_location: p.item_location,
                shelf_gap_tasks: p.shelf_gap_tasks,
                rfid_counts: p.rfid_counts,
            })
            .collect(),
    };
    let mut bytes = serde_json::to_vec_pretty(&info)?;
    bytes.push(b'\n');
    Ok(bytes)
}
