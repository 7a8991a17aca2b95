//! The reactive state of a watch page's panel, shared by the components
//! that render it and the live session that feeds it. Every field starts as
//! the server renders it, so that hydration finds the same page; the live
//! session (browser only) then fills them in.

use super::Timeline;
use crate::client::Connection;
use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct PanelSignals {
    pub timeline: RwSignal<Timeline>,
    pub connection: RwSignal<Connection>,
    /// Whether the channel is joined now.
    pub joined: RwSignal<bool>,
    /// Whether the socket was ever open on this page: a later "connecting"
    /// is a reconnect.
    pub was_connected: RwSignal<bool>,
    /// When (`Date.now()`, ms) the next reconnect attempt is due.
    pub reconnect_at: RwSignal<Option<f64>>,
    /// `None` until the browser has read the page's user token.
    pub can_post: RwSignal<Option<bool>>,
    pub join_error: RwSignal<Option<String>>,
    pub player_message: RwSignal<Option<String>>,
}

impl PanelSignals {
    pub fn new() -> Self {
        Self {
            timeline: RwSignal::new(Timeline::new()),
            connection: RwSignal::new(Connection::Connecting),
            joined: RwSignal::new(false),
            was_connected: RwSignal::new(false),
            reconnect_at: RwSignal::new(None),
            can_post: RwSignal::new(None),
            join_error: RwSignal::new(None),
            player_message: RwSignal::new(None),
        }
    }
}

impl Default for PanelSignals {
    fn default() -> Self {
        Self::new()
    }
}
