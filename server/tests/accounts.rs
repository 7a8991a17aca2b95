//! Accounts through the HTML forms, over real HTTP with a real SQLite file:
//! validation shown on the form with the values kept, the one login error,
//! CSRF refusal, the header and the user-token meta tag, logout revoking
//! the session for real, and another user's video answering 404.

mod browser;
mod common;

use browser::{csrf_in, user_token_in, Browser};
use common::TestServer;
use reqwest::StatusCode;
use server::token::{Signer, USER_SOCKET_SALT};

const PASSWORD: &str = "a-good-password";

#[tokio::test]
async fn sign_up_errors_are_shown_on_the_form_with_the_values_kept() {
    let server = TestServer::start().await;
    let mut browser = Browser::new(server.url(""));
    let csrf = browser.csrf_token("/signup").await;
    let (status, _, html) = browser
        .post_form("/signup", &[("csrf_token", &csrf), ("name", "Zoë Q"), ("username", "bad name!"), ("password", "hunter2-secret-x")])
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("may contain only letters, digits, _ and -"), "{html}");
    assert!(html.contains("value=\"Zoë Q\""), "the name is kept");
    assert!(html.contains("value=\"bad name!\""), "the username is kept");
    assert!(!html.contains("hunter2-secret-x"), "the password is not sent back");

    browser.sign_up("taken", PASSWORD).await;
    let mut other = Browser::new(server.url(""));
    let csrf = other.csrf_token("/signup").await;
    let (status, _, html) =
        other.post_form("/signup", &[("csrf_token", &csrf), ("name", "N"), ("username", "taken"), ("password", PASSWORD)]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("has already been taken"), "{html}");
    server.stop().await;
}

#[tokio::test]
async fn a_failed_login_says_the_same_thing_whichever_part_was_wrong() {
    let server = TestServer::start().await;
    Browser::new(server.url("")).sign_up("dora", PASSWORD).await;
    for (username, password) in [("dora", "wrong-password"), ("nobody", PASSWORD)] {
        let mut browser = Browser::new(server.url(""));
        let csrf = browser.csrf_token("/login").await;
        let (status, _, html) =
            browser.post_form("/login", &[("csrf_token", &csrf), ("username", username), ("password", password)]).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        assert!(html.contains("invalid username or password"), "{html}");
        assert!(html.contains(&format!("value=\"{username}\"")), "the username is kept");
        assert!(!browser.cookies.contains_key("rumbl_session"));
    }
    let mut browser = Browser::new(server.url(""));
    let csrf = browser.csrf_token("/login").await;
    let (status, location, _) =
        browser.post_form("/login", &[("csrf_token", &csrf), ("username", "dora"), ("password", PASSWORD)]).await;
    assert_eq!((status, location.as_deref()), (StatusCode::SEE_OTHER, Some("/manage/videos")));
    assert!(browser.cookies.contains_key("rumbl_session"));
    server.stop().await;
}

#[tokio::test]
async fn forms_without_the_right_csrf_token_are_refused() {
    let server = TestServer::start().await;
    let mut browser = Browser::new(server.url(""));
    browser.csrf_token("/signup").await;
    let fields = [("name", "N"), ("username", "forged"), ("password", PASSWORD)];
    let (status, _, _) = browser.post_form("/signup", &fields).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "no token");
    let mut with_wrong = vec![("csrf_token", "00ff")];
    with_wrong.extend_from_slice(&fields);
    let (status, _, _) = browser.post_form("/signup", &with_wrong).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "a wrong token");

    // Another browser's token does not fit this browser's cookie.
    let mut other = Browser::new(server.url(""));
    let others = other.csrf_token("/signup").await;
    let mut with_others = vec![("csrf_token", others.as_str())];
    with_others.extend_from_slice(&fields);
    let (status, _, _) = browser.post_form("/signup", &with_others).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "another browser's token");
    assert!(server::accounts::users::authenticate(&server.db, "forged", PASSWORD).await.unwrap().is_none());
    server.stop().await;
}

#[tokio::test]
async fn logged_in_pages_carry_the_user_and_a_socket_token_and_guests_none() {
    let server = TestServer::start().await;
    let (_, guest_html) = Browser::new(server.url("")).get("/").await;
    assert!(user_token_in(&guest_html).is_none(), "a guest's page has no user-token");
    assert!(guest_html.contains("href=\"/login\""));

    let mut browser = Browser::new(server.url(""));
    browser.sign_up("erin", PASSWORD).await;
    let (status, html) = browser.get("/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("<strong>erin</strong>"), "the header says who is logged in");
    assert!(html.contains("action=\"/logout\""), "with a log-out form");
    let token = user_token_in(&html).expect("a logged-in page has a user-token");
    let user = server::accounts::users::authenticate(&server.db, "erin", PASSWORD).await.unwrap().unwrap();
    let signer = Signer::new(&server.secret_key_base, USER_SOCKET_SALT);
    assert_eq!(signer.verify(&token, server.config.token_max_age()), Ok(user.id));
    server.stop().await;
}

#[tokio::test]
async fn logging_out_ends_the_session_for_real() {
    let server = TestServer::start().await;
    let mut browser = Browser::new(server.url(""));
    browser.sign_up("fred", PASSWORD).await;
    let old_cookie = browser.cookies["rumbl_session"].clone();
    let (_, html) = browser.get("/manage/videos").await;
    assert!(html.contains("Add a video by URL"), "logged in: {html}");
    let csrf = csrf_in(&html).unwrap();
    let (status, location, _) = browser.post_form("/logout", &[("csrf_token", &csrf)]).await;
    assert_eq!((status, location.as_deref()), (StatusCode::SEE_OTHER, Some("/")));
    assert!(!browser.cookies.contains_key("rumbl_session"), "the browser is told to forget it");

    // Replaying the old cookie, as a thief would, no longer works.
    browser.cookies.insert("rumbl_session".into(), old_cookie);
    let (_, html) = browser.get("/manage/videos").await;
    assert!(html.contains("to manage your videos"), "the old cookie is a guest's: {html}");
    assert!(user_token_in(&html).is_none());
    let csrf = csrf_in(&html).unwrap_or_default();
    let (status, location, _) = browser
        .post_form("/manage/videos", &[("csrf_token", &csrf), ("title", "T"), ("url", "https://example.com/v.mp4")])
        .await;
    assert_eq!((status, location.as_deref()), (StatusCode::SEE_OTHER, Some("/login")));
    server.stop().await;
}

#[tokio::test]
async fn users_add_edit_and_delete_their_own_videos_and_others_answer_404() {
    let server = TestServer::start().await;
    let mut owner = Browser::new(server.url(""));
    owner.sign_up("gina", PASSWORD).await;
    let csrf = owner.csrf_token("/manage/videos/new").await;

    let (status, _, html) =
        owner.post_form("/manage/videos", &[("csrf_token", &csrf), ("title", ""), ("url", "https://example.com/a.mp4")]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("can't be blank") && html.contains("value=\"https://example.com/a.mp4\""), "{html}");

    let (status, location, _) = owner
        .post_form(
            "/manage/videos",
            &[("csrf_token", &csrf), ("title", "Elixir Rocks"), ("url", "https://example.com/a.mp4"), ("description", "d"), ("category", "")],
        )
        .await;
    assert_eq!((status, location.as_deref()), (StatusCode::SEE_OTHER, Some("/manage/videos")));
    let (_, list) = owner.get("/manage/videos").await;
    let user = server::accounts::users::authenticate(&server.db, "gina", PASSWORD).await.unwrap().unwrap();
    let video = app::db::owned_videos::list(&server.db, user.id).await.unwrap().pop().unwrap();
    assert_eq!(video.slug, "elixir-rocks");
    assert!(list.contains(&format!("href=\"/watch/{}-elixir-rocks\"", video.id)), "{list}");

    let edit = format!("/manage/videos/{}", video.id);
    let (status, _) = owner.get(&format!("{edit}/edit")).await;
    assert_eq!(status, StatusCode::OK);
    let (status, location, _) = owner
        .post_form(&edit, &[("csrf_token", &csrf), ("title", "Elixir Really Rocks"), ("url", "https://example.com/b.mp4")])
        .await;
    assert_eq!((status, location.as_deref()), (StatusCode::SEE_OTHER, Some("/manage/videos")));
    let edited = app::db::queries::get_video(&server.db, video.id).await.unwrap().unwrap();
    assert_eq!((edited.slug.as_str(), edited.url.as_str()), ("elixir-really-rocks", "https://example.com/b.mp4"));

    let mut intruder = Browser::new(server.url(""));
    intruder.sign_up("hank", PASSWORD).await;
    let their_csrf = intruder.csrf_token("/manage/videos").await;
    let (status, _) = intruder.get(&format!("{edit}/edit")).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "another's edit page");
    let (status, _, _) =
        intruder.post_form(&edit, &[("csrf_token", &their_csrf), ("title", "Mine now"), ("url", "https://evil.example/x")]).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "another's update");
    let (status, _, _) = intruder.post_form(&format!("{edit}/delete"), &[("csrf_token", &their_csrf)]).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "another's delete");
    assert_eq!(app::db::queries::get_video(&server.db, video.id).await.unwrap(), Some(edited), "untouched");

    let (status, location, _) = owner.post_form(&format!("{edit}/delete"), &[("csrf_token", &csrf)]).await;
    assert_eq!((status, location.as_deref()), (StatusCode::SEE_OTHER, Some("/manage/videos")));
    assert!(app::db::queries::get_video(&server.db, video.id).await.unwrap().is_none());
    server.stop().await;
}
