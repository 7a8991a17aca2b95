//! Uploaded videos: `POST /manage/videos/upload` (multipart) streams the
//! file to `uploads/` in the data folder chunk by chunk, never holding it
//! whole in memory, and refuses it past the configured size limit with a
//! clear message and nothing left on disk. Only WebM and MP4 are taken (by
//! extension and by their first bytes). The files are served at `/uploads/`
//! exactly like the demo media, with Range support.

use crate::accounts::csrf;
use crate::page_render::page_with_echo;
use crate::state::AppState;
use crate::video_fields::{self, SubmittedVideo};
use app::db::owned_videos;
use app::forms::{add_error, FormEcho};
use app::viewer::{Viewer, CSRF_FIELD};
use axum::extract::multipart::{Field, MultipartRejection};
use axum::extract::{DefaultBodyLimit, Multipart, State};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use axum::{Extension, Router};
use std::path::{Path, PathBuf};
use tokio::io::AsyncWriteExt;

/// The path prefix uploaded files are served under.
pub const PREFIX: &str = "/uploads";
const FORM_PAGE: &str = "/manage/videos/upload";
/// The most a text field of the upload form may hold.
const TEXT_FIELD_MAX: usize = 16 * 1024;
/// How much more than the limit is read (and thrown away) after refusing a
/// file, so that the browser gets to see the answer instead of a reset.
const DRAIN_MAX: u64 = 16 * 1024 * 1024;

pub fn router() -> Router<AppState> {
    // The limit is enforced while streaming, file by file, not on the body.
    Router::new().route(FORM_PAGE, post(upload).layer(DefaultBodyLimit::disable()))
}

/// The uploaded files, served like the demo media.
pub fn files<S: Clone + Send + Sync + 'static>(uploads_dir: &Path) -> Router<S> {
    crate::media::service_at(PREFIX, uploads_dir)
}

/// A file being written: removed when dropped unless kept, so that a refused
/// or interrupted upload leaves nothing behind.
struct PartialFile {
    path: PathBuf,
    kept: bool,
}

impl Drop for PartialFile {
    fn drop(&mut self) {
        if !self.kept {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

/// The extension to store a file under, from its name or declared type.
fn video_extension(file_name: Option<&str>, content_type: Option<&str>) -> Option<&'static str> {
    let name = file_name.unwrap_or("").to_ascii_lowercase();
    match (name.rsplit('.').next(), content_type) {
        (Some("webm"), _) | (_, Some("video/webm")) => Some("webm"),
        (Some("mp4" | "m4v"), _) | (_, Some("video/mp4")) => Some("mp4"),
        _ => None,
    }
}

/// Whether `head` (the first bytes) looks like a file of `extension`:
/// WebM is EBML (`1A 45 DF A3`); MP4 has `ftyp` at offset 4.
fn looks_like(extension: &str, head: &[u8]) -> bool {
    match extension {
        "webm" => head.starts_with(&[0x1A, 0x45, 0xDF, 0xA3]),
        "mp4" => head.len() >= 8 && &head[4..8] == b"ftyp",
        _ => false,
    }
}

fn human_size(bytes: u64) -> String {
    if bytes >= 1_000_000 {
        format!("{} MB", bytes / 1_000_000)
    } else {
        format!("{bytes} bytes")
    }
}

/// Why an upload was refused: the field and message, and the status.
struct Refusal {
    field: &'static str,
    message: String,
    status: StatusCode,
}

impl Refusal {
    fn invalid(field: &'static str, message: impl Into<String>) -> Self {
        Self { field, message: message.into(), status: StatusCode::UNPROCESSABLE_ENTITY }
    }
}

enum Failure {
    Refused(Refusal),
    Answer(Response),
}

fn bad_body(err: impl std::fmt::Display) -> Failure {
    Failure::Answer((StatusCode::BAD_REQUEST, format!("The upload could not be read: {err}")).into_response())
}

async fn read_text(mut field: Field<'_>) -> Result<String, Failure> {
    let mut text = Vec::new();
    while let Some(chunk) = field.chunk().await.map_err(bad_body)? {
        if text.len() + chunk.len() > TEXT_FIELD_MAX {
            return Err(Failure::Refused(Refusal::invalid("form", "a field of the form is too long")));
        }
        text.extend_from_slice(&chunk);
    }
    String::from_utf8(text).map_err(|_| bad_body("a field is not UTF-8 text"))
}

/// Streams `field` into a new file in `dir`; the file and its served name.
async fn store(mut field: Field<'_>, dir: &Path, limit: u64) -> Result<(PartialFile, String), Failure> {
    let Some(extension) = video_extension(field.file_name(), field.content_type()) else {
        let message = match field.file_name() {
            None | Some("") => "choose a file to upload",
            Some(_) => "should be a WebM or MP4 video",
        };
        return Err(Failure::Refused(Refusal::invalid("file", message)));
    };
    tokio::fs::create_dir_all(dir).await.map_err(|err| Failure::Answer(crate::manage::internal(err)))?;
    let name = format!("{}.{extension}", hex::encode(rand::random::<[u8; 16]>()));
    let partial = PartialFile { path: dir.join(format!("{name}.part")), kept: false };
    let mut file = tokio::fs::File::create(&partial.path).await.map_err(|err| Failure::Answer(crate::manage::internal(err)))?;
    let mut written: u64 = 0;
    let mut head = Vec::with_capacity(16);
    while let Some(chunk) = field.chunk().await.map_err(bad_body)? {
        written += chunk.len() as u64;
        if written > limit {
            drop(file);
            drop(partial);
            while let Some(chunk) = field.chunk().await.unwrap_or(None) {
                written += chunk.len() as u64;
                if written > limit + DRAIN_MAX {
                    break;
                }
            }
            return Err(Failure::Refused(Refusal {
                field: "file",
                message: format!("is larger than the upload limit of {}", human_size(limit)),
                status: StatusCode::PAYLOAD_TOO_LARGE,
            }));
        }
        if head.len() < 16 {
            head.extend_from_slice(&chunk[..chunk.len().min(16 - head.len())]);
        }
        file.write_all(&chunk).await.map_err(|err| Failure::Answer(crate::manage::internal(err)))?;
    }
    if written == 0 {
        return Err(Failure::Refused(Refusal::invalid("file", "is empty")));
    }
    if !looks_like(extension, &head) {
        return Err(Failure::Refused(Refusal::invalid("file", "should be a WebM or MP4 video")));
    }
    file.flush().await.map_err(|err| Failure::Answer(crate::manage::internal(err)))?;
    Ok((partial, name))
}

async fn upload(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    parts: Parts,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    let Some(user) = viewer.user.clone() else {
        return Redirect::to("/login").into_response();
    };
    let mut multipart = match multipart {
        Ok(multipart) => multipart,
        Err(rejection) => return (StatusCode::BAD_REQUEST, rejection.body_text()).into_response(),
    };
    let mut submitted = SubmittedVideo::default();
    let mut csrf_checked = false;
    let mut stored: Option<(PartialFile, String)> = None;
    let mut refusal: Option<Refusal> = None;
    let dir = state.config.uploads_dir();
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(err) => return (StatusCode::BAD_REQUEST, format!("The upload could not be read: {err}")).into_response(),
        };
        let name = field.name().unwrap_or("").to_owned();
        let outcome = if name == "file" {
            // The token comes first in the form: nothing is written for a forged post.
            if !csrf_checked {
                return csrf::rejected();
            }
            if stored.is_some() {
                Err(Failure::Refused(Refusal::invalid("file", "upload one file at a time")))
            } else {
                store(field, &dir, state.config.upload_limit_bytes).await.map(|file| stored = Some(file))
            }
        } else {
            read_text(field).await.map(|text| match name.as_str() {
                CSRF_FIELD => csrf_checked = csrf::is_valid(&state.secret_key_base, &parts.headers, &text),
                "title" => submitted.title = text,
                "description" => submitted.description = Some(text),
                "category" => submitted.category = Some(text),
                _ => {}
            })
        };
        match outcome {
            Ok(()) => {}
            Err(Failure::Answer(answer)) => return answer,
            Err(Failure::Refused(refused)) => {
                refusal = Some(refused);
                break;
            }
        }
        if name == CSRF_FIELD && !csrf_checked {
            return csrf::rejected();
        }
    }
    if !csrf_checked {
        return csrf::rejected();
    }
    if refusal.is_none() && stored.is_none() {
        refusal = Some(Refusal::invalid("file", "choose a file to upload"));
    }
    let mut echo = FormEcho::default();
    echo.values.insert("title".into(), submitted.title.clone());
    echo.values.insert("description".into(), submitted.description.clone().unwrap_or_default());
    echo.values.insert("category".into(), submitted.category.clone().unwrap_or_default());
    let served_name = stored.as_ref().map(|(_, name)| name.clone()).unwrap_or_else(|| "pending.webm".into());
    submitted.url = format!("{PREFIX}/{served_name}");
    let fields = match video_fields::check(&state.db, &submitted).await {
        Ok(Ok(fields)) => Some(fields),
        Ok(Err(errors)) => {
            echo.errors = errors;
            None
        }
        Err(err) => return crate::manage::internal(err),
    };
    let status = match refusal {
        Some(refused) => {
            add_error(&mut echo.errors, refused.field, refused.message);
            refused.status
        }
        None => StatusCode::UNPROCESSABLE_ENTITY,
    };
    let (Some(fields), Some((mut partial, name)), true) = (fields, stored, echo.errors.is_empty()) else {
        return page_with_echo(&state, parts, FORM_PAGE, echo, status).await;
    };
    let final_path = dir.join(&name);
    if let Err(err) = tokio::fs::rename(&partial.path, &final_path).await {
        return crate::manage::internal(err);
    }
    partial.path = final_path;
    match owned_videos::insert(&state.db, user.id, fields).await {
        Ok(_) => {
            partial.kept = true;
            Redirect::to(crate::manage::LIST).into_response()
        }
        Err(err) => crate::manage::internal(err),
    }
}

/// Removes the uploaded file behind `url`, if it is one (a deleted video's).
pub async fn remove_file_of(state: &AppState, url: &str) {
    let Some(name) = url.strip_prefix(&format!("{PREFIX}/")) else { return };
    if name.is_empty() || name.contains(['/', '\\']) || name.starts_with('.') {
        return;
    }
    if let Err(err) = tokio::fs::remove_file(state.config.uploads_dir().join(name)).await {
        tracing::warn!(%err, name, "removing a deleted video's upload");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_webm_and_mp4_are_taken() {
        assert_eq!(video_extension(Some("a.WEBM"), None), Some("webm"));
        assert_eq!(video_extension(Some("clip"), Some("video/mp4")), Some("mp4"));
        assert_eq!(video_extension(Some("a.avi"), Some("video/x-msvideo")), None);
        assert!(looks_like("webm", &[0x1A, 0x45, 0xDF, 0xA3, 1]));
        assert!(looks_like("mp4", b"\0\0\0\x18ftypmp42"));
        assert!(!looks_like("mp4", b"<html>"));
    }
}
