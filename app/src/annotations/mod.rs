//! The annotation panel's state, free of any browser: which annotations the
//! page holds, which of them are shown at the player's current time, and
//! what to ask for on a rejoin. The watch page feeds it the channel's events
//! and the player's time updates and renders `visible()`.

pub mod payload;
pub mod timeline;

pub use payload::{parse_annotation, parse_join_reply, PayloadError};
pub use timeline::Timeline;
