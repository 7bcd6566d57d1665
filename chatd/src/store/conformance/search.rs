//! The text filter of `list_conversations`: message bodies and pre-chat
//! answers, any case, wildcards taken literally, with the other filters and
//! paging.

use super::{ids, make_widget, msg, set_status, tick, unique};
use crate::store::{ConversationFilter, NewConversation, Store};
use proto::conversations::{ConversationStatus, SenderKind};
use std::collections::BTreeMap;
use uuid::Uuid;

async fn conversation_with(
    s: &dyn Store,
    widget_id: Uuid,
    prechat: &[(&str, &str)],
    bodies: &[&str],
) -> Uuid {
    let c = s
        .create_conversation(NewConversation {
            widget_id,
            visitor_token_hash: unique("visitor-token"),
            prechat: prechat
                .iter()
                .map(|(k, v)| ((*k).to_string(), (*v).to_string()))
                .collect::<BTreeMap<_, _>>(),
            page_url: None,
            verified_user_id: None,
            visitor_id: Uuid::now_v7(),
            visitor_ip: None,
        })
        .await
        .unwrap();
    for (i, b) in bodies.iter().enumerate() {
        let mut m = msg(c.id, &unique(&format!("search-{i}")), SenderKind::Visitor);
        m.body = (*b).to_string();
        s.append_message(m).await.unwrap();
    }
    tick().await;
    c.id
}

pub(super) async fn text_search(s: &dyn Store) {
    let w = make_widget(s).await;
    let other = make_widget(s).await;
    // A word no other section writes, so the whole database can be searched.
    let word = unique("Zebrafish").replace('-', "");
    let a = conversation_with(s, w.id, &[], &["hello", &format!("my {word} tank leaks")]).await;
    let b = conversation_with(s, w.id, &[("name", &format!("Ann {word}"))], &["hi"]).await;
    let c = conversation_with(s, other.id, &[], &[&format!("{}!", word.to_uppercase())]).await;
    let _none = conversation_with(s, w.id, &[("name", "Bo")], &["nothing here"]).await;
    let wild = conversation_with(s, w.id, &[], &[&format!("{word} 100% off_now")]).await;
    set_status(s, b, ConversationStatus::Closed).await.unwrap();
    tick().await;

    let find = |text: &str, f: ConversationFilter| {
        let f = ConversationFilter {
            text: Some(text.to_string()),
            limit: 1000,
            ..f
        };
        async move { ids(&s.list_conversations(f).await.unwrap()) }
    };
    // Most recently updated first: b was closed last.
    assert_eq!(
        find(&word, ConversationFilter::default()).await,
        [b, wild, c, a],
        "bodies and pre-chat answers, any case"
    );
    assert_eq!(
        find(&word.to_lowercase(), ConversationFilter::default()).await,
        [b, wild, c, a]
    );
    assert_eq!(
        find("name", ConversationFilter::default())
            .await
            .into_iter()
            .filter(|id| [a, b, c, wild].contains(id))
            .count(),
        0,
        "pre-chat field names are not searched"
    );
    assert_eq!(
        find(
            &word,
            ConversationFilter {
                status: Some(ConversationStatus::Closed),
                ..ConversationFilter::default()
            }
        )
        .await,
        [b]
    );
    assert_eq!(
        find(
            &word,
            ConversationFilter {
                widget_ids: Some(vec![other.id]),
                ..ConversationFilter::default()
            }
        )
        .await,
        [c]
    );
    assert_eq!(
        find(&format!("{word} tank"), ConversationFilter::default()).await,
        [a]
    );
    assert_eq!(
        find("100% off_now", ConversationFilter::default()).await,
        [wild]
    );
    assert!(
        find(&format!("{word} 100_ off"), ConversationFilter::default())
            .await
            .is_empty(),
        "_ is not a wildcard"
    );
    assert!(
        find(&format!("{word}%tank"), ConversationFilter::default())
            .await
            .is_empty(),
        "% is not a wildcard"
    );

    // Paging: two at a time, then the rest before the last one seen.
    let first = s
        .list_conversations(ConversationFilter {
            text: Some(word.clone()),
            limit: 2,
            ..ConversationFilter::default()
        })
        .await
        .unwrap();
    assert_eq!(ids(&first), [b, wild]);
    let rest = s
        .list_conversations(ConversationFilter {
            text: Some(word.clone()),
            updated_before: first.last().map(|c| c.updated_at),
            limit: 1000,
            ..ConversationFilter::default()
        })
        .await
        .unwrap();
    assert_eq!(ids(&rest), [c, a]);
}
