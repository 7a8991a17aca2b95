//! Rumbl's benchmark: a load generator that starts each server under test
//! (Rumbl, the raw-WebSocket limit, socket.io 4.8) as a child process on a
//! loopback port, drives it with the same scenarios and message sizes, and
//! prints one table. Run it through `scripts/bench.sh`, which builds it,
//! raises the open-file limit and installs the socket.io baseline.
//!
//! Figures are printed, never asserted; the exit status is non-zero only
//! when a server or a scenario failed to run, which is what the smoke mode
//! of `scripts/test.sh` checks.

mod cli;
mod client;
mod dialect;
mod fd_limit;
mod plan;
mod report;
mod rss;
mod rumbl_data;
mod scenarios;
mod sources;
mod stats;
mod swarm;
mod tally;
mod target;

use clap::Parser;
use std::process::ExitCode;

/// Open files kept back from the socket cap: the generator's and the
/// servers' own files (database, log, listener, Node's internals).
const FD_RESERVE: u64 = 300;

#[tokio::main]
async fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    let plan = plan::Plan::for_mode(cli.mode);
    let open_files = fd_limit::open_files().unwrap_or(1024);
    let socket_cap = open_files.saturating_sub(FD_RESERVE) as usize;
    let sources = sources::Sources::new(cli.sources);
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    eprintln!(
        "bench: {:?} mode, {cores} cores, open-file limit {open_files} (so at most {socket_cap} sockets per process), {} source addresses",
        cli.mode, cli.sources
    );
    let setup = scenarios::Setup { plan: &plan, sources: &sources, socket_cap };
    let mut results = Vec::new();
    for &kind in &cli.only {
        results.push(scenarios::run_all(kind, &cli, &setup).await);
    }
    println!("\n{}", report::render(&results));
    let errors: Vec<String> = results.iter().flat_map(scenarios::Results::errors).collect();
    if errors.is_empty() {
        return ExitCode::SUCCESS;
    }
    eprintln!("\nbench: {} scenario(s) failed:", errors.len());
    for error in errors {
        eprintln!("  {error}");
    }
    ExitCode::FAILURE
}
