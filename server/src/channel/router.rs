//! Which channel type serves which topic: the seed's
//! `channel "videos:*", VideoChannel`. A pattern ending in `*` matches every
//! topic that starts with what comes before it; any other pattern matches
//! its topic exactly. The first matching pattern wins.

use super::channel::Channel;
use super::mailbox;
use super::runner::{self, FromSocket, SocketContext};
use app::wire::Message;
use std::sync::Arc;

type Start = Arc<dyn Fn(Message, SocketContext) -> mailbox::Sender<FromSocket> + Send + Sync>;

struct Route {
    pattern: String,
    start: Start,
}

impl Route {
    fn matches(&self, topic: &str) -> bool {
        match self.pattern.strip_suffix('*') {
            Some(prefix) => topic.starts_with(prefix),
            None => topic == self.pattern,
        }
    }
}

#[derive(Default)]
pub struct Router {
    routes: Vec<Route>,
}

/// The last segment of a type's path: `VideoChannel` for `server::video_channel::VideoChannel`.
fn short_type_name<T>() -> &'static str {
    let full = std::any::type_name::<T>();
    let before_generics = full.split('<').next().unwrap_or(full);
    before_generics.rsplit("::").next().unwrap_or(before_generics)
}

impl Router {
    pub fn new() -> Self {
        Self::default()
    }

    /// Serves topics matching `pattern` with a fresh channel from `make` per join.
    pub fn channel<C: Channel>(mut self, pattern: &str, make: impl Fn() -> C + Send + Sync + 'static) -> Self {
        let name = short_type_name::<C>();
        let start: Start = Arc::new(move |join, context| runner::spawn(make(), name, join, context));
        self.routes.push(Route { pattern: pattern.to_owned(), start });
        self
    }

    /// Starts the channel that serves the join's topic, if any does.
    pub(super) fn start(&self, join: Message, context: SocketContext) -> Option<mailbox::Sender<FromSocket>> {
        let route = self.routes.iter().find(|route| route.matches(&join.topic))?;
        Some((route.start)(join, context))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn type_names_are_shortened_to_their_last_segment() {
        assert_eq!(super::short_type_name::<std::collections::HashMap<u8, u8>>(), "HashMap");
        assert_eq!(super::short_type_name::<String>(), "String");
    }

    #[test]
    fn wildcard_patterns_match_by_prefix_and_others_exactly() {
        let route = |pattern: &str| super::Route { pattern: pattern.into(), start: std::sync::Arc::new(|_, _| unreachable!()) };
        assert!(route("videos:*").matches("videos:2"));
        assert!(!route("videos:*").matches("video:2"));
        assert!(route("lobby").matches("lobby"));
        assert!(!route("lobby").matches("lobby:1"));
    }
}
