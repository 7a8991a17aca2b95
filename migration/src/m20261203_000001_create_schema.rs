//! Users, categories, videos and annotations: the seed's four tables, and
//! the categories a video can be filed under.
//!
//! Annotations carry `at`, the moment of the video they are pinned to, as
//! integer milliseconds. The two annotation indexes serve the two queries the
//! channel makes: "a video's annotations in playback order" on join, and
//! "a video's annotations after id N" on rejoin with `last_seen_id`.

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261203_000001_create_schema"
    }
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    Name,
    Username,
    PasswordHash,
    InsertedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Categories {
    Table,
    Id,
    Name,
    InsertedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Videos {
    Table,
    Id,
    UserId,
    CategoryId,
    Title,
    Url,
    Description,
    Slug,
    InsertedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Annotations {
    Table,
    Id,
    Body,
    At,
    UserId,
    VideoId,
    InsertedAt,
    UpdatedAt,
}

/// `inserted_at` and `updated_at`, as every table has them.
fn timestamps(table: &mut TableCreateStatement, inserted: impl IntoIden, updated: impl IntoIden) {
    table
        .col(ColumnDef::new(inserted).timestamp_with_time_zone().not_null())
        .col(ColumnDef::new(updated).timestamp_with_time_zone().not_null());
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let mut users = Table::create();
        users
            .table(Users::Table)
            .col(ColumnDef::new(Users::Id).big_integer().not_null().auto_increment().primary_key())
            .col(ColumnDef::new(Users::Name).string().not_null())
            .col(ColumnDef::new(Users::Username).string().not_null().unique_key())
            .col(ColumnDef::new(Users::PasswordHash).string().not_null());
        timestamps(&mut users, Users::InsertedAt, Users::UpdatedAt);
        manager.create_table(users).await?;

        let mut categories = Table::create();
        categories
            .table(Categories::Table)
            .col(ColumnDef::new(Categories::Id).big_integer().not_null().auto_increment().primary_key())
            .col(ColumnDef::new(Categories::Name).string().not_null().unique_key());
        timestamps(&mut categories, Categories::InsertedAt, Categories::UpdatedAt);
        manager.create_table(categories).await?;
        let mut seed_categories = Query::insert();
        seed_categories.into_table(Categories::Table).columns([
            Categories::Name,
            Categories::InsertedAt,
            Categories::UpdatedAt,
        ]);
        for name in ["Action", "Drama", "Romance", "Comedy", "Sci-fi", "Documentary"] {
            seed_categories.values_panic([
                name.into(),
                Expr::current_timestamp().into(),
                Expr::current_timestamp().into(),
            ]);
        }
        manager.exec_stmt(seed_categories).await?;

        let mut videos = Table::create();
        videos
            .table(Videos::Table)
            .col(ColumnDef::new(Videos::Id).big_integer().not_null().auto_increment().primary_key())
            .col(ColumnDef::new(Videos::UserId).big_integer().not_null())
            .col(ColumnDef::new(Videos::CategoryId).big_integer().null())
            .col(ColumnDef::new(Videos::Title).string().not_null())
            .col(ColumnDef::new(Videos::Url).string().not_null())
            .col(ColumnDef::new(Videos::Description).text().not_null().default(""))
            .col(ColumnDef::new(Videos::Slug).string().not_null())
            .foreign_key(
                ForeignKey::create()
                    .from(Videos::Table, Videos::UserId)
                    .to(Users::Table, Users::Id)
                    .on_delete(ForeignKeyAction::Cascade),
            )
            .foreign_key(
                ForeignKey::create()
                    .from(Videos::Table, Videos::CategoryId)
                    .to(Categories::Table, Categories::Id)
                    .on_delete(ForeignKeyAction::SetNull),
            );
        timestamps(&mut videos, Videos::InsertedAt, Videos::UpdatedAt);
        manager.create_table(videos).await?;
        manager
            .create_index(Index::create().name("videos_user_id").table(Videos::Table).col(Videos::UserId).to_owned())
            .await?;

        let mut annotations = Table::create();
        annotations
            .table(Annotations::Table)
            .col(ColumnDef::new(Annotations::Id).big_integer().not_null().auto_increment().primary_key())
            .col(ColumnDef::new(Annotations::Body).text().not_null())
            .col(ColumnDef::new(Annotations::At).big_integer().not_null())
            .col(ColumnDef::new(Annotations::UserId).big_integer().not_null())
            .col(ColumnDef::new(Annotations::VideoId).big_integer().not_null())
            .foreign_key(
                ForeignKey::create()
                    .from(Annotations::Table, Annotations::UserId)
                    .to(Users::Table, Users::Id)
                    .on_delete(ForeignKeyAction::Cascade),
            )
            .foreign_key(
                ForeignKey::create()
                    .from(Annotations::Table, Annotations::VideoId)
                    .to(Videos::Table, Videos::Id)
                    .on_delete(ForeignKeyAction::Cascade),
            );
        timestamps(&mut annotations, Annotations::InsertedAt, Annotations::UpdatedAt);
        manager.create_table(annotations).await?;
        manager
            .create_index(
                Index::create()
                    .name("annotations_video_id_at_id")
                    .table(Annotations::Table)
                    .col(Annotations::VideoId)
                    .col(Annotations::At)
                    .col(Annotations::Id)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("annotations_video_id_id")
                    .table(Annotations::Table)
                    .col(Annotations::VideoId)
                    .col(Annotations::Id)
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            Annotations::Table.into_iden(),
            Videos::Table.into_iden(),
            Categories::Table.into_iden(),
            Users::Table.into_iden(),
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
