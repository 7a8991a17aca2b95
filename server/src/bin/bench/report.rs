//! The table: each figure for Rumbl and each baseline, the ratios Rumbl /
//! limit and Rumbl / socket.io, the target and whether Rumbl met it;
//! then the steps behind each figure.

use crate::scenarios::Results;
use crate::stats::ms;
use crate::target::Kind;
use std::fmt::Write;
use std::time::Duration;

/// One cell: a number, possibly only a bound (the run stopped before the
/// server did), or why there is none.
#[derive(Clone)]
enum Cell {
    Exact(f64),
    AtLeast(f64),
    /// No figure: the scenario failed (the details say why).
    Missing,
}

impl Cell {
    fn value(&self) -> Option<f64> {
        match self {
            Cell::Exact(v) | Cell::AtLeast(v) => Some(*v),
            Cell::Missing => None,
        }
    }

    fn show(&self, unit: Unit) -> String {
        match self {
            Cell::Exact(v) => unit.show(*v),
            Cell::AtLeast(v) => format!("≥{}", unit.show(*v)),
            Cell::Missing => "error".into(),
        }
    }
}

#[derive(Clone, Copy)]
enum Unit {
    Count,
    Millis,
    KiB,
}

impl Unit {
    fn show(self, v: f64) -> String {
        match self {
            Unit::Count => format!("{v:.0}"),
            Unit::Millis => ms(Duration::from_secs_f64(v / 1000.0)),
            Unit::KiB => format!("{v:.1}"),
        }
    }
}

/// Rumbl's figure against the target.
enum Goal {
    /// At least this much of the limit's and of socket.io's figure.
    Ratios { of_limit: f64, of_socketio: f64 },
    AtMost(f64),
    AtLeast(f64),
    None,
}

struct Row {
    name: &'static str,
    unit: Unit,
    target: &'static str,
    goal: Goal,
    cell: fn(&Results) -> Cell,
}

fn missing<T>(outcome: &Result<T, String>) -> Option<Cell> {
    outcome.as_ref().err().map(|_| Cell::Missing)
}

fn millis(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

const ROWS: &[Row] = &[
    Row {
        name: "fan-out: largest N with p95 ≤ 500 ms",
        unit: Unit::Count,
        target: "≥0.8×limit, ≥3×socket.io",
        goal: Goal::Ratios { of_limit: 0.8, of_socketio: 3.0 },
        cell: |r| {
            missing(&r.fanout).unwrap_or_else(|| {
                let f = r.fanout.as_ref().unwrap();
                match (f.best, f.best_is_bound) {
                    (Some(n), true) => Cell::AtLeast(n as f64),
                    (Some(n), false) => Cell::Exact(n as f64),
                    (None, _) => Cell::Exact(0.0),
                }
            })
        },
    },
    Row {
        name: "memory per idle joined socket, KiB",
        unit: Unit::KiB,
        target: "≤10 KB",
        goal: Goal::AtMost(10_000.0 / 1024.0),
        cell: |r| {
            missing(&r.idle).unwrap_or_else(|| match r.idle.as_ref().unwrap().kib_per_socket() {
                Some((_, kib)) => Cell::Exact(kib),
                None => Cell::Missing,
            })
        },
    },
    Row {
        name: "joined sockets held",
        unit: Unit::Count,
        target: "≥100k",
        goal: Goal::AtLeast(100_000.0),
        cell: |r| {
            missing(&r.idle).unwrap_or_else(|| {
                let i = r.idle.as_ref().unwrap();
                if i.held_is_bound { Cell::AtLeast(i.held as f64) } else { Cell::Exact(i.held as f64) }
            })
        },
    },
    Row {
        name: "post→ack p50 at the steady rate, ms",
        unit: Unit::Millis,
        target: "",
        goal: Goal::None,
        cell: |r| missing(&r.posting).unwrap_or_else(|| Cell::Exact(millis(r.posting.as_ref().unwrap().steady.summary.p50))),
    },
    Row {
        name: "post→ack p99 at the steady rate, ms",
        unit: Unit::Millis,
        target: "≤10 ms",
        goal: Goal::AtMost(10.0),
        cell: |r| missing(&r.posting).unwrap_or_else(|| Cell::Exact(millis(r.posting.as_ref().unwrap().steady.summary.p99))),
    },
    Row {
        name: "highest posts/s with p99 ≤ 50 ms",
        unit: Unit::Count,
        target: "",
        goal: Goal::None,
        cell: |r| {
            missing(&r.posting).unwrap_or_else(|| {
                let p = r.posting.as_ref().unwrap();
                match (p.best_rate, p.best_is_bound) {
                    (Some(rate), true) => Cell::AtLeast(f64::from(rate)),
                    (Some(rate), false) => Cell::Exact(f64::from(rate)),
                    (None, _) => Cell::Exact(0.0),
                }
            })
        },
    },
    Row {
        name: "join→reply p50 (200 annotations), ms",
        unit: Unit::Millis,
        target: "",
        goal: Goal::None,
        cell: |r| missing(&r.joining).unwrap_or_else(|| Cell::Exact(millis(r.joining.as_ref().unwrap().summary.p50))),
    },
    Row {
        name: "join→reply p99 (200 annotations), ms",
        unit: Unit::Millis,
        target: "≤5 ms",
        goal: Goal::AtMost(5.0),
        cell: |r| missing(&r.joining).unwrap_or_else(|| Cell::Exact(millis(r.joining.as_ref().unwrap().summary.p99))),
    },
];

fn ratio(rumbl: &Cell, other: &Cell) -> String {
    match (rumbl.value(), other.value()) {
        (Some(a), Some(b)) if b > 0.0 => {
            let bound = matches!(rumbl, Cell::AtLeast(_)) || matches!(other, Cell::AtLeast(_));
            format!("{:.2}{}", a / b, if bound { "*" } else { "" })
        }
        _ => "-".into(),
    }
}

fn verdict(goal: &Goal, rumbl: &Cell, limit: Option<&Cell>, socketio: Option<&Cell>) -> &'static str {
    let Some(value) = rumbl.value() else { return "-" };
    let bound = matches!(rumbl, Cell::AtLeast(_));
    match goal {
        Goal::None => "",
        Goal::AtMost(max) => if value <= *max { "met" } else { "MISSED" },
        Goal::AtLeast(min) if value >= *min => "met",
        Goal::AtLeast(_) if bound => "unknown (run capped)",
        Goal::AtLeast(_) => "MISSED",
        Goal::Ratios { of_limit, of_socketio } => {
            let meets = |other: Option<&Cell>, factor: f64| match other.and_then(Cell::value) {
                Some(v) => Some(value >= factor * v),
                None => None,
            };
            match (meets(limit, *of_limit), meets(socketio, *of_socketio)) {
                (Some(true), Some(true)) => "met",
                (Some(false), _) | (_, Some(false)) if !bound => "MISSED",
                (Some(false), _) | (_, Some(false)) => "unknown (run capped)",
                _ => "-",
            }
        }
    }
}

pub fn render(results: &[Results]) -> String {
    let find = |kind| results.iter().find(|r| r.kind == kind);
    let mut out = String::new();
    let mut header = vec!["figure".to_owned()];
    header.extend(results.iter().map(|r| r.kind.label().to_owned()));
    header.extend(["Rumbl/limit", "Rumbl/socket.io", "target", "Rumbl meets it?"].map(String::from));
    let mut table = vec![header];
    for row in ROWS {
        let cells: Vec<Cell> = results.iter().map(|r| (row.cell)(r)).collect();
        let cell_of = |kind| find(kind).map(|r| (row.cell)(r));
        let mut line = vec![row.name.to_owned()];
        line.extend(cells.iter().map(|c| c.show(row.unit)));
        match cell_of(Kind::Rumbl) {
            Some(rumbl) => {
                let versus = |kind| cell_of(kind).map(|other| ratio(&rumbl, &other)).unwrap_or_else(|| "-".into());
                line.push(versus(Kind::Raw));
                line.push(versus(Kind::Socketio));
                line.push(row.target.to_owned());
                line.push(verdict(&row.goal, &rumbl, cell_of(Kind::Raw).as_ref(), cell_of(Kind::Socketio).as_ref()).to_owned());
            }
            None => line.extend(["-", "-", row.target, "-"].map(String::from)),
        }
        table.push(line);
        if row.name.starts_with("fan-out") {
            table.extend(fanout_at_common_n(results));
        }
    }
    write_table(&mut out, &table);
    out.push_str("\n≥: the run stopped first (open-file limit or the mode's largest step), not the server.\n");
    out.push_str("*: a ratio with such a bound on one side is not the servers' true ratio.\n");
    out.push_str("The steady posting rate is 1,000/s (200/s in smoke mode).\n");
    out.push_str("For posts/s with p99 latency higher is better; for latency and memory lower is better.\n");
    for r in results {
        details(&mut out, r);
    }
    out
}

/// The fan-out p95 of every server at the largest subscriber count all of
/// them reached: when the open-file limit stops every run before 500 ms, the
/// N figures are all the same bound and this is the comparison left.
fn fanout_at_common_n(results: &[Results]) -> Option<Vec<String>> {
    let steps = |r: &Results| r.fanout.as_ref().ok().map(|f| f.steps.iter().map(|s| (s.subscribers, s.summary.p95)).collect::<Vec<_>>());
    let all: Vec<Vec<(usize, Duration)>> = results.iter().map(steps).collect::<Option<_>>()?;
    let common = all.iter().map(|s| s.iter().map(|(n, _)| *n).max().unwrap_or(0)).min().filter(|&n| n > 0)?;
    let p95_at = |s: &[(usize, Duration)]| s.iter().find(|(n, _)| *n == common).map(|(_, p95)| millis(*p95));
    let p95s: Vec<Option<f64>> = all.iter().map(|s| p95_at(s)).collect();
    let of = |kind| results.iter().position(|r| r.kind == kind).and_then(|i| p95s[i]);
    let versus = |kind| match (of(Kind::Rumbl), of(kind)) {
        (Some(a), Some(b)) if b > 0.0 => format!("{:.2}", a / b),
        _ => "-".into(),
    };
    let mut line = vec![format!("fan-out p95 at N = {common} (all reached), ms")];
    line.extend(p95s.iter().map(|p| p.map(|v| Unit::Millis.show(v)).unwrap_or_else(|| "-".into())));
    line.extend([versus(Kind::Raw), versus(Kind::Socketio), "lower is better".into(), String::new()]);
    Some(line)
}

fn details(out: &mut String, r: &Results) {
    let _ = writeln!(out, "\n{}:", r.kind.label());
    match &r.idle {
        Ok(i) => {
            let steps: Vec<String> = i.rss.iter().map(|(n, kib)| format!("{n}: {:.1} MiB", *kib as f64 / 1024.0)).collect();
            let _ = writeln!(out, "  RSS by idle joined sockets: {}", steps.join(", "));
            let _ = writeln!(out, "  held {}; stopped by {}", i.held, i.stopped_by);
        }
        Err(e) => {
            let _ = writeln!(out, "  memory: error: {e}");
        }
    }
    match &r.fanout {
        Ok(f) => {
            for s in &f.steps {
                let _ = writeln!(
                    out,
                    "  fan-out {:>6} subscribers: p50 {:>6} ms  p95 {:>6} ms  max {:>6} ms  ({} broadcasts)",
                    s.subscribers,
                    ms(s.summary.p50),
                    ms(s.summary.p95),
                    ms(s.summary.max),
                    s.summary.count
                );
            }
            let _ = writeln!(out, "  fan-out stopped by {}", f.stopped_by);
        }
        Err(e) => {
            let _ = writeln!(out, "  fan-out: error: {e}");
        }
    }
    match &r.posting {
        Ok(p) => {
            for run in std::iter::once(&p.steady).chain(&p.ramp) {
                let _ = writeln!(
                    out,
                    "  posting {:>6}/s: p50 {:>6} ms  p99 {:>6} ms  max {:>6} ms  lost {}{}",
                    run.rate,
                    ms(run.summary.p50),
                    ms(run.summary.p99),
                    ms(run.summary.max),
                    run.lost,
                    run.first_loss.as_deref().map(|why| format!(" (first: {why})")).unwrap_or_default()
                );
            }
        }
        Err(e) => {
            let _ = writeln!(out, "  posting: error: {e}");
        }
    }
    match &r.joining {
        Ok(j) => {
            let _ = writeln!(out, "  joins: {} with {} annotations in the reply", j.summary.count, j.annotations);
        }
        Err(e) => {
            let _ = writeln!(out, "  joining: error: {e}");
        }
    }
}

fn write_table(out: &mut String, table: &[Vec<String>]) {
    let columns = table.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> =
        (0..columns).map(|c| table.iter().filter_map(|row| row.get(c)).map(|s| s.chars().count()).max().unwrap_or(0)).collect();
    for (i, row) in table.iter().enumerate() {
        let cells: Vec<String> =
            row.iter().enumerate().map(|(c, s)| format!("{s}{}", " ".repeat(widths[c] - s.chars().count()))).collect();
        let _ = writeln!(out, "| {} |", cells.join(" | "));
        if i == 0 {
            let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
            let _ = writeln!(out, "|-{}-|", rule.join("-|-"));
        }
    }
}
