//! The benchmark's "limit": the fastest broadcast server we can write, with
//! no channel protocol, no JSON parsing and no database, so that Rumbl's
//! figures can be read as a fraction of what this machine can do at all.
//!
//! It speaks a one-letter protocol over WebSocket text frames (the load
//! generator's `dialect/raw.rs` is the other side):
//!
//! - `j<ref> <room>`: subscribe to `room` (one room per socket; a new join
//!   replaces the old), answered by `r<ref> ` and a prebuilt join payload the
//!   size of Rumbl's 200-annotation reply for the join room, `{}` otherwise;
//! - `p<ref> <room> <payload>`: answered by `r<ref> {"id":N}`, then `b<payload>`
//!   goes to every socket in `room`, the sender included; the frame is built
//!   once and shared by all receivers;
//! - `h<ref>`: answered by `r<ref>` (the heartbeat).
//!
//! Usage: `bench_raw_broadcast ADDR [JOIN_ROOM]`.

use futures_util::{SinkExt, StreamExt};
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::broadcast;
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;
use tokio_tungstenite::tungstenite::{Message, Utf8Bytes};

/// Broadcasts a slow socket may fall behind by before it misses some.
const ROOM_BACKLOG: usize = 1024;

struct Rooms {
    by_name: Mutex<HashMap<String, broadcast::Sender<Utf8Bytes>>>,
    join_room: String,
    join_payload: Utf8Bytes,
    next_id: AtomicU64,
}

impl Rooms {
    fn sender(&self, room: &str) -> broadcast::Sender<Utf8Bytes> {
        let mut rooms = self.by_name.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        rooms.entry(room.to_owned()).or_insert_with(|| broadcast::channel(ROOM_BACKLOG).0).clone()
    }
}

/// Small buffers: many idle sockets, small frames. Rumbl is measured the same way.
fn socket_config() -> WebSocketConfig {
    WebSocketConfig::default().read_buffer_size(4096).write_buffer_size(0)
}

/// A join reply about as long as Rumbl's for 200 annotations.
fn join_payload() -> String {
    let annotations: Vec<String> = (1..=200)
        .map(|i| {
            format!(
                r#"{{"id":{i},"body":"annotation number {i} of the join benchmark","at":{},"user":{{"id":1,"username":"bench"}}}}"#,
                i * 1000
            )
        })
        .collect();
    format!(r#"{{"annotations":[{}]}}"#, annotations.join(","))
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(addr) = args.next() else {
        eprintln!("usage: bench_raw_broadcast ADDR [JOIN_ROOM]");
        return std::process::ExitCode::from(2);
    };
    let join_room = args.next().unwrap_or_else(|| "videos:1".to_owned());
    let listener = match TcpListener::bind(&addr).await {
        Ok(listener) => listener,
        Err(err) => {
            eprintln!("error: binding {addr}: {err}");
            return std::process::ExitCode::FAILURE;
        }
    };
    println!("raw broadcast baseline on {addr}");
    let rooms = Arc::new(Rooms {
        by_name: Mutex::new(HashMap::new()),
        join_room,
        join_payload: join_payload().into(),
        next_id: AtomicU64::new(1),
    });
    loop {
        match listener.accept().await {
            Ok((stream, _)) => {
                let _ = stream.set_nodelay(true);
                tokio::spawn(serve_socket(stream, rooms.clone()));
            }
            // Out of file descriptors, typically: wait for some to close.
            Err(err) => {
                eprintln!("accept: {err}");
                tokio::time::sleep(std::time::Duration::from_millis(50)).await;
            }
        }
    }
}

async fn serve_socket(stream: TcpStream, rooms: Arc<Rooms>) {
    let Ok(mut socket) = tokio_tungstenite::accept_async_with_config(stream, Some(socket_config())).await else {
        return;
    };
    let mut room: Option<broadcast::Receiver<Utf8Bytes>> = None;
    loop {
        let incoming = tokio::select! {
            incoming = socket.next() => incoming,
            broadcast = recv_from(&mut room) => match broadcast {
                Some(frame) => {
                    if socket.send(Message::Text(frame)).await.is_err() { return; }
                    continue;
                }
                None => { room = None; continue; }
            },
        };
        let text = match incoming {
            Some(Ok(Message::Text(text))) => text,
            Some(Ok(Message::Close(_))) | None | Some(Err(_)) => return,
            Some(Ok(_)) => continue,
        };
        let (reply, broadcast) = match answer(&text, &rooms, &mut room) {
            Ok(answer) => answer,
            Err(why) => (format!("e {why}"), None),
        };
        if socket.send(Message::Text(reply.into())).await.is_err() {
            return;
        }
        if let Some((sender, frame)) = broadcast {
            let _ = sender.send(frame);
        }
    }
}

/// The next broadcast of the joined room; `None` when the room is gone, and
/// never ready when no room is joined.
async fn recv_from(room: &mut Option<broadcast::Receiver<Utf8Bytes>>) -> Option<Utf8Bytes> {
    let Some(receiver) = room else { return std::future::pending().await };
    loop {
        match receiver.recv().await {
            Ok(frame) => return Some(frame),
            Err(broadcast::error::RecvError::Lagged(_)) => continue,
            Err(broadcast::error::RecvError::Closed) => return None,
        }
    }
}

type Broadcast = (broadcast::Sender<Utf8Bytes>, Utf8Bytes);

/// The reply to one request frame, and the broadcast it causes if any.
fn answer(
    text: &str,
    rooms: &Rooms,
    room: &mut Option<broadcast::Receiver<Utf8Bytes>>,
) -> Result<(String, Option<Broadcast>), &'static str> {
    let kind = text.chars().next().ok_or("empty frame")?;
    let rest = &text[kind.len_utf8()..];
    let (msg_ref, rest) = rest.split_once(' ').unwrap_or((rest, ""));
    match kind {
        'h' => Ok((format!("r{msg_ref}"), None)),
        'j' => {
            if rest.is_empty() {
                return Err("a join names a room");
            }
            *room = Some(rooms.sender(rest).subscribe());
            let payload = if rest == rooms.join_room { rooms.join_payload.as_str() } else { "{}" };
            Ok((format!("r{msg_ref} {payload}"), None))
        }
        'p' => {
            let (name, payload) = rest.split_once(' ').ok_or("a post names a room and a payload")?;
            let id = rooms.next_id.fetch_add(1, Ordering::Relaxed);
            let frame: Utf8Bytes = format!("b{payload}").into();
            Ok((format!("r{msg_ref} {{\"id\":{id}}}"), Some((rooms.sender(name), frame))))
        }
        _ => Err("unknown request"),
    }
}
