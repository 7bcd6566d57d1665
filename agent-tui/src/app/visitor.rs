//! The visitor's previous conversations, for the details pane: asked for
//! (`GET /api/v1/conversations?visitor_id=`) when a conversation of a visitor
//! not seen yet opens, then kept for the session.

use super::{App, Effect};
use proto::conversations::Conversation;
use uuid::Uuid;

/// What is known of one visitor's conversations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VisitorHistory {
    /// Asked for.
    Loading,
    /// Every conversation of the visitor the caller may see, newest first.
    Ready(Vec<Conversation>),
    /// Why it could not be read.
    Failed(String),
}

impl App {
    /// Asks for the visitor's conversations when `id` opens, once per visitor.
    pub(super) fn load_visitor_history(&mut self, id: Uuid, fx: &mut Vec<Effect>) {
        let Some(visitor_id) = self.convs.get(&id).map(|c| c.info.visitor_id) else {
            return;
        };
        // Servers before visitor ids send none (nil): nothing to ask.
        if visitor_id.is_nil() || self.visitors.contains_key(&visitor_id) {
            return;
        }
        self.visitors.insert(visitor_id, VisitorHistory::Loading);
        fx.push(Effect::LoadVisitorHistory { visitor_id });
    }

    /// The answer: kept; a failure is shown in the pane, not as a notice.
    pub(super) fn on_visitor_history(
        &mut self,
        visitor_id: Uuid,
        result: Result<Vec<Conversation>, String>,
    ) {
        let h = match result {
            Ok(mut list) => {
                list.sort_by_key(|c| (std::cmp::Reverse(c.created_at), c.id));
                VisitorHistory::Ready(list)
            }
            Err(e) => VisitorHistory::Failed(e),
        };
        self.visitors.insert(visitor_id, h);
    }

    /// The visitor's other conversations than `id`, newest first; `None`
    /// while unknown.
    pub fn previous_conversations(&self, id: Uuid) -> Option<Result<Vec<&Conversation>, &str>> {
        let visitor_id = self.convs.get(&id)?.info.visitor_id;
        match self.visitors.get(&visitor_id)? {
            VisitorHistory::Loading => None,
            VisitorHistory::Failed(e) => Some(Err(e.as_str())),
            VisitorHistory::Ready(list) => Some(Ok(list.iter().filter(|c| c.id != id).collect())),
        }
    }
}
