//! Accounts: registration, logging in and out, server-side sessions, the
//! CSRF protection of forms, and who the viewer of a request is.

pub mod cookies;
pub mod csrf;
pub mod forms;
pub mod session;
pub mod users;
pub mod viewer;
