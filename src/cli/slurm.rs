//! `omnisim slurm`: an sbatch script that runs a scenario as a Slurm job array, one shard per
//! array task, and submits the merge as a job that waits for the whole array.

use super::args::SlurmArgs;
use anyhow::{Result, bail};
use std::path::{Path, PathBuf};

/// Quotes `s` for a POSIX shell.
fn sh(s: &str) -> String {
    format!("'{}'", s.replace('\'', "'\\''"))
}

fn absolute(p: &Path) -> PathBuf {
    if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|d| d.join(p))
            .unwrap_or_else(|_| p.to_path_buf())
    }
}

/// The script (printed on stdout by the command).
pub fn script(args: &SlurmArgs) -> Result<String> {
    if args.tasks == 0 || args.tasks > 100_000 {
        bail!("--tasks must be from 1 to 100000, got {}", args.tasks);
    }
    if args.cpus_per_task == 0 || args.cpus_per_task > 1024 {
        bail!(
            "--cpus-per-task must be from 1 to 1024, got {}",
            args.cpus_per_task
        );
    }
    let ok_word = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_:.,".contains(c))
    };
    if !ok_word(&args.time) {
        bail!(
            "--time {:?}: expected a Slurm time such as 02:00:00 or 1-00:00:00",
            args.time
        );
    }
    if let Some(p) = &args.partition
        && !ok_word(p)
    {
        bail!("--partition {p:?}: expected a partition name");
    }
    // Check the scenario and its what-ifs now, not on the cluster.
    let sc = super::load_with_overrides(args.scenario.as_ref(), &args.set)?;
    let mut set = String::new();
    for o in &args.set {
        let text = o.text();
        // The shard command sits in a here-document: a line break could end it early.
        if text.chars().any(char::is_control) {
            bail!(
                "--set {text:?}: a value with a line break or another control character cannot go into a Slurm script"
            );
        }
        set.push_str(&format!(" --set {}", sh(&text)));
    }
    let replications = args.replications.unwrap_or(sc.replications);
    if replications == 0 {
        bail!("--replications must be at least 1");
    }
    let out = match &args.out {
        Some(o) => absolute(o),
        None => absolute(&super::default_out(&sc.name, "scenario name")?),
    };
    if out.display().to_string().chars().any(char::is_whitespace) {
        bail!(
            "the output folder {} holds white space, which Slurm's #SBATCH lines cannot carry: choose another --out",
            out.display()
        );
    }
    let exe = match &args.omnisim {
        Some(p) => absolute(p),
        None => std::env::current_exe()?,
    };
    let scenario = args
        .scenario
        .as_ref()
        .map(|p| sh(&absolute(p).display().to_string()))
        .unwrap_or_default();
    let seed = args.seed.unwrap_or(sc.seed);
    let n = args.tasks;
    let partition = args
        .partition
        .as_ref()
        .map(|p| format!("#SBATCH --partition={p}\n"))
        .unwrap_or_default();
    let q = |p: &Path| sh(&p.display().to_string());
    let logs = out.join("logs");
    let shards = out.join("shards");
    let merge_inputs: Vec<String> = (1..=n).map(|i| q(&shards.join(i.to_string()))).collect();
    let cpus = args.cpus_per_task;
    let time = &args.time;
    let name = &sc.name;
    Ok(format!(
        r#"#!/bin/bash
# omnisim on Slurm: scenario "{name}", {replications} replications x {policies} policies, seed {seed},
# as a job array of {n} tasks (shard I of {n} per task, {cpus} CPUs each), then one merge job
# that starts when every task has succeeded. Submit with:  bash THIS_SCRIPT
# A task that is requeued or run again resumes from its shard's journal.
set -euo pipefail
mkdir -p {logs_q} {shards_q}

array_id=$(sbatch --parsable <<'OMNISIM_SHARD'
#!/bin/bash
#SBATCH --job-name=omnisim-shard
#SBATCH --array=1-{n}
#SBATCH --cpus-per-task={cpus}
#SBATCH --time={time}
#SBATCH --requeue
#SBATCH --output={logs_plain}/shard-%a.out
{partition}set -euo pipefail
exec {exe} run {scenario}{set} --replications {replications} --seed {seed} --no-precision \
  --threads "${{SLURM_CPUS_PER_TASK:-{cpus}}}" --quiet \
  --shard "${{SLURM_ARRAY_TASK_ID}}/{n}" --out {shards_q}/"${{SLURM_ARRAY_TASK_ID}}"
OMNISIM_SHARD
)
echo "submitted shards: job array $array_id"

merge_id=$(sbatch --parsable{wait} --dependency="afterok:${{array_id}}" <<'OMNISIM_MERGE'
#!/bin/bash
#SBATCH --job-name=omnisim-merge
#SBATCH --cpus-per-task=1
#SBATCH --time={time}
#SBATCH --output={logs_plain}/merge.out
{partition}set -euo pipefail
exec {exe} merge {out_q} {merge_inputs}
OMNISIM_MERGE
)
echo "submitted merge: job $merge_id (results in {out_plain})"
"#,
        policies = sc.policies.len(),
        exe = sh(&exe.display().to_string()),
        logs_q = q(&logs),
        shards_q = q(&shards),
        logs_plain = logs.display(),
        out_q = q(&out),
        out_plain = out.display(),
        merge_inputs = merge_inputs.join(" "),
        wait = if args.wait { " --wait" } else { "" },
    ))
}
