//! The canned reply picker: a search line, the matching replies (shortcut
//! and title) and the highlighted one's text, as it will go into the draft.

use crate::app::{App, CannedList, CannedPicker};
use crate::strings as s;
use crate::ui::text::{clean, fit, width, wrap};
use crate::ui::{Theme, centered};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

/// Replies listed at once.
const ROWS: usize = 8;
/// Lines of the highlighted reply's text shown.
const PREVIEW: usize = 6;

/// Draws the picker over the workspace.
pub fn render(f: &mut Frame, area: Rect, app: &App, p: &CannedPicker, theme: &Theme) {
    let w = 76.min(area.width.saturating_sub(2));
    let inner_w = usize::from(w.saturating_sub(2));
    // Short screens get fewer rows and a shorter preview.
    let tall = area.height >= 30;
    let rows = if tall { ROWS } else { 5 };
    let preview = if tall { PREVIEW } else { 3 };
    let mut lines: Vec<Line> = vec![Line::from(vec![
        Span::styled("Search: ", theme.dim),
        Span::raw(fit(&clean(&p.query), inner_w.saturating_sub(10))),
        Span::styled("▏", theme.border_focus),
    ])];
    lines.push(Line::raw(""));
    let matches = app.canned_matches(p);
    let empty = match app.canned.get(&p.widget_id) {
        None | Some(CannedList::Loading) => Some((s::CANNED_LOADING.to_string(), theme.dim)),
        Some(CannedList::Failed(e)) => Some((format!("{}: {e}", s::CANNED_FAILED), theme.error)),
        Some(CannedList::Ready(list)) if list.is_empty() => {
            Some((s::CANNED_NONE.to_string(), theme.dim))
        }
        Some(CannedList::Ready(_)) if matches.is_empty() => {
            Some((s::CANNED_NO_MATCH.to_string(), theme.dim))
        }
        Some(CannedList::Ready(_)) => None,
    };
    if let Some((text, style)) = empty {
        for l in wrap(&clean(&text), inner_w, inner_w) {
            lines.push(Line::styled(l, style));
        }
    }
    let short_w = matches
        .iter()
        .map(|r| width(&r.shortcut))
        .max()
        .unwrap_or(0)
        .min(inner_w / 3);
    let first = p.cursor.saturating_sub(rows - 1);
    for (i, r) in matches.iter().enumerate().skip(first).take(rows) {
        let short = fit(&clean(&r.shortcut), short_w);
        let pad = short_w.saturating_sub(width(&short)) + 2;
        let title = fit(&clean(&r.title), inner_w.saturating_sub(short_w + 4));
        let row_style = if i == p.cursor {
            theme.selected
        } else {
            Style::default()
        };
        let fill = inner_w.saturating_sub(1 + short_w + 2 + width(&title));
        lines.push(
            Line::from(vec![
                Span::raw(" "),
                Span::styled(short, theme.title),
                Span::raw(" ".repeat(pad)),
                Span::raw(title),
                Span::raw(" ".repeat(fill)),
            ])
            .style(row_style),
        );
    }
    if matches.len() > first + rows {
        lines.push(Line::styled(
            format!("  … {} more", matches.len() - first - rows),
            theme.dim,
        ));
    }
    if let Some(r) = matches.get(p.cursor) {
        lines.push(Line::raw(""));
        let mut text: Vec<String> = r
            .body
            .lines()
            .flat_map(|l| wrap(&clean(l), inner_w, inner_w))
            .collect();
        if text.len() > preview {
            text.truncate(preview);
            if let Some(last) = text.last_mut() {
                *last = fit(&format!("{last} …"), inner_w);
            }
        }
        lines.extend(text.into_iter().map(|l| Line::styled(l, theme.dim)));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        "↑↓ choose · Enter insert (Enter again sends) · Esc cancel",
        theme.dim,
    ));
    let h = u16::try_from(lines.len() + 2).unwrap_or(u16::MAX);
    let r = centered(area, w, h);
    f.render_widget(Clear, r);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border_focus)
        .title(format!(" {} ", s::CANNED_TITLE))
        .title_style(theme.title);
    let inner = block.inner(r);
    f.render_widget(block, r);
    f.render_widget(Paragraph::new(lines), inner);
}
