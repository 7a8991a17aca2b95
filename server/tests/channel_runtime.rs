//! The channel runtime on its own, with small channels written for these
//! tests and served over real WebSockets on a free port: isolation of a
//! failing handler, timers (`handle_info`), intercepted broadcasts
//! (`handle_out`), `terminate`, and a client that stops reading.

mod phx;

use serde_json::{json, Value};
use server::channel::{self, Channel, ChannelSocket, Endpoint, JoinError, LocalPubSub, Reply, Router, StopReason};
use server::shutdown::Trigger;
use server::token::{Signer, USER_SOCKET_SALT};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

const SECRET: &str = "runtime-test-secret-key-base-0123456789-0123456789";

/// Fails on demand: `fail` returns an error, `panic` panics, `echo` answers.
struct Fragile;

impl Channel for Fragile {
    type Info = ();
    async fn join(&mut self, _: &str, _: Value, _: &mut ChannelSocket<()>) -> Result<Value, JoinError> {
        Ok(json!({}))
    }
    async fn handle_in(&mut self, event: &str, payload: Value, _: &mut ChannelSocket<()>) -> anyhow::Result<Reply> {
        match event {
            "fail" => anyhow::bail!("failing on purpose"),
            "panic" => panic!("panicking on purpose"),
            _ => Ok(Reply::Ok(payload)),
        }
    }
}

/// The seed's `:ping`: pushes `ping` with a count on a timer.
struct Pinger {
    count: u64,
}

struct Ping;

impl Channel for Pinger {
    type Info = Ping;
    async fn join(&mut self, _: &str, _: Value, socket: &mut ChannelSocket<Ping>) -> Result<Value, JoinError> {
        socket.send_after(Duration::from_millis(10), Ping);
        Ok(json!({}))
    }
    async fn handle_in(&mut self, _: &str, _: Value, _: &mut ChannelSocket<Ping>) -> anyhow::Result<Reply> {
        Ok(Reply::NoReply)
    }
    async fn handle_info(&mut self, _: Ping, socket: &mut ChannelSocket<Ping>) -> anyhow::Result<()> {
        self.count += 1;
        socket.push("ping", json!({ "count": self.count }));
        socket.send_after(Duration::from_millis(10), Ping);
        Ok(())
    }
}

/// A room: `say` broadcasts; `secret` broadcasts are intercepted and shown
/// to signed-in members only; leaving broadcasts `left`; `flood` broadcasts
/// `count` messages of `size` bytes.
struct Room;

impl Channel for Room {
    type Info = ();
    async fn join(&mut self, _: &str, _: Value, _: &mut ChannelSocket<()>) -> Result<Value, JoinError> {
        Ok(json!({}))
    }
    async fn handle_in(&mut self, event: &str, payload: Value, socket: &mut ChannelSocket<()>) -> anyhow::Result<Reply> {
        match event {
            "flood" => {
                let filler = "x".repeat(payload["size"].as_u64().unwrap_or(10) as usize);
                for n in 0..payload["count"].as_u64().unwrap_or(1) {
                    socket.broadcast("flood", json!({ "n": n, "filler": filler }));
                }
            }
            _ => socket.broadcast(event, payload),
        }
        Ok(Reply::Ok(json!({})))
    }
    fn intercepts(&self) -> &'static [&'static str] {
        &["secret"]
    }
    async fn handle_out(&mut self, event: &str, payload: &Value, socket: &mut ChannelSocket<()>) -> anyhow::Result<()> {
        if let Some(user_id) = socket.user_id() {
            socket.push(event, json!({ "for": user_id, "text": payload["text"] }));
        }
        Ok(())
    }
    async fn terminate(&mut self, reason: StopReason, socket: &mut ChannelSocket<()>) {
        if reason == StopReason::Left {
            socket.broadcast("left", json!({ "user": socket.user_id() }));
        }
    }
}

struct Served {
    addr: SocketAddr,
    signer: Signer,
    shutdown: Trigger,
}

async fn serve(outbound_queue: usize) -> Served {
    let router = Router::new()
        .channel("fragile:*", || Fragile)
        .channel("pinger", || Pinger { count: 0 })
        .channel("room:*", || Room);
    let signer = Signer::new(SECRET, USER_SOCKET_SALT);
    let settings = channel::Settings {
        signer: signer.clone(),
        token_max_age: Duration::from_secs(60),
        idle_timeout: Duration::from_secs(60),
        max_frame_bytes: 64 * 1024,
        outbound_queue,
        allowed_origins: Vec::new(),
    };
    let shutdown = Trigger::default();
    let endpoint = Arc::new(Endpoint::new(router, Arc::new(LocalPubSub::default()), settings, shutdown.clone()));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = channel::routes::<()>(endpoint);
    let stop = shutdown.clone();
    tokio::spawn(async move { axum::serve(listener, app).with_graceful_shutdown(stop.fired()).await });
    Served { addr, signer, shutdown }
}

#[tokio::test]
async fn an_error_or_a_panic_ends_only_its_own_channel() {
    let served = serve(64).await;
    let mut client = phx::connect(served.addr, None).await;
    let (other_ref, _) = client.join_ok("fragile:other", json!({})).await;
    for event in ["fail", "panic"] {
        let (join_ref, _) = client.join_ok("fragile:doomed", json!({})).await;
        client.push(Some(&join_ref), "fragile:doomed", event, json!({})).await;
        let error = client.recv_where(|m| m.event == "phx_error").await;
        assert_eq!((error.topic.as_str(), error.join_ref.as_deref()), ("fragile:doomed", Some(join_ref.as_str())), "{event}");
        let echoed = client.call(Some(&other_ref), "fragile:other", "echo", json!({"still": "here"})).await;
        assert_eq!(echoed, ("ok".to_owned(), json!({"still": "here"})), "after {event}, the other channel goes on");
    }
    let (join_ref, _) = client.join_ok("fragile:doomed", json!({})).await;
    let echoed = client.call(Some(&join_ref), "fragile:doomed", "echo", json!({"n": 1})).await;
    assert_eq!(echoed.0, "ok", "a rejoin after a crash works");
    served.shutdown.fire();
}

#[tokio::test]
async fn a_timer_delivers_handle_info_repeatedly() {
    let served = serve(64).await;
    let mut client = phx::connect(served.addr, None).await;
    let (join_ref, _) = client.join_ok("pinger", json!({})).await;
    for expected in 1..=3 {
        let ping = client.recv_where(|m| m.event == "ping").await;
        assert_eq!(ping.payload, json!({ "count": expected }));
        assert_eq!(ping.join_ref.as_deref(), Some(join_ref.as_str()), "pushes carry the join_ref");
    }
    served.shutdown.fire();
}

#[tokio::test]
async fn intercepted_broadcasts_go_through_handle_out_per_subscriber() {
    let served = serve(64).await;
    let mut member = phx::connect(served.addr, Some(&served.signer.sign(7))).await;
    let mut guest = phx::connect(served.addr, None).await;
    member.join_ok("room:1", json!({})).await;
    let (guest_ref, _) = guest.join_ok("room:1", json!({})).await;
    guest.push(Some(&guest_ref), "room:1", "secret", json!({"text": "psst"})).await;
    guest.push(Some(&guest_ref), "room:1", "say", json!({"text": "hello"})).await;
    let secret = member.recv_where(|m| m.event == "secret").await;
    assert_eq!(secret.payload, json!({"for": 7, "text": "psst"}));
    let said = guest.recv_where(|m| m.event == "say" || m.event == "secret").await;
    assert_eq!(said.event, "say", "the guest's handle_out dropped the secret");
    served.shutdown.fire();
}

#[tokio::test]
async fn terminate_runs_when_a_member_leaves() {
    let served = serve(64).await;
    let mut leaver = phx::connect(served.addr, Some(&served.signer.sign(3))).await;
    let mut stayer = phx::connect(served.addr, None).await;
    let (leaver_ref, _) = leaver.join_ok("room:2", json!({})).await;
    stayer.join_ok("room:2", json!({})).await;
    leaver.call(Some(&leaver_ref), "room:2", "phx_leave", json!({})).await;
    let left = stayer.recv_where(|m| m.event == "left").await;
    assert_eq!(left.payload, json!({"user": 3}));
    served.shutdown.fire();
}

#[tokio::test]
async fn a_client_that_stops_reading_is_dropped_and_the_others_keep_receiving() {
    let served = serve(16).await;
    let mut stalled = phx::connect(served.addr, None).await;
    stalled.join_ok("room:busy", json!({})).await;
    let mut reader = phx::connect(served.addr, None).await;
    let (join_ref, _) = reader.join_ok("room:busy", json!({})).await;

    // 100 rounds of 8 broadcasts of 50 KB: 40 MB, far more than the kernel
    // buffers of a socket that nobody reads plus its 16-message queue.
    let (rounds, per_round) = (100u64, 8u64);
    for _ in 0..rounds {
        let msg_ref = reader.push(Some(&join_ref), "room:busy", "flood", json!({"count": per_round, "size": 50_000})).await;
        let mut seen = 0;
        while seen < per_round {
            let message = reader.recv().await;
            if message.event == "flood" {
                seen += 1;
            }
        }
        assert_eq!(reader.reply(&msg_ref).await.0, "ok");
    }

    // The stalled client finds its socket gone once it reads what was buffered.
    let mut received = 0u64;
    let ended = loop {
        match tokio::time::timeout(Duration::from_secs(10), futures_util::StreamExt::next(&mut stalled.ws)).await {
            Ok(Some(Ok(tokio_tungstenite::tungstenite::Message::Text(_)))) => received += 1,
            Ok(Some(Ok(tokio_tungstenite::tungstenite::Message::Close(_)))) | Ok(Some(Err(_))) | Ok(None) => break true,
            Ok(Some(Ok(_))) => {}
            Err(_) => break false,
        }
    };
    assert!(ended, "the stalled socket was closed");
    assert!(received < rounds * per_round, "it was dropped before the end ({received} received)");
    assert_eq!(reader.heartbeat().await.0, "ok", "the reader is still served");
    served.shutdown.fire();
}
