//! The rules a `new_annotation` push must meet: a body of 1 to 1000
//! characters once trimmed, and `at`, a whole number of milliseconds ≥ 0.
//! A violation is answered with an Ecto-style map of messages per field,
//! `{"body": ["can't be blank"]}`, a plain map the client can show as is.

use serde_json::{Map, Value};

pub const MAX_BODY_CHARS: usize = 1000;

/// A valid new annotation: the trimmed body and its moment in the video.
#[derive(Debug, PartialEq, Eq)]
pub struct NewAnnotation {
    pub body: String,
    pub at: i64,
}

/// Field name → its error messages.
pub type Errors = Map<String, Value>;

pub fn validate(payload: &Value) -> Result<NewAnnotation, Errors> {
    let mut errors = Errors::new();
    let mut fail = |field: &str, message: &str| {
        errors.insert(field.to_owned(), Value::from(vec![message.to_owned()]));
    };
    let body = match payload.get("body") {
        None | Some(Value::Null) => {
            fail("body", "can't be blank");
            None
        }
        Some(Value::String(body)) => match body.trim() {
            "" => {
                fail("body", "can't be blank");
                None
            }
            body if body.chars().count() > MAX_BODY_CHARS => {
                fail("body", &format!("should be at most {MAX_BODY_CHARS} character(s)"));
                None
            }
            body => Some(body),
        },
        Some(_) => {
            fail("body", "is invalid");
            None
        }
    };
    let at = match payload.get("at") {
        None | Some(Value::Null) => {
            fail("at", "can't be blank");
            None
        }
        Some(Value::Number(n)) => match n.as_i64() {
            Some(at) if at >= 0 => Some(at),
            Some(_) => {
                fail("at", "must be greater than or equal to 0");
                None
            }
            None => {
                fail("at", "must be a whole number of milliseconds");
                None
            }
        },
        Some(_) => {
            fail("at", "is invalid");
            None
        }
    };
    match (body, at) {
        (Some(body), Some(at)) => Ok(NewAnnotation { body: body.to_owned(), at }),
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_valid_annotation_is_trimmed() {
        assert_eq!(validate(&json!({"body": "  hi <b>  ", "at": 0})), Ok(NewAnnotation { body: "hi <b>".into(), at: 0 }));
    }

    #[test]
    fn violations_are_reported_per_field() {
        let errors = |payload: Value| Value::Object(validate(&payload).unwrap_err());
        assert_eq!(errors(json!({"body": "   ", "at": 5})), json!({"body": ["can't be blank"]}));
        assert_eq!(errors(json!({"at": 5})), json!({"body": ["can't be blank"]}));
        assert_eq!(errors(json!({"body": 7, "at": 5})), json!({"body": ["is invalid"]}));
        assert_eq!(errors(json!({"body": "x".repeat(1001), "at": 5})), json!({"body": ["should be at most 1000 character(s)"]}));
        assert!(validate(&json!({"body": "é".repeat(1000), "at": 5})).is_ok(), "characters, not bytes");
        assert_eq!(errors(json!({"body": "ok", "at": -1})), json!({"at": ["must be greater than or equal to 0"]}));
        assert_eq!(errors(json!({"body": "ok", "at": 1.5})), json!({"at": ["must be a whole number of milliseconds"]}));
        assert_eq!(errors(json!({"body": "ok", "at": "12"})), json!({"at": ["is invalid"]}));
        assert_eq!(errors(json!("not an object")), json!({"body": ["can't be blank"], "at": ["can't be blank"]}));
    }
}
