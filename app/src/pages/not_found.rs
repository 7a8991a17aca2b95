//! The 404 page. On the server it also sets the response status, so a wrong
//! link answers 404 to browsers and crawlers alike.

use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <section class="not-found">
            <h1>"Not found"</h1>
            <p>"There is nothing at this address. "<A href="/">"See all videos"</A>"."</p>
        </section>
    }
}
