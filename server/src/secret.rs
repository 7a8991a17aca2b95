//! `SECRET_KEY_BASE`: the one secret sessions and socket tokens are signed
//! under. When it is not configured it is generated once, written to the data
//! folder readable by its owner only, and read back on every later start, so
//! that restarting the server does not log everyone out.

use anyhow::{bail, Context};
use rand::RngCore;
use std::fs;
use std::io::Write;
use std::path::Path;

const FILE_NAME: &str = "secret_key_base";
const MIN_LEN: usize = 32;

pub fn load_or_generate(configured: Option<&str>, data_dir: &Path) -> anyhow::Result<String> {
    if let Some(secret) = configured {
        if secret.len() < MIN_LEN {
            bail!("SECRET_KEY_BASE must be at least {MIN_LEN} characters long");
        }
        return Ok(secret.to_owned());
    }
    let path = data_dir.join(FILE_NAME);
    match fs::read_to_string(&path) {
        Ok(secret) if secret.trim().len() >= MIN_LEN => return Ok(secret.trim().to_owned()),
        Ok(_) => bail!("{} is too short; delete it to have a new one generated", path.display()),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {}
        Err(err) => return Err(err).with_context(|| format!("reading {}", path.display())),
    }
    let mut bytes = [0u8; 48];
    rand::rng().fill_bytes(&mut bytes);
    let secret = hex::encode(bytes);
    write_owner_only(&path, &secret).with_context(|| format!("writing {}", path.display()))?;
    tracing::info!(path = %path.display(), "generated a new SECRET_KEY_BASE");
    Ok(secret)
}

fn write_owner_only(path: &Path, contents: &str) -> std::io::Result<()> {
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path)?;
    file.write_all(contents.as_bytes())?;
    file.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_once_then_reused_with_owner_only_permissions() {
        let dir = tempfile::tempdir().unwrap();
        let first = load_or_generate(None, dir.path()).unwrap();
        let second = load_or_generate(None, dir.path()).unwrap();
        assert_eq!(first, second);
        assert!(first.len() >= MIN_LEN);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(dir.path().join(FILE_NAME)).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }

    #[test]
    fn a_configured_secret_wins_and_must_be_long_enough() {
        let dir = tempfile::tempdir().unwrap();
        let configured = "x".repeat(40);
        assert_eq!(load_or_generate(Some(&configured), dir.path()).unwrap(), configured);
        assert!(load_or_generate(Some("short"), dir.path()).is_err());
        assert!(!dir.path().join(FILE_NAME).exists());
    }
}
