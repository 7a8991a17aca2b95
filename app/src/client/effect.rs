//! The vocabulary between the pure protocol core and whatever drives it.
//!
//! The core (`socket`, `channel`) never touches a WebSocket or a clock: each
//! call returns the effects it wants, and the driver (the browser layer in
//! `browser`, or a unit test) carries them out and reports back what
//! happened. That keeps every protocol rule testable natively.

use serde_json::Value;

/// The timers the core asks for. Starting a timer that is already running
/// restarts it; each kind exists at most once.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Timer {
    /// The next heartbeat, and the deadline of the one in flight.
    Heartbeat,
    /// The next attempt to open the socket.
    Reconnect,
    /// The next attempt to rejoin the channel of this topic.
    Rejoin(String),
    /// The deadline of the push (or join, or leave) of `topic` with this ref.
    PushTimeout { topic: String, push_ref: String },
}

/// How a push ended: the server's `ok` or `error` reply, or no reply in time.
#[derive(Clone, Debug, PartialEq)]
pub enum PushOutcome {
    Ok(Value),
    Error(Value),
    Timeout,
}

/// What a page shows about the connection.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Connection {
    /// Opening the socket, for the first time or again.
    Connecting,
    Connected,
    /// Lost; the next attempt is `in_ms` from now.
    Reconnecting { in_ms: u32, tries: u32 },
    /// The server refused the socket; retrying would not help.
    Refused(String),
    /// Closed on purpose (`disconnect`).
    Closed,
}

/// A push's handle: its ref, unique on the socket.
pub type PushId = String;

#[derive(Clone, Debug, PartialEq)]
pub enum Effect {
    /// Open a new transport, with the socket params read afresh.
    OpenTransport,
    /// Send this V2 frame on the open transport.
    Send(String),
    /// Close the transport; the core already counts it as closed.
    CloseTransport,
    StartTimer(Timer, u32),
    CancelTimer(Timer),
    Status(Connection),
    /// An application event for the `on` subscribers of `topic`.
    Event { topic: String, event: String, payload: Value },
    /// A join (or rejoin) of `topic` succeeded; `response` is the server's.
    Joined { topic: String, response: Value },
    /// The server refused a join of `topic`.
    JoinRefused { topic: String, response: Value },
    /// The channel of `topic` was closed (left, or closed by the server).
    ChannelClosed { topic: String },
    Pushed { push: PushId, outcome: PushOutcome },
}
