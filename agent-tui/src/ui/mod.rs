//! Drawing. Everything here reads the [`App`] and writes to a frame; nothing
//! changes state.

mod components;
mod screens;
pub(crate) mod text;
mod theme;

#[cfg(test)]
mod tests;

pub use theme::Theme;

use crate::app::{App, Overlay, Pane, Screen, View, list_width};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};

/// Where each part of the workspace goes.
#[derive(Debug, Clone, Copy)]
pub struct Areas {
    /// Conversation list, unless the details took its place.
    pub list: Option<Rect>,
    /// Transcript.
    pub transcript: Rect,
    /// Visitor details, when shown.
    pub details: Option<Rect>,
    /// Private notes, under the details.
    pub notes: Option<Rect>,
    /// Reply box.
    pub composer: Rect,
    /// Status bar.
    pub status: Rect,
}

/// Width of the details pane.
const DETAILS_WIDTH: u16 = 34;

/// Splits the screen for `app`.
pub fn areas(app: &App, area: Rect) -> Areas {
    let draft_lines = app
        .open
        .and_then(|id| app.drafts.get(&id))
        .map_or(1, |t| t.lines().len());
    let composer_h = u16::try_from(draft_lines.clamp(1, 4)).unwrap_or(1) + 2;
    let [main, composer, status] = Layout::vertical([
        Constraint::Min(3),
        Constraint::Length(composer_h),
        Constraint::Length(1),
    ])
    .areas(area);
    let lw = list_width(area.width).min(area.width / 2);
    let wide = area.width >= lw + DETAILS_WIDTH + 30;
    let details = app.details_visible();
    let dw = if details && wide { DETAILS_WIDTH } else { 0 };
    let [list, transcript, details_area] = Layout::horizontal([
        Constraint::Length(lw),
        Constraint::Min(10),
        Constraint::Length(dw),
    ])
    .areas(main);
    // Too narrow for three panes: the details take the list's place while
    // the agent reads a conversation, and give it back when the list has focus.
    let in_list_column = details && !wide && app.focus != Pane::List && app.open.is_some();
    let side = if dw > 0 {
        Some(details_area)
    } else {
        in_list_column.then_some(list)
    };
    // The notes share the details' column, below them, once something is
    // open or selected.
    let shown = app.open.or(app.selected).and_then(|id| app.convs.get(&id));
    let (details, notes) = match (side, shown) {
        (Some(r), Some(c)) if r.height >= 12 => {
            // Without notes, a line says so; with some, they get room.
            let nh = if c.notes.is_empty() {
                3
            } else {
                (r.height * 2 / 5).max(5)
            };
            let [d, n] = Layout::vertical([Constraint::Min(5), Constraint::Length(nh)]).areas(r);
            (Some(d), Some(n))
        }
        (other, _) => (other, None),
    };
    Areas {
        list: (!in_list_column).then_some(list),
        transcript,
        details,
        notes,
        composer,
        status,
    }
}

/// Draws the whole screen.
pub fn draw(f: &mut Frame, app: &App) {
    let theme = Theme::new(app.cfg.no_color);
    let area = f.area();
    match app.screen {
        Screen::Login => screens::login::render(f, area, app, &theme),
        Screen::Workspace if app.view == View::Supervisor => {
            screens::supervisor::render(f, area, app, &theme);
        }
        Screen::Workspace => screens::workspace::render(f, area, app, &theme),
    }
    match &app.overlay {
        Some(Overlay::Help { scroll }) => components::help::render(f, area, *scroll, &theme),
        Some(Overlay::ConfirmClose(id)) => {
            components::dialog::confirm_close(f, area, app, *id, &theme)
        }
        Some(Overlay::ConfirmReturn(id)) => {
            components::dialog::confirm_return(f, area, app, *id, &theme);
        }
        Some(Overlay::ConfirmQuit) => components::dialog::confirm_quit(f, area, app, &theme),
        Some(Overlay::Transfer(p)) => components::transfer::render(f, area, app, p, &theme),
        Some(Overlay::Canned(p)) => components::canned::render(f, area, app, p, &theme),
        Some(Overlay::Search) => components::search::render(f, area, app, &theme),
        Some(Overlay::Note) => components::notes::render_editor(f, area, app, &theme),
        None => {}
    }
}

/// How far the transcript can scroll up at the current size.
pub fn transcript_max_scroll(app: &App) -> u16 {
    let a = areas(app, Rect::new(0, 0, app.width, app.height));
    let Some(conv) = app.open_conv() else {
        return 0;
    };
    let inner_w = a.transcript.width.saturating_sub(2);
    let inner_h = a.transcript.height.saturating_sub(2);
    let n = components::transcript::lines(app, conv, inner_w, &Theme::new(true)).len();
    u16::try_from(n.saturating_sub(usize::from(inner_h))).unwrap_or(u16::MAX)
}

/// How far the help overlay can scroll at this size.
pub fn help_max_scroll(width: u16, height: u16) -> u16 {
    components::help::max_scroll(Rect::new(0, 0, width, height))
}

/// A rectangle of at most `w`×`h` centred in `area`.
fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}
