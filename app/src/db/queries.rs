//! The queries Rumbl makes, each returning the shared `models` types.
//!
//! Pages, the JSON API and the VideoChannel all go through these, so that an
//! annotation reads the same wherever it is read.

use super::{annotation, category, user, video};
use crate::models::{Annotation, User, Video};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, JoinType, QueryFilter, QueryOrder,
    QuerySelect, RelationTrait, Select, Set,
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

/// The annotations of `video_id` with an id above `after_id`, as a query
/// that reads only the five columns an `Annotation` shows (not both whole
/// rows: every join of a video's channel runs one, and reading whole rows
/// doubled the join's time for a video with 200 annotations, the bench).
/// The caller orders and limits it; `read_annotations` runs it.
pub(super) fn select_annotations(video_id: i64, after_id: i64) -> Select<annotation::Entity> {
    annotation::Entity::find()
        .select_only()
        .columns([annotation::Column::Id, annotation::Column::Body, annotation::Column::At, annotation::Column::UserId])
        .column_as(user::Column::Username, "username")
        .join(JoinType::LeftJoin, annotation::Relation::User.def())
        .filter(annotation::Column::VideoId.eq(video_id))
        .filter(annotation::Column::Id.gt(after_id))
}

/// Runs a `select_annotations` query. An author whose row is gone shows with
/// an empty username.
pub(super) async fn read_annotations(db: &impl ConnectionTrait, query: Select<annotation::Entity>) -> Result<Vec<Annotation>, DbErr> {
    let rows = query.into_tuple::<(i64, String, i64, i64, Option<String>)>().all(db).await?;
    Ok(rows
        .into_iter()
        .map(|(id, body, at, user_id, username)| Annotation { id, body, at, user: User { id: user_id, username: username.unwrap_or_default() } })
        .collect())
}

/// A video's annotations with an id above `after_id`, in playback order
/// (`at`, then `id`), at most `limit` of them.
pub async fn annotations_after(
    db: &impl ConnectionTrait,
    video_id: i64,
    after_id: i64,
    limit: u64,
) -> Result<Vec<Annotation>, DbErr> {
    let query = select_annotations(video_id, after_id)
        .order_by_asc(annotation::Column::At)
        .order_by_asc(annotation::Column::Id)
        .limit(limit);
    read_annotations(db, query).await
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
