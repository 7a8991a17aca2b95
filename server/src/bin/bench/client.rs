//! One client WebSocket, in any dialect: connects from a given loopback
//! source address, sends requests and awaits the replies naming their ref,
//! counts broadcasts into a `Tally`, answers pings and sends heartbeats.
//!
//! A reader task owns the receiving half. It holds only a weak reference to
//! the client, and stops when the client is dropped, so that dropping a
//! client closes its socket.

use crate::dialect::{engineio, Dialect, Incoming};
use crate::tally::Tally;
use anyhow::{bail, Context};
use futures_util::stream::{SplitSink, SplitStream};
use futures_util::{SinkExt, StreamExt};
use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, Weak};
use std::time::Duration;
use tokio::net::{TcpSocket, TcpStream};
use tokio::sync::oneshot;
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::WebSocketStream;

type Socket = WebSocketStream<TcpStream>;

/// How long a request may wait for its reply before it counts as lost.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(5);
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// phoenix.js's interval; Phoenix closes sockets silent for 60 s.
const HEARTBEAT_INTERVAL: Duration = Duration::from_secs(30);

/// Where a server under test listens and how to talk to it.
#[derive(Clone)]
pub struct Endpoint {
    pub addr: SocketAddr,
    pub dialect: Dialect,
    /// The socket token (Rumbl only; the baselines ignore it).
    pub token: String,
}

pub struct Reply {
    pub ok: bool,
    pub text: String,
}

pub struct Client {
    dialect: Dialect,
    writer: tokio::sync::Mutex<SplitSink<Socket, Message>>,
    pending: Mutex<HashMap<u64, oneshot::Sender<Reply>>>,
    next_ref: AtomicU64,
    join_ref: AtomicU64,
    open: Arc<AtomicBool>,
    /// Dropped with the client, which tells the reader task to stop.
    _stop: oneshot::Sender<()>,
}

/// Small buffers: the generator holds tens of thousands of sockets.
fn socket_config() -> WebSocketConfig {
    WebSocketConfig::default().read_buffer_size(4096).write_buffer_size(0)
}

impl Client {
    /// Opens a socket from `source` (a loopback address) and, for Engine.IO,
    /// connects to the default namespace. Broadcasts it receives hit `tally`.
    pub async fn connect(endpoint: &Endpoint, source: IpAddr, tally: Option<Arc<Tally>>) -> anyhow::Result<Arc<Self>> {
        let socket = tokio::time::timeout(CONNECT_TIMEOUT, open(endpoint, source))
            .await
            .with_context(|| format!("no WebSocket within {CONNECT_TIMEOUT:?}"))??;
        let (writer, reader) = socket.split();
        let (stop, stopped) = oneshot::channel();
        let open = Arc::new(AtomicBool::new(true));
        let client = Arc::new(Self {
            dialect: endpoint.dialect,
            writer: tokio::sync::Mutex::new(writer),
            pending: Mutex::new(HashMap::new()),
            next_ref: AtomicU64::new(1),
            join_ref: AtomicU64::new(0),
            open: open.clone(),
            _stop: stop,
        });
        tokio::spawn(read_loop(Arc::downgrade(&client), reader, endpoint.dialect, tally, stopped, open));
        Ok(client)
    }

    pub fn is_open(&self) -> bool {
        self.open.load(Ordering::Acquire)
    }

    /// Joins `topic`; an error reply is an error.
    pub async fn join(&self, topic: &str) -> anyhow::Result<Reply> {
        let msg_ref = self.take_ref();
        self.join_ref.store(msg_ref, Ordering::Release);
        let reply = self.request(msg_ref, self.dialect.join(msg_ref, topic)).await?;
        if !reply.ok {
            bail!("the join of {topic} was refused: {}", reply.text);
        }
        Ok(reply)
    }

    /// Posts a `new_annotation` on the joined `topic` and awaits its ack.
    pub async fn post(&self, topic: &str, body: &str, at: i64) -> anyhow::Result<Reply> {
        let msg_ref = self.take_ref();
        let join_ref = self.join_ref.load(Ordering::Acquire);
        let reply = self.request(msg_ref, self.dialect.post(msg_ref, join_ref, topic, body, at)).await?;
        if !reply.ok {
            bail!("the post was refused: {}", reply.text);
        }
        Ok(reply)
    }

    /// A heartbeat answered: the socket is alive.
    pub async fn heartbeat(&self) -> anyhow::Result<()> {
        let msg_ref = self.take_ref();
        self.request(msg_ref, self.dialect.heartbeat(msg_ref)).await.map(|_| ())
    }

    fn take_ref(&self) -> u64 {
        self.next_ref.fetch_add(1, Ordering::Relaxed)
    }

    async fn request(&self, msg_ref: u64, frame: String) -> anyhow::Result<Reply> {
        let (answer, answered) = oneshot::channel();
        self.pending.lock().unwrap_or_else(|p| p.into_inner()).insert(msg_ref, answer);
        if let Err(err) = self.send(frame).await {
            self.pending.lock().unwrap_or_else(|p| p.into_inner()).remove(&msg_ref);
            return Err(err);
        }
        match tokio::time::timeout(REQUEST_TIMEOUT, answered).await {
            Ok(Ok(reply)) => Ok(reply),
            Ok(Err(_)) => bail!("the socket closed before the reply"),
            Err(_) => {
                self.pending.lock().unwrap_or_else(|p| p.into_inner()).remove(&msg_ref);
                bail!("no reply within {REQUEST_TIMEOUT:?}")
            }
        }
    }

    async fn send(&self, frame: String) -> anyhow::Result<()> {
        self.writer.lock().await.send(Message::Text(frame.into())).await.context("sending a frame")
    }

    fn settle(&self, msg_ref: u64, reply: Reply) {
        if let Some(answer) = self.pending.lock().unwrap_or_else(|p| p.into_inner()).remove(&msg_ref) {
            let _ = answer.send(reply);
        }
    }
}

async fn open(endpoint: &Endpoint, source: IpAddr) -> anyhow::Result<Socket> {
    let tcp = TcpSocket::new_v4().context("a TCP socket")?;
    tcp.bind(SocketAddr::new(source, 0)).with_context(|| format!("binding the source address {source}"))?;
    let stream = tcp.connect(endpoint.addr).await.with_context(|| format!("connecting to {}", endpoint.addr))?;
    stream.set_nodelay(true)?;
    let url = format!("ws://{}{}", endpoint.addr, endpoint.dialect.path(&endpoint.token));
    let (mut socket, _) = tokio_tungstenite::client_async_with_config(url, stream, Some(socket_config()))
        .await
        .context("the WebSocket handshake")?;
    if endpoint.dialect == Dialect::EngineIo {
        expect_prefix(&mut socket, "0").await.context("the Engine.IO open packet")?;
        socket.send(Message::Text(engineio::CONNECT.into())).await?;
        expect_prefix(&mut socket, "40").await.context("the socket.io connect packet")?;
    }
    Ok(socket)
}

async fn expect_prefix(socket: &mut Socket, prefix: &str) -> anyhow::Result<()> {
    match socket.next().await {
        Some(Ok(Message::Text(text))) if text.starts_with(prefix) => Ok(()),
        Some(Ok(other)) => bail!("expected a frame starting {prefix:?}, got {other:?}"),
        Some(Err(err)) => Err(err.into()),
        None => bail!("the server closed the socket"),
    }
}

async fn read_loop(
    client: Weak<Client>,
    mut reader: SplitStream<Socket>,
    dialect: Dialect,
    tally: Option<Arc<Tally>>,
    mut stopped: oneshot::Receiver<()>,
    open: Arc<AtomicBool>,
) {
    // Spread the heartbeats of sockets opened together over the interval.
    let first = HEARTBEAT_INTERVAL.mul_f64(0.5 + rand::random::<f64>() * 0.5);
    let mut heartbeats = tokio::time::interval_at(tokio::time::Instant::now() + first, HEARTBEAT_INTERVAL);
    loop {
        let frame = tokio::select! {
            frame = reader.next() => frame,
            _ = &mut stopped => break,
            _ = heartbeats.tick(), if dialect.needs_heartbeats() => {
                let Some(client) = client.upgrade() else { break };
                let msg_ref = client.take_ref();
                if client.send(dialect.heartbeat(msg_ref)).await.is_err() { break }
                continue;
            }
        };
        let text = match frame {
            Some(Ok(Message::Text(text))) => text,
            Some(Ok(Message::Close(_))) | Some(Err(_)) | None => break,
            Some(Ok(_)) => continue,
        };
        match dialect.classify(&text) {
            Incoming::Broadcast => {
                if let Some(tally) = &tally {
                    tally.hit();
                }
            }
            Incoming::Reply { msg_ref, ok } => {
                let Some(client) = client.upgrade() else { break };
                client.settle(msg_ref, Reply { ok, text: text.as_str().to_owned() });
            }
            Incoming::Ping(pong) => {
                let Some(client) = client.upgrade() else { break };
                if client.send(pong.to_owned()).await.is_err() {
                    break;
                }
            }
            Incoming::Other => {}
        }
    }
    open.store(false, Ordering::Release);
    if let Some(client) = client.upgrade() {
        // Dropping the senders fails every request still waiting.
        client.pending.lock().unwrap_or_else(|p| p.into_inner()).clear();
    }
}
