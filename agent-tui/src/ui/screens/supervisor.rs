//! The supervisor view (admins): the queue now, who is online and how busy,
//! messages per minute as seen on this socket, and wait times from
//! `GET /api/v1/stats`.

use crate::app::{App, Lane};
use crate::strings as s;
use crate::ui::Theme;
use crate::ui::components::{pane, status_bar, transfer::presence_dot};
use crate::ui::text::{age, clean, fit, width};
use proto::conversations::PresenceStatus;
use ratatui::Frame;
use ratatui::layout::{Constraint, Direction, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, BarGroup, Paragraph, Sparkline};
use uuid::Uuid;

/// Minutes shown at most in the sparklines.
const MAX_MINUTES: usize = 60;
/// Days of waits shown at most.
const MAX_DAYS: usize = 14;

/// `45s`, `1m 20s`, `12m`, `1h 5m`.
pub fn duration(secs: f64) -> String {
    let s = secs.max(0.0).round() as i64;
    match s {
        0..=59 => format!("{s}s"),
        60..=599 => match s % 60 {
            0 => format!("{}m", s / 60),
            r => format!("{}m {r}s", s / 60),
        },
        600..=3599 => format!("{}m", s / 60),
        _ => match s % 3600 / 60 {
            0 => format!("{}h", s / 3600),
            m => format!("{}h {m}m", s / 3600),
        },
    }
}

/// At most 5 cells, to fit in a bar: `35s`, `1:45`, `12:05`, `2h05`.
pub fn short_duration(secs: f64) -> String {
    let s = secs.max(0.0).round() as i64;
    match s {
        0..=59 => format!("{s}s"),
        60..=3599 => format!("{}:{:02}", s / 60, s % 60),
        3600..=35_999 => format!("{}h{:02}", s / 3600, s % 3600 / 60),
        _ => format!("{}h", s / 3600),
    }
}

/// The load bars' full length: chatd's default capacity per agent
/// (`--agent-capacity`), or the busiest agent when more.
const LOAD_SCALE: u64 = 5;

/// Draws the view into `area`.
pub fn render(f: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let [main, status] = Layout::vertical([Constraint::Min(3), Constraint::Length(1)]).areas(area);
    let charts_h = (main.height.saturating_sub(5) / 3).max(6);
    let [head, charts, bottom] = Layout::vertical([
        Constraint::Length(5),
        Constraint::Length(charts_h),
        Constraint::Min(3),
    ])
    .areas(main);
    header(f, head, app, theme);
    let [msgs, queue] =
        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(charts);
    messages_chart(f, msgs, app, theme);
    queue_chart(f, queue, app, theme);
    let [agents, waits] =
        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(bottom);
    load_chart(f, agents, app, theme);
    wait_chart(f, waits, app, theme);
    status_bar::render(f, status, app, theme);
}

fn header(f: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let block = pane(format!(" {} ", s::SUPERVISOR_TITLE), true, theme);
    let inner = block.inner(area);
    f.render_widget(block, area);
    let queued: Vec<_> = app
        .convs
        .values()
        .filter(|c| app.lane_of(c) == Lane::Queue)
        .collect();
    let longest = queued
        .iter()
        .map(|c| app.now - c.waiting_since())
        .max()
        .map_or_else(|| "–".to_string(), age);
    let (on, away) = app.presence_counts();
    let open = app
        .convs
        .values()
        .filter(|c| app.lane_of(c) != Lane::Closed)
        .count();
    let assigned: usize = app.loads().values().sum();
    let now_line = Line::from(vec![
        Span::styled("Queue ", theme.dim),
        Span::styled(queued.len().to_string(), theme.warn),
        Span::styled(" (longest ", theme.dim),
        Span::raw(longest),
        Span::styled(") · ", theme.dim),
        Span::styled(
            format!("{on} {} online", if on == 1 { "agent" } else { "agents" }),
            theme.ok,
        ),
        Span::raw(format!(", {away} away")),
        Span::styled(" · ", theme.dim),
        Span::raw(format!("{} msg/min", app.activity.last_minute(app.now))),
        Span::styled(" · ", theme.dim),
        Span::raw(format!("{assigned}/{open} assigned")),
    ]);
    let (stats_line, times_line) = match &app.stats {
        None => (
            Line::styled("Last 30 days: loading…", theme.dim),
            Line::raw(""),
        ),
        Some(Err(e)) => (
            Line::styled(format!("{}: {}", s::STATS_FAILED, clean(e)), theme.error),
            Line::raw(""),
        ),
        Some(Ok(st)) => {
            let t = &st.totals;
            let d = |v: Option<f64>| v.map_or_else(|| "–".to_string(), duration);
            let csat = t.csat_avg.map_or_else(
                || "–".to_string(),
                |v| format!("{v:.1} ({} ratings)", t.csat_count),
            );
            (
                Line::from(vec![
                    Span::styled("Last 30 days: ", theme.dim),
                    Span::raw(format!(
                        "{} chats, {} to a person, {} taken · CSAT {csat}",
                        t.conversations, t.escalated, t.assigned
                    )),
                ]),
                Line::from(vec![
                    Span::styled("Averages: ", theme.dim),
                    Span::raw(format!(
                        "wait {} · first reply {} · handled in {}",
                        d(t.avg_wait_secs),
                        d(t.avg_first_response_secs),
                        d(t.avg_handle_secs),
                    )),
                ]),
            )
        }
    };
    f.render_widget(
        Paragraph::new(vec![now_line, stats_line, times_line]),
        inner,
    );
}

fn minutes(inner: Rect) -> usize {
    usize::from(inner.width).clamp(1, MAX_MINUTES)
}

fn messages_chart(f: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let probe = pane("", false, theme).inner(area);
    let n = minutes(probe);
    let data = app.activity.messages_series(n, app.now);
    let peak = data.iter().copied().max().unwrap_or(0);
    let block = pane(
        format!(" Messages/min · {n} min · peak {peak} "),
        false,
        theme,
    );
    let inner = block.inner(area);
    f.render_widget(block, area);
    f.render_widget(
        Sparkline::default()
            .data(&data)
            .max(peak.max(1))
            .style(theme.ok),
        inner,
    );
}

fn queue_chart(f: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let probe = pane("", false, theme).inner(area);
    let n = minutes(probe);
    let data = app.activity.queue_series(n, app.now);
    let peak = data.iter().flatten().copied().max().unwrap_or(0);
    let block = pane(
        format!(" Queue · now {} · peak {peak} ", app.queue_depth()),
        false,
        theme,
    );
    let inner = block.inner(area);
    f.render_widget(block, area);
    f.render_widget(
        Sparkline::default()
            .data(data)
            .max(peak.max(1))
            .absent_value_symbol("·")
            .absent_value_style(theme.dim)
            .style(theme.warn),
        inner,
    );
}

/// Agents worth a bar: online or away, busy, or listed and enabled.
fn agent_rows(app: &App) -> Vec<(Uuid, String, Option<PresenceStatus>, u64)> {
    let loads = app.loads();
    let mut ids: Vec<Uuid> = app
        .agents
        .iter()
        .filter(|(id, a)| {
            !a.disabled
                && (a.listed
                    || matches!(
                        a.status,
                        Some(PresenceStatus::Online | PresenceStatus::Away)
                    )
                    || loads.contains_key(id))
        })
        .map(|(id, _)| *id)
        .collect();
    for id in loads.keys() {
        if !ids.contains(id) {
            ids.push(*id);
        }
    }
    let mut rows: Vec<_> = ids
        .into_iter()
        .map(|id| {
            let status = app.agents.get(&id).and_then(|a| a.status);
            let load = loads.get(&id).copied().unwrap_or(0) as u64;
            (id, app.agent_name(id), status, load)
        })
        .collect();
    rows.sort_by_key(|(id, name, status, load)| {
        let rank = match status {
            Some(PresenceStatus::Online) => 0,
            Some(PresenceStatus::Away) => 1,
            _ => 2,
        };
        (rank, std::cmp::Reverse(*load), name.to_lowercase(), *id)
    });
    rows
}

fn load_chart(f: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let block = pane(" Load: open conversations per agent ", false, theme)
        .title_bottom(Line::from(" ● online ◐ away ○ not seen ").right_aligned());
    let inner = block.inner(area);
    f.render_widget(block, area);
    let rows = agent_rows(app);
    if rows.is_empty() {
        f.render_widget(
            Paragraph::new("No agents seen yet.").style(theme.dim),
            inner,
        );
        return;
    }
    let label_w = (usize::from(inner.width) / 3).clamp(6, 18);
    let fits = usize::from(inner.height);
    let bars: Vec<Bar> = rows
        .iter()
        .take(fits)
        .map(|(_, name, status, load)| {
            let (dot, dot_style) = presence_dot(*status, theme);
            let name = fit(&clean(name), label_w - 2);
            let pad = label_w - 2 - width(&name);
            Bar::default()
                .value(*load)
                .label(Line::from(vec![
                    Span::styled(dot, dot_style),
                    Span::raw(format!(" {name}{}", " ".repeat(pad))),
                ]))
                .text_value(load.to_string())
                .style(theme.agent)
                .value_style(theme.selected)
        })
        .collect();
    let max = rows.iter().map(|r| r.3).max().unwrap_or(0).max(LOAD_SCALE);
    f.render_widget(
        BarChart::default()
            .direction(Direction::Horizontal)
            .data(BarGroup::default().bars(&bars))
            .bar_width(1)
            .bar_gap(0)
            .max(max),
        inner,
    );
    if rows.len() > fits && inner.height > 0 {
        let more = format!(" +{} ", rows.len() - fits);
        let r = Rect::new(
            inner
                .right()
                .saturating_sub(u16::try_from(width(&more)).unwrap_or(0)),
            inner.bottom() - 1,
            u16::try_from(width(&more)).unwrap_or(0),
            1,
        );
        f.render_widget(Paragraph::new(more).style(theme.dim), r.intersection(inner));
    }
}

fn wait_chart(f: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let block = pane(" Average wait for a person, per day ", false, theme);
    let inner = block.inner(area);
    f.render_widget(block, area);
    let days = match &app.stats {
        None => {
            f.render_widget(Paragraph::new("Loading…").style(theme.dim), inner);
            return;
        }
        Some(Err(_)) => {
            f.render_widget(Paragraph::new("–").style(theme.dim), inner);
            return;
        }
        Some(Ok(st)) => &st.by_day,
    };
    if days.is_empty() {
        f.render_widget(
            Paragraph::new("No conversations in the last 30 days.").style(theme.dim),
            inner,
        );
        return;
    }
    // Bars of 5 cells (the `MM-DD` label) and a gap.
    let n = (usize::from(inner.width) / 6).clamp(1, MAX_DAYS);
    let shown = &days[days.len().saturating_sub(n)..];
    let bars: Vec<Bar> = shown
        .iter()
        .map(|d| {
            let secs = d.figures.avg_wait_secs;
            let label = d.day.get(5..).unwrap_or(&d.day).to_string();
            Bar::default()
                .value(secs.map_or(0, |v| v.max(0.0).round() as u64))
                .label(Line::from(label))
                .text_value(secs.map_or_else(|| "–".into(), short_duration))
                .style(theme.warn)
                .value_style(theme.selected)
        })
        .collect();
    f.render_widget(
        BarChart::default()
            .data(BarGroup::default().bars(&bars))
            .bar_width(5)
            .bar_gap(1),
        inner,
    );
}
