//! A raw Phoenix Channels client for the tests: real WebSocket frames over
//! tokio-tungstenite, V2 or V1, with a time limit on every receive so that
//! a test that waits for something that never comes fails instead of hanging.

#![allow(dead_code)]

use app::wire::Message;
use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use std::time::Duration;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::{self, Message as Frame};
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

/// How long any receive waits before the test fails.
pub const RECEIVE_LIMIT: Duration = Duration::from_secs(5);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Vsn {
    V1,
    V2,
}

pub struct Client {
    pub ws: WebSocketStream<MaybeTlsStream<tokio::net::TcpStream>>,
    pub vsn: Vsn,
    next_ref: u64,
}

/// How a socket ended, as the client saw it.
#[derive(Debug, PartialEq, Eq)]
pub enum Ended {
    Closed(Option<u16>),
    Dropped,
}

/// The `ws://` URL of the socket route with `query`.
pub fn socket_url(addr: std::net::SocketAddr, query: &str) -> String {
    format!("ws://{addr}/socket/websocket?{query}")
}

/// Connects, or returns the HTTP status of the refusal.
pub async fn try_connect(url: &str, origin: Option<&str>) -> Result<Client, u16> {
    let mut request = url.into_client_request().expect("a valid URL");
    if let Some(origin) = origin {
        request.headers_mut().insert("origin", origin.parse().unwrap());
    }
    let vsn = if url.contains("vsn=2.") { Vsn::V2 } else { Vsn::V1 };
    match tokio::time::timeout(RECEIVE_LIMIT, tokio_tungstenite::connect_async(request)).await.expect("connect in time") {
        Ok((ws, _)) => Ok(Client { ws, vsn, next_ref: 0 }),
        Err(tungstenite::Error::Http(response)) => Err(response.status().as_u16()),
        Err(err) => panic!("connecting failed unexpectedly: {err}"),
    }
}

/// A V2 socket, signed in with `token` or a guest.
pub async fn connect(addr: std::net::SocketAddr, token: Option<&str>) -> Client {
    let query = match token {
        Some(token) => format!("vsn=2.0.0&token={token}"),
        None => "vsn=2.0.0".to_owned(),
    };
    try_connect(&socket_url(addr, &query), None).await.expect("the socket connects")
}

impl Client {
    pub fn next_ref(&mut self) -> String {
        self.next_ref += 1;
        self.next_ref.to_string()
    }

    pub async fn send_raw(&mut self, text: &str) {
        self.ws.send(Frame::text(text)).await.expect("sending a frame");
    }

    /// Sends a message and returns its ref.
    pub async fn push(&mut self, join_ref: Option<&str>, topic: &str, event: &str, payload: Value) -> String {
        let msg_ref = self.next_ref();
        let message = Message {
            join_ref: join_ref.map(str::to_owned),
            msg_ref: Some(msg_ref.clone()),
            topic: topic.into(),
            event: event.into(),
            payload,
        };
        let text = match self.vsn {
            Vsn::V2 => message.to_v2(),
            Vsn::V1 => message.to_v1(),
        };
        self.send_raw(&text).await;
        msg_ref
    }

    /// The next message, whatever it is.
    pub async fn recv(&mut self) -> Message {
        loop {
            let frame = tokio::time::timeout(RECEIVE_LIMIT, self.ws.next())
                .await
                .expect("a message within the time limit")
                .expect("the socket is still open")
                .expect("a readable frame");
            match frame {
                Frame::Text(text) => {
                    return match self.vsn {
                        Vsn::V2 => Message::from_v2(&text).expect("a V2 frame"),
                        Vsn::V1 => Message::from_v1(&text).expect("a V1 frame"),
                    }
                }
                Frame::Close(close) => panic!("the socket closed: {close:?}"),
                _ => continue,
            }
        }
    }

    /// The next message for which `wanted` holds, skipping others.
    pub async fn recv_where(&mut self, wanted: impl Fn(&Message) -> bool) -> Message {
        loop {
            let message = self.recv().await;
            if wanted(&message) {
                return message;
            }
        }
    }

    /// The reply to `msg_ref`: `(status, response)`.
    pub async fn reply(&mut self, msg_ref: &str) -> (String, Value) {
        let reply = self.recv_where(|m| m.event == "phx_reply" && m.msg_ref.as_deref() == Some(msg_ref)).await;
        let status = reply.payload["status"].as_str().expect("a reply status").to_owned();
        (status, reply.payload["response"].clone())
    }

    /// Pushes and waits for the reply.
    pub async fn call(&mut self, join_ref: Option<&str>, topic: &str, event: &str, payload: Value) -> (String, Value) {
        let msg_ref = self.push(join_ref, topic, event, payload).await;
        self.reply(&msg_ref).await
    }

    /// Joins `topic`: returns the join_ref and the reply.
    pub async fn join(&mut self, topic: &str, params: Value) -> (String, (String, Value)) {
        let join_ref = self.next_ref();
        self.next_ref -= 1;
        let reply = self.call(Some(&join_ref), topic, "phx_join", params).await;
        (join_ref, reply)
    }

    /// Joins `topic` and insists it worked.
    pub async fn join_ok(&mut self, topic: &str, params: Value) -> (String, Value) {
        let (join_ref, (status, response)) = self.join(topic, params).await;
        assert_eq!(status, "ok", "joining {topic}: {response}");
        (join_ref, response)
    }

    pub async fn heartbeat(&mut self) -> (String, Value) {
        self.call(None, "phoenix", "heartbeat", json!({})).await
    }

    /// Reads until the socket ends (skipping messages) and says how.
    pub async fn ended(&mut self, limit: Duration) -> Ended {
        let deadline = tokio::time::Instant::now() + limit;
        loop {
            match tokio::time::timeout_at(deadline, self.ws.next()).await.expect("the socket ends within the time limit") {
                Some(Ok(Frame::Close(close))) => return Ended::Closed(close.map(|c| u16::from(c.code))),
                Some(Ok(_)) => continue,
                Some(Err(_)) | None => return Ended::Dropped,
            }
        }
    }
}
