//! Access-token checking (`chatd::auth::jwt::JwtKeys::verify`), as on every
//! authenticated request and agent socket hello. The fuzzer does not know the
//! key, so no input may verify: not garbage, not a token signed with another
//! key, not `alg: none`, not an RS/ES header on an HS key. With the input as
//! claims, a token signed with a wrong key must fail while the right key
//! accepts exactly the tokens whose claims are valid.
#![no_main]

use chatd::auth::jwt::{Claims, JwtKeys};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use libfuzzer_sys::fuzz_target;
use std::sync::LazyLock;

static SERVER: LazyLock<JwtKeys> = LazyLock::new(|| JwtKeys::from_secret(&[0x5a; 64]));
const WRONG: &[u8] = &[0xa5; 64];

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        assert!(SERVER.verify(text).is_none(), "forged: {text}");
        assert!(SERVER.verify(text.trim()).is_none(), "forged: {text}");
    }
    // The input as claims, signed with the wrong key.
    if let Ok(claims) = serde_json::from_slice::<serde_json::Value>(data) {
        for alg in [Algorithm::HS256, Algorithm::HS384, Algorithm::HS512] {
            if let Ok(t) =
                jsonwebtoken::encode(&Header::new(alg), &claims, &EncodingKey::from_secret(WRONG))
            {
                assert!(SERVER.verify(&t).is_none(), "wrong key accepted: {t}");
            }
        }
        // Signed with the right key: accepted only with complete, valid claims.
        if let Ok(t) = jsonwebtoken::encode(
            &Header::new(Algorithm::HS256),
            &claims,
            &EncodingKey::from_secret(&[0x5a; 64]),
        ) && let Some(c) = SERVER.verify(&t)
        {
            let now = chatd::auth::jwt::unix_now();
            assert!(c.exp + 5 >= now, "expired token accepted: {claims}");
            assert_eq!((c.iss.as_str(), c.aud.as_str()), ("chatd", "chatd-api"));
            let _: &Claims = &c;
        }
    }
});
