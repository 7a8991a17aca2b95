//! The socket's side of the protocol, without any I/O: one transport at a
//! time, the heartbeat, reconnecting on phoenix.js's schedule, the frames
//! that wait for the transport to open, and the routing of every incoming
//! frame to its channel.
//!
//! Like phoenix.js 1.8: a heartbeat goes out every 30 s, and one still
//! unanswered when the next is due means the connection is dead even if the
//! browser has not noticed, so the transport is closed and reopened. A
//! transport that closes without being asked to is reopened after
//! `socket_reconnect_after_ms(tries)`.

use super::backoff::socket_reconnect_after_ms;
use super::channel::{ChannelCore, ChannelState, ClientError, Link, Params};
use super::effect::{Connection, Effect, PushId, Timer};
use crate::wire::{event, Message, PHOENIX_TOPIC};
use serde_json::Value;
use std::collections::BTreeMap;

pub const HEARTBEAT_INTERVAL_MS: u32 = 30_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Transport {
    Closed,
    Opening,
    Open,
}

pub struct SocketCore {
    next_ref: u64,
    transport: Transport,
    /// Whether the page wants a connection (`connect` and not `disconnect`,
    /// nor refused): only then is a lost transport reopened.
    wanted: bool,
    pending_heartbeat: Option<String>,
    reconnect_tries: u32,
    send_buffer: Vec<String>,
    channels: BTreeMap<String, ChannelCore>,
    effects: Vec<Effect>,
}

impl Default for SocketCore {
    fn default() -> Self {
        Self::new()
    }
}

impl SocketCore {
    pub fn new() -> Self {
        Self {
            next_ref: 0,
            transport: Transport::Closed,
            wanted: false,
            pending_heartbeat: None,
            reconnect_tries: 0,
            send_buffer: Vec::new(),
            channels: BTreeMap::new(),
            effects: Vec::new(),
        }
    }

    pub fn is_open(&self) -> bool {
        self.transport == Transport::Open
    }

    pub fn channel_state(&self, topic: &str) -> Option<ChannelState> {
        self.channels.get(topic).map(ChannelCore::state)
    }

    pub fn connect(&mut self) -> Vec<Effect> {
        self.wanted = true;
        if self.transport == Transport::Closed {
            self.open_transport();
        }
        self.take()
    }

    pub fn disconnect(&mut self) -> Vec<Effect> {
        self.wanted = false;
        self.effects.push(Effect::CancelTimer(Timer::Reconnect));
        if self.transport != Transport::Closed {
            self.effects.push(Effect::CloseTransport);
            self.transport = Transport::Closed;
            self.after_close();
        }
        self.effects.push(Effect::Status(Connection::Closed));
        self.take()
    }

    /// The server refused the socket (for instance a 403 for a bad token):
    /// stop retrying, since the same params would be refused again.
    pub fn refused(&mut self, reason: &str) -> Vec<Effect> {
        self.wanted = false;
        self.effects.push(Effect::CancelTimer(Timer::Reconnect));
        self.effects.push(Effect::Status(Connection::Refused(reason.to_owned())));
        self.take()
    }

    pub fn transport_opened(&mut self) -> Vec<Effect> {
        if self.transport != Transport::Opening {
            return self.take();
        }
        self.transport = Transport::Open;
        self.reconnect_tries = 0;
        self.effects.push(Effect::CancelTimer(Timer::Reconnect));
        self.effects.push(Effect::Status(Connection::Connected));
        self.effects.push(Effect::StartTimer(Timer::Heartbeat, HEARTBEAT_INTERVAL_MS));
        for frame in std::mem::take(&mut self.send_buffer) {
            self.effects.push(Effect::Send(frame));
        }
        self.each_channel(ChannelCore::socket_opened);
        self.take()
    }

    /// The transport closed or failed without the core asking.
    pub fn transport_closed(&mut self) -> Vec<Effect> {
        if self.transport != Transport::Closed {
            self.transport = Transport::Closed;
            self.after_close();
        }
        self.take()
    }

    pub fn frame_received(&mut self, text: &str) -> Vec<Effect> {
        // A frame that does not parse is not ours to act on; dropping it
        // keeps one bad message from taking the page down.
        let Ok(message) = Message::from_v2(text) else { return self.take() };
        if message.topic == PHOENIX_TOPIC {
            if message.event == event::REPLY && message.msg_ref.is_some() && message.msg_ref == self.pending_heartbeat {
                self.pending_heartbeat = None;
            }
            return self.take();
        }
        let topic = message.topic.clone();
        self.with_channel(&topic, |channel, link| channel.on_message(link, message));
        self.take()
    }

    pub fn timer_fired(&mut self, timer: &Timer) -> Vec<Effect> {
        match timer {
            Timer::Heartbeat => self.heartbeat(),
            Timer::Reconnect => {
                if self.wanted && self.transport == Transport::Closed {
                    self.open_transport();
                }
            }
            Timer::Rejoin(topic) | Timer::PushTimeout { topic, .. } => {
                let topic = topic.clone();
                self.with_channel(&topic, |channel, link| channel.on_timer(link, timer));
            }
        }
        self.take()
    }

    /// Adds a channel for `topic`, whose join params `params` gives afresh
    /// at every join. A closed channel of the same topic is replaced.
    pub fn add_channel(&mut self, topic: &str, params: Params) -> Result<(), ClientError> {
        if self.channel_state(topic).is_some_and(|s| s != ChannelState::Closed) {
            return Err(ClientError::TopicTaken(topic.to_owned()));
        }
        self.channels.insert(topic.to_owned(), ChannelCore::new(topic.to_owned(), params));
        Ok(())
    }

    pub fn join(&mut self, topic: &str) -> Result<Vec<Effect>, ClientError> {
        self.try_with_channel(topic, |channel, link| channel.join(link))?;
        Ok(self.take())
    }

    pub fn push(&mut self, topic: &str, event: &str, payload: Value) -> Result<(PushId, Vec<Effect>), ClientError> {
        let push = self.try_with_channel(topic, |channel, link| channel.push(link, event, payload))?;
        Ok((push, self.take()))
    }

    pub fn leave(&mut self, topic: &str) -> Result<Vec<Effect>, ClientError> {
        self.try_with_channel(topic, |channel, link| {
            channel.leave(link);
            Ok(())
        })?;
        Ok(self.take())
    }

    fn heartbeat(&mut self) {
        if self.transport != Transport::Open {
            return;
        }
        if self.pending_heartbeat.take().is_some() {
            // The last one went unanswered for a whole interval.
            self.effects.push(Effect::CloseTransport);
            self.transport = Transport::Closed;
            self.after_close();
            return;
        }
        self.next_ref += 1;
        let heartbeat_ref = self.next_ref.to_string();
        let message = Message {
            join_ref: None,
            msg_ref: Some(heartbeat_ref.clone()),
            topic: PHOENIX_TOPIC.to_owned(),
            event: event::HEARTBEAT.to_owned(),
            payload: Value::Object(Default::default()),
        };
        self.effects.push(Effect::Send(message.to_v2()));
        self.pending_heartbeat = Some(heartbeat_ref);
        self.effects.push(Effect::StartTimer(Timer::Heartbeat, HEARTBEAT_INTERVAL_MS));
    }

    fn open_transport(&mut self) {
        self.transport = Transport::Opening;
        self.effects.push(Effect::Status(Connection::Connecting));
        self.effects.push(Effect::OpenTransport);
    }

    fn after_close(&mut self) {
        self.pending_heartbeat = None;
        self.effects.push(Effect::CancelTimer(Timer::Heartbeat));
        // Only joins and leaves ever wait here (a channel pushes only while
        // joined, so while open), and every errored channel sends a fresh
        // join when the socket is back: the old frames would be stale joins.
        self.send_buffer.clear();
        self.each_channel(ChannelCore::socket_closed);
        if self.wanted {
            self.reconnect_tries += 1;
            let in_ms = socket_reconnect_after_ms(self.reconnect_tries);
            self.effects.push(Effect::StartTimer(Timer::Reconnect, in_ms));
            self.effects.push(Effect::Status(Connection::Reconnecting { in_ms, tries: self.reconnect_tries }));
        }
    }

    fn each_channel(&mut self, mut f: impl FnMut(&mut ChannelCore, &mut Link)) {
        let open = self.transport == Transport::Open;
        let mut link = Link {
            next_ref: &mut self.next_ref,
            open,
            send_buffer: &mut self.send_buffer,
            effects: &mut self.effects,
        };
        for channel in self.channels.values_mut() {
            f(channel, &mut link);
        }
    }

    fn with_channel(&mut self, topic: &str, f: impl FnOnce(&mut ChannelCore, &mut Link)) {
        let _ = self.try_with_channel(topic, |channel, link| {
            f(channel, link);
            Ok(())
        });
    }

    fn try_with_channel<T>(
        &mut self,
        topic: &str,
        f: impl FnOnce(&mut ChannelCore, &mut Link) -> Result<T, ClientError>,
    ) -> Result<T, ClientError> {
        let channel = self.channels.get_mut(topic).ok_or_else(|| ClientError::NoSuchChannel(topic.to_owned()))?;
        let mut link = Link {
            next_ref: &mut self.next_ref,
            open: self.transport == Transport::Open,
            send_buffer: &mut self.send_buffer,
            effects: &mut self.effects,
        };
        f(channel, &mut link)
    }

    fn take(&mut self) -> Vec<Effect> {
        std::mem::take(&mut self.effects)
    }
}
