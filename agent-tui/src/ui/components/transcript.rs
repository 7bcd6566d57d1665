//! The middle pane: the open conversation's messages, replies on their
//! way, and the visitor's typing indicator.

use super::pane;
use crate::app::{App, Conv, Pane, SendState, Sub, reason_label};
use crate::strings as s;
use crate::ui::Theme;
use crate::ui::text::{clean, clock, fit, wrap};
use proto::conversations::{ConversationStatus, SenderKind};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// Cells before a message's body on its continuation lines (the clock).
const INDENT: usize = 6;

/// Draws the open conversation into `area`.
pub fn render(f: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let focused = app.focus == Pane::Transcript && app.overlay.is_none();
    let Some(conv) = app.open_conv() else {
        let block = pane("", focused, theme);
        let inner = block.inner(area);
        f.render_widget(block, area);
        f.render_widget(Paragraph::new(s::NOTHING_OPEN).style(theme.dim), inner);
        return;
    };
    let status = app.state_label(conv);
    let mut title = format!(
        " {} · {} · {status} ",
        clean(&conv.visitor_label()),
        app.widget_name(conv.info.widget_id)
    );
    // The notes pane may be hidden (narrow screens): their count says they exist.
    match conv.notes.len() {
        0 => {}
        1 => title.push_str("· 1 note "),
        n => title.push_str(&format!("· {n} notes ")),
    }
    let mut block = pane(title, focused, theme);
    if app.scroll > 0 {
        block = block.title_bottom(Line::from(format!(" ↑{} ", app.scroll)).right_aligned());
    }
    let inner = block.inner(area);
    f.render_widget(block, area);
    let all = lines(app, conv, inner.width, theme);
    let h = usize::from(inner.height);
    let scroll = usize::from(app.scroll).min(all.len().saturating_sub(h));
    let end = all.len() - scroll;
    let start = end.saturating_sub(h);
    let shown: Vec<Line> = all[start..end].to_vec();
    f.render_widget(Paragraph::new(shown), inner);
}

/// Every line of the transcript at `width` cells, oldest first.
pub fn lines(app: &App, conv: &Conv, width: u16, theme: &Theme) -> Vec<Line<'static>> {
    let w = usize::from(width).max(INDENT + 4);
    let mut out = Vec::new();
    if conv.messages.is_empty() && app.pending_for(conv.info.id).next().is_none() {
        let loading = conv.loading || matches!(conv.sub, Sub::Requested(_));
        out.push(Line::styled(
            if loading {
                s::TRANSCRIPT_LOADING
            } else {
                s::TRANSCRIPT_EMPTY
            },
            theme.dim,
        ));
    }
    // Where the conversation left the assistant for the queue: a rule
    // before the first message written after that.
    let mut divider = conv.info.escalated_at.filter(|at| {
        conv.messages
            .values()
            .next()
            .is_some_and(|m| m.created_at < *at)
    });
    for m in conv.messages.values() {
        if let Some(at) = divider
            && m.created_at >= at
        {
            divider = None;
            let why = conv
                .info
                .escalation_reason
                .as_deref()
                .map(|r| format!(": {}", reason_label(r)))
                .unwrap_or_default();
            let text = format!(
                " {} ",
                fit(&format!("{}{why}", s::ESCALATED), w.saturating_sub(6))
            );
            let side = w.saturating_sub(crate::ui::text::width(&text)) / 2;
            out.push(Line::styled(
                format!("{}{text}{}", "─".repeat(side), "─".repeat(side)),
                theme.dim,
            ));
        }
        let (name, style) = match m.sender {
            SenderKind::Visitor => (conv.visitor_label(), theme.visitor),
            SenderKind::Agent => (
                m.author_name.clone().unwrap_or_else(|| s::AGENT.into()),
                theme.agent,
            ),
            SenderKind::Ai => (s::AI.to_string(), theme.other),
            SenderKind::System => (s::SYSTEM.to_string(), theme.other),
        };
        let tick =
            (m.sender == SenderKind::Agent).then_some(if m.seq <= conv.info.visitor_read_seq {
                (" ✓✓", theme.ok)
            } else {
                (" ✓", theme.dim)
            });
        message(
            &mut out,
            w,
            &clock(m.created_at, app.cfg.utc_offset_secs),
            (&clean(&name), style),
            &clean(&m.body),
            tick,
            theme,
        );
    }
    for o in app.pending_for(conv.info.id) {
        let (label, style) = match &o.state {
            SendState::Waiting { .. } if !app.link.online() => {
                (format!(" ○ {}", s::QUEUED_OFFLINE), theme.warn)
            }
            SendState::Waiting { .. } | SendState::Sent { .. } => {
                (format!(" ○ {}", s::SENDING), theme.dim)
            }
            SendState::Acked { .. } => (" ✓".to_string(), theme.dim),
            SendState::Failed { reason } => (
                format!(" ✗ {}: {}", s::NOT_SENT, clean(reason)),
                theme.error,
            ),
        };
        message(
            &mut out,
            w,
            "--:--",
            (s::YOU, theme.agent),
            &clean(&o.body),
            Some((&label, style)),
            theme,
        );
    }
    if let Some(p) = conv.ai_partial.as_deref().filter(|p| !p.is_empty()) {
        message(
            &mut out,
            w,
            "--:--",
            (s::AI, theme.other),
            &clean(p),
            Some((&format!(" {}", s::AI_WRITING), theme.dim)),
            theme,
        );
    }
    if conv.visitor_typing(app.now) {
        out.push(Line::styled(
            format!("{}{}", " ".repeat(INDENT), s::VISITOR_TYPING),
            theme.dim,
        ));
    } else if conv.info.status == ConversationStatus::Closed && !conv.messages.is_empty() {
        out.push(Line::styled(
            format!(
                "{}— {} —",
                " ".repeat(INDENT),
                s::LANE_CLOSED.to_lowercase()
            ),
            theme.dim,
        ));
    }
    out
}

/// One message: `HH:MM Name: body…` with continuation lines indented,
/// and a suffix (read ticks, sending state) after the last word.
fn message(
    out: &mut Vec<Line<'static>>,
    w: usize,
    time: &str,
    (name, name_style): (&str, Style),
    body: &str,
    suffix: Option<(&str, Style)>,
    theme: &Theme,
) {
    let head = format!("{time} ");
    let who = format!("{name}: ");
    let first = w.saturating_sub(crate::ui::text::width(&head) + crate::ui::text::width(&who));
    let wrapped = wrap(body, first.max(8), w - INDENT);
    let n = wrapped.len();
    // A suffix that does not fit after the last word gets a line of its own.
    let last_w = wrapped.last().map_or(0, |l| crate::ui::text::width(l))
        + if n == 1 { w - first } else { INDENT };
    let own_line = suffix.is_some_and(|(label, _)| last_w + crate::ui::text::width(label) > w);
    for (i, text) in wrapped.into_iter().enumerate() {
        let mut spans = if i == 0 {
            vec![
                Span::styled(head.clone(), theme.dim),
                Span::styled(who.clone(), name_style),
                Span::raw(text),
            ]
        } else {
            vec![Span::raw(" ".repeat(INDENT)), Span::raw(text)]
        };
        if i + 1 == n
            && !own_line
            && let Some((label, style)) = suffix
        {
            spans.push(Span::styled(label.to_string(), style));
        }
        out.push(Line::from(spans));
    }
    if own_line && let Some((label, style)) = suffix {
        let label = label.trim_start();
        for part in wrap(label, w - INDENT, w - INDENT) {
            out.push(Line::from(vec![
                Span::raw(" ".repeat(INDENT)),
                Span::styled(part, style),
            ]));
        }
    }
}
