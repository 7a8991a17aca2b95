//! The browser entry point: the wasm module that hydrates the server-rendered
//! page. Everything it runs lives in the shared `app` crate; this crate only
//! exists so that cargo-leptos has a `cdylib` to hand to wasm-bindgen.

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(app::App);
}
