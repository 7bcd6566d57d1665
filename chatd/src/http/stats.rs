//! `GET /api/v1/stats`: what supervisors and `chatctl stats` report.

use super::caller::AdminCaller;
use super::error::{ApiError, ApiResult};
use super::json::Json;
use super::json::Query;
use crate::app::AppState;
use crate::store::{ConversationFilter, now_ms};
use axum::extract::State;
use proto::ErrorBody;
use proto::conversations::Conversation;
use proto::stats::{DayFigures, Figures, KeyedFigures, Stats};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

/// Routes under `/api/v1/stats`.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(stats))
}

const DAY_MS: i64 = 86_400_000;
/// Conversations read at most for one report.
const MAX_ROWS: u32 = 100_000;

/// The range and scope of a report.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct StatsQuery {
    /// Start, Unix ms (default: 30 days ago).
    pub from: Option<i64>,
    /// End, Unix ms (default: now).
    pub to: Option<i64>,
    /// Only this widget.
    widget_id: Option<Uuid>,
}

#[derive(Default)]
struct Acc {
    f: Figures,
    wait: (f64, u64),
    first: (f64, u64),
    handle: (f64, u64),
    csat: (f64, u64),
}

fn add(sum: &mut (f64, u64), from: Option<i64>, to: Option<i64>) {
    if let (Some(a), Some(b)) = (from, to)
        && b >= a
    {
        sum.0 += (b - a) as f64 / 1000.0;
        sum.1 += 1;
    }
}

impl Acc {
    fn push(&mut self, c: &Conversation) {
        self.f.conversations += 1;
        self.f.escalated += u64::from(c.escalated_at.is_some());
        self.f.assigned += u64::from(c.assigned_at.is_some());
        self.f.closed += u64::from(c.closed_at.is_some());
        add(&mut self.wait, c.queued_at, c.assigned_at);
        add(
            &mut self.first,
            c.assigned_at.or(c.queued_at),
            c.first_response_at,
        );
        add(&mut self.handle, c.assigned_at, c.closed_at);
        if let Some(r) = c.rating {
            self.csat.0 += f64::from(r);
            self.csat.1 += 1;
        }
    }

    fn done(self) -> Figures {
        let avg = |(sum, n): (f64, u64)| (n > 0).then(|| sum / n as f64);
        Figures {
            avg_wait_secs: avg(self.wait),
            avg_first_response_secs: avg(self.first),
            avg_handle_secs: avg(self.handle),
            csat_avg: avg(self.csat),
            csat_count: self.csat.1,
            ..self.f
        }
    }
}

fn day_of(ms: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(ms.div_euclid(1000))
        .map(|t| t.date().to_string())
        .unwrap_or_default()
}

/// The range a report covers: `to` defaults to `now`, `from` to 30 days
/// before `to`; `from` must come first. Any i64 may arrive in the query.
pub fn report_range(from: Option<i64>, to: Option<i64>, now: i64) -> ApiResult<(i64, i64)> {
    let to = to.unwrap_or(now);
    let from = from.unwrap_or(to.saturating_sub(30 * DAY_MS));
    if from >= to {
        return Err(ApiError::BadRequest("from: must be before to".into()));
    }
    Ok((from, to))
}

/// Volumes, wait, first response and handle times, and CSAT of the
/// conversations created in a range: in total, per day, widget and agent.
#[utoipa::path(get, path = "/api/v1/stats", tag = "stats", security(("bearer" = [])),
    params(StatsQuery),
    responses((status = 200, body = Stats), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn stats(
    _: AdminCaller,
    State(st): State<AppState>,
    Query(q): Query<StatsQuery>,
) -> ApiResult<Json<Stats>> {
    let (from, to) = report_range(q.from, q.to, now_ms())?;
    let rows = st
        .store
        .list_conversations(ConversationFilter {
            widget_id: q.widget_id,
            created_from: Some(from),
            created_to: Some(to),
            limit: MAX_ROWS,
            ..ConversationFilter::default()
        })
        .await?;
    let mut total = Acc::default();
    let mut days: BTreeMap<String, Acc> = BTreeMap::new();
    let mut widgets: HashMap<Uuid, Acc> = HashMap::new();
    let mut agents: HashMap<Uuid, Acc> = HashMap::new();
    for c in &rows {
        total.push(c);
        days.entry(day_of(c.created_at)).or_default().push(c);
        widgets.entry(c.widget_id).or_default().push(c);
        if let Some(a) = c.assigned_agent_id {
            agents.entry(a).or_default().push(c);
        }
    }
    let widget_names: HashMap<Uuid, String> = st
        .store
        .list_widgets()
        .await?
        .into_iter()
        .map(|w| (w.id, w.name))
        .collect();
    let user_names: HashMap<Uuid, String> = st
        .store
        .list_users()
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    let keyed = |m: HashMap<Uuid, Acc>, names: &HashMap<Uuid, String>| {
        let mut v: Vec<KeyedFigures> = m
            .into_iter()
            .map(|(id, acc)| KeyedFigures {
                id,
                name: names
                    .get(&id)
                    .cloned()
                    .unwrap_or_else(|| "(deleted)".into()),
                figures: acc.done(),
            })
            .collect();
        v.sort_by(|a, b| a.name.cmp(&b.name));
        v
    };
    Ok(Json(Stats {
        from,
        to,
        totals: total.done(),
        by_day: days
            .into_iter()
            .map(|(day, acc)| DayFigures {
                day,
                figures: acc.done(),
            })
            .collect(),
        by_widget: keyed(widgets, &widget_names),
        by_agent: keyed(agents, &user_names),
    }))
}
