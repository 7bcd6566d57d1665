//! Webhooks and the delivery outbox: claims are leases that no two callers
//! share, attempts are counted, replays re-queue the same delivery, and a
//! hook's deliveries go with it.

use super::{assert_not_found, unique};
use crate::store::{
    AttemptOutcome, DeliveryFilter, NewDelivery, NewWebhook, Store, WebhookRecord, now_ms,
};
use proto::webhooks::{DeliveryStatus, EventKind};
use std::collections::HashSet;
use std::sync::Arc;
use uuid::Uuid;

async fn hook(s: &dyn Store, events: Vec<EventKind>) -> WebhookRecord {
    s.create_webhook(NewWebhook {
        url: format!("https://example.com/{}", unique("hook")),
        events,
        secret: unique("whsec"),
    })
    .await
    .unwrap()
}

fn delivery(webhook_id: Uuid, n: u32) -> NewDelivery {
    let id = Uuid::now_v7();
    NewDelivery {
        id,
        webhook_id,
        event: EventKind::MessageCreated,
        payload: format!(r#"{{"id":"{id}","n":{n}}}"#),
        created_at: now_ms(),
    }
}

/// Claims everything due now, in rounds, and returns the ids.
async fn claim_all(s: &dyn Store, lease_ms: i64) -> Vec<Uuid> {
    let now = now_ms();
    s.claim_deliveries(now, now + lease_ms, 1000)
        .await
        .unwrap()
        .into_iter()
        .map(|d| d.id)
        .collect()
}

pub(super) async fn webhooks(store: &Arc<dyn Store>) {
    let s = store.as_ref();
    let a = hook(
        s,
        vec![EventKind::ConversationCreated, EventKind::MessageCreated],
    )
    .await;
    let b = hook(s, vec![EventKind::ConversationClosed]).await;
    assert_eq!(s.get_webhook(a.webhook.id).await.unwrap(), a);
    let listed = s.list_webhooks().await.unwrap();
    let pos = |id| listed.iter().position(|r| r.webhook.id == id).unwrap();
    assert!(pos(a.webhook.id) < pos(b.webhook.id), "oldest first");
    assert_eq!(listed[pos(b.webhook.id)], b, "the secret is kept");
    assert_not_found(s.get_webhook(Uuid::now_v7()).await, "an unknown hook");

    // Nothing pending yet in this database.
    assert_eq!(s.next_delivery_due().await.unwrap(), None);
    let before = now_ms();
    let mine: Vec<NewDelivery> = (0..3).map(|n| delivery(a.webhook.id, n)).collect();
    let theirs = delivery(b.webhook.id, 9);
    let orphan = delivery(Uuid::now_v7(), 0);
    let stored = s
        .enqueue_deliveries(vec![
            mine[0].clone(),
            mine[1].clone(),
            mine[2].clone(),
            theirs.clone(),
            orphan.clone(),
        ])
        .await
        .unwrap();
    assert_eq!(stored, 4, "the delivery for an unknown hook is dropped");
    assert_not_found(s.get_delivery(orphan.id).await, "the dropped delivery");
    let due = s.next_delivery_due().await.unwrap().unwrap();
    assert!(due >= before && due <= now_ms(), "due now: {due}");

    let d = s.get_delivery(mine[1].id).await.unwrap();
    assert_eq!(
        (d.webhook_id, d.event, d.status, d.attempts, d.delivered_at),
        (
            a.webhook.id,
            EventKind::MessageCreated,
            DeliveryStatus::Pending,
            0,
            None
        )
    );
    assert_eq!(d.payload["n"], 1, "the payload as stored");

    // Claims are leases: two at most, then the other two, then nothing.
    let now = now_ms();
    let first = s.claim_deliveries(now, now + 60_000, 2).await.unwrap();
    assert_eq!(first.len(), 2);
    let claimed_a = first.iter().find(|d| d.webhook_id == a.webhook.id).unwrap();
    assert_eq!(
        (&claimed_a.url, &claimed_a.secret),
        (&a.webhook.url, &a.secret)
    );
    let second = s.claim_deliveries(now, now + 60_000, 10).await.unwrap();
    assert_eq!(second.len(), 2);
    let all: HashSet<Uuid> = first.iter().chain(&second).map(|d| d.id).collect();
    assert_eq!(all.len(), 4, "no delivery claimed twice");
    assert!(claim_all(s, 60_000).await.is_empty(), "all leased");
    assert_eq!(
        s.next_delivery_due().await.unwrap(),
        Some(now + 60_000),
        "due again when the lease ends"
    );
    // A claim at the lease's end gets them back (a node died mid-attempt).
    let again = s
        .claim_deliveries(now + 60_000, now + 120_000, 10)
        .await
        .unwrap();
    assert_eq!(again.len(), 4);

    // Attempts: a retry, a success, a failure for good.
    let at = now_ms();
    s.finish_attempt(
        mine[0].id,
        at,
        AttemptOutcome::Retry {
            status: Some(500),
            error: "HTTP 500".into(),
            next_at: at + 5_000,
        },
    )
    .await
    .unwrap();
    let d = s.get_delivery(mine[0].id).await.unwrap();
    assert_eq!(
        (
            d.status,
            d.attempts,
            d.last_status,
            d.last_error.as_deref(),
            d.next_attempt_at
        ),
        (
            DeliveryStatus::Pending,
            1,
            Some(500),
            Some("HTTP 500"),
            Some(at + 5_000)
        )
    );
    let retried = s
        .claim_deliveries(at + 5_000, at + 65_000, 10)
        .await
        .unwrap();
    assert_eq!(
        retried.iter().map(|d| d.id).collect::<Vec<_>>(),
        [mine[0].id]
    );
    assert_eq!(
        retried[0].attempts, 1,
        "the claim tells the attempts so far"
    );

    s.finish_attempt(mine[1].id, at, AttemptOutcome::Delivered { status: 204 })
        .await
        .unwrap();
    let d = s.get_delivery(mine[1].id).await.unwrap();
    assert_eq!(
        (
            d.status,
            d.attempts,
            d.last_status,
            d.last_error,
            d.delivered_at,
            d.next_attempt_at
        ),
        (
            DeliveryStatus::Delivered,
            1,
            Some(204),
            None,
            Some(at),
            None
        )
    );
    s.finish_attempt(
        mine[2].id,
        at,
        AttemptOutcome::GaveUp {
            status: None,
            error: "connection refused".into(),
        },
    )
    .await
    .unwrap();
    let d = s.get_delivery(mine[2].id).await.unwrap();
    assert_eq!(
        (d.status, d.attempts, d.last_status, d.next_attempt_at),
        (DeliveryStatus::Failed, 1, None, None)
    );
    assert_not_found(
        s.finish_attempt(
            Uuid::now_v7(),
            at,
            AttemptOutcome::Delivered { status: 200 },
        )
        .await,
        "an attempt of an unknown delivery",
    );

    // Listing: newest first, by hook, by status, with a limit.
    let ids = |f: DeliveryFilter| async move {
        s.list_deliveries(f)
            .await
            .unwrap()
            .into_iter()
            .map(|d| d.id)
            .collect::<Vec<_>>()
    };
    let of_a = ids(DeliveryFilter {
        webhook_id: Some(a.webhook.id),
        limit: 10,
        ..DeliveryFilter::default()
    })
    .await;
    assert_eq!(of_a, [mine[2].id, mine[1].id, mine[0].id], "newest first");
    let failed = ids(DeliveryFilter {
        status: Some(DeliveryStatus::Failed),
        limit: 10,
        ..DeliveryFilter::default()
    })
    .await;
    assert_eq!(failed, [mine[2].id]);
    let one = ids(DeliveryFilter {
        limit: 1,
        ..DeliveryFilter::default()
    })
    .await;
    assert_eq!(one.len(), 1);

    // A replay re-queues the same delivery with a fresh budget.
    let replay_at = now_ms();
    let r = s.replay_delivery(mine[2].id, replay_at).await.unwrap();
    assert_eq!(
        (r.id, r.status, r.attempts, r.next_attempt_at),
        (mine[2].id, DeliveryStatus::Pending, 0, Some(replay_at))
    );
    assert_eq!(r.payload["n"], 2, "same body");
    let r = s.replay_delivery(mine[1].id, replay_at).await.unwrap();
    assert_eq!((r.status, r.delivered_at), (DeliveryStatus::Pending, None));
    assert_not_found(
        s.replay_delivery(Uuid::now_v7(), replay_at).await,
        "replaying an unknown delivery",
    );
    let back: HashSet<Uuid> = s
        .claim_deliveries(replay_at, replay_at + 60_000, 10)
        .await
        .unwrap()
        .into_iter()
        .map(|d| d.id)
        .collect();
    assert_eq!(back, HashSet::from([mine[1].id, mine[2].id]));

    // Pruning takes finished deliveries only.
    s.finish_attempt(mine[1].id, at, AttemptOutcome::Delivered { status: 200 })
        .await
        .unwrap();
    let pruned = s.prune_deliveries(now_ms() + 1).await.unwrap();
    assert_eq!(pruned, 1);
    assert_not_found(s.get_delivery(mine[1].id).await, "a pruned delivery");
    assert!(s.get_delivery(mine[2].id).await.is_ok(), "pending stays");

    // A hook's deliveries go with it.
    s.delete_webhook(a.webhook.id).await.unwrap();
    assert_not_found(
        s.get_delivery(mine[0].id).await,
        "a deleted hook's delivery",
    );
    assert_not_found(s.delete_webhook(a.webhook.id).await, "deleting twice");
    assert!(
        s.get_delivery(theirs.id).await.is_ok(),
        "other hooks keep theirs"
    );

    concurrent_claims(store, &b).await;
    s.delete_webhook(b.webhook.id).await.unwrap();
    assert_eq!(s.next_delivery_due().await.unwrap(), None);
}

/// Claimers racing over one outbox never get the same delivery.
async fn concurrent_claims(store: &Arc<dyn Store>, b: &WebhookRecord) {
    let s = store.as_ref();
    // Whatever of b is pending now is due far later than the race looks.
    let batch: Vec<NewDelivery> = (0..40).map(|n| delivery(b.webhook.id, n)).collect();
    let want: HashSet<Uuid> = batch.iter().map(|d| d.id).collect();
    s.enqueue_deliveries(batch).await.unwrap();
    let now = now_ms();
    let claimers: Vec<_> = (0..6)
        .map(|_| {
            let store = Arc::clone(store);
            tokio::spawn(async move {
                let mut got = Vec::new();
                loop {
                    let c = store.claim_deliveries(now, now + 600_000, 3).await.unwrap();
                    if c.is_empty() {
                        return got;
                    }
                    got.extend(c.into_iter().map(|d| d.id));
                }
            })
        })
        .collect();
    let mut seen = HashSet::new();
    for c in claimers {
        for id in c.await.unwrap() {
            assert!(seen.insert(id), "delivery {id} claimed twice");
        }
    }
    assert!(
        want.is_subset(&seen),
        "every delivery was claimed: {} of {}",
        want.intersection(&seen).count(),
        want.len()
    );
}
