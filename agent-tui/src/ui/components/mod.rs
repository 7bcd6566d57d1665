//! Pieces of the screens.

pub mod canned;
pub mod composer;
pub mod conversation_list;
pub mod details;
pub mod dialog;
pub mod help;
pub mod notes;
pub mod search;
pub mod status_bar;
pub mod transcript;
pub mod transfer;

use super::Theme;
use ratatui::widgets::{Block, BorderType, Borders};

/// A pane's frame, highlighted when focused.
pub fn pane<'a>(
    title: impl Into<ratatui::text::Line<'a>>,
    focused: bool,
    theme: &Theme,
) -> Block<'a> {
    Block::default()
        .borders(Borders::ALL)
        .border_type(if focused {
            BorderType::Thick
        } else {
            BorderType::Plain
        })
        .border_style(if focused {
            theme.border_focus
        } else {
            theme.border
        })
        .title(title)
        .title_style(theme.title)
}
