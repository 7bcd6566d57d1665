//! Verified visitors: a website signs its user's id with the widget's
//! identity secret (HMAC-SHA256), and chatd checks the signature.
//!
//! The secret is derived, not stored: HMAC of the widget's id and site key
//! under a key derived from the server's signing key. Rotating the site key
//! therefore rotates it too, and no database row holds it.

use hmac::{Hmac, Mac};
use proto::widgets::Widget;
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

fn mac(key: &[u8], parts: &[&[u8]]) -> Vec<u8> {
    // Any key length is valid for HMAC; new_from_slice cannot fail.
    let mut m = match HmacSha256::new_from_slice(key) {
        Ok(m) => m,
        Err(_) => return Vec::new(),
    };
    for p in parts {
        m.update(p);
    }
    m.finalize().into_bytes().to_vec()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The key widgets' identity secrets are derived from.
#[derive(Clone)]
pub struct IdentityKeys {
    master: Vec<u8>,
}

impl std::fmt::Debug for IdentityKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("IdentityKeys(redacted)")
    }
}

impl IdentityKeys {
    /// Keys derived from the server's signing secret.
    pub fn from_secret(secret: &[u8]) -> Self {
        Self {
            master: mac(secret, &[b"chatd identity secrets v1"]),
        }
    }

    /// The identity secret of `widget` (hex), as shown to its operator.
    pub fn widget_secret(&self, widget: &Widget) -> String {
        hex(&mac(
            &self.master,
            &[widget.id.as_bytes(), b":", widget.site_key.as_bytes()],
        ))
    }
}

/// Whether `user_hash` is hex(HMAC-SHA256(key = secret, message = user_id)),
/// compared in constant time.
pub fn verify(secret: &str, user_id: &str, user_hash: &str) -> bool {
    let Ok(mut m) = HmacSha256::new_from_slice(secret.as_bytes()) else {
        return false;
    };
    m.update(user_id.as_bytes());
    let Some(given) = decode_hex(user_hash.trim()) else {
        return false;
    };
    m.verify_slice(&given).is_ok()
}

fn decode_hex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect()
}

/// What a website computes for `user_id` (used by tests and docs).
pub fn sign(secret: &str, user_id: &str) -> String {
    hex(&mac(secret.as_bytes(), &[user_id.as_bytes()]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_verify_and_tampering_fails() {
        let s = "s3cret";
        let h = sign(s, "42");
        assert!(verify(s, "42", &h));
        assert!(
            verify(s, "42", &h.to_uppercase()),
            "hex case does not matter"
        );
        assert!(!verify(s, "43", &h));
        assert!(!verify("other", "42", &h));
        assert!(!verify(s, "42", "zz"));
        assert!(!verify(s, "42", ""));
        // A known vector: HMAC-SHA256(key="key", "The quick brown fox jumps over the lazy dog").
        assert_eq!(
            sign("key", "The quick brown fox jumps over the lazy dog"),
            "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8"
        );
    }
}
