//! Durations with units (`"90s"`, `"15min"`, `"2h"`, `"1d"`) and clock times (`"08:30"`).

use crate::engine::{MINUTES_PER_DAY, Minutes};

/// Parses a duration into minutes \[min\]. Accepts `s`, `sec`, `min`, `m`, `h`, `d`, the words
/// `realtime` (0) and `nightly` (24 h). A bare number is minutes.
pub fn parse_duration(text: &str) -> Result<Minutes, String> {
    let t = text.trim();
    match t {
        "realtime" | "real-time" | "real_time" => return Ok(0.0),
        "nightly" | "daily" => return Ok(MINUTES_PER_DAY),
        _ => {}
    }
    let split = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-' || c == '+' || c == 'e'))
        .unwrap_or(t.len());
    let (number, unit) = t.split_at(split);
    let value: f64 = number.trim().parse().map_err(|_| {
        format!("expected a duration like \"90s\", \"15min\", \"2h\" or \"1d\", got \"{text}\"")
    })?;
    let factor = match unit.trim() {
        "" | "min" | "mins" | "minute" | "minutes" | "m" => 1.0,
        "s" | "sec" | "secs" | "second" | "seconds" => 1.0 / 60.0,
        "h" | "hr" | "hour" | "hours" => 60.0,
        "d" | "day" | "days" => MINUTES_PER_DAY,
        other => {
            return Err(format!(
                "unknown time unit \"{other}\" in \"{text}\": use s, min, h or d"
            ));
        }
    };
    if !value.is_finite() {
        return Err(format!("duration \"{text}\" is not a finite number"));
    }
    Ok(value * factor)
}

/// Parses a clock time `HH:MM` into minutes after midnight \[min\]; `24:00` is allowed.
pub fn parse_clock(text: &str) -> Result<Minutes, String> {
    let err = || format!("expected a clock time like \"08:30\", got \"{text}\"");
    let (h, m) = text.trim().split_once(':').ok_or_else(err)?;
    let h: u32 = h.parse().map_err(|_| err())?;
    let m: u32 = m.parse().map_err(|_| err())?;
    if m >= 60 || h > 24 || (h == 24 && m > 0) {
        return Err(err());
    }
    Ok(f64::from(h * 60 + m))
}

/// Weekday names, Monday first; day 0 of every simulation is a Monday.
pub const WEEKDAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// Parses a weekday name (`mon`, `monday`, case-insensitive) into 0 (Monday) ..= 6 (Sunday).
pub fn parse_weekday(text: &str) -> Result<usize, String> {
    const FULL: [&str; 7] = [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];
    let lower = text.trim().to_ascii_lowercase();
    (0..7)
        .find(|&d| lower == WEEKDAYS[d] || lower == FULL[d])
        .ok_or_else(|| format!("expected a weekday (mon, tue, ..., sun), got \"{text}\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("90s").unwrap(), 1.5);
        assert_eq!(parse_duration("15min").unwrap(), 15.0);
        assert_eq!(parse_duration("2h").unwrap(), 120.0);
        assert_eq!(parse_duration("1.5d").unwrap(), 2160.0);
        assert_eq!(parse_duration("nightly").unwrap(), 1440.0);
        assert_eq!(parse_duration("7").unwrap(), 7.0);
        assert!(parse_duration("2 fortnights").is_err());
        assert!(parse_duration("abc").is_err());
    }

    #[test]
    fn clocks_and_weekdays() {
        assert_eq!(parse_clock("08:30").unwrap(), 510.0);
        assert_eq!(parse_clock("24:00").unwrap(), 1440.0);
        assert!(parse_clock("25:00").is_err());
        assert!(parse_clock("8h").is_err());
        assert_eq!(parse_weekday("Saturday").unwrap(), 5);
        assert!(parse_weekday("xyz").is_err());
        assert!(parse_weekday("monkey").is_err());
    }
}
