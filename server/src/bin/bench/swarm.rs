//! Many joined sockets at once: grown to a size with a bounded number of
//! connects in flight, each socket joined to a topic the caller picks. The
//! fan-out subscribers and the idle sockets of the memory scenario are swarms.

use crate::client::{Client, Endpoint};
use crate::sources::Sources;
use crate::tally::Tally;
use anyhow::Context;
use futures_util::stream::{self, StreamExt};
use std::sync::Arc;
use std::time::Instant;

/// Connects and joins in flight at once: enough to keep both cores busy,
/// few enough not to overflow the listen backlog.
const IN_FLIGHT: usize = 64;

pub struct Swarm {
    endpoint: Endpoint,
    tally: Option<Arc<Tally>>,
    pub clients: Vec<Arc<Client>>,
    /// The topic each of `clients` joined (they finish joining in any order).
    pub topics: Vec<String>,
}

impl Swarm {
    pub fn new(endpoint: Endpoint, tally: Option<Arc<Tally>>) -> Self {
        Self { endpoint, tally, clients: Vec::new(), topics: Vec::new() }
    }

    pub fn len(&self) -> usize {
        self.clients.len()
    }

    /// Adds sockets until there are `size`, socket `i` joined to `topic_of(i)`.
    /// Stops at the first failure or at `deadline`, and says which.
    pub async fn grow_to(
        &mut self,
        size: usize,
        sources: &Sources,
        topic_of: impl Fn(usize) -> String,
        deadline: Instant,
    ) -> anyhow::Result<()> {
        let start = self.clients.len();
        if size <= start {
            return Ok(());
        }
        let joins = stream::iter(start..size)
            .map(|i| {
                let (endpoint, tally, topic, source) = (&self.endpoint, self.tally.clone(), topic_of(i), sources.next());
                async move {
                    let client = Client::connect(endpoint, source, tally).await.with_context(|| format!("socket {i}"))?;
                    client.join(&topic).await.with_context(|| format!("socket {i} joining {topic}"))?;
                    anyhow::Ok((client, topic))
                }
            })
            .buffer_unordered(IN_FLIGHT);
        futures_util::pin_mut!(joins);
        let mut first_error = None;
        while let Some(joined) = joins.next().await {
            match joined {
                Ok((client, topic)) => {
                    self.clients.push(client);
                    self.topics.push(topic);
                }
                Err(err) => {
                    first_error.get_or_insert(err);
                }
            }
            // Let the sockets in flight finish, then stop: a failure or the clock.
            if first_error.is_some() || Instant::now() > deadline {
                break;
            }
        }
        if let Some(err) = first_error {
            return Err(err.context(format!("stopped at {} joined sockets", self.clients.len())));
        }
        if self.clients.len() < size {
            anyhow::bail!("out of time at {} of {size} joined sockets", self.clients.len());
        }
        Ok(())
    }

    /// How many sockets answer a heartbeat now.
    pub async fn answering(&self) -> usize {
        stream::iter(&self.clients)
            .map(|client| async move { client.is_open() && client.heartbeat().await.is_ok() })
            .buffer_unordered(256)
            .filter(|alive| std::future::ready(*alive))
            .count()
            .await
    }
}
