//! The channel runtime: Phoenix Channels on axum, knowing nothing of videos.
//!
//! A client opens one WebSocket (`transport`), speaking V1 or V2 JSON
//! (`serializer`), and joins topics on it (`socket`); each joined topic is
//! served by a `Channel` (`channel`) running in its own task (`runner`),
//! chosen by topic pattern (`router`). Channels broadcast to every socket
//! that joined the same topic through `pubsub`; everything bound for one
//! client waits in its bounded queue (`outbound`). The queues between a
//! socket's tasks are `mailbox`es, small while empty.
//!
//! An `Endpoint` holds it all together; `routes` mounts it.

// `channel::channel` is the `Channel` trait, named as in the design of the runtime.
#[allow(clippy::module_inception)]
pub mod channel;
mod mailbox;
pub mod outbound;
pub mod pubsub;
pub mod router;
mod runner;
pub mod serializer;
mod socket;
pub mod transport;

pub use channel::{Channel, ChannelSocket, JoinError, Reply, StopReason};
pub use pubsub::{Broadcast, LocalPubSub, PubSub};
pub use router::Router;

use crate::shutdown;
use crate::token::Signer;
use serde_json::{json, Value};
use std::sync::Arc;
use std::time::Duration;

/// The id of a signed-in user's sockets, the seed's `id/1`: what
/// `Endpoint::disconnect` names to close them all.
pub fn socket_id(user_id: i64) -> String {
    format!("users_socket:{user_id}")
}

/// How sockets are accepted and kept.
#[derive(Clone)]
pub struct Settings {
    /// Verifies socket tokens (salt `USER_SOCKET_SALT`).
    pub signer: Signer,
    pub token_max_age: Duration,
    pub idle_timeout: Duration,
    pub max_frame_bytes: usize,
    pub outbound_queue: usize,
    pub allowed_origins: Vec<String>,
}

/// The seed's `Endpoint` as far as sockets go: the router, the pubsub, the
/// settings and the shutdown trigger that closes every socket.
pub struct Endpoint {
    router: Router,
    pubsub: Arc<dyn PubSub>,
    settings: Settings,
    shutdown: shutdown::Trigger,
}

impl Endpoint {
    pub fn new(router: Router, pubsub: Arc<dyn PubSub>, settings: Settings, shutdown: shutdown::Trigger) -> Self {
        Self { router, pubsub, settings, shutdown }
    }

    /// Sends `event` to every subscriber of `topic`, as `Endpoint.broadcast`.
    pub fn broadcast(&self, topic: &str, event: &str, payload: Value) {
        self.pubsub.broadcast(Broadcast::new(topic, event, payload));
    }

    /// Closes every socket whose id is `socket_id` (`users_socket:<id>`), on
    /// this node and, through the pubsub, on any other: call it on logout.
    pub fn disconnect(&self, socket_id: &str) {
        self.broadcast(socket_id, "disconnect", json!({}));
    }
}

/// The socket route, `GET /socket/websocket`, for any router state.
pub fn routes<S: Clone + Send + Sync + 'static>(endpoint: Arc<Endpoint>) -> axum::Router<S> {
    axum::Router::new()
        .route("/socket/websocket", axum::routing::get(transport::upgrade))
        .with_state(endpoint)
}
