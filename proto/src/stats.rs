//! Support statistics: volumes, waits, response and handle times, CSAT.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Figures over a set of conversations. Times are averages in seconds over
/// the conversations that have both ends of the interval.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Figures {
    /// Conversations created.
    pub conversations: u64,
    /// Of those, sent to the queue at least once.
    pub escalated: u64,
    /// Of those, taken by a human.
    pub assigned: u64,
    /// Of those, closed.
    pub closed: u64,
    /// Queue to assignment.
    pub avg_wait_secs: Option<f64>,
    /// Assignment (or queueing) to the first human message.
    pub avg_first_response_secs: Option<f64>,
    /// Assignment to close.
    pub avg_handle_secs: Option<f64>,
    /// Average rating, 1-5.
    pub csat_avg: Option<f64>,
    /// Ratings given.
    pub csat_count: u64,
}

/// Figures of one day (UTC).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DayFigures {
    /// `YYYY-MM-DD`.
    pub day: String,
    /// The figures.
    #[serde(flatten)]
    pub figures: Figures,
}

/// Figures of one widget or agent.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KeyedFigures {
    /// Widget or agent id.
    pub id: Uuid,
    /// Its name.
    pub name: String,
    /// The figures.
    #[serde(flatten)]
    pub figures: Figures,
}

/// `GET /api/v1/stats`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Stats {
    /// Start of the range, Unix ms (inclusive).
    pub from: i64,
    /// End of the range, Unix ms (exclusive).
    pub to: i64,
    /// All conversations created in the range.
    pub totals: Figures,
    /// Per day of creation.
    pub by_day: Vec<DayFigures>,
    /// Per widget.
    pub by_widget: Vec<KeyedFigures>,
    /// Per assigned agent.
    pub by_agent: Vec<KeyedFigures>,
}
