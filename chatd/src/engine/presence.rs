//! Who is online, and which widgets each agent works on.
//!
//! Kept in memory: presence comes from live sockets on this node, and
//! memberships are loaded from the store at start and changed through the
//! engine, so no request needs a query to filter by them.

use proto::auth::Role;
use proto::conversations::PresenceStatus;
use std::collections::{HashMap, HashSet};
use std::sync::RwLock;
use tokio::sync::watch;
use uuid::Uuid;

#[derive(Debug, Clone)]
struct Agent {
    role: Role,
    status: PresenceStatus,
    sockets: u32,
}

/// Presence of agents and their widget memberships.
pub struct Roster {
    agents: RwLock<HashMap<Uuid, Agent>>,
    members: RwLock<HashMap<Uuid, HashSet<Uuid>>>,
    changed: watch::Sender<u64>,
    counts: std::sync::Mutex<(u64, HashMap<Uuid, u32>)>,
}

impl Roster {
    /// A roster with these (widget, user) memberships.
    pub fn new(memberships: Vec<(Uuid, Uuid)>) -> Self {
        let mut members: HashMap<Uuid, HashSet<Uuid>> = HashMap::new();
        for (widget, user) in memberships {
            members.entry(user).or_default().insert(widget);
        }
        Self {
            agents: RwLock::new(HashMap::new()),
            members: RwLock::new(members),
            changed: watch::channel(0).0,
            counts: std::sync::Mutex::new((u64::MAX, HashMap::new())),
        }
    }

    fn bump(&self) {
        self.changed.send_modify(|v| *v = v.wrapping_add(1));
    }

    /// Wakes on every presence change.
    pub fn watch(&self) -> watch::Receiver<u64> {
        self.changed.subscribe()
    }

    /// An agent socket opened; returns the agent's status if it changed
    /// (a second socket of an agent already online changes nothing).
    pub fn connect(&self, user: Uuid, role: Role) -> Option<PresenceStatus> {
        let mut agents = self.agents.write().unwrap_or_else(|e| e.into_inner());
        let a = agents.entry(user).or_insert(Agent {
            role,
            status: PresenceStatus::Online,
            sockets: 0,
        });
        a.sockets += 1;
        a.role = role;
        let first = a.sockets == 1;
        let status = a.status;
        drop(agents);
        if !first {
            return None;
        }
        self.bump();
        Some(status)
    }

    /// An agent socket closed; returns `Some(Offline)` when it was the agent's last.
    pub fn disconnect(&self, user: Uuid) -> Option<PresenceStatus> {
        let mut agents = self.agents.write().unwrap_or_else(|e| e.into_inner());
        let gone = match agents.get_mut(&user) {
            Some(a) => {
                a.sockets = a.sockets.saturating_sub(1);
                a.sockets == 0
            }
            None => false,
        };
        if gone {
            agents.remove(&user);
        }
        drop(agents);
        if !gone {
            return None;
        }
        self.bump();
        Some(PresenceStatus::Offline)
    }

    /// Sets an online agent's status (online or away); true if it changed.
    pub fn set_status(&self, user: Uuid, status: PresenceStatus) -> bool {
        let mut agents = self.agents.write().unwrap_or_else(|e| e.into_inner());
        let Some(a) = agents.get_mut(&user) else {
            return false;
        };
        if a.status == status {
            return false;
        }
        a.status = status;
        drop(agents);
        self.bump();
        true
    }

    /// An agent's status.
    pub fn status(&self, user: Uuid) -> PresenceStatus {
        self.agents
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .get(&user)
            .map_or(PresenceStatus::Offline, |a| a.status)
    }

    /// Whether `user` (with `role`) works on `widget`: admins work on all.
    pub fn may_work_on(&self, user: Uuid, role: Role, widget: Uuid) -> bool {
        role == Role::Admin
            || self
                .members
                .read()
                .unwrap_or_else(|e| e.into_inner())
                .get(&user)
                .is_some_and(|ws| ws.contains(&widget))
    }

    /// The widgets an agent belongs to (admins: none means all).
    pub fn widgets_of(&self, user: Uuid) -> Vec<Uuid> {
        self.members
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .get(&user)
            .map(|ws| ws.iter().copied().collect())
            .unwrap_or_default()
    }

    /// Records a membership change.
    pub fn set_member(&self, widget: Uuid, user: Uuid, member: bool) {
        let mut members = self.members.write().unwrap_or_else(|e| e.into_inner());
        let ws = members.entry(user).or_default();
        if member {
            ws.insert(widget);
        } else {
            ws.remove(&widget);
        }
        drop(members);
        self.bump();
    }

    /// How many agents of `widget` are online, computed once per presence
    /// change however many visitors ask (every visitor socket asks on each).
    pub fn online_count_for(&self, widget: Uuid) -> u32 {
        let version = *self.changed.borrow();
        let mut cache = self.counts.lock().unwrap_or_else(|e| e.into_inner());
        if cache.0 != version {
            *cache = (version, HashMap::new());
        }
        *cache
            .1
            .entry(widget)
            .or_insert_with(|| u32::try_from(self.online_for(widget).len()).unwrap_or(u32::MAX))
    }

    /// Online agents who work on `widget`, with their ids.
    pub fn online_for(&self, widget: Uuid) -> Vec<Uuid> {
        let agents = self.agents.read().unwrap_or_else(|e| e.into_inner());
        agents
            .iter()
            .filter(|(id, a)| {
                a.status == PresenceStatus::Online && self.may_work_on(**id, a.role, widget)
            })
            .map(|(id, _)| *id)
            .collect()
    }

    /// Online agents, all widgets.
    pub fn online_count(&self) -> u32 {
        let agents = self.agents.read().unwrap_or_else(|e| e.into_inner());
        let n = agents
            .values()
            .filter(|a| a.status == PresenceStatus::Online)
            .count();
        u32::try_from(n).unwrap_or(u32::MAX)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presence_follows_sockets_and_membership_gates_widgets() {
        let (w1, w2) = (Uuid::new_v4(), Uuid::new_v4());
        let (agent, admin) = (Uuid::new_v4(), Uuid::new_v4());
        let r = Roster::new(vec![(w1, agent)]);
        assert_eq!(r.connect(agent, Role::Agent), Some(PresenceStatus::Online));
        assert_eq!(
            r.connect(agent, Role::Agent),
            None,
            "a second socket changes nothing"
        );
        r.connect(admin, Role::Admin);
        assert_eq!(r.online_for(w1).len(), 2);
        assert_eq!(r.online_count_for(w1), 2);
        assert_eq!(r.online_for(w2), vec![admin]);
        assert!(r.set_status(agent, PresenceStatus::Away));
        assert!(
            !r.set_status(agent, PresenceStatus::Away),
            "no change, no event"
        );
        assert_eq!(r.online_for(w1), vec![admin]);
        assert_eq!(
            r.online_count_for(w1),
            1,
            "the cached count follows changes"
        );
        assert_eq!(r.disconnect(agent), None, "one socket is still open");
        assert_eq!(r.disconnect(agent), Some(PresenceStatus::Offline));
        assert!(
            !r.set_status(agent, PresenceStatus::Away),
            "offline agents have no status to set"
        );
        r.set_member(w2, agent, true);
        assert!(r.may_work_on(agent, Role::Agent, w2));
        assert!(!r.may_work_on(agent, Role::Agent, Uuid::new_v4()));
    }
}
