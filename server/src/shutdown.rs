//! Shutdown: one trigger, fired by SIGINT/SIGTERM (or a test), that the HTTP
//! server and every live socket listen to, so that long-lived WebSockets end
//! too and graceful shutdown does not wait on them forever.

use tokio::sync::watch;

#[derive(Clone)]
pub struct Trigger {
    sender: std::sync::Arc<watch::Sender<bool>>,
}

impl Default for Trigger {
    fn default() -> Self {
        Self { sender: std::sync::Arc::new(watch::channel(false).0) }
    }
}

impl Trigger {
    pub fn fire(&self) {
        self.sender.send_replace(true);
    }

    /// Resolves once `fire` has been called (at once if it already was).
    pub fn fired(&self) -> impl std::future::Future<Output = ()> + Send + 'static {
        let mut receiver = self.sender.subscribe();
        async move {
            let _ = receiver.wait_for(|fired| *fired).await;
        }
    }
}

/// Resolves on SIGINT (Ctrl-C) or SIGTERM.
pub async fn os_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
            .expect("installing the SIGTERM handler");
        tokio::select! {
            _ = ctrl_c => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    let _ = ctrl_c.await;
}
