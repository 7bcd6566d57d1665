//! The committed completions and man pages match the clap definitions.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::Command;

#[test]
fn committed_completions_and_man_pages_are_current() {
    let out = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["gen", "--check"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn every_command_has_a_man_page_and_chatctl_documents_exit_codes() {
    let files = xtask::generate().unwrap();
    for page in [
        "man/chatctl.1",
        "man/chatctl-widget-faq-add.1",
        "man/chatctl-apply.1",
        "man/chatctl-token-revoke.1",
        "man/chatd.1",
        "man/chatd-admin-create.1",
        "completions/chatctl.bash",
        "completions/_chatctl",
        "completions/chatctl.fish",
        "completions/_chatctl.ps1",
        "completions/chatd.bash",
    ] {
        assert!(files.contains_key(std::path::Path::new(page)), "{page}");
    }
    let top = String::from_utf8(files[std::path::Path::new("man/chatctl.1")].clone()).unwrap();
    assert!(top.contains(".SH \"EXIT STATUS\""), "{top}");
    assert!(top.contains("\\fB4\\fR\nconflict"), "{top}");
    assert!(top.contains("CHATCTL_TOKEN"), "{top}");
    assert!(!files.keys().any(|p| p.to_string_lossy().contains("help")));
}
