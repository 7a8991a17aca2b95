//! The seed's `UserSocket`: which topics go to which channel, and the
//! settings under which a socket token is accepted. Builds the `Endpoint`
//! the socket route serves.

use crate::channel::{self, Endpoint, LocalPubSub, Router};
use crate::config::Config;
use crate::shutdown;
use crate::token::Signer;
use crate::video_channel::VideoChannel;
use sea_orm::DatabaseConnection;
use std::sync::Arc;
use std::time::Duration;

/// `signer` verifies socket tokens: the same one the pages and the API sign them with.
pub fn endpoint(config: &Config, db: DatabaseConnection, signer: Signer, shutdown: shutdown::Trigger) -> Endpoint {
    let history_limit = config.socket.join_history_limit;
    let router = Router::new().channel("videos:*", move || VideoChannel::new(db.clone(), history_limit));
    let settings = channel::Settings {
        signer,
        token_max_age: config.token_max_age(),
        idle_timeout: Duration::from_secs(config.socket.idle_timeout_secs),
        max_frame_bytes: config.socket.max_frame_bytes,
        outbound_queue: config.socket.outbound_queue,
        allowed_origins: config.socket.allowed_origins.clone(),
    };
    Endpoint::new(router, Arc::new(LocalPubSub::default()), settings, shutdown)
}
