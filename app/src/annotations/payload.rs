//! Reading the channel's annotation payloads: the join reply
//! `{"annotations": [...]}` and a broadcast `new_annotation`
//! `{"id", "body", "at", "user": {"id", "username"}}`, and the error reply
//! to a post. A payload of another shape is an error to show or log, never
//! a panic.

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

/// What to tell the poster about an `error` reply: its `{"reason": ...}`,
/// or its `{"errors": {"body": ["can't be blank"]}}` as "body can't be blank".
pub fn describe_error(response: &Value) -> String {
    if let Some(reason) = response.get("reason").and_then(Value::as_str) {
        return reason.to_owned();
    }
    if let Some(errors) = response.get("errors").and_then(Value::as_object) {
        let mut parts = Vec::new();
        for (field, messages) in errors {
            let messages: Vec<&str> = match messages {
                Value::Array(list) => list.iter().filter_map(Value::as_str).collect(),
                Value::String(one) => vec![one.as_str()],
                _ => Vec::new(),
            };
            parts.extend(messages.into_iter().map(|m| format!("{field} {m}")));
        }
        if !parts.is_empty() {
            return parts.join("; ");
        }
    }
    "the server refused the annotation".to_owned()
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
    fn error_replies_are_told_in_words() {
        assert_eq!(describe_error(&json!({"reason": "unauthorized"})), "unauthorized");
        assert_eq!(
            describe_error(&json!({"errors": {"body": ["can't be blank", "is too long"]}})),
            "body can't be blank; body is too long"
        );
        assert_eq!(describe_error(&json!({"errors": {}})), "the server refused the annotation");
        assert_eq!(describe_error(&json!(null)), "the server refused the annotation");
    }

    #[test]
    fn other_shapes_are_errors() {
        assert!(parse_join_reply(&json!({"annotations": [{"id": "x"}]})).is_err());
        assert!(parse_annotation(&json!({"id": 1, "body": "no user", "at": 0})).is_err());
        assert!(parse_annotation(&json!("text")).is_err());
    }
}
