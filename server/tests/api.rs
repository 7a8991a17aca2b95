//! The JSON API over real HTTP against a real SQLite file: sign-up rules,
//! logging in, bearer tokens (good, tampered, wrong salt, expired) and
//! reading annotations page by page.

mod common;

use common::TestServer;
use reqwest::StatusCode;
use serde_json::{json, Value};
use server::token::{Signer, USER_SOCKET_SALT};

async fn post(server: &TestServer, path: &str, body: Value) -> (StatusCode, Value) {
    let response = reqwest::Client::new().post(server.url(path)).json(&body).send().await.unwrap();
    let status = response.status();
    (status, response.json().await.unwrap())
}

async fn sign_up(server: &TestServer, username: &str) -> Value {
    let (status, body) =
        post(server, "/api/users", json!({"name": "Test User", "username": username, "password": "secret-password"})).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    body
}

async fn log_in(server: &TestServer, username: &str) -> String {
    let (status, body) = post(server, "/api/sessions", json!({"username": username, "password": "secret-password"})).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body["token"].as_str().unwrap().to_owned()
}

async fn add_video(server: &TestServer, token: Option<&str>, body: Value) -> (StatusCode, Value) {
    let mut request = reqwest::Client::new().post(server.url("/api/videos")).json(&body);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.unwrap();
    let status = response.status();
    (status, response.json().await.unwrap())
}

#[tokio::test]
async fn signing_up_validates_each_field_and_refuses_a_taken_username() {
    let server = TestServer::start().await;
    let created = sign_up(&server, "alice").await;
    assert_eq!(created["username"], "alice");
    assert!(created["id"].as_i64().unwrap() > 0);
    assert!(created.get("password_hash").is_none());

    let (status, body) = post(&server, "/api/users", json!({"name": "", "username": "no spaces", "password": "short"})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["errors"]["name"], json!(["can't be blank"]));
    assert_eq!(body["errors"]["username"], json!(["may contain only letters, digits, _ and -"]));
    assert_eq!(body["errors"]["password"], json!(["should be at least 8 characters"]));

    let (status, body) =
        post(&server, "/api/users", json!({"name": "N", "username": "a".repeat(21), "password": "p".repeat(101)})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["errors"]["username"], json!(["should be at most 20 characters"]));
    assert_eq!(body["errors"]["password"], json!(["should be at most 100 characters"]));

    let (status, body) = post(&server, "/api/users", json!({})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "missing fields are blank fields");
    assert_eq!(body["errors"]["username"], json!(["can't be blank"]));

    let (status, body) =
        post(&server, "/api/users", json!({"name": "Other", "username": "alice", "password": "another-password"})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["errors"]["username"], json!(["has already been taken"]));

    let garbage = reqwest::Client::new()
        .post(server.url("/api/users"))
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(garbage.status(), StatusCode::BAD_REQUEST);
    assert!(garbage.json::<Value>().await.unwrap()["errors"]["body"].is_array());
    server.stop().await;
}

#[tokio::test]
async fn logging_in_returns_a_socket_token_and_a_session_cookie() {
    let server = TestServer::start().await;
    let user_id = sign_up(&server, "bob").await["id"].as_i64().unwrap();
    let response = reqwest::Client::new()
        .post(server.url("/api/sessions"))
        .json(&json!({"username": "bob", "password": "secret-password"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let cookie = response.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(cookie.starts_with("rumbl_session="), "{cookie}");
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"), "{cookie}");
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["user"], json!({"id": user_id, "username": "bob"}));
    let token = body["token"].as_str().unwrap();
    let signer = Signer::new(&server.secret_key_base, USER_SOCKET_SALT);
    assert_eq!(signer.verify(token, server.config.token_max_age()), Ok(user_id), "a user-socket token for bob");

    for wrong in [json!({"username": "bob", "password": "wrong-password"}), json!({"username": "nobody", "password": "secret-password"})] {
        let (status, body) = post(&server, "/api/sessions", wrong).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        assert_eq!(body["errors"]["detail"], json!(["invalid username or password"]), "the same words either way");
    }
    server.stop().await;
}

#[tokio::test]
async fn adding_a_video_needs_a_valid_unexpired_token_of_the_right_salt() {
    let server = TestServer::start().await;
    let user_id = sign_up(&server, "carol").await["id"].as_i64().unwrap();
    let token = log_in(&server, "carol").await;
    let video = json!({"title": "My First Video!", "url": "https://example.com/first.mp4", "category": "Comedy"});

    let (status, _) = add_video(&server, None, video.clone()).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "no token");
    let mut tampered = token.clone();
    tampered.insert(0, 'x');
    let other_salt = Signer::new(&server.secret_key_base, "user session").sign(user_id);
    let other_secret = Signer::new("some-other-secret-key-base-0123456789-0123456789", USER_SOCKET_SALT).sign(user_id);
    let fifteen_days_ago = chrono::Utc::now().timestamp_millis() - 15 * 24 * 60 * 60 * 1000;
    let expired = Signer::new(&server.secret_key_base, USER_SOCKET_SALT).sign_at(user_id, fifteen_days_ago);
    for (what, bad) in [("tampered", tampered), ("other salt", other_salt), ("other secret", other_secret), ("expired", expired)] {
        let (status, body) = add_video(&server, Some(&bad), video.clone()).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{what}: {body}");
    }

    let (status, body) = add_video(&server, Some(&token), video).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let id = body["id"].as_i64().unwrap();
    assert_eq!(body["slug"], "my-first-video");
    assert_eq!(body["watch_url"], format!("/watch/{id}-my-first-video"));
    let stored = app::db::queries::get_video(&server.db, id).await.unwrap().unwrap();
    assert_eq!((stored.user_id, stored.category.as_deref()), (user_id, Some("Comedy")));
    let page = reqwest::get(server.url(body["watch_url"].as_str().unwrap())).await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);

    let (status, body) = add_video(&server, Some(&token), json!({"title": " ", "url": "javascript:alert(1)", "category": "Nope"})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["errors"]["title"], json!(["can't be blank"]));
    assert_eq!(body["errors"]["url"], json!(["should start with http://, https:// or /"]));
    assert_eq!(body["errors"]["category"], json!(["is not one of the categories"]));
    server.stop().await;
}

#[tokio::test]
async fn annotations_come_in_playback_order_whole_or_by_page() {
    let server = TestServer::start().await;
    let video = app::db::queries::list_videos(&server.db).await.unwrap().pop().unwrap();
    let user = server.insert_user("annotator").await;
    // One more, pinned before all the demo's, so that id order and playback order differ.
    let early = app::db::queries::insert_annotation(&server.db, &user, video.id, "first!", 0).await.unwrap();

    let path = format!("/api/videos/{}/annotations", video.id);
    let all: Value = reqwest::get(server.url(&path)).await.unwrap().json().await.unwrap();
    let all = all["annotations"].as_array().unwrap().clone();
    assert_eq!(all.len(), 13);
    assert_eq!(all[0]["id"], early.id);
    assert_eq!(all[0]["user"], json!({"id": user.id, "username": "annotator"}));
    let keys: Vec<(i64, i64)> = all.iter().map(|a| (a["at"].as_i64().unwrap(), a["id"].as_i64().unwrap())).collect();
    assert!(keys.windows(2).all(|w| w[0] < w[1]), "sorted by at, then id");

    let mut gathered = Vec::new();
    let mut after_id = 0;
    loop {
        let page: Value =
            reqwest::get(server.url(&format!("{path}?limit=5&after_id={after_id}"))).await.unwrap().json().await.unwrap();
        let annotations = page["annotations"].as_array().unwrap();
        assert!(annotations.len() <= 5);
        gathered.extend(annotations.iter().map(|a| a["id"].as_i64().unwrap()));
        match page["next_after_id"].as_i64() {
            Some(next) => after_id = next,
            None => break,
        }
    }
    gathered.sort();
    let mut expected: Vec<i64> = keys.iter().map(|(_, id)| *id).collect();
    expected.sort();
    assert_eq!(gathered, expected, "the pages together hold every annotation once");

    for (query, status) in [("?limit=0", StatusCode::UNPROCESSABLE_ENTITY), ("?limit=abc", StatusCode::BAD_REQUEST)] {
        assert_eq!(reqwest::get(server.url(&format!("{path}{query}"))).await.unwrap().status(), status, "{query}");
    }
    for missing in ["/api/videos/999999/annotations", "/api/videos/abc/annotations"] {
        assert_eq!(reqwest::get(server.url(missing)).await.unwrap().status(), StatusCode::NOT_FOUND, "{missing}");
    }
    server.stop().await;
}
