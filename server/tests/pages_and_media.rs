//! The foundation, end to end over HTTP: pages, the 404, media with Range,
//! health, and the schema's guarantees on a real SQLite file.

mod common;

use common::TestServer;
use migration::{Migrator, MigratorTrait};
use reqwest::StatusCode;

#[tokio::test]
async fn the_watch_page_renders_the_title_and_the_player() {
    let server = TestServer::start().await;
    let video = app::db::queries::list_videos(&server.db).await.unwrap().pop().expect("a demo video");
    for path in [video.watch_path(), format!("/watch/{}", video.id)] {
        let response = reqwest::get(server.url(&path)).await.unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        let html = response.text().await.unwrap();
        assert!(html.contains(&format!("<h1>{}</h1>", video.title)), "{path} shows the title");
        assert!(html.contains("<video"), "{path} has a player");
        assert!(html.contains(&format!("src=\"{}\"", video.url)), "{path} plays the video's url");
    }
    server.stop().await;
}

#[tokio::test]
async fn the_home_page_links_every_video() {
    let server = TestServer::start().await;
    let html = reqwest::get(server.url("/")).await.unwrap().text().await.unwrap();
    for video in app::db::queries::list_videos(&server.db).await.unwrap() {
        assert!(html.contains(&format!("href=\"{}\"", video.watch_path())), "links {}", video.title);
    }
    server.stop().await;
}

#[tokio::test]
async fn unknown_or_malformed_ids_answer_404() {
    let server = TestServer::start().await;
    for path in ["/watch/999999", "/watch/abc", "/watch/0-zero", "/no/such/page"] {
        let response = reqwest::get(server.url(path)).await.unwrap();
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{path}");
        assert!(response.text().await.unwrap().contains("Not found"), "{path} says so");
    }
    server.stop().await;
}

#[tokio::test]
async fn media_answers_range_requests_with_206() {
    let server = TestServer::start().await;
    let full_len = std::fs::metadata(server.config.media_dir.join("city-cc0.webm")).unwrap().len();
    let client = reqwest::Client::new();
    let response = client
        .get(server.url("/media/city-cc0.webm"))
        .header("Range", "bytes=0-99")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::PARTIAL_CONTENT);
    let headers = response.headers().clone();
    assert_eq!(headers["content-range"], format!("bytes 0-99/{full_len}").as_str());
    assert_eq!(headers["content-type"], "video/webm");
    assert!(headers.contains_key("cache-control"));
    assert_eq!(response.bytes().await.unwrap().len(), 100);

    let tail = client
        .get(server.url("/media/city-cc0.webm"))
        .header("Range", format!("bytes={}-", full_len - 10))
        .send()
        .await
        .unwrap();
    assert_eq!(tail.status(), StatusCode::PARTIAL_CONTENT);
    assert_eq!(tail.bytes().await.unwrap().len(), 10);

    let missing = reqwest::get(server.url("/media/nope.webm")).await.unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    server.stop().await;
}

#[tokio::test]
async fn healthz_answers_200_when_the_database_is_reachable() {
    let server = TestServer::start().await;
    let response = reqwest::get(server.url("/healthz")).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    server.stop().await;
}

#[tokio::test]
async fn migrations_applied_twice_change_nothing() {
    let server = TestServer::start().await;
    let before = app::db::queries::list_videos(&server.db).await.unwrap();
    Migrator::up(&server.db, None).await.expect("a second run is a no-op");
    assert!(Migrator::get_pending_migrations(&server.db).await.unwrap().is_empty());
    assert_eq!(app::db::queries::list_videos(&server.db).await.unwrap(), before);
    server.stop().await;
}

#[tokio::test]
async fn foreign_keys_are_enforced() {
    let server = TestServer::start().await;
    let ghost = app::models::User { id: 424_242, username: "ghost".into() };
    let video = app::db::queries::list_videos(&server.db).await.unwrap()[0].clone();
    let refused = app::db::queries::insert_annotation(&server.db, &ghost, video.id, "boo", 0).await;
    assert!(refused.is_err(), "an annotation by a user who does not exist is refused");
    let real = server.insert_user("real").await;
    let refused = app::db::queries::insert_annotation(&server.db, &real, 999_999, "boo", 0).await;
    assert!(refused.is_err(), "an annotation on a video that does not exist is refused");
    server.stop().await;
}

#[tokio::test]
async fn the_demo_is_seeded_once_with_annotations_over_each_video() {
    let server = TestServer::start().await;
    server::seed::seed_demo(&server.db).await.unwrap();
    let videos = app::db::queries::list_videos(&server.db).await.unwrap();
    assert_eq!(videos.len(), 2, "seeding again adds nothing");
    for video in videos {
        let annotations = app::db::queries::annotations_after(&server.db, video.id, 0, 1000).await.unwrap();
        assert_eq!(annotations.len(), 12);
        assert!(annotations.windows(2).all(|w| w[0].at <= w[1].at), "in playback order");
        assert!(annotations.iter().all(|a| a.user.username == server::seed::DEMO_USERNAME));
    }
    server.stop().await;
}
