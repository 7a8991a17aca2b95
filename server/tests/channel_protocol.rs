//! The Phoenix Channels protocol as the real server speaks it, over real
//! WebSockets: framing, connecting, heartbeats, the join lifecycle, limits
//! and resilience to bad input.

mod common;
mod phx;

use common::TestServer;
use phx::Ended;
use serde_json::json;
use std::time::Duration;

async fn video_topic(server: &TestServer) -> String {
    let video = app::db::queries::list_videos(&server.db).await.unwrap().pop().expect("a demo video");
    format!("videos:{}", video.id)
}

#[tokio::test]
async fn v2_frames_are_arrays_and_replies_carry_both_refs() {
    let server = TestServer::start().await;
    let topic = video_topic(&server).await;
    let mut client = phx::connect(server.addr, None).await;
    client.send_raw(&format!(r#"["7","8","{topic}","phx_join",{{}}]"#)).await;
    let frame = match tokio::time::timeout(phx::RECEIVE_LIMIT, futures_util::StreamExt::next(&mut client.ws)).await {
        Ok(Some(Ok(tokio_tungstenite::tungstenite::Message::Text(text)))) => text.to_string(),
        other => panic!("expected a text frame, got {other:?}"),
    };
    let value: serde_json::Value = serde_json::from_str(&frame).unwrap();
    assert_eq!(value[0], "7");
    assert_eq!(value[1], "8");
    assert_eq!(value[2], topic.as_str());
    assert_eq!(value[3], "phx_reply");
    assert_eq!(value[4]["status"], "ok");
    assert!(value[4]["response"]["annotations"].is_array());
    server.stop().await;
}

#[tokio::test]
async fn v1_frames_are_objects_with_or_without_a_vsn() {
    let server = TestServer::start().await;
    let topic = video_topic(&server).await;
    for query in ["vsn=1.0.0", ""] {
        let mut client = phx::try_connect(&phx::socket_url(server.addr, query), None).await.expect("connects");
        client.send_raw(&format!(r#"{{"topic":"{topic}","event":"phx_join","payload":{{}},"ref":"1","join_ref":"1"}}"#)).await;
        let frame = match tokio::time::timeout(phx::RECEIVE_LIMIT, futures_util::StreamExt::next(&mut client.ws)).await {
            Ok(Some(Ok(tokio_tungstenite::tungstenite::Message::Text(text)))) => text.to_string(),
            other => panic!("expected a text frame, got {other:?}"),
        };
        let value: serde_json::Value = serde_json::from_str(&frame).unwrap();
        assert_eq!((value["topic"].as_str(), value["event"].as_str()), (Some(topic.as_str()), Some("phx_reply")), "{query}");
        assert_eq!((value["ref"].as_str(), value["join_ref"].as_str()), (Some("1"), Some("1")));
        assert_eq!(value["payload"]["status"], "ok");
        assert_eq!(client.heartbeat().await, ("ok".to_owned(), json!({})));
    }
    server.stop().await;
}

#[tokio::test]
async fn heartbeats_are_answered_with_an_empty_ok() {
    let server = TestServer::start().await;
    let mut client = phx::connect(server.addr, None).await;
    for _ in 0..3 {
        assert_eq!(client.heartbeat().await, ("ok".to_owned(), json!({})));
    }
    server.stop().await;
}

#[tokio::test]
async fn bad_or_expired_tokens_are_refused_with_403_before_the_upgrade() {
    let server = TestServer::start().await;
    let user = server.insert_user("dave").await;
    let signer = server::token::Signer::new(&server.secret_key_base, server::token::USER_SOCKET_SALT);
    let expired = signer.sign_at(user.id, chrono::Utc::now().timestamp_millis() - 15 * 24 * 3600 * 1000);
    let wrong_salt = server::token::Signer::new(&server.secret_key_base, "user session").sign(user.id);
    for token in ["garbage", expired.as_str(), wrong_salt.as_str()] {
        let url = phx::socket_url(server.addr, &format!("vsn=2.0.0&token={token}"));
        assert_eq!(phx::try_connect(&url, None).await.err(), Some(403), "{token}");
    }
    let good = phx::socket_url(server.addr, &format!("vsn=2.0.0&token={}", server.socket_token(user.id)));
    assert!(phx::try_connect(&good, None).await.is_ok(), "a valid token connects");
    assert!(phx::try_connect(&phx::socket_url(server.addr, "vsn=2.0.0"), None).await.is_ok(), "no token is a guest");
    assert_eq!(phx::try_connect(&phx::socket_url(server.addr, "vsn=9.0.0"), None).await.err(), Some(400));
    server.stop().await;
}

#[tokio::test]
async fn browsers_from_other_origins_are_refused_unless_configured() {
    let server = TestServer::start_with(|config| config.socket.allowed_origins = vec!["https://rumbl.example".into()]).await;
    let url = phx::socket_url(server.addr, "vsn=2.0.0");
    let own = format!("http://{}", server.addr);
    assert_eq!(phx::try_connect(&url, Some("https://evil.example")).await.err(), Some(403));
    assert!(phx::try_connect(&url, Some(&own)).await.is_ok(), "the server's own origin");
    assert!(phx::try_connect(&url, Some("https://rumbl.example")).await.is_ok(), "a configured origin");
    assert!(phx::try_connect(&url, None).await.is_ok(), "no Origin: a native client");
    server.stop().await;
}

#[tokio::test]
async fn unmatched_topics_and_events_before_join_get_an_error_reply() {
    let server = TestServer::start().await;
    let topic = video_topic(&server).await;
    let mut client = phx::connect(server.addr, None).await;
    let unmatched = ("error".to_owned(), json!({"reason": "unmatched topic"}));
    assert_eq!(client.join("rooms:lobby", json!({})).await.1, unmatched);
    assert_eq!(client.call(Some("1"), &topic, "new_annotation", json!({"body": "x", "at": 0})).await, unmatched);
    assert_eq!(client.heartbeat().await.0, "ok");
    server.stop().await;
}

#[tokio::test]
async fn a_duplicate_join_closes_the_old_join_ref_and_the_new_one_wins() {
    let server = TestServer::start().await;
    let topic = video_topic(&server).await;
    let user = server.insert_user("erin").await;
    let mut client = phx::connect(server.addr, Some(&server.socket_token(user.id))).await;
    let (old_ref, _) = client.join_ok(&topic, json!({})).await;
    let (new_ref, (status, _)) = client.join(&topic, json!({})).await;
    assert_eq!(status, "ok");
    assert_ne!(old_ref, new_ref);
    let (status, _) = client.call(Some(&new_ref), &topic, "new_annotation", json!({"body": "after", "at": 3})).await;
    assert_eq!(status, "ok", "the new join serves events");
    server.stop().await;
}

#[tokio::test]
async fn the_old_join_ref_receives_phx_close_on_a_duplicate_join() {
    let server = TestServer::start().await;
    let topic = video_topic(&server).await;
    let mut client = phx::connect(server.addr, None).await;
    let (old_ref, _) = client.join_ok(&topic, json!({})).await;
    let new_ref = client.next_ref();
    client.push(Some(&new_ref), &topic, "phx_join", json!({})).await;
    let close = client.recv_where(|m| m.event == "phx_close").await;
    assert_eq!((close.topic.as_str(), close.join_ref.as_deref()), (topic.as_str(), Some(old_ref.as_str())));
    let reply = client.recv_where(|m| m.event == "phx_reply").await;
    assert_eq!((reply.join_ref.as_deref(), reply.payload["status"].as_str()), (Some(new_ref.as_str()), Some("ok")));
    server.stop().await;
}

#[tokio::test]
async fn leave_replies_ok_then_closes_and_a_quick_rejoin_ends_joined() {
    let server = TestServer::start().await;
    let topic = video_topic(&server).await;
    let user = server.insert_user("frank").await;
    let mut client = phx::connect(server.addr, Some(&server.socket_token(user.id))).await;
    let (first_ref, _) = client.join_ok(&topic, json!({})).await;
    let leave_ref = client.push(Some(&first_ref), &topic, "phx_leave", json!({})).await;
    let (status, _) = client.reply(&leave_ref).await;
    assert_eq!(status, "ok");
    let close = client.recv_where(|m| m.event == "phx_close").await;
    assert_eq!(close.join_ref.as_deref(), Some(first_ref.as_str()));
    let after_leave = client.call(Some(&first_ref), &topic, "new_annotation", json!({"body": "x", "at": 0})).await;
    assert_eq!(after_leave.1, json!({"reason": "unmatched topic"}), "left means no longer joined");

    // Join, leave, join without waiting in between.
    let (a, c) = (client.next_ref(), client.next_ref());
    client.push(Some(&a), &topic, "phx_join", json!({})).await;
    client.push(Some(&a), &topic, "phx_leave", json!({})).await;
    client.push(Some(&c), &topic, "phx_join", json!({})).await;
    let rejoin = client.recv_where(|m| m.event == "phx_reply" && m.join_ref.as_deref() == Some(c.as_str())).await;
    assert_eq!(rejoin.payload["status"], "ok");
    let (status, _) = client.call(Some(&c), &topic, "new_annotation", json!({"body": "joined", "at": 0})).await;
    assert_eq!(status, "ok", "the last join is the one in force");
    server.stop().await;
}

#[tokio::test]
async fn an_oversize_frame_closes_only_that_socket_with_1009() {
    let server = TestServer::start_with(|config| config.socket.max_frame_bytes = 1024).await;
    let topic = video_topic(&server).await;
    let mut bystander = phx::connect(server.addr, None).await;
    bystander.join_ok(&topic, json!({})).await;
    let mut offender = phx::connect(server.addr, None).await;
    let big = format!(r#"[null,"1","{topic}","new_annotation",{{"body":"{}","at":0}}]"#, "x".repeat(2000));
    offender.send_raw(&big).await;
    assert_eq!(offender.ended(Duration::from_secs(5)).await, Ended::Closed(Some(1009)));
    assert_eq!(bystander.heartbeat().await.0, "ok", "the other socket did not notice");
    let small = format!(r#"[null,"1","{topic}","new_annotation",{{"body":"{}","at":0}}]"#, "x".repeat(900));
    let mut fine = phx::connect(server.addr, None).await;
    fine.send_raw(&small).await;
    assert_eq!(fine.recv().await.payload["response"], json!({"reason": "unmatched topic"}), "under the limit is read");
    server.stop().await;
}

#[tokio::test]
async fn a_burst_of_malformed_frames_is_dropped_and_nothing_else_notices() {
    let server = TestServer::start().await;
    let topic = video_topic(&server).await;
    let mut bystander = phx::connect(server.addr, None).await;
    bystander.join_ok(&topic, json!({})).await;
    let mut client = phx::connect(server.addr, None).await;
    let garbage = ["not json", "{}", "[]", "[1,2,3]", "null", "[null,null,null,null,null]", r#"["1","2",3,"e",{}]"#, "\u{0}\u{1}", "[[[[[[[[]]]]]]]]"];
    for _ in 0..50 {
        for frame in garbage {
            client.send_raw(frame).await;
        }
    }
    futures_util::SinkExt::send(&mut client.ws, tokio_tungstenite::tungstenite::Message::binary(vec![0u8, 159, 146, 150])).await.unwrap();
    // One whose ref and topic can be read is answered.
    client.send_raw(&format!(r#"["1","answer-me","{topic}",42,{{}}]"#)).await;
    let (status, response) = client.reply("answer-me").await;
    assert_eq!((status.as_str(), response), ("error", json!({"reason": "malformed message"})));
    assert_eq!(client.heartbeat().await.0, "ok", "the sender is still served");
    assert_eq!(bystander.heartbeat().await.0, "ok", "others did not notice");
    assert_eq!(reqwest::get(server.url("/healthz")).await.unwrap().status(), 200);
    server.stop().await;
}

#[tokio::test]
async fn a_silent_socket_is_closed_after_the_idle_timeout() {
    let server = TestServer::start_with(|config| config.socket.idle_timeout_secs = 1).await;
    let mut silent = phx::connect(server.addr, None).await;
    assert!(matches!(silent.ended(Duration::from_secs(10)).await, Ended::Closed(_)));
    server.stop().await;
}

#[tokio::test]
async fn disconnecting_a_socket_id_closes_every_socket_of_that_user_only() {
    let server = TestServer::start().await;
    let gina = server.insert_user("gina").await;
    let hank = server.insert_user("hank").await;
    let mut gina_tab1 = phx::connect(server.addr, Some(&server.socket_token(gina.id))).await;
    let mut gina_tab2 = phx::connect(server.addr, Some(&server.socket_token(gina.id))).await;
    let mut hank_tab = phx::connect(server.addr, Some(&server.socket_token(hank.id))).await;
    for client in [&mut gina_tab1, &mut gina_tab2, &mut hank_tab] {
        assert_eq!(client.heartbeat().await.0, "ok");
    }
    server.endpoint().disconnect(&format!("users_socket:{}", gina.id));
    assert!(matches!(gina_tab1.ended(Duration::from_secs(5)).await, Ended::Closed(_)));
    assert!(matches!(gina_tab2.ended(Duration::from_secs(5)).await, Ended::Closed(_)));
    assert_eq!(hank_tab.heartbeat().await.0, "ok");
    server.stop().await;
}

#[tokio::test]
async fn shutdown_closes_open_sockets_so_the_server_can_stop() {
    let server = TestServer::start().await;
    let topic = video_topic(&server).await;
    let mut client = phx::connect(server.addr, None).await;
    client.join_ok(&topic, json!({})).await;
    let stopped = tokio::spawn(server.stop_and_wait());
    assert!(matches!(client.ended(Duration::from_secs(5)).await, Ended::Closed(Some(1001))));
    assert!(stopped.await.unwrap(), "the server finished its graceful shutdown");
}
