//! What chatctl reads from people and scripts: prompts (only at a terminal),
//! a password on stdin, and generated passwords.

use crate::error::{CliError, CliResult};
use crate::output::interactive;
use rand::distr::{Alphanumeric, SampleString};
use std::io::BufRead;

/// Length of generated passwords: 20 alphanumerics, about 119 bits.
const GENERATED_PASSWORD_LEN: usize = 20;

/// The first line of standard input, without its line ending.
pub fn password_from_stdin() -> CliResult<String> {
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| CliError::failure(format!("cannot read the password from stdin: {e}")))?;
    let p = line.trim_end_matches(['\n', '\r']).to_string();
    if p.is_empty() {
        return Err(CliError::usage("--password-stdin got an empty password")
            .hint("pipe the password in, e.g. `printf '%s\\n' \"$PASSWORD\" | chatctl ...`"));
    }
    Ok(p)
}

/// A random password for a new account.
pub fn generate_password() -> String {
    Alphanumeric.sample_string(&mut rand::rng(), GENERATED_PASSWORD_LEN)
}

/// Asks for a line of text at the terminal, or explains which flag to pass.
pub fn prompt_text(prompt: &str, flag: &str) -> CliResult<String> {
    if !interactive() {
        return Err(CliError::usage(format!(
            "{flag} is required when not at a terminal"
        )));
    }
    dialoguer::Input::<String>::new()
        .with_prompt(prompt)
        .interact_text()
        .map_err(|e| CliError::failure(format!("cannot read from the terminal: {e}")))
}

/// Asks for a password at the terminal without echo, or explains which flag to pass.
pub fn prompt_password(prompt: &str) -> CliResult<String> {
    if !interactive() {
        return Err(CliError::usage(
            "no password: not at a terminal, so chatctl cannot ask for it",
        )
        .hint("pass --password-stdin and pipe the password in"));
    }
    dialoguer::Password::new()
        .with_prompt(prompt)
        .interact()
        .map_err(|e| CliError::failure(format!("cannot read from the terminal: {e}")))
}

#[cfg(test)]
mod tests {
    #[test]
    fn generated_passwords_are_long_and_differ() {
        let a = super::generate_password();
        let b = super::generate_password();
        assert_eq!(a.len(), 20);
        assert_ne!(a, b);
        assert!(a.chars().all(|c| c.is_ascii_alphanumeric()));
    }
}
