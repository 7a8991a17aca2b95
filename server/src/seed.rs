//! The demo: a user, the two sample videos from `media/`, and a dozen
//! annotations spread over each, so that a fresh start has something to
//! watch. Inserted on first start with an empty database, or by `server seed`.

use anyhow::Context;
use app::db::{annotation, user, video};
use app::models::slugify;
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, Set, TransactionTrait};

pub const DEMO_USERNAME: &str = "demo";
/// Not a secret: the demo account's password, printed in the README.
pub const DEMO_PASSWORD: &str = "demo-password";

struct DemoVideo {
    title: &'static str,
    file: &'static str,
    description: &'static str,
    length_ms: i64,
}

const DEMO_VIDEOS: [DemoVideo; 2] = [
    DemoVideo {
        title: "City at Night",
        file: "city-cc0.webm",
        description: "A night-time city skyline, looped four times (CC0, from the Kivy examples).",
        length_ms: 30_400,
    },
    DemoVideo {
        title: "Test Pattern",
        file: "testsrc-90s.webm",
        description: "Ninety seconds of test pattern with a running frame counter and a 440 Hz tone.",
        length_ms: 90_000,
    },
];

const DEMO_REMARKS: [&str; 12] = [
    "Here we go.",
    "Watch the left side.",
    "Nice detail here.",
    "This part again!",
    "Look at that.",
    "Halfway through.",
    "Steady shot.",
    "My favourite moment.",
    "Notice the change?",
    "Almost there.",
    "Great ending coming up.",
    "That's it, thanks for watching.",
];

pub async fn seed_demo_if_empty(db: &DatabaseConnection) -> anyhow::Result<()> {
    if user::Entity::find().count(db).await? == 0 {
        seed_demo(db).await?;
    }
    Ok(())
}

/// Inserts the demo in one transaction; does nothing if the demo user exists.
pub async fn seed_demo(db: &DatabaseConnection) -> anyhow::Result<()> {
    let existing = user::Entity::find().filter(user::Column::Username.eq(DEMO_USERNAME)).one(db).await?;
    if existing.is_some() {
        tracing::info!("the demo is already there");
        return Ok(());
    }
    let password_hash = crate::password::hash(DEMO_PASSWORD.to_owned()).await?;
    let now = chrono::Utc::now();
    let txn = db.begin().await?;
    let demo = user::ActiveModel {
        name: Set("Demo User".into()),
        username: Set(DEMO_USERNAME.into()),
        password_hash: Set(password_hash),
        inserted_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .context("inserting the demo user")?;
    for demo_video in &DEMO_VIDEOS {
        let row = video::ActiveModel {
            user_id: Set(demo.id),
            category_id: Set(None),
            title: Set(demo_video.title.into()),
            url: Set(format!("{}/{}", crate::media::PREFIX, demo_video.file)),
            description: Set(demo_video.description.into()),
            slug: Set(slugify(demo_video.title)),
            inserted_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await
        .context("inserting a demo video")?;
        let step = demo_video.length_ms / (DEMO_REMARKS.len() as i64 + 1);
        for (i, remark) in DEMO_REMARKS.iter().enumerate() {
            annotation::ActiveModel {
                body: Set((*remark).into()),
                at: Set(step * (i as i64 + 1)),
                user_id: Set(demo.id),
                video_id: Set(row.id),
                inserted_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(&txn)
            .await
            .context("inserting a demo annotation")?;
        }
    }
    txn.commit().await?;
    tracing::info!("seeded the demo: user `{DEMO_USERNAME}`, {} videos", DEMO_VIDEOS.len());
    Ok(())
}
