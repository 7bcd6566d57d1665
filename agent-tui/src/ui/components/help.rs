//! The `?` overlay: every binding of the keymap, by scope.

use crate::keys::{KEYMAP, Scope, keys_label};
use crate::strings as s;
use crate::ui::text::wrap;
use crate::ui::{Theme, centered};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

/// Width of the keys column.
const KEYS_COL: usize = 24;

fn frame_for(area: Rect) -> Rect {
    centered(area, 120, area.height.saturating_sub(2))
}

/// The overlay's lines at `width` cells; descriptions wrap beside the keys.
fn lines(theme: &Theme, width: u16) -> Vec<Line<'static>> {
    let text_w = usize::from(width).saturating_sub(KEYS_COL + 2).max(10);
    let mut out = Vec::new();
    for scope in Scope::ALL {
        if !out.is_empty() {
            out.push(Line::raw(""));
        }
        out.push(Line::styled(scope.title(), theme.heading));
        for bd in KEYMAP.iter().filter(|bd| bd.scope == scope) {
            for (i, part) in wrap(bd.help, text_w, text_w).into_iter().enumerate() {
                let keys = if i == 0 {
                    keys_label(bd)
                } else {
                    String::new()
                };
                out.push(Line::from(vec![
                    Span::styled(format!("  {keys:<KEYS_COL$}"), theme.title),
                    Span::raw(part),
                ]));
            }
        }
    }
    out
}

/// How far the overlay scrolls at this screen size.
pub fn max_scroll(area: Rect) -> u16 {
    let r = frame_for(area);
    let n = lines(&Theme::new(true), r.width.saturating_sub(2)).len();
    u16::try_from(n.saturating_sub(usize::from(r.height.saturating_sub(2)))).unwrap_or(0)
}

/// Draws the overlay, scrolled by `scroll` lines.
pub fn render(f: &mut Frame, area: Rect, scroll: u16, theme: &Theme) {
    let r = frame_for(area);
    f.render_widget(Clear, r);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border_focus)
        .title(format!(" {} ", s::HELP_TITLE))
        .title_bottom(Line::from(" j/k scroll · Esc close ").right_aligned());
    let inner = block.inner(r);
    f.render_widget(block, r);
    let scroll = scroll.min(max_scroll(area));
    f.render_widget(
        Paragraph::new(lines(theme, inner.width)).scroll((scroll, 0)),
        inner,
    );
}
