//! The raw-broadcast baseline's protocol (see `bench_raw_broadcast.rs`):
//! `j<ref> <room>`, `p<ref> <room> <payload>`, `h<ref>`; answers `r<ref> ...`,
//! broadcasts `b<payload>`. The posted payload is the JSON Rumbl would
//! broadcast, so that every server sends frames of the same size.

use super::{quoted, Incoming};

pub const PATH: &str = "/";

pub fn join(msg_ref: u64, topic: &str) -> String {
    format!("j{msg_ref} {topic}")
}

pub fn post(msg_ref: u64, topic: &str, body: &str, at: i64) -> String {
    format!(
        r#"p{msg_ref} {topic} [null,null,{},"new_annotation",{{"id":{msg_ref},"body":{},"at":{at},"user":{{"id":1,"username":"bench"}}}}]"#,
        quoted(topic),
        quoted(body)
    )
}

pub fn heartbeat(msg_ref: u64) -> String {
    format!("h{msg_ref}")
}

pub fn classify(text: &str) -> Incoming {
    if let Some(rest) = text.strip_prefix('r') {
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        return match rest[..digits].parse() {
            Ok(msg_ref) => Incoming::Reply { msg_ref, ok: true },
            Err(_) => Incoming::Other,
        };
    }
    if text.starts_with('b') {
        return Incoming::Broadcast;
    }
    Incoming::Other
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_are_read() {
        assert_eq!(classify("r12 {}"), Incoming::Reply { msg_ref: 12, ok: true });
        assert_eq!(classify("r9"), Incoming::Reply { msg_ref: 9, ok: true });
        assert_eq!(classify("b[null]"), Incoming::Broadcast);
        assert_eq!(classify("e unknown request"), Incoming::Other);
        assert!(post(1, "videos:2", "x", 0).starts_with("p1 videos:2 [null,null,\"videos:2\""));
    }
}
