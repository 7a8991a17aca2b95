//! `/login`: the log-in form. It posts to the server's `/login` handler,
//! which starts a session, or answers this page again with "invalid username
//! or password" and the username kept.

use crate::account_api::page_state;
use crate::pages::form_parts::{CsrfField, FormError, TextField};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

#[component]
pub fn LoginPage() -> impl IntoView {
    let state = Resource::new(|| (), |_| page_state());
    view! {
        <Title text="Log in · Rumbl"/>
        <h1>"Log in"</h1>
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                let state = state.await.unwrap_or_default();
                let echo = state.echo.unwrap_or_default();
                view! {
                    <form method="post" action="/login" class="account-form">
                        <CsrfField token=state.viewer.csrf_token/>
                        <FormError echo=echo.clone()/>
                        <TextField label="Username" name="username" echo=echo.clone() required=true/>
                        <TextField label="Password" name="password" kind="password" echo=echo required=true/>
                        <button type="submit">"Log in"</button>
                    </form>
                    <p>"New here? "<A href="/signup">"Sign up"</A></p>
                }
            })}
        </Suspense>
    }
}
