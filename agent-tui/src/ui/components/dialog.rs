//! Yes/no questions.

use crate::app::App;
use crate::strings as s;
use crate::ui::text::{clean, wrap};
use crate::ui::{Theme, centered};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use uuid::Uuid;

fn dialog(f: &mut Frame, area: Rect, title: &str, body: Vec<String>, theme: &Theme) {
    let w = 60.min(area.width.saturating_sub(2));
    let inner_w = usize::from(w.saturating_sub(2));
    let mut lines: Vec<Line> = Vec::new();
    for para in body {
        for l in wrap(&para, inner_w, inner_w) {
            lines.push(Line::raw(l));
        }
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled("y yes · n no", theme.dim));
    let h = u16::try_from(lines.len() + 2).unwrap_or(u16::MAX);
    let r = centered(area, w, h);
    f.render_widget(Clear, r);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border_focus)
        .title(format!(" {title} "))
        .title_style(theme.title);
    let inner = block.inner(r);
    f.render_widget(block, r);
    f.render_widget(Paragraph::new(lines), inner);
}

/// "Close the conversation with …?"
pub fn confirm_close(f: &mut Frame, area: Rect, app: &App, id: Uuid, theme: &Theme) {
    let who = app
        .convs
        .get(&id)
        .map_or_else(String::new, |c| clean(&c.visitor_label()));
    dialog(
        f,
        area,
        s::CLOSE_TITLE,
        vec![format!("Close the conversation with {who}?")],
        theme,
    );
}

/// "Give … back to the assistant?"
pub fn confirm_return(f: &mut Frame, area: Rect, app: &App, id: Uuid, theme: &Theme) {
    let who = app
        .convs
        .get(&id)
        .map_or_else(String::new, |c| clean(&c.visitor_label()));
    dialog(
        f,
        area,
        s::RETURN_TITLE,
        vec![format!(
            "Give the conversation with {who} back to the assistant? It answers the next message; {who} can ask for a person again."
        )],
        theme,
    );
}

/// "Quit and lose …?"
pub fn confirm_quit(f: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let mut body = vec![s::QUIT_UNSENT.to_string()];
    let unsaved = app.unsaved();
    let n = unsaved.len();
    body.extend(
        unsaved
            .into_iter()
            .take(5)
            .map(|l| format!("• {}", clean(&l))),
    );
    if n > 5 {
        body.push(format!("… and {} more", n - 5));
    }
    dialog(f, area, s::QUIT_TITLE, body, theme);
}
