//! Engine.IO v4 packets carrying socket.io 5 packets, over WebSocket only:
//! `0{...}` open, `40` connect to `/`, `42<ack>[event, ...args]` an event
//! asking for an ack, `43<ack>[...args]` the ack, `2`/`3` ping and pong.

use super::{quoted, Incoming};

pub const PATH: &str = "/socket.io/?EIO=4&transport=websocket";
/// Sent after the server's open packet: connect to the default namespace.
pub const CONNECT: &str = "40";

pub fn join(msg_ref: u64, topic: &str) -> String {
    format!(r#"42{msg_ref}["join",{}]"#, quoted(topic))
}

pub fn post(msg_ref: u64, topic: &str, body: &str, at: i64) -> String {
    format!(r#"42{msg_ref}["new_annotation",{},{{"body":{},"at":{at}}}]"#, quoted(topic), quoted(body))
}

pub fn heartbeat(msg_ref: u64) -> String {
    format!(r#"42{msg_ref}["heartbeat"]"#)
}

pub fn classify(text: &str) -> Incoming {
    if text == "2" {
        return Incoming::Ping("3");
    }
    if let Some(rest) = text.strip_prefix("43") {
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        return match rest[..digits].parse() {
            Ok(msg_ref) => Incoming::Reply { msg_ref, ok: !rest[digits..].starts_with(r#"[{"error""#) },
            Err(_) => Incoming::Other,
        };
    }
    if text.starts_with(r#"42["new_annotation""#) {
        return Incoming::Broadcast;
    }
    Incoming::Other
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packets_are_read() {
        assert_eq!(classify("2"), Incoming::Ping("3"));
        assert_eq!(classify(r#"4312[{"id":4}]"#), Incoming::Reply { msg_ref: 12, ok: true });
        assert_eq!(classify(r#"42["new_annotation",{"id":4}]"#), Incoming::Broadcast);
        assert_eq!(classify(r#"40{"sid":"x"}"#), Incoming::Other);
        assert_eq!(post(1, "videos:2", "b", 3), r#"421["new_annotation","videos:2",{"body":"b","at":3}]"#);
    }
}
