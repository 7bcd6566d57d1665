//! The left pane: waiting, open and closed conversations.

use super::pane;
use crate::app::{App, Lane, Pane, Row};
use crate::strings as s;
use crate::ui::Theme;
use crate::ui::text::{age, clean, fit, width};
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
            Row::Heading(lane, n) => {
                let name = match lane {
                    Lane::Queue => s::LANE_QUEUE,
                    Lane::Active => s::LANE_ACTIVE,
                    Lane::Closed => s::LANE_CLOSED,
                };
                ListItem::new(Line::from(Span::styled(
                    format!("{name} ({n})"),
                    theme.heading,
                )))
            }
            Row::Conv(id) => {
                if app.selected == Some(*id) {
                    selected = Some(i);
                }
                item(app, *id, w, theme)
            }
        })
        .collect();
    let mut state = ListState::default().with_selected(selected);
    let list = List::new(items).highlight_style(theme.selected);
    f.render_stateful_widget(list, inner, &mut state);
}

fn item<'a>(app: &App, id: uuid::Uuid, w: usize, theme: &Theme) -> ListItem<'a> {
    let Some(c) = app.convs.get(&id) else {
        return ListItem::new("");
    };
    let unread = c.unread();
    let badge = if unread > 0 {
        format!(" {unread} ")
    } else {
        String::new()
    };
    // Waiting: how long the visitor has waited; otherwise: since the last message.
    let since = match c.lane() {
        Lane::Queue => c.info.created_at,
        _ => c.last_activity(),
    };
    let when = age(app.now - since);
    let mark = if c.attention { "● " } else { "  " };
    let room = w.saturating_sub(width(mark) + width(&when) + width(&badge) + 1);
    let name = fit(&clean(&c.visitor_label()), room);
    let pad = w.saturating_sub(width(mark) + width(&name) + width(&when) + width(&badge));
    let name_style = if c.attention {
        theme.attention
    } else {
        theme.title
    };
    let mut first = vec![
        Span::styled(mark, theme.attention),
        Span::styled(name, name_style),
        Span::raw(" ".repeat(pad)),
        Span::styled(when, theme.dim),
    ];
    if !badge.is_empty() {
        first.push(Span::styled(badge, theme.badge));
    }
    let preview = c
        .first_visitor_message()
        .map_or_else(|| "…".to_string(), |m| clean(&m.body).replace('\n', " "));
    let second = fit(
        &format!("{} · {preview}", app.widget_name(c.info.widget_id)),
        w.saturating_sub(2),
    );
    ListItem::new(vec![
        Line::from(first),
        Line::from(Span::styled(format!("  {second}"), theme.dim)),
    ])
}
