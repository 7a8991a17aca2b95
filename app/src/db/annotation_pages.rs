//! A video's annotations a page at a time, for the JSON API: pages are cut
//! by id (the next `limit` ids after `after_id`), which stays stable while
//! annotations are added, and each page is returned in playback order.

use super::{annotation, user};
use crate::models::Annotation;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

/// The `limit` annotations of `video_id` with the smallest ids above
/// `after_id`, sorted by `at`, then `id`.
pub async fn page_by_id(
    db: &impl ConnectionTrait,
    video_id: i64,
    after_id: i64,
    limit: u64,
) -> Result<Vec<Annotation>, DbErr> {
    let rows = annotation::Entity::find()
        .filter(annotation::Column::VideoId.eq(video_id))
        .filter(annotation::Column::Id.gt(after_id))
        .order_by_asc(annotation::Column::Id)
        .limit(limit)
        .find_also_related(user::Entity)
        .all(db)
        .await?;
    let mut page: Vec<Annotation> = rows
        .into_iter()
        .map(|(a, u)| super::queries::to_annotation(a, u))
        .collect();
    page.sort_by_key(|a| (a.at, a.id));
    Ok(page)
}
