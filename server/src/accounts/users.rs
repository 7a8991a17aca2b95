//! Registering a user and checking a password: the validation rules of the
//! issue (name required; username unique, 1 to 20 letters, digits, `_` or
//! `-`; password 8 to 100 characters) and Argon2id hashing.

use app::db::user;
use app::forms::{add_error, FieldErrors};
use app::models::User;
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set, SqlErr};
use serde::Deserialize;

pub const USERNAME_MAX: usize = 20;
pub const PASSWORD_MIN: usize = 8;
pub const PASSWORD_MAX: usize = 100;
pub const NAME_MAX: usize = 100;

/// The one message for any failed login, so that it never tells which part
/// was wrong.
pub const INVALID_LOGIN: &str = "invalid username or password";

/// A sign-up as the form or the JSON API sends it; missing fields are empty.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct Registration {
    pub name: String,
    pub username: String,
    pub password: String,
}

#[derive(Debug, thiserror::Error)]
pub enum RegistrationError {
    #[error("the registration is invalid")]
    Invalid(FieldErrors),
    #[error(transparent)]
    Database(#[from] sea_orm::DbErr),
    #[error(transparent)]
    Hashing(#[from] anyhow::Error),
}

/// The messages for each invalid field; empty when all are valid.
pub fn validate(registration: &Registration) -> FieldErrors {
    let mut errors = FieldErrors::new();
    let name = registration.name.trim();
    if name.is_empty() {
        add_error(&mut errors, "name", "can't be blank");
    } else if name.chars().count() > NAME_MAX {
        add_error(&mut errors, "name", format!("should be at most {NAME_MAX} characters"));
    }
    let username = registration.username.trim();
    if username.is_empty() {
        add_error(&mut errors, "username", "can't be blank");
    } else {
        if username.chars().count() > USERNAME_MAX {
            add_error(&mut errors, "username", format!("should be at most {USERNAME_MAX} characters"));
        }
        if !username.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-') {
            add_error(&mut errors, "username", "may contain only letters, digits, _ and -");
        }
    }
    let password_len = registration.password.chars().count();
    if password_len < PASSWORD_MIN {
        add_error(&mut errors, "password", format!("should be at least {PASSWORD_MIN} characters"));
    } else if password_len > PASSWORD_MAX {
        add_error(&mut errors, "password", format!("should be at most {PASSWORD_MAX} characters"));
    }
    errors
}

fn username_taken() -> RegistrationError {
    let mut errors = FieldErrors::new();
    add_error(&mut errors, "username", "has already been taken");
    RegistrationError::Invalid(errors)
}

/// Validates, hashes the password and inserts the user.
pub async fn register(db: &DatabaseConnection, registration: Registration) -> Result<User, RegistrationError> {
    let errors = validate(&registration);
    if !errors.is_empty() {
        return Err(RegistrationError::Invalid(errors));
    }
    let username = registration.username.trim().to_owned();
    // Checked first for a clear message; the unique index below settles races.
    if find_by_username(db, &username).await?.is_some() {
        return Err(username_taken());
    }
    let password_hash = crate::password::hash(registration.password).await?;
    let now = chrono::Utc::now();
    let inserted = user::ActiveModel {
        name: Set(registration.name.trim().to_owned()),
        username: Set(username),
        password_hash: Set(password_hash),
        inserted_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await;
    match inserted {
        Ok(row) => Ok(row.into()),
        Err(err) if matches!(err.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => Err(username_taken()),
        Err(err) => Err(err.into()),
    }
}

async fn find_by_username(db: &DatabaseConnection, username: &str) -> Result<Option<user::Model>, sea_orm::DbErr> {
    user::Entity::find().filter(user::Column::Username.eq(username)).one(db).await
}

/// The user whose username and password these are, or `None` (for either
/// mistake). A password is hashed even for an unknown username, so that the
/// answer takes as long either way.
pub async fn authenticate(db: &DatabaseConnection, username: &str, password: &str) -> anyhow::Result<Option<User>> {
    let found = find_by_username(db, username.trim()).await?;
    let hash = match &found {
        Some(row) => row.password_hash.clone(),
        None => dummy_hash().await?,
    };
    let matches = crate::password::verify(password.to_owned(), hash).await;
    Ok(found.filter(|_| matches).map(User::from))
}

/// An Argon2id hash of a random password, made once, to verify against when
/// the username is unknown.
async fn dummy_hash() -> anyhow::Result<String> {
    static DUMMY: tokio::sync::OnceCell<String> = tokio::sync::OnceCell::const_new();
    DUMMY
        .get_or_try_init(|| crate::password::hash(crate::accounts::session::random_token()))
        .await
        .cloned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn registration(name: &str, username: &str, password: &str) -> Registration {
        Registration { name: name.into(), username: username.into(), password: password.into() }
    }

    #[test]
    fn a_valid_registration_has_no_errors() {
        assert!(validate(&registration("José", "jose_v-1", "12345678")).is_empty());
        assert!(validate(&registration("A", &"a".repeat(20), &"p".repeat(100))).is_empty());
    }

    #[test]
    fn each_rule_names_its_field() {
        let errors = validate(&registration(" ", "", "short"));
        assert_eq!(errors["name"], ["can't be blank"]);
        assert_eq!(errors["username"], ["can't be blank"]);
        assert_eq!(errors["password"], ["should be at least 8 characters"]);
        let errors = validate(&registration("n", &"a".repeat(21), &"p".repeat(101)));
        assert_eq!(errors["username"], ["should be at most 20 characters"]);
        assert_eq!(errors["password"], ["should be at most 100 characters"]);
        let errors = validate(&registration("n", "no spaces!", "12345678"));
        assert_eq!(errors["username"], ["may contain only letters, digits, _ and -"]);
    }
}
