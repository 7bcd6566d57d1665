//! Private notes: the pane under the visitor details, and the editor that
//! opens over the reply box. Both wear the warning color and say "private",
//! so a note is never mistaken for a reply.

use super::pane;
use crate::app::App;
use crate::strings as s;
use crate::ui::Theme;
use crate::ui::text::{clean, clock, wrap};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Clear, Paragraph};

/// The notes of the open (or selected) conversation, newest at the bottom.
pub fn render(f: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let block = pane(s::NOTES_TITLE, false, theme).border_style(theme.warn);
    let inner = block.inner(area);
    f.render_widget(block, area);
    let Some(c) = app.open.or(app.selected).and_then(|id| app.convs.get(&id)) else {
        return;
    };
    let w = usize::from(inner.width);
    let mut lines: Vec<Line> = Vec::new();
    if c.notes.is_empty() {
        lines.push(Line::styled(s::NOTES_NONE, theme.dim));
    }
    for n in &c.notes {
        lines.push(Line::from(vec![
            Span::styled(
                format!("{} ", clock(n.created_at, app.cfg.utc_offset_secs)),
                theme.dim,
            ),
            Span::styled(clean(&n.author_name), theme.warn),
        ]));
        for part in n.body.lines() {
            for l in wrap(&clean(part), w.saturating_sub(2), w.saturating_sub(2)) {
                lines.push(Line::from(vec![
                    Span::styled("▌ ", theme.warn),
                    Span::raw(l),
                ]));
            }
        }
    }
    // Newest at the bottom, like the transcript.
    let h = usize::from(inner.height);
    let skip = lines.len().saturating_sub(h);
    let shown: Vec<Line> = lines.into_iter().skip(skip).collect();
    f.render_widget(Paragraph::new(shown), inner);
}

/// Rows the note editor takes.
const EDITOR_ROWS: u16 = 6;

/// The note editor over the bottom of the screen, above the status bar.
pub fn render_editor(f: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let Some((id, t)) = &app.note_editor else {
        return;
    };
    let h = EDITOR_ROWS.min(area.height.saturating_sub(1));
    let r = Rect::new(
        area.x,
        area.y + area.height.saturating_sub(h + 1),
        area.width,
        h,
    );
    let who = app
        .convs
        .get(id)
        .map(|c| clean(&c.visitor_label()))
        .unwrap_or_default();
    f.render_widget(Clear, r);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Double)
        .border_style(theme.warn)
        .title(format!(" {} ({who}) ", s::NOTE_TITLE))
        .title_style(theme.warn);
    let inner = block.inner(r);
    f.render_widget(block, r);
    let mut t = t.clone();
    t.set_cursor_line_style(Style::default());
    t.set_placeholder_style(theme.dim);
    t.set_cursor_style(Style::default().add_modifier(Modifier::REVERSED));
    f.render_widget(&t, inner);
}
