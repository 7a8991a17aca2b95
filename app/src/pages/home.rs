//! `/`: every video, each title linking to its watch page.

use crate::api::list_videos;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn HomePage() -> impl IntoView {
    let videos = Resource::new(|| (), |_| list_videos());
    view! {
        <h1>"Videos"</h1>
        <Suspense fallback=|| view! { <p>"Loading videos…"</p> }>
            {move || Suspend::new(async move {
                match videos.await {
                    Ok(videos) if videos.is_empty() => {
                        view! { <p class="empty">"No videos yet."</p> }.into_any()
                    }
                    Ok(videos) => view! {
                        <ul class="video-list">
                            {videos
                                .into_iter()
                                .map(|video| {
                                    view! {
                                        <li>
                                            <A href=video.watch_path()>{video.title.clone()}</A>
                                            {video.category.clone().map(|c| view! { <span class="category">{c}</span> })}
                                            <p class="description">{video.description.clone()}</p>
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    }
                    .into_any(),
                    Err(err) => view! { <p class="error">{err.to_string()}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}
