//! The Phoenix Channels wire format, shared by the server and the browser.
//!
//! A message names a `topic` and an `event` and carries a JSON `payload`;
//! `ref` ties a reply to its request and `join_ref` ties every message of a
//! channel to the join that opened it, so that messages of an older join of
//! the same topic can be told apart and ignored. The V2 serializer (the one
//! phoenix.js 1.8 uses) sends it as the array
//! `[join_ref, ref, topic, event, payload]`; the older V1 serializer (used
//! when a client asks for `vsn=1.0.0` or names no version) sends the object
//! `{"topic", "event", "payload", "ref", "join_ref"}`.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The events the protocol itself uses; everything else is the application's.
pub mod event {
    pub const JOIN: &str = "phx_join";
    pub const LEAVE: &str = "phx_leave";
    pub const REPLY: &str = "phx_reply";
    pub const ERROR: &str = "phx_error";
    pub const CLOSE: &str = "phx_close";
    pub const HEARTBEAT: &str = "heartbeat";
}

/// The topic of heartbeats.
pub const PHOENIX_TOPIC: &str = "phoenix";

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Message {
    pub join_ref: Option<String>,
    #[serde(rename = "ref")]
    pub msg_ref: Option<String>,
    pub topic: String,
    pub event: String,
    pub payload: Value,
}

#[derive(Debug, thiserror::Error)]
pub enum DecodeError {
    #[error("not JSON: {0}")]
    NotJson(#[from] serde_json::Error),
    #[error("not a [join_ref, ref, topic, event, payload] array")]
    WrongShape,
    #[error("not a {{topic, event, payload, ref}} object")]
    WrongObjectShape,
}

/// A ref as clients send it: a string, or (harmlessly) a number; `null` or
/// absent is no ref.
fn ref_text(value: Value) -> Option<Option<String>> {
    match value {
        Value::Null => Some(None),
        Value::String(s) => Some(Some(s)),
        Value::Number(n) => Some(Some(n.to_string())),
        _ => None,
    }
}

impl Message {
    /// Encodes as a V2 frame: `[join_ref, ref, topic, event, payload]`.
    pub fn to_v2(&self) -> String {
        serde_json::to_string(&(&self.join_ref, &self.msg_ref, &self.topic, &self.event, &self.payload))
            .expect("a message serializes")
    }

    /// Decodes a V2 frame.
    pub fn from_v2(text: &str) -> Result<Self, DecodeError> {
        let value: Value = serde_json::from_str(text)?;
        let Value::Array(mut parts) = value else { return Err(DecodeError::WrongShape) };
        if parts.len() != 5 {
            return Err(DecodeError::WrongShape);
        }
        let payload = parts.pop().expect("five parts");
        let mut text_at =
            |i: usize| -> Result<Option<String>, DecodeError> { ref_text(std::mem::take(&mut parts[i])).ok_or(DecodeError::WrongShape) };
        let (join_ref, msg_ref) = (text_at(0)?, text_at(1)?);
        let mut name_at = |i: usize| match std::mem::take(&mut parts[i]) {
            Value::String(s) => Ok(s),
            _ => Err(DecodeError::WrongShape),
        };
        let (topic, event) = (name_at(2)?, name_at(3)?);
        Ok(Self { join_ref, msg_ref, topic, event, payload })
    }

    /// Encodes as a V1 frame: `{"topic", "event", "payload", "ref", "join_ref"}`.
    pub fn to_v1(&self) -> String {
        serde_json::to_string(self).expect("a message serializes")
    }

    /// Decodes a V1 frame; `ref` and `join_ref` may be absent.
    pub fn from_v1(text: &str) -> Result<Self, DecodeError> {
        let value: Value = serde_json::from_str(text)?;
        let Value::Object(mut fields) = value else { return Err(DecodeError::WrongObjectShape) };
        let mut name = |key: &str| match fields.remove(key) {
            Some(Value::String(s)) => Ok(s),
            _ => Err(DecodeError::WrongObjectShape),
        };
        let (topic, event) = (name("topic")?, name("event")?);
        let mut reference = |key: &str| ref_text(fields.remove(key).unwrap_or(Value::Null)).ok_or(DecodeError::WrongObjectShape);
        let (join_ref, msg_ref) = (reference("join_ref")?, reference("ref")?);
        let payload = fields.remove("payload").ok_or(DecodeError::WrongObjectShape)?;
        Ok(Self { join_ref, msg_ref, topic, event, payload })
    }

    /// A message the server sends on its own, in a channel or to a topic.
    pub fn push(join_ref: Option<String>, topic: &str, event: &str, payload: Value) -> Self {
        Self { join_ref, msg_ref: None, topic: topic.to_owned(), event: event.to_owned(), payload }
    }

    /// A reply to `request`: `phx_reply` with `{"status", "response"}`.
    pub fn reply_to(request: &Message, status: ReplyStatus, response: Value) -> Self {
        Self {
            join_ref: request.join_ref.clone(),
            msg_ref: request.msg_ref.clone(),
            topic: request.topic.clone(),
            event: event::REPLY.to_owned(),
            payload: serde_json::json!({ "status": status, "response": response }),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ReplyStatus {
    Ok,
    Error,
}

/// The payload of a `phx_reply`, as the client reads it.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Reply {
    pub status: String,
    #[serde(default)]
    pub response: Value,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn v2_frames_round_trip() {
        let text = r#"["1","2","videos:1","phx_join",{"last_seen_id":3}]"#;
        let message = Message::from_v2(text).unwrap();
        assert_eq!(message.join_ref.as_deref(), Some("1"));
        assert_eq!(message.msg_ref.as_deref(), Some("2"));
        assert_eq!(message.topic, "videos:1");
        assert_eq!(message.payload, json!({"last_seen_id": 3}));
        assert_eq!(message.to_v2(), text);
    }

    #[test]
    fn broadcasts_have_null_refs() {
        let message = Message::from_v2(r#"[null,null,"videos:1","new_annotation",{}]"#).unwrap();
        assert_eq!(message.join_ref, None);
        assert_eq!(message.msg_ref, None);
    }

    #[test]
    fn wrong_shapes_are_refused() {
        for text in ["{}", "[1,2,3]", r#"[null,null,null,"e",{}]"#, r#"[null,null,"t",5,{}]"#, "not json"] {
            assert!(Message::from_v2(text).is_err(), "{text} should be refused");
        }
    }

    #[test]
    fn v1_objects_round_trip_and_refs_may_be_absent() {
        let message = Message::from_v1(r#"{"topic":"videos:1","event":"phx_join","payload":{},"ref":"1","join_ref":"1"}"#).unwrap();
        assert_eq!((message.join_ref.as_deref(), message.msg_ref.as_deref()), (Some("1"), Some("1")));
        assert_eq!(Message::from_v1(&message.to_v1()).unwrap(), message);
        let bare = Message::from_v1(r#"{"topic":"phoenix","event":"heartbeat","payload":{}}"#).unwrap();
        assert_eq!((bare.join_ref, bare.msg_ref), (None, None));
        for text in ["[]", "{}", r#"{"topic":1,"event":"e","payload":{}}"#, r#"{"topic":"t","event":"e"}"#, r#"{"topic":"t","event":"e","payload":{},"ref":[]}"#] {
            assert!(Message::from_v1(text).is_err(), "{text} should be refused");
        }
    }

    #[test]
    fn a_reply_carries_the_request_refs() {
        let request = Message::from_v2(r#"["1","5","videos:1","new_annotation",{}]"#).unwrap();
        let reply = Message::reply_to(&request, ReplyStatus::Ok, json!({"id": 9}));
        assert_eq!(reply.to_v2(), r#"["1","5","videos:1","phx_reply",{"response":{"id":9},"status":"ok"}]"#);
    }
}
