//! The reply box at the bottom.

use super::pane;
use crate::app::{App, Lane, Pane};
use crate::strings as s;
use crate::ui::Theme;
use crate::ui::text::clean;
use proto::conversations::ConversationStatus;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::widgets::Paragraph;

/// Draws the open conversation's draft.
pub fn render(f: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let focused = app.focus == Pane::Composer && app.overlay.is_none();
    let (Some(id), Some(conv)) = (app.open, app.open_conv()) else {
        let block = pane("", false, theme);
        let inner = block.inner(area);
        f.render_widget(block, area);
        f.render_widget(Paragraph::new(s::COMPOSER_DISABLED).style(theme.dim), inner);
        return;
    };
    if app.read_only(id) {
        let block = pane("", false, theme);
        let inner = block.inner(area);
        f.render_widget(block, area);
        f.render_widget(Paragraph::new(s::READ_ONLY).style(theme.dim), inner);
        return;
    }
    let who = clean(&conv.visitor_label());
    let mut title = match app.lane_of(conv) {
        _ if conv.info.status == ConversationStatus::Closed => format!(" {} ", s::COMPOSER_CLOSED),
        _ if app.accepting(id) => format!(" Reply to {who} ({}) ", s::ACCEPTING),
        Lane::Queue => format!(" Reply to {who} ({}) ", s::COMPOSER_QUEUED),
        Lane::Others if conv.acceptable() => format!(" Reply to {who} ({}) ", s::COMPOSER_AI),
        Lane::Others => format!(" Reply to {who} ({}) ", app.state_label(conv)),
        Lane::Mine | Lane::Closed => format!(" Reply to {who} "),
    };
    if app.history.pos.is_some() {
        title.push_str("(recalled) ");
    }
    let block = pane(title, focused, theme);
    let inner = block.inner(area);
    f.render_widget(block, area);
    let Some(draft) = app.drafts.get(&id) else {
        return;
    };
    // A copy, so the cursor can be hidden when the box is not focused
    // without rendering touching the state.
    let mut t = draft.clone();
    t.set_cursor_line_style(Style::default());
    t.set_placeholder_style(theme.dim);
    t.set_cursor_style(if focused {
        Style::default().add_modifier(Modifier::REVERSED)
    } else {
        Style::default()
    });
    f.render_widget(&t, inner);
}
