//! The three protocols the generator speaks, one per server under test, and
//! what they have in common: a request carries a numeric ref and is answered
//! by a reply naming it; a broadcast is a frame nobody asked for.
//!
//! Each submodule only builds and reads frames; `client.rs` does the I/O, so
//! that every server is driven by the same code and differs only here.

pub mod engineio;
pub mod phoenix;
pub mod raw;

/// Which protocol a server speaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialect {
    /// Phoenix Channels V2 (Rumbl).
    Phoenix,
    /// Engine.IO v4 / socket.io 5 over WebSocket (the socket.io baseline).
    EngineIo,
    /// The raw-broadcast baseline's one-letter protocol.
    Raw,
}

/// What an incoming frame is, as far as the generator cares.
#[derive(Debug, PartialEq, Eq)]
pub enum Incoming {
    /// The answer to request `msg_ref`; `ok` is false for an error reply.
    Reply { msg_ref: u64, ok: bool },
    /// A `new_annotation` broadcast.
    Broadcast,
    /// The server asks for a pong (Engine.IO only); send this frame back.
    Ping(&'static str),
    /// Anything else (heartbeat replies to nobody, presence, errors without a ref).
    Other,
}

impl Dialect {
    /// The path and query to open the WebSocket on.
    pub fn path(self, token: &str) -> String {
        match self {
            Dialect::Phoenix => phoenix::path(token),
            Dialect::EngineIo => engineio::PATH.to_owned(),
            Dialect::Raw => raw::PATH.to_owned(),
        }
    }

    /// A join of `topic`. Phoenix ties later messages to the join's ref.
    pub fn join(self, msg_ref: u64, topic: &str) -> String {
        match self {
            Dialect::Phoenix => phoenix::join(msg_ref, topic),
            Dialect::EngineIo => engineio::join(msg_ref, topic),
            Dialect::Raw => raw::join(msg_ref, topic),
        }
    }

    /// A `new_annotation` post on `topic`, sent under the join `join_ref`.
    pub fn post(self, msg_ref: u64, join_ref: u64, topic: &str, body: &str, at: i64) -> String {
        match self {
            Dialect::Phoenix => phoenix::post(msg_ref, join_ref, topic, body, at),
            Dialect::EngineIo => engineio::post(msg_ref, topic, body, at),
            Dialect::Raw => raw::post(msg_ref, topic, body, at),
        }
    }

    /// A heartbeat that the server answers.
    pub fn heartbeat(self, msg_ref: u64) -> String {
        match self {
            Dialect::Phoenix => phoenix::heartbeat(msg_ref),
            Dialect::EngineIo => engineio::heartbeat(msg_ref),
            Dialect::Raw => raw::heartbeat(msg_ref),
        }
    }

    /// Whether the client must send heartbeats on its own to stay connected
    /// (Phoenix closes a socket silent for 60 s; Engine.IO pings from the server).
    pub fn needs_heartbeats(self) -> bool {
        self == Dialect::Phoenix
    }

    pub fn classify(self, text: &str) -> Incoming {
        match self {
            Dialect::Phoenix => phoenix::classify(text),
            Dialect::EngineIo => engineio::classify(text),
            Dialect::Raw => raw::classify(text),
        }
    }

    /// The number of annotations a join reply lists, to check the setup.
    pub fn count_annotations(self, reply: &str) -> usize {
        reply.matches("\"body\":").count()
    }
}

/// JSON string literal of `text`.
fn quoted(text: &str) -> String {
    serde_json::to_string(text).expect("a string serializes")
}
