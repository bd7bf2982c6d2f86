//! Limits checked before any work starts, with messages that name the numbers.

/// Worker threads allowed per logical core.
pub const THREADS_PER_CORE: usize = 4;

/// Logical cores of this machine (1 when unknown).
pub fn logical_cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// Checks `--threads` (0 = one per core) against 4 x the logical cores.
pub fn check_threads(threads: usize) -> Result<(), String> {
    let cores = logical_cores();
    let cap = THREADS_PER_CORE * cores;
    if threads > cap {
        return Err(format!(
            "--threads {threads} is more than {THREADS_PER_CORE} x the {cores} logical core{} of this machine ({cap}); more threads only slow the run down (0 = one per core)",
            if cores == 1 { "" } else { "s" }
        ));
    }
    Ok(())
}

/// Memory this machine has available now (Linux: MemAvailable), in bytes.
pub fn available_memory() -> Option<u64> {
    let text = std::fs::read_to_string("/proc/meminfo").ok()?;
    let line = text.lines().find(|l| l.starts_with("MemAvailable:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib.saturating_mul(1024))
}

/// Bytes a run keeps per replication and policy: the KPI values of every store and of all.
pub fn bytes_per_cell(stores: usize, kpis: usize) -> u64 {
    ((stores as u64 + 1) * (kpis as u64 * 8 + 24)) + 96
}

/// Checks that the KPI values a run keeps in memory (replications x policies x store labels
/// x KPIs) fit in the memory this machine has available, with a margin.
pub fn check_run_memory(
    stores: usize,
    policies: usize,
    kpis: usize,
    replications: u32,
) -> Result<(), String> {
    let Some(available) = available_memory() else {
        return Ok(());
    };
    let need = bytes_per_cell(stores, kpis)
        .saturating_mul(policies as u64)
        .saturating_mul(u64::from(replications));
    if need > available / 10 * 8 {
        return Err(format!(
            "this run keeps {replications} replications x {policies} policies x {} store labels x {kpis} KPIs in memory, about {}, and this machine has {} available: run fewer replications or stores (or split the stores into several scenarios)",
            stores + 1,
            crate::input::human_bytes(need),
            crate::input::human_bytes(available)
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn threads() {
        assert!(check_threads(0).is_ok());
        let e = check_threads(100_000_000).unwrap_err();
        assert!(e.contains("100000000") && e.contains("logical core"), "{e}");
    }
}
