//! `/watch/{id}-{slug}` (or `/watch/{id}`): the player and its annotations.

use crate::api::get_video;
use crate::models::{parse_video_id, Video};
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

#[component]
fn Watch(video: Video) -> impl IntoView {
    let panel_open = RwSignal::new(true);
    view! {
        <Title text=format!("{} · Rumbl", video.title)/>
        <article class="watch" data-video-id=video.id>
            <h1>{video.title.clone()}</h1>
            <div class="watch-layout">
                <div class="player">
                    <video id="player" controls=true preload="metadata" src=video.url.clone()></video>
                    <p class="description">{video.description.clone()}</p>
                </div>
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
                    <ol class="annotation-list"></ol>
                </aside>
            </div>
        </article>
    }
}
