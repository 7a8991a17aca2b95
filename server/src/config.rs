//! Configuration: every setting comes from a flag or an environment variable,
//! and every one has a default that works on a fresh machine.

use clap::{Args, Parser, Subcommand};
use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(name = "server", version, about = "Rumbl: watch videos and annotate them together, live.")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub config: Config,
}

#[derive(Subcommand, Debug, Clone, Copy)]
pub enum Command {
    /// Migrate the database, seed the demo on an empty one, and serve (the default).
    Serve,
    /// Apply pending migrations and exit.
    Migrate,
    /// Insert the demo user, videos and annotations (once) and exit.
    Seed,
}

#[derive(Args, Debug, Clone)]
pub struct Config {
    /// Database URL: `sqlite://PATH` or `postgres://...` [default: a SQLite file in the data folder]
    #[arg(long, env = "DATABASE_URL", global = true)]
    pub database_url: Option<String>,

    /// Folder for the default database, the generated secret and uploads; created when missing.
    #[arg(long, env = "RUMBL_DATA_DIR", default_value = "data", global = true)]
    pub data_dir: PathBuf,

    /// Address to listen on (Leptos's own variable).
    #[arg(long, env = "LEPTOS_SITE_ADDR", default_value = "127.0.0.1:3000", global = true)]
    pub addr: SocketAddr,

    /// Key that signs sessions and socket tokens [default: generated once, kept in the data folder]
    #[arg(long, env = "SECRET_KEY_BASE", hide_env_values = true, global = true)]
    pub secret_key_base: Option<String>,

    /// Folder of the demo media, served at /media/.
    #[arg(long, env = "RUMBL_MEDIA_DIR", default_value = "media", global = true)]
    pub media_dir: PathBuf,

    /// Folder of the built site (wasm, js, css), as cargo-leptos writes it.
    #[arg(long, env = "LEPTOS_SITE_ROOT", default_value = "target/site", global = true)]
    pub site_root: String,

    /// Do not insert the demo data into an empty database.
    #[arg(long, env = "RUMBL_NO_DEMO", global = true)]
    pub no_demo: bool,

    /// Largest video file a user may upload, in bytes (500 MB by default).
    #[arg(long, env = "RUMBL_UPLOAD_LIMIT_BYTES", default_value_t = 500 * 1000 * 1000, global = true)]
    pub upload_limit_bytes: u64,

    /// How long a socket token (and API bearer token) stays valid, in seconds (two weeks by default).
    #[arg(long, env = "RUMBL_TOKEN_MAX_AGE_SECS", default_value_t = 14 * 24 * 60 * 60, global = true)]
    pub token_max_age_secs: u64,
}

impl Config {
    /// The database URL in force: the configured one, or the embedded default.
    pub fn database_url(&self) -> String {
        match &self.database_url {
            Some(url) => url.clone(),
            None => format!("sqlite://{}?mode=rwc", self.data_dir.join("rumbl.db").display()),
        }
    }

    /// Where uploaded videos are kept: `uploads/` in the data folder.
    pub fn uploads_dir(&self) -> PathBuf {
        self.data_dir.join("uploads")
    }

    pub fn token_max_age(&self) -> std::time::Duration {
        std::time::Duration::from_secs(self.token_max_age_secs)
    }

    /// A configuration for tests and tools: everything under `data_dir`,
    /// listening on a free port of the loopback address.
    pub fn for_data_dir(data_dir: impl Into<PathBuf>) -> Self {
        let media_dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../media").into();
        Self {
            database_url: None,
            data_dir: data_dir.into(),
            addr: "127.0.0.1:0".parse().expect("a valid address"),
            secret_key_base: None,
            media_dir,
            site_root: "target/site".into(),
            no_demo: false,
            upload_limit_bytes: 500 * 1000 * 1000,
            token_max_age_secs: 14 * 24 * 60 * 60,
        }
    }
}
