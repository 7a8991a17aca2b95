//! The live annotation session of a watch page (browser only): the player,
//! the socket with the page's user token, and the `videos:<id>` channel,
//! all feeding the one `Timeline` of the page.
//!
//! It is started once per page, so there is one schedule however many
//! rejoins happen: a rejoin only adds what it brings to the same timeline,
//! and the timeline moves only with the player's time updates.

use super::actions::{PanelActions, PostResult};
use super::signals::PanelSignals;
use super::{describe_error, parse_annotation, parse_join_reply};
use crate::client::browser::{Channel, Socket};
use crate::client::{Connection, PushOutcome};
use crate::models::Video;
use crate::player::html5::Html5Player;
use crate::player::youtube::YouTubePlayer;
use crate::player::{Player, PlayerTime, Source};
use leptos::prelude::*;
use serde_json::json;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::JsCast;

/// Where the channel server listens.
pub const SOCKET_PATH: &str = "/socket/websocket";
/// The id of the player element the watch page renders.
pub const PLAYER_ELEMENT_ID: &str = "player";

pub struct LiveSession {
    socket: Socket,
    channel: Channel,
    player: Option<Rc<dyn Player>>,
}

/// The `content` of `<meta name="user-token">`, read afresh (guests have none).
pub fn user_token() -> Option<String> {
    document()
        .query_selector("meta[name=\"user-token\"]")
        .ok()
        .flatten()
        .and_then(|meta| meta.get_attribute("content"))
        .filter(|token| !token.is_empty())
}

fn start_player(video: &Video, signals: PanelSignals) -> Option<Rc<dyn Player>> {
    let timeline = signals.timeline;
    let on_time: Rc<dyn Fn(PlayerTime)> = Rc::new(move |time| {
        timeline.maybe_update(|t| match time {
            PlayerTime::Played(ms) => t.play_to(ms),
            PlayerTime::Seeked(ms) => t.seek_to(ms),
        })
    });
    match Source::of(&video.url) {
        Source::File(_) => {
            let element = document().get_element_by_id(PLAYER_ELEMENT_ID)?;
            let video = element.dyn_into::<web_sys::HtmlVideoElement>().ok()?;
            Some(Rc::new(Html5Player::attach(video, on_time)))
        }
        Source::YouTube(id) => {
            let message = signals.player_message;
            let on_failure: Rc<dyn Fn(String)> = Rc::new(move |text| message.set(Some(text)));
            Some(YouTubePlayer::attach(PLAYER_ELEMENT_ID, &id, on_time, on_failure))
        }
    }
}

fn show_status(signals: PanelSignals, connection: &Connection) {
    match connection {
        Connection::Connected => {
            signals.was_connected.set(true);
            signals.reconnect_at.set(None);
        }
        Connection::Reconnecting { in_ms, .. } => {
            signals.joined.set(false);
            signals.reconnect_at.set(Some(js_sys::Date::now() + f64::from(*in_ms)));
        }
        _ => signals.joined.set(false),
    }
    signals.connection.set(connection.clone());
}

impl LiveSession {
    pub fn start(video: &Video, signals: PanelSignals) -> Result<Self, String> {
        let token = user_token();
        signals.can_post.set(Some(token.is_some()));
        let player = start_player(video, signals);
        if player.is_none() {
            signals.player_message.set(Some("The player could not be started on this page.".into()));
        }

        let socket = Socket::new(SOCKET_PATH, || match user_token() {
            Some(token) => vec![("token".to_owned(), token)],
            None => Vec::new(),
        });
        socket.on_status(move |connection| show_status(signals, connection));

        let timeline = signals.timeline;
        let topic = format!("videos:{}", video.id);
        let channel = socket
            .channel(&topic, move || timeline.with_untracked(|t| t.join_params()))
            .map_err(|err| err.to_string())?;
        channel.on("new_annotation", move |payload| match parse_annotation(payload) {
            Ok(annotation) => timeline.maybe_update(|t| t.add_live([annotation])),
            Err(err) => leptos::logging::warn!("{err}"),
        });
        let joined_before = Cell::new(false);
        channel.on_join(
            move |response| {
                signals.joined.set(true);
                signals.join_error.set(None);
                match parse_join_reply(response) {
                    // The first join's history is scheduled by playback;
                    // a rejoin's catch-up would have arrived live.
                    Ok(list) if !joined_before.replace(true) => timeline.maybe_update(|t| t.add_history(list)),
                    Ok(list) => timeline.maybe_update(|t| t.add_live(list)),
                    Err(err) => leptos::logging::warn!("{err}"),
                }
            },
            move |response| signals.join_error.set(Some(format!("Could not join: {}", describe_error(response)))),
        );
        channel.join().map_err(|err| err.to_string())?;
        socket.connect();
        Ok(Self { socket, channel, player })
    }

    pub fn stop(&self) {
        self.channel.leave();
        self.socket.disconnect();
    }
}

impl PanelActions for LiveSession {
    fn post(&self, body: String, done: Box<dyn FnOnce(PostResult)>) {
        let at = self.player.as_ref().map_or(0, |p| p.current_time_ms());
        // Shared so that `done` is called whether the push ends or cannot start.
        let done = Rc::new(RefCell::new(Some(done)));
        let on_outcome = done.clone();
        let pushed = self.channel.push("new_annotation", json!({ "body": body, "at": at }), move |outcome| {
            let Some(done) = on_outcome.borrow_mut().take() else { return };
            done(match outcome {
                PushOutcome::Ok(_) => PostResult::Saved,
                PushOutcome::Error(response) => PostResult::Refused(describe_error(&response)),
                PushOutcome::Timeout => PostResult::TimedOut,
            })
        });
        if let Err(err) = pushed {
            if let Some(done) = done.borrow_mut().take() {
                done(PostResult::NotSent(err.to_string()));
            }
        }
    }

    fn seek(&self, ms: i64) {
        if let Some(player) = &self.player {
            player.seek_to(ms);
        }
    }
}
