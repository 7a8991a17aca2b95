//! `/manage/videos/upload`: add a video by uploading a WebM or MP4 file
//! instead of giving a URL. The form posts multipart to the server, which
//! streams the file to disk (refusing it past the size limit) and serves it
//! like the demo media.

use crate::account_api::{page_state, video_categories};
use crate::pages::form_parts::{CsrfField, FormError, TextField};
use crate::pages::my_videos::LoginRequired;
use crate::pages::video_form::{CategorySelect, DescriptionField};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn UploadPage() -> impl IntoView {
    let state = Resource::new(|| (), |_| page_state());
    let categories = Resource::new(|| (), |_| video_categories());
    view! {
        <Title text="Upload a video · Rumbl"/>
        <h1>"Upload a video"</h1>
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                let state = state.await.unwrap_or_default();
                if state.viewer.user.is_none() {
                    return view! { <LoginRequired/> }.into_any();
                }
                let echo = state.echo.unwrap_or_default();
                let categories = categories.await.unwrap_or_default();
                let file_error = echo.error("file");
                let invalid = file_error.is_some();
                view! {
                    <form method="post" action="/manage/videos/upload" enctype="multipart/form-data" class="video-form">
                        <CsrfField token=state.viewer.csrf_token/>
                        <FormError echo=echo.clone()/>
                        <TextField label="Title" name="title" echo=echo.clone() required=true/>
                        <DescriptionField echo=echo.clone() current=String::new()/>
                        <CategorySelect categories echo current=None/>
                        <label class="field" class:invalid=invalid>
                            <span>"Video file (WebM or MP4)"</span>
                            <input type="file" name="file" id="field-file" accept="video/webm,video/mp4,.webm,.mp4" required=true/>
                            {file_error.map(|message| view! { <span class="field-error" data-field="file">{message}</span> })}
                        </label>
                        <button type="submit">"Upload"</button>
                    </form>
                }
                .into_any()
            })}
        </Suspense>
    }
}
