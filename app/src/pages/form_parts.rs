//! The pieces every form on the site is made of: the hidden CSRF field, a
//! labelled input that keeps what was entered and shows its error, and the
//! form-wide error line.

use crate::forms::FormEcho;
use crate::viewer::CSRF_FIELD;
use leptos::prelude::*;

#[component]
pub fn CsrfField(token: String) -> impl IntoView {
    view! { <input type="hidden" name=CSRF_FIELD value=token/> }
}

/// An `<input>` with its label; a password field never gets its value back.
#[component]
pub fn TextField(
    label: &'static str,
    name: &'static str,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] value: String,
    #[prop(optional)] required: bool,
    echo: FormEcho,
) -> impl IntoView {
    let value = if kind == "password" {
        String::new()
    } else if echo.values.contains_key(name) {
        echo.value(name)
    } else {
        value
    };
    let error = echo.error(name);
    let invalid = error.is_some();
    view! {
        <label class="field" class:invalid=invalid>
            <span>{label}</span>
            <input type=kind name=name id=format!("field-{name}") value=value required=required/>
            {error.map(|message| view! { <span class="field-error" data-field=name>{message}</span> })}
        </label>
    }
}

/// The error that belongs to no one field (such as a failed login).
#[component]
pub fn FormError(echo: FormEcho) -> impl IntoView {
    echo.error("form").map(|message| view! { <p class="form-error" role="alert">{message}</p> })
}
