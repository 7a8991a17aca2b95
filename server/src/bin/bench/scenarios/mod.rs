//! The five measurements, run one after the other against each server under
//! test, each bounded by the plan's time limit; and what one server's run
//! yields. Memory comes first, on the freshly started server, so that its
//! baseline RSS is not inflated by the others.

pub mod fanout;
pub mod idle;
pub mod joining;
pub mod posting;

use crate::plan::Plan;
use crate::sources::Sources;
use crate::target::{Kind, Target};
use std::future::Future;

/// What the scenarios need besides the server.
pub struct Setup<'a> {
    pub plan: &'a Plan,
    pub sources: &'a Sources,
    /// Sockets one process may hold (the open-file limit, less a reserve).
    pub socket_cap: usize,
}

/// A scenario's figures, or why there are none.
pub type Outcome<T> = Result<T, String>;

pub struct Results {
    pub kind: Kind,
    pub idle: Outcome<idle::IdleResult>,
    pub fanout: Outcome<fanout::FanoutResult>,
    pub posting: Outcome<posting::PostingResult>,
    pub joining: Outcome<joining::JoinResult>,
}

impl Results {
    pub fn errors(&self) -> Vec<String> {
        let mut errors = Vec::new();
        let label = self.kind.label();
        for (name, error) in [
            ("memory", self.idle.as_ref().err()),
            ("fan-out", self.fanout.as_ref().err()),
            ("posting", self.posting.as_ref().err()),
            ("joining", self.joining.as_ref().err()),
        ] {
            if let Some(error) = error {
                errors.push(format!("{label} {name}: {error}"));
            }
        }
        errors
    }
}

/// Starts the server of `kind`, runs every scenario against it, stops it.
pub async fn run_all(kind: Kind, cli: &crate::cli::Cli, setup: &Setup<'_>) -> Results {
    let failed = |why: &str| Results {
        kind,
        idle: Err(why.to_owned()),
        fanout: Err(why.to_owned()),
        posting: Err(why.to_owned()),
        joining: Err(why.to_owned()),
    };
    eprintln!("\n== {}", kind.label());
    let mut target = match Target::start(kind, cli).await {
        Ok(target) => target,
        Err(err) => return failed(&format!("could not start: {err:#}")),
    };
    let idle = bounded(&mut target, setup, "memory and connections held", |t, s| idle::run(t, s)).await;
    let fanout = bounded(&mut target, setup, "fan-out", |t, s| fanout::run(t, s)).await;
    let posting = bounded(&mut target, setup, "posting", |t, s| posting::run(t, s)).await;
    let joining = bounded(&mut target, setup, "joining", |t, s| joining::run(t, s)).await;
    target.stop().await;
    Results { kind, idle, fanout, posting, joining }
}

/// Runs one scenario within the plan's time limit, and notices a server
/// that died under it.
async fn bounded<'t, T, F>(
    target: &'t mut Target,
    setup: &'t Setup<'t>,
    name: &str,
    scenario: impl FnOnce(&'t Target, &'t Setup<'t>) -> F,
) -> Outcome<T>
where
    F: Future<Output = anyhow::Result<T>> + 't,
{
    if !target.is_running() {
        return Err(format!("the server is not running; its log:\n{}", target.log_tail()));
    }
    eprintln!("-- {name}");
    let limit = setup.plan.scenario_limit;
    let outcome = match tokio::time::timeout(limit, scenario(&*target, setup)).await {
        Ok(Ok(result)) => Ok(result),
        Ok(Err(err)) => Err(format!("{err:#}")),
        Err(_) => Err(format!("did not finish within {limit:?}")),
    };
    // Let the server notice the closed sockets before the next scenario.
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    outcome
}
