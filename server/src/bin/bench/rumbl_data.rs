//! Rumbl's data for the benchmark, written into a fresh SQLite file before
//! the server starts: one user (every socket signs in as it), the join video
//! with 200 annotations, and 100 videos whose topics the other scenarios use.

use crate::target::Topics;
use anyhow::Context;
use app::db::{annotation, user, video};
use sea_orm::{ActiveModelTrait, EntityTrait, Set};
use server::config::Config;
use std::path::Path;

/// A fixed secret, so the generator can sign socket tokens itself.
pub const SECRET_KEY_BASE: &str = "rumbl-bench-secret-key-base-not-for-production-0123456789";
pub const JOIN_ANNOTATIONS: usize = 200;
pub const IDLE_TOPICS: usize = 100;

pub struct Prepared {
    pub user_id: i64,
    pub topics: Topics,
}

pub async fn prepare(data_dir: &Path) -> anyhow::Result<Prepared> {
    let config = Config::for_data_dir(data_dir);
    let db = server::open_database(&config).await.context("opening Rumbl's database")?;
    let now = chrono::Utc::now();
    let bench_user = user::ActiveModel {
        name: Set("Bench".into()),
        username: Set("bench".into()),
        password_hash: Set("not-a-hash: this user cannot log in".into()),
        inserted_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&db)
    .await
    .context("inserting the bench user")?;

    let new_video = |n: usize| video::ActiveModel {
        user_id: Set(bench_user.id),
        category_id: Set(None),
        title: Set(format!("Bench video {n}")),
        url: Set("/media/bench.mp4".into()),
        description: Set("Made by the benchmark.".into()),
        slug: Set(format!("bench-video-{n}")),
        inserted_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    };
    let join_video = new_video(0).insert(&db).await.context("inserting the join video")?;
    let annotations = (1..=JOIN_ANNOTATIONS).map(|i| annotation::ActiveModel {
        body: Set(format!("annotation number {i} of the join benchmark")),
        at: Set(i as i64 * 1000),
        user_id: Set(bench_user.id),
        video_id: Set(join_video.id),
        inserted_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    });
    annotation::Entity::insert_many(annotations)
        .exec_without_returning(&db)
        .await
        .context("inserting the join video's annotations")?;
    let mut idle = Vec::with_capacity(IDLE_TOPICS);
    for n in 1..=IDLE_TOPICS {
        let row = new_video(n).insert(&db).await.context("inserting a video")?;
        idle.push(format!("videos:{}", row.id));
    }
    db.close().await.context("closing the database")?;
    Ok(Prepared { user_id: bench_user.id, topics: Topics { join: format!("videos:{}", join_video.id), idle } })
}
