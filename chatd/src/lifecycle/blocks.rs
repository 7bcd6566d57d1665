//! The blocklist every visitor request is checked against: an in-memory
//! copy of the `blocks` table, replaced whole on every change, so the hot
//! path reads a map and never the database.

use crate::store::{Store, StoreResult, now_ms};
use proto::lifecycle::Block;
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, RwLock};
use uuid::Uuid;

/// When each blocked key lapses (`None`: never).
#[derive(Debug, Default)]
struct Snapshot {
    visitors: HashMap<(Uuid, Uuid), Option<i64>>,
    ips: HashMap<(Uuid, IpAddr), Option<i64>>,
}

/// A later expiry (or none) wins when two blocks name the same key.
fn merge(slot: &mut Option<i64>, expires_at: Option<i64>) {
    *slot = match (*slot, expires_at) {
        (None, _) | (_, None) => None,
        (Some(a), Some(b)) => Some(a.max(b)),
    };
}

/// Parses a stored address the way [`Blocklist::is_blocked`] compares them.
pub fn parse_ip(s: &str) -> Option<IpAddr> {
    s.parse::<IpAddr>().ok().map(|ip| ip.to_canonical())
}

impl Snapshot {
    fn of(blocks: &[Block]) -> Self {
        let mut s = Self::default();
        for b in blocks {
            merge(
                s.visitors
                    .entry((b.widget_id, b.visitor_id))
                    .or_insert(Some(i64::MIN)),
                b.expires_at,
            );
            if let Some(ip) = b.ip.as_deref().and_then(parse_ip) {
                merge(
                    s.ips.entry((b.widget_id, ip)).or_insert(Some(i64::MIN)),
                    b.expires_at,
                );
            }
        }
        s
    }
}

/// Blocked visitors and addresses, per widget.
#[derive(Debug, Default)]
pub struct Blocklist {
    snap: RwLock<Arc<Snapshot>>,
}

impl Blocklist {
    /// The blocklist as stored now.
    pub async fn load(store: &dyn Store) -> StoreResult<Self> {
        let list = Self::default();
        list.refresh(store).await?;
        Ok(list)
    }

    /// Re-reads every block (after a change, and now and then for changes
    /// made on other nodes).
    pub async fn refresh(&self, store: &dyn Store) -> StoreResult<()> {
        let snap = Arc::new(Snapshot::of(&store.list_blocks().await?));
        *self.snap.write().unwrap_or_else(|e| e.into_inner()) = snap;
        Ok(())
    }

    /// Whether the visitor, or anyone from the address, is blocked on the widget now.
    pub fn is_blocked(
        &self,
        widget_id: Uuid,
        visitor_id: Option<Uuid>,
        ip: Option<IpAddr>,
    ) -> bool {
        let snap = Arc::clone(&self.snap.read().unwrap_or_else(|e| e.into_inner()));
        let now = now_ms();
        let live = |exp: &Option<i64>| exp.is_none_or(|t| t > now);
        visitor_id
            .and_then(|v| snap.visitors.get(&(widget_id, v)))
            .is_some_and(live)
            || ip
                .and_then(|ip| snap.ips.get(&(widget_id, ip.to_canonical())))
                .is_some_and(live)
    }
}

/// What a blocked visitor is told.
pub const BLOCKED_MESSAGE: &str = "you cannot chat on this site";

#[cfg(test)]
mod tests {
    use super::*;

    fn block(widget: Uuid, visitor: Uuid, ip: Option<&str>, expires_at: Option<i64>) -> Block {
        Block {
            id: Uuid::now_v7(),
            widget_id: widget,
            visitor_id: visitor,
            ip: ip.map(str::to_string),
            reason: String::new(),
            created_by: None,
            created_by_name: "a".into(),
            created_at: 0,
            expires_at,
        }
    }

    fn list(blocks: &[Block]) -> Blocklist {
        Blocklist {
            snap: RwLock::new(Arc::new(Snapshot::of(blocks))),
        }
    }

    #[test]
    fn blocks_by_visitor_and_address_per_widget() {
        let (w, other_w, v, other_v) = (
            Uuid::now_v7(),
            Uuid::now_v7(),
            Uuid::now_v7(),
            Uuid::now_v7(),
        );
        let ip: IpAddr = "203.0.113.7".parse().unwrap();
        let mapped: IpAddr = "::ffff:203.0.113.7".parse().unwrap();
        let l = list(&[block(w, v, Some("203.0.113.7"), None)]);
        assert!(l.is_blocked(w, Some(v), None));
        assert!(l.is_blocked(w, Some(other_v), Some(ip)), "same address");
        assert!(
            l.is_blocked(w, None, Some(mapped)),
            "v4-mapped v6 is the same address"
        );
        assert!(!l.is_blocked(w, Some(other_v), None));
        assert!(!l.is_blocked(other_w, Some(v), Some(ip)), "another widget");
    }

    #[test]
    fn lapsed_blocks_do_not_count_and_the_longest_wins() {
        let (w, v) = (Uuid::now_v7(), Uuid::now_v7());
        let past = now_ms() - 1000;
        let future = now_ms() + 60_000;
        assert!(!list(&[block(w, v, None, Some(past))]).is_blocked(w, Some(v), None));
        assert!(
            list(&[
                block(w, v, None, Some(past)),
                block(w, v, None, Some(future))
            ])
            .is_blocked(w, Some(v), None)
        );
        assert!(
            list(&[block(w, v, None, None), block(w, v, None, Some(past))]).is_blocked(
                w,
                Some(v),
                None
            )
        );
    }
}
