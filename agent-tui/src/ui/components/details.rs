//! The right pane: who the visitor is and where they came from.

use super::pane;
use crate::app::{App, reason_label, short_id};
use crate::strings as s;
use crate::ui::Theme;
use crate::ui::text::{age, clean, date_time};
use proto::conversations::ConversationStatus;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

/// Previous conversations listed at most.
const PREVIOUS_SHOWN: usize = 5;

/// Draws the details of the open (or selected) conversation.
pub fn render(f: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let block = pane(s::DETAILS_TITLE, false, theme);
    let inner = block.inner(area);
    f.render_widget(block, area);
    let Some(c) = app.open.or(app.selected).and_then(|id| app.convs.get(&id)) else {
        return;
    };
    let field = |k: &str, v: String| {
        Line::from(vec![
            Span::styled(format!("{k}: "), theme.dim),
            Span::raw(clean(&v)),
        ])
    };
    let mut lines = vec![
        Line::styled(clean(&c.visitor_label()), theme.title),
        field("Status", app.state_label(c)),
        field("Widget", app.widget_name(c.info.widget_id)),
        field(
            "Started",
            format!(
                "{} ({} ago)",
                date_time(c.info.created_at, app.cfg.utc_offset_secs),
                age(app.now - c.info.created_at)
            ),
        ),
    ];
    if let Some(closed) = c.info.closed_at {
        lines.push(field("Closed", date_time(closed, app.cfg.utc_offset_secs)));
    }
    if let Some(r) = &c.info.escalation_reason {
        lines.push(field("Escalated", reason_label(r)));
    }
    if let (Some(q), Some(a)) = (c.info.queued_at, c.info.assigned_at)
        && a >= q
    {
        lines.push(field("Waited", age(a - q)));
    }
    // The visitor's history: a line on short panes, a list on tall ones.
    match app.previous_conversations(c.info.id) {
        None => {}
        Some(Err(e)) => lines.push(Line::styled(
            format!("{}: {}", s::PREVIOUS_FAILED, clean(e)),
            theme.error,
        )),
        Some(Ok(list)) if list.is_empty() => lines.push(field("Previous", "none".into())),
        Some(Ok(list)) if inner.height < 24 => lines.push(field(
            "Previous",
            format!(
                "{}, last {}",
                list.len(),
                date_time(list[0].created_at, app.cfg.utc_offset_secs)
            ),
        )),
        Some(Ok(list)) => {
            lines.push(Line::styled(
                format!("{} ({})", s::PREVIOUS_TITLE, list.len()),
                theme.heading,
            ));
            for p in list.iter().take(PREVIOUS_SHOWN) {
                let state = match (p.status, p.rating) {
                    (ConversationStatus::Open, _) => "open".to_string(),
                    (ConversationStatus::Closed, Some(r)) => format!("closed, {r}/5"),
                    (ConversationStatus::Closed, None) => "closed".to_string(),
                };
                lines.push(Line::from(vec![
                    Span::styled(
                        format!("  {} ", date_time(p.created_at, app.cfg.utc_offset_secs)),
                        theme.dim,
                    ),
                    Span::raw(state),
                ]));
            }
            if list.len() > PREVIOUS_SHOWN {
                lines.push(Line::styled(
                    format!("  … {} more (/ searches)", list.len() - PREVIOUS_SHOWN),
                    theme.dim,
                ));
            }
        }
    }
    if let Some(r) = c.info.rating {
        let mut v = format!("{r}/5");
        if let Some(comment) = c.info.rating_comment.as_deref().filter(|t| !t.is_empty()) {
            v.push_str(&format!(" “{comment}”"));
        }
        lines.push(field("Rating", v));
    }
    if let Some(url) = &c.info.page_url {
        lines.push(field("Page", url.clone()));
    }
    if let Some(summary) = c.info.summary.as_deref().filter(|t| !t.trim().is_empty()) {
        lines.push(Line::raw(""));
        lines.push(Line::styled(s::SUMMARY_TITLE, theme.heading));
        lines.push(Line::raw(clean(summary.trim())));
    }
    if !c.info.prechat.is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::styled("Pre-chat form", theme.heading));
        for (k, v) in &c.info.prechat {
            lines.push(field(k, v.clone()));
        }
    }
    lines.push(Line::raw(""));
    lines.push(field(
        "Messages",
        format!(
            "{} (visitor read {}, agents read {})",
            c.info.last_seq, c.info.visitor_read_seq, c.info.agent_read_seq
        ),
    ));
    lines.push(field("Id", short_id(c.info.id)));
    f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
}
