//! The search overlay: the query, the filter (closed or every status) and
//! the matching conversations with their widget, state and last change.

use crate::app::{App, reason_label};
use crate::strings as s;
use crate::ui::text::{clean, date_time, fit, width};
use crate::ui::{Theme, centered};
use proto::conversations::{Conversation, ConversationStatus};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

/// Who the visitor is, from the pre-chat answers.
fn visitor(c: &Conversation) -> String {
    for key in ["name", "email"] {
        if let Some(v) = c
            .prechat
            .get(key)
            .map(|v| v.trim())
            .filter(|v| !v.is_empty())
        {
            return v.to_string();
        }
    }
    format!("visitor {}", crate::app::short_id(c.id))
}

/// Draws the overlay over the workspace.
pub fn render(f: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let st = &app.search;
    let w = 100.min(area.width.saturating_sub(2));
    let h = area.height.saturating_sub(4).max(8);
    let r = centered(area, w, h);
    let inner_w = usize::from(w.saturating_sub(2));
    let rows = usize::from(h.saturating_sub(2)).saturating_sub(5).max(1);
    let filter = if st.all {
        "every status"
    } else {
        "closed only"
    };
    let mut lines: Vec<Line> = vec![Line::from(vec![
        Span::styled("Search: ", theme.dim),
        Span::raw(fit(
            &clean(&st.query),
            inner_w.saturating_sub(12 + filter.len()),
        )),
        Span::styled("▏", theme.border_focus),
    ])];
    let searched = match st.searched.as_deref() {
        Some("") => format!("Latest conversations, {filter}"),
        Some(q) => format!("Containing “{}”, {filter}", clean(q)),
        None => filter.to_string(),
    };
    let stale = st.searched.as_deref().is_some_and(|q| q != st.query.trim());
    let mut head = vec![Span::styled(fit(&searched, inner_w), theme.heading)];
    if stale {
        head.push(Span::styled(" · Enter to search", theme.dim));
    }
    lines.push(Line::from(head));
    if let Some(e) = &st.error {
        lines.push(Line::styled(
            fit(&format!("{}: {}", s::SEARCH_FAILED, clean(e)), inner_w),
            theme.error,
        ));
    } else if st.results.is_empty() {
        let text = if st.loading {
            s::SEARCH_LOADING
        } else {
            s::SEARCH_NONE
        };
        lines.push(Line::styled(text, theme.dim));
    }
    let first = st.cursor.saturating_sub(rows.saturating_sub(1));
    for (i, c) in st.results.iter().enumerate().skip(first).take(rows) {
        let when = c.closed_at.unwrap_or(c.updated_at);
        let state = match (c.status, &c.escalation_reason) {
            (ConversationStatus::Closed, _) => "closed".to_string(),
            (ConversationStatus::Open, Some(r)) => format!("open, {}", reason_label(r)),
            (ConversationStatus::Open, None) => "open".to_string(),
        };
        let right = format!(
            "{}  {}",
            date_time(when, app.cfg.utc_offset_secs),
            fit(&state, 24)
        );
        let widget = app.widget_name(c.widget_id);
        let left_w = inner_w.saturating_sub(width(&right) + 2);
        let who_w = (left_w * 3 / 5).max(8);
        let who = fit(&clean(&visitor(c)), who_w);
        let widget = fit(&clean(&widget), left_w.saturating_sub(who_w + 1));
        let pad1 = who_w.saturating_sub(width(&who)) + 1;
        let pad2 = inner_w
            .saturating_sub(1 + who_w + 1 + width(&widget) + width(&right))
            .max(1);
        let style = if i == st.cursor {
            theme.selected
        } else {
            Style::default()
        };
        lines.push(
            Line::from(vec![
                Span::raw(" "),
                Span::styled(who, theme.title),
                Span::raw(" ".repeat(pad1)),
                Span::styled(widget, theme.dim),
                Span::raw(" ".repeat(pad2)),
                Span::raw(right),
            ])
            .style(style),
        );
    }
    if st.loading && !st.results.is_empty() {
        lines.push(Line::styled(s::SEARCH_LOADING, theme.dim));
    } else if st.more && first + rows >= st.results.len() {
        lines.push(Line::styled("  ↓ for more", theme.dim));
    }
    f.render_widget(Clear, r);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border_focus)
        .title(format!(" {} ", s::SEARCH_TITLE))
        .title_style(theme.title)
        .title_bottom(
            Line::from(" ↑↓ choose · Enter search/open · Tab closed/all · Esc close ")
                .right_aligned(),
        );
    let inner = block.inner(r);
    f.render_widget(block, r);
    f.render_widget(Paragraph::new(lines), inner);
}
