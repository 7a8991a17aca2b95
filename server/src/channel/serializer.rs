//! The two wire forms a client may ask for with `vsn`: V1 sends each message
//! as a JSON object, V2 (phoenix.js 1.8's default) as a five-element array.
//! The message itself is `app::wire::Message`, shared with the browser.

use app::wire::{DecodeError, Message};
use axum::extract::ws::Utf8Bytes;
use serde_json::Value;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Serializer {
    V1,
    V2,
}

impl Serializer {
    pub const ALL: [Serializer; 2] = [Serializer::V1, Serializer::V2];

    /// The serializer of a `vsn` query parameter: `2.x.y` is V2; `1.x.y`, or
    /// no `vsn` at all, is V1, as in Phoenix. Any other version is unknown.
    pub fn for_vsn(vsn: Option<&str>) -> Option<Self> {
        match vsn {
            None => Some(Self::V1),
            Some(v) if v.starts_with("1.") => Some(Self::V1),
            Some(v) if v.starts_with("2.") => Some(Self::V2),
            Some(_) => None,
        }
    }

    /// A small index, so a broadcast can cache one encoding per serializer.
    pub fn index(self) -> usize {
        match self {
            Self::V1 => 0,
            Self::V2 => 1,
        }
    }

    /// The name Phoenix logs for it.
    pub fn name(self) -> &'static str {
        match self {
            Self::V1 => "V1.JSONSerializer",
            Self::V2 => "V2.JSONSerializer",
        }
    }

    pub fn encode(self, message: &Message) -> Utf8Bytes {
        match self {
            Self::V1 => message.to_v1().into(),
            Self::V2 => message.to_v2().into(),
        }
    }

    pub fn decode(self, text: &str) -> Result<Message, DecodeError> {
        match self {
            Self::V1 => Message::from_v1(text),
            Self::V2 => Message::from_v2(text),
        }
    }

    /// From a frame that did not decode, whatever can still be read of its
    /// `join_ref`, `ref` and `topic`: enough to answer it with an error reply.
    /// `None` when there is no ref to answer to.
    pub fn salvage(self, text: &str) -> Option<Message> {
        let value: Value = serde_json::from_str(text).ok()?;
        let (join_ref, msg_ref, topic) = match (self, &value) {
            (Self::V2, Value::Array(parts)) => (parts.first(), parts.get(1), parts.get(2)),
            (Self::V1, Value::Object(fields)) => (fields.get("join_ref"), fields.get("ref"), fields.get("topic")),
            _ => return None,
        };
        let as_ref = |v: Option<&Value>| match v {
            Some(Value::String(s)) => Some(s.clone()),
            Some(Value::Number(n)) => Some(n.to_string()),
            _ => None,
        };
        let Some(Value::String(topic)) = topic else { return None };
        let msg_ref = as_ref(msg_ref)?;
        Some(Message { join_ref: as_ref(join_ref), msg_ref: Some(msg_ref), topic: topic.clone(), event: String::new(), payload: Value::Null })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_choose_the_serializer_as_phoenix_does() {
        assert_eq!(Serializer::for_vsn(Some("2.0.0")), Some(Serializer::V2));
        assert_eq!(Serializer::for_vsn(Some("1.0.0")), Some(Serializer::V1));
        assert_eq!(Serializer::for_vsn(None), Some(Serializer::V1));
        assert_eq!(Serializer::for_vsn(Some("3.0.0")), None);
    }

    #[test]
    fn a_frame_with_a_readable_ref_and_topic_can_be_answered() {
        let salvaged = Serializer::V2.salvage(r#"["1","7","videos:1",42,{}]"#).unwrap();
        assert_eq!((salvaged.msg_ref.as_deref(), salvaged.topic.as_str()), (Some("7"), "videos:1"));
        let salvaged = Serializer::V1.salvage(r#"{"topic":"videos:1","ref":"3"}"#).unwrap();
        assert_eq!(salvaged.msg_ref.as_deref(), Some("3"));
        for hopeless in ["not json", "[]", r#"[null,null,"t"]"#, r#"["1","2",3,"e",{}]"#] {
            assert!(Serializer::V2.salvage(hopeless).is_none(), "{hopeless}");
        }
    }
}
