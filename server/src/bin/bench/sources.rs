//! Loopback source addresses for client sockets: 127.0.0.2, 127.0.0.3, ...
//! Each (source, destination) pair has its own ~28k ephemeral ports, so
//! spreading sockets over several sources lifts that ceiling.

use std::net::{IpAddr, Ipv4Addr};
use std::sync::atomic::{AtomicUsize, Ordering};

pub struct Sources {
    count: u8,
    next: AtomicUsize,
}

impl Sources {
    /// `count` addresses from 127.0.0.2 on (at least one, at most 250).
    pub fn new(count: u8) -> Self {
        Self { count: count.clamp(1, 250), next: AtomicUsize::new(0) }
    }

    /// The next address, round robin.
    pub fn next(&self) -> IpAddr {
        let i = self.next.fetch_add(1, Ordering::Relaxed) % usize::from(self.count);
        IpAddr::V4(Ipv4Addr::new(127, 0, 0, 2 + i as u8))
    }
}
