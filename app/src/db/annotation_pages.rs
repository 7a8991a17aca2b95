//! A video's annotations a page at a time, for the JSON API: pages are cut
//! by id (the next `limit` ids after `after_id`), which stays stable while
//! annotations are added, and each page is returned in playback order.

use super::annotation;
use super::queries::{read_annotations, select_annotations};
use crate::models::Annotation;
use sea_orm::{ConnectionTrait, DbErr, QueryOrder, QuerySelect};

/// The `limit` annotations of `video_id` with the smallest ids above
/// `after_id`, sorted by `at`, then `id`.
pub async fn page_by_id(
    db: &impl ConnectionTrait,
    video_id: i64,
    after_id: i64,
    limit: u64,
) -> Result<Vec<Annotation>, DbErr> {
    let query = select_annotations(video_id, after_id).order_by_asc(annotation::Column::Id).limit(limit);
    let mut page = read_annotations(db, query).await?;
    page.sort_by_key(|a| (a.at, a.id));
    Ok(page)
}
