//! The bottom line: connection, presence, the outbox, and key hints.

use crate::app::{App, Link, Overlay, Pane, Screen, View};
use crate::keys::{self, Scope};
use crate::strings as s;
use crate::ui::Theme;
use crate::ui::text::{fit, width};
use proto::conversations::PresenceStatus;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// Draws the status bar.
pub fn render(f: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let (dot, state, style) = match &app.link {
        Link::Online { .. } => ("●", s::CONN_ONLINE.to_string(), theme.ok),
        Link::Connecting { .. } => ("◌", s::CONN_CONNECTING.to_string(), theme.warn),
        Link::Retrying { at, attempt, .. } => {
            let secs = ((at - app.now).max(0) + 999) / 1000;
            (
                "○",
                format!("{} in {secs}s (#{attempt}, r: now)", s::CONN_RETRY),
                theme.warn,
            )
        }
        Link::Stopped { reason } => ("○", format!("{}: {reason}", s::CONN_STOPPED), theme.error),
        Link::Idle => ("○", s::CONN_LOGGED_OUT.to_string(), theme.dim),
    };
    let mut left = vec![Span::styled(format!(" {dot} {state}"), style)];
    if app.screen == Screen::Workspace {
        let (word, pstyle) = match app.my_presence() {
            PresenceStatus::Away => (s::PRESENCE_AWAY, theme.warn),
            PresenceStatus::Online | PresenceStatus::Offline => (s::PRESENCE_ONLINE, theme.ok),
        };
        left.push(Span::raw(" · "));
        // The name only where there is room for the key hints too.
        if let Some(me) = app.me.as_ref().filter(|_| area.width >= 100) {
            left.push(Span::styled(format!("{} ", fit(&me.name, 16)), theme.dim));
        }
        left.push(Span::styled(word, pstyle));
        let (on, away) = app.presence_counts();
        if on + away > 0 {
            let noun = if on == 1 { "agent" } else { "agents" };
            left.push(Span::raw(format!(" · {on} {noun} online")));
        }
        let queued = app.queue_depth();
        if queued > 0 {
            left.push(Span::styled(format!(" · {queued} queued"), theme.warn));
        }
    }
    let unsent = app.outbox.iter().filter(|o| o.unsent()).count();
    if unsent > 0 {
        left.push(Span::styled(format!(" · {unsent} unsent"), theme.warn));
    }
    let used: usize = left.iter().map(|s| width(&s.content)).sum();
    let room = usize::from(area.width).saturating_sub(used + 3);
    let right = if let Some(n) = app.notice.as_ref().filter(|n| n.until > app.now) {
        Span::styled(
            fit(&n.text, room),
            if n.error {
                theme.error
            } else {
                theme.attention
            },
        )
    } else {
        Span::styled(fit(&hint_text(app), room), theme.dim)
    };
    let pad = usize::from(area.width).saturating_sub(used + width(&right.content) + 1);
    left.push(Span::raw(" ".repeat(pad)));
    left.push(right);
    f.render_widget(Paragraph::new(Line::from(left)), area);
}

fn hint_text(app: &App) -> String {
    let scope = match (&app.overlay, app.screen, app.focus) {
        (_, Screen::Login, _) => Scope::Login,
        (Some(Overlay::Help { .. }), ..) => Scope::Help,
        (Some(Overlay::Transfer(_)), ..) => Scope::Picker,
        (Some(Overlay::Canned(_)), ..) => Scope::Canned,
        (Some(Overlay::Search), ..) => Scope::Search,
        (Some(Overlay::Note), ..) => Scope::Note,
        (Some(_), ..) => Scope::Dialog,
        (None, ..) if app.view == View::Supervisor => Scope::Supervisor,
        (None, _, Pane::List) => Scope::List,
        (None, _, Pane::Transcript) => Scope::Transcript,
        (None, _, Pane::Composer) => Scope::Composer,
    };
    keys::hints(scope)
        .into_iter()
        .map(|(k, label)| format!("{k} {label}"))
        .collect::<Vec<_>>()
        .join("  ")
}
