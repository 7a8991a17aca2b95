//! Memory per joined socket and connections held (issue scenarios 2 and 3):
//! idle sockets, each joined to one of 100 topics, are added in steps and the
//! server's RSS read at each; the largest swarm is then held, heartbeating,
//! and counted by who still answers a heartbeat.
//!
//! Steps above the socket cap (the open-file limit) are cut to the cap, and
//! the report says that this, not the server, is what stopped the count.

use super::Setup;
use crate::rss::rss_kib;
use crate::swarm::Swarm;
use crate::target::Target;
use std::time::{Duration, Instant};

/// Time for the server to finish the joins' work and the allocator to settle.
const SETTLE: Duration = Duration::from_secs(1);

pub struct IdleResult {
    /// (joined sockets, server RSS in KiB), the first at 0 sockets.
    pub rss: Vec<(usize, u64)>,
    /// Sockets that answered a heartbeat after the hold.
    pub held: usize,
    /// Whether `held` stopped at the cap or the mode's largest step rather
    /// than at something the server did.
    pub held_is_bound: bool,
    /// What stopped the count.
    pub stopped_by: String,
}

impl IdleResult {
    /// (RSS_N − RSS_0) / N in KiB, at the largest N measured.
    pub fn kib_per_socket(&self) -> Option<(usize, f64)> {
        let (_, rss_0) = *self.rss.first()?;
        let &(n, rss_n) = self.rss.last().filter(|(n, _)| *n > 0)?;
        Some((n, (rss_n as f64 - rss_0 as f64) / n as f64))
    }
}

pub async fn run(target: &Target, setup: &Setup<'_>) -> anyhow::Result<IdleResult> {
    let deadline = Instant::now() + setup.plan.scenario_limit.mul_f64(0.7);
    let mut steps: Vec<usize> = setup.plan.idle_steps.iter().map(|&n| n.min(setup.socket_cap)).collect();
    steps.dedup();
    let largest_planned = setup.plan.idle_steps.iter().copied().max().unwrap_or(0);
    tokio::time::sleep(SETTLE).await;
    let mut rss = vec![(0, rss_kib(target.pid)?)];
    let mut swarm = Swarm::new(target.endpoint.clone(), None);
    let topics = &target.topics.idle;
    let mut stopped_by = None;
    for &step in steps.iter().filter(|&&n| n > 0) {
        if let Err(err) = swarm.grow_to(step, setup.sources, |i| topics[i % topics.len()].clone(), deadline).await {
            stopped_by = Some(format!("{err:#}"));
            break;
        }
        tokio::time::sleep(SETTLE).await;
        let kib = rss_kib(target.pid)?;
        eprintln!("   {step} idle joined sockets: RSS {} MiB", kib / 1024);
        rss.push((step, kib));
    }
    if swarm.len() == 0 || (setup.plan.strict && stopped_by.is_some()) {
        anyhow::bail!("{}", stopped_by.unwrap_or_else(|| "no socket joined".into()));
    }
    tokio::time::sleep(setup.plan.hold).await;
    let held = swarm.answering().await;
    eprintln!("   held {held} of {} after {:?}", swarm.len(), setup.plan.hold);
    let reached_cap = swarm.len() >= setup.socket_cap && largest_planned > setup.socket_cap;
    let stopped_by = match stopped_by {
        Some(why) => why,
        None if reached_cap => format!("the generator's open-file limit ({} sockets; `ulimit -Hn` of this machine)", setup.socket_cap),
        None => format!("the mode's largest step ({largest_planned})"),
    };
    let held_is_bound = held == swarm.len() && (reached_cap || swarm.len() >= largest_planned);
    Ok(IdleResult { rss, held, held_is_bound, stopped_by })
}
