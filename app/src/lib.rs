//! Rumbl's shared crate: the types, the pages and the browser-side logic.
//!
//! Compiled twice. With `ssr` it renders pages on the server and holds the
//! database layer (`db`) behind the server functions in `api`; with `hydrate`
//! it runs in the browser as wasm, takes over the server-rendered HTML, and
//! drives the player and the channel client. The shared types in `models`
//! and the Phoenix wire format in `wire` are the same on both sides.

pub mod account_api;
pub mod annotations;
pub mod api;
pub mod client;
#[cfg(feature = "ssr")]
pub mod db;
pub mod forms;
pub mod models;
pub mod player;
mod pages;
pub mod time_format;
pub mod viewer;
pub mod wire;

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Link, MetaTags, Stylesheet, Title};
use leptos_router::{
    components::{Route, Router, Routes, A},
    path, SsrMode,
};

pub use pages::not_found::NotFound;

/// The HTML document around the app, rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <AutoReload options=options.clone()/>
                <HydrationScripts options/>
                <MetaTags/>
                {user_token_meta()}
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// `<meta name="user-token">` for a logged-in user (the seed's
/// `window.userToken`), read by the channel client; nothing for a guest.
fn user_token_meta() -> impl IntoView {
    #[cfg(feature = "ssr")]
    let token = viewer::from_request().and_then(|viewer| viewer.socket_token);
    #[cfg(not(feature = "ssr"))]
    let token: Option<String> = None;
    token.map(|token| view! { <meta name="user-token" content=token/> })
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    mark_hydrated();
    view! {
        <Stylesheet id="leptos" href="/pkg/rumbl.css"/>
        <Link rel="icon" type_="image/svg+xml" href="/favicon.svg"/>
        <Title text="Rumbl"/>
        <Router>
            <header class="site-header">
                <A href="/" attr:class="brand">"Rumbl"</A>
                <span class="tagline">"watch together, annotate in real time"</span>
                <pages::account_nav::AccountNav/>
            </header>
            <main>
                <Routes fallback=|| view! { <NotFound/> }>
                    <Route path=path!("/") view=pages::home::HomePage ssr=SsrMode::Async/>
                    // Async: the status (200 or 404) is known before the headers go out.
                    <Route path=path!("/watch/:id") view=pages::watch::WatchPage ssr=SsrMode::Async/>
                    <Route path=path!("/signup") view=pages::signup::SignupPage ssr=SsrMode::Async/>
                    <Route path=path!("/login") view=pages::login::LoginPage ssr=SsrMode::Async/>
                    <Route path=path!("/manage/videos") view=pages::my_videos::MyVideosPage ssr=SsrMode::Async/>
                    <Route path=path!("/manage/videos/new") view=pages::video_form::NewVideoPage ssr=SsrMode::Async/>
                    <Route path=path!("/manage/videos/upload") view=pages::upload::UploadPage ssr=SsrMode::Async/>
                    <Route path=path!("/manage/videos/:id/edit") view=pages::video_form::EditVideoPage ssr=SsrMode::Async/>
                </Routes>
            </main>
        </Router>
    }
}

/// Marks `<body data-hydrated="true">` once the wasm has taken over the page.
/// Effects run only in the browser, so the server never renders the mark:
/// tests (and curious people) can tell a live page from a dead one.
fn mark_hydrated() {
    Effect::new(|_| {
        #[cfg(feature = "hydrate")]
        if let Some(body) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.body()) {
            let _ = body.set_attribute("data-hydrated", "true");
        }
    });
}
