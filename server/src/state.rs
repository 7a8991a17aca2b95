//! What every request handler can reach: the configuration, the database,
//! the signing secret, Leptos's options, the shutdown trigger and the channel
//! endpoint (sockets, pubsub).

use crate::{config::Config, shutdown, token};
use axum::extract::FromRef;
use leptos::config::Env;
use leptos::prelude::LeptosOptions;
use sea_orm::DatabaseConnection;
use std::sync::Arc;

/// `LEPTOS_ENV` as cargo-leptos sets it: `PROD` for release builds, which
/// turns off the development live-reload script.
fn leptos_env() -> Env {
    match std::env::var("LEPTOS_ENV").as_deref() {
        Ok("PROD" | "prod" | "production") => Env::PROD,
        _ => Env::DEV,
    }
}

#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: DatabaseConnection,
    pub config: Arc<Config>,
    pub secret_key_base: Arc<str>,
    pub shutdown: shutdown::Trigger,
    /// The channel server; `endpoint.disconnect("users_socket:ID")` on logout.
    pub endpoint: Arc<crate::channel::Endpoint>,
    /// Signs and verifies socket tokens (and the JSON API's bearer tokens).
    pub socket_tokens: token::Signer,
}

impl AppState {
    pub fn new(config: Config, db: DatabaseConnection, secret_key_base: String) -> Self {
        let leptos_options = LeptosOptions::builder()
            .output_name("rumbl")
            .site_root(config.site_root.as_str())
            .site_pkg_dir("pkg")
            .site_addr(config.addr)
            .env(leptos_env())
            .build();
        let shutdown = shutdown::Trigger::default();
        let socket_tokens = token::Signer::new(&secret_key_base, token::USER_SOCKET_SALT);
        let endpoint = crate::user_socket::endpoint(&config, db.clone(), socket_tokens.clone(), shutdown.clone());
        Self {
            leptos_options,
            db,
            config: Arc::new(config),
            socket_tokens,
            secret_key_base: secret_key_base.into(),
            shutdown,
            endpoint: Arc::new(endpoint),
        }
    }
}
