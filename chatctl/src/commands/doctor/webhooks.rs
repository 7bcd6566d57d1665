//! Doctor's webhook checks: each registered URL answers at all, and its
//! deliveries are not piling up. Problems are warnings, never failures:
//! chatd delivers from its own network, which may reach what this machine
//! cannot (and the other way round), and it keeps retrying anyway.

use super::{Check, Report, Status};
use crate::session::Session;
use proto::auth::{Me, Role};
use proto::webhooks::{DeliveryStatus, Webhook};
use std::time::{Duration, Instant};

/// How long one URL probe may take.
const PROBE_TIMEOUT: Duration = Duration::from_secs(5);

/// One check per registered webhook; nothing when there are none, or the
/// caller may not list them.
pub(super) async fn webhooks(r: &mut Report, s: &mut Session, me: Option<&Me>) {
    if me.is_none_or(|m| m.role != Role::Admin) {
        return;
    }
    let Ok(list) = s
        .call("cannot list webhooks", |c| async move {
            c.list_webhooks().await
        })
        .await
    else {
        return;
    };
    let Ok(http) = reqwest::Client::builder()
        .user_agent(concat!("chatctl/", env!("CARGO_PKG_VERSION"), " doctor"))
        .timeout(PROBE_TIMEOUT)
        .redirect(reqwest::redirect::Policy::none())
        .build()
    else {
        return;
    };
    for h in &list {
        let check = one(s, &http, h).await;
        r.push(check);
    }
}

async fn one(s: &mut Session, http: &reqwest::Client, h: &Webhook) -> Check {
    const ID: &str = "webhook";
    const NAME: &str = "webhook";
    let id = h.id;
    let failed = s
        .call("", |c| async move {
            c.list_deliveries(Some(id), Some(DeliveryStatus::Failed), Some(500))
                .await
        })
        .await
        .map_or(0, |l| l.len());
    let retrying = s
        .call("", |c| async move {
            c.list_deliveries(Some(id), Some(DeliveryStatus::Pending), Some(500))
                .await
        })
        .await
        .map_or(0, |l| l.iter().filter(|d| d.attempts > 0).count());
    let started = Instant::now();
    // Any HTTP answer proves the URL is reachable; receivers often refuse
    // a HEAD (405) and that is fine.
    let reached = http.head(&h.url).send().await;
    let took = started.elapsed();
    let backlog = match (failed, retrying) {
        (0, 0) => String::new(),
        (f, r) => format!("; {f} failed and {r} retrying deliveries"),
    };
    match reached {
        Ok(resp) if failed == 0 && retrying == 0 => Check::new(
            ID,
            NAME,
            Status::Ok,
            format!("{} answers (HTTP {})", h.url, resp.status().as_u16()),
        )
        .ms(took),
        Ok(resp) => Check::new(
            ID,
            NAME,
            Status::Warn,
            format!(
                "{} answers (HTTP {}){backlog}",
                h.url,
                resp.status().as_u16()
            ),
        )
        .fix(Some(format!(
            "see why with `chatctl webhook deliveries {id}`; once the receiver is fixed, \
             `chatctl webhook replay DELIVERY_ID` sends a failed one again"
        ))),
        Err(e) => Check::new(
            ID,
            NAME,
            Status::Warn,
            format!("{} cannot be reached from here: {e}{backlog}", h.url),
        )
        .fix(Some(format!(
            "make sure chatd's host can reach it (this probe ran from here, chatd \
             delivers from its own network); `chatctl webhook test {id}` sends a ping \
             through chatd"
        ))),
    }
}
