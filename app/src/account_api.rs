//! Server functions behind the account and video-management pages: who the
//! viewer is (with the form the server just rejected, if any), the viewer's
//! own videos, and the categories. During SSR they read what the server's
//! middleware attached to the request; after hydration the browser calls
//! them over HTTP, where the same middleware runs.

use crate::forms::FormEcho;
use crate::models::Video;
use crate::viewer::Viewer;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// What every account page needs: the viewer, and the rejected form to show
/// again (only on the answer to a rejected post).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountPageState {
    pub viewer: Viewer,
    pub echo: Option<FormEcho>,
}

#[server(prefix = "/_server")]
pub async fn page_state() -> Result<AccountPageState, ServerFnError> {
    Ok(AccountPageState {
        viewer: crate::viewer::from_request().unwrap_or_default(),
        echo: crate::viewer::form_echo_from_request(),
    })
}

#[cfg(feature = "ssr")]
fn database() -> Result<sea_orm::DatabaseConnection, ServerFnError> {
    use_context::<sea_orm::DatabaseConnection>().ok_or_else(|| ServerFnError::new("no database in context"))
}

#[cfg(feature = "ssr")]
fn internal(err: sea_orm::DbErr) -> ServerFnError {
    tracing::error!(%err, "database error");
    ServerFnError::new("the database is unavailable, try again shortly")
}

#[cfg(feature = "ssr")]
fn viewer_id() -> Option<i64> {
    crate::viewer::from_request().and_then(|viewer| viewer.user).map(|user| user.id)
}

/// The viewer's own videos, newest first; none for a guest.
#[server(prefix = "/_server")]
pub async fn my_videos() -> Result<Vec<Video>, ServerFnError> {
    match viewer_id() {
        Some(user_id) => crate::db::owned_videos::list(&database()?, user_id).await.map_err(internal),
        None => Ok(Vec::new()),
    }
}

/// Video `id` if the viewer owns it; `None` otherwise, as for a missing one.
#[server(prefix = "/_server")]
pub async fn my_video(id: i64) -> Result<Option<Video>, ServerFnError> {
    match viewer_id() {
        Some(user_id) => crate::db::owned_videos::get(&database()?, user_id, id).await.map_err(internal),
        None => Ok(None),
    }
}

/// The categories a video can be filed under, as `(id, name)`.
#[server(prefix = "/_server")]
pub async fn video_categories() -> Result<Vec<(i64, String)>, ServerFnError> {
    crate::db::owned_videos::categories(&database()?).await.map_err(internal)
}
