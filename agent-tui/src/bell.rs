//! When the terminal bell rings: `--bell off|queue|all` (`AGENT_TUI_BELL`).
//! The highlight (`●`) is shown whatever the bell says, so turning the bell
//! off never hides news.

/// What rings the bell.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum BellMode {
    /// Never.
    Off,
    /// New work only: a conversation entering the queue, one assigned to me
    /// by someone else, one reopened.
    Queue,
    /// New work and every visitor message in a queued or assigned-to-me
    /// conversation that is not open.
    #[default]
    All,
}

/// Why the bell would ring, least important first (the loudest of one
/// update decides).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum BellKind {
    /// A visitor message in a background conversation.
    Message,
    /// A conversation that needs a person now (queued, assigned, reopened).
    Work,
}

impl BellMode {
    /// Whether `kind` rings in this mode.
    pub fn rings(self, kind: BellKind) -> bool {
        match self {
            Self::Off => false,
            Self::Queue => kind == BellKind::Work,
            Self::All => true,
        }
    }

    /// The mode for the command line: `--no-bell` is `--bell off`.
    pub fn resolve(self, no_bell: bool) -> Self {
        if no_bell { Self::Off } else { self }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modes_ring_for_what_they_say() {
        use BellKind::{Message, Work};
        assert!(!BellMode::Off.rings(Work) && !BellMode::Off.rings(Message));
        assert!(BellMode::Queue.rings(Work) && !BellMode::Queue.rings(Message));
        assert!(BellMode::All.rings(Work) && BellMode::All.rings(Message));
        assert_eq!(BellMode::All.resolve(true), BellMode::Off);
        assert_eq!(BellMode::Queue.resolve(false), BellMode::Queue);
    }
}
