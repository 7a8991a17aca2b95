//! One joined channel in its own task: the join, then its events, timers and
//! intercepted broadcasts one at a time, until it leaves, its socket closes
//! or it fails.
//!
//! A handler that returns an error or panics ends this task only: the client
//! gets `phx_error` with the channel's join_ref and may rejoin, and the
//! socket and its other channels go on (the server profile unwinds on panic
//! for this reason).
//!
//! An idle joined channel is what a server holds by the hundred thousand, so
//! its footprint is kept small: each handler's future is boxed for the time
//! it runs (a database query's state is kilobytes, and an unboxed one would
//! be part of the task for its whole life), its queues are `mailbox`es,
//! and the queue of intercepted broadcasts exists only for a channel that
//! intercepts.

use super::channel::{Channel, ChannelSocket, JoinError, Reply, StopReason};
use super::mailbox::{self, TrySendError};
use super::outbound::Outbound;
use super::pubsub::{Broadcast, PubSub, Subscription};
use app::wire::{event, Message, ReplyStatus};
use futures_util::FutureExt;
use serde_json::json;
use std::any::Any;
use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::time::Instant;

/// What the socket tells one of its channels.
pub enum FromSocket {
    Event(Message),
    Leave(Message),
}

/// A channel task's last word to its socket: this topic, joined with this
/// join_ref, has ended.
pub struct Exit {
    pub topic: String,
    pub join_ref: Option<String>,
}

/// What a channel task needs of its socket.
#[derive(Clone)]
pub struct SocketContext {
    pub user_id: Option<i64>,
    pub socket_id: Option<String>,
    pub outbound: Outbound,
    pub pubsub: Arc<dyn PubSub>,
    pub queue_capacity: usize,
    /// Where a channel task says it has ended.
    pub exits: mailbox::Sender<Exit>,
}

/// Starts `channel` on the join request `join` and returns its inbox. The
/// channel ends with `StopReason::Closed` once the inbox's sender is dropped.
pub fn spawn<C: Channel>(channel: C, name: &'static str, join: Message, context: SocketContext) -> mailbox::Sender<FromSocket> {
    let (inbox, events) = mailbox::bounded(context.queue_capacity);
    tokio::spawn(run(channel, name, join, context, events));
    inbox
}

fn panic_text(panic: &Box<dyn Any + Send>) -> &str {
    panic.downcast_ref::<&str>().copied().or_else(|| panic.downcast_ref::<String>().map(String::as_str)).unwrap_or("a panic")
}

async fn run<C: Channel>(
    mut channel: C,
    name: &'static str,
    join: Message,
    context: SocketContext,
    mut events: mailbox::Receiver<FromSocket>,
) {
    let (infos_sender, mut infos) = mailbox::unbounded();
    let join_ref = join.join_ref.clone().or_else(|| join.msg_ref.clone());
    let mut socket = ChannelSocket {
        topic: join.topic.clone(),
        join_ref: join_ref.clone(),
        user_id: context.user_id,
        socket_id: context.socket_id.clone(),
        outbound: context.outbound.clone(),
        pubsub: context.pubsub.clone(),
        infos: infos_sender,
    };
    let outbound = &context.outbound;
    let topic = join.topic.clone();
    let socket_id = context.socket_id.as_deref().unwrap_or("guest");
    tracing::info!(socket_id, transport = "websocket", params = %join.payload, "JOIN {topic} to {name}");

    let started = Instant::now();
    let joined = Box::pin(AssertUnwindSafe(channel.join(&topic, join.payload.clone(), &mut socket)).catch_unwind()).await;
    let elapsed = started.elapsed();
    let (status, response) = match joined {
        Ok(Ok(response)) => (ReplyStatus::Ok, response),
        Ok(Err(JoinError::Refused(response))) => (ReplyStatus::Error, response),
        Ok(Err(JoinError::Failed(err))) => {
            tracing::error!(socket_id, error = %format!("{err:#}"), "{name} failed to join {topic}");
            (ReplyStatus::Error, json!({ "reason": "join crashed" }))
        }
        Err(panic) => {
            tracing::error!(socket_id, panic = panic_text(&panic), "{name} panicked joining {topic}");
            (ReplyStatus::Error, json!({ "reason": "join crashed" }))
        }
    };
    let status_name = if status == ReplyStatus::Ok { ":ok" } else { ":error" };
    tracing::info!(socket_id, ?elapsed, "Replied {topic} {status_name}");
    if status == ReplyStatus::Error {
        outbound.send(&Message::reply_to(&join, status, response));
        let _ = context.exits.try_send(Exit { topic, join_ref });
        return;
    }
    let _subscription = subscribe(&channel, &socket, &context);
    let mut intercepted = None;
    let _interception = (!channel.intercepts().is_empty()).then(|| {
        let (sender, receiver) = mailbox::bounded::<Arc<Broadcast>>(context.queue_capacity);
        intercepted = Some(receiver);
        intercept(&channel, &socket, &context, sender)
    });
    outbound.send(&Message::reply_to(&join, ReplyStatus::Ok, response));

    loop {
        let outcome = tokio::select! {
            biased;
            from_socket = events.recv() => match from_socket {
                None => {
                    let _ = Box::pin(AssertUnwindSafe(channel.terminate(StopReason::Closed, &mut socket)).catch_unwind()).await;
                    break;
                }
                Some(FromSocket::Leave(request)) => {
                    outbound.send(&Message::reply_to(&request, ReplyStatus::Ok, json!({})));
                    let _ = Box::pin(AssertUnwindSafe(channel.terminate(StopReason::Left, &mut socket)).catch_unwind()).await;
                    outbound.send(&Message::push(join_ref.clone(), &topic, event::CLOSE, json!({})));
                    break;
                }
                Some(FromSocket::Event(request)) => Box::pin(handle_in(&mut channel, request, &mut socket, name)).await,
            },
            Some(info) = infos.recv() => Box::pin(AssertUnwindSafe(channel.handle_info(info, &mut socket)).catch_unwind()).await,
            Some(broadcast) = next_intercepted(&mut intercepted) => {
                Box::pin(AssertUnwindSafe(channel.handle_out(broadcast.event(), broadcast.payload(), &mut socket)).catch_unwind()).await
            }
        };
        let failure = match outcome {
            Ok(Ok(())) => continue,
            Ok(Err(err)) => format!("{err:#}"),
            Err(panic) => format!("panic: {}", panic_text(&panic)),
        };
        tracing::error!(socket_id, error = %failure, "{name} on {topic} failed; closing the channel");
        outbound.send(&Message::push(join_ref.clone(), &topic, event::ERROR, json!({})));
        break;
    }
    let _ = context.exits.try_send(Exit { topic, join_ref });
}

/// The next intercepted broadcast; never, for a channel that intercepts none.
async fn next_intercepted(intercepted: &mut Option<mailbox::Receiver<Arc<Broadcast>>>) -> Option<Arc<Broadcast>> {
    match intercepted {
        Some(receiver) => receiver.recv().await,
        None => std::future::pending().await,
    }
}

/// Runs `handle_in` for one request and sends its reply, if any.
async fn handle_in<C: Channel>(
    channel: &mut C,
    mut request: Message,
    socket: &mut ChannelSocket<C::Info>,
    name: &'static str,
) -> Result<anyhow::Result<()>, Box<dyn Any + Send>> {
    let started = Instant::now();
    let payload = std::mem::take(&mut request.payload);
    let handled = AssertUnwindSafe(channel.handle_in(&request.event, payload, socket)).catch_unwind().await?;
    tracing::debug!(elapsed = ?started.elapsed(), "HANDLED {} INCOMING ON {} ({name})", request.event, request.topic);
    Ok(handled.map(|reply| {
        let (status, response) = match reply {
            Reply::Ok(response) => (ReplyStatus::Ok, response),
            Reply::Error(response) => (ReplyStatus::Error, response),
            Reply::NoReply => return,
        };
        socket.outbound.send(&Message::reply_to(&request, status, response));
    }))
}

/// Subscribes the socket to the channel's topic: broadcasts it does not
/// intercept go straight to the client's queue, encoded once for all.
fn subscribe<C: Channel>(channel: &C, socket: &ChannelSocket<C::Info>, context: &SocketContext) -> Subscription {
    let intercepts = channel.intercepts();
    let outbound = context.outbound.clone();
    let serializer = outbound.serializer();
    Subscription::new(
        &context.pubsub,
        &socket.topic,
        Box::new(move |broadcast: &Arc<Broadcast>| {
            if !intercepts.contains(&broadcast.event()) {
                outbound.send_encoded(broadcast.encoded(serializer));
            }
        }),
    )
}

/// Routes the intercepted events of the topic to the channel task, for `handle_out`.
fn intercept<C: Channel>(
    channel: &C,
    socket: &ChannelSocket<C::Info>,
    context: &SocketContext,
    to_channel: mailbox::Sender<Arc<Broadcast>>,
) -> Subscription {
    let intercepts = channel.intercepts();
    let outbound = context.outbound.clone();
    Subscription::new(
        &context.pubsub,
        &socket.topic,
        Box::new(move |broadcast: &Arc<Broadcast>| {
            if intercepts.contains(&broadcast.event()) {
                if let Err(TrySendError::Full(_)) = to_channel.try_send(broadcast.clone()) {
                    outbound.close(super::outbound::CloseReason::SLOW_CLIENT);
                }
            }
        }),
    )
}
