//! One module per page of the site, and the pieces only pages use.

pub mod account_nav;
pub mod form_parts;
pub mod connection_indicator;
pub mod home;
pub mod login;
pub mod my_videos;
pub mod not_found;
pub mod signup;
pub mod upload;
pub mod video_form;
pub mod watch;
