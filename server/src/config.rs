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

    #[command(flatten)]
    pub socket: SocketConfig,
}

/// The channel server's settings (`/socket/websocket`).
#[derive(Args, Debug, Clone, PartialEq, Eq)]
pub struct SocketConfig {
    /// Seconds a socket may stay silent (no heartbeat, no message) before it is closed.
    #[arg(long = "socket-idle-timeout", env = "RUMBL_SOCKET_IDLE_TIMEOUT", default_value_t = 60, global = true)]
    pub idle_timeout_secs: u64,

    /// Largest frame a client may send, in bytes; a bigger one closes its socket with code 1009.
    #[arg(long = "socket-max-frame", env = "RUMBL_SOCKET_MAX_FRAME", default_value_t = 64 * 1024, global = true)]
    pub max_frame_bytes: usize,

    /// Messages that may wait for a slow client before it is disconnected.
    #[arg(long = "socket-queue", env = "RUMBL_SOCKET_QUEUE", default_value_t = 1024, global = true)]
    pub outbound_queue: usize,

    /// Other origins (e.g. `https://rumbl.example`) whose pages may open a socket,
    /// comma separated; the server's own host is always allowed.
    #[arg(long = "socket-allowed-origins", env = "RUMBL_ALLOWED_ORIGINS", value_delimiter = ',', global = true)]
    pub allowed_origins: Vec<String>,

    /// Annotations a join replies with, at most.
    #[arg(long = "join-history-limit", env = "RUMBL_JOIN_HISTORY_LIMIT", default_value_t = 200, global = true)]
    pub join_history_limit: u64,
}

impl Default for SocketConfig {
    /// The same defaults as the flags, for tests and tools that build a `Config` by hand.
    fn default() -> Self {
        Self {
            idle_timeout_secs: 60,
            max_frame_bytes: 64 * 1024,
            outbound_queue: 1024,
            allowed_origins: Vec::new(),
            join_history_limit: 200,
        }
    }
}

impl Config {
    /// The database URL in force: the configured one, or the embedded default
    /// (also when the variable is set but empty).
    pub fn database_url(&self) -> String {
        match self.database_url.as_deref().map(str::trim) {
            Some(url) if !url.is_empty() => url.to_owned(),
            _ => format!("sqlite://{}?mode=rwc", self.data_dir.join("rumbl.db").display()),
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
            socket: SocketConfig::default(),
            upload_limit_bytes: 500 * 1000 * 1000,
            token_max_age_secs: 14 * 24 * 60 * 60,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn socket_defaults_by_hand_match_the_flags() {
        let cli = Cli::try_parse_from(["server"]).expect("no arguments parse");
        assert_eq!(cli.config.socket, SocketConfig::default());
    }

    #[test]
    fn allowed_origins_are_a_comma_separated_list() {
        let cli = Cli::try_parse_from(["server", "--socket-allowed-origins", "https://a.example,https://b.example"]).unwrap();
        assert_eq!(cli.config.socket.allowed_origins, ["https://a.example", "https://b.example"]);
    }
}
