//! The queries Rumbl makes, each returning the shared `models` types.
//!
//! Pages, the JSON API and the VideoChannel all go through these, so that an
//! annotation reads the same wherever it is read.

use super::{annotation, category, user, video};
use crate::models::{Annotation, User, Video};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};

/// A video row (and its category) as the shared `Video` type.
pub(super) fn to_video(row: video::Model, category: Option<category::Model>) -> Video {
    Video {
        id: row.id,
        user_id: row.user_id,
        title: row.title,
        url: row.url,
        description: row.description,
        slug: row.slug,
        category: category.map(|c| c.name),
    }
}

/// Every video, newest first.
pub async fn list_videos(db: &impl ConnectionTrait) -> Result<Vec<Video>, DbErr> {
    let rows = video::Entity::find()
        .find_also_related(category::Entity)
        .order_by_desc(video::Column::Id)
        .all(db)
        .await?;
    Ok(rows.into_iter().map(|(v, c)| to_video(v, c)).collect())
}

pub async fn get_video(db: &impl ConnectionTrait, id: i64) -> Result<Option<Video>, DbErr> {
    let row = video::Entity::find_by_id(id)
        .find_also_related(category::Entity)
        .one(db)
        .await?;
    Ok(row.map(|(v, c)| to_video(v, c)))
}

/// An annotation row (and its author) as the shared `Annotation` type.
pub(super) fn to_annotation(row: annotation::Model, user: Option<user::Model>) -> Annotation {
    let user = user.map(User::from).unwrap_or(User { id: row.user_id, username: String::new() });
    Annotation { id: row.id, body: row.body, at: row.at, user }
}

/// A video's annotations with an id above `after_id`, in playback order
/// (`at`, then `id`), at most `limit` of them.
pub async fn annotations_after(
    db: &impl ConnectionTrait,
    video_id: i64,
    after_id: i64,
    limit: u64,
) -> Result<Vec<Annotation>, DbErr> {
    let rows = annotation::Entity::find()
        .filter(annotation::Column::VideoId.eq(video_id))
        .filter(annotation::Column::Id.gt(after_id))
        .order_by_asc(annotation::Column::At)
        .order_by_asc(annotation::Column::Id)
        .limit(limit)
        .find_also_related(user::Entity)
        .all(db)
        .await?;
    Ok(rows.into_iter().map(|(a, u)| to_annotation(a, u)).collect())
}

/// Saves an annotation and returns it as it will be broadcast.
pub async fn insert_annotation(
    db: &impl ConnectionTrait,
    user: &User,
    video_id: i64,
    body: &str,
    at: i64,
) -> Result<Annotation, DbErr> {
    let now = chrono::Utc::now();
    let row = annotation::ActiveModel {
        body: Set(body.to_owned()),
        at: Set(at),
        user_id: Set(user.id),
        video_id: Set(video_id),
        inserted_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(Annotation { id: row.id, body: row.body, at: row.at, user: user.clone() })
}

pub async fn find_user(db: &impl ConnectionTrait, id: i64) -> Result<Option<User>, DbErr> {
    Ok(user::Entity::find_by_id(id).one(db).await?.map(User::from))
}
