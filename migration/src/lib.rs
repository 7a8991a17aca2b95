//! The database schema, as an ordered list of migrations.
//!
//! The server applies them at start-up (`server migrate` does only that).
//! Applying them again is a no-op: sea-orm-migration records each one it has
//! run in its `seaql_migrations` table.

pub use sea_orm_migration::prelude::*;

mod m20261203_000001_create_schema;
mod m20261203_000002_create_sessions;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261203_000001_create_schema::Migration),
            Box::new(m20261203_000002_create_sessions::Migration),
        ]
    }
}
