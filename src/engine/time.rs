//! Simulated time: minutes \[min\] since day 0, 00:00, as `f64`.

/// A point in or a span of simulated time, in minutes \[min\].
pub type Minutes = f64;

/// Minutes in one hour \[min\].
pub const MINUTES_PER_HOUR: Minutes = 60.0;
/// Minutes in one day \[min\].
pub const MINUTES_PER_DAY: Minutes = 1440.0;

/// Formats a simulated instant as `d<day> HH:MM:SS`, for messages and traces.
pub fn format_clock(t: Minutes) -> String {
    let day = (t / MINUTES_PER_DAY).floor();
    let in_day = t - day * MINUTES_PER_DAY;
    let total_seconds = (in_day * 60.0).round() as i64;
    format!(
        "d{} {:02}:{:02}:{:02}",
        day as i64,
        total_seconds / 3600,
        (total_seconds / 60) % 60,
        total_seconds % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_day_and_clock() {
        assert_eq!(format_clock(0.0), "d0 00:00:00");
        assert_eq!(format_clock(MINUTES_PER_DAY + 90.5), "d1 01:30:30");
    }
}
