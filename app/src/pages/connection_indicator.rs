//! The watch page's connection indicator: connected, or reconnecting with
//! the countdown to the next attempt, or why the server refused us. The
//! wording is a pure function of the state, tested natively.

use crate::annotations::PanelSignals;
use crate::client::Connection;
use leptos::prelude::*;

/// The indicator's `data-state` (for styles and tests) and its words.
pub fn indicator_label(
    connection: &Connection,
    joined: bool,
    was_connected: bool,
    remaining_ms: Option<f64>,
) -> (&'static str, String) {
    match connection {
        Connection::Connected if joined => ("connected", "connected".into()),
        Connection::Connected => ("connecting", "joining…".into()),
        Connection::Connecting if was_connected => ("reconnecting", "reconnecting…".into()),
        Connection::Connecting => ("connecting", "connecting…".into()),
        Connection::Reconnecting { in_ms, .. } => {
            let remaining = remaining_ms.unwrap_or(f64::from(*in_ms)).max(0.0);
            let seconds = (remaining / 1000.0).ceil() as u64;
            ("reconnecting", format!("connection lost, reconnecting in {seconds} s"))
        }
        Connection::Refused(reason) => ("refused", reason.clone()),
        Connection::Closed => ("closed", "disconnected".into()),
    }
}

#[component]
pub fn ConnectionIndicator(signals: PanelSignals) -> AnyView {
    // The countdown's clock: ticks only while an attempt is due, and only
    // redraws this indicator.
    let tick = RwSignal::new(());
    #[cfg(feature = "hydrate")]
    {
        let ticker = set_interval_with_handle(
            move || {
                if signals.reconnect_at.get_untracked().is_some() {
                    tick.notify();
                }
            },
            std::time::Duration::from_millis(250),
        );
        if let Ok(ticker) = ticker {
            on_cleanup(move || ticker.clear());
        }
    }
    let label = move || {
        let remaining = signals.reconnect_at.get().map(|at| {
            tick.track();
            at - now_ms()
        });
        signals.connection.with(|c| indicator_label(c, signals.joined.get(), signals.was_connected.get(), remaining))
    };
    view! {
        <p class="connection" data-state=move || label().0 role="status">
            {move || label().1}
        </p>
    }
    .into_any()
}

/// The wall clock in ms, as the reconnect deadline was set (`Date.now()`).
fn now_ms() -> f64 {
    #[cfg(feature = "hydrate")]
    return js_sys::Date::now();
    // No deadline is ever set on the server.
    #[cfg(not(feature = "hydrate"))]
    return 0.0;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn connected_means_joined() {
        assert_eq!(indicator_label(&Connection::Connected, true, true, None).0, "connected");
        assert_eq!(indicator_label(&Connection::Connected, false, true, None).0, "connecting");
    }

    #[test]
    fn a_lost_connection_counts_down_to_the_next_attempt() {
        let lost = Connection::Reconnecting { in_ms: 5000, tries: 10 };
        assert_eq!(
            indicator_label(&lost, false, true, Some(4200.0)),
            ("reconnecting", "connection lost, reconnecting in 5 s".into())
        );
        assert_eq!(indicator_label(&lost, false, true, Some(-30.0)).1, "connection lost, reconnecting in 0 s");
        assert_eq!(indicator_label(&Connection::Connecting, false, true, None).0, "reconnecting");
        assert_eq!(indicator_label(&Connection::Connecting, false, false, None).0, "connecting");
    }

    #[test]
    fn a_refusal_says_why() {
        let refused = Connection::Refused("reload the page".into());
        assert_eq!(indicator_label(&refused, false, false, None), ("refused", "reload the page".into()));
    }
}
