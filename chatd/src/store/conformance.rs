//! One behaviour suite for every [`Store`] backend: [`run`] takes a store
//! and checks everything callers rely on; each backend's test calls it on a
//! fresh database. (The shape of seafowl's `run_generic_repository_tests`.)
//!
//! The suite shares one database across its sections, so each section makes
//! its own users, widgets and conversations and only looks at those.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod canned;
mod lifecycle;
mod notes;
mod search;
mod webhooks;

use super::{
    Appended, Bootstrap, CommitSink, ConversationFilter, NewApiToken, NewConversation, NewMessage,
    NewRefreshToken, NewUser, NewWidget, ReadSide, Rotation, Store, StoreError, StoreResult,
    Transition, TransitionOutcome, UserChanges, now_ms,
};
use proto::auth::{Role, User};
use proto::conversations::{Conversation, ConversationStatus, Message, Phase, SenderKind};
use proto::widgets::{AiSettings, Widget, WidgetPatch, WidgetSettings};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use uuid::Uuid;

/// Concurrent writers in the race sections.
const WRITERS: usize = 8;
/// Messages each writer sends in the race sections.
const PER_WRITER: usize = 25;
/// Times each race is run.
const ROUNDS: usize = 20;

/// A commit sink that remembers every message it is told about, in order.
#[derive(Default)]
pub struct RecordingSink {
    seen: Mutex<Vec<Message>>,
}

impl RecordingSink {
    /// Every message told so far, in the order told.
    pub fn messages(&self) -> Vec<Message> {
        self.seen.lock().unwrap().clone()
    }

    /// The seqs told for one conversation, in the order told.
    pub fn seqs_of(&self, conversation_id: Uuid) -> Vec<i64> {
        self.seen
            .lock()
            .unwrap()
            .iter()
            .filter(|m| m.conversation_id == conversation_id)
            .map(|m| m.seq)
            .collect()
    }
}

impl CommitSink for RecordingSink {
    fn messages_committed(&self, messages: &[Message]) {
        self.seen.lock().unwrap().extend_from_slice(messages);
    }
}

/// Runs every section against `store`, whose commit sink is `sink`; the
/// database must be fresh (never bootstrapped).
pub async fn run(store: Arc<dyn Store>, sink: Arc<RecordingSink>) {
    let s = store.as_ref();
    ping_and_epoch(s).await;
    bootstrap_once(&store).await;
    users(s).await;
    refresh_tokens(&store).await;
    api_tokens(s).await;
    widgets(s).await;
    conversations(s).await;
    conversation_filters(s).await;
    append_sequential(s, &sink).await;
    append_concurrent_one_conversation(&store, &sink).await;
    append_concurrent_many_conversations(&store, &sink).await;
    duplicates_concurrent(&store, &sink).await;
    messages_paging(s).await;
    read_marks(s).await;
    transitions(s).await;
    concurrent_accepts(&store).await;
    queue_order(s).await;
    waits(s).await;
    loads(s).await;
    members(s).await;
    verified_visitors(s).await;
    canned::canned_replies(s).await;
    lifecycle::visitors(s).await;
    lifecycle::retention(s).await;
    lifecycle::blocks(s).await;
    lifecycle::audit(s).await;
    webhooks::webhooks(&store).await;
    search::text_search(s).await;
    notes::notes(s).await;
    sink_saw_every_message_once_in_order(s, &sink).await;
}

static NEXT: AtomicUsize = AtomicUsize::new(1);

fn unique(prefix: &str) -> String {
    format!("{prefix}-{}", NEXT.fetch_add(1, Ordering::Relaxed))
}

/// Lets the millisecond clock move, so times that order things differ.
async fn tick() {
    tokio::time::sleep(Duration::from_millis(3)).await;
}

fn new_user(role: Role) -> NewUser {
    NewUser {
        email: format!("{}@example.com", unique("user")),
        name: unique("Name"),
        role,
        password_hash: unique("$argon2id$hash"),
    }
}

fn new_widget() -> NewWidget {
    NewWidget {
        name: unique("widget"),
        site_key: unique("site"),
        settings: WidgetSettings {
            title: "Help".into(),
            allowed_origins: vec!["https://shop.example".into()],
            ai: AiSettings {
                enabled: false,
                model: Some("m".into()),
                system_prompt: None,
                temperature: Some(0.5),
            },
            handoff_keywords: vec!["human".into()],
            auto_assign: true,
            ..WidgetSettings::default()
        },
    }
}

/// Verified visitors: found by (widget, user id), most recent first, and
/// reachable with every token they were given.
async fn verified_visitors(s: &dyn Store) {
    let w = make_widget(s).await;
    let new = |hash: &str| NewConversation {
        widget_id: w.id,
        visitor_token_hash: hash.to_string(),
        prechat: BTreeMap::new(),
        page_url: None,
        verified_user_id: Some("user-42".into()),
        visitor_id: Uuid::now_v7(),
        visitor_ip: None,
    };
    let (h1, h2, h3) = (unique("vt"), unique("vt"), unique("vt"));
    let older = s.create_conversation(new(&h1)).await.unwrap();
    tick().await;
    let newer = s.create_conversation(new(&h2)).await.unwrap();
    assert_eq!(newer.verified_user_id.as_deref(), Some("user-42"));
    let found = s
        .find_verified_conversation(w.id, "user-42")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(found.id, newer.id, "the most recently active one");
    assert!(
        s.find_verified_conversation(w.id, "user-43")
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        s.find_verified_conversation(Uuid::new_v4(), "user-42")
            .await
            .unwrap()
            .is_none()
    );
    s.add_visitor_token(older.id, &h3).await.unwrap();
    assert_eq!(
        s.find_conversation_by_token(&h3).await.unwrap().unwrap().id,
        older.id
    );
    assert_eq!(
        s.find_conversation_by_token(&h1).await.unwrap().unwrap().id,
        older.id
    );
    assert!(
        s.find_conversation_by_token("no such token")
            .await
            .unwrap()
            .is_none()
    );
}

/// Opens or closes a conversation through the one state-change path the engine uses.
async fn set_status(
    s: &dyn Store,
    id: Uuid,
    status: ConversationStatus,
) -> StoreResult<Conversation> {
    let t = Transition {
        status: Some(status),
        ..Transition::default()
    };
    Ok(match s.transition(id, t).await? {
        TransitionOutcome::Applied(c) | TransitionOutcome::Refused(c) => c,
    })
}

async fn make_user(s: &dyn Store, role: Role) -> User {
    s.create_user(new_user(role)).await.unwrap()
}

async fn make_widget(s: &dyn Store) -> Widget {
    s.create_widget(new_widget()).await.unwrap()
}

async fn make_conversation(s: &dyn Store, widget_id: Uuid) -> Conversation {
    s.create_conversation(NewConversation {
        widget_id,
        visitor_token_hash: unique("visitor-token"),
        prechat: BTreeMap::new(),
        page_url: None,
        verified_user_id: None,
        visitor_id: Uuid::now_v7(),
        visitor_ip: None,
    })
    .await
    .unwrap()
}

fn msg(conversation_id: Uuid, client_id: &str, sender: SenderKind) -> NewMessage {
    NewMessage {
        conversation_id,
        client_id: client_id.into(),
        sender,
        author_id: None,
        author_name: None,
        body: format!("body of {client_id}"),
    }
}

async fn append(s: &dyn Store, m: NewMessage) -> Appended {
    s.append_message(m).await.unwrap()
}

fn applied(o: TransitionOutcome) -> Conversation {
    match o {
        TransitionOutcome::Applied(c) => c,
        TransitionOutcome::Refused(c) => panic!("transition refused; conversation: {c:?}"),
    }
}

fn refused(o: TransitionOutcome) -> Conversation {
    match o {
        TransitionOutcome::Refused(c) => c,
        TransitionOutcome::Applied(c) => panic!("transition applied; conversation: {c:?}"),
    }
}

fn escalate() -> Transition {
    Transition {
        from_phases: Some(vec![Phase::Ai]),
        phase: Some(Phase::Queued),
        escalate: Some("visitor_asked".into()),
        ..Transition::default()
    }
}

fn accept(agent: Uuid) -> Transition {
    Transition {
        from_phases: Some(vec![Phase::Queued]),
        from_status: Some(ConversationStatus::Open),
        phase: Some(Phase::Assigned),
        agent: Some(Some(agent)),
        ..Transition::default()
    }
}

fn back_to_ai() -> Transition {
    Transition {
        phase: Some(Phase::Ai),
        agent: Some(None),
        ..Transition::default()
    }
}

fn assert_not_found<T: std::fmt::Debug>(r: Result<T, StoreError>, what: &str) {
    assert!(
        matches!(r, Err(StoreError::NotFound)),
        "{what}: expected NotFound, got {r:?}"
    );
}

fn assert_conflict<T: std::fmt::Debug>(r: Result<T, StoreError>, what: &str) {
    assert!(
        matches!(r, Err(StoreError::Conflict(_))),
        "{what}: expected Conflict, got {r:?}"
    );
}

async fn ping_and_epoch(s: &dyn Store) {
    s.ping().await.unwrap();
    let epoch = s.epoch().await.unwrap();
    assert!(!epoch.is_empty());
    assert_eq!(s.epoch().await.unwrap(), epoch, "the epoch changed");
}

async fn bootstrap_once(store: &Arc<dyn Store>) {
    let b = Bootstrap {
        admin: NewUser {
            email: "admin@localhost".into(),
            name: "Admin".into(),
            role: Role::Admin,
            password_hash: "$argon2id$admin".into(),
        },
        demo_widget: NewWidget {
            name: "Demo".into(),
            site_key: "demo-key".into(),
            settings: WidgetSettings::default(),
        },
    };
    let runs: Vec<_> = (0..4)
        .map(|_| {
            let (store, b) = (Arc::clone(store), b.clone());
            tokio::spawn(async move { store.bootstrap(b).await })
        })
        .collect();
    let mut created = 0;
    for r in runs {
        if r.await.unwrap().unwrap() {
            created += 1;
        }
    }
    assert_eq!(created, 1, "concurrent bootstraps: exactly one creates");
    assert!(!store.bootstrap(b).await.unwrap(), "bootstrap ran twice");
    let admin = store
        .find_user_by_email("admin@localhost")
        .await
        .unwrap()
        .expect("bootstrap made no admin");
    assert_eq!(admin.user.role, Role::Admin);
    assert_eq!(admin.password_hash, "$argon2id$admin");
    let demo = store.find_widget_by_site_key("demo-key").await.unwrap();
    assert_eq!(demo.map(|w| w.name).as_deref(), Some("Demo"));
    assert_eq!(store.list_users().await.unwrap().len(), 1);
    assert_eq!(store.list_widgets().await.unwrap().len(), 1);
}

async fn users(s: &dyn Store) {
    let nu = new_user(Role::Agent);
    let u = s.create_user(nu.clone()).await.unwrap();
    assert_eq!(
        (u.email.as_str(), u.name.as_str(), u.role, u.disabled),
        (nu.email.as_str(), nu.name.as_str(), Role::Agent, false)
    );
    assert!(u.created_at > 0);
    assert_eq!(s.get_user(u.id).await.unwrap(), u);
    let rec = s.find_user_by_email(&u.email).await.unwrap().unwrap();
    assert_eq!(rec.user, u);
    assert_eq!(rec.password_hash, nu.password_hash);
    assert!(
        s.find_user_by_email("nobody@example.com")
            .await
            .unwrap()
            .is_none()
    );
    let mut same_email = new_user(Role::Admin);
    same_email.email = u.email.clone();
    assert_conflict(s.create_user(same_email).await, "a second user, same email");

    tick().await;
    let u2 = make_user(s, Role::Admin).await;
    let listed: Vec<Uuid> = s
        .list_users()
        .await
        .unwrap()
        .into_iter()
        .map(|x| x.id)
        .filter(|id| *id == u.id || *id == u2.id)
        .collect();
    assert_eq!(listed, [u.id, u2.id], "users are listed oldest first");

    let changed = s
        .update_user(
            u.id,
            UserChanges {
                name: Some("Renamed".into()),
                role: Some(Role::Admin),
                ..UserChanges::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(
        (changed.name.as_str(), changed.role),
        ("Renamed", Role::Admin)
    );
    assert_eq!(s.get_user(u.id).await.unwrap(), changed);
    let disabled = s
        .update_user(
            u.id,
            UserChanges {
                disabled: Some(true),
                ..UserChanges::default()
            },
        )
        .await
        .unwrap();
    assert!(disabled.disabled);
    assert_eq!(disabled.name, "Renamed", "a change touches only its fields");
    assert!(s.get_user(u.id).await.unwrap().disabled);
    let enabled = s
        .update_user(
            u.id,
            UserChanges {
                disabled: Some(false),
                password_hash: Some("$argon2id$new".into()),
                ..UserChanges::default()
            },
        )
        .await
        .unwrap();
    assert!(!enabled.disabled);
    let rec = s.find_user_by_email(&u.email).await.unwrap().unwrap();
    assert_eq!(rec.password_hash, "$argon2id$new");

    assert_not_found(s.get_user(Uuid::now_v7()).await, "get an unknown user");
    assert_not_found(
        s.update_user(Uuid::now_v7(), UserChanges::default()).await,
        "update an unknown user",
    );

    // Deleting a user deletes their tokens.
    let token_hash = unique("api-hash");
    s.create_api_token(NewApiToken {
        user_id: u2.id,
        name: "ci".into(),
        prefix: "cht_".into(),
        token_hash: token_hash.clone(),
        role: Role::Admin,
        expires_at: None,
    })
    .await
    .unwrap();
    s.delete_user(u2.id).await.unwrap();
    assert_not_found(s.get_user(u2.id).await, "get a deleted user");
    assert_not_found(s.delete_user(u2.id).await, "delete a deleted user");
    assert!(s.find_api_token(&token_hash).await.unwrap().is_none());
    assert!(
        s.find_user_by_email(&u2.email).await.unwrap().is_none(),
        "a deleted user's email is still found"
    );
}

async fn login(s: &dyn Store, user_id: Uuid) -> String {
    let hash = unique("refresh");
    s.insert_refresh_token(NewRefreshToken {
        token_hash: hash.clone(),
        user_id,
        family_id: Uuid::new_v4(),
        expires_at: now_ms() + 3_600_000,
    })
    .await
    .unwrap();
    hash
}

async fn rotate(s: &dyn Store, old: &str, new: &str) -> Rotation {
    s.rotate_refresh_token(old, new, now_ms() + 3_600_000, now_ms())
        .await
        .unwrap()
}

fn is_rotated(r: &Rotation) -> bool {
    matches!(r, Rotation::Rotated(_))
}

async fn refresh_tokens(store: &Arc<dyn Store>) {
    let s = store.as_ref();
    let u = make_user(s, Role::Agent).await;

    // A chain: a -> b -> c; presenting a again revokes the chain.
    let a = login(s, u.id).await;
    let (b, c, d) = (unique("refresh"), unique("refresh"), unique("refresh"));
    match rotate(s, &a, &b).await {
        Rotation::Rotated(rec) => assert_eq!(rec.user.id, u.id),
        other => panic!("first rotation: {other:?}"),
    }
    assert!(is_rotated(&rotate(s, &b, &c).await));
    assert!(matches!(rotate(s, &a, &d).await, Rotation::Reused));
    assert!(
        matches!(rotate(s, &c, &d).await, Rotation::Invalid),
        "a reused token must revoke its whole chain"
    );
    assert!(matches!(
        rotate(s, "unknown", &unique("refresh")).await,
        Rotation::Invalid
    ));

    // Another login is another chain, untouched by the first one's revocation.
    let other = login(s, u.id).await;
    assert!(is_rotated(&rotate(s, &other, &unique("refresh")).await));

    // Expired.
    let expired = unique("refresh");
    s.insert_refresh_token(NewRefreshToken {
        token_hash: expired.clone(),
        user_id: u.id,
        family_id: Uuid::new_v4(),
        expires_at: now_ms() - 1,
    })
    .await
    .unwrap();
    assert!(matches!(
        rotate(s, &expired, &unique("refresh")).await,
        Rotation::Invalid
    ));

    // Logout revokes the chain; unknown tokens are ignored.
    let e = login(s, u.id).await;
    let f = unique("refresh");
    assert!(is_rotated(&rotate(s, &e, &f).await));
    s.revoke_refresh_family(&e).await.unwrap();
    assert!(matches!(
        rotate(s, &f, &unique("refresh")).await,
        Rotation::Invalid
    ));
    s.revoke_refresh_family("unknown").await.unwrap();

    // Disabling a user revokes their tokens; a disabled user cannot refresh.
    let g = login(s, u.id).await;
    s.update_user(
        u.id,
        UserChanges {
            disabled: Some(true),
            ..UserChanges::default()
        },
    )
    .await
    .unwrap();
    assert!(matches!(
        rotate(s, &g, &unique("refresh")).await,
        Rotation::Invalid
    ));
    let h = login(s, u.id).await;
    assert!(
        matches!(rotate(s, &h, &unique("refresh")).await, Rotation::Invalid),
        "a disabled user refreshed"
    );
    s.update_user(
        u.id,
        UserChanges {
            disabled: Some(false),
            ..UserChanges::default()
        },
    )
    .await
    .unwrap();
    assert!(
        is_rotated(&rotate(s, &h, &unique("refresh")).await),
        "enabled again, a token issued while disabled works"
    );

    // A password change revokes every token of the user.
    let p = login(s, u.id).await;
    s.update_user(
        u.id,
        UserChanges {
            password_hash: Some("$argon2id$changed".into()),
            ..UserChanges::default()
        },
    )
    .await
    .unwrap();
    assert!(matches!(
        rotate(s, &p, &unique("refresh")).await,
        Rotation::Invalid
    ));

    // Racing rotations of one token: one wins, the others look like theft.
    for _ in 0..ROUNDS {
        let t = login(s, u.id).await;
        let tasks: Vec<_> = (0..4)
            .map(|_| {
                let (store, t, n) = (Arc::clone(store), t.clone(), unique("refresh"));
                tokio::spawn(async move {
                    let r = store
                        .rotate_refresh_token(&t, &n, now_ms() + 3_600_000, now_ms())
                        .await
                        .unwrap();
                    (r, n)
                })
            })
            .collect();
        let mut winners = Vec::new();
        let mut reused = 0;
        for task in tasks {
            match task.await.unwrap() {
                (Rotation::Rotated(_), n) => winners.push(n),
                (Rotation::Reused, _) => reused += 1,
                (Rotation::Invalid, _) => {}
            }
        }
        assert_eq!(winners.len(), 1, "racing rotations: exactly one rotates");
        assert!(reused >= 1, "the losers of a race must be seen as reuse");
        assert!(
            matches!(
                rotate(s, &winners[0], &unique("refresh")).await,
                Rotation::Invalid
            ),
            "the reuse must have revoked the winner's new token too"
        );
    }
}

async fn api_tokens(s: &dyn Store) {
    let u = make_user(s, Role::Admin).await;
    let mk = |name: &str, hash: &str, expires_at| NewApiToken {
        user_id: u.id,
        name: name.into(),
        prefix: "cht_abcd".into(),
        token_hash: hash.into(),
        role: Role::Agent,
        expires_at,
    };
    let (h1, h2) = (unique("api"), unique("api"));
    let t1 = s.create_api_token(mk("first", &h1, None)).await.unwrap();
    tick().await;
    let expires = now_ms() + 86_400_000;
    let t2 = s
        .create_api_token(mk("second", &h2, Some(expires)))
        .await
        .unwrap();
    assert_eq!(
        (t1.name.as_str(), t1.role, t1.user_id, t1.revoked_at),
        ("first", Role::Agent, u.id, None)
    );
    assert_eq!(t2.expires_at, Some(expires));
    let ours: Vec<_> = s
        .list_api_tokens()
        .await
        .unwrap()
        .into_iter()
        .filter(|t| t.user_id == u.id)
        .collect();
    assert_eq!(
        ours,
        [t2.clone(), t1.clone()],
        "tokens are listed newest first"
    );

    let (found, owner) = s.find_api_token(&h1).await.unwrap().unwrap();
    assert_eq!((found, owner.id), (t1.clone(), u.id));
    assert!(s.find_api_token("unknown").await.unwrap().is_none());

    s.revoke_api_token(t1.id).await.unwrap();
    let (revoked, _) = s.find_api_token(&h1).await.unwrap().unwrap();
    let at = revoked.revoked_at.expect("revoked token has no revoked_at");
    tick().await;
    s.revoke_api_token(t1.id).await.unwrap();
    let (again, _) = s.find_api_token(&h1).await.unwrap().unwrap();
    assert_eq!(
        again.revoked_at,
        Some(at),
        "revoking twice moved revoked_at"
    );
    assert_eq!(
        s.find_api_token(&h2).await.unwrap().unwrap().0.revoked_at,
        None
    );
    assert_not_found(s.revoke_api_token(Uuid::now_v7()).await, "revoke unknown");
}

async fn widgets(s: &dyn Store) {
    let nw = new_widget();
    let w = s.create_widget(nw.clone()).await.unwrap();
    assert_eq!(
        (&w.name, &w.site_key, &w.settings),
        (&nw.name, &nw.site_key, &nw.settings)
    );
    assert_eq!(w.created_at, w.updated_at);
    assert_eq!(s.get_widget(w.id).await.unwrap(), w);
    assert_eq!(
        s.find_widget_by_site_key(&w.site_key).await.unwrap(),
        Some(w.clone())
    );
    assert!(s.find_widget_by_site_key("nope").await.unwrap().is_none());
    let mut dup = new_widget();
    dup.name = w.name.clone();
    assert_conflict(s.create_widget(dup).await, "a second widget, same name");
    tick().await;
    let w2 = make_widget(s).await;
    let listed: Vec<Uuid> = s
        .list_widgets()
        .await
        .unwrap()
        .into_iter()
        .map(|x| x.id)
        .filter(|id| *id == w.id || *id == w2.id)
        .collect();
    assert_eq!(listed, [w.id, w2.id], "widgets are listed oldest first");

    tick().await;
    let new_name = unique("renamed");
    let patched = s
        .update_widget(
            w.id,
            WidgetPatch {
                name: Some(new_name.clone()),
                title: Some("New title".into()),
                allowed_origins: Some(vec!["*".into()]),
                ..WidgetPatch::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(patched.name, new_name);
    assert_eq!(patched.settings.title, "New title");
    assert_eq!(patched.settings.allowed_origins, ["*"]);
    assert_eq!(
        patched.settings.handoff_keywords, nw.settings.handoff_keywords,
        "a patch leaves other settings alone"
    );
    assert!(patched.updated_at > w.updated_at);
    assert_eq!(s.get_widget(w.id).await.unwrap(), patched);
    assert_conflict(
        s.update_widget(
            w.id,
            WidgetPatch {
                name: Some(w2.name.clone()),
                ..WidgetPatch::default()
            },
        )
        .await,
        "rename onto another widget's name",
    );
    assert_eq!(s.get_widget(w.id).await.unwrap().name, new_name);
    assert_not_found(
        s.update_widget(Uuid::now_v7(), WidgetPatch::default())
            .await,
        "update an unknown widget",
    );

    let key = unique("rotated");
    let rotated = s.set_widget_site_key(w.id, &key).await.unwrap();
    assert_eq!(rotated.site_key, key);
    assert_eq!(rotated.settings, patched.settings);
    assert!(
        s.find_widget_by_site_key(&w.site_key)
            .await
            .unwrap()
            .is_none()
    );
    assert_eq!(
        s.find_widget_by_site_key(&key).await.unwrap().map(|x| x.id),
        Some(w.id)
    );
    assert_conflict(
        s.set_widget_site_key(w2.id, &key).await,
        "another widget's site key",
    );
    assert_not_found(
        s.set_widget_site_key(Uuid::now_v7(), &unique("k")).await,
        "rotate an unknown widget's key",
    );

    s.delete_widget(w2.id).await.unwrap();
    assert_not_found(s.get_widget(w2.id).await, "get a deleted widget");
    assert_not_found(s.delete_widget(w2.id).await, "delete a deleted widget");
}

async fn conversations(s: &dyn Store) {
    let w = make_widget(s).await;
    let token = unique("visitor-token");
    let prechat = BTreeMap::from([
        ("name".to_string(), "Ada".to_string()),
        ("email".to_string(), "ada@example.com".to_string()),
    ]);
    let c = s
        .create_conversation(NewConversation {
            widget_id: w.id,
            visitor_token_hash: token.clone(),
            prechat: prechat.clone(),
            page_url: Some("https://shop.example/cart".into()),
            verified_user_id: None,
            visitor_id: Uuid::now_v7(),
            visitor_ip: None,
        })
        .await
        .unwrap();
    assert_eq!(
        (c.status, c.phase, c.last_seq, &c.prechat),
        (ConversationStatus::Open, Phase::Ai, 0, &prechat)
    );
    assert_eq!(s.get_conversation(c.id).await.unwrap(), c);
    assert_eq!(
        s.find_conversation_by_token(&token).await.unwrap(),
        Some(c.clone())
    );
    assert!(
        s.find_conversation_by_token("unknown")
            .await
            .unwrap()
            .is_none()
    );
    assert_not_found(s.get_conversation(Uuid::now_v7()).await, "get unknown");

    tick().await;
    let closed = set_status(s, c.id, ConversationStatus::Closed)
        .await
        .unwrap();
    assert_eq!(closed.status, ConversationStatus::Closed);
    assert!(closed.closed_at.is_some());
    assert!(closed.updated_at > c.updated_at);
    assert_eq!(s.get_conversation(c.id).await.unwrap(), closed);
    let reopened = set_status(s, c.id, ConversationStatus::Open).await.unwrap();
    assert_eq!(
        (reopened.status, reopened.closed_at),
        (ConversationStatus::Open, None)
    );
    assert_not_found(
        set_status(s, Uuid::now_v7(), ConversationStatus::Closed).await,
        "close an unknown conversation",
    );

    // A deleted widget takes its conversations with it.
    s.delete_widget(w.id).await.unwrap();
    assert_not_found(
        s.get_conversation(c.id).await,
        "conversation of a deleted widget",
    );
}

fn ids(cs: &[Conversation]) -> Vec<Uuid> {
    cs.iter().map(|c| c.id).collect()
}

async fn conversation_filters(s: &dyn Store) {
    let (w1, w2, w3) = (
        make_widget(s).await,
        make_widget(s).await,
        make_widget(s).await,
    );
    let agent = make_user(s, Role::Agent).await;
    // Created in this order, each one updated after the one before.
    let mut made = Vec::new();
    for w in [&w1, &w2, &w1, &w2, &w1, &w3] {
        tick().await;
        made.push(make_conversation(s, w.id).await);
    }
    tick().await;
    // made[1] is queued, made[2] is assigned to `agent`, made[3] is closed.
    applied(s.transition(made[1].id, escalate()).await.unwrap());
    tick().await;
    applied(s.transition(made[2].id, escalate()).await.unwrap());
    applied(s.transition(made[2].id, accept(agent.id)).await.unwrap());
    tick().await;
    set_status(s, made[3].id, ConversationStatus::Closed)
        .await
        .unwrap();
    let ours: HashSet<Uuid> = made.iter().map(|c| c.id).collect();
    // Most recently updated first: 3, 2, 1, then 5, 4, 0 by creation.
    let by_update = [
        made[3].id, made[2].id, made[1].id, made[5].id, made[4].id, made[0].id,
    ];

    let list = |f: ConversationFilter| async move {
        let got = s.list_conversations(f.clone()).await.unwrap();
        assert!(
            got.windows(2)
                .all(|p| (p[0].updated_at, p[0].id) >= (p[1].updated_at, p[1].id)),
            "not ordered by updated_at, then id, descending: {f:?}"
        );
        got
    };
    let all = |f: ConversationFilter| ConversationFilter { limit: 1000, ..f };
    let mine = |cs: Vec<Conversation>| -> Vec<Uuid> {
        cs.into_iter()
            .map(|c| c.id)
            .filter(|id| ours.contains(id))
            .collect()
    };

    let got = list(all(ConversationFilter {
        widget_ids: Some(vec![w1.id, w2.id, w3.id]),
        ..ConversationFilter::default()
    }))
    .await;
    assert_eq!(ids(&got), by_update);

    let got = list(all(ConversationFilter {
        widget_id: Some(w1.id),
        ..ConversationFilter::default()
    }))
    .await;
    assert_eq!(ids(&got), [made[2].id, made[4].id, made[0].id]);

    let got = list(all(ConversationFilter {
        widget_ids: Some(vec![w2.id, w3.id]),
        ..ConversationFilter::default()
    }))
    .await;
    assert_eq!(ids(&got), [made[3].id, made[1].id, made[5].id]);
    assert!(
        list(all(ConversationFilter {
            widget_ids: Some(vec![]),
            ..ConversationFilter::default()
        }))
        .await
        .is_empty(),
        "an empty widget list means no widgets"
    );

    let got = list(all(ConversationFilter {
        status: Some(ConversationStatus::Closed),
        ..ConversationFilter::default()
    }))
    .await;
    assert!(got.iter().all(|c| c.status == ConversationStatus::Closed));
    assert_eq!(mine(got), [made[3].id]);
    let got = list(all(ConversationFilter {
        status: Some(ConversationStatus::Open),
        widget_id: Some(w2.id),
        ..ConversationFilter::default()
    }))
    .await;
    assert_eq!(ids(&got), [made[1].id]);

    let got = list(all(ConversationFilter {
        phase: Some(Phase::Queued),
        ..ConversationFilter::default()
    }))
    .await;
    assert!(got.iter().all(|c| c.phase == Phase::Queued));
    assert_eq!(mine(got), [made[1].id]);
    let got = list(all(ConversationFilter {
        phase: Some(Phase::Ai),
        widget_ids: Some(vec![w1.id, w2.id, w3.id]),
        ..ConversationFilter::default()
    }))
    .await;
    assert_eq!(ids(&got), [made[3].id, made[5].id, made[4].id, made[0].id]);

    let got = list(all(ConversationFilter {
        agent_id: Some(agent.id),
        ..ConversationFilter::default()
    }))
    .await;
    assert_eq!(ids(&got), [made[2].id]);

    let before = s.get_conversation(made[1].id).await.unwrap().updated_at;
    let got = list(all(ConversationFilter {
        updated_before: Some(before),
        widget_ids: Some(vec![w1.id, w2.id, w3.id]),
        ..ConversationFilter::default()
    }))
    .await;
    assert!(got.iter().all(|c| c.updated_at < before));
    assert_eq!(ids(&got), [made[5].id, made[4].id, made[0].id]);

    let got = list(all(ConversationFilter {
        created_from: Some(made[2].created_at),
        created_to: Some(made[4].created_at),
        widget_ids: Some(vec![w1.id, w2.id, w3.id]),
        ..ConversationFilter::default()
    }))
    .await;
    assert_eq!(
        ids(&got),
        [made[3].id, made[2].id],
        "created_from and created_to"
    );

    let got = list(ConversationFilter {
        widget_ids: Some(vec![w1.id, w2.id, w3.id]),
        limit: 2,
        ..ConversationFilter::default()
    })
    .await;
    assert_eq!(ids(&got), [made[3].id, made[2].id]);
    let got = list(ConversationFilter {
        widget_ids: Some(vec![w1.id, w2.id, w3.id]),
        limit: 0,
        ..ConversationFilter::default()
    })
    .await;
    assert_eq!(ids(&got), [made[3].id], "a limit of 0 lists one");

    // A new message moves a conversation to the top.
    tick().await;
    append(s, msg(made[0].id, "bump", SenderKind::Visitor)).await;
    let got = list(ConversationFilter {
        widget_ids: Some(vec![w1.id, w2.id, w3.id]),
        limit: 1,
        ..ConversationFilter::default()
    })
    .await;
    assert_eq!(ids(&got), [made[0].id]);
}

async fn append_sequential(s: &dyn Store, sink: &RecordingSink) {
    let w = make_widget(s).await;
    let c = make_conversation(s, w.id).await;
    let before = sink.messages().len();

    tick().await;
    let first = append(s, msg(c.id, "v1", SenderKind::Visitor)).await;
    assert!(!first.duplicate);
    assert_eq!(
        (first.message.seq, first.message.client_id.as_str()),
        (1, "v1")
    );
    assert_eq!(first.message.body, "body of v1");
    assert!(first.message.created_at >= c.created_at);
    assert_eq!(
        &sink.messages()[before..],
        std::slice::from_ref(&first.message),
        "the sink must hear of a message before its append returns"
    );
    let after_first = s.get_conversation(c.id).await.unwrap();
    assert_eq!(after_first.last_seq, 1);
    assert!(
        after_first.updated_at > c.updated_at,
        "append must touch updated_at"
    );
    assert_eq!(after_first.first_response_at, None);

    let mut again = msg(c.id, "v1", SenderKind::Visitor);
    again.body = "a different body".into();
    let dup = append(s, again).await;
    assert!(dup.duplicate);
    assert_eq!(
        dup.message, first.message,
        "a retry answers with the stored message"
    );
    assert_eq!(
        sink.messages().len(),
        before + 1,
        "the sink heard of a duplicate"
    );
    assert_eq!(s.get_conversation(c.id).await.unwrap().last_seq, 1);

    let agent = make_user(s, Role::Agent).await;
    let mut from_agent = msg(c.id, "a1", SenderKind::Agent);
    from_agent.author_id = Some(agent.id);
    from_agent.author_name = Some("Sam".into());
    let a1 = append(s, from_agent.clone()).await;
    assert_eq!(a1.message.seq, 2);
    assert_eq!(
        (a1.message.author_id, a1.message.author_name.as_deref()),
        (Some(agent.id), Some("Sam"))
    );
    assert_eq!(a1.message.sender, SenderKind::Agent);
    let first_response = s
        .get_conversation(c.id)
        .await
        .unwrap()
        .first_response_at
        .expect("an agent's first message sets first_response_at");
    tick().await;
    from_agent.client_id = "a2".into();
    assert_eq!(append(s, from_agent).await.message.seq, 3);
    for (i, sender) in [SenderKind::Ai, SenderKind::System, SenderKind::Visitor]
        .into_iter()
        .enumerate()
    {
        let m = append(s, msg(c.id, &format!("x{i}"), sender)).await;
        assert_eq!((m.message.seq, m.message.sender), (4 + i as i64, sender));
    }
    let now = s.get_conversation(c.id).await.unwrap();
    assert_eq!(now.last_seq, 6);
    assert_eq!(
        now.first_response_at,
        Some(first_response),
        "only the first agent message sets first_response_at"
    );
    let stored = s.messages_after(c.id, 0, 100).await.unwrap();
    assert_eq!(
        stored.iter().map(|m| m.seq).collect::<Vec<_>>(),
        [1, 2, 3, 4, 5, 6]
    );
    assert_eq!(stored[0], first.message);
    assert_eq!(stored[1], a1.message);
    assert_eq!(sink.seqs_of(c.id), [1, 2, 3, 4, 5, 6]);

    assert_not_found(
        s.append_message(msg(Uuid::now_v7(), "x", SenderKind::Visitor))
            .await,
        "append to an unknown conversation",
    );
    // A closed conversation still takes messages (the engine decides).
    set_status(s, c.id, ConversationStatus::Closed)
        .await
        .unwrap();
    assert_eq!(
        append(s, msg(c.id, "late", SenderKind::Visitor))
            .await
            .message
            .seq,
        7
    );
}

/// Appends `PER_WRITER` messages from each of `WRITERS` tasks, writer `i`
/// writing into `targets[(i + j) % targets.len()]`; returns every answer.
async fn race_appends(store: &Arc<dyn Store>, targets: &[Uuid], tag: &str) -> Vec<Appended> {
    let barrier = Arc::new(tokio::sync::Barrier::new(WRITERS));
    let tasks: Vec<_> = (0..WRITERS)
        .map(|i| {
            let (store, barrier) = (Arc::clone(store), Arc::clone(&barrier));
            let targets = targets.to_vec();
            let tag = tag.to_string();
            tokio::spawn(async move {
                barrier.wait().await;
                let mut out = Vec::new();
                let mut last: HashMap<Uuid, i64> = HashMap::new();
                for j in 0..PER_WRITER {
                    let c = targets[(i + j) % targets.len()];
                    let a = append_retrying(
                        &*store,
                        msg(c, &format!("{tag}-{i}-{j}"), SenderKind::Visitor),
                    )
                    .await;
                    assert!(!a.duplicate);
                    let prev = last.insert(c, a.message.seq).unwrap_or(0);
                    assert!(a.message.seq > prev, "one writer's seqs went backwards");
                    out.push(a);
                }
                out
            })
        })
        .collect();
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await.unwrap());
    }
    all
}

/// An append, retried while the store says `Busy` (as a client's outbox would).
async fn append_retrying(s: &dyn Store, m: NewMessage) -> Appended {
    for _ in 0..100 {
        match s.append_message(m.clone()).await {
            Err(StoreError::Busy) => tokio::time::sleep(Duration::from_millis(10)).await,
            other => return other.unwrap(),
        }
    }
    panic!("the store stayed busy");
}

async fn check_no_gaps(s: &dyn Store, sink: &RecordingSink, c: Uuid, answers: &[Appended]) {
    let mut acked: Vec<(i64, String)> = answers
        .iter()
        .filter(|a| a.message.conversation_id == c)
        .map(|a| (a.message.seq, a.message.client_id.clone()))
        .collect();
    acked.sort();
    let n = i64::try_from(acked.len()).unwrap();
    assert_eq!(
        acked.iter().map(|(seq, _)| *seq).collect::<Vec<_>>(),
        (1..=n).collect::<Vec<_>>(),
        "acked seqs have gaps or repeats"
    );
    let stored: Vec<(i64, String)> = s
        .messages_after(c, 0, 10_000)
        .await
        .unwrap()
        .into_iter()
        .map(|m| (m.seq, m.client_id))
        .collect();
    assert_eq!(stored, acked, "stored messages differ from the acks");
    assert_eq!(s.get_conversation(c).await.unwrap().last_seq, n);
    assert_eq!(
        sink.seqs_of(c),
        (1..=n).collect::<Vec<_>>(),
        "the sink must hear of each message once, in seq order"
    );
}

async fn append_concurrent_one_conversation(store: &Arc<dyn Store>, sink: &RecordingSink) {
    let w = make_widget(store.as_ref()).await;
    for round in 0..3 {
        let c = make_conversation(store.as_ref(), w.id).await;
        let answers = race_appends(store, &[c.id], &format!("one{round}")).await;
        assert_eq!(answers.len(), WRITERS * PER_WRITER);
        check_no_gaps(store.as_ref(), sink, c.id, &answers).await;
    }
}

async fn append_concurrent_many_conversations(store: &Arc<dyn Store>, sink: &RecordingSink) {
    let w = make_widget(store.as_ref()).await;
    let mut targets = Vec::new();
    for _ in 0..4 {
        targets.push(make_conversation(store.as_ref(), w.id).await.id);
    }
    let answers = race_appends(store, &targets, "many").await;
    for c in &targets {
        check_no_gaps(store.as_ref(), sink, *c, &answers).await;
    }
}

async fn duplicates_concurrent(store: &Arc<dyn Store>, sink: &RecordingSink) {
    let w = make_widget(store.as_ref()).await;
    let c = make_conversation(store.as_ref(), w.id).await;
    let mut expected_rows = 0;
    for round in 0..ROUNDS {
        let client_id = format!("dup-{round}");
        let barrier = Arc::new(tokio::sync::Barrier::new(WRITERS + 1));
        let mut tasks = Vec::new();
        for i in 0..WRITERS {
            let (store, barrier) = (Arc::clone(store), Arc::clone(&barrier));
            let mut m = msg(c.id, &client_id, SenderKind::Visitor);
            m.body = format!("try {i}");
            tasks.push(tokio::spawn(async move {
                barrier.wait().await;
                append_retrying(&*store, m).await
            }));
        }
        // A distinct message racing the duplicates.
        let (other_store, other_barrier) = (Arc::clone(store), Arc::clone(&barrier));
        let other_id = format!("other-{round}");
        let other = tokio::spawn(async move {
            other_barrier.wait().await;
            append_retrying(&*other_store, msg(c.id, &other_id, SenderKind::Visitor)).await
        });
        let mut answers = Vec::new();
        for t in tasks {
            answers.push(t.await.unwrap());
        }
        assert!(!other.await.unwrap().duplicate);
        expected_rows += 2;
        let fresh: Vec<_> = answers.iter().filter(|a| !a.duplicate).collect();
        assert_eq!(fresh.len(), 1, "exactly one of the racing sends is new");
        assert!(
            answers.iter().all(|a| a.message == fresh[0].message),
            "every retry is answered with the stored message"
        );
        let dup_again = append(store.as_ref(), msg(c.id, &client_id, SenderKind::Visitor)).await;
        assert!(dup_again.duplicate);
        assert_eq!(dup_again.message, fresh[0].message);
    }
    let stored = store.messages_after(c.id, 0, 10_000).await.unwrap();
    assert_eq!(stored.len(), expected_rows, "a duplicate was stored twice");
    let seqs: Vec<i64> = stored.iter().map(|m| m.seq).collect();
    let n = i64::try_from(expected_rows).unwrap();
    assert_eq!(seqs, (1..=n).collect::<Vec<_>>(), "duplicates left a gap");
    assert_eq!(sink.seqs_of(c.id), seqs, "the sink heard of a duplicate");
}

async fn messages_paging(s: &dyn Store) {
    let w = make_widget(s).await;
    let c = make_conversation(s, w.id).await;
    for i in 1..=25 {
        append(s, msg(c.id, &format!("p{i}"), SenderKind::Visitor)).await;
    }
    let mut after = 0;
    let mut pages = Vec::new();
    loop {
        let page = s.messages_after(c.id, after, 10).await.unwrap();
        if page.is_empty() {
            break;
        }
        after = page.last().unwrap().seq;
        pages.push(page.iter().map(|m| m.seq).collect::<Vec<_>>());
    }
    assert_eq!(
        pages,
        [
            (1..=10).collect::<Vec<i64>>(),
            (11..=20).collect(),
            (21..=25).collect()
        ]
    );
    let page = s.messages_after(c.id, 20, 100).await.unwrap();
    assert_eq!(
        page.iter()
            .map(|m| m.client_id.as_str())
            .collect::<Vec<_>>(),
        ["p21", "p22", "p23", "p24", "p25"]
    );
    assert!(s.messages_after(c.id, 25, 10).await.unwrap().is_empty());
    assert!(s.messages_after(c.id, 99, 10).await.unwrap().is_empty());
    assert_eq!(
        s.messages_after(c.id, 3, 0).await.unwrap().len(),
        1,
        "a limit of 0 reads one"
    );
    assert!(
        s.messages_after(Uuid::now_v7(), 0, 10)
            .await
            .unwrap()
            .is_empty()
    );

    // Several conversations' ranges at once (another node's commits).
    let d = make_conversation(s, w.id).await;
    for i in 1..=3 {
        append(s, msg(d.id, &format!("d{i}"), SenderKind::Agent)).await;
    }
    let got = s
        .messages_in(&[
            (c.id, 4, 6),
            (d.id, 2, 9),
            (Uuid::now_v7(), 1, 5),
            (c.id, 25, 25),
        ])
        .await
        .unwrap();
    let mut got: Vec<(Uuid, i64)> = got.iter().map(|m| (m.conversation_id, m.seq)).collect();
    // In seq order within each conversation; conversations in any order.
    let c_seqs: Vec<i64> = got.iter().filter(|m| m.0 == c.id).map(|m| m.1).collect();
    assert_eq!(c_seqs, [4, 5, 6, 25]);
    got.retain(|m| m.0 == d.id);
    assert_eq!(got, [(d.id, 2), (d.id, 3)]);
    assert!(s.messages_in(&[]).await.unwrap().is_empty());
}

async fn read_marks(s: &dyn Store) {
    let w = make_widget(s).await;
    let c = make_conversation(s, w.id).await;
    assert_eq!(
        s.mark_read(c.id, ReadSide::Visitor, 5).await.unwrap(),
        (5, 0)
    );
    assert_eq!(
        s.mark_read(c.id, ReadSide::Visitor, 3).await.unwrap(),
        (5, 0),
        "a read mark never goes down"
    );
    assert_eq!(s.mark_read(c.id, ReadSide::Agent, 2).await.unwrap(), (5, 2));
    assert_eq!(s.mark_read(c.id, ReadSide::Agent, 7).await.unwrap(), (5, 7));
    assert_eq!(s.mark_read(c.id, ReadSide::Agent, 0).await.unwrap(), (5, 7));
    let got = s.get_conversation(c.id).await.unwrap();
    assert_eq!((got.visitor_read_seq, got.agent_read_seq), (5, 7));
    assert_not_found(
        s.mark_read(Uuid::now_v7(), ReadSide::Visitor, 1).await,
        "mark an unknown conversation",
    );
}

async fn transitions(s: &dyn Store) {
    let w = make_widget(s).await;
    let agent = make_user(s, Role::Agent).await;
    let other_agent = make_user(s, Role::Agent).await;
    let c = make_conversation(s, w.id).await;

    let r = refused(s.transition(c.id, accept(agent.id)).await.unwrap());
    assert_eq!(r, c, "a refused transition changes nothing");

    tick().await;
    let q = applied(s.transition(c.id, escalate()).await.unwrap());
    assert_eq!(q.phase, Phase::Queued);
    assert_eq!(q.escalation_reason.as_deref(), Some("visitor_asked"));
    let queued_at = q.queued_at.expect("escalation sets queued_at");
    assert_eq!(q.escalated_at, Some(queued_at));
    assert!(q.updated_at > c.updated_at);
    assert_eq!(s.get_conversation(c.id).await.unwrap(), q);
    refused(s.transition(c.id, escalate()).await.unwrap());

    tick().await;
    let a = applied(s.transition(c.id, accept(agent.id)).await.unwrap());
    assert_eq!(
        (a.phase, a.assigned_agent_id),
        (Phase::Assigned, Some(agent.id))
    );
    let assigned_at = a.assigned_at.expect("assignment sets assigned_at");
    assert!(assigned_at >= queued_at);
    let r = refused(s.transition(c.id, accept(other_agent.id)).await.unwrap());
    assert_eq!(r.assigned_agent_id, Some(agent.id));

    // Transfer: no phase condition, a new agent.
    tick().await;
    let t = applied(
        s.transition(
            c.id,
            Transition {
                from_phases: Some(vec![Phase::Assigned]),
                agent: Some(Some(other_agent.id)),
                ..Transition::default()
            },
        )
        .await
        .unwrap(),
    );
    assert_eq!(t.assigned_agent_id, Some(other_agent.id));
    assert!(t.assigned_at > Some(assigned_at));

    // Back to the AI clears the agent, keeps the times.
    let back = applied(s.transition(c.id, back_to_ai()).await.unwrap());
    assert_eq!((back.phase, back.assigned_agent_id), (Phase::Ai, None));
    assert_eq!(back.assigned_at, t.assigned_at);

    // A second escalation moves queued_at, keeps escalated_at.
    tick().await;
    let mut again = escalate();
    again.escalate = Some("keyword: human".into());
    let q2 = applied(s.transition(c.id, again).await.unwrap());
    assert!(q2.queued_at > Some(queued_at));
    assert_eq!(q2.escalated_at, Some(queued_at));
    assert_eq!(q2.escalation_reason.as_deref(), Some("keyword: human"));

    // Summary, pre-chat answers (merged), rating, close.
    let extra = applied(
        s.transition(
            c.id,
            Transition {
                summary: Some("wants a refund".into()),
                prechat: Some(BTreeMap::from([(
                    "email".to_string(),
                    "ada@example.com".to_string(),
                )])),
                ..Transition::default()
            },
        )
        .await
        .unwrap(),
    );
    assert_eq!(extra.summary.as_deref(), Some("wants a refund"));
    assert_eq!(
        extra.prechat.get("email").map(String::as_str),
        Some("ada@example.com")
    );
    let merged = applied(
        s.transition(
            c.id,
            Transition {
                prechat: Some(BTreeMap::from([("name".to_string(), "Ada".to_string())])),
                ..Transition::default()
            },
        )
        .await
        .unwrap(),
    );
    assert_eq!(merged.prechat.len(), 2, "pre-chat answers are merged");

    let closed = applied(
        s.transition(
            c.id,
            Transition {
                from_status: Some(ConversationStatus::Open),
                status: Some(ConversationStatus::Closed),
                rating: Some((4, Some("quick".into()))),
                ..Transition::default()
            },
        )
        .await
        .unwrap(),
    );
    assert_eq!(closed.status, ConversationStatus::Closed);
    assert!(closed.closed_at.is_some());
    assert_eq!(
        (closed.rating, closed.rating_comment.as_deref()),
        (Some(4), Some("quick"))
    );
    refused(
        s.transition(
            c.id,
            Transition {
                from_status: Some(ConversationStatus::Open),
                status: Some(ConversationStatus::Closed),
                ..Transition::default()
            },
        )
        .await
        .unwrap(),
    );
    let rated = applied(
        s.transition(
            c.id,
            Transition {
                rating: Some((5, None)),
                ..Transition::default()
            },
        )
        .await
        .unwrap(),
    );
    assert_eq!((rated.rating, rated.rating_comment), (Some(5), None));
    let reopened = applied(
        s.transition(
            c.id,
            Transition {
                status: Some(ConversationStatus::Open),
                ..Transition::default()
            },
        )
        .await
        .unwrap(),
    );
    assert_eq!(
        (reopened.status, reopened.closed_at),
        (ConversationStatus::Open, None)
    );
    assert_eq!(s.get_conversation(c.id).await.unwrap(), reopened);

    assert_not_found(
        s.transition(Uuid::now_v7(), escalate()).await,
        "transition an unknown conversation",
    );
}

async fn concurrent_accepts(store: &Arc<dyn Store>) {
    let s = store.as_ref();
    let w = make_widget(s).await;
    let mut agents = Vec::new();
    for _ in 0..4 {
        agents.push(make_user(s, Role::Agent).await.id);
    }
    for _ in 0..ROUNDS {
        let c = make_conversation(s, w.id).await;
        applied(s.transition(c.id, escalate()).await.unwrap());
        let barrier = Arc::new(tokio::sync::Barrier::new(agents.len()));
        let tasks: Vec<_> = agents
            .iter()
            .map(|agent| {
                let (store, barrier, agent) = (Arc::clone(store), Arc::clone(&barrier), *agent);
                tokio::spawn(async move {
                    barrier.wait().await;
                    (agent, store.transition(c.id, accept(agent)).await.unwrap())
                })
            })
            .collect();
        let mut winners = Vec::new();
        let mut losers = Vec::new();
        for t in tasks {
            match t.await.unwrap() {
                (agent, TransitionOutcome::Applied(conv)) => {
                    assert_eq!(conv.assigned_agent_id, Some(agent));
                    winners.push(agent);
                }
                (_, TransitionOutcome::Refused(conv)) => losers.push(conv),
            }
        }
        assert_eq!(winners.len(), 1, "racing accepts: exactly one wins");
        for l in losers {
            assert_eq!(
                (l.phase, l.assigned_agent_id),
                (Phase::Assigned, Some(winners[0])),
                "a loser must see the winner's assignment"
            );
        }
        assert_eq!(
            s.get_conversation(c.id).await.unwrap().assigned_agent_id,
            Some(winners[0])
        );
    }
}

async fn queue_order(s: &dyn Store) {
    let (w, other) = (make_widget(s).await, make_widget(s).await);
    let agent = make_user(s, Role::Agent).await;
    let mut cs = Vec::new();
    for _ in 0..5 {
        cs.push(make_conversation(s, w.id).await);
    }
    let elsewhere = make_conversation(s, other.id).await;
    // Queue in the order 2, 0, 3, 1, 4 (and one on another widget).
    for i in [2, 0, 3, 1, 4] {
        tick().await;
        applied(s.transition(cs[i].id, escalate()).await.unwrap());
    }
    tick().await;
    applied(s.transition(elsewhere.id, escalate()).await.unwrap());
    assert_eq!(
        ids(&s.queued(Some(w.id)).await.unwrap()),
        [cs[2].id, cs[0].id, cs[3].id, cs[1].id, cs[4].id]
    );

    // Assigned, closed and returned conversations leave the queue; a
    // re-queued one goes to the back.
    applied(s.transition(cs[0].id, accept(agent.id)).await.unwrap());
    set_status(s, cs[3].id, ConversationStatus::Closed)
        .await
        .unwrap();
    applied(s.transition(cs[2].id, back_to_ai()).await.unwrap());
    assert_eq!(
        ids(&s.queued(Some(w.id)).await.unwrap()),
        [cs[1].id, cs[4].id]
    );
    tick().await;
    applied(s.transition(cs[2].id, escalate()).await.unwrap());
    let queue = s.queued(Some(w.id)).await.unwrap();
    assert_eq!(ids(&queue), [cs[1].id, cs[4].id, cs[2].id]);
    assert!(
        queue
            .iter()
            .all(|c| c.phase == Phase::Queued && c.status == ConversationStatus::Open)
    );

    let everywhere: Vec<Uuid> = s
        .queued(None)
        .await
        .unwrap()
        .into_iter()
        .map(|c| c.id)
        .filter(|id| *id == elsewhere.id || cs.iter().any(|c| c.id == *id))
        .collect();
    assert_eq!(everywhere, [cs[1].id, cs[4].id, elsewhere.id, cs[2].id]);
}

async fn waits(s: &dyn Store) {
    let w = make_widget(s).await;
    let agent = make_user(s, Role::Agent).await;
    assert!(s.recent_waits(w.id, 10).await.unwrap().is_empty());
    let mut expected = Vec::new();
    for i in 0..4u64 {
        let c = make_conversation(s, w.id).await;
        let q = applied(s.transition(c.id, escalate()).await.unwrap());
        tokio::time::sleep(Duration::from_millis(2 + 3 * i)).await;
        let a = applied(s.transition(c.id, accept(agent.id)).await.unwrap());
        expected.push(a.assigned_at.unwrap() - q.queued_at.unwrap());
        tick().await;
    }
    // Assigned without queueing first: not a wait.
    let direct = make_conversation(s, w.id).await;
    applied(
        s.transition(
            direct.id,
            Transition {
                phase: Some(Phase::Assigned),
                agent: Some(Some(agent.id)),
                ..Transition::default()
            },
        )
        .await
        .unwrap(),
    );
    expected.reverse();
    assert_eq!(s.recent_waits(w.id, 10).await.unwrap(), expected);
    assert_eq!(s.recent_waits(w.id, 2).await.unwrap(), expected[..2]);
    assert!(expected.iter().all(|w| *w >= 0));
}

async fn loads(s: &dyn Store) {
    let w = make_widget(s).await;
    let (a1, a2, idle) = (
        make_user(s, Role::Agent).await,
        make_user(s, Role::Agent).await,
        make_user(s, Role::Agent).await,
    );
    let mut of_a1 = Vec::new();
    for agent in [a1.id, a1.id, a1.id, a2.id] {
        let c = make_conversation(s, w.id).await;
        applied(s.transition(c.id, escalate()).await.unwrap());
        applied(s.transition(c.id, accept(agent)).await.unwrap());
        if agent == a1.id {
            of_a1.push(c.id);
        }
    }
    // Closed conversations are no load.
    set_status(s, of_a1[1], ConversationStatus::Closed)
        .await
        .unwrap();
    // A conversation given back to the AI is no load either.
    let c = make_conversation(s, w.id).await;
    applied(s.transition(c.id, escalate()).await.unwrap());
    applied(s.transition(c.id, accept(a2.id)).await.unwrap());
    applied(s.transition(c.id, back_to_ai()).await.unwrap());

    let loads: HashMap<Uuid, u32> = s.agent_loads().await.unwrap().into_iter().collect();
    assert_eq!(loads.get(&a1.id), Some(&2));
    assert_eq!(loads.get(&a2.id), Some(&1));
    assert_eq!(loads.get(&idle.id), None);
}

async fn members(s: &dyn Store) {
    let (w, w2) = (make_widget(s).await, make_widget(s).await);
    let (u, u2) = (
        make_user(s, Role::Agent).await,
        make_user(s, Role::Agent).await,
    );
    assert!(s.set_member(w.id, u.id, true).await.unwrap());
    assert!(
        !s.set_member(w.id, u.id, true).await.unwrap(),
        "added twice"
    );
    assert!(s.set_member(w.id, u2.id, true).await.unwrap());
    assert!(s.set_member(w2.id, u.id, true).await.unwrap());
    let ours = |all: Vec<(Uuid, Uuid)>| -> HashSet<(Uuid, Uuid)> {
        all.into_iter()
            .filter(|(wid, _)| *wid == w.id || *wid == w2.id)
            .collect()
    };
    assert_eq!(
        ours(s.memberships().await.unwrap()),
        HashSet::from([(w.id, u.id), (w.id, u2.id), (w2.id, u.id)])
    );
    assert!(s.set_member(w.id, u2.id, false).await.unwrap());
    assert!(
        !s.set_member(w.id, u2.id, false).await.unwrap(),
        "removed twice"
    );
    assert_eq!(
        ours(s.memberships().await.unwrap()),
        HashSet::from([(w.id, u.id), (w2.id, u.id)])
    );
    assert_not_found(
        s.set_member(Uuid::now_v7(), u.id, true).await,
        "member of an unknown widget",
    );
    assert_not_found(
        s.set_member(w.id, Uuid::now_v7(), true).await,
        "unknown user as a member",
    );
    assert!(!s.set_member(Uuid::now_v7(), u.id, false).await.unwrap());
    // Deleting the widget or the user ends the membership.
    s.delete_widget(w2.id).await.unwrap();
    s.delete_user(u.id).await.unwrap();
    assert!(ours(s.memberships().await.unwrap()).is_empty());
}

async fn sink_saw_every_message_once_in_order(s: &dyn Store, sink: &RecordingSink) {
    let mut by_conversation: HashMap<Uuid, Vec<i64>> = HashMap::new();
    for m in sink.messages() {
        by_conversation
            .entry(m.conversation_id)
            .or_default()
            .push(m.seq);
    }
    assert!(!by_conversation.is_empty());
    for (c, seqs) in by_conversation {
        let n = i64::try_from(seqs.len()).unwrap();
        assert_eq!(
            seqs,
            (1..=n).collect::<Vec<_>>(),
            "conversation {c}: the sink heard seqs out of order, twice or with gaps"
        );
        // Conversations of deleted widgets are gone; the rest match the sink.
        if let Ok(conv) = s.get_conversation(c).await {
            assert_eq!(
                conv.last_seq, n,
                "conversation {c}: a message the sink never heard of"
            );
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sqlite_conformance() {
    let dir = tempfile::tempdir().unwrap();
    let opts = super::sqlite::SqliteOptions::new(dir.path().join("chatd.db"));
    let sink = Arc::new(RecordingSink::default());
    let store = super::sqlite::open(&opts, Arc::clone(&sink) as Arc<dyn CommitSink>)
        .await
        .unwrap();
    let store: Arc<dyn Store> = Arc::new(store);
    run(Arc::clone(&store), sink).await;
    let epoch = store.epoch().await.unwrap();
    store.close().await;

    let reopened = super::sqlite::open(&opts, Arc::new(super::NoSink))
        .await
        .unwrap();
    assert_eq!(
        reopened.epoch().await.unwrap(),
        epoch,
        "the epoch changed on reopen"
    );
    assert!(!reopened.bootstrap(bootstrap_again()).await.unwrap());
    reopened.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn postgres_conformance() {
    let db = super::postgres::testing::TestDb::create().await;
    let opts = super::postgres::PgOptions::default();
    let sink = Arc::new(RecordingSink::default());
    let store = super::postgres::open(&db.url, &opts, Arc::clone(&sink) as Arc<dyn CommitSink>)
        .await
        .unwrap();
    let store: Arc<dyn Store> = Arc::new(store);
    run(Arc::clone(&store), sink).await;
    let epoch = store.epoch().await.unwrap();
    store.close().await;
    assert!(
        matches!(store.ping().await, Err(StoreError::Unavailable(_))),
        "a closed store must answer Unavailable"
    );

    let reopened = super::postgres::open(&db.url, &opts, Arc::new(super::NoSink))
        .await
        .unwrap();
    assert_eq!(
        reopened.epoch().await.unwrap(),
        epoch,
        "the epoch changed on reopen"
    );
    assert!(!reopened.bootstrap(bootstrap_again()).await.unwrap());
    reopened.close().await;
}

fn bootstrap_again() -> Bootstrap {
    Bootstrap {
        admin: new_user(Role::Admin),
        demo_widget: new_widget(),
    }
}
