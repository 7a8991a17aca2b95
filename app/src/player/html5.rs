//! The HTML5 `<video>` element as a `Player`: its `timeupdate` events
//! (about four a second while playing) are the time updates, and its
//! `seeking`/`seeked` events the seeks.

use super::{Player, PlayerTime};
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{Event, HtmlMediaElement, HtmlVideoElement};

/// `HAVE_METADATA`: the duration is known and seeking works.
const HAVE_METADATA: u16 = 1;

pub struct Html5Player {
    video: HtmlVideoElement,
    listeners: Vec<(&'static str, Closure<dyn FnMut(Event)>)>,
}

fn ms_of(video: &HtmlMediaElement) -> i64 {
    let seconds = video.current_time();
    if seconds.is_finite() { (seconds * 1000.0).round() as i64 } else { 0 }
}

impl Html5Player {
    /// Listens to `video` and reports its time to `on_time`.
    pub fn attach(video: HtmlVideoElement, on_time: Rc<dyn Fn(PlayerTime)>) -> Self {
        let mut listeners = Vec::new();
        for (name, seek) in [("timeupdate", false), ("loadedmetadata", false), ("seeking", true), ("seeked", true)] {
            let on_time = on_time.clone();
            let closure = Closure::<dyn FnMut(Event)>::new(move |event: Event| {
                let Some(media) = event.target().and_then(|t| t.dyn_into::<HtmlMediaElement>().ok()) else { return };
                let ms = ms_of(&media);
                on_time(if seek { PlayerTime::Seeked(ms) } else { PlayerTime::Played(ms) });
            });
            if video.add_event_listener_with_callback(name, closure.as_ref().unchecked_ref()).is_ok() {
                listeners.push((name, closure));
            }
        }
        Self { video, listeners }
    }
}

impl Drop for Html5Player {
    fn drop(&mut self) {
        for (name, closure) in &self.listeners {
            let _ = self.video.remove_event_listener_with_callback(name, closure.as_ref().unchecked_ref());
        }
    }
}

impl Player for Html5Player {
    fn current_time_ms(&self) -> i64 {
        ms_of(&self.video)
    }

    fn seek_to(&self, ms: i64) {
        self.video.set_current_time(ms.max(0) as f64 / 1000.0);
    }

    fn is_ready(&self) -> bool {
        self.video.ready_state() >= HAVE_METADATA
    }
}
