//! Publish/subscribe by topic: how one channel's `broadcast` reaches every
//! socket that joined the same topic on this node.
//!
//! The trait is deliberately small (subscribe, unsubscribe, broadcast) so
//! that a Redis implementation can sit behind it later. A `Broadcast` is
//! encoded at most once per serializer, lazily, and the encoded frame is
//! shared (a reference-counted buffer) by every subscriber it reaches.
//! Subscribers must not block: they hand the frame to a bounded queue and
//! disconnect their socket when it is full, so a slow reader never slows
//! the broadcaster or the other subscribers.

use super::serializer::Serializer;
use app::wire::Message;
use axum::extract::ws::Utf8Bytes;
use serde_json::Value;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock, RwLock};

/// A message for every subscriber of a topic.
pub struct Broadcast {
    message: Message,
    encoded: [OnceLock<Utf8Bytes>; Serializer::ALL.len()],
}

impl Broadcast {
    pub fn new(topic: &str, event: &str, payload: Value) -> Self {
        Self { message: Message::push(None, topic, event, payload), encoded: Default::default() }
    }

    pub fn topic(&self) -> &str {
        &self.message.topic
    }

    pub fn event(&self) -> &str {
        &self.message.event
    }

    pub fn payload(&self) -> &Value {
        &self.message.payload
    }

    /// The frame for `serializer`: encoded by the first subscriber that
    /// needs it, then shared.
    pub fn encoded(&self, serializer: Serializer) -> Utf8Bytes {
        self.encoded[serializer.index()].get_or_init(|| serializer.encode(&self.message)).clone()
    }
}

/// Called for each broadcast to the topic subscribed to; must not block.
pub type Subscriber = Box<dyn Fn(&Arc<Broadcast>) + Send + Sync>;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct SubscriptionId(u64);

pub trait PubSub: Send + Sync + 'static {
    fn subscribe(&self, topic: &str, subscriber: Subscriber) -> SubscriptionId;
    fn unsubscribe(&self, topic: &str, id: SubscriptionId);
    fn broadcast(&self, broadcast: Broadcast);
}

/// A subscription that ends when dropped.
pub struct Subscription {
    pubsub: Arc<dyn PubSub>,
    topic: String,
    id: SubscriptionId,
}

impl Subscription {
    pub fn new(pubsub: &Arc<dyn PubSub>, topic: &str, subscriber: Subscriber) -> Self {
        let id = pubsub.subscribe(topic, subscriber);
        Self { pubsub: pubsub.clone(), topic: topic.to_owned(), id }
    }
}

impl Drop for Subscription {
    fn drop(&mut self) {
        self.pubsub.unsubscribe(&self.topic, self.id);
    }
}

/// The in-memory implementation: subscribers of this process only.
#[derive(Default)]
pub struct LocalPubSub {
    next_id: AtomicU64,
    topics: RwLock<HashMap<String, Vec<(SubscriptionId, Subscriber)>>>,
}

impl PubSub for LocalPubSub {
    fn subscribe(&self, topic: &str, subscriber: Subscriber) -> SubscriptionId {
        let id = SubscriptionId(self.next_id.fetch_add(1, Ordering::Relaxed));
        let mut topics = self.topics.write().unwrap_or_else(|poisoned| poisoned.into_inner());
        topics.entry(topic.to_owned()).or_default().push((id, subscriber));
        id
    }

    fn unsubscribe(&self, topic: &str, id: SubscriptionId) {
        let mut topics = self.topics.write().unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(subscribers) = topics.get_mut(topic) {
            subscribers.retain(|(other, _)| *other != id);
            if subscribers.is_empty() {
                topics.remove(topic);
            }
        }
    }

    fn broadcast(&self, broadcast: Broadcast) {
        let broadcast = Arc::new(broadcast);
        let topics = self.topics.read().unwrap_or_else(|poisoned| poisoned.into_inner());
        for (_, subscriber) in topics.get(broadcast.topic()).into_iter().flatten() {
            subscriber(&broadcast);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    fn collector(into: &Arc<Mutex<Vec<Utf8Bytes>>>, serializer: Serializer) -> Subscriber {
        let into = into.clone();
        Box::new(move |b: &Arc<Broadcast>| into.lock().unwrap().push(b.encoded(serializer)))
    }

    #[test]
    fn a_broadcast_is_encoded_once_per_serializer_and_shared() {
        let pubsub: Arc<dyn PubSub> = Arc::new(LocalPubSub::default());
        let frames = Arc::new(Mutex::new(Vec::new()));
        let _a = Subscription::new(&pubsub, "videos:1", collector(&frames, Serializer::V2));
        let _b = Subscription::new(&pubsub, "videos:1", collector(&frames, Serializer::V2));
        let _c = Subscription::new(&pubsub, "videos:1", collector(&frames, Serializer::V1));
        let _other = Subscription::new(&pubsub, "videos:2", collector(&frames, Serializer::V2));
        pubsub.broadcast(Broadcast::new("videos:1", "new_annotation", serde_json::json!({"id": 1})));
        let frames = frames.lock().unwrap();
        assert_eq!(frames.len(), 3, "only the topic's subscribers receive it");
        assert_eq!(frames[0].as_str(), r#"[null,null,"videos:1","new_annotation",{"id":1}]"#);
        assert_eq!(frames[0].as_str().as_ptr(), frames[1].as_str().as_ptr(), "one buffer shared");
        assert!(frames[2].as_str().starts_with('{'), "the V1 subscriber gets the object form");
    }

    #[test]
    fn a_dropped_subscription_receives_nothing() {
        let pubsub: Arc<dyn PubSub> = Arc::new(LocalPubSub::default());
        let frames = Arc::new(Mutex::new(Vec::new()));
        drop(Subscription::new(&pubsub, "t", collector(&frames, Serializer::V2)));
        pubsub.broadcast(Broadcast::new("t", "e", Value::Null));
        assert!(frames.lock().unwrap().is_empty());
    }
}
