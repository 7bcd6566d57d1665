//! Input checks shared by the handlers, each answering with a message that
//! names the field.

use super::error::ApiError;

/// Lower-cases and checks an email address.
pub fn email(raw: &str) -> Result<String, ApiError> {
    let e = raw.trim().to_lowercase();
    let ok = e.len() <= 254
        && e.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty() && !domain.is_empty() && !domain.contains('@')
        })
        && !e.chars().any(char::is_whitespace);
    if ok {
        Ok(e)
    } else {
        Err(ApiError::BadRequest(format!(
            "email: {raw:?} is not an email address"
        )))
    }
}

/// Checks a new password's length.
pub fn password(p: &str) -> Result<(), ApiError> {
    let n = p.chars().count();
    if n < 8 {
        return Err(ApiError::BadRequest(
            "password: must be at least 8 characters".into(),
        ));
    }
    if p.len() > 1024 {
        return Err(ApiError::BadRequest(
            "password: must be at most 1024 bytes".into(),
        ));
    }
    Ok(())
}

/// Checks that a text field is non-empty (when `required`) and not too long.
pub fn text(field: &str, value: &str, max_chars: usize, required: bool) -> Result<(), ApiError> {
    if required && value.trim().is_empty() {
        return Err(ApiError::BadRequest(format!("{field}: must not be empty")));
    }
    if value.chars().count() > max_chars {
        return Err(ApiError::BadRequest(format!(
            "{field}: must be at most {max_chars} characters"
        )));
    }
    Ok(())
}

/// Checks a `#rrggbb` color.
pub fn color(field: &str, value: &str) -> Result<(), ApiError> {
    let ok = value.len() == 7
        && value.starts_with('#')
        && value[1..].chars().all(|c| c.is_ascii_hexdigit());
    if ok {
        Ok(())
    } else {
        Err(ApiError::BadRequest(format!(
            "{field}: {value:?} is not a #rrggbb color"
        )))
    }
}

/// Checks an allowed origin: `*` or `scheme://host[:port]` with no path.
pub fn origin(value: &str) -> Result<(), ApiError> {
    if value == "*" {
        return Ok(());
    }
    let bad = || {
        ApiError::BadRequest(format!(
            "allowed_origins: {value:?} must be * or like https://example.com (scheme and host, no path)"
        ))
    };
    let (scheme, rest) = value.split_once("://").ok_or_else(bad)?;
    if !matches!(scheme, "http" | "https")
        || rest.is_empty()
        || rest.contains('/')
        || rest.ends_with(':')
    {
        return Err(bad());
    }
    if rest
        .chars()
        .any(|c| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']' | '*')))
    {
        return Err(bad());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails() {
        assert_eq!(email(" Ann@Example.COM ").unwrap(), "ann@example.com");
        for bad in ["", "ann", "@x", "ann@", "a b@c", "a@b@c"] {
            assert!(email(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn origins() {
        for ok in [
            "*",
            "https://example.com",
            "http://localhost:8080",
            "https://*.example.com",
        ] {
            assert!(origin(ok).is_ok(), "{ok}");
        }
        for bad in [
            "example.com",
            "https://example.com/",
            "ftp://x",
            "https://",
            "https://a b",
        ] {
            assert!(origin(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn colors() {
        assert!(color("c", "#12abEF").is_ok());
        for bad in ["12abef", "#12abe", "#12abeg", "red"] {
            assert!(color("c", bad).is_err(), "{bad}");
        }
    }
}
