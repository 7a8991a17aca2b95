//! The `Channel` trait, Phoenix's `Phoenix.Channel` behaviour: what a topic's
//! conversation does on join, on each client event, on its own timers, on
//! each broadcast (if it intercepts it) and when it ends.
//!
//! A fresh value of the channel type is made for every join, so the value
//! itself is the per-channel state (the seed's `socket.assigns`). The
//! `ChannelSocket` it is handed is what it may do to the outside: push to
//! its client, broadcast to the topic, schedule a message to itself.
//!
//! The seed's `:ping` every five seconds reads:
//!
//! ```ignore
//! struct Ping;
//! impl Channel for Pinger {
//!     type Info = Ping;
//!     async fn join(&mut self, _: &str, _: Value, socket: &mut ChannelSocket<Ping>) -> Result<Value, JoinError> {
//!         socket.send_after(Duration::from_secs(5), Ping);
//!         Ok(json!({}))
//!     }
//!     async fn handle_info(&mut self, _: Ping, socket: &mut ChannelSocket<Ping>) -> anyhow::Result<()> {
//!         self.count += 1;
//!         socket.push("ping", json!({"count": self.count}));
//!         socket.send_after(Duration::from_secs(5), Ping);
//!         Ok(())
//!     }
//!     // handle_in ...
//! }
//! ```

use super::mailbox;
use super::outbound::Outbound;
use super::pubsub::{Broadcast, PubSub};
use app::wire::Message;
use serde_json::{json, Value};
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

/// What `handle_in` answers: a reply to the client's push, or none.
#[derive(Debug)]
pub enum Reply {
    Ok(Value),
    Error(Value),
    NoReply,
}

/// Why a join did not succeed.
#[derive(Debug)]
pub enum JoinError {
    /// Refused: the client gets an `error` reply with this response.
    Refused(Value),
    /// Failed (a database error, say): logged; the client gets
    /// `{"reason": "join crashed"}`, as from Phoenix.
    Failed(anyhow::Error),
}

impl JoinError {
    /// A refusal with `{"reason": reason}`.
    pub fn reason(reason: &str) -> Self {
        Self::Refused(json!({ "reason": reason }))
    }
}

impl<E: std::error::Error + Send + Sync + 'static> From<E> for JoinError {
    fn from(err: E) -> Self {
        Self::Failed(err.into())
    }
}

/// Why a channel ends, as `terminate` is told.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StopReason {
    /// The client sent `phx_leave`.
    Left,
    /// The socket closed, or the client joined the same topic again.
    Closed,
}

pub trait Channel: Send + 'static {
    /// The messages the channel sends itself with `send_after`.
    type Info: Send + 'static;

    /// Accepts or refuses the join of `topic`; `Ok` is the join's reply.
    fn join(
        &mut self,
        topic: &str,
        params: Value,
        socket: &mut ChannelSocket<Self::Info>,
    ) -> impl Future<Output = Result<Value, JoinError>> + Send;

    /// Handles an event the client pushed. An `Err` (or a panic) ends this
    /// channel only: its client gets `phx_error`.
    fn handle_in(
        &mut self,
        event: &str,
        payload: Value,
        socket: &mut ChannelSocket<Self::Info>,
    ) -> impl Future<Output = anyhow::Result<Reply>> + Send;

    /// Handles a message sent with `ChannelSocket::send_after`.
    fn handle_info(
        &mut self,
        info: Self::Info,
        socket: &mut ChannelSocket<Self::Info>,
    ) -> impl Future<Output = anyhow::Result<()>> + Send {
        let _ = (info, socket);
        async { Ok(()) }
    }

    /// The broadcast events this channel wants to see in `handle_out`
    /// before its client does; all others go straight to the client.
    fn intercepts(&self) -> &'static [&'static str] {
        &[]
    }

    /// Handles an intercepted broadcast for this subscriber: push it,
    /// change it or drop it.
    fn handle_out(
        &mut self,
        event: &str,
        payload: &Value,
        socket: &mut ChannelSocket<Self::Info>,
    ) -> impl Future<Output = anyhow::Result<()>> + Send {
        socket.push(event, payload.clone());
        async { Ok(()) }
    }

    /// Called when the channel ends on a leave or a close (not on a crash).
    fn terminate(&mut self, reason: StopReason, socket: &mut ChannelSocket<Self::Info>) -> impl Future<Output = ()> + Send {
        let _ = (reason, socket);
        async {}
    }
}

/// A channel's view of its socket.
pub struct ChannelSocket<I> {
    pub(super) topic: String,
    pub(super) join_ref: Option<String>,
    pub(super) user_id: Option<i64>,
    pub(super) socket_id: Option<String>,
    pub(super) outbound: Outbound,
    pub(super) pubsub: Arc<dyn PubSub>,
    pub(super) infos: mailbox::Sender<I>,
}

impl<I: Send + 'static> ChannelSocket<I> {
    pub fn topic(&self) -> &str {
        &self.topic
    }

    /// The user the socket's token named; `None` for a guest.
    pub fn user_id(&self) -> Option<i64> {
        self.user_id
    }

    /// `users_socket:<id>` for a signed-in socket.
    pub fn socket_id(&self) -> Option<&str> {
        self.socket_id.as_deref()
    }

    pub fn join_ref(&self) -> Option<&str> {
        self.join_ref.as_deref()
    }

    /// Sends `event` to this channel's client only.
    pub fn push(&self, event: &str, payload: Value) {
        self.outbound.send(&Message::push(self.join_ref.clone(), &self.topic, event, payload));
    }

    /// Sends `event` to every subscriber of this channel's topic, this
    /// client included.
    pub fn broadcast(&self, event: &str, payload: Value) {
        self.pubsub.broadcast(Broadcast::new(&self.topic, event, payload));
    }

    /// Delivers `info` to `handle_info` after `delay`, if the channel is
    /// still running then.
    pub fn send_after(&self, delay: Duration, info: I) {
        let infos = self.infos.clone();
        tokio::spawn(async move {
            tokio::select! {
                _ = tokio::time::sleep(delay) => { let _ = infos.try_send(info); }
                _ = infos.closed() => {}
            }
        });
    }
}
