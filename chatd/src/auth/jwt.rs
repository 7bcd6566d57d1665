//! Short-lived JWT access tokens signed with a key kept in the data dir.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use proto::auth::Role;
use rand::RngCore;
use serde::{Deserialize, Serialize};
use std::io::Write;
use std::path::Path;
use uuid::Uuid;

const ISSUER: &str = "chatd";
const AUDIENCE: &str = "chatd-api";

/// Claims of an access token.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Claims {
    /// The user id.
    pub sub: Uuid,
    /// The role at the time of issue (re-checked against the store on use).
    pub role: Role,
    /// Issued at, Unix seconds.
    pub iat: u64,
    /// Expiry, Unix seconds.
    pub exp: u64,
    /// Always `chatd`.
    pub iss: String,
    /// Always `chatd-api`.
    pub aud: String,
}

/// Signing and verification keys.
#[derive(Clone)]
pub struct JwtKeys {
    enc: EncodingKey,
    dec: DecodingKey,
    validation: Validation,
    /// Widgets' identity secrets, derived from the same key file.
    pub identity: super::identity::IdentityKeys,
}

impl std::fmt::Debug for JwtKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("JwtKeys(redacted)")
    }
}

/// The key file could not be read or written.
#[derive(Debug, thiserror::Error)]
#[error("JWT key file {path}: {reason}")]
pub struct KeyFileError {
    path: String,
    reason: String,
}

impl JwtKeys {
    /// Keys from raw secret bytes (HS256).
    pub fn from_secret(secret: &[u8]) -> Self {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_issuer(&[ISSUER]);
        validation.set_audience(&[AUDIENCE]);
        validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
        validation.leeway = 5;
        Self {
            enc: EncodingKey::from_secret(secret),
            dec: DecodingKey::from_secret(secret),
            validation,
            identity: super::identity::IdentityKeys::from_secret(secret),
        }
    }

    /// Loads `jwt.key` from `data_dir`, creating it (mode 0600) on first start.
    pub fn load_or_create(data_dir: &Path) -> Result<Self, KeyFileError> {
        let path = data_dir.join("jwt.key");
        let err = |reason: String| KeyFileError {
            path: path.display().to_string(),
            reason,
        };
        let parse = |text: String| {
            let secret = STANDARD
                .decode(text.trim())
                .map_err(|e| err(format!("not base64: {e}")))?;
            if secret.len() < 32 {
                return Err(err("shorter than 32 bytes".into()));
            }
            Ok(Self::from_secret(&secret))
        };
        match std::fs::read_to_string(&path) {
            Ok(text) => parse(text),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let mut secret = [0u8; 64];
                rand::rng().fill_bytes(&mut secret);
                // Nodes sharing a data dir may start together: the key is
                // written whole under a private name and linked into place,
                // which fails if another node got there first; then theirs
                // is the key of the cluster.
                let tmp = path.with_file_name(format!("jwt.key.{}", uuid::Uuid::new_v4()));
                write_private_file(&tmp, STANDARD.encode(secret).as_bytes())
                    .map_err(|e| err(e.to_string()))?;
                let linked = std::fs::hard_link(&tmp, &path);
                let _ = std::fs::remove_file(&tmp);
                match linked {
                    Ok(()) => Ok(Self::from_secret(&secret)),
                    Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                        parse(std::fs::read_to_string(&path).map_err(|e| err(e.to_string()))?)
                    }
                    Err(e) => Err(err(e.to_string())),
                }
            }
            Err(e) => Err(err(e.to_string())),
        }
    }

    /// A signed access token for `user` valid for `ttl_secs`.
    pub fn issue(
        &self,
        user: Uuid,
        role: Role,
        ttl_secs: u64,
    ) -> Result<String, jsonwebtoken::errors::Error> {
        let now = unix_now();
        let claims = Claims {
            sub: user,
            role,
            iat: now,
            exp: now + ttl_secs,
            iss: ISSUER.into(),
            aud: AUDIENCE.into(),
        };
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.enc)
    }

    /// The claims of a valid token; `None` for anything expired, tampered or foreign.
    pub fn verify(&self, token: &str) -> Option<Claims> {
        jsonwebtoken::decode::<Claims>(token, &self.dec, &self.validation)
            .ok()
            .map(|d| d.claims)
    }
}

/// Seconds since the Unix epoch.
pub fn unix_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// Writes a file only its owner can read, created with mode 0600 from the
/// start (never world-readable, not even for a moment).
pub fn write_private_file(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    use std::os::unix::fs::OpenOptionsExt;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(path)?;
    f.write_all(contents)?;
    f.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nodes_starting_together_share_one_key() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().to_path_buf();
        let keys: Vec<JwtKeys> = std::thread::scope(|s| {
            let handles: Vec<_> = (0..8)
                .map(|_| s.spawn(|| JwtKeys::load_or_create(&path).unwrap()))
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        let token = keys[0].issue(Uuid::new_v4(), Role::Agent, 60).unwrap();
        assert!(keys.iter().all(|k| k.verify(&token).is_some()));
        let files: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(files.len(), 1, "temporary key files were left behind");
    }

    #[test]
    fn issue_verify_and_reject() {
        let k = JwtKeys::from_secret(&[7u8; 64]);
        let id = Uuid::new_v4();
        let t = k.issue(id, Role::Agent, 60).unwrap();
        let c = k.verify(&t).unwrap();
        assert_eq!(c.sub, id);
        assert_eq!(c.role, Role::Agent);
        let other = JwtKeys::from_secret(&[8u8; 64]);
        assert!(other.verify(&t).is_none());
        let mut tampered = t.clone();
        tampered.pop();
        assert!(k.verify(&tampered).is_none());
    }

    #[test]
    fn key_file_is_private_and_reused() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let a = JwtKeys::load_or_create(dir.path()).unwrap();
        let mode = std::fs::metadata(dir.path().join("jwt.key"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
        let b = JwtKeys::load_or_create(dir.path()).unwrap();
        let t = a.issue(Uuid::new_v4(), Role::Admin, 60).unwrap();
        assert!(b.verify(&t).is_some());
    }
}
