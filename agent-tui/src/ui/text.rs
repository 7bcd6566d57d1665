//! Text measuring, wrapping and the clock formats the screens share.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Display width of `s` in terminal cells.
pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// `s` cut to at most `max` cells, with `…` when something was cut.
pub fn fit(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_string();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut w = 0;
    for ch in s.chars() {
        let cw = ch.width().unwrap_or(0);
        if w + cw > max - 1 {
            break;
        }
        out.push(ch);
        w += cw;
    }
    out.push('…');
    out
}

/// Control characters a visitor might send become spaces, so they cannot
/// move the cursor or change the terminal.
pub fn clean(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() && c != '\n' { ' ' } else { c })
        .collect()
}

/// Word-wraps `text` (which may hold newlines): the first line gets
/// `first` cells, later lines `rest`. Words longer than a line are split.
pub fn wrap(text: &str, first: usize, rest: usize) -> Vec<String> {
    let first = first.max(1);
    let rest = rest.max(1);
    let mut lines: Vec<String> = Vec::new();
    let mut cur = String::new();
    let mut cur_w = 0;
    let limit = |lines: &Vec<String>| if lines.is_empty() { first } else { rest };
    for (pi, para) in text.split('\n').enumerate() {
        if pi > 0 {
            lines.push(std::mem::take(&mut cur));
            cur_w = 0;
        }
        for word in para.split(' ') {
            let ww = width(word);
            let sep = usize::from(cur_w > 0);
            if cur_w + sep + ww <= limit(&lines) {
                if sep == 1 {
                    cur.push(' ');
                }
                cur.push_str(word);
                cur_w += sep + ww;
                continue;
            }
            if cur_w > 0 {
                lines.push(std::mem::take(&mut cur));
                cur_w = 0;
            }
            for ch in word.chars() {
                let cw = ch.width().unwrap_or(0);
                if cur_w + cw > limit(&lines) && cur_w > 0 {
                    lines.push(std::mem::take(&mut cur));
                    cur_w = 0;
                }
                cur.push(ch);
                cur_w += cw;
            }
        }
    }
    lines.push(cur);
    lines
}

/// `HH:MM` of Unix ms `ms` at `offset` seconds east of UTC.
pub fn clock(ms: i64, offset: i32) -> String {
    let secs = ms.div_euclid(1000) + i64::from(offset);
    let day = secs.rem_euclid(86_400);
    format!("{:02}:{:02}", day / 3600, day % 3600 / 60)
}

/// `YYYY-MM-DD HH:MM` of Unix ms `ms` at `offset`.
pub fn date_time(ms: i64, offset: i32) -> String {
    let secs = ms.div_euclid(1000) + i64::from(offset);
    let (y, m, d) = civil_from_days(secs.div_euclid(86_400));
    format!("{y:04}-{m:02}-{d:02} {}", clock(ms, offset))
}

/// A short age: `45s`, `12m`, `3h`, `2d`.
pub fn age(ms: i64) -> String {
    let s = (ms / 1000).max(0);
    match s {
        0..=59 => format!("{s}s"),
        60..=3599 => format!("{}m", s / 60),
        3600..=86_399 => format!("{}h", s / 3600),
        _ => format!("{}d", s / 86_400),
    }
}

/// Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (
        y,
        u32::try_from(m).unwrap_or(1),
        u32::try_from(d).unwrap_or(1),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_words_and_splits_long_ones() {
        let cases: &[(&str, usize, usize, &[&str])] = &[
            ("hello world", 20, 20, &["hello world"]),
            ("hello world", 5, 5, &["hello", "world"]),
            ("hello world", 8, 20, &["hello", "world"]),
            ("abcdefghij", 4, 4, &["abcd", "efgh", "ij"]),
            ("a\nb", 10, 10, &["a", "b"]),
            ("", 10, 10, &[""]),
            ("ünï cödé", 4, 4, &["ünï", "cödé"]),
        ];
        for (text, first, rest, want) in cases {
            assert_eq!(wrap(text, *first, *rest), *want, "{text:?}");
        }
    }

    #[test]
    fn formats_times() {
        // 2026-11-23 14:05:09 UTC.
        let t = 1_795_442_709_000;
        assert_eq!(clock(t, 0), "14:05");
        assert_eq!(clock(t, 3600), "15:05");
        assert_eq!(clock(t, -15 * 3600), "23:05");
        assert_eq!(date_time(t, 0), "2026-11-23 14:05");
        assert_eq!(age(59_000), "59s");
        assert_eq!(age(61_000), "1m");
        assert_eq!(age(7_200_000), "2h");
        assert_eq!(age(-5), "0s");
        assert_eq!(fit("abcdef", 4), "abc…");
        assert_eq!(fit("abc", 4), "abc");
        assert_eq!(clean("a\x1b[2Jb\tc"), "a [2Jb c");
    }
}
