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

/// The page's handle on its live session, `Copy` so that every handler can
/// hold it. In the browser it holds the session once started; on the server
/// there never is one (a server-side owner may be dropped on any thread, so
/// it must not hold browser-only values at all), and the calls do nothing.
#[derive(Clone, Copy)]
pub struct SessionHandle {
    #[cfg(feature = "hydrate")]
    slot: leptos::prelude::StoredValue<Option<std::rc::Rc<dyn PanelActions>>, leptos::prelude::LocalStorage>,
}

impl SessionHandle {
    pub fn new() -> Self {
        Self {
            #[cfg(feature = "hydrate")]
            slot: leptos::prelude::StoredValue::new_local(None),
        }
    }

    #[cfg(feature = "hydrate")]
    pub fn set(&self, session: std::rc::Rc<dyn PanelActions>) {
        use leptos::prelude::SetValue;
        self.slot.set_value(Some(session));
    }

    /// The session, if it has started.
    pub fn get(&self) -> Option<std::rc::Rc<dyn PanelActions>> {
        #[cfg(feature = "hydrate")]
        {
            use leptos::prelude::GetValue;
            self.slot.try_get_value().flatten()
        }
        #[cfg(not(feature = "hydrate"))]
        None
    }
}

impl Default for SessionHandle {
    fn default() -> Self {
        Self::new()
    }
}
