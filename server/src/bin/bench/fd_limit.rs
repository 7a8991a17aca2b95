//! The open-file limit, which bounds how many sockets one process (the
//! generator, or a server it starts, which inherits it) can hold.

/// The soft `Max open files` of this process, from `/proc/self/limits`.
pub fn open_files() -> Option<u64> {
    let limits = std::fs::read_to_string("/proc/self/limits").ok()?;
    parse(&limits)
}

fn parse(limits: &str) -> Option<u64> {
    let line = limits.lines().find(|line| line.starts_with("Max open files"))?;
    line["Max open files".len()..].split_whitespace().next()?.parse().ok()
}

#[cfg(test)]
mod tests {
    #[test]
    fn reads_the_soft_limit() {
        let limits = "Limit                     Soft Limit           Hard Limit           Units\nMax open files            20000                20000                files\n";
        assert_eq!(super::parse(limits), Some(20000));
        assert!(super::open_files().is_some());
    }
}
