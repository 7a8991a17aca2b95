//! Rumbl's server: pages, media, accounts and the channel server, on axum.
//!
//! `serve` is what the binary runs; `start` is the same server bound to a
//! given address and handed back running, which is how the integration tests
//! start the real thing on a free port.

pub mod channel;
pub mod accounts;
pub mod api;
pub mod config;
pub mod manage;
pub mod media;
pub mod new_annotation;
pub mod page_render;
pub mod password;
pub mod routes;
pub mod secret;
pub mod seed;
pub mod shutdown;
pub mod state;
pub mod telemetry;
pub mod token;
pub mod user_socket;
pub mod video_channel;
pub mod uploads;
pub mod video_fields;

use anyhow::Context;
use config::Config;
use migration::{Migrator, MigratorTrait};
use sea_orm::DatabaseConnection;
use std::net::SocketAddr;
use tokio::task::JoinHandle;

/// Opens the database named by the configuration and brings its schema up to
/// date.
pub async fn open_database(config: &Config) -> anyhow::Result<DatabaseConnection> {
    std::fs::create_dir_all(&config.data_dir)
        .with_context(|| format!("creating the data folder {}", config.data_dir.display()))?;
    let url = config.database_url();
    let db = app::db::connect(&url)
        .await
        .with_context(|| format!("connecting to the database ({})", redact(&url)))?;
    Migrator::up(&db, None).await.context("applying migrations")?;
    Ok(db)
}

/// A URL fit for logs: the password, if any, replaced.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let credentials = &url[scheme + 3..at];
            match credentials.find(':') {
                Some(colon) => format!("{}://{}:***{}", &url[..scheme], &credentials[..colon], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

pub async fn migrate_only(config: &Config) -> anyhow::Result<()> {
    open_database(config).await?;
    tracing::info!("migrations applied");
    Ok(())
}

pub async fn seed_only(config: &Config) -> anyhow::Result<()> {
    let db = open_database(config).await?;
    seed::seed_demo(&db).await
}

/// A server started by `start`: where it listens, and its task.
pub struct Running {
    pub addr: SocketAddr,
    pub task: JoinHandle<anyhow::Result<()>>,
    pub shutdown: shutdown::Trigger,
    /// The channel server, e.g. to `disconnect` a user's sockets.
    pub endpoint: std::sync::Arc<channel::Endpoint>,
    /// The server's own database pool, for tools and tests that look inside.
    pub db: DatabaseConnection,
}

/// Binds the configured address and serves until SIGINT or SIGTERM.
pub async fn serve(config: Config) -> anyhow::Result<()> {
    let running = start(config).await?;
    let trigger = running.shutdown.clone();
    tokio::spawn(async move {
        shutdown::os_signal().await;
        tracing::info!("shutting down");
        trigger.fire();
    });
    running.task.await.context("server task")?
}

/// Migrates, seeds an empty database with the demo (unless told not to),
/// binds, and returns with the server running in a task.
pub async fn start(config: Config) -> anyhow::Result<Running> {
    let db = open_database(&config).await?;
    if !config.no_demo {
        seed::seed_demo_if_empty(&db).await?;
    }
    let secret = secret::load_or_generate(config.secret_key_base.as_deref(), &config.data_dir)?;
    let state = state::AppState::new(config.clone(), db, secret);
    let router = routes::router(state.clone());
    let listener = tokio::net::TcpListener::bind(config.addr)
        .await
        .with_context(|| format!("binding {}", config.addr))?;
    let addr = listener.local_addr()?;
    tracing::info!("listening on http://{addr}");
    let shutdown = state.shutdown.clone();
    let endpoint = state.endpoint.clone();
    let task = tokio::spawn(async move {
        // TCP_NODELAY: a reply written right after a broadcast on the same
        // socket would otherwise wait ~40 ms for the peer's delayed ACK (Nagle).
        use axum::serve::ListenerExt;
        let listener = listener.tap_io(|stream| {
            if let Err(err) = stream.set_nodelay(true) {
                tracing::debug!(%err, "could not set TCP_NODELAY");
            }
        });
        axum::serve(listener, router.into_make_service_with_connect_info::<SocketAddr>())
            .with_graceful_shutdown(shutdown.fired())
            .await
            .context("serving")
    });
    Ok(Running { addr, task, shutdown: state.shutdown.clone(), endpoint, db: state.db.clone() })
}

#[cfg(test)]
mod tests {
    #[test]
    fn passwords_are_kept_out_of_logged_urls() {
        assert_eq!(super::redact("postgres://rumbl:hunter2@db:5432/rumbl"), "postgres://rumbl:***@db:5432/rumbl");
        assert_eq!(super::redact("sqlite://data/rumbl.db"), "sqlite://data/rumbl.db");
    }
}
