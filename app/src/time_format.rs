//! How an annotation's moment is written: `[mm:ss]`, or `[h:mm:ss]` from one
//! hour on.

/// Formats milliseconds into a video as `mm:ss` or `h:mm:ss` (no brackets).
pub fn format_at(ms: i64) -> String {
    let total = ms.max(0) / 1000;
    let (hours, minutes, seconds) = (total / 3600, (total / 60) % 60, total % 60);
    if hours > 0 {
        format!("{hours}:{minutes:02}:{seconds:02}")
    } else {
        format!("{minutes:02}:{seconds:02}")
    }
}

#[cfg(test)]
mod tests {
    use super::format_at;

    #[test]
    fn under_an_hour_is_minutes_and_seconds() {
        assert_eq!(format_at(0), "00:00");
        assert_eq!(format_at(999), "00:00");
        assert_eq!(format_at(61_000), "01:01");
        assert_eq!(format_at(3_599_999), "59:59");
    }

    #[test]
    fn from_an_hour_on_the_hours_lead() {
        assert_eq!(format_at(3_600_000), "1:00:00");
        assert_eq!(format_at(3_661_000), "1:01:01");
        assert_eq!(format_at(36_000_000 + 5_000), "10:00:05");
    }

    #[test]
    fn negative_times_clamp_to_zero() {
        assert_eq!(format_at(-5), "00:00");
    }
}
