//! Latency percentiles of a sample, nearest-rank.

use std::time::Duration;

#[derive(Clone, Copy, Debug, Default)]
pub struct Summary {
    pub count: usize,
    pub p50: Duration,
    pub p95: Duration,
    pub p99: Duration,
    pub max: Duration,
}

impl Summary {
    pub fn of(mut sample: Vec<Duration>) -> Self {
        if sample.is_empty() {
            return Self::default();
        }
        sample.sort_unstable();
        let at = |q: f64| sample[((q * sample.len() as f64).ceil() as usize).clamp(1, sample.len()) - 1];
        Self { count: sample.len(), p50: at(0.50), p95: at(0.95), p99: at(0.99), max: sample[sample.len() - 1] }
    }
}

/// Milliseconds with a precision that suits the size.
pub fn ms(duration: Duration) -> String {
    let ms = duration.as_secs_f64() * 1000.0;
    if ms < 10.0 {
        format!("{ms:.2}")
    } else if ms < 100.0 {
        format!("{ms:.1}")
    } else {
        format!("{ms:.0}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank_percentiles() {
        let sample: Vec<Duration> = (1..=100).map(Duration::from_millis).collect();
        let summary = Summary::of(sample);
        assert_eq!(summary.p50, Duration::from_millis(50));
        assert_eq!(summary.p95, Duration::from_millis(95));
        assert_eq!(summary.p99, Duration::from_millis(99));
        assert_eq!(summary.max, Duration::from_millis(100));
        assert_eq!(Summary::of(vec![Duration::from_millis(7)]).p50, Duration::from_millis(7));
        assert_eq!(Summary::of(Vec::new()).count, 0);
    }
}
