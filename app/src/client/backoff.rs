//! The two retry schedules of phoenix.js 1.8, as pure functions of the try
//! number, so that a page behaves after a lost connection the way Phoenix
//! users know: the socket retries quickly at first and then settles at every
//! five seconds; a channel waits longer, since its failure is usually the
//! server's answer rather than the network.

/// Milliseconds to wait before the socket's `tries`-th reconnect attempt
/// (counting from 1): 10, 50, 100, 150, 200, 250, 500, 1000, 2000, then 5000.
pub fn socket_reconnect_after_ms(tries: u32) -> u32 {
    const SCHEDULE: [u32; 9] = [10, 50, 100, 150, 200, 250, 500, 1000, 2000];
    schedule_at(&SCHEDULE, tries, 5000)
}

/// Milliseconds to wait before a channel's `tries`-th rejoin attempt
/// (counting from 1): 1000, 2000, 5000, then 10000.
pub fn channel_rejoin_after_ms(tries: u32) -> u32 {
    const SCHEDULE: [u32; 3] = [1000, 2000, 5000];
    schedule_at(&SCHEDULE, tries, 10_000)
}

fn schedule_at(schedule: &[u32], tries: u32, then: u32) -> u32 {
    // Try 0 does not happen; treat it as the first rather than panic.
    let index = tries.max(1) as usize - 1;
    schedule.get(index).copied().unwrap_or(then)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_socket_backs_off_to_every_five_seconds() {
        let delays: Vec<u32> = (1..=12).map(socket_reconnect_after_ms).collect();
        assert_eq!(delays, [10, 50, 100, 150, 200, 250, 500, 1000, 2000, 5000, 5000, 5000]);
        assert_eq!(socket_reconnect_after_ms(u32::MAX), 5000);
    }

    #[test]
    fn a_channel_backs_off_to_every_ten_seconds() {
        let delays: Vec<u32> = (1..=6).map(channel_rejoin_after_ms).collect();
        assert_eq!(delays, [1000, 2000, 5000, 10_000, 10_000, 10_000]);
    }

    #[test]
    fn try_zero_is_read_as_the_first() {
        assert_eq!(socket_reconnect_after_ms(0), 10);
        assert_eq!(channel_rejoin_after_ms(0), 1000);
    }
}
