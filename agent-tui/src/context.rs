//! chatctl's stored logins ("contexts"), so an agent who ran `chatctl
//! login` need not log in again.
//!
//! The file is chatctl's (`chatctl/src/config.rs`): `CHATCTL_CONFIG`, else
//! `chatctl/config.toml` in the platform config dir. Refresh tokens are
//! single-use and chatd revokes the whole session when one is presented
//! twice, so a refresh here takes chatctl's lock file, re-reads the context,
//! and writes the new pair back before anyone else can use the old one.
//! Writes edit the TOML as a table, so fields this crate does not know
//! survive.

use anyhow::{Context as _, anyhow};
use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

/// One context as agent-tui needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stored {
    /// Context name.
    pub name: String,
    /// Base URL.
    pub server: String,
    /// Who logged in.
    pub email: Option<String>,
    /// Short-lived JWT.
    pub access_token: Option<String>,
    /// When the access token stops working (with chatctl's margin), Unix seconds.
    pub access_expires_at: Option<i64>,
    /// Single-use token for the next pair.
    pub refresh_token: Option<String>,
}

impl Stored {
    /// Whether it holds a login.
    pub fn logged_in(&self) -> bool {
        self.access_token.is_some() || self.refresh_token.is_some()
    }
}

/// chatctl's config file.
#[derive(Debug, Clone)]
pub struct ConfigStore {
    path: PathBuf,
}

/// Holds chatctl's config lock until dropped.
#[derive(Debug)]
pub struct Lock {
    _file: File,
}

impl ConfigStore {
    /// Where chatctl keeps its config; `None` without a home directory.
    pub fn locate() -> Option<Self> {
        if let Some(p) = std::env::var_os("CHATCTL_CONFIG").filter(|p| !p.is_empty()) {
            return Some(Self { path: p.into() });
        }
        let dirs = directories::ProjectDirs::from("", "", "chatctl")?;
        Some(Self {
            path: dirs.config_dir().join("config.toml"),
        })
    }

    /// A store at an explicit path.
    pub fn at(path: impl Into<PathBuf>) -> Self {
        Self { path: path.into() }
    }

    /// The file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn load_table(&self) -> anyhow::Result<toml::Table> {
        match std::fs::read_to_string(&self.path) {
            Ok(text) => text
                .parse::<toml::Table>()
                .with_context(|| format!("{} is not valid TOML", self.path.display())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(toml::Table::new()),
            Err(e) => Err(anyhow!("cannot read {}: {e}", self.path.display())),
        }
    }

    /// The context called `name`; else the one for `server`; else (with
    /// neither given) the current one.
    pub fn pick(&self, name: Option<&str>, server: Option<&str>) -> anyhow::Result<Option<Stored>> {
        let t = self.load_table()?;
        let contexts = t.get("contexts").and_then(toml::Value::as_table);
        let get = |n: &str| contexts.and_then(|c| c.get(n)).map(|v| parse(n, v));
        if let Some(n) = name {
            return get(n)
                .ok_or_else(|| {
                    anyhow!(
                        "no chatctl context named {n:?} in {} (`chatctl context list` shows them)",
                        self.path.display()
                    )
                })
                .map(Some);
        }
        let current = t.get("current").and_then(toml::Value::as_str);
        if let Some(s) = server {
            let s = s.trim_end_matches('/');
            if let Some(c) = current.and_then(get).filter(|c| c.server == s) {
                return Ok(Some(c));
            }
            return Ok(
                contexts.and_then(|cs| cs.iter().map(|(n, v)| parse(n, v)).find(|c| c.server == s))
            );
        }
        Ok(current.and_then(get))
    }

    /// Takes chatctl's exclusive lock, waiting for a running chatctl to finish.
    pub fn lock(&self) -> anyhow::Result<Lock> {
        let dir = self.dir();
        create_private_dir(&dir)?;
        let path = self.path.with_extension("lock");
        let mut o = OpenOptions::new();
        o.write(true).create(true).truncate(false);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut o, 0o600);
        let file = o
            .open(&path)
            .with_context(|| format!("cannot open {}", path.display()))?;
        file.lock()
            .with_context(|| format!("cannot lock {}", path.display()))?;
        Ok(Lock { _file: file })
    }

    /// Stores a new token pair in context `name` (call with the lock held).
    pub fn save_tokens(
        &self,
        name: &str,
        access_token: &str,
        refresh_token: &str,
        access_expires_at: i64,
    ) -> anyhow::Result<()> {
        let mut t = self.load_table()?;
        let ctx = t
            .get_mut("contexts")
            .and_then(toml::Value::as_table_mut)
            .and_then(|c| c.get_mut(name))
            .and_then(toml::Value::as_table_mut)
            .ok_or_else(|| anyhow!("context {name:?} disappeared from {}", self.path.display()))?;
        ctx.insert("access_token".into(), access_token.into());
        ctx.insert("refresh_token".into(), refresh_token.into());
        ctx.insert("access_expires_at".into(), access_expires_at.into());
        let text = toml::to_string(&t).context("cannot encode the config")?;
        let tmp = self
            .path
            .with_extension(format!("toml.tmp{}", std::process::id()));
        let write = || -> std::io::Result<()> {
            let mut o = OpenOptions::new();
            o.write(true).create(true).truncate(true);
            #[cfg(unix)]
            std::os::unix::fs::OpenOptionsExt::mode(&mut o, 0o600);
            let mut f = o.open(&tmp)?;
            f.write_all(text.as_bytes())?;
            f.sync_all()?;
            std::fs::rename(&tmp, &self.path)
        };
        write().map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            anyhow!("cannot write {}: {e}", self.path.display())
        })
    }

    /// Re-reads context `name` (call with the lock held).
    pub fn reload(&self, name: &str) -> anyhow::Result<Stored> {
        self.pick(Some(name), None)?
            .ok_or_else(|| anyhow!("context {name:?} disappeared"))
    }

    fn dir(&self) -> PathBuf {
        self.path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
    }
}

fn parse(name: &str, v: &toml::Value) -> Stored {
    let s = |k: &str| v.get(k).and_then(toml::Value::as_str).map(str::to_string);
    Stored {
        name: name.to_string(),
        server: s("server")
            .unwrap_or_default()
            .trim_end_matches('/')
            .to_string(),
        email: s("email"),
        access_token: s("access_token"),
        access_expires_at: v.get("access_expires_at").and_then(toml::Value::as_integer),
        refresh_token: s("refresh_token"),
    }
}

fn create_private_dir(dir: &Path) -> anyhow::Result<()> {
    let mut b = std::fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut b, 0o700);
    b.create(dir)
        .with_context(|| format!("cannot create {}", dir.display()))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    const FILE: &str = r#"
current = "prod"

[contexts.prod]
server = "http://chat.example:8080/"
email = "sam@example.com"
access_token = "jwt1"
access_expires_at = 100
refresh_token = "rt1"
future_field = "kept"

[contexts.staging]
server = "http://staging:8080"
"#;

    #[test]
    fn picks_contexts_like_chatctl_and_writes_back_tokens() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(&path, FILE).unwrap();
        let store = ConfigStore::at(&path);
        let current = store.pick(None, None).unwrap().unwrap();
        assert_eq!(current.name, "prod");
        assert_eq!(current.server, "http://chat.example:8080");
        assert!(current.logged_in());
        let by_server = store
            .pick(None, Some("http://staging:8080"))
            .unwrap()
            .unwrap();
        assert_eq!(by_server.name, "staging");
        assert!(!by_server.logged_in());
        assert!(store.pick(None, Some("http://other")).unwrap().is_none());
        assert!(store.pick(Some("nope"), None).is_err());

        let _lock = store.lock().unwrap();
        store.save_tokens("prod", "jwt2", "rt2", 200).unwrap();
        let again = store.reload("prod").unwrap();
        assert_eq!(again.access_token.as_deref(), Some("jwt2"));
        assert_eq!(again.refresh_token.as_deref(), Some("rt2"));
        assert_eq!(again.access_expires_at, Some(200));
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains("future_field = \"kept\""), "{text}");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }
}
