//! AI first, then a human: escalation, the queue, assignment, closing.

use crate::harness::{TestApp, spawn_app};
use proto::Client;
use proto::auth::Role;
use proto::conversations::{ConversationStatus, Phase, SenderKind, StartConversation};
use proto::frames::{ClientFrame, ServerFrame};
use proto::widgets::{FaqEntry, Widget, WidgetPatch};
use proto::ws::{AgentSocket, VisitorSocket};
use std::time::Duration;
use uuid::Uuid;

const WAIT: Duration = Duration::from_secs(10);

async fn demo(admin: &Client, patch: WidgetPatch) -> Widget {
    let w = admin
        .list_widgets()
        .await
        .unwrap()
        .into_iter()
        .find(|w| w.name == "Demo")
        .unwrap();
    admin.update_widget(w.id, &patch).await.unwrap()
}

async fn start(app: &TestApp, key: &str) -> (Uuid, String) {
    let s = app
        .client()
        .start_conversation(&StartConversation {
            site_key: key.into(),
            ..Default::default()
        })
        .await
        .unwrap();
    (s.conversation_id, s.visitor_token)
}

/// Frames until one matches `pick`, which returns what the test wants of it.
async fn wait_for<T>(
    sock: &mut VisitorSocket,
    mut pick: impl FnMut(&ServerFrame) -> Option<T>,
) -> T {
    tokio::time::timeout(WAIT, async {
        loop {
            let f = sock.next_frame().await.unwrap().expect("socket closed");
            if let Some(v) = pick(&f) {
                return v;
            }
        }
    })
    .await
    .expect("the frame did not come")
}

async fn agent_wait<T>(
    sock: &mut AgentSocket,
    mut pick: impl FnMut(&ServerFrame) -> Option<T>,
) -> T {
    tokio::time::timeout(WAIT, async {
        loop {
            let f = sock.next_frame().await.unwrap().expect("socket closed");
            if let Some(v) = pick(&f) {
                return v;
            }
        }
    })
    .await
    .expect("the frame did not come")
}

fn message_from(f: &ServerFrame, sender: SenderKind) -> Option<String> {
    match f {
        ServerFrame::Message { message } if message.sender == sender => Some(message.body.clone()),
        _ => None,
    }
}

#[tokio::test]
async fn a_whole_visitor_journey() {
    let app = spawn_app();
    let admin = app.admin_client().await;
    let w = demo(
        &admin,
        WidgetPatch {
            faq: Some(vec![
                FaqEntry {
                    question: "How long does shipping take?".into(),
                    answer: "Orders ship within 2 business days.".into(),
                },
                FaqEntry {
                    question: "What are your opening hours?".into(),
                    answer: "We are open Monday to Friday, 9 to 5.".into(),
                },
            ]),
            ..Default::default()
        },
    )
    .await;
    let (conv, token) = start(&app, &w.site_key).await;
    let mut v = VisitorSocket::connect(&app.base(), &w.site_key, &token, 0, None, None)
        .await
        .unwrap();

    // 1. The AI answers from the FAQ.
    v.send_message("v1", "how long will shipping take for my order?")
        .await
        .unwrap();
    let answer = wait_for(&mut v, |f| message_from(f, SenderKind::Ai)).await;
    assert!(answer.contains("2 business days"), "{answer}");

    // 2. "I want a human": queue position 1.
    let mut agent = AgentSocket::connect(&app.base(), admin.token().unwrap())
        .await
        .unwrap();
    v.send_message("v2", "I want to talk to a human please")
        .await
        .unwrap();
    let place = wait_for(&mut v, |f| match f {
        ServerFrame::Queue { place, .. } => Some(place.clone()),
        _ => None,
    })
    .await;
    assert_eq!(place.position, 1);
    assert_eq!(place.agents_online, 1);
    let c = admin.get_conversation(conv).await.unwrap();
    assert_eq!(
        (c.phase, c.escalation_reason.as_deref()),
        (Phase::Queued, Some("visitor_asked"))
    );
    // The agent sees the queue change live.
    agent_wait(&mut agent, |f| match f {
        ServerFrame::Conversation { conversation }
            if conversation.id == conv && conversation.phase == Phase::Queued =>
        {
            Some(())
        }
        _ => None,
    })
    .await;

    // 3. The agent accepts; the visitor is told who joined.
    agent
        .send_frame(&ClientFrame::Accept {
            conversation_id: conv,
        })
        .await
        .unwrap();
    let name = wait_for(&mut v, |f| match f {
        ServerFrame::State {
            phase: Phase::Assigned,
            agent_name,
            ..
        } => Some(agent_name.clone()),
        _ => None,
    })
    .await;
    assert_eq!(name.as_deref(), Some("Admin"));

    // 4. They chat.
    agent.subscribe(conv, 0).await.unwrap();
    agent
        .send_message(conv, "a1", "Hi, Admin here. How can I help?")
        .await
        .unwrap();
    let got = wait_for(&mut v, |f| message_from(f, SenderKind::Agent)).await;
    assert_eq!(got, "Hi, Admin here. How can I help?");
    v.send_message("v3", "Where is my parcel?").await.unwrap();
    agent_wait(&mut agent, |f| match f {
        ServerFrame::Message { message } if message.client_id == "v3" => Some(()),
        _ => None,
    })
    .await;
    let c = admin.get_conversation(conv).await.unwrap();
    assert!(c.first_response_at.is_some() && c.assigned_at.is_some() && c.queued_at.is_some());

    // 5. Back to the AI, which answers again.
    agent
        .send_frame(&ClientFrame::ReturnToAi {
            conversation_id: conv,
        })
        .await
        .unwrap();
    wait_for(&mut v, |f| match f {
        ServerFrame::State {
            phase: Phase::Ai, ..
        } => Some(()),
        _ => None,
    })
    .await;
    v.send_message("v4", "when are you open?").await.unwrap();
    let answer = wait_for(&mut v, |f| message_from(f, SenderKind::Ai)).await;
    assert!(answer.contains("Monday to Friday"), "{answer}");

    // 6. Close with a rating.
    agent
        .send_frame(&ClientFrame::Close {
            conversation_id: conv,
        })
        .await
        .unwrap();
    wait_for(&mut v, |f| match f {
        ServerFrame::State {
            status: ConversationStatus::Closed,
            ..
        } => Some(()),
        _ => None,
    })
    .await;
    v.send_frame(&ClientFrame::Rate {
        rating: 5,
        comment: Some("quick and kind".into()),
    })
    .await
    .unwrap();
    let deadline = tokio::time::Instant::now() + WAIT;
    loop {
        let c = admin.get_conversation(conv).await.unwrap();
        if c.rating == Some(5) {
            assert_eq!(c.rating_comment.as_deref(), Some("quick and kind"));
            assert!(c.closed_at.is_some());
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "rating never stored"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    // The statistics see all of it.
    let stats = admin.stats(None, None).await.unwrap();
    let t = &stats.totals;
    assert_eq!(
        (t.conversations, t.escalated, t.assigned, t.closed),
        (1, 1, 1, 1)
    );
    assert_eq!((t.csat_avg, t.csat_count), (Some(5.0), 1));
    assert!(
        t.avg_wait_secs.is_some()
            && t.avg_first_response_secs.is_some()
            && t.avg_handle_secs.is_some()
    );
    assert_eq!(stats.by_agent.len(), 1);
    assert_eq!(stats.by_agent[0].name, "Admin");
    assert_eq!(stats.by_widget[0].figures.conversations, 1);
    assert_eq!(stats.by_day.len(), 1);
    // Writing again reopens it with the AI.
    v.send_message("v5", "one more thing").await.unwrap();
    wait_for(&mut v, |f| match f {
        ServerFrame::State {
            status: ConversationStatus::Open,
            phase: Phase::Ai,
            ..
        } => Some(()),
        _ => None,
    })
    .await;
}

#[tokio::test]
async fn exactly_one_of_two_racing_agents_wins_every_time() {
    let app = spawn_app();
    let admin = app.admin_client().await;
    let w = demo(&admin, WidgetPatch::default()).await;
    let (agent_user, _, agent) = app.new_user(&admin, Role::Agent).await;
    admin.add_widget_member(w.id, agent_user.id).await.unwrap();
    for _ in 0..25 {
        let (conv, token) = start(&app, &w.site_key).await;
        app.client()
            .with_token(&token)
            .visitor_handoff(conv)
            .await
            .unwrap();
        let (a, b) = tokio::join!(
            admin.accept_conversation(conv),
            agent.accept_conversation(conv)
        );
        let loser = match (a, b) {
            (Ok(_), Err(e)) | (Err(e), Ok(_)) => e,
            other => panic!("not exactly one winner: {other:?}"),
        };
        assert_eq!(loser.status().map(|s| s.as_u16()), Some(409));
        assert!(loser.to_string().contains("already taken by"), "{loser}");
    }
}

#[tokio::test]
async fn queue_positions_follow_joins_and_accepts_and_survive_a_restart() {
    let mut app = spawn_app();
    let admin = app.admin_client().await;
    let w = demo(&admin, WidgetPatch::default()).await;
    let mut visitors = Vec::new();
    for i in 0..3 {
        let (conv, token) = start(&app, &w.site_key).await;
        let mut s = VisitorSocket::connect(&app.base(), &w.site_key, &token, 0, None, None)
            .await
            .unwrap();
        s.send_frame(&ClientFrame::Handoff {}).await.unwrap();
        let pos = wait_for(&mut s, |f| match f {
            ServerFrame::Queue { place, .. } => Some(place.position),
            _ => None,
        })
        .await;
        assert_eq!(pos, i + 1);
        visitors.push((conv, token, s));
    }
    admin.accept_conversation(visitors[0].0).await.unwrap();
    for (i, (_, _, s)) in visitors.iter_mut().enumerate().skip(1) {
        let want = u32::try_from(i).unwrap();
        let pos = wait_for(s, |f| match f {
            ServerFrame::Queue { place, .. } if place.position == want => Some(place.position),
            _ => None,
        })
        .await;
        assert_eq!(pos, want, "everyone moves up one");
    }
    let before: Vec<Uuid> = admin.queue().await.unwrap().iter().map(|c| c.id).collect();
    assert_eq!(before, [visitors[1].0, visitors[2].0]);
    drop(
        visitors
            .drain(..)
            .map(|(c, t, _)| (c, t))
            .collect::<Vec<_>>(),
    );
    app.restart();
    let admin = app.admin_client().await;
    let after: Vec<Uuid> = admin.queue().await.unwrap().iter().map(|c| c.id).collect();
    assert_eq!(after, before, "the queue lives in the database");
}

#[tokio::test]
async fn agents_reach_only_their_widgets() {
    let app = spawn_app();
    let admin = app.admin_client().await;
    let w = demo(&admin, WidgetPatch::default()).await;
    let (agent_user, _, agent) = app.new_user(&admin, Role::Agent).await;
    let (conv, token) = start(&app, &w.site_key).await;
    app.client()
        .with_token(&token)
        .visitor_handoff(conv)
        .await
        .unwrap();
    assert!(agent.queue().await.unwrap().is_empty());
    assert!(
        agent
            .list_conversations(None, None)
            .await
            .unwrap()
            .is_empty()
    );
    let err = agent.accept_conversation(conv).await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(403));
    admin.add_widget_member(w.id, agent_user.id).await.unwrap();
    assert_eq!(
        admin.widget_members(w.id).await.unwrap()[0].id,
        agent_user.id
    );
    assert_eq!(agent.queue().await.unwrap().len(), 1);
    let c = agent.accept_conversation(conv).await.unwrap();
    assert_eq!(c.assigned_agent_id, Some(agent_user.id));
}

#[tokio::test]
async fn keywords_no_ai_offline_and_automatic_assignment() {
    let app = spawn_app();
    let admin = app.admin_client().await;
    let w = demo(
        &admin,
        WidgetPatch {
            handoff_keywords: Some(vec!["refund".into()]),
            ..Default::default()
        },
    )
    .await;
    // A keyword rule escalates; with no agent online the visitor gets the offline message.
    let (conv, token) = start(&app, &w.site_key).await;
    let mut v = VisitorSocket::connect(&app.base(), &w.site_key, &token, 0, None, None)
        .await
        .unwrap();
    v.send_message("k1", "I need a Refund now").await.unwrap();
    let text = wait_for(&mut v, |f| message_from(f, SenderKind::System)).await;
    assert_eq!(text, w.settings.offline_message);
    let c = admin.get_conversation(conv).await.unwrap();
    assert_eq!(c.escalation_reason.as_deref(), Some("keyword: refund"));
    // Leaving an email keeps it waiting for the next agent.
    v.send_frame(&ClientFrame::LeaveMessage {
        email: "ann@example.com".into(),
        client_id: "k2".into(),
        body: "Please mail me".into(),
    })
    .await
    .unwrap();
    wait_for(&mut v, |f| match f {
        ServerFrame::Ack { ack, .. } if ack.client_id == "k2" => Some(()),
        _ => None,
    })
    .await;
    let c = admin.get_conversation(conv).await.unwrap();
    assert_eq!(
        c.prechat.get("email").map(String::as_str),
        Some("ann@example.com")
    );
    assert_eq!(c.phase, Phase::Queued);

    // AI off and automatic assignment on: the online agent gets it at once.
    let w = demo(
        &admin,
        WidgetPatch {
            ai: Some(proto::widgets::AiSettings {
                enabled: false,
                ..Default::default()
            }),
            auto_assign: Some(true),
            ..Default::default()
        },
    )
    .await;
    let (agent_user, _, agent) = app.new_user(&admin, Role::Agent).await;
    admin.add_widget_member(w.id, agent_user.id).await.unwrap();
    let _online = AgentSocket::connect(&app.base(), agent.token().unwrap())
        .await
        .unwrap();
    // The conversation already waiting goes to the agent who just came online.
    let deadline = tokio::time::Instant::now() + WAIT;
    while admin
        .get_conversation(conv)
        .await
        .unwrap()
        .assigned_agent_id
        != Some(agent_user.id)
    {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the waiting conversation was not assigned"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let (conv2, token2) = start(&app, &w.site_key).await;
    let mut v2 = VisitorSocket::connect(&app.base(), &w.site_key, &token2, 0, None, None)
        .await
        .unwrap();
    v2.send_message("n1", "hello?").await.unwrap();
    let name = wait_for(&mut v2, |f| match f {
        ServerFrame::State {
            phase: Phase::Assigned,
            agent_name,
            ..
        } => Some(agent_name.clone()),
        _ => None,
    })
    .await;
    assert_eq!(name, Some(agent_user.name.clone()));
    let c = admin.get_conversation(conv2).await.unwrap();
    assert_eq!(c.escalation_reason.as_deref(), Some("no_ai"));
}
