//! argon2id password hashing, off the async runtime and bounded in memory.

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher as _, PasswordVerifier, SaltString};
use rand::RngCore;
use std::sync::Arc;
use tokio::sync::Semaphore;

/// Hashes and verifies passwords with argon2id (OWASP defaults: 19 MiB, t=2, p=1).
///
/// Each hash holds 19 MiB for tens of milliseconds, so at most `parallel`
/// run at once (a login flood cannot exhaust memory) and they run in
/// `spawn_blocking` (they would stall every socket on the runtime otherwise).
#[derive(Clone)]
pub struct Passwords {
    permits: Arc<Semaphore>,
}

/// A hash that could not be made or checked.
#[derive(Debug, thiserror::Error)]
#[error("password hashing failed: {0}")]
pub struct HashError(String);

impl Passwords {
    /// A hasher running at most `parallel` hashes at a time.
    pub fn new(parallel: usize) -> Self {
        Self {
            permits: Arc::new(Semaphore::new(parallel.max(1))),
        }
    }

    /// The argon2id PHC string of `password`.
    pub async fn hash(&self, password: &str) -> Result<String, HashError> {
        let _permit = self
            .permits
            .acquire()
            .await
            .map_err(|e| HashError(e.to_string()))?;
        let password = password.to_string();
        tokio::task::spawn_blocking(move || hash_now(&password))
            .await
            .map_err(|e| HashError(e.to_string()))?
    }

    /// Whether `password` matches `phc`. A malformed hash never matches.
    pub async fn verify(&self, password: &str, phc: &str) -> Result<bool, HashError> {
        let _permit = self
            .permits
            .acquire()
            .await
            .map_err(|e| HashError(e.to_string()))?;
        let (password, phc) = (password.to_string(), phc.to_string());
        tokio::task::spawn_blocking(move || {
            PasswordHash::new(&phc)
                .map(|h| {
                    Argon2::default()
                        .verify_password(password.as_bytes(), &h)
                        .is_ok()
                })
                .unwrap_or(false)
        })
        .await
        .map_err(|e| HashError(e.to_string()))
    }
}

fn hash_now(password: &str) -> Result<String, HashError> {
    let mut salt = [0u8; 16];
    rand::rng().fill_bytes(&mut salt);
    let salt = SaltString::encode_b64(&salt).map_err(|e| HashError(e.to_string()))?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| HashError(e.to_string()))
}

/// A PHC string that no password matches; verified against when the email is
/// unknown so that a login takes as long for unknown users as for known ones.
pub const NO_USER_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$Ww3E5Ji8Dg0Tn1Q0cMJCZpNvr4HOfqg6kR4qJ8n1Zc0";

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hash_then_verify() {
        let p = Passwords::new(1);
        let h = p.hash("correct horse").await.unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(p.verify("correct horse", &h).await.unwrap());
        assert!(!p.verify("wrong horse", &h).await.unwrap());
        assert!(!p.verify("x", NO_USER_HASH).await.unwrap());
        assert!(!p.verify("x", "not a hash").await.unwrap());
    }
}
