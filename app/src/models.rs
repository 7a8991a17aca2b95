//! The domain types that travel between server and browser.
//!
//! These are plain data: the database rows they come from live in `db`
//! (server only), and the JSON they are sent as is what serde derives here.

use serde::{Deserialize, Serialize};

/// A user as others see them: never the password hash.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    pub id: i64,
    pub username: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Video {
    pub id: i64,
    pub user_id: i64,
    pub title: String,
    pub url: String,
    pub description: String,
    pub slug: String,
    pub category: Option<String>,
}

impl Video {
    /// The seed's `/watch/2-elixir` form: the id, then the slug for people.
    pub fn watch_path(&self) -> String {
        format!("/watch/{}-{}", self.id, self.slug)
    }
}

/// A comment pinned to a moment of a video: `at` is milliseconds into it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Annotation {
    pub id: i64,
    pub body: String,
    pub at: i64,
    pub user: User,
}

/// The slug of a title: lower-case words of letters and digits joined by `-`.
pub fn slugify(title: &str) -> String {
    let mut slug = String::with_capacity(title.len());
    for word in title
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !slug.is_empty() {
            slug.push('-');
        }
        slug.extend(word.chars().flat_map(char::to_lowercase));
    }
    slug
}

/// The video id at the front of a `/watch/:id` segment such as `2-elixir`.
pub fn parse_video_id(segment: &str) -> Option<i64> {
    let digits = segment.split('-').next()?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok().filter(|id| *id > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_lower_case_words_joined_by_dashes() {
        assert_eq!(slugify("Elixir"), "elixir");
        assert_eq!(slugify("  The City, at Night! "), "the-city-at-night");
        assert_eq!(slugify("Ünïcode ok"), "ünïcode-ok");
        assert_eq!(slugify("!!!"), "");
    }

    #[test]
    fn video_ids_come_from_the_front_of_the_segment() {
        assert_eq!(parse_video_id("2-elixir"), Some(2));
        assert_eq!(parse_video_id("17"), Some(17));
        assert_eq!(parse_video_id("0"), None);
        assert_eq!(parse_video_id("abc"), None);
        assert_eq!(parse_video_id("-3"), None);
        assert_eq!(parse_video_id("3x-y"), None);
        assert_eq!(parse_video_id("99999999999999999999999"), None);
    }
}
