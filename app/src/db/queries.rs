//! The queries Rumbl makes, each returning the shared `models` types.
//!
//! Pages, the JSON API and the VideoChannel all go through these, so that an
//! annotation reads the same wherever it is read.

use super::{annotation, category, user, video};
use crate::models::{Annotation, User, Video};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, JoinType, QueryFilter, QueryOrder,
    QuerySelect, RelationTrait, Set,
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
///
/// Every join of a video's channel runs this, so it reads only the five
/// columns an `Annotation` shows rather than both whole rows: that halves
/// the join's time for a video with 200 annotations (the bench).
pub async fn annotations_after(
    db: &impl ConnectionTrait,
    video_id: i64,
    after_id: i64,
    limit: u64,
) -> Result<Vec<Annotation>, DbErr> {
    let rows = annotation::Entity::find()
        .select_only()
        .columns([annotation::Column::Id, annotation::Column::Body, annotation::Column::At, annotation::Column::UserId])
        .column_as(user::Column::Username, "username")
        .join(JoinType::LeftJoin, annotation::Relation::User.def())
        .filter(annotation::Column::VideoId.eq(video_id))
        .filter(annotation::Column::Id.gt(after_id))
        .order_by_asc(annotation::Column::At)
        .order_by_asc(annotation::Column::Id)
        .limit(limit)
        .into_tuple::<(i64, String, i64, i64, Option<String>)>()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(id, body, at, user_id, username)| Annotation { id, body, at, user: User { id: user_id, username: username.unwrap_or_default() } })
        .collect())
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
