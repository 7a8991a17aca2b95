//! Phoenix Channels V2 frames, `[join_ref, ref, topic, event, payload]`, as
//! phoenix.js 1.8 sends them and Rumbl's channel server reads them.

use super::{quoted, Incoming};
use app::wire::{event, Message, PHOENIX_TOPIC};

pub fn path(token: &str) -> String {
    format!("/socket/websocket?vsn=2.0.0&token={token}")
}

pub fn join(msg_ref: u64, topic: &str) -> String {
    format!(r#"["{msg_ref}","{msg_ref}",{},"{}",{{}}]"#, quoted(topic), event::JOIN)
}

pub fn post(msg_ref: u64, join_ref: u64, topic: &str, body: &str, at: i64) -> String {
    format!(r#"["{join_ref}","{msg_ref}",{},"new_annotation",{{"body":{},"at":{at}}}]"#, quoted(topic), quoted(body))
}

pub fn heartbeat(msg_ref: u64) -> String {
    format!(r#"[null,"{msg_ref}","{PHOENIX_TOPIC}","{}",{{}}]"#, event::HEARTBEAT)
}

/// Broadcasts are told by a substring, not parsed: with N subscribers the
/// generator reads N of them per post and must not be the bottleneck.
pub fn classify(text: &str) -> Incoming {
    if text.contains(r#","phx_reply","#) {
        let Ok(message) = Message::from_v2(text) else { return Incoming::Other };
        let Some(msg_ref) = message.msg_ref.and_then(|r| r.parse().ok()) else { return Incoming::Other };
        let ok = message.payload.get("status").and_then(|s| s.as_str()) == Some("ok");
        return Incoming::Reply { msg_ref, ok };
    }
    if text.contains(r#","new_annotation","#) {
        return Incoming::Broadcast;
    }
    Incoming::Other
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_are_v2_arrays() {
        assert_eq!(join(3, "videos:1"), r#"["3","3","videos:1","phx_join",{}]"#);
        assert_eq!(post(5, 3, "videos:1", "hi \"x\"", 10), r#"["3","5","videos:1","new_annotation",{"body":"hi \"x\"","at":10}]"#);
        assert!(Message::from_v2(&heartbeat(7)).is_ok());
    }

    #[test]
    fn replies_and_broadcasts_are_told_apart() {
        let ok = r#"["3","5","videos:1","phx_reply",{"status":"ok","response":{"id":1}}]"#;
        let error = r#"["3","6","videos:1","phx_reply",{"status":"error","response":{}}]"#;
        let broadcast = r#"[null,null,"videos:1","new_annotation",{"id":1,"body":"b","at":0,"user":{"id":1,"username":"u"}}]"#;
        assert_eq!(classify(ok), Incoming::Reply { msg_ref: 5, ok: true });
        assert_eq!(classify(error), Incoming::Reply { msg_ref: 6, ok: false });
        assert_eq!(classify(broadcast), Incoming::Broadcast);
        assert_eq!(classify(r#"["3",null,"videos:1","phx_close",{}]"#), Incoming::Other);
    }
}
