//! The queues between the tasks of one socket (its outbound frames, each
//! channel's inbox, its timers, its exits).
//!
//! Why not `tokio::sync::mpsc`: a tokio channel allocates room for 32 items
//! and two cache-padded halves up front, about a kilobyte each, and a socket
//! needs five of them. Idle sockets are what a server holds by the hundred
//! thousand and their queues are nearly always empty, so these allocate
//! nothing while empty and give back what a burst made them grow.
//!
//! Semantics are mpsc's: any number of senders, one receiver; `recv` gives
//! `None` once every sender is gone and the queue is drained; sending fails
//! once the receiver is gone.

use std::collections::VecDeque;
use std::future::Future;
use std::sync::{Arc, Mutex, MutexGuard};
use tokio::sync::Notify;

/// Room kept after a burst has drained; more is given back.
const KEPT_CAPACITY: usize = 8;

struct State<T> {
    items: VecDeque<T>,
    capacity: usize,
    senders: usize,
    receiver_alive: bool,
}

struct Shared<T> {
    state: Mutex<State<T>>,
    /// Wakes the receiver: an item arrived or the last sender left.
    ready: Notify,
    /// Wakes senders waiting in `closed`: the receiver left.
    receiver_gone: Notify,
}

impl<T> State<T> {
    /// Gives back the room a burst made the queue grow, once it is empty.
    fn give_back_burst(&mut self) {
        if self.items.is_empty() && self.items.capacity() > KEPT_CAPACITY {
            self.items = VecDeque::new();
        }
    }
}

/// Waits until `check` gives a value, checking again each time `notify`
/// wakes its waiters (`notify_waiters`).
pub(super) async fn wait_until<R>(notify: &Notify, mut check: impl FnMut() -> Option<R>) -> R {
    loop {
        let woken = notify.notified();
        tokio::pin!(woken);
        // Registered before the check, so a wake in between is not missed.
        woken.as_mut().enable();
        if let Some(value) = check() {
            return value;
        }
        woken.await;
    }
}

impl<T> Shared<T> {
    fn lock(&self) -> MutexGuard<'_, State<T>> {
        // No code runs under this lock that can panic and leave it half-done.
        self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// Why `try_send` did not queue the item, which it hands back.
#[derive(Debug, PartialEq, Eq)]
pub enum TrySendError<T> {
    Full(T),
    Closed(T),
}

pub struct Sender<T>(Arc<Shared<T>>);

pub struct Receiver<T>(Arc<Shared<T>>);

/// A queue that holds at most `capacity` items.
pub fn bounded<T>(capacity: usize) -> (Sender<T>, Receiver<T>) {
    let shared = Arc::new(Shared {
        state: Mutex::new(State { items: VecDeque::new(), capacity: capacity.max(1), senders: 1, receiver_alive: true }),
        ready: Notify::new(),
        receiver_gone: Notify::new(),
    });
    (Sender(shared.clone()), Receiver(shared))
}

/// A queue with no limit, for what the server itself sends (timers, exits).
pub fn unbounded<T>() -> (Sender<T>, Receiver<T>) {
    bounded(usize::MAX)
}

impl<T> Sender<T> {
    pub fn try_send(&self, item: T) -> Result<(), TrySendError<T>> {
        let mut state = self.0.lock();
        if !state.receiver_alive {
            return Err(TrySendError::Closed(item));
        }
        if state.items.len() >= state.capacity {
            return Err(TrySendError::Full(item));
        }
        state.items.push_back(item);
        drop(state);
        // One receiver: a stored permit covers a receiver not yet waiting.
        self.0.ready.notify_one();
        Ok(())
    }

    /// Resolves once the receiver is gone.
    pub fn closed(&self) -> impl Future<Output = ()> + Send + 'static
    where
        T: Send + 'static,
    {
        let shared = self.0.clone();
        async move { wait_until(&shared.receiver_gone, || (!shared.lock().receiver_alive).then_some(())).await }
    }
}

impl<T> Clone for Sender<T> {
    fn clone(&self) -> Self {
        self.0.lock().senders += 1;
        Self(self.0.clone())
    }
}

impl<T> Drop for Sender<T> {
    fn drop(&mut self) {
        let last = {
            let mut state = self.0.lock();
            state.senders -= 1;
            state.senders == 0
        };
        if last {
            self.0.ready.notify_one();
        }
    }
}

impl<T> Receiver<T> {
    /// The next item; `None` once every sender is gone and nothing is left.
    pub async fn recv(&mut self) -> Option<T> {
        loop {
            {
                let mut state = self.0.lock();
                if let Some(item) = state.items.pop_front() {
                    state.give_back_burst();
                    return Some(item);
                }
                if state.senders == 0 {
                    return None;
                }
            }
            self.0.ready.notified().await;
        }
    }

    /// Takes, without waiting, the items queued now, up to `limit`.
    pub fn drain_into(&mut self, into: &mut Vec<T>, limit: usize) {
        let mut state = self.0.lock();
        let take = state.items.len().min(limit);
        into.extend(state.items.drain(..take));
        state.give_back_burst();
    }
}

impl<T> Drop for Receiver<T> {
    fn drop(&mut self) {
        let items = {
            let mut state = self.0.lock();
            state.receiver_alive = false;
            std::mem::take(&mut state.items)
        };
        // Dropped outside the lock: an item's own drop may use a queue.
        drop(items);
        self.0.receiver_gone.notify_waiters();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[tokio::test]
    async fn items_arrive_in_order_and_the_end_is_seen_once_the_senders_are_gone() {
        let (sender, mut receiver) = bounded(4);
        let second = sender.clone();
        sender.try_send(1).unwrap();
        second.try_send(2).unwrap();
        drop(sender);
        assert_eq!(receiver.recv().await, Some(1));
        drop(second);
        assert_eq!(receiver.recv().await, Some(2), "queued items outlive their senders");
        assert_eq!(receiver.recv().await, None);
    }

    #[tokio::test]
    async fn a_full_queue_refuses_and_a_closed_one_says_so() {
        let (sender, receiver) = bounded(2);
        sender.try_send("a").unwrap();
        sender.try_send("b").unwrap();
        assert_eq!(sender.try_send("c"), Err(TrySendError::Full("c")));
        drop(receiver);
        assert_eq!(sender.try_send("d"), Err(TrySendError::Closed("d")));
    }

    #[tokio::test]
    async fn a_waiting_receiver_wakes_for_an_item_sent_from_another_task() {
        let (sender, mut receiver) = unbounded();
        let waiting = tokio::spawn(async move { receiver.recv().await });
        tokio::time::sleep(Duration::from_millis(20)).await;
        sender.try_send(7).unwrap();
        let received = tokio::time::timeout(Duration::from_secs(2), waiting).await.expect("woken").unwrap();
        assert_eq!(received, Some(7));
    }

    #[tokio::test]
    async fn closed_resolves_when_the_receiver_goes() {
        let (sender, receiver) = unbounded::<()>();
        let closed = tokio::spawn(sender.closed());
        tokio::time::sleep(Duration::from_millis(20)).await;
        assert!(!closed.is_finished());
        drop(receiver);
        tokio::time::timeout(Duration::from_secs(2), closed).await.expect("resolved").unwrap();
    }

    #[tokio::test]
    async fn draining_takes_what_is_queued_up_to_the_limit_and_a_burst_is_given_back() {
        let (sender, mut receiver) = unbounded();
        for n in 0..100 {
            sender.try_send(n).unwrap();
        }
        let mut batch = Vec::new();
        receiver.drain_into(&mut batch, 60);
        assert_eq!(batch, (0..60).collect::<Vec<_>>());
        receiver.drain_into(&mut batch, 60);
        assert_eq!(batch.len(), 100);
        assert!(receiver.0.lock().items.capacity() <= KEPT_CAPACITY, "the burst's room was given back");
    }
}
