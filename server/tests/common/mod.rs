//! The test harness: starts the real server on a free loopback port with a
//! fresh data folder (and so a fresh SQLite file), and offers the few helpers
//! every integration test needs.

#![allow(dead_code)]

use sea_orm::{ActiveModelTrait, DatabaseConnection, Set};
use server::config::Config;
use std::net::SocketAddr;

pub struct TestServer {
    pub addr: SocketAddr,
    pub db: DatabaseConnection,
    pub config: Config,
    pub secret_key_base: String,
    running: server::Running,
    _data_dir: tempfile::TempDir,
}

impl TestServer {
    /// A server with the demo data in its database.
    pub async fn start() -> Self {
        Self::start_with(|_| {}).await
    }

    /// A server whose configuration `adjust` may change first.
    pub async fn start_with(adjust: impl FnOnce(&mut Config)) -> Self {
        let data_dir = tempfile::tempdir().expect("a temporary folder");
        let mut config = Config::for_data_dir(data_dir.path());
        config.secret_key_base = Some("test-secret-key-base-0123456789-0123456789-0123456789".into());
        adjust(&mut config);
        let running = server::start(config.clone()).await.expect("the server starts");
        let db = running.db.clone();
        Self {
            addr: running.addr,
            db,
            secret_key_base: config.secret_key_base.clone().unwrap(),
            config,
            running,
            _data_dir: data_dir,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    pub fn ws_url(&self, path_and_query: &str) -> String {
        format!("ws://{}{}", self.addr, path_and_query)
    }

    pub fn data_dir(&self) -> &std::path::Path {
        self._data_dir.path()
    }

    /// Inserts a user straight into the database (password hashing skipped:
    /// the hash is not a valid one, so this user cannot log in with a password).
    pub async fn insert_user(&self, username: &str) -> app::models::User {
        let now = chrono::Utc::now();
        let row = app::db::user::ActiveModel {
            name: Set(format!("{username} (test)")),
            username: Set(username.to_owned()),
            password_hash: Set("not-a-hash".into()),
            inserted_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&self.db)
        .await
        .expect("inserting a user");
        row.into()
    }

    /// A socket token for `user_id`, as the pages hand out.
    pub fn socket_token(&self, user_id: i64) -> String {
        server::token::Signer::new(&self.secret_key_base, server::token::USER_SOCKET_SALT).sign(user_id)
    }

    /// The running server's channel endpoint.
    pub fn endpoint(&self) -> &server::channel::Endpoint {
        &self.running.endpoint
    }

    /// Stops the server as SIGTERM would; `true` if it finished within ten seconds.
    pub async fn stop_and_wait(self) -> bool {
        self.running.shutdown.fire();
        matches!(tokio::time::timeout(std::time::Duration::from_secs(10), self.running.task).await, Ok(Ok(Ok(()))))
    }

    /// Stops the server, as SIGTERM would, and waits for it to finish.
    pub async fn stop(self) {
        self.running.shutdown.fire();
        let _ = tokio::time::timeout(std::time::Duration::from_secs(10), self.running.task).await;
    }
}
