//! Styles. With `NO_COLOR` every style is plain but for bold, dim and
//! reverse, which carry the focus and the selection without color.

use ratatui::style::{Color, Modifier, Style};

/// The styles the screens use.
#[derive(Debug, Clone, Copy)]
pub struct Theme {
    /// Pane borders.
    pub border: Style,
    /// The focused pane's border.
    pub border_focus: Style,
    /// Pane titles.
    pub title: Style,
    /// The selected list row.
    pub selected: Style,
    /// Less important text.
    pub dim: Style,
    /// Lane headings.
    pub heading: Style,
    /// The visitor's name.
    pub visitor: Style,
    /// An agent's name.
    pub agent: Style,
    /// AI and system senders.
    pub other: Style,
    /// Needs a look: new conversation, new message.
    pub attention: Style,
    /// Unread badge.
    pub badge: Style,
    /// Errors.
    pub error: Style,
    /// Good news: online, read.
    pub ok: Style,
    /// Waiting, retrying.
    pub warn: Style,
}

impl Theme {
    /// The theme for a terminal with or without color.
    pub fn new(no_color: bool) -> Self {
        let plain = Style::default();
        let bold = plain.add_modifier(Modifier::BOLD);
        if no_color {
            return Self {
                border: plain,
                border_focus: bold,
                title: bold,
                selected: plain.add_modifier(Modifier::REVERSED),
                dim: plain.add_modifier(Modifier::DIM),
                heading: bold,
                visitor: bold,
                agent: bold,
                other: plain,
                attention: bold,
                badge: bold,
                error: bold,
                ok: plain,
                warn: bold,
            };
        }
        Self {
            border: plain.fg(Color::DarkGray),
            border_focus: plain.fg(Color::Cyan),
            title: bold,
            selected: plain.add_modifier(Modifier::REVERSED),
            dim: plain.fg(Color::DarkGray),
            heading: bold.fg(Color::Blue),
            visitor: bold.fg(Color::Green),
            agent: bold.fg(Color::Cyan),
            other: plain.fg(Color::Magenta),
            attention: bold.fg(Color::Yellow),
            badge: bold.fg(Color::Black).bg(Color::Yellow),
            error: bold.fg(Color::Red),
            ok: plain.fg(Color::Green),
            warn: plain.fg(Color::Yellow),
        }
    }
}
