//! The protocol core driven by hand: each test plays the server's part with
//! real V2 frames and checks the effects the core asks for.

use super::*;
use crate::wire::Message;
use serde_json::{json, Value};
use std::cell::Cell;
use std::rc::Rc;

const TOPIC: &str = "videos:1";

fn sent(effects: &[Effect]) -> Vec<Message> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Send(frame) => Some(Message::from_v2(frame).expect("the core sends V2 frames")),
            _ => None,
        })
        .collect()
}

fn reply(to: &Message, status: &str, response: Value) -> String {
    json!([to.join_ref, to.msg_ref, to.topic, "phx_reply", {"status": status, "response": response}]).to_string()
}

fn started(effects: &[Effect], wanted: &Timer) -> Option<u32> {
    effects.iter().find_map(|e| match e {
        Effect::StartTimer(timer, ms) if timer == wanted => Some(*ms),
        _ => None,
    })
}

/// A socket with one channel whose join params count how often they are read.
fn socket_with_channel() -> (SocketCore, Rc<Cell<i64>>) {
    let mut socket = SocketCore::new();
    let last_seen = Rc::new(Cell::new(0));
    let read = last_seen.clone();
    socket.add_channel(TOPIC, Box::new(move || json!({"last_seen_id": read.get()}))).unwrap();
    (socket, last_seen)
}

/// Connects, opens and joins; returns the join message the server got.
fn joined(socket: &mut SocketCore) -> Message {
    assert!(socket.connect().contains(&Effect::OpenTransport));
    assert!(sent(&socket.join(TOPIC).unwrap()).is_empty(), "nothing goes out before the socket is open");
    let join = sent(&socket.transport_opened()).pop().expect("the buffered join goes out on open");
    assert_eq!(join.event, "phx_join");
    let effects = socket.frame_received(&reply(&join, "ok", json!({"annotations": []})));
    assert!(effects.contains(&Effect::Joined { topic: TOPIC.into(), response: json!({"annotations": []}) }));
    join
}

#[test]
fn a_join_made_before_the_socket_opens_goes_out_once_it_does_and_only_once() {
    let (mut socket, _) = socket_with_channel();
    joined(&mut socket);
    assert_eq!(socket.channel_state(TOPIC), Some(ChannelState::Joined));
    assert_eq!(socket.join(TOPIC), Err(ClientError::AlreadyJoined(TOPIC.into())));
}

#[test]
fn a_rejoin_after_a_lost_socket_reads_the_params_afresh() {
    let (mut socket, last_seen) = socket_with_channel();
    let first = joined(&mut socket);
    assert_eq!(first.payload, json!({"last_seen_id": 0}));
    last_seen.set(42);
    let effects = socket.transport_closed();
    assert_eq!(started(&effects, &Timer::Reconnect), Some(10));
    assert_eq!(socket.channel_state(TOPIC), Some(ChannelState::Errored));
    assert!(socket.timer_fired(&Timer::Reconnect).contains(&Effect::OpenTransport));
    let rejoin = sent(&socket.transport_opened()).pop().expect("a rejoin on open");
    assert_eq!(rejoin.event, "phx_join");
    assert_eq!(rejoin.payload, json!({"last_seen_id": 42}));
    assert_ne!(rejoin.join_ref, first.join_ref);
}

#[test]
fn messages_of_an_older_join_are_ignored() {
    let (mut socket, _) = socket_with_channel();
    let old = joined(&mut socket);
    socket.transport_closed();
    socket.timer_fired(&Timer::Reconnect);
    let rejoin = sent(&socket.transport_opened()).pop().unwrap();
    let old_join_ref = old.join_ref.clone().unwrap();
    for event in ["phx_close", "phx_error"] {
        let stale = json!([old_join_ref, null, TOPIC, event, {}]).to_string();
        assert!(socket.frame_received(&stale).is_empty(), "a stale {event} is dropped");
        assert_eq!(socket.channel_state(TOPIC), Some(ChannelState::Joining));
    }
    assert!(socket.frame_received(&reply(&old, "ok", json!({}))).is_empty(), "a stale reply is dropped");
    assert_eq!(socket.channel_state(TOPIC), Some(ChannelState::Joining));
    socket.frame_received(&reply(&rejoin, "ok", json!({})));
    assert_eq!(socket.channel_state(TOPIC), Some(ChannelState::Joined));
    // Broadcasts carry no join_ref and are delivered.
    let broadcast = json!([null, null, TOPIC, "new_annotation", {"id": 1}]).to_string();
    assert_eq!(
        socket.frame_received(&broadcast),
        [Effect::Event { topic: TOPIC.into(), event: "new_annotation".into(), payload: json!({"id": 1}) }]
    );
}

#[test]
fn pushes_reply_ok_or_error() {
    let (mut socket, _) = socket_with_channel();
    let join = joined(&mut socket);
    let (first, effects) = socket.push(TOPIC, "new_annotation", json!({"body": "hi", "at": 0})).unwrap();
    let request = sent(&effects).pop().unwrap();
    assert_eq!(request.join_ref, join.join_ref);
    assert_eq!(request.msg_ref.as_deref(), Some(first.as_str()));
    let effects = socket.frame_received(&reply(&request, "ok", json!({"id": 7})));
    assert!(effects.contains(&Effect::Pushed { push: first, outcome: PushOutcome::Ok(json!({"id": 7})) }));
    let (second, effects) = socket.push(TOPIC, "new_annotation", json!({"body": ""})).unwrap();
    let request = sent(&effects).pop().unwrap();
    let errors = json!({"errors": {"body": ["can't be blank"]}});
    let effects = socket.frame_received(&reply(&request, "error", errors.clone()));
    assert!(effects.contains(&Effect::Pushed { push: second, outcome: PushOutcome::Error(errors) }));
}

#[test]
fn a_push_before_joining_is_refused() {
    let (mut socket, _) = socket_with_channel();
    socket.connect();
    assert_eq!(socket.push(TOPIC, "e", json!({})).unwrap_err(), ClientError::NotJoined(TOPIC.into()));
    assert_eq!(socket.push("videos:9", "e", json!({})).unwrap_err(), ClientError::NoSuchChannel("videos:9".into()));
}

#[test]
fn a_push_made_while_disconnected_goes_out_once_rejoined() {
    let (mut socket, _) = socket_with_channel();
    joined(&mut socket);
    socket.transport_closed();
    let (push, effects) = socket.push(TOPIC, "new_annotation", json!({"body": "offline"})).unwrap();
    assert!(sent(&effects).is_empty());
    let timeout = Timer::PushTimeout { topic: TOPIC.into(), push_ref: push.clone() };
    assert_eq!(started(&effects, &timeout), Some(DEFAULT_TIMEOUT_MS));
    socket.timer_fired(&Timer::Reconnect);
    let rejoin = sent(&socket.transport_opened()).pop().unwrap();
    let delivered = sent(&socket.frame_received(&reply(&rejoin, "ok", json!({}))));
    assert_eq!(delivered.len(), 1);
    assert_eq!(delivered[0].payload, json!({"body": "offline"}));
    assert_eq!(delivered[0].join_ref, rejoin.join_ref, "it goes out under the new join");
}

#[test]
fn a_push_that_times_out_is_reported_and_never_sent_later() {
    let (mut socket, _) = socket_with_channel();
    joined(&mut socket);
    socket.transport_closed();
    let (push, _) = socket.push(TOPIC, "new_annotation", json!({"body": "late"})).unwrap();
    let effects = socket.timer_fired(&Timer::PushTimeout { topic: TOPIC.into(), push_ref: push.clone() });
    assert_eq!(effects, [Effect::Pushed { push, outcome: PushOutcome::Timeout }]);
    socket.timer_fired(&Timer::Reconnect);
    let rejoin = sent(&socket.transport_opened()).pop().unwrap();
    assert!(sent(&socket.frame_received(&reply(&rejoin, "ok", json!({})))).is_empty());
}

#[test]
fn a_refused_join_rejoins_on_the_channel_schedule() {
    let (mut socket, _) = socket_with_channel();
    socket.connect();
    socket.join(TOPIC).unwrap();
    let join = sent(&socket.transport_opened()).pop().unwrap();
    let rejoin_timer = Timer::Rejoin(TOPIC.into());
    let effects = socket.frame_received(&reply(&join, "error", json!({"reason": "unauthorized"})));
    assert!(effects.contains(&Effect::JoinRefused { topic: TOPIC.into(), response: json!({"reason": "unauthorized"}) }));
    assert_eq!(started(&effects, &rejoin_timer), Some(1000));
    let again = sent(&socket.timer_fired(&rejoin_timer)).pop().expect("one rejoin when the timer fires");
    assert_eq!(again.event, "phx_join");
    let effects = socket.frame_received(&reply(&again, "error", json!({"reason": "unauthorized"})));
    assert_eq!(started(&effects, &rejoin_timer), Some(2000));
}

#[test]
fn a_server_side_channel_error_rejoins_after_a_second() {
    let (mut socket, _) = socket_with_channel();
    let join = joined(&mut socket);
    let crash = json!([join.join_ref, null, TOPIC, "phx_error", {}]).to_string();
    let effects = socket.frame_received(&crash);
    assert_eq!(started(&effects, &Timer::Rejoin(TOPIC.into())), Some(1000));
    assert_eq!(socket.channel_state(TOPIC), Some(ChannelState::Errored));
}

#[test]
fn an_unanswered_heartbeat_closes_and_reconnects() {
    let (mut socket, _) = socket_with_channel();
    joined(&mut socket);
    let beat = sent(&socket.timer_fired(&Timer::Heartbeat)).pop().unwrap();
    assert_eq!((beat.topic.as_str(), beat.event.as_str()), ("phoenix", "heartbeat"));
    socket.frame_received(&reply(&beat, "ok", json!({})));
    let beat = sent(&socket.timer_fired(&Timer::Heartbeat)).pop().expect("answered, so the next one goes out");
    assert_eq!(beat.event, "heartbeat");
    let effects = socket.timer_fired(&Timer::Heartbeat);
    assert!(effects.contains(&Effect::CloseTransport));
    assert_eq!(started(&effects, &Timer::Reconnect), Some(10));
    assert!(!socket.is_open());
    assert_eq!(socket.channel_state(TOPIC), Some(ChannelState::Errored));
}

#[test]
fn failed_attempts_follow_the_reconnect_schedule_and_an_open_resets_it() {
    let mut socket = SocketCore::new();
    socket.connect();
    let mut delays = Vec::new();
    for _ in 0..11 {
        let effects = socket.transport_closed();
        delays.push(started(&effects, &Timer::Reconnect).unwrap());
        assert!(socket.timer_fired(&Timer::Reconnect).contains(&Effect::OpenTransport));
    }
    assert_eq!(delays, [10, 50, 100, 150, 200, 250, 500, 1000, 2000, 5000, 5000]);
    socket.transport_opened();
    assert_eq!(started(&socket.transport_closed(), &Timer::Reconnect), Some(10));
}

#[test]
fn a_refused_socket_stops_retrying() {
    let mut socket = SocketCore::new();
    socket.connect();
    socket.transport_closed();
    let effects = socket.refused("forbidden");
    assert!(effects.contains(&Effect::Status(Connection::Refused("forbidden".into()))));
    assert!(socket.timer_fired(&Timer::Reconnect).is_empty());
}

#[test]
fn a_leave_closes_the_channel_on_its_reply() {
    let (mut socket, _) = socket_with_channel();
    joined(&mut socket);
    let leave = sent(&socket.leave(TOPIC).unwrap()).pop().unwrap();
    assert_eq!(leave.event, "phx_leave");
    assert_eq!(socket.channel_state(TOPIC), Some(ChannelState::Leaving));
    let effects = socket.frame_received(&reply(&leave, "ok", json!({})));
    assert!(effects.contains(&Effect::ChannelClosed { topic: TOPIC.into() }));
    assert!(sent(&socket.transport_closed()).is_empty());
    socket.timer_fired(&Timer::Reconnect);
    assert!(sent(&socket.transport_opened()).is_empty(), "a left channel does not rejoin");
}

#[test]
fn frames_that_do_not_parse_are_dropped() {
    let (mut socket, _) = socket_with_channel();
    joined(&mut socket);
    assert!(socket.frame_received("not json").is_empty());
    assert!(socket.frame_received(r#"[null,null,"videos:1","phx_reply","not an object"]"#).is_empty());
}

#[test]
fn each_reconnect_brings_exactly_one_join() {
    let (mut socket, _) = socket_with_channel();
    joined(&mut socket);
    for _ in 0..3 {
        socket.transport_closed();
        socket.timer_fired(&Timer::Reconnect);
        let joins: Vec<Message> = sent(&socket.transport_opened()).into_iter().filter(|m| m.event == "phx_join").collect();
        assert_eq!(joins.len(), 1);
        let effects = socket.frame_received(&reply(&joins[0], "ok", json!({})));
        assert!(sent(&effects).is_empty(), "a successful join sends nothing more");
        // A stray rejoin timer (say, one that fired late) does not join again.
        assert!(sent(&socket.timer_fired(&Timer::Rejoin(TOPIC.into()))).is_empty());
    }
}

#[test]
fn a_reply_to_a_push_of_an_older_join_is_ignored_and_the_push_times_out() {
    let (mut socket, _) = socket_with_channel();
    joined(&mut socket);
    let (push, effects) = socket.push(TOPIC, "new_annotation", json!({"body": "x"})).unwrap();
    let request = sent(&effects).pop().unwrap();
    socket.transport_closed();
    socket.timer_fired(&Timer::Reconnect);
    let rejoin = sent(&socket.transport_opened()).pop().unwrap();
    socket.frame_received(&reply(&rejoin, "ok", json!({})));
    assert!(socket.frame_received(&reply(&request, "ok", json!({"id": 1}))).is_empty());
    let effects = socket.timer_fired(&Timer::PushTimeout { topic: TOPIC.into(), push_ref: push.clone() });
    assert_eq!(effects, [Effect::Pushed { push, outcome: PushOutcome::Timeout }]);
}
