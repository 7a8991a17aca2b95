//! What a rejected form comes back with: the values that were entered (never
//! a password) and the messages for each field, in the JSON API's
//! `{"errors": {"field": ["message", ...]}}` shape. The server fills one in
//! when validation fails; the page shows it next to the fields.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Messages per field name, in the order they were found.
pub type FieldErrors = BTreeMap<String, Vec<String>>;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormEcho {
    pub values: BTreeMap<String, String>,
    pub errors: FieldErrors,
}

impl FormEcho {
    /// The entered value of `field`, or empty.
    pub fn value(&self, field: &str) -> String {
        self.values.get(field).cloned().unwrap_or_default()
    }

    /// The messages for `field`, joined for display; empty when none.
    pub fn error(&self, field: &str) -> Option<String> {
        self.errors.get(field).filter(|m| !m.is_empty()).map(|m| m.join("; "))
    }
}

/// Adds `message` under `field`.
pub fn add_error(errors: &mut FieldErrors, field: &str, message: impl Into<String>) {
    errors.entry(field.to_owned()).or_default().push(message.into());
}
