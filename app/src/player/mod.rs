//! The player behind a small interface, so that the annotation panel does
//! not care what plays the video: its current time, a seek, whether it is
//! ready, and the time updates it reports.
//!
//! `source` decides from a video's URL which player it needs (pure, shared
//! with the server, which renders the matching element); `html5` drives a
//! `<video>` and `youtube` the YouTube IFrame API, in the browser only.

#[cfg(feature = "hydrate")]
pub mod html5;
pub mod source;
#[cfg(feature = "hydrate")]
pub mod youtube;

pub use source::{youtube_id, Source};

/// What a player can be asked.
pub trait Player {
    /// Milliseconds into the video.
    fn current_time_ms(&self) -> i64;
    fn seek_to(&self, ms: i64);
    fn is_ready(&self) -> bool;
}

/// What a player reports as it plays: its own time updates, which drive the
/// annotation schedule (there is no timer of the panel's own).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PlayerTime {
    /// Playback moved on to this time.
    Played(i64),
    /// The viewer (or a click on an annotation) jumped to this time.
    Seeked(i64),
}
