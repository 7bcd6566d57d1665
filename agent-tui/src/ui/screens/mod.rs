//! Whole screens.

pub mod login;
pub mod supervisor;
pub mod workspace;
