//! Printing: data on stdout as a table or JSON, messages on stderr.

use crate::cli::OutputFormat;
use comfy_table::{ContentArrangement, Table, presets};
use serde::Serialize;
use std::io::{IsTerminal, Write};

/// Where and how a command prints.
#[derive(Debug, Clone, Copy)]
pub struct Out {
    /// Table or JSON.
    pub format: OutputFormat,
    color_err: bool,
}

/// Whether colors are allowed on a stream that is a terminal
/// (<https://no-color.org>: any non-empty NO_COLOR turns them off).
fn colors_allowed() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Whether stdout may carry symbols and colors beyond plain ASCII: it is a
/// terminal and NO_COLOR is not set.
pub fn fancy_stdout() -> bool {
    std::io::stdout().is_terminal() && colors_allowed()
}

/// Whether a person is at the terminal: only then may chatctl prompt.
pub fn interactive() -> bool {
    std::io::stdin().is_terminal() && std::io::stdout().is_terminal()
}

/// Writes to stdout; a closed pipe (`chatctl ... | head`) ends the program quietly.
pub fn stdout(text: &str) {
    let mut out = std::io::stdout().lock();
    let r = out.write_all(text.as_bytes()).and_then(|()| out.flush());
    if let Err(e) = r {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!("chatctl: cannot write to standard output: {e}");
        std::process::exit(1);
    }
}

impl Out {
    /// An printer for `format`, coloring stderr only where allowed.
    pub fn new(format: OutputFormat) -> Self {
        Self {
            format,
            color_err: std::io::stderr().is_terminal() && colors_allowed(),
        }
    }

    /// Whether data is printed as JSON.
    pub fn json_mode(&self) -> bool {
        self.format == OutputFormat::Json
    }

    /// Prints a value as pretty JSON.
    pub fn json<T: Serialize + ?Sized>(&self, v: &T) {
        match serde_json::to_string_pretty(v) {
            Ok(s) => stdout(&(s + "\n")),
            Err(e) => eprintln!("chatctl: cannot encode JSON: {e}"),
        }
    }

    /// Prints rows under a header, in plain aligned columns.
    pub fn table(&self, header: &[&str], rows: Vec<Vec<String>>) {
        let mut t = Table::new();
        t.load_preset(presets::NOTHING);
        if std::io::stdout().is_terminal() {
            t.set_content_arrangement(ContentArrangement::Dynamic);
        }
        t.set_header(header.iter().map(|h| h.to_uppercase()));
        let n = header.len();
        for row in rows {
            t.add_row(row);
        }
        for (i, col) in t.column_iter_mut().enumerate() {
            col.set_padding((0, if i + 1 == n { 0 } else { 2 }));
        }
        stdout(&trim_lines(&t.to_string()));
    }

    /// Prints field/value pairs, one per line.
    pub fn fields(&self, pairs: &[(&str, String)]) {
        // The widest key plus its colon.
        let width = pairs.iter().map(|(k, _)| k.len() + 1).max().unwrap_or(0);
        let mut s = String::new();
        for (k, v) in pairs {
            let mut lines = v.lines();
            let first = lines.next().unwrap_or("");
            s.push_str(&format!("{:width$}  {first}\n", format!("{k}:")));
            for l in lines {
                s.push_str(&format!("{:width$}  {l}\n", ""));
            }
        }
        stdout(&s);
    }

    /// Prints a message for people on stderr.
    pub fn note(&self, msg: &str) {
        eprintln!("{msg}");
    }

    /// Prints a warning on stderr.
    pub fn warn(&self, msg: &str) {
        eprintln!("{} {msg}", self.paint("warning:", "33"));
    }

    /// Wraps `s` in an ANSI color for stderr, when allowed.
    pub fn paint(&self, s: &str, sgr: &str) -> String {
        if self.color_err {
            format!("\x1b[{sgr}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
}

fn trim_lines(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 1);
    for l in s.lines() {
        out.push_str(l.trim_end());
        out.push('\n');
    }
    out
}

/// Unix milliseconds as `2026-01-31 12:00:00Z`.
pub fn time_ms(ms: i64) -> String {
    let fmt = time::macros::format_description!("[year]-[month]-[day] [hour]:[minute]:[second]Z");
    time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000)
        .ok()
        .and_then(|t| t.format(&fmt).ok())
        .unwrap_or_else(|| ms.to_string())
}

/// Unix milliseconds as RFC 3339 in UTC with milliseconds, `2026-01-31T12:00:00.000Z`.
pub fn rfc3339_ms(ms: i64) -> String {
    let fmt = time::macros::format_description!(
        "[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z"
    );
    time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000)
        .ok()
        .and_then(|t| t.format(&fmt).ok())
        .unwrap_or_else(|| ms.to_string())
}

/// A span of milliseconds for people: `45s`, `3m05s`, `2h10m`, `3d04h`.
pub fn duration_ms(ms: i64) -> String {
    let s = ms.max(0) / 1000;
    if s < 60 {
        format!("{s}s")
    } else if s < 3600 {
        format!("{}m{:02}s", s / 60, s % 60)
    } else if s < 86_400 {
        format!("{}h{:02}m", s / 3600, s % 3600 / 60)
    } else {
        format!("{}d{:02}h", s / 86_400, s % 86_400 / 3600)
    }
}

/// An optional time, `-` when absent.
pub fn opt_time_ms(ms: Option<i64>) -> String {
    ms.map_or_else(|| "-".into(), time_ms)
}

/// `s` as one shell word, quoted only when it needs to be, for hints that
/// suggest a command.
pub fn shell_word(s: &str) -> String {
    let plain = !s.is_empty()
        && s.chars().all(|c| {
            c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '@' | '/' | ':' | '+')
        });
    if plain {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}

/// Shortens text for a table cell.
pub fn ellipsize(s: &str, max: usize) -> String {
    let one_line = s.replace('\n', " ");
    if one_line.chars().count() <= max {
        one_line
    } else {
        let cut: String = one_line.chars().take(max.saturating_sub(1)).collect();
        format!("{cut}…")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_and_cells() {
        assert_eq!(time_ms(0), "1970-01-01 00:00:00Z");
        assert_eq!(time_ms(1_700_000_000_123), "2023-11-14 22:13:20Z");
        assert_eq!(opt_time_ms(None), "-");
        assert_eq!(rfc3339_ms(1_700_000_000_123), "2023-11-14T22:13:20.123Z");
        assert_eq!(duration_ms(-5), "0s");
        assert_eq!(duration_ms(185_000), "3m05s");
        assert_eq!(duration_ms(7_800_000), "2h10m");
        assert_eq!(duration_ms(273_600_000), "3d04h");
        assert_eq!(ellipsize("abcdef", 4), "abc…");
        assert_eq!(ellipsize("a\nb", 4), "a b");
        assert_eq!(shell_word("Support"), "Support");
        assert_eq!(shell_word("My site"), "'My site'");
        assert_eq!(shell_word("it's"), "'it'\\''s'");
    }
}
