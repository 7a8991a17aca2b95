//! Posting (issue scenario 4): 100 sockets, ten to each of ten topics, post
//! `new_annotation` open-loop at a fixed total rate; a post's latency runs
//! from when it was due (not when it got sent, so a stalled generator or
//! server cannot hide its backlog) to its ack. First the steady 1,000/s, then
//! higher rates until p99 passes 50 ms or posts are lost.

use super::Setup;
use crate::client::{Client, REQUEST_TIMEOUT};
use crate::stats::Summary;
use crate::swarm::Swarm;
use crate::target::Target;
use std::sync::Arc;
use std::time::{Duration, Instant};

const SOCKETS: usize = 100;
const TOPICS: usize = 10;
pub const P99_LIMIT: Duration = Duration::from_millis(50);

pub struct RateRun {
    pub rate: u32,
    pub summary: Summary,
    /// Posts without an ack within the request timeout.
    pub lost: usize,
    /// Why the first lost post was lost.
    pub first_loss: Option<String>,
}

impl RateRun {
    fn passes(&self) -> bool {
        self.lost == 0 && self.summary.p99 <= P99_LIMIT
    }
}

pub struct PostingResult {
    pub steady: RateRun,
    pub ramp: Vec<RateRun>,
    /// The highest rate tried whose p99 stayed under 50 ms.
    pub best_rate: Option<u32>,
    pub best_is_bound: bool,
}

pub async fn run(target: &Target, setup: &Setup<'_>) -> anyhow::Result<PostingResult> {
    let deadline = Instant::now() + setup.plan.scenario_limit;
    let topics = &target.topics.idle[..TOPICS];
    let mut swarm = Swarm::new(target.endpoint.clone(), None);
    swarm.grow_to(SOCKETS, setup.sources, |i| topics[i % TOPICS].clone(), deadline).await?;
    let posters: Vec<(Arc<Client>, String)> =
        swarm.clients.iter().cloned().zip(swarm.topics.iter().cloned()).collect();
    let steady = post_at(&posters, setup.plan.posting_rate, setup.plan.posting_time).await;
    report(&steady);
    if setup.plan.strict && steady.lost > 0 {
        anyhow::bail!("{} of the steady posts were lost; the first: {}", steady.lost, steady.first_loss.unwrap_or_default());
    }
    let mut best_rate = steady.passes().then_some(steady.rate);
    let mut ramp = Vec::new();
    let mut failed = !steady.passes();
    for &rate in &setup.plan.posting_ramp {
        if failed || Instant::now() + setup.plan.ramp_time + REQUEST_TIMEOUT > deadline {
            break;
        }
        let run = post_at(&posters, rate, setup.plan.ramp_time).await;
        report(&run);
        if run.passes() {
            best_rate = Some(rate);
        } else {
            failed = true;
        }
        ramp.push(run);
    }
    Ok(PostingResult { steady, ramp, best_rate, best_is_bound: !failed })
}

fn report(run: &RateRun) {
    eprintln!(
        "   {}/s: p50 {:?} p99 {:?} max {:?}, {} lost{}",
        run.rate,
        run.summary.p50,
        run.summary.p99,
        run.summary.max,
        run.lost,
        run.first_loss.as_deref().map(|why| format!(" (first: {why})")).unwrap_or_default()
    );
}

/// Posts `rate` per second for `time`, round robin over the posters.
async fn post_at(posters: &[(Arc<Client>, String)], rate: u32, time: Duration) -> RateRun {
    let total = (f64::from(rate) * time.as_secs_f64()).round() as usize;
    let start = tokio::time::Instant::now();
    let mut posts = Vec::with_capacity(total);
    for k in 0..total {
        let due = start + Duration::from_secs_f64(k as f64 / f64::from(rate));
        tokio::time::sleep_until(due).await;
        let (client, topic) = posters[k % posters.len()].clone();
        posts.push(tokio::spawn(async move {
            let acked = client.post(&topic, "a steady post", k as i64).await.map(|_| ());
            (due.elapsed(), acked)
        }));
    }
    let mut sample = Vec::with_capacity(total);
    let mut lost = 0;
    let mut first_loss = None;
    for post in posts {
        let why = match post.await {
            Ok((latency, Ok(()))) => {
                sample.push(latency);
                continue;
            }
            Ok((_, Err(err))) => format!("{err:#}"),
            Err(err) => format!("the posting task failed: {err}"),
        };
        lost += 1;
        first_loss.get_or_insert(why);
        sample.push(REQUEST_TIMEOUT);
    }
    RateRun { rate, summary: Summary::of(sample), lost, first_loss }
}
