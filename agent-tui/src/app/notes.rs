//! Private notes: agents' remarks on a conversation that chatd never sends
//! to the visitor. `Ctrl-N` opens a note editor over the reply box (its own
//! text, so the reply draft is untouched and no typing indicator reaches the
//! visitor); Enter saves it with `POST …/notes`. The notes of the open
//! conversation are loaded when it opens and after a reconnect, and `note`
//! events on the socket add the ones other agents write.

use super::{App, Effect, Overlay};
use crate::keys::{self, Action, Scope};
use crate::strings as s;
use crossterm::event::KeyEvent;
use proto::notes::{NOTE_MAX, Note};
use ratatui_textarea::TextArea;
use uuid::Uuid;

/// An empty note editor.
pub fn new_note_editor() -> TextArea<'static> {
    let mut t = TextArea::default();
    t.set_placeholder_text(s::NOTE_PLACEHOLDER);
    t
}

impl App {
    /// Opens the note editor for the open (or selected) conversation.
    pub(super) fn open_note(&mut self) {
        let Some(id) = self.target() else {
            self.notify(s::NOTE_NOTHING_OPEN, true);
            return;
        };
        if !self.convs.contains_key(&id) {
            return;
        }
        if self.note_editor.as_ref().is_none_or(|(c, _)| *c != id) {
            // Another conversation's unsaved note stays in its own slot.
            let text = self.note_drafts.remove(&id).unwrap_or_else(new_note_editor);
            if let Some((other, t)) = self.note_editor.replace((id, text))
                && !t.is_empty()
            {
                self.note_drafts.insert(other, t);
            }
        }
        self.overlay = Some(Overlay::Note);
    }

    pub(super) fn note_key(&mut self, key: KeyEvent, fx: &mut Vec<Effect>) {
        match keys::action(Scope::Note, &key) {
            Some(Action::Submit) => self.save_note(fx),
            Some(Action::Newline) => {
                if let Some((_, t)) = &mut self.note_editor {
                    t.insert_newline();
                }
            }
            Some(Action::Cancel) => self.overlay = None,
            Some(Action::Quit) => {
                self.overlay = None;
                self.request_quit(fx);
            }
            _ => {
                if let Some((_, t)) = &mut self.note_editor {
                    t.input(key);
                }
            }
        }
    }

    /// Pasted text goes into the open note editor.
    pub(super) fn note_paste(&mut self, text: &str) {
        if let Some((_, t)) = &mut self.note_editor {
            t.insert_str(text.replace("\r\n", "\n").replace('\r', "\n"));
        }
    }

    fn save_note(&mut self, fx: &mut Vec<Effect>) {
        let Some((id, t)) = &self.note_editor else {
            return;
        };
        let id = *id;
        let body = t.lines().join("\n").trim().to_string();
        if body.is_empty() {
            return;
        }
        if body.chars().count() > NOTE_MAX {
            self.notify(s::NOTE_TOO_LONG, true);
            return;
        }
        self.note_editor = None;
        self.overlay = None;
        self.saving_notes.push((id, body.clone()));
        fx.push(Effect::AddNote {
            conversation_id: id,
            body,
        });
    }

    /// `POST …/notes` answered: the note is shown, or its text comes back
    /// into the editor with the reason.
    pub(super) fn on_note_added(&mut self, id: Uuid, body: &str, result: Result<Note, String>) {
        if let Some(i) = self
            .saving_notes
            .iter()
            .position(|(c, b)| *c == id && b == body)
        {
            self.saving_notes.remove(i);
        }
        match result {
            Ok(n) => {
                self.add_notes(id, vec![n]);
                self.notify(s::NOTE_SAVED, false);
            }
            Err(e) => {
                let who = self.convs.get(&id).map(super::Conv::visitor_label);
                let mut t = new_note_editor();
                t.insert_str(body);
                // Kept for the next Ctrl-N on this conversation.
                match &self.note_editor {
                    Some((c, _)) if *c == id => {}
                    _ => {
                        self.note_drafts.insert(id, t);
                    }
                }
                self.notify(
                    format!("{} ({}): {e}", s::NOTE_FAILED, who.unwrap_or_default()),
                    true,
                );
            }
        }
    }

    /// Adds notes from the list or an event, each once, oldest first.
    pub(super) fn add_notes(&mut self, id: Uuid, notes: Vec<Note>) {
        let Some(c) = self.convs.get_mut(&id) else {
            return;
        };
        for n in notes {
            if !c.notes.iter().any(|x| x.id == n.id) {
                c.notes.push(n);
            }
        }
        c.notes.sort_by_key(|n| (n.created_at, n.id));
    }

    /// `GET …/notes` answered.
    pub(super) fn on_notes(&mut self, id: Uuid, result: Result<Vec<Note>, String>) {
        match result {
            Ok(list) => {
                if let Some(c) = self.convs.get_mut(&id) {
                    c.notes_loaded = true;
                }
                self.add_notes(id, list);
            }
            Err(e) => self.notify(format!("{}: {e}", s::NOTES_FAILED), true),
        }
    }

    /// Asks for the notes of `id` (when it opens, and after a reconnect).
    pub(super) fn load_notes(&mut self, id: Uuid, fx: &mut Vec<Effect>) {
        if self.convs.contains_key(&id) {
            fx.push(Effect::LoadNotes {
                conversation_id: id,
            });
        }
    }
}
