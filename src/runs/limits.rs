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

/// Checks that `name` can name a file or folder on its own: not empty, not `.` or `..`, no
/// path separator and no control character. `what` says whose name it is.
pub fn check_plain_name(name: &str, what: &str) -> Result<(), String> {
    let bad = if name.is_empty() {
        Some("it is empty")
    } else if name == "." || name == ".." {
        Some("`.` and `..` name folders that already exist")
    } else if name.contains('/') || name.contains('\\') {
        Some("it holds a path separator")
    } else if name.chars().any(char::is_control) {
        Some("it holds a control character")
    } else {
        None
    };
    match bad {
        Some(why) => Err(format!(
            "{what} {name:?} is not a plain file name ({why}); it names the output folder results/<name>"
        )),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_threads() {
        for bad in ["", ".", "..", "a/b", "a\\b", "x\ny", "\u{7}"] {
            assert!(check_plain_name(bad, "scenario name").is_err(), "{bad:?}");
        }
        for good in ["default", "a.b", "..x", "café-2"] {
            assert!(check_plain_name(good, "scenario name").is_ok(), "{good:?}");
        }
        assert!(check_threads(0).is_ok());
        let e = check_threads(100_000_000).unwrap_err();
        assert!(e.contains("100000000") && e.contains("logical core"), "{e}");
    }
}
