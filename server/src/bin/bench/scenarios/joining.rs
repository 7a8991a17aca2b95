//! Joining (issue scenario 5): join→reply latency of the video with 200
//! annotations. The sockets are opened first, untimed; then each joins once,
//! one join at a time, so that the figure is the join's own cost.

use super::Setup;
use crate::client::Client;
use crate::stats::Summary;
use crate::target::Target;
use anyhow::Context;
use futures_util::stream::{self, StreamExt, TryStreamExt};
use std::time::Instant;

pub struct JoinResult {
    pub summary: Summary,
    /// Annotations the first join reply listed (200 expected).
    pub annotations: usize,
}

pub async fn run(target: &Target, setup: &Setup<'_>) -> anyhow::Result<JoinResult> {
    let joins = setup.plan.joins.min(setup.socket_cap);
    let clients: Vec<_> = stream::iter(0..joins)
        .map(|_| Client::connect(&target.endpoint, setup.sources.next(), None))
        .buffer_unordered(64)
        .try_collect()
        .await
        .context("opening the sockets to join with")?;
    let mut sample = Vec::with_capacity(joins);
    let mut annotations = 0;
    for (i, client) in clients.iter().enumerate() {
        let started = Instant::now();
        let reply = client.join(&target.topics.join).await.with_context(|| format!("join {i}"))?;
        sample.push(started.elapsed());
        if i == 0 {
            annotations = target.endpoint.dialect.count_annotations(&reply.text);
        }
    }
    let summary = Summary::of(sample);
    eprintln!("   {joins} joins, {annotations} annotations each: p50 {:?} p99 {:?}", summary.p50, summary.p99);
    Ok(JoinResult { summary, annotations })
}
