//! Credentials: password hashing, JWT access tokens, opaque secrets.

pub mod identity;
pub mod jwt;
pub mod password;
pub mod secrets;
