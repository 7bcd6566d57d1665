//! The dispatcher: claims due deliveries, POSTs them signed, and records
//! each attempt; a failure is retried later with exponential backoff and
//! jitter, under the same delivery id, until the attempts run out.

use super::{WebhookSettings, Webhooks};
use crate::store::{AttemptOutcome, DueDelivery, Store, StoreError, now_ms};
use proto::webhooks::{DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER, sign};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::Notify;
use tokio::task::{JoinHandle, JoinSet};
use tokio_util::sync::CancellationToken;

/// Attempts in flight at most, per node.
const CONCURRENCY: usize = 16;
/// Longest sleep between looks at the outbox: bounds how late a delivery
/// queued by another node (which cannot wake this one) is picked up.
const POLL: Duration = Duration::from_secs(1);
/// How often the hooks are re-read, for changes made on other nodes.
const REFRESH: Duration = Duration::from_secs(10);
/// How often old deliveries are pruned.
const PRUNE: Duration = Duration::from_secs(3600);
/// Longest wait before a retry.
const MAX_BACKOFF: Duration = Duration::from_secs(3600);
/// The part of an error text kept with a delivery.
const ERROR_MAX: usize = 500;

/// The wait before retry number `attempt` (1 after the first failure):
/// `base × 4^(attempt-1)`, at most an hour, then ±20 % jitter so that many
/// deliveries failing together do not come back together.
pub fn backoff(base: Duration, attempt: u32) -> Duration {
    let factor = 4u32.saturating_pow(attempt.saturating_sub(1).min(15));
    let d = base.saturating_mul(factor).min(MAX_BACKOFF);
    d.mul_f64(rand::random_range(0.8..=1.2))
}

pub(super) fn start(
    hooks: Arc<Webhooks>,
    settings: WebhookSettings,
    wake: Arc<Notify>,
    stop: CancellationToken,
) -> Result<JoinHandle<()>, reqwest::Error> {
    let http = reqwest::Client::builder()
        .user_agent(concat!("chatd-webhooks/", env!("CARGO_PKG_VERSION")))
        .timeout(settings.timeout)
        .connect_timeout(settings.timeout)
        // A redirect is a failed attempt: the operator registered this URL,
        // and following redirects would send signed events elsewhere.
        .redirect(reqwest::redirect::Policy::none())
        .build()?;
    Ok(tokio::spawn(run(hooks, settings, http, wake, stop)))
}

async fn run(
    hooks: Arc<Webhooks>,
    settings: WebhookSettings,
    http: reqwest::Client,
    wake: Arc<Notify>,
    stop: CancellationToken,
) {
    let store = Arc::clone(&hooks.store);
    // A claim lasts as long as an attempt can, plus a margin: past that, a
    // node that died mid-attempt leaves the delivery due again.
    let lease =
        i64::try_from((settings.timeout + Duration::from_secs(5)).as_millis()).unwrap_or(i64::MAX);
    let mut inflight = JoinSet::new();
    let mut refreshed = Instant::now();
    let mut pruned: Option<Instant> = None;
    while !stop.is_cancelled() {
        while inflight.try_join_next().is_some() {}
        if refreshed.elapsed() >= REFRESH {
            refreshed = Instant::now();
            if let Err(e) = hooks.refresh().await {
                tracing::warn!(error = %e, "cannot re-read the webhooks");
            }
        }
        if pruned.is_none_or(|p| p.elapsed() >= PRUNE) {
            pruned = Some(Instant::now());
            prune(store.as_ref(), &settings).await;
        }
        let now = now_ms();
        let due = match store.next_delivery_due().await {
            Ok(d) => d,
            Err(e) => {
                tracing::warn!(error = %e, "cannot read the webhook outbox");
                None
            }
        };
        let room = CONCURRENCY.saturating_sub(inflight.len());
        if due.is_some_and(|d| d <= now) && room > 0 {
            let limit = u32::try_from(room).unwrap_or(1);
            match store.claim_deliveries(now, now + lease, limit).await {
                Ok(claimed) if !claimed.is_empty() => {
                    for d in claimed {
                        let (store, http, settings) =
                            (Arc::clone(&store), http.clone(), settings.clone());
                        inflight.spawn(async move { attempt(store, &http, &settings, d).await });
                    }
                    continue;
                }
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "cannot claim webhook deliveries"),
            }
        }
        let wait = match due {
            Some(d) if d > now => Duration::from_millis(u64::try_from(d - now).unwrap_or(0)),
            // Due now but no room, or the claim found nothing: look again soon.
            Some(_) => Duration::from_millis(50),
            None => POLL,
        }
        .min(POLL);
        tokio::select! {
            () = tokio::time::sleep(wait) => {}
            () = wake.notified() => {}
            Some(_) = inflight.join_next(), if !inflight.is_empty() => {}
            () = stop.cancelled() => {}
        }
    }
    // Let the attempts in flight finish and record themselves.
    while inflight.join_next().await.is_some() {}
    tracing::debug!("webhook dispatcher stopped");
}

async fn prune(store: &dyn Store, settings: &WebhookSettings) {
    let keep = i64::try_from(settings.keep.as_millis()).unwrap_or(i64::MAX);
    match store.prune_deliveries(now_ms().saturating_sub(keep)).await {
        Ok(0) => {}
        Ok(n) => tracing::info!(deleted = n, "pruned old webhook deliveries"),
        Err(e) => tracing::warn!(error = %e, "cannot prune webhook deliveries"),
    }
}

fn now_secs() -> i64 {
    now_ms() / 1000
}

/// One attempt of one delivery, recorded in the store.
async fn attempt(
    store: Arc<dyn Store>,
    http: &reqwest::Client,
    settings: &WebhookSettings,
    d: DueDelivery,
) {
    let started = Instant::now();
    let signature = sign(&d.secret, now_secs(), d.payload.as_bytes());
    let sent = http
        .post(&d.url)
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .header(DELIVERY_HEADER, d.id.to_string())
        .header(EVENT_HEADER, d.event.as_str())
        .header(SIGNATURE_HEADER, signature)
        .body(d.payload.clone())
        .send()
        .await;
    let result = match sent {
        Ok(resp) if resp.status().is_success() => Ok(resp.status().as_u16()),
        Ok(resp) => Err((
            Some(resp.status().as_u16()),
            format!("HTTP {}", resp.status()),
        )),
        Err(e) => Err((None, error_text(&e))),
    };
    let attempts = d.attempts.saturating_add(1);
    let outcome = match result {
        Ok(status) => AttemptOutcome::Delivered { status },
        Err((status, error)) if attempts >= settings.max_attempts => {
            AttemptOutcome::GaveUp { status, error }
        }
        Err((status, error)) => {
            let wait = backoff(settings.retry_base, attempts);
            AttemptOutcome::Retry {
                status,
                error,
                next_at: now_ms() + i64::try_from(wait.as_millis()).unwrap_or(i64::MAX / 2),
            }
        }
    };
    log(&d, attempts, &outcome, started.elapsed());
    record(store.as_ref(), &d, outcome).await;
}

/// A transport error with its causes, which say what actually failed
/// (refused, timed out, certificate), cut to a storable length.
fn error_text(e: &reqwest::Error) -> String {
    let mut text = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text.chars().take(ERROR_MAX).collect()
}

fn log(d: &DueDelivery, attempts: u32, o: &AttemptOutcome, took: Duration) {
    // The URL is not logged: it may carry a token in its query.
    let ms = took.as_millis();
    match o {
        AttemptOutcome::Delivered { status } => tracing::debug!(
            delivery = %d.id, webhook = %d.webhook_id, event = %d.event, attempts, status, ms,
            "webhook delivered"
        ),
        AttemptOutcome::Retry { error, next_at, .. } => tracing::info!(
            delivery = %d.id, webhook = %d.webhook_id, event = %d.event, attempts, error,
            retry_in_ms = next_at - now_ms(), "webhook attempt failed; will retry"
        ),
        AttemptOutcome::GaveUp { error, .. } => tracing::warn!(
            delivery = %d.id, webhook = %d.webhook_id, event = %d.event, attempts, error,
            "webhook delivery failed for good; `chatctl webhook replay` sends it again"
        ),
    }
}

/// Stores an attempt's outcome, waiting out a busy store for a while: an
/// outcome that is not stored means the delivery is sent again after its
/// lease, which receivers handle (same id) but is better avoided.
async fn record(store: &dyn Store, d: &DueDelivery, outcome: AttemptOutcome) {
    let mut delay = Duration::from_millis(20);
    for _ in 0..10 {
        match store.finish_attempt(d.id, now_ms(), outcome.clone()).await {
            // Not found: the hook (and with it the delivery) was deleted meanwhile.
            Ok(()) | Err(StoreError::NotFound) => return,
            Err(StoreError::Busy | StoreError::Unavailable(_)) => {
                tokio::time::sleep(delay).await;
                delay = (delay * 2).min(Duration::from_secs(2));
            }
            Err(e) => {
                tracing::error!(error = %e, delivery = %d.id, "cannot record a webhook attempt");
                return;
            }
        }
    }
    tracing::error!(delivery = %d.id, "cannot record a webhook attempt: the store stayed busy");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_fourfold_with_jitter_and_a_cap() {
        let base = Duration::from_secs(5);
        for (attempt, secs) in [(1, 5.0), (2, 20.0), (3, 80.0), (4, 320.0), (5, 1280.0)] {
            let d = backoff(base, attempt).as_secs_f64();
            assert!(
                (secs * 0.8..=secs * 1.2).contains(&d),
                "attempt {attempt}: {d} s, expected about {secs} s"
            );
        }
        for attempt in [6, 10, 40, u32::MAX] {
            assert!(backoff(base, attempt) <= MAX_BACKOFF.mul_f64(1.2));
            assert!(backoff(base, attempt) >= MAX_BACKOFF.mul_f64(0.8));
        }
    }
}
