//! The field checks of chatd/src/http/validate.rs and the Origin check
//! (`chatd::http::origin::allowed`) with any text. Properties: accepted
//! emails are normalized; an accepted allowed-origin entry allows itself;
//! colors are `#rrggbb`; `text` counts characters, not bytes.
#![no_main]

use chatd::http::origin::allowed;
use chatd::http::validate;
use libfuzzer_sys::fuzz_target;
use proto::widgets::{Widget, WidgetSettings};

fn widget(origins: Vec<String>) -> Widget {
    Widget {
        id: uuid::Uuid::nil(),
        name: "w".into(),
        site_key: "sk_fuzz".into(),
        settings: WidgetSettings {
            allowed_origins: origins,
            ..WidgetSettings::default()
        },
        created_at: 0,
        updated_at: 0,
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(e) = validate::email(text) {
        assert_eq!(e, e.to_lowercase());
        assert!(!e.chars().any(char::is_whitespace));
        assert_eq!(e.matches('@').count(), 1, "{e:?}");
    }
    let _ = validate::password(text);
    let n = text.chars().count();
    assert!(validate::text("f", text, n, false).is_ok());
    if n > 0 {
        assert!(validate::text("f", text, n - 1, false).is_err());
    }
    if validate::color("c", text).is_ok() {
        assert!(text.len() == 7 && text.starts_with('#'));
    }

    // The input as an origin entry and as a request's Origin.
    let (entry, origin) = text.split_once('\n').unwrap_or((text, text));
    if validate::origin(entry).is_ok() {
        assert!(
            allowed(&widget(vec![entry.to_string()]), entry, None),
            "{entry:?} does not allow itself"
        );
    }
    let _ = allowed(&widget(vec![entry.to_string()]), origin, None);
    let _ = allowed(&widget(vec![]), origin, Some(entry));
    if entry != "*"
        && !entry.contains("://*.")
        && allowed(&widget(vec![entry.into()]), origin, None)
    {
        // Without a wildcard only the same origin (any case, a trailing /) gets in.
        assert_eq!(
            origin.trim_end_matches('/').to_ascii_lowercase(),
            entry.to_ascii_lowercase()
        );
    }
});
