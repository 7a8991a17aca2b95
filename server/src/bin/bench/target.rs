//! A server under test: Rumbl, the raw-broadcast limit or socket.io, started
//! as a child process on a free loopback port with a throw-away folder, and
//! killed when the measurement is over (or the generator exits).

use crate::cli::Cli;
use crate::client::Endpoint;
use crate::dialect::Dialect;
use crate::rumbl_data;
use anyhow::{bail, Context};
use std::net::{SocketAddr, TcpListener};
use std::path::PathBuf;
use std::process::Stdio;
use std::time::{Duration, Instant};
use tokio::process::{Child, Command};

const START_TIMEOUT: Duration = Duration::from_secs(30);

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Kind {
    Rumbl,
    Raw,
    Socketio,
}

impl Kind {
    pub fn label(self) -> &'static str {
        match self {
            Kind::Rumbl => "Rumbl",
            Kind::Raw => "raw limit",
            Kind::Socketio => "socket.io",
        }
    }
}

/// The topics the scenarios use: one whose join returns 200 annotations,
/// and 100 plain ones (the first is the fan-out topic, the first ten the
/// posting topics).
#[derive(Clone, Debug)]
pub struct Topics {
    pub join: String,
    pub idle: Vec<String>,
}

impl Topics {
    /// The baselines have no database: any names do, Rumbl's shape is kept.
    fn numbered() -> Self {
        Self { join: "videos:1".into(), idle: (2..=101).map(|id| format!("videos:{id}")).collect() }
    }
}

pub struct Target {
    pub kind: Kind,
    pub endpoint: Endpoint,
    pub topics: Topics,
    pub pid: u32,
    child: Child,
    dir: PathBuf,
}

impl Target {
    pub async fn start(kind: Kind, cli: &Cli) -> anyhow::Result<Self> {
        let dir = std::env::temp_dir().join(format!("rumbl-bench-{}-{}", kind.label().replace(['.', ' '], "-"), std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
        let addr = free_port()?;
        let (mut command, dialect, token, topics) = match kind {
            Kind::Rumbl => {
                let bin = cli.server_bin();
                ensure_exists(&bin, "build it with `cargo build --profile server-release -p server --bins`")?;
                let prepared = rumbl_data::prepare(&dir).await?;
                let signer = server::token::Signer::new(rumbl_data::SECRET_KEY_BASE, server::token::USER_SOCKET_SALT);
                let mut command = Command::new(bin);
                command
                    .env("RUMBL_DATA_DIR", &dir)
                    .env("SECRET_KEY_BASE", rumbl_data::SECRET_KEY_BASE)
                    .env("RUMBL_NO_DEMO", "true")
                    .env("LEPTOS_SITE_ADDR", addr.to_string())
                    .env("LEPTOS_ENV", "PROD")
                    .env("RUST_LOG", "warn")
                    .env_remove("DATABASE_URL");
                (command, Dialect::Phoenix, signer.sign(prepared.user_id), prepared.topics)
            }
            Kind::Raw => {
                let bin = cli.raw_bin();
                ensure_exists(&bin, "build it with `cargo build --profile server-release -p server --bins`")?;
                let topics = Topics::numbered();
                let mut command = Command::new(bin);
                command.arg(addr.to_string()).arg(&topics.join);
                (command, Dialect::Raw, String::new(), topics)
            }
            Kind::Socketio => {
                let script = cli.socketio_dir.join("server.js");
                ensure_exists(&cli.socketio_dir.join("node_modules/socket.io"), "run `npm ci` in server/bench/socketio")?;
                let topics = Topics::numbered();
                let mut command = Command::new(&cli.node);
                command.arg(script).arg(addr.port().to_string()).arg(&topics.join);
                (command, Dialect::EngineIo, String::new(), topics)
            }
        };
        let log = std::fs::File::create(dir.join("server.log")).context("creating the server log")?;
        let child = command
            .current_dir(&dir)
            .stdin(Stdio::null())
            .stdout(log.try_clone()?)
            .stderr(log)
            .kill_on_drop(true)
            .spawn()
            .with_context(|| format!("starting {}", kind.label()))?;
        let pid = child.id().context("the child has a pid")?;
        let mut target = Self { kind, endpoint: Endpoint { addr, dialect, token }, topics, pid, child, dir };
        target.wait_until_listening().await?;
        Ok(target)
    }

    async fn wait_until_listening(&mut self) -> anyhow::Result<()> {
        let started = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait()? {
                bail!("{} exited at start ({status}); its log:\n{}", self.kind.label(), self.log_tail());
            }
            if tokio::net::TcpStream::connect(self.endpoint.addr).await.is_ok() {
                return Ok(());
            }
            if started.elapsed() > START_TIMEOUT {
                bail!("{} did not listen within {START_TIMEOUT:?}; its log:\n{}", self.kind.label(), self.log_tail());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Whether the server is still running.
    pub fn is_running(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }

    /// The last lines of the server's output, for error messages.
    pub fn log_tail(&self) -> String {
        let log = std::fs::read_to_string(self.dir.join("server.log")).unwrap_or_default();
        let lines: Vec<&str> = log.lines().collect();
        lines[lines.len().saturating_sub(20)..].join("\n")
    }

    pub async fn stop(mut self) {
        let _ = self.child.start_kill();
        let _ = tokio::time::timeout(Duration::from_secs(10), self.child.wait()).await;
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn ensure_exists(path: &std::path::Path, hint: &str) -> anyhow::Result<()> {
    if !path.exists() {
        bail!("{} is missing: {hint}", path.display());
    }
    Ok(())
}

/// A loopback port nobody listens on right now.
fn free_port() -> anyhow::Result<SocketAddr> {
    let listener = TcpListener::bind("127.0.0.1:0").context("finding a free port")?;
    Ok(listener.local_addr()?)
}
