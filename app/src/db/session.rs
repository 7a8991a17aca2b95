//! The `sessions` table and its queries: a logged-in browser or API client,
//! found by the SHA-256 of the random token its cookie carries. Deleting the
//! row is what logging out means, so an old cookie stops working at once.

use crate::models::User;
use sea_orm::entity::prelude::*;
use sea_orm::{ActiveModelTrait, ConnectionTrait, QueryFilter, Set};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sessions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub user_id: i64,
    #[sea_orm(unique)]
    pub token_hash: String,
    pub inserted_at: DateTimeUtc,
    pub expires_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(belongs_to = "super::user::Entity", from = "Column::UserId", to = "super::user::Column::Id")]
    User,
}

impl Related<super::user::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::User.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}

/// Records a session for `user_id` under `token_hash`, valid until `expires_at`.
pub async fn insert(
    db: &impl ConnectionTrait,
    user_id: i64,
    token_hash: String,
    expires_at: DateTimeUtc,
) -> Result<(), DbErr> {
    ActiveModel {
        user_id: Set(user_id),
        token_hash: Set(token_hash),
        inserted_at: Set(chrono::Utc::now()),
        expires_at: Set(expires_at),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// The user of the unexpired session stored under `token_hash`, if any.
pub async fn find_user(db: &impl ConnectionTrait, token_hash: &str) -> Result<Option<User>, DbErr> {
    let found = Entity::find()
        .filter(Column::TokenHash.eq(token_hash))
        .filter(Column::ExpiresAt.gt(chrono::Utc::now()))
        .find_also_related(super::user::Entity)
        .one(db)
        .await?;
    Ok(found.and_then(|(_, user)| user).map(User::from))
}

/// Ends the session stored under `token_hash`; returns the user it belonged to.
pub async fn delete(db: &impl ConnectionTrait, token_hash: &str) -> Result<Option<i64>, DbErr> {
    let Some(row) = Entity::find().filter(Column::TokenHash.eq(token_hash)).one(db).await? else {
        return Ok(None);
    };
    let user_id = row.user_id;
    Entity::delete_by_id(row.id).exec(db).await?;
    Ok(Some(user_id))
}
