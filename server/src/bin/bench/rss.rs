//! A process's resident memory, from `/proc/PID/status` (Linux).

use anyhow::Context;

/// `VmRSS` of process `pid`, in KiB.
pub fn rss_kib(pid: u32) -> anyhow::Result<u64> {
    let path = format!("/proc/{pid}/status");
    let status = std::fs::read_to_string(&path).with_context(|| format!("reading {path}"))?;
    parse_vm_rss(&status).with_context(|| format!("no VmRSS line in {path}"))
}

fn parse_vm_rss(status: &str) -> Option<u64> {
    let line = status.lines().find(|line| line.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

#[cfg(test)]
mod tests {
    #[test]
    fn reads_the_vm_rss_line() {
        assert_eq!(super::parse_vm_rss("Name:\tx\nVmRSS:\t   12345 kB\nThreads: 2\n"), Some(12345));
        assert_eq!(super::parse_vm_rss("Name:\tx\n"), None);
        assert!(super::rss_kib(std::process::id()).unwrap() > 0);
    }
}
