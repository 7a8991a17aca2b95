//! One module per page of the site, and the pieces only pages use.

pub mod connection_indicator;
pub mod home;
pub mod not_found;
pub mod watch;
