//! The workspace: list, transcript, details, composer, status bar.

use crate::app::App;
use crate::ui::components::{composer, conversation_list, details, notes, status_bar, transcript};
use crate::ui::{Theme, areas};
use ratatui::Frame;
use ratatui::layout::Rect;

/// Draws the workspace into `area`.
pub fn render(f: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let a = areas(app, area);
    if let Some(l) = a.list {
        conversation_list::render(f, l, app, theme);
    }
    transcript::render(f, a.transcript, app, theme);
    if let Some(d) = a.details {
        details::render(f, d, app, theme);
    }
    if let Some(n) = a.notes {
        notes::render(f, n, app, theme);
    }
    composer::render(f, a.composer, app, theme);
    status_bar::render(f, a.status, app, theme);
}
