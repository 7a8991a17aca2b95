//! `/watch/{id}-{slug}` (or `/watch/{id}`): the player and its annotations.
//!
//! The server renders the page with an empty list; once hydrated, the live
//! session (`annotations::live`) starts once for the page and fills the
//! panel's signals. Everything an annotation carries is rendered as text.

use crate::annotations::{PanelSignals, PostResult, SessionHandle};
use crate::api::get_video;
use crate::models::{parse_video_id, Annotation, Video};
use crate::pages::connection_indicator::ConnectionIndicator;
use crate::player::Source;
use crate::time_format::format_at;
use crate::NotFound;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn WatchPage() -> impl IntoView {
    let params = use_params_map();
    let video_id = move || params.read().get("id").as_deref().and_then(parse_video_id);
    let video = Resource::new(video_id, |id| async move {
        match id {
            Some(id) => get_video(id).await,
            None => Ok(None),
        }
    });
    view! {
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                match video.await {
                    Ok(Some(video)) => view! { <Watch video/> }.into_any(),
                    Ok(None) => view! { <NotFound/> }.into_any(),
                    Err(err) => view! { <p class="error">{err.to_string()}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// Starts the live session after hydration, once for this page, and stops
/// it when the page goes away.
#[cfg(feature = "hydrate")]
fn start_session(video: Video, signals: PanelSignals, session: SessionHandle) {
    use crate::annotations::live::LiveSession;
    use std::rc::Rc;
    let live = StoredValue::new_local(None::<Rc<LiveSession>>);
    Effect::new(move |_| {
        untrack(|| match LiveSession::start(&video, signals) {
            Ok(started) => {
                let started = Rc::new(started);
                live.set_value(Some(started.clone()));
                session.set(started);
            }
            Err(err) => signals.join_error.set(Some(format!("The live annotations could not start: {err}"))),
        })
    });
    on_cleanup(move || {
        if let Some(live) = live.try_get_value().flatten() {
            live.stop();
        }
    });
}

#[component]
fn Watch(video: Video) -> AnyView {
    let signals = PanelSignals::new();
    let session = SessionHandle::new();
    #[cfg(feature = "hydrate")]
    start_session(video.clone(), signals, session);
    let player = match Source::of(&video.url) {
        // The IFrame API replaces this element with its own player.
        Source::YouTube(_) => view! { <div id="player" class="youtube-player"></div> }.into_any(),
        Source::File(url) => view! { <video id="player" controls=true preload="metadata" src=url></video> }.into_any(),
    };
    view! {
        <Title text=format!("{} · Rumbl", video.title)/>
        <article class="watch" data-video-id=video.id>
            <h1>{video.title.clone()}</h1>
            <div class="watch-layout">
                <div class="player">
                    {player}
                    {move || signals.player_message.get().map(|text| view! { <p class="player-message">{text}</p> })}
                    <p class="description">{video.description.clone()}</p>
                </div>
                <AnnotationPanel signals session/>
            </div>
        </article>
    }
    .into_any()
}

/// The annotations aside: the Hide/Show toggle, the connection, the list
/// and the input.
#[component]
fn AnnotationPanel(signals: PanelSignals, session: SessionHandle) -> AnyView {
    let panel_open = RwSignal::new(true);
    view! {
        <aside class="annotations" class:collapsed=move || !panel_open.get()>
            <header>
                <h2>"Annotations"</h2>
                <button
                    class="panel-toggle"
                    on:click=move |_| panel_open.update(|open| *open = !*open)
                >
                    {move || if panel_open.get() { "Hide" } else { "Show" }}
                </button>
            </header>
            <ConnectionIndicator signals/>
            {move || signals.join_error.get().map(|text| view! { <p class="join-error">{text}</p> })}
            <AnnotationList signals session/>
            <AnnotationInput signals session/>
        </aside>
    }
    // Views are erased at each component: the whole page's view type is
    // deeper than the compiler's recursion limit allows.
    .into_any()
}

#[component]
fn AnnotationList(signals: PanelSignals, session: SessionHandle) -> AnyView {
    view! {
        <ol class="annotation-list">
            <For
                each=move || signals.timeline.with(|t| t.visible())
                key=|annotation| annotation.id
                children=move |annotation| view! { <AnnotationItem annotation signals session/> }
            />
        </ol>
    }
    .into_any()
}

/// `[mm:ss] username body`; a click anywhere on it seeks to its moment.
#[component]
fn AnnotationItem(annotation: Annotation, signals: PanelSignals, session: SessionHandle) -> AnyView {
    let at = annotation.at;
    let seek = move || {
        if let Some(live) = session.get() {
            live.seek(at);
        }
        signals.timeline.maybe_update(|t| t.seek_to(at));
    };
    view! {
        <li
            class="annotation"
            data-id=annotation.id
            data-at=at
            title="Play from here"
            tabindex="0"
            on:click=move |_| seek()
            on:keydown=move |ev| {
                if ev.key() == "Enter" {
                    seek();
                }
            }
        >
            <span class="at">"[" {format_at(at)} "]"</span>
            " "
            <b class="username">{annotation.user.username}</b>
            " "
            <span class="body">{annotation.body}</span>
        </li>
    }
    .into_any()
}

#[component]
fn AnnotationInput(signals: PanelSignals, session: SessionHandle) -> impl IntoView {
    let draft = RwSignal::new(String::new());
    let posting = RwSignal::new(false);
    let post_error = RwSignal::new(None::<String>);
    let submit = move || {
        let body = draft.get_untracked().trim().to_owned();
        if body.is_empty() || posting.get_untracked() {
            return;
        }
        let Some(live) = session.get() else {
            post_error.set(Some("Not connected yet: try again in a moment.".into()));
            return;
        };
        posting.set(true);
        post_error.set(None);
        let sent = body.clone();
        live.post(
            body,
            Box::new(move |result| {
                posting.set(false);
                match result {
                    // Keep anything typed since the post went out.
                    PostResult::Saved if draft.get_untracked().trim() == sent => draft.set(String::new()),
                    PostResult::Saved => {}
                    PostResult::Refused(reason) | PostResult::NotSent(reason) => post_error.set(Some(reason)),
                    PostResult::TimedOut => post_error.set(Some(
                        "The server did not answer in time, so your annotation may not have been saved: post it again?".into(),
                    )),
                }
            }),
        );
    };
    move || match signals.can_post.get() {
        None => ().into_any(),
        Some(false) => view! {
            <p class="guest-note"><a href="/login">"Log in"</a>" to annotate."</p>
        }
        .into_any(),
        Some(true) => view! {
            <div class="annotation-form">
                <input
                    type="text"
                    name="body"
                    placeholder="Annotate this moment…"
                    aria-label="Annotation"
                    prop:value=move || draft.get()
                    on:input=move |ev| draft.set(event_target_value(&ev))
                    on:keydown=move |ev| {
                        if ev.key() == "Enter" {
                            ev.prevent_default();
                            submit();
                        }
                    }
                />
                <button type="button" class="post" disabled=move || posting.get() on:click=move |_| submit()>
                    {move || if posting.get() { "Posting…" } else { "Post" }}
                </button>
            </div>
            {move || post_error.get().map(|text| view! { <p class="post-error" role="alert">{text}</p> })}
        }
        .into_any(),
    }
}
