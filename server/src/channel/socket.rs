//! One connected socket: reads the client's frames, answers heartbeats,
//! starts, feeds and closes its channels (one per joined topic, each with
//! the join_ref that opened it), and closes on idle, shutdown, an oversize
//! frame or a `disconnect` broadcast to its socket id.

use super::outbound::{self, CloseReason, CloseSignal, Outbound};
use super::pubsub::{Broadcast, Subscription};
use super::mailbox::{self, TrySendError};
use super::runner::{Exit, FromSocket, SocketContext};
use super::serializer::Serializer;
use super::Endpoint;
use app::wire::{event, Message, ReplyStatus, PHOENIX_TOPIC};
use axum::extract::ws::{self, WebSocket};
use futures_util::StreamExt;
use serde_json::json;
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;
use tokio::time::Instant;

/// How long a closing socket waits for its writer to send the close frame.
const WRITER_GRACE: Duration = Duration::from_secs(2);

/// A joined topic: the join_ref that opened it and its channel's inbox.
struct Joined {
    join_ref: Option<String>,
    inbox: mailbox::Sender<FromSocket>,
}

struct Connection {
    endpoint: Arc<Endpoint>,
    context: SocketContext,
    channels: HashMap<String, Joined>,
}

/// Serves `websocket` until it closes.
pub async fn run(endpoint: Arc<Endpoint>, websocket: WebSocket, serializer: Serializer, user_id: Option<i64>) {
    let (sink, mut stream) = websocket.split();
    let closing = CloseSignal::default();
    let (outbound, writer) = outbound::start_writer(sink, endpoint.settings.outbound_queue, serializer, closing.clone());
    let socket_id = user_id.map(super::socket_id);
    let _disconnects = socket_id.as_deref().map(|id| listen_for_disconnect(&endpoint, id, &outbound));
    let (exits_sender, mut exits) = mailbox::unbounded();
    let context = SocketContext {
        user_id,
        socket_id,
        outbound,
        pubsub: endpoint.pubsub.clone(),
        queue_capacity: endpoint.settings.outbound_queue,
        exits: exits_sender,
    };
    let mut connection = Connection { endpoint: endpoint.clone(), context, channels: HashMap::new() };

    let shutdown = endpoint.shutdown.fired();
    let closed = closing.closed();
    tokio::pin!(shutdown, closed);
    let idle_timeout = endpoint.settings.idle_timeout;
    let mut idle_deadline = Instant::now() + idle_timeout;
    loop {
        tokio::select! {
            _ = &mut shutdown => break closing.close(CloseReason::GOING_AWAY),
            _ = &mut closed => break,
            _ = tokio::time::sleep_until(idle_deadline) => {
                tracing::info!(socket_id = connection.socket_id(), "closing a socket silent for {idle_timeout:?}");
                break closing.close(CloseReason::IDLE);
            }
            Some(exit) = exits.recv() => connection.forget(exit),
            frame = stream.next() => {
                idle_deadline = Instant::now() + idle_timeout;
                match frame {
                    Some(Ok(ws::Message::Text(text))) => connection.handle_text(text.as_str()),
                    Some(Ok(ws::Message::Binary(_))) => tracing::warn!(socket_id = connection.socket_id(), "dropping a binary frame"),
                    Some(Ok(ws::Message::Ping(_) | ws::Message::Pong(_))) => {}
                    Some(Ok(ws::Message::Close(_))) | None => break closing.close(CloseReason::NORMAL),
                    Some(Err(err)) => break closing.close(read_error_reason(err, connection.socket_id())),
                }
            }
        }
    }
    // Dropping the inboxes ends every channel with `StopReason::Closed`.
    drop(connection);
    let _ = tokio::time::timeout(WRITER_GRACE, writer).await;
}

/// The close a read error calls for: 1009 for a frame above the limit.
fn read_error_reason(err: axum::Error, socket_id: &str) -> CloseReason {
    let too_big = err
        .into_inner()
        .downcast_ref::<tungstenite::Error>()
        .is_some_and(|err| matches!(err, tungstenite::Error::Capacity(_)));
    if too_big {
        tracing::warn!(socket_id, "closing a socket that sent a frame above the size limit");
        CloseReason::TOO_BIG
    } else {
        tracing::info!(socket_id, "closing a socket after a read error");
        CloseReason::PROTOCOL_ERROR
    }
}

/// The seed's `Endpoint.broadcast("users_socket:ID", "disconnect", %{})`
/// closes every socket of that id.
fn listen_for_disconnect(endpoint: &Endpoint, socket_id: &str, outbound: &Outbound) -> Subscription {
    let outbound = outbound.clone();
    Subscription::new(
        &endpoint.pubsub,
        socket_id,
        Box::new(move |broadcast: &Arc<Broadcast>| {
            if broadcast.event() == "disconnect" {
                outbound.close(CloseReason::DISCONNECTED);
            }
        }),
    )
}

impl Connection {
    fn socket_id(&self) -> &str {
        self.context.socket_id.as_deref().unwrap_or("guest")
    }

    fn reply(&self, request: &Message, status: ReplyStatus, response: serde_json::Value) {
        self.context.outbound.send(&Message::reply_to(request, status, response));
    }

    fn unmatched_topic(&self, request: &Message) {
        tracing::debug!(socket_id = self.socket_id(), "Ignoring unmatched topic \"{}\"", request.topic);
        self.reply(request, ReplyStatus::Error, json!({ "reason": "unmatched topic" }));
    }

    /// A channel task has ended: forget it, unless a newer join replaced it.
    fn forget(&mut self, exit: Exit) {
        if self.channels.get(&exit.topic).is_some_and(|joined| joined.join_ref == exit.join_ref) {
            self.channels.remove(&exit.topic);
        }
    }

    fn handle_text(&mut self, text: &str) {
        let serializer = self.context.outbound.serializer();
        let message = match serializer.decode(text) {
            Ok(message) => message,
            Err(err) => {
                tracing::warn!(socket_id = self.socket_id(), %err, "dropping a malformed frame");
                if let Some(request) = serializer.salvage(text) {
                    self.reply(&request, ReplyStatus::Error, json!({ "reason": "malformed message" }));
                }
                return;
            }
        };
        if message.topic == PHOENIX_TOPIC && message.event == event::HEARTBEAT {
            return self.reply(&message, ReplyStatus::Ok, json!({}));
        }
        if message.event == event::JOIN {
            return self.join(message);
        }
        let leaving = message.event == event::LEAVE;
        let Some(joined) = self.channels.get(&message.topic) else {
            // Leaving a topic that is not joined is already done.
            return match leaving {
                true => self.reply(&message, ReplyStatus::Ok, json!({})),
                false => self.unmatched_topic(&message),
            };
        };
        let command = if leaving { FromSocket::Leave(message) } else { FromSocket::Event(message) };
        let inbox = joined.inbox.clone();
        if leaving {
            self.channels.remove(command_topic(&command));
        }
        match inbox.try_send(command) {
            Ok(()) => {}
            Err(TrySendError::Full(command)) => {
                self.reply(command_message(&command), ReplyStatus::Error, json!({ "reason": "channel busy" }))
            }
            // The channel ended a moment ago; its exit is on its way.
            Err(TrySendError::Closed(command)) => self.unmatched_topic(command_message(&command)),
        }
    }

    fn join(&mut self, join: Message) {
        if let Some(old) = self.channels.remove(&join.topic) {
            tracing::debug!(
                socket_id = self.socket_id(),
                "Duplicate channel join for topic \"{}\". Closing existing channel for new join.",
                join.topic
            );
            drop(old.inbox);
            self.context.outbound.send(&Message::push(old.join_ref, &join.topic, event::CLOSE, json!({})));
        }
        let topic = join.topic.clone();
        let join_ref = join.join_ref.clone().or_else(|| join.msg_ref.clone());
        match self.endpoint.router.start(join.clone(), self.context.clone()) {
            Some(inbox) => {
                self.channels.insert(topic, Joined { join_ref, inbox });
            }
            None => self.unmatched_topic(&join),
        }
    }
}

fn command_message(command: &FromSocket) -> &Message {
    match command {
        FromSocket::Event(message) | FromSocket::Leave(message) => message,
    }
}

fn command_topic(command: &FromSocket) -> &str {
    &command_message(command).topic
}
