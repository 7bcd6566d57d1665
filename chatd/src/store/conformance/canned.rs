//! Canned replies: unique shortcuts, the widget filter, patches, and the
//! cascade when a widget goes.

use super::{assert_conflict, assert_not_found, make_widget, tick, unique};
use crate::store::{CannedChanges, NewCannedReply, Store};
use uuid::Uuid;

fn new_reply(widget_id: Option<Uuid>) -> NewCannedReply {
    NewCannedReply {
        shortcut: unique("canned"),
        title: unique("Title"),
        body: "Refunds take 5 days.\nAsk us anything.".into(),
        widget_id,
    }
}

pub(super) async fn canned_replies(s: &dyn Store) {
    let w = make_widget(s).await;
    let other = make_widget(s).await;

    let n = new_reply(None);
    let global = s.create_canned(n.clone()).await.unwrap();
    assert_eq!(
        (
            &global.shortcut,
            &global.title,
            &global.body,
            global.widget_id
        ),
        (&n.shortcut, &n.title, &n.body, None)
    );
    assert_eq!(global.created_at, global.updated_at);
    assert_eq!(s.get_canned(global.id).await.unwrap(), global);

    let mine = s.create_canned(new_reply(Some(w.id))).await.unwrap();
    let theirs = s.create_canned(new_reply(Some(other.id))).await.unwrap();
    assert_eq!(mine.widget_id, Some(w.id));

    let mut dup = new_reply(Some(w.id));
    dup.shortcut = global.shortcut.clone();
    assert_conflict(s.create_canned(dup).await, "a second reply, same shortcut");
    assert_not_found(
        s.create_canned(new_reply(Some(Uuid::now_v7()))).await,
        "a reply on an unknown widget",
    );

    let ids = |list: Vec<proto::canned::CannedReply>| -> Vec<Uuid> {
        list.into_iter()
            .map(|r| r.id)
            .filter(|id| [global.id, mine.id, theirs.id].contains(id))
            .collect()
    };
    let all = s.list_canned(None).await.unwrap();
    let shortcuts: Vec<&str> = all.iter().map(|r| r.shortcut.as_str()).collect();
    let mut sorted = shortcuts.clone();
    sorted.sort_unstable();
    assert_eq!(shortcuts, sorted, "listed by shortcut");
    assert_eq!(ids(all).len(), 3);
    let on_w = ids(s.list_canned(Some(w.id)).await.unwrap());
    assert!(
        on_w.contains(&global.id) && on_w.contains(&mine.id) && !on_w.contains(&theirs.id),
        "a widget's list has the global replies and its own: {on_w:?}"
    );

    tick().await;
    let renamed = unique("renamed");
    let patched = s
        .update_canned(
            mine.id,
            CannedChanges {
                shortcut: Some(renamed.clone()),
                body: Some("New body".into()),
                ..CannedChanges::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(patched.shortcut, renamed);
    assert_eq!(patched.body, "New body");
    assert_eq!(
        patched.title, mine.title,
        "a patch leaves other fields alone"
    );
    assert_eq!(patched.widget_id, Some(w.id));
    assert!(patched.updated_at > mine.updated_at);
    assert_eq!(s.get_canned(mine.id).await.unwrap(), patched);

    let moved = s
        .update_canned(
            mine.id,
            CannedChanges {
                widget_id: Some(None),
                ..CannedChanges::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(moved.widget_id, None, "Some(None) makes it global");
    let moved = s
        .update_canned(
            mine.id,
            CannedChanges {
                widget_id: Some(Some(w.id)),
                ..CannedChanges::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(moved.widget_id, Some(w.id));

    assert_conflict(
        s.update_canned(
            mine.id,
            CannedChanges {
                shortcut: Some(global.shortcut.clone()),
                ..CannedChanges::default()
            },
        )
        .await,
        "rename onto another reply's shortcut",
    );
    assert_eq!(s.get_canned(mine.id).await.unwrap().shortcut, renamed);
    assert_not_found(
        s.update_canned(Uuid::now_v7(), CannedChanges::default())
            .await,
        "update an unknown reply",
    );
    assert_not_found(
        s.update_canned(
            mine.id,
            CannedChanges {
                widget_id: Some(Some(Uuid::now_v7())),
                ..CannedChanges::default()
            },
        )
        .await,
        "move a reply to an unknown widget",
    );

    s.delete_canned(global.id).await.unwrap();
    assert_not_found(s.get_canned(global.id).await, "get a deleted reply");
    assert_not_found(s.delete_canned(global.id).await, "delete a deleted reply");
    // The shortcut is free again.
    let mut again = new_reply(None);
    again.shortcut = global.shortcut.clone();
    let again = s.create_canned(again).await.unwrap();
    s.delete_canned(again.id).await.unwrap();

    s.delete_widget(other.id).await.unwrap();
    assert_not_found(s.get_canned(theirs.id).await, "a reply of a deleted widget");
    assert_eq!(s.get_canned(mine.id).await.unwrap().widget_id, Some(w.id));
}
