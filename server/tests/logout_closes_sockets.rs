//! Logging out closes that user's live sockets, as the seed's `id/1`
//! (`users_socket:ID`) makes possible: the page's own token is still signed,
//! but the conversation it held ends with the session.

mod browser;
mod common;
mod phx;

use browser::{csrf_in, user_token_in, Browser};
use common::TestServer;
use phx::Ended;
use std::time::Duration;

#[tokio::test]
async fn logging_out_closes_the_users_sockets_and_no_one_elses() {
    let server = TestServer::start().await;
    let mut browser = Browser::new(server.url(""));
    browser.sign_up("ivy", "a long enough password").await;
    let (_, html) = browser.get("/").await;
    let token = user_token_in(&html).expect("a logged-in page carries the socket token");
    let mut ivy_socket = phx::connect(server.addr, Some(&token)).await;
    let other = server.insert_user("jay").await;
    let mut jay_socket = phx::connect(server.addr, Some(&server.socket_token(other.id))).await;
    assert_eq!(ivy_socket.heartbeat().await.0, "ok");
    assert_eq!(jay_socket.heartbeat().await.0, "ok");

    let csrf = csrf_in(&html).expect("the log-out form has a CSRF token");
    browser.post_form("/logout", &[("csrf_token", &csrf)]).await;

    assert!(matches!(ivy_socket.ended(Duration::from_secs(5)).await, Ended::Closed(_)));
    assert_eq!(jay_socket.heartbeat().await.0, "ok", "another user's socket stays up");
    server.stop().await;
}
