//! Who is looking at the page: the logged-in user (if any), their socket
//! token for the channel client, and the token every form posts back to
//! prove it came from this site (CSRF). The server works it out from the
//! request's cookies and puts it in the request's extensions; pages read it
//! from there during SSR, and through the `current_viewer` server function.

use crate::models::User;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Viewer {
    pub user: Option<User>,
    /// Signed like `Phoenix.Token.sign(conn, "user socket", user.id)`; only for a logged-in user.
    pub socket_token: Option<String>,
    /// The value forms send back as the `csrf_token` field.
    pub csrf_token: String,
}

/// The name of the hidden field every form carries.
pub const CSRF_FIELD: &str = "csrf_token";

/// The viewer the server attached to the current request, during SSR.
#[cfg(feature = "ssr")]
pub fn from_request() -> Option<Viewer> {
    leptos::prelude::use_context::<http::request::Parts>()?.extensions.get::<Viewer>().cloned()
}

/// The rejected form the server attached to the current request, if any.
#[cfg(feature = "ssr")]
pub fn form_echo_from_request() -> Option<crate::forms::FormEcho> {
    leptos::prelude::use_context::<http::request::Parts>()?.extensions.get::<crate::forms::FormEcho>().cloned()
}
