//! The left pane: the queue, my conversations, the others' and the
//! assistant's, and the closed ones.

use super::pane;
use crate::app::{App, Conv, Lane, Pane, Row, reason_label};
use crate::strings as s;
use crate::ui::Theme;
use crate::ui::text::{age, clean, fit, width};
use proto::conversations::Phase;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{List, ListItem, ListState, Paragraph};

/// Draws the list into `area`.
pub fn render(f: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let focused = app.focus == Pane::List && app.overlay.is_none();
    let block = pane(s::LIST_TITLE, focused, theme);
    let inner = block.inner(area);
    f.render_widget(block, area);
    let rows = app.rows();
    if app.convs.is_empty() {
        let text = if app.loaded {
            s::LIST_EMPTY
        } else {
            s::LIST_LOADING
        };
        f.render_widget(Paragraph::new(text).style(theme.dim), inner);
        return;
    }
    let w = usize::from(inner.width);
    let mut selected = None;
    let items: Vec<ListItem> = rows
        .iter()
        .enumerate()
        .map(|(i, row)| match row {
            Row::Heading(lane, n) => ListItem::new(Line::from(Span::styled(
                format!("{} ({n})", lane.title()),
                theme.heading,
            ))),
            Row::Conv(id) => {
                if app.selected == Some(*id) {
                    selected = Some(i);
                }
                app.convs
                    .get(id)
                    .map_or_else(|| ListItem::new(""), |c| item(app, c, w, theme))
            }
        })
        .collect();
    let mut state = ListState::default().with_selected(selected);
    let list = List::new(items).highlight_style(theme.selected);
    f.render_stateful_widget(list, inner, &mut state);
}

fn item<'a>(app: &App, c: &Conv, w: usize, theme: &Theme) -> ListItem<'a> {
    let lane = app.lane_of(c);
    let unread = c.unread();
    let badge = if unread > 0 {
        format!(" {unread} ")
    } else {
        String::new()
    };
    // Queued: how long the visitor has waited for a person; otherwise:
    // since the last message.
    let since = match lane {
        Lane::Queue => c.waiting_since(),
        _ => c.last_activity(),
    };
    let when = age(app.now - since);
    let mark = if c.attention {
        "● "
    } else if app.accepting(c.info.id) {
        "… "
    } else {
        "  "
    };
    let room = w.saturating_sub(width(mark) + width(&when) + width(&badge) + 1);
    let name = fit(&clean(&c.visitor_label()), room);
    let pad = w.saturating_sub(width(mark) + width(&name) + width(&when) + width(&badge));
    let name_style = if c.attention {
        theme.attention
    } else {
        theme.title
    };
    let when_style = if lane == Lane::Queue {
        theme.warn
    } else {
        theme.dim
    };
    let mut first = vec![
        Span::styled(mark, theme.attention),
        Span::styled(name, name_style),
        Span::raw(" ".repeat(pad)),
        Span::styled(when, when_style),
    ];
    if !badge.is_empty() {
        first.push(Span::styled(badge, theme.badge));
    }
    let first_message = c
        .first_visitor_message()
        .map(|m| clean(&m.body).replace('\n', " "));
    let preview = first_message.clone().unwrap_or_else(|| "…".to_string());
    let inner_w = w.saturating_sub(2);
    let dim = |text: String| {
        Line::from(Span::styled(
            format!("  {}", fit(&text, inner_w)),
            theme.dim,
        ))
    };
    let mut lines = vec![Line::from(first)];
    match lane {
        Lane::Queue => {
            // Widget and why it is here, then what the visitor asked.
            let reason = c
                .info
                .escalation_reason
                .as_deref()
                .map(reason_label)
                .unwrap_or_default();
            let mut second = app.widget_name(c.info.widget_id);
            if !reason.is_empty() {
                second = format!("{second} · {reason}");
            }
            lines.push(Line::from(Span::styled(
                format!("  {}", fit(&clean(&second), inner_w)),
                theme.warn,
            )));
            if let Some(m) = first_message {
                lines.push(dim(format!("“{m}”")));
            }
        }
        Lane::Others => {
            let who = match (c.info.phase, c.info.assigned_agent_id) {
                (Phase::Assigned, Some(a)) => app.agent_name(a),
                _ => s::AI.to_string(),
            };
            lines.push(dim(format!("{} · {preview}", clean(&who))));
        }
        Lane::Mine | Lane::Closed => {
            lines.push(dim(format!(
                "{} · {preview}",
                app.widget_name(c.info.widget_id)
            )));
        }
    }
    ListItem::new(lines)
}
