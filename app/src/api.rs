//! Server functions: what the pages ask of the server.
//!
//! Each runs on the server (with the `DatabaseConnection` the server puts in
//! context) and is called over HTTP when the browser needs it after
//! hydration.

use crate::models::Video;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
fn database() -> Result<sea_orm::DatabaseConnection, ServerFnError> {
    use_context::<sea_orm::DatabaseConnection>()
        .ok_or_else(|| ServerFnError::new("no database in context"))
}

#[cfg(feature = "ssr")]
fn internal(err: sea_orm::DbErr) -> ServerFnError {
    tracing::error!(%err, "database error");
    ServerFnError::new("the database is unavailable, try again shortly")
}

#[server(prefix = "/_server")]
pub async fn list_videos() -> Result<Vec<Video>, ServerFnError> {
    crate::db::queries::list_videos(&database()?).await.map_err(internal)
}

#[server(prefix = "/_server")]
pub async fn get_video(id: i64) -> Result<Option<Video>, ServerFnError> {
    crate::db::queries::get_video(&database()?, id).await.map_err(internal)
}
