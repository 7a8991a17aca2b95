//! How big each scenario is in each mode: `smoke` proves everything works in
//! seconds, `quick` gives rough figures in under two minutes for all three
//! servers, `full` is the method at this machine's limits.

use std::time::Duration;

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Mode {
    Smoke,
    Quick,
    Full,
}

#[derive(Clone, Debug)]
pub struct Plan {
    /// Idle joined sockets at which server memory is read (the first is 0).
    pub idle_steps: Vec<usize>,
    /// How long the largest idle swarm is held, heartbeating, before the count.
    pub hold: Duration,
    /// Subscriber counts of the fan-out steps, raised until p95 passes 500 ms.
    pub fanout_steps: Vec<usize>,
    /// Broadcasts timed at each fan-out step.
    pub fanout_rounds: usize,
    /// Posts per second of the steady posting run, and how long it lasts.
    pub posting_rate: u32,
    pub posting_time: Duration,
    /// Higher rates tried, in order, for the highest with p99 under 50 ms.
    pub posting_ramp: Vec<u32>,
    pub ramp_time: Duration,
    /// Timed joins of the 200-annotation video.
    pub joins: usize,
    /// No scenario of one server runs longer than this.
    pub scenario_limit: Duration,
    /// Treat a lost post or broadcast as a failure (smoke mode: at its tiny
    /// sizes a loss means something is broken, not overloaded).
    pub strict: bool,
}

impl Plan {
    pub fn for_mode(mode: Mode) -> Self {
        match mode {
            Mode::Smoke => Self {
                idle_steps: vec![0, 50],
                hold: Duration::from_secs(1),
                fanout_steps: vec![20],
                fanout_rounds: 5,
                posting_rate: 200,
                posting_time: Duration::from_secs(1),
                posting_ramp: vec![],
                ramp_time: Duration::from_secs(1),
                joins: 50,
                scenario_limit: Duration::from_secs(20),
                strict: true,
            },
            Mode::Quick => Self {
                idle_steps: vec![0, 1_000, 4_000],
                hold: Duration::from_secs(2),
                fanout_steps: vec![250, 1_000, 2_500, 5_000],
                fanout_rounds: 20,
                posting_rate: 1_000,
                posting_time: Duration::from_secs(3),
                posting_ramp: vec![2_000, 4_000, 8_000],
                ramp_time: Duration::from_secs(2),
                joins: 1_000,
                scenario_limit: Duration::from_secs(30),
                strict: false,
            },
            Mode::Full => Self {
                idle_steps: vec![0, 10_000, 50_000, 100_000],
                // Past Phoenix's 60 s heartbeat timeout, so that only sockets
                // that really heartbeat are counted.
                hold: Duration::from_secs(70),
                fanout_steps: vec![1_000, 2_500, 5_000, 10_000, 15_000, 20_000, 30_000, 50_000, 100_000],
                fanout_rounds: 50,
                posting_rate: 1_000,
                posting_time: Duration::from_secs(10),
                posting_ramp: vec![2_000, 3_000, 5_000, 8_000, 12_000, 16_000, 24_000],
                ramp_time: Duration::from_secs(5),
                joins: 1_000,
                scenario_limit: Duration::from_secs(400),
                strict: false,
            },
        }
    }
}
