//! Fan-out capacity (issue scenario 1, the websocket-shootout method): N
//! subscribers joined to one topic; 4 posters take turns posting
//! `new_annotation`, each as soon as the previous broadcast has reached all N;
//! a broadcast's time runs from the post until the last subscriber has it.
//! N is raised in steps until p95 passes 500 ms.

use super::Setup;
use crate::client::REQUEST_TIMEOUT;
use crate::stats::Summary;
use crate::swarm::Swarm;
use crate::tally::Tally;
use crate::target::Target;
use std::sync::Arc;
use std::time::{Duration, Instant};

pub const P95_LIMIT: Duration = Duration::from_millis(500);
const POSTERS: usize = 4;

pub struct FanoutStep {
    pub subscribers: usize,
    pub summary: Summary,
}

pub struct FanoutResult {
    pub steps: Vec<FanoutStep>,
    /// The largest N whose p95 stayed under the limit.
    pub best: Option<usize>,
    /// Whether `best` is where the run stopped (cap, mode) rather than the server's limit.
    pub best_is_bound: bool,
    pub stopped_by: String,
}

pub async fn run(target: &Target, setup: &Setup<'_>) -> anyhow::Result<FanoutResult> {
    let deadline = Instant::now() + setup.plan.scenario_limit.mul_f64(0.9);
    let topic = target.topics.idle[0].clone();
    let tally = Arc::new(Tally::default());
    let mut posters = Swarm::new(target.endpoint.clone(), None);
    posters.grow_to(POSTERS, setup.sources, |_| topic.clone(), deadline).await?;
    let mut subscribers = Swarm::new(target.endpoint.clone(), Some(tally.clone()));
    let cap = setup.socket_cap.saturating_sub(POSTERS);
    let mut steps = Vec::new();
    let mut stopped_by = None;
    let mut round = 0usize;
    for &planned in &setup.plan.fanout_steps {
        let n = planned.min(cap);
        if steps.last().is_some_and(|s: &FanoutStep| s.subscribers >= n) {
            break;
        }
        if let Err(err) = subscribers.grow_to(n, setup.sources, |_| topic.clone(), deadline).await {
            stopped_by = Some(format!("{err:#}"));
            break;
        }
        let mut sample = Vec::with_capacity(setup.plan.fanout_rounds);
        // One untimed broadcast first: the new sockets' first frame costs more.
        for timed in std::iter::once(false).chain(std::iter::repeat_n(true, setup.plan.fanout_rounds)) {
            let poster = &posters.clients[round % POSTERS];
            round += 1;
            tally.arm(n);
            let posted = Instant::now();
            let body = format!("fan-out broadcast {round}");
            let (ack, finished) = tokio::join!(poster.post(&topic, &body, round as i64), tally.finished_within(REQUEST_TIMEOUT));
            ack?;
            let Some(finished) = finished else {
                // Copies still on their way would be counted in the next round: stop here.
                stopped_by = Some(format!(
                    "a broadcast reached {} of {n} subscribers within {REQUEST_TIMEOUT:?}",
                    tally.arrived()
                ));
                sample.push(REQUEST_TIMEOUT);
                break;
            };
            if timed {
                sample.push(finished.duration_since(posted));
            }
        }
        let summary = Summary::of(sample);
        eprintln!(
            "   {n} subscribers: p50 {:?} p95 {:?} max {:?}",
            summary.p50, summary.p95, summary.max
        );
        steps.push(FanoutStep { subscribers: n, summary });
        if setup.plan.strict && stopped_by.is_some() {
            anyhow::bail!("{}", stopped_by.unwrap_or_default());
        }
        if stopped_by.is_some() {
            break;
        }
        if summary.p95 > P95_LIMIT {
            stopped_by = Some(format!("p95 passed {P95_LIMIT:?} at {n} subscribers"));
            break;
        }
        if Instant::now() > deadline {
            stopped_by = Some("out of time".into());
            break;
        }
    }
    let best = steps.iter().filter(|s| s.summary.p95 <= P95_LIMIT && s.summary.count > 0).map(|s| s.subscribers).max();
    let best_is_bound = stopped_by.is_none() || stopped_by.as_deref() == Some("out of time");
    let stopped_by = stopped_by.unwrap_or_else(|| {
        if steps.last().is_some_and(|s| s.subscribers >= cap) {
            format!("the open-file limit ({cap} subscribers)")
        } else {
            "the mode's largest step".into()
        }
    });
    Ok(FanoutResult { steps, best, best_is_bound, stopped_by })
}
