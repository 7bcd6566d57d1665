//! The canned reply picker: `Ctrl-R` lists the replies offered on the open
//! conversation's widget (`GET /api/v1/canned?widget_id=`), typing filters
//! them by shortcut, title and body with [`fuzzy::score`], and Enter puts the
//! highlighted body into the draft at the cursor. Nothing is sent until the
//! agent presses Enter in the composer.

use super::{App, Effect, Overlay, Pane, fuzzy};
use crate::keys::{self, Action, Scope};
use crate::strings as s;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use proto::canned::CannedReply;
use uuid::Uuid;

/// Longest query kept.
const QUERY_MAX: usize = 80;
/// Bonus that ranks a match in the shortcut above one in the title, and a
/// title above the body.
const SHORTCUT_BONUS: u32 = 40;
/// See [`SHORTCUT_BONUS`].
const TITLE_BONUS: u32 = 20;

/// The picker's state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CannedPicker {
    /// The conversation whose draft receives the reply.
    pub conversation_id: Uuid,
    /// Its widget: the replies offered there.
    pub widget_id: Uuid,
    /// What the agent typed.
    pub query: String,
    /// The highlighted match.
    pub cursor: usize,
}

/// The replies of one widget, as far as they have arrived.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CannedList {
    /// Asked for, not here yet.
    Loading,
    /// The list.
    Ready(Vec<CannedReply>),
    /// Why it could not be read.
    Failed(String),
}

/// How well `query` matches a reply: the best of its shortcut, title and
/// body, the shortcut counting most.
pub fn canned_score(query: &str, r: &CannedReply) -> Option<u32> {
    [
        fuzzy::score(query, &r.shortcut).map(|x| x + SHORTCUT_BONUS),
        fuzzy::score(query, &r.title).map(|x| x + TITLE_BONUS),
        fuzzy::score(query, &r.body),
    ]
    .into_iter()
    .flatten()
    .max()
}

impl App {
    /// The replies matching the picker's query, best first (by shortcut when
    /// the query is empty).
    pub fn canned_matches(&self, p: &CannedPicker) -> Vec<&CannedReply> {
        let Some(CannedList::Ready(list)) = self.canned.get(&p.widget_id) else {
            return Vec::new();
        };
        let mut scored: Vec<(u32, &CannedReply)> = list
            .iter()
            .filter_map(|r| canned_score(&p.query, r).map(|sc| (sc, r)))
            .collect();
        scored.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.shortcut.cmp(&b.1.shortcut)));
        scored.into_iter().map(|(_, r)| r).collect()
    }

    /// Opens the picker for the open conversation (the selected one from
    /// the list), reloading its widget's replies (the ones held meanwhile
    /// are shown at once).
    pub(super) fn open_canned(&mut self, fx: &mut Vec<Effect>) {
        let Some(id) = self.target() else {
            self.notify(s::CANNED_NOTHING_OPEN, true);
            return;
        };
        let Some(widget_id) = self.convs.get(&id).map(|c| c.info.widget_id) else {
            return;
        };
        self.canned.entry(widget_id).or_insert(CannedList::Loading);
        fx.push(Effect::LoadCanned { widget_id });
        self.overlay = Some(Overlay::Canned(CannedPicker {
            conversation_id: id,
            widget_id,
            query: String::new(),
            cursor: 0,
        }));
    }

    /// `GET /api/v1/canned` answered.
    pub(super) fn on_canned(&mut self, widget_id: Uuid, result: Result<Vec<CannedReply>, String>) {
        let list = match result {
            Ok(list) => CannedList::Ready(list),
            // A list held from before is better than none.
            Err(e) => match self.canned.get(&widget_id) {
                Some(CannedList::Ready(_)) => {
                    self.notify(format!("{}: {e}", s::CANNED_FAILED), true);
                    return;
                }
                _ => CannedList::Failed(e),
            },
        };
        self.canned.insert(widget_id, list);
        if let Some(Overlay::Canned(p)) = &mut self.overlay {
            p.cursor = 0;
        }
    }

    pub(super) fn canned_key(&mut self, mut p: CannedPicker, key: KeyEvent, fx: &mut Vec<Effect>) {
        let n = self.canned_matches(&p).len();
        match keys::action(Scope::Canned, &key) {
            Some(Action::Up) => p.cursor = p.cursor.saturating_sub(1),
            Some(Action::Down) => p.cursor = (p.cursor + 1).min(n.saturating_sub(1)),
            Some(Action::Confirm) => {
                let body = self
                    .canned_matches(&p)
                    .get(p.cursor)
                    .map(|r| r.body.clone());
                if let Some(body) = body {
                    self.overlay = None;
                    self.insert_canned(p.conversation_id, &body, fx);
                }
                return;
            }
            Some(Action::Cancel) => {
                self.overlay = None;
                return;
            }
            Some(Action::Quit) => {
                self.overlay = None;
                self.request_quit(fx);
                return;
            }
            _ => match key.code {
                KeyCode::Backspace => {
                    p.query.pop();
                    p.cursor = 0;
                }
                KeyCode::Char(ch)
                    if !key
                        .modifiers
                        .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
                        && p.query.chars().count() < QUERY_MAX =>
                {
                    p.query.push(ch);
                    p.cursor = 0;
                }
                _ => {}
            },
        }
        self.overlay = Some(Overlay::Canned(p));
    }

    /// Puts `body` into the conversation's draft at the cursor and focuses
    /// the composer; the agent reads it over and sends it with Enter.
    fn insert_canned(&mut self, id: Uuid, body: &str, fx: &mut Vec<Effect>) {
        if self.open != Some(id) {
            self.open_conversation(id, fx);
        }
        self.set_focus(Pane::Composer, fx);
        let mut text = body.replace("\r\n", "\n").replace('\r', "\n");
        let Some(t) = self.draft_mut() else { return };
        // Right after a word, a space keeps the two apart.
        let ratatui_textarea::DataCursor(row, col) = t.cursor();
        let before = col
            .checked_sub(1)
            .and_then(|c| t.lines().get(row).and_then(|l| l.chars().nth(c)));
        if before.is_some_and(|c| !c.is_whitespace()) {
            text.insert(0, ' ');
        }
        if t.insert_str(text) {
            self.history.pos = None;
            self.typed(fx);
        }
    }
}
