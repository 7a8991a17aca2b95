//! The VideoChannel over real WebSockets against the real server and its
//! SQLite file: history on join, posting, broadcasting, validation, guests.

mod common;
mod phx;

use common::TestServer;
use sea_orm::EntityTrait;
use serde_json::{json, Value};

async fn first_video(server: &TestServer) -> app::models::Video {
    app::db::queries::list_videos(&server.db).await.unwrap().pop().expect("a demo video")
}

fn ids(annotations: &Value) -> Vec<i64> {
    annotations.as_array().expect("a list").iter().map(|a| a["id"].as_i64().unwrap()).collect()
}

#[tokio::test]
async fn a_join_sends_the_video_history_in_playback_order() {
    let server = TestServer::start().await;
    let video = first_video(&server).await;
    let mut client = phx::connect(server.addr, None).await;
    let (_, reply) = client.join_ok(&format!("videos:{}", video.id), json!({})).await;
    let annotations = reply["annotations"].as_array().expect("annotations").clone();
    let stored = app::db::queries::annotations_after(&server.db, video.id, 0, 1000).await.unwrap();
    assert!(!stored.is_empty(), "the demo has annotations");
    assert_eq!(annotations, serde_json::to_value(&stored).unwrap().as_array().unwrap().clone());
    let order: Vec<(i64, i64)> = annotations.iter().map(|a| (a["at"].as_i64().unwrap(), a["id"].as_i64().unwrap())).collect();
    let mut sorted = order.clone();
    sorted.sort();
    assert_eq!(order, sorted, "ordered by at, then id");
    let first = &annotations[0];
    assert!(first["body"].is_string() && first["user"]["id"].is_i64() && first["user"]["username"] == "demo", "{first}");
    server.stop().await;
}

#[tokio::test]
async fn last_seen_id_limits_the_history_to_newer_annotations() {
    let server = TestServer::start().await;
    let video = first_video(&server).await;
    let topic = format!("videos:{}", video.id);
    let mut client = phx::connect(server.addr, None).await;
    let (_, all) = client.join_ok(&topic, json!({})).await;
    let mut all_ids = ids(&all["annotations"]);
    all_ids.sort();
    let last_seen = all_ids[all_ids.len() / 2];
    let (_, newer) = client.join_ok(&topic, json!({ "last_seen_id": last_seen })).await;
    let mut newer_ids = ids(&newer["annotations"]);
    newer_ids.sort();
    assert_eq!(newer_ids, all_ids.iter().copied().filter(|id| *id > last_seen).collect::<Vec<_>>());
    let (_, (status, response)) = client.join(&topic, json!({ "last_seen_id": "seven" })).await;
    assert_eq!((status.as_str(), response), ("error", json!({"reason": "last_seen_id must be an integer"})));
    server.stop().await;
}

#[tokio::test]
async fn the_history_is_capped_by_the_configured_limit() {
    let server = TestServer::start_with(|config| config.socket.join_history_limit = 3).await;
    let video = first_video(&server).await;
    let mut client = phx::connect(server.addr, None).await;
    let (_, reply) = client.join_ok(&format!("videos:{}", video.id), json!({})).await;
    assert_eq!(ids(&reply["annotations"]).len(), 3);
    server.stop().await;
}

#[tokio::test]
async fn a_new_annotation_reaches_every_watcher_and_the_pusher_gets_its_id() {
    let server = TestServer::start().await;
    let video = first_video(&server).await;
    let topic = format!("videos:{}", video.id);
    let alice = server.insert_user("alice").await;
    let mut pusher = phx::connect(server.addr, Some(&server.socket_token(alice.id))).await;
    let mut watcher = phx::connect(server.addr, None).await;
    let (join_ref, _) = pusher.join_ok(&topic, json!({})).await;
    watcher.join_ok(&topic, json!({})).await;

    let body = "  <b>bold</b> & \"quoted\"  ";
    let push_ref = pusher.push(Some(&join_ref), &topic, "new_annotation", json!({"body": body, "at": 1500})).await;
    let expected_user = json!({"id": alice.id, "username": "alice"});
    for client in [&mut pusher, &mut watcher] {
        let broadcast = client.recv_where(|m| m.event == "new_annotation").await;
        assert_eq!(broadcast.topic, topic);
        assert_eq!(broadcast.payload["body"], "<b>bold</b> & \"quoted\"", "trimmed, never escaped");
        assert_eq!(broadcast.payload["at"], 1500);
        assert_eq!(broadcast.payload["user"], expected_user);
    }
    let (status, response) = pusher.reply(&push_ref).await;
    assert_eq!(status, "ok");
    let id = response["id"].as_i64().expect("the new id");
    let stored = app::db::annotation::Entity::find_by_id(id).one(&server.db).await.unwrap().expect("saved");
    assert_eq!((stored.body.as_str(), stored.at, stored.user_id, stored.video_id), ("<b>bold</b> & \"quoted\"", 1500, alice.id, video.id));
    server.stop().await;
}

#[tokio::test]
async fn invalid_annotations_get_a_map_of_errors_and_are_not_saved() {
    let server = TestServer::start().await;
    let video = first_video(&server).await;
    let topic = format!("videos:{}", video.id);
    let bob = server.insert_user("bob").await;
    let mut client = phx::connect(server.addr, Some(&server.socket_token(bob.id))).await;
    let (join_ref, _) = client.join_ok(&topic, json!({})).await;
    let cases = [
        (json!({"body": "   ", "at": 10}), json!({"body": ["can't be blank"]})),
        (json!({"body": "x".repeat(1001), "at": 10}), json!({"body": ["should be at most 1000 character(s)"]})),
        (json!({"body": "fine", "at": -5}), json!({"at": ["must be greater than or equal to 0"]})),
        (json!({"body": "fine", "at": 2.5}), json!({"at": ["must be a whole number of milliseconds"]})),
        (json!({}), json!({"body": ["can't be blank"], "at": ["can't be blank"]})),
    ];
    for (payload, errors) in cases {
        let (status, response) = client.call(Some(&join_ref), &topic, "new_annotation", payload.clone()).await;
        assert_eq!((status.as_str(), response), ("error", json!({ "errors": errors })), "{payload}");
    }
    let (status, _) = client.call(Some(&join_ref), &topic, "new_annotation", json!({"body": "x".repeat(1000), "at": 0})).await;
    assert_eq!(status, "ok", "1000 characters is allowed");
    let saved = app::db::queries::annotations_after(&server.db, video.id, 0, 1000).await.unwrap();
    assert_eq!(saved.iter().filter(|a| a.user.id == bob.id).count(), 1, "only the valid one was saved");
    server.stop().await;
}

#[tokio::test]
async fn a_guest_reads_but_may_not_post() {
    let server = TestServer::start().await;
    let video = first_video(&server).await;
    let topic = format!("videos:{}", video.id);
    let mut guest = phx::connect(server.addr, None).await;
    let (join_ref, reply) = guest.join_ok(&topic, json!({})).await;
    assert!(!ids(&reply["annotations"]).is_empty());
    let (status, response) = guest.call(Some(&join_ref), &topic, "new_annotation", json!({"body": "hi", "at": 1})).await;
    assert_eq!((status.as_str(), response), ("error", json!({"reason": "unauthorized"})));
    server.stop().await;
}

#[tokio::test]
async fn unknown_or_malformed_video_ids_are_refused_and_the_socket_stays_up() {
    let server = TestServer::start().await;
    let mut client = phx::connect(server.addr, None).await;
    for topic in ["videos:999999", "videos:abc", "videos:", "videos:1.5"] {
        let (_, (status, response)) = client.join(topic, json!({})).await;
        assert_eq!((status.as_str(), response), ("error", json!({"reason": "video not found"})), "{topic}");
    }
    assert_eq!(client.heartbeat().await.0, "ok", "the socket is still up");
    server.stop().await;
}

#[tokio::test]
async fn a_failing_handler_errors_only_its_own_channel() {
    let server = TestServer::start().await;
    let videos = app::db::queries::list_videos(&server.db).await.unwrap();
    let (doomed, other) = (&videos[0], &videos[1]);
    let carol = server.insert_user("carol").await;
    let mut client = phx::connect(server.addr, Some(&server.socket_token(carol.id))).await;
    let doomed_topic = format!("videos:{}", doomed.id);
    let other_topic = format!("videos:{}", other.id);
    let (doomed_ref, _) = client.join_ok(&doomed_topic, json!({})).await;
    let (other_ref, _) = client.join_ok(&other_topic, json!({})).await;

    // The video disappears under the joined channel: the insert now fails
    // on its foreign key, a database error inside the handler.
    app::db::video::Entity::delete_by_id(doomed.id).exec(&server.db).await.unwrap();
    client.push(Some(&doomed_ref), &doomed_topic, "new_annotation", json!({"body": "into the void", "at": 1})).await;
    let error = client.recv_where(|m| m.event == "phx_error").await;
    assert_eq!((error.topic.as_str(), error.join_ref.as_deref()), (doomed_topic.as_str(), Some(doomed_ref.as_str())));

    let (status, _) = client.call(Some(&other_ref), &other_topic, "new_annotation", json!({"body": "still here", "at": 1})).await;
    assert_eq!(status, "ok", "the other channel goes on");
    assert_eq!(client.heartbeat().await.0, "ok", "the socket goes on");
    let (_, (status, response)) = client.join(&doomed_topic, json!({})).await;
    assert_eq!((status.as_str(), response), ("error", json!({"reason": "video not found"})), "a rejoin is answered");
    server.stop().await;
}
