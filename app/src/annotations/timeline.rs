//! Which annotations the panel holds and which it shows.
//!
//! The join history is revealed as playback reaches each annotation's `at`;
//! a live annotation (or one caught up on a rejoin, which would have arrived
//! live had the connection held) is shown at once. A seek re-synchronises:
//! afterwards exactly the annotations with `at` ≤ the new time are shown.
//! The order is always (`at`, `id`). Ids already held are ignored, so a
//! rejoin that repeats an annotation cannot duplicate it, and
//! `last_seen_id` (the highest id held) is what a rejoin asks to continue
//! from, so that nothing is lost either.

use crate::models::Annotation;
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet, HashSet};

type Key = (i64, i64);

fn key(annotation: &Annotation) -> Key {
    (annotation.at, annotation.id)
}

#[derive(Clone, Debug, Default)]
pub struct Timeline {
    held: BTreeMap<Key, Annotation>,
    ids: HashSet<i64>,
    shown: BTreeSet<Key>,
    last_seen_id: Option<i64>,
    now_ms: i64,
}

impl Timeline {
    pub fn new() -> Self {
        Self::default()
    }

    /// The highest id seen, from join replies and live events alike.
    pub fn last_seen_id(&self) -> Option<i64> {
        self.last_seen_id
    }

    /// The join params that continue from what is held: `{"last_seen_id": n}`
    /// (0 before anything was seen, as the seed's `video.js` sends).
    pub fn join_params(&self) -> Value {
        json!({ "last_seen_id": self.last_seen_id.unwrap_or(0) })
    }

    /// Annotations from a join reply, shown as playback reaches them.
    /// Returns whether anything new was held.
    pub fn add_history(&mut self, annotations: impl IntoIterator<Item = Annotation>) -> bool {
        let mut added = false;
        for annotation in annotations {
            let reached = annotation.at <= self.now_ms;
            added |= self.hold(annotation, reached);
        }
        added
    }

    /// Annotations to show at once: live ones, and those a rejoin caught up.
    pub fn add_live(&mut self, annotations: impl IntoIterator<Item = Annotation>) -> bool {
        let mut added = false;
        for annotation in annotations {
            added |= self.hold(annotation, true);
        }
        added
    }

    fn hold(&mut self, annotation: Annotation, show: bool) -> bool {
        self.last_seen_id = self.last_seen_id.max(Some(annotation.id));
        if !self.ids.insert(annotation.id) {
            return false;
        }
        if show {
            self.shown.insert(key(&annotation));
        }
        self.held.insert(key(&annotation), annotation);
        true
    }

    /// Playback moved on to `ms`: reveal what it reached. Time that went
    /// backwards without a seek (a loop, say) is a seek all the same.
    /// Returns whether what is shown changed.
    pub fn play_to(&mut self, ms: i64) -> bool {
        if ms < self.now_ms {
            return self.seek_to(ms);
        }
        self.now_ms = ms;
        let before = self.shown.len();
        let reached: Vec<Key> = self.held.range(..=(ms, i64::MAX)).map(|(k, _)| *k).collect();
        self.shown.extend(reached);
        self.shown.len() != before
    }

    /// The player jumped to `ms`: show exactly what has `at` ≤ `ms`.
    pub fn seek_to(&mut self, ms: i64) -> bool {
        self.now_ms = ms;
        let exact: BTreeSet<Key> = self.held.range(..=(ms, i64::MAX)).map(|(k, _)| *k).collect();
        let changed = exact != self.shown;
        self.shown = exact;
        changed
    }

    /// What the panel shows, in (`at`, `id`) order.
    pub fn visible(&self) -> Vec<Annotation> {
        self.shown.iter().filter_map(|k| self.held.get(k)).cloned().collect()
    }

    pub fn held_count(&self) -> usize {
        self.held.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::User;

    fn note(id: i64, at: i64) -> Annotation {
        Annotation { id, at, body: format!("note {id}"), user: User { id: 1, username: "ann".into() } }
    }

    fn shown(timeline: &Timeline) -> Vec<i64> {
        timeline.visible().iter().map(|a| a.id).collect()
    }

    #[test]
    fn history_appears_as_playback_reaches_it_in_at_then_id_order() {
        let mut timeline = Timeline::new();
        timeline.add_history([note(5, 3000), note(2, 1000), note(4, 1000), note(1, 0)]);
        assert_eq!(shown(&timeline), [1]);
        timeline.play_to(999);
        assert_eq!(shown(&timeline), [1]);
        assert!(timeline.play_to(1000));
        assert_eq!(shown(&timeline), [1, 2, 4]);
        assert!(!timeline.play_to(2000));
        timeline.play_to(3000);
        assert_eq!(shown(&timeline), [1, 2, 4, 5]);
    }

    #[test]
    fn live_annotations_show_at_once_and_in_order() {
        let mut timeline = Timeline::new();
        timeline.add_history([note(1, 1000)]);
        timeline.add_live([note(3, 60_000)]);
        timeline.play_to(1000);
        timeline.add_live([note(2, 500)]);
        assert_eq!(shown(&timeline), [2, 1, 3]);
    }

    #[test]
    fn a_seek_shows_exactly_what_is_at_or_before_the_new_time() {
        let mut timeline = Timeline::new();
        timeline.add_history([note(1, 1000), note(2, 2000), note(3, 3000)]);
        timeline.add_live([note(4, 90_000)]);
        timeline.play_to(3000);
        assert!(timeline.seek_to(1500));
        assert_eq!(shown(&timeline), [1], "backward: later ones and the live one ahead are hidden");
        assert!(timeline.seek_to(2500));
        assert_eq!(shown(&timeline), [1, 2], "forward");
        timeline.seek_to(100_000);
        assert_eq!(shown(&timeline), [1, 2, 3, 4]);
        assert!(!timeline.seek_to(100_000));
    }

    #[test]
    fn time_going_backwards_without_a_seek_re_synchronises_too() {
        let mut timeline = Timeline::new();
        timeline.add_history([note(1, 1000), note(2, 2000)]);
        timeline.play_to(2500);
        timeline.play_to(0);
        assert!(shown(&timeline).is_empty());
    }

    #[test]
    fn an_id_already_held_is_not_added_again() {
        let mut timeline = Timeline::new();
        assert!(timeline.add_history([note(1, 0), note(2, 0)]));
        assert!(timeline.add_live([note(3, 0)]));
        assert!(!timeline.add_live([note(3, 0)]), "the live event again");
        assert!(!timeline.add_history([note(2, 0), note(3, 0)]), "a rejoin repeating them");
        timeline.seek_to(0);
        assert_eq!(shown(&timeline), [1, 2, 3]);
        assert_eq!(timeline.held_count(), 3);
    }

    #[test]
    fn last_seen_id_is_the_highest_id_from_history_and_live_events() {
        let mut timeline = Timeline::new();
        assert_eq!(timeline.last_seen_id(), None);
        assert_eq!(timeline.join_params(), json!({"last_seen_id": 0}));
        timeline.add_history([note(7, 5000), note(3, 0)]);
        assert_eq!(timeline.last_seen_id(), Some(7));
        timeline.add_live([note(9, 0)]);
        timeline.add_live([note(8, 0)]);
        assert_eq!(timeline.last_seen_id(), Some(9));
        assert_eq!(timeline.join_params(), json!({"last_seen_id": 9}));
    }
}
