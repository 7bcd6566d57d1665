//! Email and password, for agents without a stored login or token.

use crate::app::{App, LoginField};
use crate::strings as s;
use crate::ui::components::status_bar;
use crate::ui::text::{fit, wrap};
use crate::ui::{Theme, centered};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Paragraph};

/// Draws the login form.
pub fn render(f: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let [main, status] = Layout::vertical([Constraint::Min(3), Constraint::Length(1)]).areas(area);
    let form = &app.login;
    let w = 56.min(main.width);
    let inner_w = usize::from(w.saturating_sub(2));
    let message: Vec<String> = match (&form.error, form.busy) {
        (_, true) => vec![s::LOGIN_BUSY.to_string()],
        (Some(e), false) => wrap(e, inner_w, inner_w),
        (None, false) => Vec::new(),
    };
    let msg_h = u16::try_from(message.len()).unwrap_or(0);
    let r = centered(main, w, 10 + msg_h);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border_focus)
        .title(format!(" {} ", s::LOGIN_TITLE))
        .title_style(theme.title);
    let inner = block.inner(r);
    f.render_widget(block, r);
    let [server, email, password, msg] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Length(3),
        Constraint::Length(3),
        Constraint::Length(msg_h),
    ])
    .areas(inner);
    f.render_widget(
        Paragraph::new(Line::styled(fit(&app.cfg.server, inner_w), theme.dim)),
        server,
    );
    for (field, area, label, text) in [
        (LoginField::Email, email, s::LOGIN_EMAIL, &form.email),
        (
            LoginField::Password,
            password,
            s::LOGIN_PASSWORD,
            &form.password,
        ),
    ] {
        let focused = form.field == field;
        let b = Block::default()
            .borders(Borders::ALL)
            .border_style(if focused {
                theme.border_focus
            } else {
                theme.border
            })
            .title(format!(" {label} "));
        let fi = b.inner(area);
        f.render_widget(b, area);
        let mut t = text.clone();
        t.set_cursor_line_style(Style::default());
        t.set_cursor_style(if focused {
            Style::default().add_modifier(Modifier::REVERSED)
        } else {
            Style::default()
        });
        f.render_widget(&t, fi);
    }
    let style = if form.busy { theme.dim } else { theme.error };
    f.render_widget(
        Paragraph::new(message.into_iter().map(Line::raw).collect::<Vec<_>>()).style(style),
        msg,
    );
    status_bar::render(f, status, app, theme);
}
