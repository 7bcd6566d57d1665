//! Visitor credentials: the bearer token of the HTTP fallback (header or
//! `?token=`), looked up by hash, and verified identities (`user_id` plus
//! `user_hash`, an HMAC in hex from the website, `chatd::auth::identity`).
#![no_main]

use chatd::auth::identity;
use chatd::auth::secrets::hash_secret;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // A token is only ever hashed; the hash is fixed-size lowercase hex.
    let h = hash_secret(text);
    assert!(
        h.len() == 64
            && h.bytes()
                .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
    );

    // `secret \n user_id \n user_hash`, or the whole input as the hash.
    let mut parts = text.splitn(3, '\n');
    let (secret, user_id, user_hash) = match (parts.next(), parts.next(), parts.next()) {
        (Some(s), Some(u), Some(h)) => (s, u, h),
        _ => ("widget-secret", "42", text),
    };
    let expected = identity::sign(secret, user_id);
    assert_eq!(
        identity::verify(secret, user_id, user_hash),
        user_hash.trim().eq_ignore_ascii_case(&expected),
        "verify({secret:?}, {user_id:?}, {user_hash:?})"
    );
    assert!(identity::verify(secret, user_id, &expected));
    assert!(!identity::verify(secret, user_id, &format!("{expected}0")));
});
