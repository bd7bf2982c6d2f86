//! What `omnisim run` will do, decided in one place: each setting comes from its flag, else
//! from the scenario's `[experiment]` section, else from the default, and every flag that does
//! not fit the others is refused here, before anything runs or is written. Kept apart from the
//! command so the decisions can be tested without running a simulation.

use super::{Format, RunArgs, default_out};
use crate::experiment::precision::{MIN_PILOT, PrecisionTarget};
use crate::experiment::{self, Plan};
use crate::runs::journal::Existing;
use crate::runs::limits;
use crate::scenario::Scenario;
use crate::sim::KPIS;
use anyhow::{Result, bail};
use std::path::PathBuf;

/// The settings of one `omnisim run`, resolved from its flags and its scenario.
#[derive(Clone, Debug)]
pub(crate) struct RunOptions {
    /// Replications, seed, threads, confidence and the replication/day the timeline records.
    pub plan: Plan,
    /// Replicate until the intervals are this narrow (`None`: the fixed count of `plan`).
    pub precision: Option<PrecisionTarget>,
    /// The indices of the low and high policies when the run is the factorial design.
    pub factorial: Option<(usize, usize)>,
    /// The results folder.
    pub out: PathBuf,
    /// What to do with a journal already in `out`.
    pub existing: Existing,
}

impl RunOptions {
    /// Resolves a run's settings from its parsed flags and its loaded scenario (the `--set`
    /// values already written in). Errors name the flag and what it accepts.
    pub(crate) fn from_cli_arguments(args: &RunArgs, sc: &Scenario) -> Result<RunOptions> {
        limits::check_threads(args.threads).map_err(anyhow::Error::msg)?;
        let spec = &sc.experiment;
        let confidence = args.confidence.unwrap_or(spec.confidence);
        check_confidence(confidence)?;
        let mut plan = Plan {
            replications: args.replications.unwrap_or(sc.replications),
            seed: args.seed.unwrap_or(sc.seed),
            threads: args.threads,
            confidence,
            timeline_replication: args.timeline_replication,
            timeline_day: args.timeline_day,
        };
        if plan.replications == 0 {
            bail!("--replications must be at least 1");
        }
        let total_days = sc.warmup_days + sc.days;
        if let Some(d) = args.timeline_day
            && d >= total_days
        {
            let warmup = match sc.warmup_days {
                0 => "no warm-up days".to_string(),
                1 => "warm-up day 0 included".to_string(),
                w => format!("warm-up days 0 to {} included", w - 1),
            };
            bail!(
                "--timeline-day {d} is beyond the run: days 0 to {} ({warmup})",
                total_days - 1
            );
        }
        let precision = match args
            .precision
            .or(spec.precision)
            .filter(|_| !args.no_precision)
        {
            None => {
                if !args.kpis.is_empty() || args.max_replications.is_some() {
                    bail!("--kpi and --max-replications apply to --precision, which is not set");
                }
                None
            }
            Some(target) => {
                if !(target > 0.0 && target < 1.0) {
                    bail!(
                        "--precision must be a relative half-width above 0 and below 1 (e.g. 0.02), got {target}"
                    );
                }
                let max_replications = args.max_replications.unwrap_or(spec.max_replications);
                if max_replications < 2 {
                    bail!("--max-replications must be at least 2");
                }
                if args.replications.is_none() {
                    plan.replications = MIN_PILOT;
                }
                let pilot = plan.replications.max(MIN_PILOT);
                if max_replications < pilot {
                    bail!(
                        "--max-replications ({max_replications}) is below the pilot of {pilot} replications (--replications, at least {MIN_PILOT})"
                    );
                }
                let names = if args.kpis.is_empty() {
                    &spec.precision_kpis
                } else {
                    &args.kpis
                };
                Some(PrecisionTarget {
                    relative_half_width: target,
                    kpis: kpi_indices(names)?,
                    max_replications,
                })
            }
        };
        // The timeline's replication must be among those run (the pilot, with --precision).
        let first_count = match &precision {
            Some(_) => plan.replications.max(MIN_PILOT),
            None => plan.replications,
        };
        if args.timeline_replication >= first_count {
            bail!(
                "--timeline-replication {} is not run: replications are numbered 0 to {}",
                args.timeline_replication,
                first_count - 1
            );
        }
        // Only the report draws the staff timeline: without it, nothing is recorded.
        if args.no_report {
            plan.timeline_replication = experiment::NO_TIMELINE;
        }
        let factorial_asked = (args.factorial || spec.factorial) && !args.no_factorial;
        if !factorial_asked && (args.low.is_some() || args.high.is_some()) {
            bail!("--low and --high apply to --factorial, which is not set");
        }
        let factorial = if factorial_asked {
            let low = match &args.low {
                Some(name) => Some(policy_index(sc, name, "--low")?),
                None => spec.factorial_low,
            };
            let high = match &args.high {
                Some(name) => Some(policy_index(sc, name, "--high")?),
                None => spec.factorial_high,
            };
            let Some(pair) = experiment::factorial::pair(sc, low, high) else {
                bail!(
                    "the factorial needs two different policies for its low and high settings; scenario \"{}\" gives {} (choose them with --low and --high)",
                    sc.name,
                    sc.policies
                        .iter()
                        .map(|p| format!("\"{}\"", p.name))
                        .collect::<Vec<_>>()
                        .join(", ")
                );
            };
            Some(pair)
        } else {
            None
        };
        let out = match &args.out {
            Some(o) => o.clone(),
            None if factorial.is_some() => {
                default_out(&sc.name, "scenario name")?;
                PathBuf::from("results").join(format!("{}-factorial", sc.name))
            }
            None => default_out(&sc.name, "scenario name")?,
        };
        // The factorial design replaces the scenario's policies by its design points.
        let policies = match factorial {
            Some(_) => experiment::factorial::POINTS,
            None => sc.policies.len(),
        };
        let most = precision
            .as_ref()
            .map_or(plan.replications, |t| t.max_replications);
        limits::check_run_memory(sc.stores.len(), policies, KPIS.len(), most)
            .map_err(anyhow::Error::msg)?;
        if args.shard.is_some() && args.format == Format::Json {
            bail!(
                "--format json does not apply to --shard: a shard has no results until `omnisim merge`"
            );
        }
        if args.shard.is_some() && precision.is_some() {
            bail!(
                "--shard and --precision do not go together: the precision loop decides each step from all replications so far; run the shards with a fixed --replications (or --no-precision)"
            );
        }
        let existing = if args.fresh {
            Existing::Fresh
        } else if args.resume {
            Existing::Resume
        } else {
            Existing::Auto
        };
        Ok(RunOptions {
            plan,
            precision,
            factorial,
            out,
            existing,
        })
    }
}

/// Refuses a confidence level outside [0.5, 1).
pub(crate) fn check_confidence(confidence: f64) -> Result<()> {
    if !(0.5..1.0).contains(&confidence) {
        bail!("--confidence must be at least 0.5 and below 1 (e.g. 0.95), got {confidence}");
    }
    Ok(())
}

/// The index of the policy called `name`; the error names `flag` and lists the policies.
pub(crate) fn policy_index(sc: &Scenario, name: &str, flag: &str) -> Result<usize> {
    sc.policies
        .iter()
        .position(|p| p.name == name)
        .ok_or_else(|| {
            let names: Vec<&str> = sc.policies.iter().map(|p| p.name.as_str()).collect();
            anyhow::anyhow!(
                "{flag} \"{name}\": no such policy in scenario \"{}\" (policies: {})",
                sc.name,
                names.join(", ")
            )
        })
}

/// The indices of the KPIs named (none named: the headline KPIs).
pub(crate) fn kpi_indices(names: &[String]) -> Result<Vec<usize>> {
    if names.is_empty() {
        return Ok((0..KPIS.len()).filter(|&k| KPIS[k].headline).collect());
    }
    let all: Vec<&str> = KPIS.iter().map(|k| k.name).collect();
    names
        .iter()
        .map(|n| {
            crate::sim::kpi_index(n).ok_or_else(|| {
                let hint = crate::scenario::error::nearest(n, &all)
                    .map(|x| format!(" (did you mean \"{x}\"?)"))
                    .unwrap_or_default();
                anyhow::anyhow!("--kpi \"{n}\": unknown KPI{hint}; `omnisim kpis` lists them")
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::{Cli, Command};
    use clap::Parser;

    fn args(flags: &[&str]) -> RunArgs {
        let argv = ["omnisim", "run"].iter().chain(flags);
        match Cli::try_parse_from(argv).expect("flags parse").command {
            Command::Run(a) => a,
            _ => unreachable!("a run command"),
        }
    }

    fn resolve(flags: &[&str], sc: &Scenario) -> Result<RunOptions> {
        RunOptions::from_cli_arguments(&args(flags), sc)
    }

    fn error(flags: &[&str], sc: &Scenario) -> String {
        format!("{:#}", resolve(flags, sc).expect_err("refused"))
    }

    #[test]
    fn without_flags_the_scenario_decides() {
        let mut sc = crate::scenario::default_scenario();
        sc.replications = 7;
        sc.seed = 99;
        sc.experiment.confidence = 0.9;
        let o = resolve(&[], &sc).unwrap();
        assert_eq!(o.plan.replications, 7);
        assert_eq!(o.plan.seed, 99);
        assert_eq!(o.plan.confidence, 0.9);
        assert!(o.precision.is_none());
        assert!(o.factorial.is_none());
        assert_eq!(o.out, PathBuf::from("results").join(&sc.name));
        assert_eq!(o.existing, Existing::Auto);
    }

    #[test]
    fn flags_override_the_scenario() {
        let mut sc = crate::scenario::default_scenario();
        sc.experiment.confidence = 0.9;
        let o = resolve(
            &[
                "-r",
                "3",
                "--seed",
                "5",
                "--confidence",
                "0.8",
                "--out",
                "x",
                "--fresh",
            ],
            &sc,
        )
        .unwrap();
        assert_eq!(o.plan.replications, 3);
        assert_eq!(o.plan.seed, 5);
        assert_eq!(o.plan.confidence, 0.8);
        assert_eq!(o.out, PathBuf::from("x"));
        assert_eq!(o.existing, Existing::Fresh);
    }

    #[test]
    fn precision_from_the_scenario_unless_turned_off() {
        let mut sc = crate::scenario::default_scenario();
        sc.experiment.precision = Some(0.05);
        sc.experiment.max_replications = 40;
        let o = resolve(&[], &sc).unwrap();
        let t = o.precision.expect("precision from [experiment]");
        assert_eq!(t.relative_half_width, 0.05);
        assert_eq!(t.max_replications, 40);
        // Without --replications the run starts from the pilot.
        assert_eq!(o.plan.replications, MIN_PILOT);
        let headline = (0..KPIS.len()).filter(|&k| KPIS[k].headline).count();
        assert_eq!(t.kpis.len(), headline);
        let o = resolve(&["--precision", "0.1", "--max-replications", "50"], &sc).unwrap();
        let t = o.precision.unwrap();
        assert_eq!((t.relative_half_width, t.max_replications), (0.1, 50));
        assert!(
            resolve(&["--no-precision"], &sc)
                .unwrap()
                .precision
                .is_none()
        );
    }

    #[test]
    fn factorial_picks_its_policies() {
        let sc = crate::scenario::default_scenario();
        assert!(sc.policies.len() >= 2);
        let low = &sc.policies[1].name;
        let high = &sc.policies[0].name;
        let o = resolve(&["--factorial", "--low", low, "--high", high], &sc).unwrap();
        assert_eq!(o.factorial, Some((1, 0)));
        assert_eq!(
            o.out,
            PathBuf::from("results").join(format!("{}-factorial", sc.name))
        );
        let mut spec_on = sc.clone();
        spec_on.experiment.factorial = true;
        assert!(resolve(&[], &spec_on).unwrap().factorial.is_some());
        assert!(
            resolve(&["--no-factorial"], &spec_on)
                .unwrap()
                .factorial
                .is_none()
        );
    }

    #[test]
    fn flags_that_do_not_fit_are_refused() {
        let sc = crate::scenario::default_scenario();
        assert!(error(&["-r", "0"], &sc).contains("--replications must be at least 1"));
        assert!(error(&["--confidence", "0.3"], &sc).contains("--confidence"));
        assert!(error(&["--kpi", "nps"], &sc).contains("apply to --precision"));
        assert!(error(&["--low", "x"], &sc).contains("apply to --factorial"));
        assert!(error(&["--precision", "1.5"], &sc).contains("--precision must be"));
        assert!(
            error(&["--precision", "0.1", "--kpi", "npz"], &sc).contains("did you mean \"nps\"")
        );
        assert!(error(&["--factorial", "--low", "nobody"], &sc).contains("no such policy"));
        let r = sc.replications.to_string();
        assert!(error(&["--timeline-replication", &r], &sc).contains("is not run"));
        let days = (sc.warmup_days + sc.days).to_string();
        assert!(error(&["--timeline-day", &days], &sc).contains("beyond the run"));
        assert!(
            error(&["--shard", "1/2", "--format", "json"], &sc)
                .contains("does not apply to --shard")
        );
    }
}
