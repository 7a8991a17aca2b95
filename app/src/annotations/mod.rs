//! The annotation panel's state, free of any browser: which annotations the
//! page holds, which of them are shown at the player's current time, and
//! what to ask for on a rejoin. The watch page feeds it the channel's events
//! and the player's time updates and renders `visible()`; `live` (browser
//! only) is the session that does the feeding.

pub mod actions;
#[cfg(feature = "hydrate")]
pub mod live;
pub mod payload;
pub mod signals;
pub mod timeline;

pub use actions::{PanelActions, PostResult, SessionHandle};
pub use payload::{describe_error, parse_annotation, parse_join_reply, PayloadError};
pub use signals::PanelSignals;
pub use timeline::Timeline;
