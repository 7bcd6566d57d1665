//! Private notes: stored, then sent as a `note` event to the agents
//! subscribed to the conversation (on every node). The event is for
//! [`Audience::Agents`] only, so visitor sockets and the visitor's event
//! stream skip it; notes are never part of the visitor's history.

use super::hub::{Audience, Outbound};
use super::{Actor, Engine, EngineError, encode, not_found};
use crate::store::NewNote;
use proto::frames::ServerFrame;
use proto::notes::Note;
use uuid::Uuid;

impl Engine {
    /// Adds a note by `actor`, who must work on the conversation's widget
    /// (admins: any), and tells the agents watching it. `body` is checked.
    pub async fn add_note(
        &self,
        actor: &Actor,
        conversation_id: Uuid,
        body: String,
    ) -> Result<Note, EngineError> {
        let widget = self.authorize(actor, conversation_id).await?;
        let note = self
            .store
            .add_note(NewNote {
                conversation_id,
                author_id: Some(actor.id),
                author_name: actor.name.clone(),
                body,
            })
            .await
            .map_err(not_found)?;
        self.hub.publish(
            conversation_id,
            &Outbound::Event {
                except: None,
                audience: Audience::Agents,
                widget: Some(widget),
                frame: encode(&ServerFrame::Note { note: note.clone() }),
            },
        );
        Ok(note)
    }

    /// The conversation's notes, oldest first, for an agent who works on its widget.
    pub async fn notes(
        &self,
        actor: &Actor,
        conversation_id: Uuid,
    ) -> Result<Vec<Note>, EngineError> {
        self.authorize(actor, conversation_id).await?;
        Ok(self.store.list_notes(conversation_id).await?)
    }
}
