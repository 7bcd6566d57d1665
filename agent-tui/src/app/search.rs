//! Search conversations and read closed transcripts: `/` opens an overlay
//! that lists conversations from `GET /api/v1/conversations` (closed ones by
//! default, `Tab` for every status), filtered by `q=` (text in a message or
//! a pre-chat answer). Enter runs a new query, or opens the highlighted
//! result when the query has not changed; moving past the last result loads
//! the next page. A closed conversation opened from here is read-only.

use super::{App, Conv, Effect, Overlay, Pane};
use crate::keys::{self, Action, Scope};
use crate::strings as s;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use proto::conversations::{Conversation, ConversationStatus};
use uuid::Uuid;

/// Results asked for at once.
pub const SEARCH_PAGE: u32 = 30;
/// Longest query kept (chatd takes 200 characters).
const QUERY_MAX: usize = 200;

/// The search overlay's state; it stays between openings.
#[derive(Debug, Clone, Default)]
pub struct Search {
    /// What the agent typed.
    pub query: String,
    /// The query the results are for (`None`: nothing asked yet).
    pub searched: Option<String>,
    /// Every status, not only closed conversations.
    pub all: bool,
    /// The results, most recently updated first.
    pub results: Vec<Conversation>,
    /// The highlighted result.
    pub cursor: usize,
    /// A request is on its way.
    pub loading: bool,
    /// The last page was full: there may be more.
    pub more: bool,
    /// Why the last request failed.
    pub error: Option<String>,
    /// Number of the latest request; answers to older ones are dropped.
    pub seq: u64,
}

impl App {
    /// Opens the search overlay; the first time, lists the latest closed
    /// conversations.
    pub(super) fn open_search(&mut self, fx: &mut Vec<Effect>) {
        self.overlay = Some(Overlay::Search);
        if self.search.searched.is_none() && !self.search.loading {
            self.run_search(None, fx);
        }
    }

    /// Asks for the first page of the current query (`before: None`) or the
    /// next one.
    fn run_search(&mut self, before: Option<i64>, fx: &mut Vec<Effect>) {
        let q = self.search.query.trim().to_string();
        self.search.seq += 1;
        self.search.loading = true;
        self.search.error = None;
        if before.is_none() {
            self.search.searched = Some(q.clone());
        }
        fx.push(Effect::SearchConversations {
            seq: self.search.seq,
            q,
            closed_only: !self.search.all,
            before,
        });
    }

    /// A page of results arrived.
    pub(super) fn on_search_results(
        &mut self,
        seq: u64,
        next_page: bool,
        result: Result<Vec<Conversation>, String>,
    ) {
        if seq != self.search.seq {
            return;
        }
        self.search.loading = false;
        match result {
            Ok(list) => {
                self.search.more = list.len() >= SEARCH_PAGE as usize;
                if next_page {
                    let seen: std::collections::HashSet<Uuid> =
                        self.search.results.iter().map(|c| c.id).collect();
                    self.search
                        .results
                        .extend(list.into_iter().filter(|c| !seen.contains(&c.id)));
                } else {
                    self.search.results = list;
                    self.search.cursor = 0;
                }
            }
            Err(e) => self.search.error = Some(e),
        }
    }

    pub(super) fn search_key(&mut self, key: KeyEvent, fx: &mut Vec<Effect>) {
        let n = self.search.results.len();
        match keys::action(Scope::Search, &key) {
            Some(Action::Up) => self.search.cursor = self.search.cursor.saturating_sub(1),
            Some(Action::Down) => {
                if self.search.cursor + 1 < n {
                    self.search.cursor += 1;
                } else if self.search.more && !self.search.loading {
                    let before = self.search.results.last().map(|c| c.updated_at);
                    self.run_search(before, fx);
                }
            }
            Some(Action::NextField) => {
                self.search.all = !self.search.all;
                self.run_search(None, fx);
            }
            Some(Action::Confirm) => {
                let q = self.search.query.trim().to_string();
                if self.search.searched.as_deref() != Some(q.as_str()) {
                    self.run_search(None, fx);
                } else if let Some(c) = self.search.results.get(self.search.cursor).cloned() {
                    self.overlay = None;
                    self.open_found(c, fx);
                }
            }
            Some(Action::Cancel) => self.overlay = None,
            Some(Action::Quit) => {
                self.overlay = None;
                self.request_quit(fx);
            }
            _ => match key.code {
                KeyCode::Backspace => {
                    self.search.query.pop();
                }
                KeyCode::Char(ch)
                    if !key
                        .modifiers
                        .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
                        && self.search.query.chars().count() < QUERY_MAX =>
                {
                    self.search.query.push(ch);
                }
                _ => {}
            },
        }
    }

    /// Shows a search result in the middle pane. One this client did not
    /// hold is added as a read-only transcript; the others open as usual.
    fn open_found(&mut self, c: Conversation, fx: &mut Vec<Effect>) {
        let id = c.id;
        self.convs.entry(id).or_insert_with(|| {
            let mut conv = Conv::new(c);
            conv.from_search = true;
            conv
        });
        self.open_conversation(id, fx);
        self.set_focus(Pane::Transcript, fx);
    }

    /// Whether `id` is a closed transcript opened from the search: nothing
    /// can be typed there.
    pub fn read_only(&self, id: Uuid) -> bool {
        self.convs
            .get(&id)
            .is_some_and(|c| c.from_search && c.info.status == ConversationStatus::Closed)
    }

    /// Refuses the composer for a read-only transcript; true when refused.
    pub(super) fn refuse_read_only(&mut self) -> bool {
        if self.open.is_some_and(|id| self.read_only(id)) {
            self.notify(s::READ_ONLY, false);
            return true;
        }
        false
    }
}
