//! The file `apply` reads and `export` writes, and its checks.
//!
//! Every value is checked while it is parsed, by the same rules chatd
//! applies, so a bad value is reported with the line and the field it is at
//! and nothing is sent to the server. Unknown fields are errors too.

use crate::cli::FileFormat;
use crate::error::{CliError, CliResult};
use proto::auth::Role;
use proto::widgets::{FieldKind, LauncherPosition};
use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::marker::PhantomData;
use std::path::Path;

/// The whole file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// Widgets by name; absent means widgets are not managed by this file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub widgets: Option<List<WidgetSpec, 1000>>,
    /// Users by email; absent means users are not managed by this file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub users: Option<List<UserSpec, 10000>>,
    /// Canned replies by shortcut; absent means they are not managed by this file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub canned: Option<List<CannedSpec, 10000>>,
}

/// A widget. Fields left out are left as the server has them (a new
/// widget gets the defaults); `colors` and `ai` are replaced whole.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WidgetSpec {
    /// Unique name; how the file and the server's widgets are matched.
    pub name: Text<100, true>,
    /// Header title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<Text<100, true>>,
    /// First message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub welcome_message: Option<Text<2000, false>>,
    /// Shown when no agent is online.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offline_message: Option<Text<2000, false>>,
    /// Launcher position.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub launcher_position: Option<LauncherPosition>,
    /// Origins allowed to embed the widget.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allowed_origins: Option<List<Origin, 100>>,
    /// Colors.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub colors: Option<ColorsSpec>,
    /// AI assistant.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ai: Option<AiSpec>,
    /// Emails of the users who work on the widget; the whole list: members
    /// it leaves out are removed. Each is a user on the server or in the
    /// file's `users`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub members: Option<List<Email, 10000>>,
    /// Pre-chat form.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prechat_fields: Option<List<PrechatSpec, 20>>,
    /// FAQ, in order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub faq: Option<List<FaqSpec, 500>>,
    /// Delete closed conversations idle for more than this many days; 0
    /// keeps them forever.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retention_days: Option<u32>,
}

/// Colors; one left out takes its default.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ColorsSpec {
    /// Launcher, header, visitor bubbles.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub primary: Option<Color>,
    /// Text on the primary color.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_primary: Option<Color>,
}

/// AI settings; ones left out take their defaults.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AiSpec {
    /// Whether the assistant answers first [default: true].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    /// Model [default: the server's].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<Text<200, true>>,
    /// System prompt [default: the server's].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub system_prompt: Option<Text<20000, false>>,
    /// Temperature, 0 to 2 [default: the provider's].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub temperature: Option<Temperature>,
}

/// A pre-chat form field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrechatSpec {
    /// Key the answer is stored under.
    pub name: Text<50, true>,
    /// Label.
    pub label: Text<200, true>,
    /// Input kind [default: text].
    #[serde(default)]
    pub kind: FieldKind,
    /// Whether it must be filled in [default: false].
    #[serde(default)]
    pub required: bool,
}

/// A FAQ entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FaqSpec {
    /// Question.
    pub question: Text<1000, true>,
    /// Answer.
    pub answer: Text<5000, true>,
}

/// A user. Fields left out are left as the server has them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UserSpec {
    /// Email; how the file and the server's users are matched.
    pub email: Email,
    /// Display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<Text<200, true>>,
    /// Role [default for a new user: agent].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<Role>,
    /// Whether the user is disabled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disabled: Option<bool>,
    /// Password for a new user (ignored for existing ones); generated and
    /// printed when left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password: Option<Password>,
}

/// A canned reply, declared whole: `widget` left out means every widget.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CannedSpec {
    /// Unique shortcut; how the file and the server's replies are matched.
    pub shortcut: Shortcut,
    /// Title.
    pub title: Text<{ proto::canned::TITLE_MAX }, true>,
    /// The text agents insert.
    pub body: Text<{ proto::canned::BODY_MAX }, true>,
    /// Name of the widget it is offered on (on the server or under
    /// `widgets`); left out: every widget.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub widget: Option<Text<100, true>>,
}

/// The kinds of checked strings.
#[derive(Debug, Clone, Copy)]
enum Rule {
    Text { max: usize, required: bool },
    Color,
    Origin,
    Email,
    Password,
    Shortcut,
}

impl Rule {
    fn expecting(self) -> &'static str {
        match self {
            Self::Text { .. } => "a string",
            Self::Color => "a #rrggbb color",
            Self::Origin => "an origin like https://example.com, or *",
            Self::Email => "an email address",
            Self::Password => "a password of at least 8 characters",
            Self::Shortcut => "a shortcut like refund-policy",
        }
    }

    /// The value as stored, or why it is refused (chatd's rules, see chatd/src/http/validate.rs).
    fn check(self, v: &str) -> Result<String, String> {
        match self {
            Self::Text { max, required } => {
                if required && v.trim().is_empty() {
                    Err("must not be empty".into())
                } else if v.chars().count() > max {
                    Err(format!("must be at most {max} characters"))
                } else {
                    Ok(v.into())
                }
            }
            Self::Color => {
                let ok = v.len() == 7
                    && v.starts_with('#')
                    && v[1..].chars().all(|c| c.is_ascii_hexdigit());
                if ok {
                    Ok(v.into())
                } else {
                    Err(format!("{v:?} is not a #rrggbb color"))
                }
            }
            Self::Origin => check_origin(v).map(|()| v.into()),
            Self::Email => {
                let e = v.trim().to_lowercase();
                let ok = e.len() <= 254
                    && e.split_once('@').is_some_and(|(local, domain)| {
                        !local.is_empty() && !domain.is_empty() && !domain.contains('@')
                    })
                    && !e.chars().any(char::is_whitespace);
                if ok {
                    Ok(e)
                } else {
                    Err(format!("{v:?} is not an email address"))
                }
            }
            Self::Shortcut => proto::canned::check_shortcut(v).map(|()| v.into()),
            Self::Password => {
                if v.chars().count() < 8 {
                    Err("must be at least 8 characters".into())
                } else if v.len() > 1024 {
                    Err("must be at most 1024 bytes".into())
                } else {
                    Ok(v.into())
                }
            }
        }
    }
}

fn check_origin(v: &str) -> Result<(), String> {
    if v == "*" {
        return Ok(());
    }
    let bad = || format!("{v:?} must be * or like https://example.com (scheme and host, no path)");
    let (scheme, rest) = v.split_once("://").ok_or_else(bad)?;
    if !matches!(scheme, "http" | "https")
        || rest.is_empty()
        || rest.contains('/')
        || rest.ends_with(':')
        || rest
            .chars()
            .any(|c| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']' | '*')))
    {
        return Err(bad());
    }
    Ok(())
}

struct RuleVisitor(Rule);

impl Visitor<'_> for RuleVisitor {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.expecting())
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
        self.0.check(v).map_err(E::custom)
    }
}

// Checking inside the visitor, rather than after deserializing a String,
// makes toml and serde_yaml attach the value's own line to the error.
fn checked<'de, D: Deserializer<'de>>(d: D, rule: Rule) -> Result<String, D::Error> {
    d.deserialize_str(RuleVisitor(rule))
}

macro_rules! checked_string {
    ($(#[$doc:meta])* $name:ident, $rule:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Serialize)]
        #[serde(transparent)]
        pub struct $name(pub String);

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                checked(d, $rule).map(Self)
            }
        }
    };
}

checked_string!(
    /// `#rrggbb`.
    Color,
    Rule::Color
);
checked_string!(
    /// `*` or `scheme://host[:port]`.
    Origin,
    Rule::Origin
);
checked_string!(
    /// An email address, lower-cased.
    Email,
    Rule::Email
);
checked_string!(
    /// At least 8 characters.
    Password,
    Rule::Password
);
checked_string!(
    /// 1 to 64 of a-z, 0-9, `-` and `_`.
    Shortcut,
    Rule::Shortcut
);

/// Text with a length limit, and non-empty when `REQUIRED`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Text<const MAX: usize, const REQUIRED: bool>(pub String);

impl<'de, const MAX: usize, const REQUIRED: bool> Deserialize<'de> for Text<MAX, REQUIRED> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        checked(
            d,
            Rule::Text {
                max: MAX,
                required: REQUIRED,
            },
        )
        .map(Self)
    }
}

/// A sampling temperature between 0 and 2.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(transparent)]
pub struct Temperature(pub f32);

impl<'de> Deserialize<'de> for Temperature {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Temperature;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a number between 0 and 2")
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Temperature, E> {
                if (0.0..=2.0).contains(&v) {
                    #[allow(clippy::cast_possible_truncation)]
                    Ok(Temperature(v as f32))
                } else {
                    Err(E::custom("must be between 0 and 2"))
                }
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Temperature, E> {
                #[allow(clippy::cast_precision_loss)]
                self.visit_f64(v as f64)
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Temperature, E> {
                #[allow(clippy::cast_precision_loss)]
                self.visit_f64(v as f64)
            }
        }
        d.deserialize_f64(V)
    }
}

/// A list of at most `MAX` entries.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(transparent)]
pub struct List<T, const MAX: usize>(pub Vec<T>);

impl<'de, T: Deserialize<'de>, const MAX: usize> Deserialize<'de> for List<T, MAX> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T, const MAX: usize>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>, const MAX: usize> Visitor<'de> for V<T, MAX> {
            type Value = List<T, MAX>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "a list of at most {MAX} entries")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut v = Vec::new();
                while let Some(x) = seq.next_element()? {
                    if v.len() == MAX {
                        return Err(de::Error::custom(format!("at most {MAX} entries")));
                    }
                    v.push(x);
                }
                Ok(List(v))
            }
        }
        d.deserialize_seq(V::<T, MAX>(PhantomData))
    }
}

impl<T, const MAX: usize> List<T, MAX> {
    /// The entries.
    pub fn iter(&self) -> std::slice::Iter<'_, T> {
        self.0.iter()
    }
}

/// The format a file's extension says.
pub fn format_of(path: &Path) -> Option<FileFormat> {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("toml") => Some(FileFormat::Toml),
        Some("yaml" | "yml") => Some(FileFormat::Yaml),
        _ => None,
    }
}

/// Line and column (from 1) of a byte offset.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

fn located(name: &str, pos: Option<(usize, usize)>, path: &str, msg: &str) -> CliError {
    let at = match pos {
        Some((l, c)) => format!("{name}:{l}:{c}"),
        None => name.to_string(),
    };
    let field = if path.is_empty() || path == "." {
        String::new()
    } else {
        format!("{path}: ")
    };
    CliError::usage(format!("{at}: {field}{msg}"))
        .hint("fix the file and run apply again; nothing was changed")
}

/// serde_yaml appends " at line L column C" to its messages; the location is
/// reported separately, so it is cut here.
fn yaml_message(e: &serde_yaml::Error) -> String {
    let s = e.to_string();
    match s.rfind(" at line ") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

/// Parses and checks a file's text. `name` is how errors refer to the file.
pub fn parse(text: &str, format: FileFormat, name: &str) -> CliResult<Manifest> {
    let manifest = match format {
        FileFormat::Toml => {
            let de = toml::Deserializer::parse(text).map_err(|e| {
                let pos = e.span().map(|s| line_col(text, s.start));
                located(name, pos, "", e.message())
            })?;
            serde_path_to_error::deserialize::<_, Manifest>(de).map_err(|e| {
                let path = e.path().to_string();
                let inner = e.into_inner();
                let pos = inner.span().map(|s| line_col(text, s.start));
                located(name, pos, &path, inner.message())
            })?
        }
        FileFormat::Yaml => {
            if text.trim().is_empty() {
                Manifest::default()
            } else {
                let de = serde_yaml::Deserializer::from_str(text);
                serde_path_to_error::deserialize::<_, Manifest>(de).map_err(|e| {
                    let path = e.path().to_string();
                    let inner = e.into_inner();
                    let pos = inner.location().map(|l| (l.line(), l.column()));
                    let msg = yaml_message(&inner);
                    // serde_yaml starts some messages with its own idea of the path.
                    let msg = match msg.split_once(": ") {
                        Some((head, rest)) if !head.is_empty() && path.starts_with(head) => rest,
                        _ => &msg,
                    };
                    located(name, pos, &path, msg)
                })?
            }
        }
    };
    check_unique(&manifest, text, name)?;
    Ok(manifest)
}

/// Reads and checks a file; its extension says the format.
pub fn load(path: &Path) -> CliResult<Manifest> {
    let name = path.display().to_string();
    let format = format_of(path).ok_or_else(|| {
        CliError::usage(format!("{name}: cannot tell the format"))
            .hint("name the file .toml, .yaml or .yml")
    })?;
    let text = std::fs::read_to_string(path)
        .map_err(|e| CliError::usage(format!("cannot read {name}: {e}")))?;
    parse(&text, format, &name)
}

/// The line of the `nth` (from 0) `key = value` / `key: value` in the text,
/// to point at a duplicate that the parser itself cannot see.
fn key_line(text: &str, key: &str, value: &str, nth: usize) -> Option<usize> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| {
            let l = l.trim_start().trim_start_matches("- ").trim_start();
            let Some(rest) = l.strip_prefix(key) else {
                return false;
            };
            let rest = rest.trim_start();
            let Some(v) = rest.strip_prefix('=').or_else(|| rest.strip_prefix(':')) else {
                return false;
            };
            let v = v.trim();
            let v = v
                .strip_prefix('"')
                .and_then(|v| v.strip_suffix('"'))
                .or_else(|| v.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')))
                .unwrap_or(v);
            v.trim().eq_ignore_ascii_case(value)
        })
        .nth(nth)
        .map(|(i, _)| i + 1)
}

/// The line of the second of two appearances of `email` in the text, to
/// point at a member listed twice; `None` when the email appears elsewhere
/// too (e.g. under `users`) and the line would be a guess.
fn member_line(text: &str, email: &str) -> Option<usize> {
    let lower = text.to_lowercase();
    let lines: Vec<usize> = lower
        .lines()
        .enumerate()
        .flat_map(|(i, l)| {
            l.match_indices(email)
                .filter(|(at, _)| {
                    let edge = |c: Option<char>| {
                        c.is_none_or(|c| matches!(c, '"' | '\'' | ' ' | ',' | '[' | ']'))
                    };
                    edge(l[..*at].chars().next_back()) && edge(l[at + email.len()..].chars().next())
                })
                .map(move |_| i + 1)
        })
        .collect();
    match lines.as_slice() {
        [_, second] => Some(*second),
        _ => None,
    }
}

fn check_unique(m: &Manifest, text: &str, name: &str) -> CliResult<()> {
    fn dup<'a>(items: impl Iterator<Item = &'a str>) -> Option<(usize, usize, &'a str, usize)> {
        let mut seen: Vec<&str> = Vec::new();
        for (i, k) in items.enumerate() {
            if let Some(first) = seen.iter().position(|s| *s == k) {
                let nth = seen.iter().filter(|s| **s == k).count();
                return Some((first, i, k, nth));
            }
            seen.push(k);
        }
        None
    }
    if let Some(ws) = &m.widgets
        && let Some((first, i, k, nth)) = dup(ws.iter().map(|w| w.name.0.trim()))
    {
        let pos = key_line(text, "name", k, nth).map(|l| (l, 1));
        return Err(located(
            name,
            pos,
            &format!("widgets[{i}].name"),
            &format!("{k:?} is already the name of widgets[{first}]; widget names must be unique"),
        ));
    }
    for (wi, w) in m.widgets.iter().flat_map(List::iter).enumerate() {
        if let Some(ms) = &w.members
            && let Some((first, i, k, _)) = dup(ms.iter().map(|e| e.0.as_str()))
        {
            return Err(located(
                name,
                member_line(text, k).map(|l| (l, 1)),
                &format!("widgets[{wi}].members[{i}]"),
                &format!("{k} is already members[{first}]; list each member once"),
            ));
        }
    }
    if let Some(us) = &m.users
        && let Some((first, i, k, nth)) = dup(us.iter().map(|u| u.email.0.as_str()))
    {
        let pos = key_line(text, "email", k, nth).map(|l| (l, 1));
        return Err(located(
            name,
            pos,
            &format!("users[{i}].email"),
            &format!("{k} is already the email of users[{first}]; emails must be unique"),
        ));
    }
    if let Some(cs) = &m.canned
        && let Some((first, i, k, nth)) = dup(cs.iter().map(|c| c.shortcut.0.as_str()))
    {
        let pos = key_line(text, "shortcut", k, nth).map(|l| (l, 1));
        return Err(located(
            name,
            pos,
            &format!("canned[{i}].shortcut"),
            &format!("{k:?} is already the shortcut of canned[{first}]; shortcuts must be unique"),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toml_err(text: &str) -> String {
        parse(text, FileFormat::Toml, "f.toml").unwrap_err().message
    }

    fn yaml_err(text: &str) -> String {
        parse(text, FileFormat::Yaml, "f.yaml").unwrap_err().message
    }

    #[test]
    fn a_full_toml_file_parses() {
        let m = parse(
            r##"
[[widgets]]
name = "Support"
title = "Talk to us"
allowed_origins = ["https://example.com", "*"]
launcher_position = "bottom-left"
colors = { primary = "#112233" }
ai = { enabled = false, temperature = 0.5 }

[[widgets.faq]]
question = "Q?"
answer = "A."

[[users]]
email = "Ann@Example.com"
role = "admin"
password = "long enough"
"##,
            FileFormat::Toml,
            "f.toml",
        )
        .unwrap();
        let w = &m.widgets.as_ref().unwrap().0[0];
        assert_eq!(w.name.0, "Support");
        assert_eq!(w.faq.as_ref().unwrap().0.len(), 1);
        assert_eq!(w.ai.as_ref().unwrap().temperature, Some(Temperature(0.5)));
        assert_eq!(m.users.as_ref().unwrap().0[0].email.0, "ann@example.com");
    }

    #[test]
    fn toml_errors_name_line_and_field() {
        let cases = [
            (
                "[[widgets]]\nname = \"A\"\ncolors = { primary = \"red\" }\n",
                "f.toml:3:",
                "widgets[0].colors.primary: \"red\" is not a #rrggbb color",
            ),
            (
                "[[widgets]]\nname = \"A\"\ntitel = \"x\"\n",
                "f.toml:3:",
                "unknown field `titel`",
            ),
            (
                "[[widgets]]\nname = \"\"\n",
                "f.toml:2:",
                "widgets[0].name: must not be empty",
            ),
            (
                "[[users]]\nemail = \"a@b\"\nrole = \"boss\"\n",
                "f.toml:3:",
                "users[0].role: unknown variant `boss`",
            ),
            (
                "[[widgets]]\nname = \"A\"\nallowed_origins = [\"https://x.com/\"]\n",
                "f.toml:3:",
                "widgets[0].allowed_origins[0]:",
            ),
            (
                "[[widgets]]\nname = \"A\"\n[[widgets]]\nname = \"A\"\n",
                "f.toml:4:",
                "widgets[1].name: \"A\" is already the name of widgets[0]",
            ),
            (
                "[[widgets]]\nname = \"A\"\nmembers = [\n  \"a@b.c\",\n  \"A@B.C\",\n]\n",
                "f.toml:5:",
                "widgets[0].members[1]: a@b.c is already members[0]",
            ),
            (
                "[[widgets]]\nname = \"A\"\nmembers = [\"nobody\"]\n",
                "f.toml:3:",
                "widgets[0].members[0]: \"nobody\" is not an email address",
            ),
            ("[[widgets]\n", "f.toml:1:", ""),
            (
                "[[canned]]\nshortcut = \"Refund Policy\"\ntitle = \"t\"\nbody = \"b\"\n",
                "f.toml:2:",
                "canned[0].shortcut: \"Refund Policy\" may only contain lowercase letters",
            ),
            (
                "[[canned]]\nshortcut = \"a\"\ntitle = \"t\"\n",
                "f.toml:1:",
                "canned[0]: missing field `body`",
            ),
            (
                "[[canned]]\nshortcut = \"a\"\ntitle = \"t\"\nbody = \"\"\n",
                "f.toml:4:",
                "canned[0].body: must not be empty",
            ),
            (
                "[[canned]]\nshortcut = \"a\"\ntitle = \"t\"\nbody = \"b\"\n\n[[canned]]\nshortcut = \"a\"\ntitle = \"t\"\nbody = \"b\"\n",
                "f.toml:7:",
                "canned[1].shortcut: \"a\" is already the shortcut of canned[0]",
            ),
        ];
        for (text, at, what) in cases {
            let e = toml_err(text);
            assert!(e.starts_with(at), "{e:?} should start with {at:?}");
            assert!(e.contains(what), "{e:?} should contain {what:?}");
        }
    }

    #[test]
    fn yaml_errors_name_line_and_field() {
        let cases = [
            (
                "widgets:\n  - name: A\n    colors:\n      primary: red\n",
                "f.yaml:4:",
                "widgets[0].colors.primary: \"red\" is not a #rrggbb color",
            ),
            (
                "widgets:\n  - name: A\n    titel: x\n",
                "f.yaml:3:",
                "unknown field `titel`",
            ),
            (
                "users:\n  - email: a@b\n    password: short\n",
                "f.yaml:3:",
                "users[0].password: must be at least 8 characters",
            ),
            (
                "widgets:\n  - name: A\n    members:\n      - a@b.c\n      - b@b.c\n      - a@b.c\n",
                "f.yaml:6:",
                "widgets[0].members[2]: a@b.c is already members[0]",
            ),
            (
                "users:\n  - email: a@b\n  - email: A@B\n",
                "f.yaml:3:",
                "users[1].email: a@b is already the email of users[0]",
            ),
            (
                "widgets:\n  - name: A\n    ai:\n      temperature: 3\n",
                "f.yaml:4:",
                "widgets[0].ai.temperature: must be between 0 and 2",
            ),
            (
                "canned:\n  - shortcut: ok\n    title: t\n    body: b\n    widgets: W\n",
                "f.yaml:5:",
                "unknown field `widgets`",
            ),
            (
                "canned:\n  - shortcut: ok\n    title: t\n    body: b\n  - shortcut: x y\n    title: t\n    body: b\n",
                "f.yaml:5:",
                "canned[1].shortcut: \"x y\" may only contain",
            ),
        ];
        for (text, at, what) in cases {
            let e = yaml_err(text);
            assert!(e.starts_with(at), "{e:?} should start with {at:?}");
            assert!(e.contains(what), "{e:?} should contain {what:?}");
        }
    }

    #[test]
    fn empty_files_manage_nothing() {
        assert_eq!(
            parse("", FileFormat::Toml, "f").unwrap(),
            Manifest::default()
        );
        assert_eq!(
            parse("", FileFormat::Yaml, "f").unwrap(),
            Manifest::default()
        );
    }
}
