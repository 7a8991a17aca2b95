//! `/signup`: the registration form. It posts to the server's `/signup`
//! handler, which logs the new user in, or answers this page again with the
//! messages and the entered values (never the password).

use crate::account_api::page_state;
use crate::pages::form_parts::{CsrfField, FormError, TextField};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

#[component]
pub fn SignupPage() -> impl IntoView {
    let state = Resource::new(|| (), |_| page_state());
    view! {
        <Title text="Sign up · Rumbl"/>
        <h1>"Sign up"</h1>
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                let state = state.await.unwrap_or_default();
                let echo = state.echo.unwrap_or_default();
                view! {
                    <form method="post" action="/signup" class="account-form">
                        <CsrfField token=state.viewer.csrf_token/>
                        <FormError echo=echo.clone()/>
                        <TextField label="Name" name="name" echo=echo.clone() required=true/>
                        <TextField label="Username" name="username" echo=echo.clone() required=true/>
                        <TextField label="Password" name="password" kind="password" echo=echo required=true/>
                        <button type="submit">"Create account"</button>
                    </form>
                    <p>"Already have an account? "<A href="/login">"Log in"</A></p>
                }
            })}
        </Suspense>
    }
}
