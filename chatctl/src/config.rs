//! The config file: named contexts, each a server and the tokens of one login.
//!
//! It holds secrets, so it is written with mode 0600 (in a 0700 directory),
//! through a temporary file and a rename so a crash never leaves half of it.
//! Changes that read, ask the server and write back (login, token refresh)
//! hold an exclusive lock on a file beside it: two chatctl processes
//! refreshing at once would otherwise both present the same single-use
//! refresh token, and chatd revokes the whole session when it sees one twice.

use crate::error::{CliError, CliResult};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

/// The whole file.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct ConfigFile {
    /// Name of the context used when none is given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current: Option<String>,
    /// Contexts by name.
    #[serde(default)]
    pub contexts: BTreeMap<String, Context>,
}

/// One server and the login on it.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Context {
    /// Base URL.
    pub server: String,
    /// Who logged in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Short-lived JWT.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_token: Option<String>,
    /// When `access_token` stops working, Unix seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_expires_at: Option<i64>,
    /// Single-use token that buys the next pair.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
}

impl Context {
    /// Whether the context holds a login.
    pub fn logged_in(&self) -> bool {
        self.access_token.is_some() || self.refresh_token.is_some()
    }
}

impl ConfigFile {
    /// The first context whose server is `server`.
    pub fn context_for_server(&self, server: &str) -> Option<&str> {
        if let Some(cur) = &self.current
            && self.contexts.get(cur).is_some_and(|c| c.server == server)
        {
            return Some(cur);
        }
        self.contexts
            .iter()
            .find(|(_, c)| c.server == server)
            .map(|(n, _)| n.as_str())
    }
}

/// Where the config file is and how to read and write it.
#[derive(Debug, Clone)]
pub struct ConfigStore {
    path: PathBuf,
}

/// Holds the config lock until dropped.
#[derive(Debug)]
pub struct ConfigLock {
    _file: File,
}

impl ConfigStore {
    /// `CHATCTL_CONFIG`, else `chatctl/config.toml` in the platform config
    /// dir (which honours `XDG_CONFIG_HOME`).
    pub fn locate() -> CliResult<Self> {
        if let Some(p) = std::env::var_os("CHATCTL_CONFIG").filter(|p| !p.is_empty()) {
            return Ok(Self { path: p.into() });
        }
        let dirs = directories::ProjectDirs::from("", "", "chatctl").ok_or_else(|| {
            CliError::usage("cannot find a config directory (no home directory)")
                .hint("set CHATCTL_CONFIG to a file path, or use CHATCTL_SERVER and CHATCTL_TOKEN")
        })?;
        Ok(Self {
            path: dirs.config_dir().join("config.toml"),
        })
    }

    /// A store at an explicit path.
    #[cfg(test)]
    pub fn at(path: impl Into<PathBuf>) -> Self {
        Self { path: path.into() }
    }

    /// The file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Reads the file; a missing file is an empty config.
    pub fn load(&self) -> CliResult<ConfigFile> {
        let text = match std::fs::read_to_string(&self.path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(ConfigFile::default());
            }
            Err(e) => {
                return Err(CliError::failure(format!(
                    "cannot read {}: {e}",
                    self.path.display()
                )));
            }
        };
        toml::from_str(&text).map_err(|e| {
            CliError::usage(format!(
                "config file {} is invalid: {e}",
                self.path.display()
            ))
            .hint("fix it, or delete it and log in again")
        })
    }

    /// Writes the whole file with mode 0600.
    pub fn save(&self, cfg: &ConfigFile) -> CliResult<()> {
        let text = toml::to_string(cfg)
            .map_err(|e| CliError::failure(format!("cannot encode the config: {e}")))?;
        let dir = self.dir();
        create_private_dir(&dir)?;
        let tmp = self
            .path
            .with_extension(format!("toml.tmp{}", std::process::id()));
        let write = || -> std::io::Result<()> {
            let mut f = private_file(&tmp)?;
            f.write_all(text.as_bytes())?;
            f.sync_all()?;
            std::fs::rename(&tmp, &self.path)
        };
        write().map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            CliError::failure(format!("cannot write {}: {e}", self.path.display()))
        })
    }

    /// Takes the exclusive lock beside the file, waiting for another chatctl to finish.
    pub fn lock(&self) -> CliResult<ConfigLock> {
        let dir = self.dir();
        create_private_dir(&dir)?;
        let path = self.path.with_extension("lock");
        let file = private_file_keep(&path)
            .map_err(|e| CliError::failure(format!("cannot open {}: {e}", path.display())))?;
        file.lock()
            .map_err(|e| CliError::failure(format!("cannot lock {}: {e}", path.display())))?;
        Ok(ConfigLock { _file: file })
    }

    /// Load, change and save under the lock.
    pub fn update<R>(&self, f: impl FnOnce(&mut ConfigFile) -> CliResult<R>) -> CliResult<R> {
        let _lock = self.lock()?;
        let mut cfg = self.load()?;
        let r = f(&mut cfg)?;
        self.save(&cfg)?;
        Ok(r)
    }

    fn dir(&self) -> PathBuf {
        self.path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
    }
}

fn create_private_dir(dir: &Path) -> CliResult<()> {
    let mut b = std::fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut b, 0o700);
    b.create(dir)
        .map_err(|e| CliError::failure(format!("cannot create {}: {e}", dir.display())))
}

/// Creates (truncating) a file only its owner can read.
fn private_file(path: &Path) -> std::io::Result<File> {
    let mut o = OpenOptions::new();
    o.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut o, 0o600);
    let f = o.open(path)?;
    // `mode` only applies when the file is created; a file left by an older
    // run may have wider permissions.
    #[cfg(unix)]
    f.set_permissions(std::os::unix::fs::PermissionsExt::from_mode(0o600))?;
    Ok(f)
}

fn private_file_keep(path: &Path) -> std::io::Result<File> {
    let mut o = OpenOptions::new();
    o.write(true).create(true).truncate(false);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut o, 0o600);
    o.open(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saves_with_mode_0600_and_reads_back() {
        let dir = tempfile::tempdir().unwrap();
        let store = ConfigStore::at(dir.path().join("sub/config.toml"));
        assert_eq!(store.load().unwrap(), ConfigFile::default());
        let mut cfg = ConfigFile {
            current: Some("prod".into()),
            ..Default::default()
        };
        cfg.contexts.insert(
            "prod".into(),
            Context {
                server: "https://chat.example.com".into(),
                email: Some("a@example.com".into()),
                access_token: Some("jwt".into()),
                access_expires_at: Some(1),
                refresh_token: Some("rt_x".into()),
            },
        );
        store.save(&cfg).unwrap();
        assert_eq!(store.load().unwrap(), cfg);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(store.path())
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        assert_eq!(
            cfg.context_for_server("https://chat.example.com"),
            Some("prod")
        );
        assert_eq!(cfg.context_for_server("https://other"), None);
    }
}
