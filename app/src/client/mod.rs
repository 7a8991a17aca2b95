//! A Phoenix Channels client with the semantics of phoenix.js 1.8.
//!
//! The protocol lives in pure code that is driven by calls and answers with
//! effects (`effect`): `socket` (transport, heartbeat, reconnect, buffer,
//! routing) and `channel` (join, rejoin, push, leave, stale-join filtering),
//! on the schedules of `backoff`. Only `browser`, built for `hydrate`, touches
//! a real `WebSocket` and real timers; everything else is unit-tested
//! natively in `tests`.

pub mod backoff;
#[cfg(feature = "hydrate")]
pub mod browser;
pub mod channel;
pub mod effect;
pub mod socket;
#[cfg(test)]
mod tests;

pub use channel::{ChannelState, ClientError, Params, DEFAULT_TIMEOUT_MS};
pub use effect::{Connection, Effect, PushId, PushOutcome, Timer};
pub use socket::{SocketCore, HEARTBEAT_INTERVAL_MS};
