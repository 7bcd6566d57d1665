//! Who is online, and which widgets each agent works on.
//!
//! Kept in memory: presence comes from live sockets on this node and from
//! the other nodes' announcements (each node sends its agents on every
//! change and as a heartbeat; a node not heard from for a while is taken for
//! dead and its agents go offline). Memberships are loaded from the store
//! at start and changed through the engine, so no request needs a query to
//! filter by them.

use proto::auth::Role;
use proto::conversations::PresenceStatus;
use std::collections::{HashMap, HashSet};
use std::sync::RwLock;
use std::time::{Duration, Instant};
use tokio::sync::watch;
use uuid::Uuid;

#[derive(Debug, Clone)]
struct Agent {
    role: Role,
    status: PresenceStatus,
    sockets: u32,
}

/// What another node last said about its agents.
#[derive(Debug)]
struct Node {
    heard: Instant,
    agents: HashMap<Uuid, (Role, PresenceStatus)>,
}

/// The more available of two statuses.
fn best(a: PresenceStatus, b: PresenceStatus) -> PresenceStatus {
    let rank = |s| match s {
        PresenceStatus::Online => 2,
        PresenceStatus::Away => 1,
        PresenceStatus::Offline => 0,
    };
    if rank(a) >= rank(b) { a } else { b }
}

/// Presence of agents and their widget memberships.
pub struct Roster {
    agents: RwLock<HashMap<Uuid, Agent>>,
    nodes: RwLock<HashMap<String, Node>>,
    members: RwLock<HashMap<Uuid, HashSet<Uuid>>>,
    /// The status last announced per agent (absent: offline).
    announced: std::sync::Mutex<HashMap<Uuid, PresenceStatus>>,
    changed: watch::Sender<u64>,
    counts: std::sync::Mutex<(u64, HashMap<Uuid, u32>)>,
}

impl Roster {
    /// A roster with these (widget, user) memberships.
    pub fn new(memberships: Vec<(Uuid, Uuid)>) -> Self {
        Self {
            agents: RwLock::new(HashMap::new()),
            nodes: RwLock::new(HashMap::new()),
            members: RwLock::new(index(memberships)),
            announced: std::sync::Mutex::new(HashMap::new()),
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

    /// An agent socket opened; returns the agent's status on this node if it
    /// changed (a second socket of an agent already online changes nothing).
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

    /// An agent socket closed; returns `Some(Offline)` when it was the
    /// agent's last on this node.
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

    /// The agents connected to this node, for the other nodes.
    pub fn local_agents(&self) -> Vec<(Uuid, Role, PresenceStatus)> {
        self.agents
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .iter()
            .map(|(id, a)| (*id, a.role, a.status))
            .collect()
    }

    /// Records what node `node` says its agents are now; returns the agents
    /// whose status across all nodes changed.
    pub fn node_said(
        &self,
        node: &str,
        agents: Vec<(Uuid, Role, PresenceStatus)>,
    ) -> Vec<(Uuid, PresenceStatus)> {
        let now = Instant::now();
        let agents: HashMap<Uuid, (Role, PresenceStatus)> =
            agents.into_iter().map(|(u, r, s)| (u, (r, s))).collect();
        let mut nodes = self.nodes.write().unwrap_or_else(|e| e.into_inner());
        let mut touched: Vec<Uuid> = agents.keys().copied().collect();
        if let Some(old) = nodes.insert(node.to_string(), Node { heard: now, agents }) {
            touched.extend(old.agents.keys().copied());
        }
        drop(nodes);
        self.settle(touched)
    }

    /// Forgets nodes not heard from within `timeout` (dead, or cut off):
    /// returns the agents whose status changed.
    pub fn expire(&self, timeout: Duration) -> Vec<(Uuid, PresenceStatus)> {
        let mut nodes = self.nodes.write().unwrap_or_else(|e| e.into_inner());
        let mut touched = Vec::new();
        nodes.retain(|name, n| {
            let alive = n.heard.elapsed() < timeout;
            if !alive {
                tracing::warn!(node = %name, "a node went silent; its agents are offline");
                touched.extend(n.agents.keys().copied());
            }
            alive
        });
        drop(nodes);
        self.settle(touched)
    }

    /// Compares the status of `users` across nodes with what was last
    /// announced; returns (and records) the differences.
    pub fn settle(&self, users: impl IntoIterator<Item = Uuid>) -> Vec<(Uuid, PresenceStatus)> {
        let mut changes = Vec::new();
        let mut announced = self.announced.lock().unwrap_or_else(|e| e.into_inner());
        for user in users {
            let now = self.status(user);
            let before = announced
                .get(&user)
                .copied()
                .unwrap_or(PresenceStatus::Offline);
            if now == before {
                continue;
            }
            if now == PresenceStatus::Offline {
                announced.remove(&user);
            } else {
                announced.insert(user, now);
            }
            changes.push((user, now));
        }
        drop(announced);
        if !changes.is_empty() {
            self.bump();
        }
        changes
    }

    /// An agent's status, across nodes.
    pub fn status(&self, user: Uuid) -> PresenceStatus {
        let local = self
            .agents
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .get(&user)
            .map_or(PresenceStatus::Offline, |a| a.status);
        self.nodes
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .values()
            .filter_map(|n| n.agents.get(&user))
            .fold(local, |acc, (_, s)| best(acc, *s))
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

    /// Replaces every membership (another node changed some).
    pub fn reload_members(&self, memberships: Vec<(Uuid, Uuid)>) {
        *self.members.write().unwrap_or_else(|e| e.into_inner()) = index(memberships);
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

    /// Every agent known online or away on any node, with role and status.
    fn everyone(&self) -> HashMap<Uuid, (Role, PresenceStatus)> {
        let mut all: HashMap<Uuid, (Role, PresenceStatus)> = self
            .agents
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .iter()
            .map(|(id, a)| (*id, (a.role, a.status)))
            .collect();
        for n in self
            .nodes
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .values()
        {
            for (id, (role, status)) in &n.agents {
                all.entry(*id)
                    .and_modify(|e| e.1 = best(e.1, *status))
                    .or_insert((*role, *status));
            }
        }
        all
    }

    /// Online agents who work on `widget`, with their ids.
    pub fn online_for(&self, widget: Uuid) -> Vec<Uuid> {
        self.everyone()
            .into_iter()
            .filter(|(id, (role, status))| {
                *status == PresenceStatus::Online && self.may_work_on(*id, *role, widget)
            })
            .map(|(id, _)| id)
            .collect()
    }

    /// Online agents, all widgets.
    pub fn online_count(&self) -> u32 {
        let n = self
            .everyone()
            .values()
            .filter(|(_, s)| *s == PresenceStatus::Online)
            .count();
        u32::try_from(n).unwrap_or(u32::MAX)
    }
}

fn index(memberships: Vec<(Uuid, Uuid)>) -> HashMap<Uuid, HashSet<Uuid>> {
    let mut members: HashMap<Uuid, HashSet<Uuid>> = HashMap::new();
    for (widget, user) in memberships {
        members.entry(user).or_default().insert(widget);
    }
    members
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

    #[test]
    fn other_nodes_count_and_a_silent_node_goes_offline() {
        let w = Uuid::new_v4();
        let (agent, other) = (Uuid::new_v4(), Uuid::new_v4());
        let r = Roster::new(vec![(w, agent), (w, other)]);
        assert_eq!(
            r.node_said("b", vec![(agent, Role::Agent, PresenceStatus::Online)]),
            vec![(agent, PresenceStatus::Online)]
        );
        assert_eq!(r.online_for(w), vec![agent]);
        assert_eq!(r.online_count(), 1);
        // Online here too, then gone there: still online, nothing to announce.
        r.connect(agent, Role::Agent);
        assert_eq!(r.settle([agent]), vec![]);
        assert_eq!(r.node_said("b", vec![]), vec![]);
        assert_eq!(r.status(agent), PresenceStatus::Online);
        r.disconnect(agent);
        assert_eq!(r.settle([agent]), vec![(agent, PresenceStatus::Offline)]);
        // Away on one node, online on another: online.
        r.node_said("b", vec![(other, Role::Agent, PresenceStatus::Away)]);
        r.node_said("c", vec![(other, Role::Agent, PresenceStatus::Online)]);
        assert_eq!(r.status(other), PresenceStatus::Online);
        assert!(r.expire(Duration::from_secs(60)).is_empty());
        assert_eq!(
            r.expire(Duration::ZERO),
            vec![(other, PresenceStatus::Offline)],
            "both nodes went silent"
        );
        assert_eq!(r.online_count_for(w), 0);
    }
}
