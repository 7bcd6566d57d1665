//! Private notes: stored per conversation in order, refused for an unknown
//! conversation, kept (without the author id) when the author is deleted.

use super::{assert_not_found, make_conversation, make_user, make_widget, tick};
use crate::store::{NewNote, Store};
use proto::auth::Role;
use uuid::Uuid;

fn note(conversation_id: Uuid, author: Option<Uuid>, body: &str) -> NewNote {
    NewNote {
        conversation_id,
        author_id: author,
        author_name: "Sam".into(),
        body: body.into(),
    }
}

pub(super) async fn notes(s: &dyn Store) {
    let w = make_widget(s).await;
    let c = make_conversation(s, w.id).await;
    let other = make_conversation(s, w.id).await;
    let author = make_user(s, Role::Agent).await;

    assert!(s.list_notes(c.id).await.unwrap().is_empty());
    let first = s
        .add_note(note(c.id, Some(author.id), "VIP customer, be nice"))
        .await
        .unwrap();
    assert_eq!(
        (
            first.conversation_id,
            first.author_id,
            first.author_name.as_str(),
            first.body.as_str()
        ),
        (c.id, Some(author.id), "Sam", "VIP customer, be nice")
    );
    assert!(first.created_at > 0);
    tick().await;
    let second = s
        .add_note(note(c.id, None, "Refund approved\nby Bea"))
        .await
        .unwrap();
    s.add_note(note(other.id, None, "elsewhere")).await.unwrap();
    assert_eq!(
        s.list_notes(c.id).await.unwrap(),
        [first.clone(), second.clone()],
        "oldest first, only this conversation's"
    );

    assert_not_found(
        s.add_note(note(Uuid::now_v7(), None, "nobody")).await,
        "a note on an unknown conversation",
    );
    assert!(s.list_notes(Uuid::now_v7()).await.unwrap().is_empty());

    // Notes outlive their author; the name written stays.
    s.delete_user(author.id).await.unwrap();
    let kept = s.list_notes(c.id).await.unwrap();
    assert_eq!(kept[0].author_id, None);
    assert_eq!(kept[0].author_name, "Sam");
    assert_eq!(kept[0].body, first.body);
}
