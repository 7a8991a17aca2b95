//! Reading the channel's annotation payloads: the join reply
//! `{"annotations": [...]}` and a broadcast `new_annotation`
//! `{"id", "body", "at", "user": {"id", "username"}}`. A payload of another
//! shape is an error to show or log, never a panic.

use crate::models::Annotation;
use serde::Deserialize;
use serde_json::Value;

#[derive(Debug, thiserror::Error)]
#[error("unexpected annotation payload: {0}")]
pub struct PayloadError(#[from] serde_json::Error);

#[derive(Deserialize)]
struct JoinReply {
    #[serde(default)]
    annotations: Vec<Annotation>,
}

/// The annotations of a join reply (none if the reply names none).
pub fn parse_join_reply(response: &Value) -> Result<Vec<Annotation>, PayloadError> {
    Ok(JoinReply::deserialize(response)?.annotations)
}

pub fn parse_annotation(payload: &Value) -> Result<Annotation, PayloadError> {
    Ok(Annotation::deserialize(payload)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_join_reply_lists_annotations() {
        let reply = json!({"annotations": [{"id": 3, "body": "hi", "at": 1500, "user": {"id": 1, "username": "jose"}}]});
        let list = parse_join_reply(&reply).unwrap();
        assert_eq!(list.len(), 1);
        assert_eq!((list[0].id, list[0].at, list[0].user.username.as_str()), (3, 1500, "jose"));
        assert!(parse_join_reply(&json!({})).unwrap().is_empty());
    }

    #[test]
    fn other_shapes_are_errors() {
        assert!(parse_join_reply(&json!({"annotations": [{"id": "x"}]})).is_err());
        assert!(parse_annotation(&json!({"id": 1, "body": "no user", "at": 0})).is_err());
        assert!(parse_annotation(&json!("text")).is_err());
    }
}
