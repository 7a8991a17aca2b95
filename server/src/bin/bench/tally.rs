//! Counting one broadcast's arrivals across N subscribers: armed with N
//! before the post, hit by each subscriber's reader task, and finished (with
//! the moment of the last arrival) when the N-th copy lands.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};
use tokio::sync::Notify;

#[derive(Default)]
pub struct Tally {
    arrived: AtomicUsize,
    expected: AtomicUsize,
    last_arrival: Mutex<Option<Instant>>,
    finished: Notify,
}

impl Tally {
    /// Starts counting a new broadcast that `expected` subscribers should get.
    pub fn arm(&self, expected: usize) {
        *self.last_arrival.lock().unwrap_or_else(|p| p.into_inner()) = None;
        self.arrived.store(0, Ordering::SeqCst);
        self.expected.store(expected, Ordering::SeqCst);
    }

    /// One subscriber got it.
    pub fn hit(&self) {
        let arrived = self.arrived.fetch_add(1, Ordering::AcqRel) + 1;
        if arrived == self.expected.load(Ordering::Acquire) {
            *self.last_arrival.lock().unwrap_or_else(|p| p.into_inner()) = Some(Instant::now());
            self.finished.notify_one();
        }
    }

    /// When the last subscriber got it, or `None` if not all did within `limit`.
    pub async fn finished_within(&self, limit: Duration) -> Option<Instant> {
        tokio::time::timeout(limit, self.finished.notified()).await.ok()?;
        *self.last_arrival.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn arrived(&self) -> usize {
        self.arrived.load(Ordering::Acquire)
    }
}
