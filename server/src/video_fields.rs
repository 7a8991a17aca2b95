//! The fields of a video as a user submits them (form or JSON API), checked:
//! title and URL required, URL either `http(s)://...` or a path on this site
//! (such as an uploaded file), category one of the fixed list, if given.

use app::db::owned_videos::{self, VideoFields};
use app::forms::{add_error, FieldErrors};
use sea_orm::DatabaseConnection;
use serde::Deserialize;

pub const TITLE_MAX: usize = 200;
pub const URL_MAX: usize = 2000;
pub const DESCRIPTION_MAX: usize = 5000;

/// A video as submitted; missing fields are empty.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct SubmittedVideo {
    pub title: String,
    pub url: String,
    pub description: Option<String>,
    /// A category's name (the JSON API) or id (the form's select); empty for none.
    pub category: Option<String>,
}

/// The fields to store, or the messages for each invalid one.
pub async fn check(db: &DatabaseConnection, submitted: &SubmittedVideo) -> Result<Result<VideoFields, FieldErrors>, sea_orm::DbErr> {
    let mut errors = FieldErrors::new();
    let title = submitted.title.trim();
    if title.is_empty() {
        add_error(&mut errors, "title", "can't be blank");
    } else if title.chars().count() > TITLE_MAX {
        add_error(&mut errors, "title", format!("should be at most {TITLE_MAX} characters"));
    } else if app::models::slugify(title).is_empty() {
        add_error(&mut errors, "title", "needs at least one letter or digit");
    }
    let url = submitted.url.trim();
    if url.is_empty() {
        add_error(&mut errors, "url", "can't be blank");
    } else if url.len() > URL_MAX {
        add_error(&mut errors, "url", format!("should be at most {URL_MAX} characters"));
    } else if !is_playable_url(url) {
        add_error(&mut errors, "url", "should start with http://, https:// or /");
    }
    let description = submitted.description.as_deref().unwrap_or("").trim();
    if description.chars().count() > DESCRIPTION_MAX {
        add_error(&mut errors, "description", format!("should be at most {DESCRIPTION_MAX} characters"));
    }
    let category = submitted.category.as_deref().unwrap_or("").trim();
    let category_id = if category.is_empty() {
        None
    } else {
        let by_id = match category.parse::<i64>() {
            Ok(id) => owned_videos::categories(db).await?.into_iter().find(|(c, _)| *c == id).map(|(c, _)| c),
            Err(_) => owned_videos::category_id_by_name(db, category).await?,
        };
        if by_id.is_none() {
            add_error(&mut errors, "category", "is not one of the categories");
        }
        by_id
    };
    if !errors.is_empty() {
        return Ok(Err(errors));
    }
    Ok(Ok(VideoFields {
        title: title.to_owned(),
        url: url.to_owned(),
        description: description.to_owned(),
        category_id,
    }))
}

/// A URL a `<video src>` can play: absolute http(s), or a path on this site
/// (not `//host`, which would be another site).
fn is_playable_url(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    let absolute = ["http://", "https://"].iter().any(|scheme| lower.starts_with(scheme) && lower.len() > scheme.len());
    let local = url.starts_with('/') && !url.starts_with("//");
    (absolute || local) && !url.chars().any(char::is_whitespace)
}

#[cfg(test)]
mod tests {
    #[test]
    fn playable_urls_are_http_or_local_paths() {
        for ok in ["https://example.com/a.mp4", "http://x/y", "/media/city-cc0.webm"] {
            assert!(super::is_playable_url(ok), "{ok}");
        }
        for bad in ["javascript:alert(1)", "//evil.example/x", "https://", "ftp://x/y", "/a b"] {
            assert!(!super::is_playable_url(bad), "{bad}");
        }
    }
}
