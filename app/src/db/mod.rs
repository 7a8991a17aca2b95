//! The database layer (server only): the connection, the tables as sea-orm
//! entities, and the queries that pages, the JSON API and the channel share.
//!
//! SQLite is the embedded default; PostgreSQL works when `DATABASE_URL` names
//! it. Every query here is written through sea-orm so it runs on both.

pub mod annotation;
pub mod annotation_pages;
pub mod category;
pub mod owned_videos;
pub mod queries;
pub mod session;
pub mod user;
pub mod video;

use sea_orm::{ConnectOptions, Database, DatabaseConnection, DbErr};
use std::time::Duration;

/// Opens a pool on `url`. For SQLite the file is created when missing, and
/// each connection enforces foreign keys and uses the write-ahead log, so that
/// readers never wait on the writer.
pub async fn connect(url: &str) -> Result<DatabaseConnection, DbErr> {
    let mut options = ConnectOptions::new(url.to_owned());
    options.sqlx_logging(false).acquire_timeout(Duration::from_secs(10));
    if url.starts_with("sqlite:") {
        options.map_sqlx_sqlite_opts(|opts| {
            use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
            opts.create_if_missing(true)
                .foreign_keys(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .busy_timeout(Duration::from_secs(5))
                // Rows cross from SQLite's thread in a queue this long; at the
                // default 50 a join's 200-annotation history stalls that
                // thread three times on its way (the bench's join latency).
                .row_buffer_size(512)
        });
    }
    Database::connect(options).await
}
