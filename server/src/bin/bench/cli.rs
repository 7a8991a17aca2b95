//! The generator's command line: which mode, which servers, and where their
//! programs are. `scripts/bench.sh` fills it in.

use crate::plan::Mode;
use clap::Parser;
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(name = "bench", about = "Rumbl's benchmark: fan-out, memory per socket, posting and joining, against the raw limit and socket.io.")]
pub struct Cli {
    /// smoke: seconds, proves it works; quick: rough figures in under two minutes; full: the real run.
    #[arg(long, value_enum, default_value = "quick")]
    pub mode: Mode,

    /// Which servers to measure, comma-separated: rumbl, raw, socketio.
    #[arg(long, value_delimiter = ',', default_value = "rumbl,raw,socketio")]
    pub only: Vec<crate::target::Kind>,

    /// Rumbl's release server binary [default: $CARGO_TARGET_DIR/server-release/server].
    #[arg(long, env = "RUMBL_SERVER_BIN")]
    pub server_bin: Option<PathBuf>,

    /// The raw-broadcast baseline binary [default: next to this one].
    #[arg(long, env = "RUMBL_BENCH_RAW_BIN")]
    pub raw_bin: Option<PathBuf>,

    /// The folder of the socket.io baseline (server.js, node_modules).
    #[arg(long, default_value = concat!(env!("CARGO_MANIFEST_DIR"), "/bench/socketio"))]
    pub socketio_dir: PathBuf,

    /// The Node.js to run the socket.io baseline with.
    #[arg(long, default_value = "node")]
    pub node: PathBuf,

    /// How many loopback source addresses (127.0.0.2, ...) client sockets spread over.
    #[arg(long, default_value_t = 8)]
    pub sources: u8,
}

impl Cli {
    pub fn server_bin(&self) -> PathBuf {
        self.server_bin.clone().unwrap_or_else(|| {
            let target = std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| "target".into());
            target.join("server-release").join("server")
        })
    }

    pub fn raw_bin(&self) -> PathBuf {
        self.raw_bin.clone().unwrap_or_else(|| {
            let me = std::env::current_exe().unwrap_or_default();
            me.with_file_name("bench_raw_broadcast")
        })
    }
}
