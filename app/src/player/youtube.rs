//! A YouTube video as a `Player`, through the YouTube IFrame API.
//!
//! The API has no time-update event, so while (and only while) the video
//! plays, its own clock is read four times a second, which is what a
//! `<video>`'s `timeupdate` gives too; a jump in that clock is a seek. If
//! the API's script cannot load (blocked, offline), `on_failure` says so and
//! the rest of the page goes on without a player.

use super::{Player, PlayerTime};
use js_sys::{Array, Function, Object, Reflect};
use leptos::prelude::{set_interval_with_handle, set_timeout_with_handle, window, IntervalHandle};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::time::Duration;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

const API_URL: &str = "https://www.youtube.com/iframe_api";
/// How long the API may take to load before the page says it did not.
const LOAD_DEADLINE: Duration = Duration::from_secs(15);
const POLL_EVERY: Duration = Duration::from_millis(250);
/// YT.PlayerState.PLAYING.
const PLAYING: f64 = 1.0;
/// A clock that moves more than this between two polls was moved by hand.
const SEEK_JUMP_MS: i64 = 1500;

pub struct YouTubePlayer {
    player: RefCell<Option<JsValue>>,
    ready: Cell<bool>,
    failed: Cell<bool>,
    last_ms: Cell<i64>,
    poll: RefCell<Option<IntervalHandle>>,
    on_time: Rc<dyn Fn(PlayerTime)>,
    on_failure: Rc<dyn Fn(String)>,
    closures: RefCell<Vec<Closure<dyn FnMut(JsValue)>>>,
}

impl YouTubePlayer {
    /// Replaces the element `element_id` with the YouTube player of `video_id`.
    pub fn attach(
        element_id: &str,
        video_id: &str,
        on_time: Rc<dyn Fn(PlayerTime)>,
        on_failure: Rc<dyn Fn(String)>,
    ) -> Rc<Self> {
        let this = Rc::new(Self {
            player: RefCell::new(None),
            ready: Cell::new(false),
            failed: Cell::new(false),
            last_ms: Cell::new(0),
            poll: RefCell::new(None),
            on_time,
            on_failure,
            closures: RefCell::new(Vec::new()),
        });
        let (element_id, video_id) = (element_id.to_owned(), video_id.to_owned());
        if api_loaded() {
            create(&this, &element_id, &video_id);
            return this;
        }
        let weak = Rc::downgrade(&this);
        let on_api_ready = Closure::<dyn FnMut(JsValue)>::new(move |_| {
            if let Some(this) = weak.upgrade() {
                create(&this, &element_id, &video_id);
            }
        });
        let _ = Reflect::set(&window(), &"onYouTubeIframeAPIReady".into(), on_api_ready.as_ref());
        this.closures.borrow_mut().push(on_api_ready);
        load_script(&this);
        let weak = Rc::downgrade(&this);
        let _ = set_timeout_with_handle(
            move || {
                if let Some(this) = weak.upgrade() {
                    if this.player.borrow().is_none() {
                        this.fail("The YouTube player did not load in time: the video cannot play here, but the annotations still work.");
                    }
                }
            },
            LOAD_DEADLINE,
        );
        this
    }

    fn fail(&self, message: &str) {
        if !self.failed.replace(true) {
            (self.on_failure)(message.to_owned());
        }
    }

    fn call(&self, method: &str, args: &Array) -> Option<JsValue> {
        let player = self.player.borrow();
        let player = player.as_ref()?;
        let function = Reflect::get(player, &method.into()).ok()?.dyn_into::<Function>().ok()?;
        function.apply(player, args).ok()
    }

    fn poll_once(&self) {
        let ms = self.current_time_ms();
        let last = self.last_ms.replace(ms);
        let jumped = ms < last || ms > last + SEEK_JUMP_MS;
        (self.on_time)(if jumped { PlayerTime::Seeked(ms) } else { PlayerTime::Played(ms) });
    }

    fn state_changed(this: &Rc<Self>, state: f64) {
        if state == PLAYING {
            if this.poll.borrow().is_some() {
                return;
            }
            let weak = Rc::downgrade(this);
            let handle = set_interval_with_handle(
                move || {
                    if let Some(this) = weak.upgrade() {
                        this.poll_once();
                    }
                },
                POLL_EVERY,
            );
            *this.poll.borrow_mut() = handle.ok();
        } else {
            if let Some(handle) = this.poll.borrow_mut().take() {
                handle.clear();
            }
            this.poll_once();
        }
    }
}

impl Drop for YouTubePlayer {
    fn drop(&mut self) {
        if let Some(handle) = self.poll.borrow_mut().take() {
            handle.clear();
        }
    }
}

impl Player for YouTubePlayer {
    fn current_time_ms(&self) -> i64 {
        let seconds = self.call("getCurrentTime", &Array::new()).and_then(|v| v.as_f64()).unwrap_or(0.0);
        if seconds.is_finite() { (seconds * 1000.0).round() as i64 } else { 0 }
    }

    fn seek_to(&self, ms: i64) {
        let ms = ms.max(0);
        self.last_ms.set(ms);
        self.call("seekTo", &Array::of2(&(ms as f64 / 1000.0).into(), &true.into()));
    }

    fn is_ready(&self) -> bool {
        self.ready.get()
    }
}

fn api_loaded() -> bool {
    Reflect::get(&window(), &"YT".into())
        .and_then(|yt| Reflect::get(&yt, &"Player".into()))
        .is_ok_and(|player| player.is_function())
}

fn load_script(this: &Rc<YouTubePlayer>) {
    let document = window().document();
    let script = document
        .as_ref()
        .and_then(|d| d.create_element("script").ok())
        .and_then(|e| e.dyn_into::<web_sys::HtmlScriptElement>().ok());
    let (Some(document), Some(script)) = (document, script) else {
        this.fail("The YouTube player could not be started on this page.");
        return;
    };
    script.set_src(API_URL);
    script.set_async(true);
    let weak = Rc::downgrade(this);
    let on_error = Closure::<dyn FnMut(JsValue)>::new(move |_| {
        if let Some(this) = weak.upgrade() {
            this.fail("The YouTube player could not be loaded (is youtube.com reachable?): the video cannot play here, but the annotations still work.");
        }
    });
    script.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    this.closures.borrow_mut().push(on_error);
    let appended = document.head().map(|head| head.append_child(&script));
    if !matches!(appended, Some(Ok(_))) {
        this.fail("The YouTube player could not be started on this page.");
    }
}

fn create(this: &Rc<YouTubePlayer>, element_id: &str, video_id: &str) {
    let weak = Rc::downgrade(this);
    let on_ready = Closure::<dyn FnMut(JsValue)>::new(move |_| {
        if let Some(this) = weak.upgrade() {
            this.ready.set(true);
        }
    });
    let weak = Rc::downgrade(this);
    let on_state_change = Closure::<dyn FnMut(JsValue)>::new(move |event: JsValue| {
        let state = Reflect::get(&event, &"data".into()).ok().and_then(|v| v.as_f64());
        if let (Some(this), Some(state)) = (weak.upgrade(), state) {
            YouTubePlayer::state_changed(&this, state);
        }
    });
    let events = Object::new();
    let _ = Reflect::set(&events, &"onReady".into(), on_ready.as_ref());
    let _ = Reflect::set(&events, &"onStateChange".into(), on_state_change.as_ref());
    let options = Object::new();
    let _ = Reflect::set(&options, &"videoId".into(), &video_id.into());
    let _ = Reflect::set(&options, &"events".into(), &events);
    this.closures.borrow_mut().extend([on_ready, on_state_change]);

    let constructor = Reflect::get(&window(), &"YT".into())
        .and_then(|yt| Reflect::get(&yt, &"Player".into()))
        .and_then(|c| c.dyn_into::<Function>().map_err(JsValue::from));
    let player = constructor.and_then(|c| Reflect::construct(&c, &Array::of2(&element_id.into(), &options)));
    match player {
        Ok(player) => *this.player.borrow_mut() = Some(player),
        Err(_) => this.fail("The YouTube player could not be created: the video cannot play here, but the annotations still work."),
    }
}
