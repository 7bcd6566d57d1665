//! The transfer picker: a search line over the agents a conversation can
//! go to, online and least busy first.

use crate::app::{App, Picker};
use crate::strings as s;
use crate::ui::text::{clean, fit, width, wrap};
use crate::ui::{Theme, centered};
use proto::conversations::PresenceStatus;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

/// Candidates shown at once.
const ROWS: usize = 8;

/// The presence dot of an agent, and its style.
pub fn presence_dot(status: Option<PresenceStatus>, theme: &Theme) -> (&'static str, Style) {
    match status {
        Some(PresenceStatus::Online) => ("●", theme.ok),
        Some(PresenceStatus::Away) => ("◐", theme.warn),
        Some(PresenceStatus::Offline) | None => ("○", theme.dim),
    }
}

/// Draws the picker over the workspace.
pub fn render(f: &mut Frame, area: Rect, app: &App, p: &Picker, theme: &Theme) {
    let w = 66.min(area.width.saturating_sub(2));
    let inner_w = usize::from(w.saturating_sub(2));
    let who = app
        .convs
        .get(&p.conversation_id)
        .map_or_else(String::new, |c| clean(&c.visitor_label()));
    let mut lines: Vec<Line> = Vec::new();
    if !app.is_admin() {
        for l in wrap(s::TRANSFER_NOT_ADMIN, inner_w, inner_w) {
            lines.push(Line::styled(l, theme.dim));
        }
    }
    lines.push(Line::from(vec![
        Span::styled("Search: ", theme.dim),
        Span::raw(fit(&clean(&p.query), inner_w.saturating_sub(10))),
        Span::styled("▏", theme.border_focus),
    ]));
    lines.push(Line::raw(""));
    let candidates = app.transfer_candidates(p);
    if candidates.is_empty() {
        let text = if app.users_loading && !app.users_loaded {
            s::TRANSFER_LOADING
        } else {
            s::TRANSFER_NOBODY
        };
        lines.push(Line::styled(text, theme.dim));
    }
    // Keep the cursor in view.
    let first = p.cursor.saturating_sub(ROWS - 1);
    for (i, c) in candidates.iter().enumerate().skip(first).take(ROWS) {
        let (dot, dot_style) = presence_dot(c.status, theme);
        let load = format!("{} open", c.load);
        let email = c.email.as_deref().map(clean).unwrap_or_default();
        let name_w = (inner_w / 2).saturating_sub(4).max(8);
        let name = fit(&clean(&c.name), name_w);
        let email_w = inner_w.saturating_sub(3 + name_w + 1 + width(&load) + 1);
        let email = fit(&email, email_w);
        let pad1 = name_w.saturating_sub(width(&name)) + 1;
        let pad2 = inner_w.saturating_sub(3 + name_w + 1 + width(&email) + width(&load));
        let row_style = if i == p.cursor {
            theme.selected
        } else {
            Style::default()
        };
        lines.push(
            Line::from(vec![
                Span::raw(" "),
                Span::styled(dot, dot_style),
                Span::raw(" "),
                Span::styled(name, theme.title),
                Span::raw(" ".repeat(pad1)),
                Span::styled(email, theme.dim),
                Span::raw(" ".repeat(pad2)),
                Span::raw(load),
            ])
            .style(row_style),
        );
    }
    if candidates.len() > first + ROWS {
        lines.push(Line::styled(
            format!("  … {} more", candidates.len() - first - ROWS),
            theme.dim,
        ));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        "↑↓ choose · Enter transfer · Esc cancel",
        theme.dim,
    ));
    let h = u16::try_from(lines.len() + 2).unwrap_or(u16::MAX);
    let r = centered(area, w, h);
    f.render_widget(Clear, r);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border_focus)
        .title(format!(" {} {who} to… ", s::TRANSFER_TITLE))
        .title_style(theme.title);
    let inner = block.inner(r);
    f.render_widget(block, r);
    f.render_widget(Paragraph::new(lines), inner);
}
