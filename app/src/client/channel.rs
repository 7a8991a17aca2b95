//! One channel's side of the protocol, without any I/O: joining and
//! rejoining (with its params read afresh each time, so that a rejoin asks
//! only for what was missed), pushes and their outcomes, leaving, and the
//! rule that a message of an older join is not this join's business.
//!
//! It follows phoenix.js 1.8's `Channel`: a push made while the channel is
//! not joined waits in a buffer (its timeout already running) and goes out
//! once the channel is joined; an error or a lost socket leaves the channel
//! `Errored`, and it rejoins on the rejoin schedule or as soon as the socket
//! is back.

use super::backoff::channel_rejoin_after_ms;
use super::effect::{Effect, PushId, PushOutcome, Timer};
use crate::wire::{event, Message, Reply};
use serde_json::Value;

/// The join params, read at every join and rejoin.
pub type Params = Box<dyn Fn() -> Value>;

/// phoenix.js's default push (and join) timeout.
pub const DEFAULT_TIMEOUT_MS: u32 = 10_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChannelState {
    Closed,
    Joining,
    Joined,
    Errored,
    Leaving,
}

/// Why the client refused a call.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ClientError {
    #[error("the channel {0} was already joined; it rejoins on its own")]
    AlreadyJoined(String),
    #[error("the channel {0} must be joined before pushing")]
    NotJoined(String),
    #[error("there is no channel {0} on this socket")]
    NoSuchChannel(String),
    #[error("a channel {0} is already open on this socket")]
    TopicTaken(String),
}

/// What a channel may use of its socket while handling a call.
pub(crate) struct Link<'a> {
    pub next_ref: &'a mut u64,
    pub open: bool,
    pub send_buffer: &'a mut Vec<String>,
    pub effects: &'a mut Vec<Effect>,
}

impl Link<'_> {
    pub fn make_ref(&mut self) -> String {
        *self.next_ref += 1;
        self.next_ref.to_string()
    }

    /// Sends now if the socket is open, else once it opens.
    pub fn send(&mut self, message: &Message) {
        let frame = message.to_v2();
        if self.open {
            self.effects.push(Effect::Send(frame));
        } else {
            self.send_buffer.push(frame);
        }
    }
}

struct Buffered {
    push_ref: String,
    event: String,
    payload: Value,
}

pub(crate) struct ChannelCore {
    topic: String,
    state: ChannelState,
    params: Params,
    /// The ref of the current join: every message of this join carries it.
    join_ref: Option<String>,
    joined_once: bool,
    rejoin_tries: u32,
    /// Pushes sent and waiting for their reply.
    awaiting: Vec<String>,
    /// Pushes made while not joined, in order.
    buffer: Vec<Buffered>,
    leave_ref: Option<String>,
    timeout_ms: u32,
}

impl ChannelCore {
    pub fn new(topic: String, params: Params) -> Self {
        Self {
            topic,
            state: ChannelState::Closed,
            params,
            join_ref: None,
            joined_once: false,
            rejoin_tries: 0,
            awaiting: Vec::new(),
            buffer: Vec::new(),
            leave_ref: None,
            timeout_ms: DEFAULT_TIMEOUT_MS,
        }
    }

    pub fn state(&self) -> ChannelState {
        self.state
    }

    pub fn join(&mut self, link: &mut Link) -> Result<(), ClientError> {
        if self.joined_once {
            return Err(ClientError::AlreadyJoined(self.topic.clone()));
        }
        self.joined_once = true;
        self.rejoin(link);
        Ok(())
    }

    fn rejoin(&mut self, link: &mut Link) {
        if self.state == ChannelState::Leaving {
            return;
        }
        link.effects.push(Effect::CancelTimer(Timer::Rejoin(self.topic.clone())));
        self.state = ChannelState::Joining;
        let join_ref = link.make_ref();
        let message = Message {
            join_ref: Some(join_ref.clone()),
            msg_ref: Some(join_ref.clone()),
            topic: self.topic.clone(),
            event: event::JOIN.to_owned(),
            payload: (self.params)(),
        };
        link.send(&message);
        self.start_timeout(link, &join_ref);
        self.join_ref = Some(join_ref);
    }

    pub fn push(&mut self, link: &mut Link, event: &str, payload: Value) -> Result<PushId, ClientError> {
        if !self.joined_once {
            return Err(ClientError::NotJoined(self.topic.clone()));
        }
        let push_ref = link.make_ref();
        self.start_timeout(link, &push_ref);
        if self.state == ChannelState::Joined && link.open {
            self.send_push(link, push_ref.clone(), event.to_owned(), payload);
        } else {
            self.buffer.push(Buffered { push_ref: push_ref.clone(), event: event.to_owned(), payload });
        }
        Ok(push_ref)
    }

    fn send_push(&mut self, link: &mut Link, push_ref: String, event: String, payload: Value) {
        let message = Message {
            join_ref: self.join_ref.clone(),
            msg_ref: Some(push_ref.clone()),
            topic: self.topic.clone(),
            event,
            payload,
        };
        link.send(&message);
        self.awaiting.push(push_ref);
    }

    pub fn leave(&mut self, link: &mut Link) {
        link.effects.push(Effect::CancelTimer(Timer::Rejoin(self.topic.clone())));
        if !link.open || self.join_ref.is_none() || self.state == ChannelState::Closed {
            self.close(link);
            return;
        }
        self.state = ChannelState::Leaving;
        let leave_ref = link.make_ref();
        let message = Message {
            join_ref: self.join_ref.clone(),
            msg_ref: Some(leave_ref.clone()),
            topic: self.topic.clone(),
            event: event::LEAVE.to_owned(),
            payload: Value::Object(Default::default()),
        };
        link.send(&message);
        self.start_timeout(link, &leave_ref);
        self.leave_ref = Some(leave_ref);
    }

    /// Whether a message of this topic belongs to the current join: one that
    /// names another join is left over from an earlier one and is dropped.
    pub fn is_current(&self, message: &Message) -> bool {
        match &message.join_ref {
            Some(join_ref) => self.join_ref.as_ref() == Some(join_ref),
            None => true,
        }
    }

    pub fn on_message(&mut self, link: &mut Link, message: Message) {
        if !self.is_current(&message) {
            return;
        }
        match message.event.as_str() {
            event::REPLY => self.on_reply(link, message),
            event::ERROR => {
                if matches!(self.state, ChannelState::Joining | ChannelState::Joined) {
                    self.errored(link);
                }
            }
            event::CLOSE => self.close(link),
            _ => link.effects.push(Effect::Event {
                topic: self.topic.clone(),
                event: message.event,
                payload: message.payload,
            }),
        }
    }

    fn on_reply(&mut self, link: &mut Link, message: Message) {
        let Some(reply_ref) = message.msg_ref else { return };
        let Ok(reply) = serde_json::from_value::<Reply>(message.payload) else { return };
        let ok = reply.status == "ok";
        if self.join_ref.as_ref() == Some(&reply_ref) {
            if self.state != ChannelState::Joining {
                return;
            }
            self.cancel_timeout(link, &reply_ref);
            if ok {
                self.state = ChannelState::Joined;
                self.rejoin_tries = 0;
                link.effects.push(Effect::Joined { topic: self.topic.clone(), response: reply.response });
                for waiting in std::mem::take(&mut self.buffer) {
                    self.send_push(link, waiting.push_ref, waiting.event, waiting.payload);
                }
            } else {
                link.effects.push(Effect::JoinRefused { topic: self.topic.clone(), response: reply.response });
                self.errored(link);
            }
        } else if self.leave_ref.as_ref() == Some(&reply_ref) {
            self.close(link);
        } else if let Some(at) = self.awaiting.iter().position(|r| *r == reply_ref) {
            self.awaiting.remove(at);
            self.cancel_timeout(link, &reply_ref);
            let outcome = if ok { PushOutcome::Ok(reply.response) } else { PushOutcome::Error(reply.response) };
            link.effects.push(Effect::Pushed { push: reply_ref, outcome });
        }
    }

    pub fn on_timer(&mut self, link: &mut Link, timer: &Timer) {
        match timer {
            Timer::Rejoin(_) => {
                if link.open && self.state == ChannelState::Errored {
                    self.rejoin(link);
                }
            }
            Timer::PushTimeout { push_ref, .. } => self.on_timeout(link, push_ref),
            _ => {}
        }
    }

    fn on_timeout(&mut self, link: &mut Link, push_ref: &str) {
        if self.join_ref.as_deref() == Some(push_ref) && self.state == ChannelState::Joining {
            // Tell the server to drop the join it may still be working on.
            if link.open {
                let leave_ref = link.make_ref();
                link.send(&Message {
                    join_ref: self.join_ref.clone(),
                    msg_ref: Some(leave_ref),
                    topic: self.topic.clone(),
                    event: event::LEAVE.to_owned(),
                    payload: Value::Object(Default::default()),
                });
            }
            self.errored(link);
        } else if self.leave_ref.as_deref() == Some(push_ref) {
            self.close(link);
        } else if let Some(at) = self.awaiting.iter().position(|r| r == push_ref) {
            self.awaiting.remove(at);
            link.effects.push(Effect::Pushed { push: push_ref.to_owned(), outcome: PushOutcome::Timeout });
        } else if let Some(at) = self.buffer.iter().position(|b| b.push_ref == push_ref) {
            // Never sent: it will not be sent later either, so nothing is
            // delivered behind the page's back after it was told "timeout".
            self.buffer.remove(at);
            link.effects.push(Effect::Pushed { push: push_ref.to_owned(), outcome: PushOutcome::Timeout });
        }
    }

    pub fn socket_opened(&mut self, link: &mut Link) {
        self.rejoin_tries = 0;
        if self.state == ChannelState::Errored {
            self.rejoin(link);
        }
    }

    pub fn socket_closed(&mut self, link: &mut Link) {
        link.effects.push(Effect::CancelTimer(Timer::Rejoin(self.topic.clone())));
        self.rejoin_tries = 0;
        match self.state {
            ChannelState::Joining | ChannelState::Joined => {
                self.cancel_join_timeout(link);
                self.state = ChannelState::Errored;
            }
            ChannelState::Leaving => self.close(link),
            ChannelState::Closed | ChannelState::Errored => {}
        }
    }

    fn errored(&mut self, link: &mut Link) {
        self.cancel_join_timeout(link);
        self.state = ChannelState::Errored;
        if link.open {
            self.rejoin_tries += 1;
            let delay = channel_rejoin_after_ms(self.rejoin_tries);
            link.effects.push(Effect::StartTimer(Timer::Rejoin(self.topic.clone()), delay));
        }
    }

    fn close(&mut self, link: &mut Link) {
        link.effects.push(Effect::CancelTimer(Timer::Rejoin(self.topic.clone())));
        self.cancel_join_timeout(link);
        self.state = ChannelState::Closed;
        self.leave_ref = None;
        link.effects.push(Effect::ChannelClosed { topic: self.topic.clone() });
    }

    fn cancel_join_timeout(&mut self, link: &mut Link) {
        if let Some(join_ref) = self.join_ref.clone() {
            self.cancel_timeout(link, &join_ref);
        }
    }

    fn start_timeout(&self, link: &mut Link, push_ref: &str) {
        let timer = Timer::PushTimeout { topic: self.topic.clone(), push_ref: push_ref.to_owned() };
        link.effects.push(Effect::StartTimer(timer, self.timeout_ms));
    }

    fn cancel_timeout(&self, link: &mut Link, push_ref: &str) {
        let timer = Timer::PushTimeout { topic: self.topic.clone(), push_ref: push_ref.to_owned() };
        link.effects.push(Effect::CancelTimer(timer));
    }
}
