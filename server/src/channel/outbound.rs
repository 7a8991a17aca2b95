//! The way out of one socket: a bounded queue of encoded frames, drained by
//! one writer task, and the signal that closes the socket.
//!
//! Everything that talks to the client (replies, pushes, broadcasts) goes
//! through `Outbound`, which never waits: if the client reads so slowly
//! that its queue fills, the socket is closed instead, so one slow reader
//! costs the others nothing.
//!
//! The writer sends whatever has queued up since it last woke as one batch
//! and flushes once: under a burst of broadcasts that is one write call for
//! many frames rather than one each.

use super::mailbox::{self, wait_until, TrySendError};
use super::serializer::Serializer;
use app::wire::Message;
use axum::extract::ws::{self, CloseFrame, Utf8Bytes, WebSocket};
use futures_util::stream::SplitSink;
use futures_util::SinkExt;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;
use tokio::sync::Notify;

/// The most frames written before one flush.
const WRITE_BATCH: usize = 16;

/// Why a socket closes, as the close frame says it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CloseReason {
    pub code: u16,
    pub reason: &'static str,
}

impl CloseReason {
    pub const NORMAL: Self = Self { code: 1000, reason: "" };
    pub const GOING_AWAY: Self = Self { code: 1001, reason: "server shutting down" };
    pub const IDLE: Self = Self { code: 1000, reason: "idle timeout" };
    pub const DISCONNECTED: Self = Self { code: 1000, reason: "disconnected" };
    pub const PROTOCOL_ERROR: Self = Self { code: 1002, reason: "protocol error" };
    pub const SLOW_CLIENT: Self = Self { code: 1008, reason: "outbound queue full" };
    pub const TOO_BIG: Self = Self { code: 1009, reason: "frame too large" };
}

/// Set once, by whoever decides first that the socket is done; everyone
/// serving the socket waits on it.
#[derive(Clone, Default)]
pub struct CloseSignal(Arc<CloseState>);

#[derive(Default)]
struct CloseState {
    reason: Mutex<Option<CloseReason>>,
    fired: Notify,
}

impl CloseSignal {
    fn reason(&self) -> MutexGuard<'_, Option<CloseReason>> {
        // Only an `Option` is written under this lock: it is never half-done.
        self.0.reason.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Closes with `reason` unless the socket is already closing.
    pub fn close(&self, reason: CloseReason) {
        {
            let mut current = self.reason();
            if current.is_some() {
                return;
            }
            *current = Some(reason);
        }
        self.0.fired.notify_waiters();
    }

    /// Resolves with the reason once `close` has been called.
    pub fn closed(&self) -> impl std::future::Future<Output = CloseReason> + Send + 'static {
        let signal = self.clone();
        async move { wait_until(&signal.0.fired, || *signal.reason()).await }
    }
}

/// A handle on one socket's outbound queue.
#[derive(Clone)]
pub struct Outbound {
    queue: mailbox::Sender<Utf8Bytes>,
    serializer: Serializer,
    closing: CloseSignal,
}

impl Outbound {
    pub fn serializer(&self) -> Serializer {
        self.serializer
    }

    pub fn send(&self, message: &Message) {
        self.send_encoded(self.serializer.encode(message));
    }

    /// Queues a frame already encoded with this socket's serializer.
    pub fn send_encoded(&self, frame: Utf8Bytes) {
        if let Err(TrySendError::Full(_)) = self.queue.try_send(frame) {
            tracing::warn!("a client is not reading: its outbound queue is full, disconnecting it");
            self.closing.close(CloseReason::SLOW_CLIENT);
        }
    }

    pub fn close(&self, reason: CloseReason) {
        self.closing.close(reason);
    }
}

/// How long the writer tries to deliver the close frame before giving up.
const CLOSE_GRACE: Duration = Duration::from_secs(1);

/// Starts the writer task of a socket and returns the socket's `Outbound`.
/// The task ends once the socket closes, after sending the close frame.
pub fn start_writer(
    mut sink: SplitSink<WebSocket, ws::Message>,
    capacity: usize,
    serializer: Serializer,
    closing: CloseSignal,
) -> (Outbound, tokio::task::JoinHandle<()>) {
    let (queue, mut frames) = mailbox::bounded::<Utf8Bytes>(capacity);
    let outbound = Outbound { queue, serializer, closing: closing.clone() };
    let task = tokio::spawn(async move {
        let closed = closing.closed();
        tokio::pin!(closed);
        let reason = loop {
            tokio::select! {
                biased;
                reason = &mut closed => break reason,
                frame = frames.recv() => {
                    let Some(frame) = frame else { break CloseReason::NORMAL };
                    let mut batch = vec![frame];
                    frames.drain_into(&mut batch, WRITE_BATCH - 1);
                    tokio::select! {
                        sent = write_batch(&mut sink, batch) => if sent.is_err() {
                            // The peer is gone; nothing more can be written.
                            closing.close(CloseReason::NORMAL);
                            return;
                        },
                        reason = &mut closed => break reason,
                    }
                }
            }
        };
        let frame = CloseFrame { code: reason.code, reason: reason.reason.into() };
        let _ = tokio::time::timeout(CLOSE_GRACE, sink.send(ws::Message::Close(Some(frame)))).await;
    });
    (outbound, task)
}

/// Queues every frame of `batch` in the WebSocket's buffer, then flushes once.
async fn write_batch(sink: &mut SplitSink<WebSocket, ws::Message>, batch: Vec<Utf8Bytes>) -> Result<(), axum::Error> {
    for frame in batch {
        sink.feed(ws::Message::Text(frame)).await?;
    }
    sink.flush().await
}
