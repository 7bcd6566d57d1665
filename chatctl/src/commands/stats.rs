//! `chatctl stats`: the server's report on conversations, as tables or as
//! the server's JSON.

use crate::cli::{StatsBy, When};
use crate::error::{CliError, CliResult};
use crate::output::{Out, time_ms};
use crate::session::Session;
use proto::stats::{Figures, Stats};
use uuid::Uuid;

/// What `stats` asks for.
pub struct Range {
    /// `--from`.
    pub from: Option<When>,
    /// `--to`.
    pub to: Option<When>,
    /// `--widget`, an ID or a name.
    pub widget: Option<String>,
    /// `--by`.
    pub by: StatsBy,
}

pub async fn run(s: &mut Session, out: Out, r: Range) -> CliResult {
    let from = r.from.map(|w| w.start_ms);
    // A date alone means the whole day: up to its end.
    let to = r.to.map(|w| w.end_ms);
    if let (Some(f), Some(t)) = (from, to)
        && f >= t
    {
        return Err(CliError::usage(format!(
            "--from ({}) is not before --to ({})",
            time_ms(f),
            time_ms(t)
        ))
        .hint("give --from a time before --to"));
    }
    let widget_id = match &r.widget {
        None => None,
        // An ID is taken as it is: a deleted widget's figures stay reachable.
        Some(w) => Some(match Uuid::parse_str(w.trim()) {
            Ok(id) => id,
            Err(_) => super::widgets::resolve(s, w).await?.id,
        }),
    };
    let raw: serde_json::Value = s
        .call("cannot read the statistics", |c| async move {
            c.stats_as(from, to, widget_id).await
        })
        .await?;
    if out.json_mode() {
        out.json(&raw);
        return Ok(());
    }
    let stats: Stats = serde_json::from_value(raw).map_err(|e| {
        CliError::failure(format!(
            "cannot read the statistics: unexpected answer: {e}"
        ))
        .hint("chatd and chatctl may be of different versions; `chatctl status` shows both")
    })?;
    print(out, &stats, r.by);
    Ok(())
}

/// The column headers after the first.
const FIGURE_HEADERS: [&str; 8] = [
    "conversations",
    "escalated",
    "assigned",
    "closed",
    "wait",
    "first response",
    "handle",
    "csat",
];

/// A row's cells after the first.
fn cells(f: &Figures) -> Vec<String> {
    vec![
        f.conversations.to_string(),
        f.escalated.to_string(),
        f.assigned.to_string(),
        f.closed.to_string(),
        opt_secs(f.avg_wait_secs),
        opt_secs(f.avg_first_response_secs),
        opt_secs(f.avg_handle_secs),
        csat(f),
    ]
}

fn print(out: Out, stats: &Stats, by: StatsBy) {
    let range = format!(
        "Conversations started from {} to {}.",
        time_ms(stats.from),
        time_ms(stats.to)
    );
    let keyed_rows = |list: &[proto::stats::KeyedFigures]| -> Vec<Vec<String>> {
        list.iter()
            .map(|k| {
                let mut row = vec![k.name.clone()];
                row.extend(cells(&k.figures));
                row
            })
            .collect()
    };
    let total_row = || {
        let mut row = vec!["total".to_string()];
        row.extend(cells(&stats.totals));
        row
    };
    let header = |first: &'static str| {
        let mut h = vec![first];
        h.extend(FIGURE_HEADERS);
        h
    };
    match by {
        StatsBy::Total => {
            let t = &stats.totals;
            out.fields(&[
                ("from", time_ms(stats.from)),
                ("to", time_ms(stats.to)),
                ("conversations", t.conversations.to_string()),
                ("escalated", t.escalated.to_string()),
                ("assigned", t.assigned.to_string()),
                ("closed", t.closed.to_string()),
                ("avg wait", opt_secs(t.avg_wait_secs)),
                ("avg first response", opt_secs(t.avg_first_response_secs)),
                ("avg handle", opt_secs(t.avg_handle_secs)),
                ("csat", csat(t)),
            ]);
            return;
        }
        StatsBy::Day => {
            let mut rows: Vec<Vec<String>> = stats
                .by_day
                .iter()
                .map(|d| {
                    let mut row = vec![d.day.clone()];
                    row.extend(cells(&d.figures));
                    row
                })
                .collect();
            rows.push(total_row());
            out.table(&header("day"), rows);
        }
        StatsBy::Widget => {
            let mut rows = keyed_rows(&stats.by_widget);
            rows.push(total_row());
            out.table(&header("widget"), rows);
        }
        StatsBy::Agent => {
            out.table(&header("agent"), keyed_rows(&stats.by_agent));
            if stats.by_agent.is_empty() && stats.totals.conversations > 0 {
                out.note("No agent handled any of these conversations.");
            }
        }
    }
    out.note(&range);
    if stats.totals.conversations == 0 {
        out.note("No conversations started in this range.");
    }
}

/// An average number of seconds for people: `0.4s`, `45s`, `2m 05s`,
/// `1h 10m`, `3d 04h`; `-` when there is none.
pub fn opt_secs(secs: Option<f64>) -> String {
    let Some(v) = secs.filter(|v| v.is_finite()) else {
        return "-".into();
    };
    let v = v.max(0.0);
    if v < 9.95 {
        return format!("{v:.1}s");
    }
    // Whole seconds from here on; the float is far below i64's range.
    #[allow(clippy::cast_possible_truncation)]
    let s = v.round() as i64;
    if s < 60 {
        format!("{s}s")
    } else if s < 3600 {
        format!("{}m {:02}s", s / 60, s % 60)
    } else if s < 86_400 {
        format!("{}h {:02}m", s / 3600, s % 3600 / 60)
    } else {
        format!("{}d {:02}h", s / 86_400, s % 86_400 / 3600)
    }
}

/// The average rating and how many there are: `4.5 (12)`.
fn csat(f: &Figures) -> String {
    match f.csat_avg {
        Some(a) if f.csat_count > 0 => format!("{a:.1} ({})", f.csat_count),
        _ => "-".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn human_durations() {
        assert_eq!(opt_secs(None), "-");
        assert_eq!(opt_secs(Some(f64::NAN)), "-");
        assert_eq!(opt_secs(Some(-1.0)), "0.0s");
        assert_eq!(opt_secs(Some(0.42)), "0.4s");
        assert_eq!(opt_secs(Some(9.96)), "10s");
        assert_eq!(opt_secs(Some(45.4)), "45s");
        assert_eq!(opt_secs(Some(125.0)), "2m 05s");
        assert_eq!(opt_secs(Some(4200.0)), "1h 10m");
        assert_eq!(opt_secs(Some(273_600.0)), "3d 04h");
    }

    #[test]
    fn csat_cells() {
        let mut f = Figures::default();
        assert_eq!(csat(&f), "-");
        f.csat_avg = Some(4.0);
        f.csat_count = 1;
        assert_eq!(csat(&f), "4.0 (1)");
    }
}
