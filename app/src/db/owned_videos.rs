//! A user's own videos: every query here is scoped to the owner, as the
//! book's `user_videos` queries are, so that another user's video is simply
//! not found (the pages and the API answer 404) rather than forbidden.

use super::queries::to_video;
use super::{category, video};
use crate::models::{slugify, Video};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder,
    Set,
};

/// What a user fills in for a video; the slug is derived from the title.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct VideoFields {
    pub title: String,
    pub url: String,
    pub description: String,
    pub category_id: Option<i64>,
}

/// The categories a video can be filed under, by name, as `(id, name)`.
pub async fn categories(db: &impl ConnectionTrait) -> Result<Vec<(i64, String)>, DbErr> {
    let rows = category::Entity::find().order_by_asc(category::Column::Name).all(db).await?;
    Ok(rows.into_iter().map(|c| (c.id, c.name)).collect())
}

/// The id of the category called `name`, compared without regard to case.
pub async fn category_id_by_name(db: &impl ConnectionTrait, name: &str) -> Result<Option<i64>, DbErr> {
    let wanted = name.trim().to_lowercase();
    Ok(categories(db).await?.into_iter().find(|(_, n)| n.to_lowercase() == wanted).map(|(id, _)| id))
}

/// `user_id`'s videos, newest first.
pub async fn list(db: &impl ConnectionTrait, user_id: i64) -> Result<Vec<Video>, DbErr> {
    let rows = video::Entity::find()
        .filter(video::Column::UserId.eq(user_id))
        .find_also_related(category::Entity)
        .order_by_desc(video::Column::Id)
        .all(db)
        .await?;
    Ok(rows.into_iter().map(|(v, c)| to_video(v, c)).collect())
}

/// Video `id` if `user_id` owns it.
pub async fn get(db: &impl ConnectionTrait, user_id: i64, id: i64) -> Result<Option<Video>, DbErr> {
    let row = video::Entity::find_by_id(id)
        .filter(video::Column::UserId.eq(user_id))
        .find_also_related(category::Entity)
        .one(db)
        .await?;
    Ok(row.map(|(v, c)| to_video(v, c)))
}

pub async fn insert(db: &impl ConnectionTrait, user_id: i64, fields: VideoFields) -> Result<Video, DbErr> {
    let now = chrono::Utc::now();
    let row = video::ActiveModel {
        user_id: Set(user_id),
        category_id: Set(fields.category_id),
        slug: Set(slugify(&fields.title)),
        title: Set(fields.title),
        url: Set(fields.url),
        description: Set(fields.description),
        inserted_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    let id = row.id;
    get(db, user_id, id).await?.ok_or(DbErr::RecordNotFound(format!("video {id} just inserted")))
}

/// Updates video `id` if `user_id` owns it; `None` when they do not.
pub async fn update(
    db: &impl ConnectionTrait,
    user_id: i64,
    id: i64,
    fields: VideoFields,
) -> Result<Option<Video>, DbErr> {
    let Some(row) = video::Entity::find_by_id(id).filter(video::Column::UserId.eq(user_id)).one(db).await? else {
        return Ok(None);
    };
    let mut row = row.into_active_model();
    row.slug = Set(slugify(&fields.title));
    row.title = Set(fields.title);
    row.url = Set(fields.url);
    row.description = Set(fields.description);
    row.category_id = Set(fields.category_id);
    row.updated_at = Set(chrono::Utc::now());
    row.update(db).await?;
    get(db, user_id, id).await
}

/// Deletes video `id` if `user_id` owns it; the deleted video, or `None`.
pub async fn delete(db: &impl ConnectionTrait, user_id: i64, id: i64) -> Result<Option<Video>, DbErr> {
    let Some(found) = get(db, user_id, id).await? else {
        return Ok(None);
    };
    video::Entity::delete_many()
        .filter(video::Column::Id.eq(id))
        .filter(video::Column::UserId.eq(user_id))
        .exec(db)
        .await?;
    Ok(Some(found))
}
