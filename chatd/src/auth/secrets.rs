//! Opaque random secrets (refresh tokens, API tokens, site keys) and their hashes.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore;
use sha2::{Digest, Sha256};

/// Prefix of API token secrets, so scanners and people recognise them.
pub const API_TOKEN_PREFIX: &str = "chatd_pat_";

/// `bytes` random bytes, base64url without padding.
pub fn random_b64(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    rand::rng().fill_bytes(&mut buf);
    URL_SAFE_NO_PAD.encode(buf)
}

/// A password for a generated account: 24 characters from an unambiguous alphabet.
pub fn random_password() -> String {
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut rng = rand::rng();
    (0..24)
        .map(|_| ALPHABET[(rng.next_u32() as usize) % ALPHABET.len()] as char)
        .collect()
}

/// A new public site key.
pub fn new_site_key() -> String {
    format!("sk_{}", random_b64(18))
}

/// A new API token secret.
pub fn new_api_token() -> String {
    format!("{API_TOKEN_PREFIX}{}", random_b64(32))
}

/// SHA-256 of a secret, hex. Secrets are long and random, so a fast hash is
/// enough: there is nothing to brute-force.
pub fn hash_secret(secret: &str) -> String {
    let d = Sha256::digest(secret.as_bytes());
    d.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_distinct_and_shaped() {
        assert_ne!(new_api_token(), new_api_token());
        assert!(new_api_token().starts_with(API_TOKEN_PREFIX));
        assert!(new_site_key().starts_with("sk_"));
        assert_eq!(random_password().len(), 24);
        assert_eq!(hash_secret("a").len(), 64);
        assert_eq!(hash_secret("a"), hash_secret("a"));
    }
}
