//! `videos:<id>`: the seed's VideoChannel. Joining sends the video's
//! annotations newer than the client's `last_seen_id`; `new_annotation`
//! saves the signed-in user's annotation and broadcasts it to everyone
//! watching the video.

use crate::channel::{Channel, ChannelSocket, JoinError, Reply};
use crate::new_annotation;
use app::db::queries;
use app::models::User;
use sea_orm::DatabaseConnection;
use serde_json::{json, Value};

pub struct VideoChannel {
    db: DatabaseConnection,
    history_limit: u64,
    video_id: i64,
    /// The signed-in user; `None` for a guest, who may only read.
    user: Option<User>,
}

impl VideoChannel {
    pub fn new(db: DatabaseConnection, history_limit: u64) -> Self {
        Self { db, history_limit, video_id: 0, user: None }
    }
}

/// `last_seen_id` of the join params: an integer, absent meaning 0.
fn last_seen_id(params: &Value) -> Option<i64> {
    match params.get("last_seen_id") {
        None | Some(Value::Null) => Some(0),
        Some(id) => id.as_i64(),
    }
}

impl Channel for VideoChannel {
    type Info = ();

    async fn join(&mut self, topic: &str, params: Value, socket: &mut ChannelSocket<()>) -> Result<Value, JoinError> {
        let video_id = topic.strip_prefix("videos:").and_then(|id| id.parse::<i64>().ok());
        let video = match video_id {
            Some(id) => queries::get_video(&self.db, id).await?,
            None => None,
        };
        let Some(video) = video else { return Err(JoinError::reason("video not found")) };
        let Some(last_seen_id) = last_seen_id(&params) else { return Err(JoinError::reason("last_seen_id must be an integer")) };
        if let Some(user_id) = socket.user_id() {
            self.user = queries::find_user(&self.db, user_id).await?;
        }
        self.video_id = video.id;
        let annotations = queries::annotations_after(&self.db, video.id, last_seen_id, self.history_limit).await?;
        Ok(json!({ "annotations": annotations }))
    }

    async fn handle_in(&mut self, event: &str, payload: Value, socket: &mut ChannelSocket<()>) -> anyhow::Result<Reply> {
        if event != "new_annotation" {
            return Ok(Reply::Error(json!({ "reason": format!("unknown event {event}") })));
        }
        let Some(user) = &self.user else { return Ok(Reply::Error(json!({ "reason": "unauthorized" }))) };
        let params = match new_annotation::validate(&payload) {
            Ok(params) => params,
            Err(errors) => return Ok(Reply::Error(json!({ "errors": errors }))),
        };
        let annotation = queries::insert_annotation(&self.db, user, self.video_id, &params.body, params.at).await?;
        socket.broadcast("new_annotation", serde_json::to_value(&annotation)?);
        Ok(Reply::Ok(json!({ "id": annotation.id })))
    }
}
