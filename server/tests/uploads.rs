//! Uploading a video file through the form, over real HTTP: a good upload
//! is listed and served with Range; one over the limit is refused with a
//! clear message and nothing partial left on disk; a forged post writes
//! nothing.

mod browser;
mod common;

use browser::Browser;
use common::TestServer;
use reqwest::multipart::{Form, Part};
use reqwest::StatusCode;

const PASSWORD: &str = "a-good-password";
const LIMIT: u64 = 64 * 1024;

fn upload_form(csrf: &str, title: &str, file: Vec<u8>, file_name: &str) -> Form {
    Form::new()
        .text("csrf_token", csrf.to_owned())
        .text("title", title.to_owned())
        .text("description", "uploaded in a test")
        .text("category", "")
        .part("file", Part::bytes(file).file_name(file_name.to_owned()).mime_str("video/webm").unwrap())
}

/// The first `len` bytes of the demo WebM: a real WebM header.
fn webm_bytes(len: usize) -> Vec<u8> {
    let demo = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../media/city-cc0.webm")).unwrap();
    let mut bytes = demo[..len.min(demo.len())].to_vec();
    bytes.resize(len, 0);
    bytes
}

fn files_in(dir: &std::path::Path) -> Vec<String> {
    match std::fs::read_dir(dir) {
        Ok(entries) => entries.map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect(),
        Err(_) => Vec::new(),
    }
}

#[tokio::test]
async fn an_uploaded_file_is_listed_and_served_with_range() {
    let server = TestServer::start_with(|config| config.upload_limit_bytes = LIMIT).await;
    let mut browser = Browser::new(server.url(""));
    browser.sign_up("ivy", PASSWORD).await;
    let csrf = browser.csrf_token("/manage/videos/upload").await;
    let bytes = webm_bytes(20_000);
    let (status, location, body) = browser.post_multipart("/manage/videos/upload", upload_form(&csrf, "My Upload", bytes.clone(), "clip.webm")).await;
    assert_eq!((status, location.as_deref()), (StatusCode::SEE_OTHER, Some("/manage/videos")), "{body}");

    let user = server::accounts::users::authenticate(&server.db, "ivy", PASSWORD).await.unwrap().unwrap();
    let video = app::db::owned_videos::list(&server.db, user.id).await.unwrap().pop().unwrap();
    assert!(video.url.starts_with("/uploads/") && video.url.ends_with(".webm"), "{}", video.url);
    assert_eq!(video.slug, "my-upload");
    let (_, list) = browser.get("/manage/videos").await;
    assert!(list.contains(&video.watch_path()), "listed");
    assert_eq!(files_in(&server.config.uploads_dir()).len(), 1, "one file, no leftovers");

    let response = reqwest::Client::new().get(server.url(&video.url)).header("Range", "bytes=100-199").send().await.unwrap();
    assert_eq!(response.status(), StatusCode::PARTIAL_CONTENT);
    assert_eq!(response.headers()["content-range"], "bytes 100-199/20000");
    assert_eq!(response.headers()["content-type"], "video/webm");
    assert_eq!(response.bytes().await.unwrap().as_ref(), &bytes[100..200]);
    let (status, _) = browser.get(&video.watch_path()).await;
    assert_eq!(status, StatusCode::OK);

    // Deleting the video removes its file too.
    let (status, _, _) = browser.post_form(&format!("/manage/videos/{}/delete", video.id), &[("csrf_token", &csrf)]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(files_in(&server.config.uploads_dir()).is_empty());
    server.stop().await;
}

#[tokio::test]
async fn an_upload_over_the_limit_is_refused_and_leaves_nothing_on_disk() {
    let server = TestServer::start_with(|config| config.upload_limit_bytes = LIMIT).await;
    let mut browser = Browser::new(server.url(""));
    browser.sign_up("jack", PASSWORD).await;
    let csrf = browser.csrf_token("/manage/videos/upload").await;
    let (status, _, html) =
        browser.post_multipart("/manage/videos/upload", upload_form(&csrf, "Too Big", webm_bytes(LIMIT as usize + 1), "big.webm")).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(html.contains("is larger than the upload limit of 65536 bytes"), "{html}");
    assert!(html.contains("value=\"Too Big\""), "the title is kept");
    assert!(files_in(&server.config.uploads_dir()).is_empty(), "nothing partial left");

    let (status, _, html) =
        browser.post_multipart("/manage/videos/upload", upload_form(&csrf, "Not Video", b"<html>hi</html>".to_vec(), "x.webm")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("should be a WebM or MP4 video"), "{html}");
    assert!(files_in(&server.config.uploads_dir()).is_empty());

    let (status, _, _) =
        browser.post_multipart("/manage/videos/upload", upload_form("00ff", "Forged", webm_bytes(1000), "f.webm")).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(files_in(&server.config.uploads_dir()).is_empty());
    let user = server::accounts::users::authenticate(&server.db, "jack", PASSWORD).await.unwrap().unwrap();
    assert!(app::db::owned_videos::list(&server.db, user.id).await.unwrap().is_empty());
    server.stop().await;
}
