//! `/manage/videos/new` and `/manage/videos/:id/edit`: the video form (title,
//! URL, description, category). It posts to the server, which saves and
//! goes back to the list, or answers this page again with the messages and
//! the entered values. Editing another user's video is a 404.

use crate::account_api::{my_video, page_state, video_categories};
use crate::forms::FormEcho;
use crate::models::{parse_video_id, Video};
use crate::pages::form_parts::{CsrfField, FormError, TextField};
use crate::pages::my_videos::LoginRequired;
use crate::NotFound;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// The category `<select>`: the entered choice, else the video's.
#[component]
pub fn CategorySelect(categories: Vec<(i64, String)>, echo: FormEcho, current: Option<String>) -> impl IntoView {
    let chosen_id = echo.values.get("category").cloned();
    let error = echo.error("category");
    let invalid = error.is_some();
    view! {
        <label class="field" class:invalid=invalid>
            <span>"Category"</span>
            <select name="category" id="field-category">
                <option value="">"(none)"</option>
                {categories
                    .into_iter()
                    .map(|(id, name)| {
                        let selected = match &chosen_id {
                            Some(chosen) => *chosen == id.to_string(),
                            None => current.as_deref() == Some(name.as_str()),
                        };
                        view! { <option value=id.to_string() selected=selected>{name}</option> }
                    })
                    .collect_view()}
            </select>
            {error.map(|message| view! { <span class="field-error" data-field="category">{message}</span> })}
        </label>
    }
}

/// The description `<textarea>`, keeping what was entered.
#[component]
pub fn DescriptionField(echo: FormEcho, current: String) -> impl IntoView {
    let value = if echo.values.contains_key("description") { echo.value("description") } else { current };
    let error = echo.error("description");
    let invalid = error.is_some();
    view! {
        <label class="field" class:invalid=invalid>
            <span>"Description"</span>
            <textarea name="description" id="field-description" rows="4">{value}</textarea>
            {error.map(|message| view! { <span class="field-error" data-field="description">{message}</span> })}
        </label>
    }
}

#[component]
fn VideoForm(action: String, submit: &'static str, video: Option<Video>) -> impl IntoView {
    let state = Resource::new(|| (), |_| page_state());
    let categories = Resource::new(|| (), |_| video_categories());
    view! {
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || {
                let action = action.clone();
                let video = video.clone();
                Suspend::new(async move {
                    let state = state.await.unwrap_or_default();
                    if state.viewer.user.is_none() {
                        return view! { <LoginRequired/> }.into_any();
                    }
                    let echo = state.echo.unwrap_or_default();
                    let categories = categories.await.unwrap_or_default();
                    let video = video.unwrap_or(Video {
                        id: 0,
                        user_id: 0,
                        title: String::new(),
                        url: String::new(),
                        description: String::new(),
                        slug: String::new(),
                        category: None,
                    });
                    view! {
                        <form method="post" action=action class="video-form">
                            <CsrfField token=state.viewer.csrf_token/>
                            <FormError echo=echo.clone()/>
                            <TextField label="Title" name="title" value=video.title echo=echo.clone() required=true/>
                            <TextField label="URL" name="url" value=video.url echo=echo.clone() required=true/>
                            <DescriptionField echo=echo.clone() current=video.description/>
                            <CategorySelect categories echo current=video.category/>
                            <button type="submit">{submit}</button>
                        </form>
                    }
                    .into_any()
                })
            }}
        </Suspense>
    }
}

#[component]
pub fn NewVideoPage() -> impl IntoView {
    view! {
        <Title text="Add a video · Rumbl"/>
        <h1>"Add a video"</h1>
        <VideoForm action="/manage/videos".into() submit="Save video" video=None/>
    }
}

#[component]
pub fn EditVideoPage() -> impl IntoView {
    let params = use_params_map();
    let video_id = move || params.read().get("id").as_deref().and_then(parse_video_id);
    let video = Resource::new(video_id, |id| async move {
        match id {
            Some(id) => my_video(id).await,
            None => Ok(None),
        }
    });
    view! {
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                match video.await {
                    Ok(Some(video)) => view! {
                        <Title text=format!("Edit {} · Rumbl", video.title)/>
                        <h1>"Edit video"</h1>
                        <VideoForm action=format!("/manage/videos/{}", video.id) submit="Save changes" video=Some(video)/>
                    }
                    .into_any(),
                    Ok(None) => view! { <NotFound/> }.into_any(),
                    Err(err) => view! { <p class="error">{err.to_string()}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}
