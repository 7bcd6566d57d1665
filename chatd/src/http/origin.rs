//! Which web pages may use a widget: its `allowed_origins`, checked on every
//! public call and on the WebSocket upgrade.

use super::client_ip::Scheme;
use super::error::ApiError;
use crate::app::AppState;
use axum::http::{HeaderMap, header};
use proto::widgets::Widget;

/// Whether `origin` (an `Origin` header value) may use `widget`.
/// `own` is chatd's own origin, which an empty list allows (the demo page).
pub fn allowed(widget: &Widget, origin: &str, own: Option<&str>) -> bool {
    let origin = origin.trim_end_matches('/').to_ascii_lowercase();
    let list = &widget.settings.allowed_origins;
    if list.is_empty() {
        return own.is_some_and(|o| o.eq_ignore_ascii_case(&origin));
    }
    list.iter().any(|allowed| {
        let allowed = allowed.to_ascii_lowercase();
        if allowed == "*" || allowed == origin {
            return true;
        }
        // `https://*.example.com` matches any subdomain, not the bare domain.
        match allowed.split_once("://*.") {
            Some((scheme, domain)) => origin
                .strip_prefix(&format!("{scheme}://"))
                .is_some_and(|host| host.ends_with(&format!(".{domain}"))),
            None => false,
        }
    })
}

/// chatd's own origin as the browser sees it: the public URL, or the Host
/// with the scheme the request came in with.
pub fn own_origin(st: &AppState, headers: &HeaderMap, scheme: Scheme) -> Option<String> {
    if let Some(u) = &st.config.public_url {
        return Some(u.clone());
    }
    let host = headers.get(header::HOST)?.to_str().ok()?;
    Some(format!("{}://{host}", scheme.as_str()))
}

/// 403 unless the request's Origin may use `widget`. Requests without an
/// Origin header do not come from a web page and are let through: the
/// check protects visitors' browsers, not the API.
pub fn check(
    st: &AppState,
    widget: &Widget,
    headers: &HeaderMap,
    scheme: Scheme,
) -> Result<(), ApiError> {
    let Some(origin) = headers.get(header::ORIGIN) else {
        return Ok(());
    };
    let origin = origin
        .to_str()
        .map_err(|_| ApiError::Forbidden("malformed Origin header".into()))?;
    if allowed(widget, origin, own_origin(st, headers, scheme).as_deref()) {
        Ok(())
    } else {
        Err(ApiError::Forbidden(format!(
            "origin {origin} is not allowed for this widget; add it to the widget's allowed_origins"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proto::widgets::WidgetSettings;

    fn widget(origins: &[&str]) -> Widget {
        Widget {
            id: uuid::Uuid::new_v4(),
            name: "w".into(),
            site_key: "sk".into(),
            settings: WidgetSettings {
                allowed_origins: origins.iter().map(|s| s.to_string()).collect(),
                ..WidgetSettings::default()
            },
            created_at: 0,
            updated_at: 0,
        }
    }

    #[test]
    fn origin_rules() {
        let cases: &[(&[&str], &str, bool)] = &[
            (&["*"], "https://evil.example", true),
            (&["https://shop.example"], "https://shop.example", true),
            (&["https://shop.example"], "https://SHOP.example", true),
            (&["https://shop.example"], "http://shop.example", false),
            (
                &["https://shop.example"],
                "https://shop.example.evil",
                false,
            ),
            (&["https://*.shop.example"], "https://eu.shop.example", true),
            (&["https://*.shop.example"], "https://shop.example", false),
            (
                &["https://*.shop.example"],
                "https://evilshop.example",
                false,
            ),
            (&[], "http://127.0.0.1:8080", true),
            (&[], "https://shop.example", false),
        ];
        for (list, origin, want) in cases {
            assert_eq!(
                allowed(&widget(list), origin, Some("http://127.0.0.1:8080")),
                *want,
                "{list:?} {origin}"
            );
        }
    }
}
