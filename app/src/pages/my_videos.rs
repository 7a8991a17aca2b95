//! `/manage/videos`: the logged-in user's own videos, each with its watch
//! page, an edit link and a delete button (a POST form with the CSRF token),
//! and the ways to add one: by URL or by uploading a file.

use crate::account_api::{my_videos, page_state};
use crate::pages::form_parts::CsrfField;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

/// What a guest sees on the management pages instead of them.
#[component]
pub fn LoginRequired() -> impl IntoView {
    view! {
        <p class="login-required">"Please "<A href="/login">"log in"</A>" to manage your videos."</p>
    }
}

#[component]
pub fn MyVideosPage() -> impl IntoView {
    let state = Resource::new(|| (), |_| page_state());
    let videos = Resource::new(|| (), |_| my_videos());
    view! {
        <Title text="My videos · Rumbl"/>
        <h1>"My videos"</h1>
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                let viewer = state.await.unwrap_or_default().viewer;
                if viewer.user.is_none() {
                    return view! { <LoginRequired/> }.into_any();
                }
                let csrf = viewer.csrf_token;
                let list = match videos.await {
                    Ok(videos) if videos.is_empty() => view! { <p class="empty">"You have no videos yet."</p> }.into_any(),
                    Ok(videos) => view! {
                        <ul class="video-list my-videos">
                            {videos
                                .into_iter()
                                .map(|video| {
                                    let csrf = csrf.clone();
                                    view! {
                                        <li data-video-id=video.id>
                                            <A href=video.watch_path()>{video.title.clone()}</A>
                                            {video.category.clone().map(|c| view! { <span class="category">{c}</span> })}
                                            <A href=format!("/manage/videos/{}/edit", video.id) attr:class="edit">"Edit"</A>
                                            <form method="post" action=format!("/manage/videos/{}/delete", video.id) class="delete">
                                                <CsrfField token=csrf/>
                                                <button type="submit">"Delete"</button>
                                            </form>
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    }
                    .into_any(),
                    Err(err) => view! { <p class="error">{err.to_string()}</p> }.into_any(),
                };
                view! {
                    <p class="actions">
                        <A href="/manage/videos/new">"Add a video by URL"</A>
                        " · "
                        <A href="/manage/videos/upload">"Upload a video file"</A>
                    </p>
                    {list}
                }
                .into_any()
            })}
        </Suspense>
    }
}
