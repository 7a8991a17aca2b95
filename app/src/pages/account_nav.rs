//! The account corner of the site header: the logged-in user's name, a link
//! to their videos and a log-out button (a POST form carrying the CSRF
//! token), or links to log in and sign up for a guest.

use crate::account_api::page_state;
use crate::pages::form_parts::CsrfField;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn AccountNav() -> impl IntoView {
    let state = Resource::new(|| (), |_| page_state());
    view! {
        <nav class="account-nav">
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let viewer = state.await.unwrap_or_default().viewer;
                    match viewer.user {
                        Some(user) => view! {
                            <span class="current-user">"Logged in as "<strong>{user.username}</strong></span>
                            <A href="/manage/videos">"My videos"</A>
                            <form method="post" action="/logout" class="logout">
                                <CsrfField token=viewer.csrf_token/>
                                <button type="submit">"Log out"</button>
                            </form>
                        }
                        .into_any(),
                        None => view! {
                            <A href="/login">"Log in"</A>
                            <A href="/signup">"Sign up"</A>
                        }
                        .into_any(),
                    }
                })}
            </Suspense>
        </nav>
    }
}
