//! The browser driver of the channel client: carries out the pure core's
//! effects with a real `WebSocket` and real `setTimeout`s, and calls the
//! page's callbacks. Built for `hydrate` only.
//!
//! Every call into the core happens with its `RefCell` borrowed only for
//! that call; effects are carried out afterwards, so a callback may push or
//! leave without re-entering a borrow.

use super::channel::ClientError;
use super::effect::{Connection, Effect, PushId, PushOutcome, Timer};
use super::socket::SocketCore;
use leptos::prelude::{set_timeout_with_handle, TimeoutHandle};
use serde_json::Value;
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::{Rc, Weak};
use std::time::Duration;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{CloseEvent, Event, MessageEvent, WebSocket};

/// The query params of the socket, read at every connect.
pub type SocketParams = Box<dyn Fn() -> Vec<(String, String)>>;

type Callback = Rc<dyn Fn(&Value)>;

/// A live WebSocket and the handlers attached to it (kept alive with it).
struct Transport {
    ws: WebSocket,
    _on_open: Closure<dyn FnMut(Event)>,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_close: Closure<dyn FnMut(CloseEvent)>,
}

impl Transport {
    fn detach(&self) {
        self.ws.set_onopen(None);
        self.ws.set_onmessage(None);
        self.ws.set_onclose(None);
    }
}

struct Subscription {
    id: u64,
    topic: String,
    event: String,
    callback: Callback,
}

#[derive(Default)]
struct JoinHooks {
    ok: Vec<Callback>,
    error: Vec<Callback>,
    closed: Vec<Rc<dyn Fn()>>,
}

struct Inner {
    core: RefCell<SocketCore>,
    endpoint: String,
    params: SocketParams,
    transport: RefCell<Option<Transport>>,
    timers: RefCell<HashMap<Timer, TimeoutHandle>>,
    subscriptions: RefCell<Vec<Subscription>>,
    next_subscription: Cell<u64>,
    join_hooks: RefCell<HashMap<String, JoinHooks>>,
    push_hooks: RefCell<HashMap<PushId, Box<dyn FnOnce(PushOutcome)>>>,
    status_hooks: RefCell<Vec<Rc<dyn Fn(&Connection)>>>,
}

/// A socket to `endpoint` (a path such as `/socket/websocket` on this page's
/// host, or a full `ws://` / `wss://` URL).
#[derive(Clone)]
pub struct Socket {
    inner: Rc<Inner>,
}

impl Socket {
    pub fn new(endpoint: &str, params: impl Fn() -> Vec<(String, String)> + 'static) -> Self {
        Self {
            inner: Rc::new(Inner {
                core: RefCell::new(SocketCore::new()),
                endpoint: endpoint.to_owned(),
                params: Box::new(params),
                transport: RefCell::new(None),
                timers: RefCell::new(HashMap::new()),
                subscriptions: RefCell::new(Vec::new()),
                next_subscription: Cell::new(0),
                join_hooks: RefCell::new(HashMap::new()),
                push_hooks: RefCell::new(HashMap::new()),
                status_hooks: RefCell::new(Vec::new()),
            }),
        }
    }

    /// Calls `callback` on every change of the connection's state.
    pub fn on_status(&self, callback: impl Fn(&Connection) + 'static) {
        self.inner.status_hooks.borrow_mut().push(Rc::new(callback));
    }

    pub fn connect(&self) {
        let effects = self.inner.core.borrow_mut().connect();
        run(&self.inner, effects);
    }

    pub fn disconnect(&self) {
        let effects = self.inner.core.borrow_mut().disconnect();
        run(&self.inner, effects);
    }

    /// A channel for `topic`, whose join params `params` reads afresh at
    /// every join and rejoin.
    pub fn channel(&self, topic: &str, params: impl Fn() -> Value + 'static) -> Result<Channel, ClientError> {
        self.inner.core.borrow_mut().add_channel(topic, Box::new(params))?;
        self.inner.join_hooks.borrow_mut().insert(topic.to_owned(), JoinHooks::default());
        Ok(Channel { inner: self.inner.clone(), topic: topic.to_owned() })
    }
}

/// A handle to one channel of a `Socket`.
#[derive(Clone)]
pub struct Channel {
    inner: Rc<Inner>,
    topic: String,
}

/// What `Channel::on` returns, for `Channel::off`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SubscriptionId(u64);

impl Channel {
    pub fn topic(&self) -> &str {
        &self.topic
    }

    pub fn on(&self, event: &str, callback: impl Fn(&Value) + 'static) -> SubscriptionId {
        let id = self.inner.next_subscription.get() + 1;
        self.inner.next_subscription.set(id);
        self.inner.subscriptions.borrow_mut().push(Subscription {
            id,
            topic: self.topic.clone(),
            event: event.to_owned(),
            callback: Rc::new(callback),
        });
        SubscriptionId(id)
    }

    pub fn off(&self, subscription: SubscriptionId) {
        self.inner.subscriptions.borrow_mut().retain(|s| s.id != subscription.0);
    }

    /// `ok` runs on every successful join and rejoin with the server's
    /// response; `error` on every refused one.
    pub fn on_join(&self, ok: impl Fn(&Value) + 'static, error: impl Fn(&Value) + 'static) {
        if let Some(hooks) = self.inner.join_hooks.borrow_mut().get_mut(&self.topic) {
            hooks.ok.push(Rc::new(ok));
            hooks.error.push(Rc::new(error));
        }
    }

    pub fn on_close(&self, closed: impl Fn() + 'static) {
        if let Some(hooks) = self.inner.join_hooks.borrow_mut().get_mut(&self.topic) {
            hooks.closed.push(Rc::new(closed));
        }
    }

    pub fn join(&self) -> Result<(), ClientError> {
        let effects = self.inner.core.borrow_mut().join(&self.topic)?;
        run(&self.inner, effects);
        Ok(())
    }

    /// Pushes `event`; `outcome` is called exactly once, with the reply or
    /// with `Timeout`.
    pub fn push(
        &self,
        event: &str,
        payload: Value,
        outcome: impl FnOnce(PushOutcome) + 'static,
    ) -> Result<PushId, ClientError> {
        let (push, effects) = self.inner.core.borrow_mut().push(&self.topic, event, payload)?;
        self.inner.push_hooks.borrow_mut().insert(push.clone(), Box::new(outcome));
        run(&self.inner, effects);
        Ok(push)
    }

    pub fn leave(&self) {
        if let Ok(effects) = self.inner.core.borrow_mut().leave(&self.topic) {
            run(&self.inner, effects);
        }
    }
}

fn run(inner: &Rc<Inner>, effects: Vec<Effect>) {
    for effect in effects {
        match effect {
            Effect::OpenTransport => open_transport(inner),
            Effect::Send(frame) => send(inner, &frame),
            Effect::CloseTransport => {
                if let Some(transport) = inner.transport.borrow_mut().take() {
                    transport.detach();
                    let _ = transport.ws.close();
                }
            }
            Effect::StartTimer(timer, ms) => start_timer(inner, timer, ms),
            Effect::CancelTimer(timer) => {
                if let Some(handle) = inner.timers.borrow_mut().remove(&timer) {
                    handle.clear();
                }
            }
            Effect::Status(connection) => {
                let hooks: Vec<_> = inner.status_hooks.borrow().clone();
                for hook in hooks {
                    hook(&connection);
                }
            }
            Effect::Event { topic, event, payload } => {
                let callbacks: Vec<Callback> = inner
                    .subscriptions
                    .borrow()
                    .iter()
                    .filter(|s| s.topic == topic && s.event == event)
                    .map(|s| s.callback.clone())
                    .collect();
                for callback in callbacks {
                    callback(&payload);
                }
            }
            Effect::Joined { topic, response } => {
                let hooks = inner.join_hooks.borrow().get(&topic).map(|h| h.ok.clone()).unwrap_or_default();
                for hook in hooks {
                    hook(&response);
                }
            }
            Effect::JoinRefused { topic, response } => {
                let hooks = inner.join_hooks.borrow().get(&topic).map(|h| h.error.clone()).unwrap_or_default();
                for hook in hooks {
                    hook(&response);
                }
            }
            Effect::ChannelClosed { topic } => {
                let hooks = inner.join_hooks.borrow().get(&topic).map(|h| h.closed.clone()).unwrap_or_default();
                for hook in hooks {
                    hook();
                }
            }
            Effect::Pushed { push, outcome } => {
                let hook = inner.push_hooks.borrow_mut().remove(&push);
                if let Some(hook) = hook {
                    hook(outcome);
                }
            }
        }
    }
}

fn send(inner: &Rc<Inner>, frame: &str) {
    let transport = inner.transport.borrow();
    let sent = transport.as_ref().map(|t| t.ws.send_with_str(frame));
    if !matches!(sent, Some(Ok(()))) {
        // The core only sends on an open transport, so this is a socket that
        // died a moment ago: its close event is on its way and the core will
        // rejoin and report any push as timed out.
        leptos::logging::warn!("channel client: a frame could not be sent");
    }
}

fn start_timer(inner: &Rc<Inner>, timer: Timer, ms: u32) {
    let weak = Rc::downgrade(inner);
    let fired = timer.clone();
    let handle = set_timeout_with_handle(
        move || {
            let Some(inner) = weak.upgrade() else { return };
            inner.timers.borrow_mut().remove(&fired);
            let effects = inner.core.borrow_mut().timer_fired(&fired);
            run(&inner, effects);
        },
        Duration::from_millis(ms.into()),
    );
    match handle {
        Ok(handle) => {
            if let Some(previous) = inner.timers.borrow_mut().insert(timer, handle) {
                previous.clear();
            }
        }
        Err(_) => leptos::logging::error!("channel client: setTimeout failed"),
    }
}

/// The WebSocket URL: the endpoint on this page's host, with `vsn=2.0.0`
/// and the params, percent-encoded.
fn socket_url(endpoint: &str, params: &[(String, String)]) -> String {
    let base = if endpoint.starts_with("ws://") || endpoint.starts_with("wss://") {
        endpoint.to_owned()
    } else {
        let location = leptos::prelude::window().location();
        let scheme = if location.protocol().as_deref() == Ok("https:") { "wss" } else { "ws" };
        format!("{scheme}://{}{endpoint}", location.host().unwrap_or_default())
    };
    let mut url = format!("{base}?vsn=2.0.0");
    for (name, value) in params {
        let name = js_sys::encode_uri_component(name);
        let value = js_sys::encode_uri_component(value);
        url.push_str(&format!("&{name}={value}"));
    }
    url
}

fn open_transport(inner: &Rc<Inner>) {
    let params = (inner.params)();
    let url = socket_url(&inner.endpoint, &params);
    let ws = match WebSocket::new(&url) {
        Ok(ws) => ws,
        Err(_) => {
            // An unusable URL: the same as a connection that failed at once.
            let effects = inner.core.borrow_mut().transport_closed();
            run(inner, effects);
            return;
        }
    };
    let opened = Rc::new(Cell::new(false));

    let weak = Rc::downgrade(inner);
    let now_open = opened.clone();
    let on_open = Closure::<dyn FnMut(Event)>::new(move |_: Event| {
        now_open.set(true);
        with_inner(&weak, |inner| inner.core.borrow_mut().transport_opened());
    });
    let weak = Rc::downgrade(inner);
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |message: MessageEvent| {
        // The V2 JSON serializer sends text frames only.
        let Some(text) = message.data().as_string() else { return };
        with_inner(&weak, |inner| inner.core.borrow_mut().frame_received(&text));
    });
    let weak = Rc::downgrade(inner);
    let was_open = opened.clone();
    let probe_url = url.replacen("ws", "http", 1);
    let on_close = Closure::<dyn FnMut(CloseEvent)>::new(move |_: CloseEvent| {
        let Some(inner) = weak.upgrade() else { return };
        inner.transport.borrow_mut().take();
        if !was_open.get() {
            probe_refusal(Rc::downgrade(&inner), probe_url.clone());
        }
        let effects = inner.core.borrow_mut().transport_closed();
        run(&inner, effects);
    });
    ws.set_onopen(Some(on_open.as_ref().unchecked_ref()));
    ws.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    ws.set_onclose(Some(on_close.as_ref().unchecked_ref()));
    let previous = inner.transport.borrow_mut().replace(Transport {
        ws,
        _on_open: on_open,
        _on_message: on_message,
        _on_close: on_close,
    });
    if let Some(previous) = previous {
        previous.detach();
        let _ = previous.ws.close();
    }
}

fn with_inner(weak: &Weak<Inner>, call: impl FnOnce(&Rc<Inner>) -> Vec<Effect>) {
    if let Some(inner) = weak.upgrade() {
        let effects = call(&inner);
        run(&inner, effects);
    }
}

/// A WebSocket that never opened cannot tell the page why: browsers hide
/// the handshake's status. Asking the same URL over plain HTTP can: a 401
/// or 403 means the server refuses these params, and retrying with them
/// would only be refused again.
fn probe_refusal(weak: Weak<Inner>, url: String) {
    leptos::task::spawn_local(async move {
        let Ok(response) = wasm_bindgen_futures::JsFuture::from(leptos::prelude::window().fetch_with_str(&url)).await
        else {
            return; // unreachable: an outage, which the reconnect schedule handles
        };
        let Ok(response) = response.dyn_into::<web_sys::Response>() else { return };
        if matches!(response.status(), 401 | 403) {
            let reason = "the server refused the connection: your session may have expired, reload the page or log in again";
            with_inner(&weak, |inner| inner.core.borrow_mut().refused(reason));
        }
    });
}
