//! What the panel's components may ask of the live session, as a trait so
//! that the components compile (and render) on the server too, where there
//! is no session.

/// How a post ended, in words the panel can show.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PostResult {
    Saved,
    /// The server refused it; the reason is for the poster.
    Refused(String),
    /// No reply in time: it may or may not have been saved.
    TimedOut,
    /// It could not even be sent.
    NotSent(String),
}

pub trait PanelActions {
    /// Posts `body` at the player's current time; `done` is called once.
    fn post(&self, body: String, done: Box<dyn FnOnce(PostResult)>);
    /// Moves the player (and the list) to `ms`.
    fn seek(&self, ms: i64);
}
