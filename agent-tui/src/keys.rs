//! Every key binding, in one table: dispatch, the `?` overlay, the status bar
//! hints and the key section of docs/agent-tui.md all read [`KEYMAP`].
//!
//! Keys are modal: single letters are bound only where no text is typed
//! (the panes, dialogs and the help overlay), never in the composer or the
//! login form, where they would swallow typed text.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

/// Where a binding applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scope {
    /// Everywhere, even while typing.
    Anywhere,
    /// The conversation list, the transcript and the details pane.
    Panes,
    /// The conversation list.
    List,
    /// The transcript of the open conversation.
    Transcript,
    /// The reply box.
    Composer,
    /// A yes/no question.
    Dialog,
    /// The transfer picker (typed letters search).
    Picker,
    /// The canned reply picker (typed letters search).
    Canned,
    /// The conversation search (typed letters search).
    Search,
    /// The private note editor.
    Note,
    /// The supervisor view.
    Supervisor,
    /// The help overlay.
    Help,
    /// The login form.
    Login,
}

impl Scope {
    /// Heading in the help overlay and the docs.
    pub fn title(self) -> &'static str {
        match self {
            Self::Anywhere => "Anywhere",
            Self::Panes => "List and transcript",
            Self::List => "Conversation list",
            Self::Transcript => "Transcript",
            Self::Composer => "Composer",
            Self::Dialog => "Confirmation dialogs",
            Self::Picker => "Transfer picker (typing searches)",
            Self::Canned => "Canned reply picker (typing searches)",
            Self::Search => "Search conversations (typing edits the search)",
            Self::Note => "Private note editor",
            Self::Supervisor => "Supervisor view (admins)",
            Self::Help => "Help overlay",
            Self::Login => "Login form",
        }
    }

    /// The order scopes are listed in.
    pub const ALL: [Scope; 13] = [
        Self::Anywhere,
        Self::Panes,
        Self::List,
        Self::Transcript,
        Self::Composer,
        Self::Dialog,
        Self::Picker,
        Self::Canned,
        Self::Search,
        Self::Note,
        Self::Supervisor,
        Self::Help,
        Self::Login,
    ];
}

/// What a key does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// Leave (asks first when a message is unsent).
    Quit,
    /// Show or hide the help overlay.
    Help,
    /// Focus the next pane.
    NextPane,
    /// Focus the previous pane.
    PrevPane,
    /// Move up one row / scroll up one line.
    Up,
    /// Move down one row / scroll down one line.
    Down,
    /// Scroll up one page.
    PageUp,
    /// Scroll down one page.
    PageDown,
    /// Jump to the first row / the oldest message.
    Top,
    /// Jump to the last row / the newest message.
    Bottom,
    /// Open the selected conversation.
    Open,
    /// Back out: composer → transcript → list.
    Back,
    /// Start typing a reply.
    Compose,
    /// Close the conversation (asks first).
    CloseConversation,
    /// Jump to the next conversation that needs attention.
    NextAttention,
    /// Take the conversation from the queue or the assistant.
    Accept,
    /// Hand the conversation to another agent.
    Transfer,
    /// Give the conversation back to the assistant (asks first).
    ReturnToAi,
    /// Pick a canned reply for the draft.
    Canned,
    /// Search conversations, open a closed transcript.
    Search,
    /// Write a private note on the conversation.
    Note,
    /// Switch my presence between available and away.
    TogglePresence,
    /// Open or leave the supervisor view.
    Supervisor,
    /// Reload the supervisor's figures.
    Refresh,
    /// Show or hide the visitor details.
    ToggleDetails,
    /// Reconnect now instead of waiting for the next retry.
    Reconnect,
    /// Send the reply.
    Send,
    /// Start a new line in the reply.
    Newline,
    /// Recall an earlier reply (in an empty composer).
    HistoryPrev,
    /// Recall a later reply.
    HistoryNext,
    /// Answer yes.
    Confirm,
    /// Answer no.
    Cancel,
    /// Next field of the login form.
    NextField,
    /// Previous field of the login form.
    PrevField,
    /// Log in.
    Submit,
}

/// One key with its modifiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    /// The key.
    pub code: KeyCode,
    /// Ctrl, Alt, Shift.
    pub mods: KeyModifiers,
}

const fn k(code: KeyCode) -> Key {
    Key {
        code,
        mods: KeyModifiers::NONE,
    }
}

const fn c(ch: char) -> Key {
    k(KeyCode::Char(ch))
}

const fn ctrl(ch: char) -> Key {
    Key {
        code: KeyCode::Char(ch),
        mods: KeyModifiers::CONTROL,
    }
}

const fn with(code: KeyCode, mods: KeyModifiers) -> Key {
    Key { code, mods }
}

impl Key {
    /// Whether `ev` is this key. Shift is part of a letter's case and of
    /// Shift-Tab's code, so it is ignored there.
    pub fn matches(&self, ev: &KeyEvent) -> bool {
        let mut mods = ev.modifiers;
        if matches!(ev.code, KeyCode::Char(_) | KeyCode::BackTab) {
            mods.remove(KeyModifiers::SHIFT);
        }
        let code = match ev.code {
            // Some terminals report Ctrl-letters in upper case.
            KeyCode::Char(ch) if mods.contains(KeyModifiers::CONTROL) => {
                KeyCode::Char(ch.to_ascii_lowercase())
            }
            other => other,
        };
        code == self.code && mods == self.mods
    }

    /// How the key is written in the help and the docs.
    pub fn label(&self) -> String {
        let mut s = String::new();
        if self.mods.contains(KeyModifiers::CONTROL) {
            s.push_str("Ctrl-");
        }
        if self.mods.contains(KeyModifiers::ALT) {
            s.push_str("Alt-");
        }
        if self.mods.contains(KeyModifiers::SHIFT) {
            s.push_str("Shift-");
        }
        match self.code {
            KeyCode::Char(' ') => s.push_str("Space"),
            KeyCode::Char(ch) if self.mods.contains(KeyModifiers::CONTROL) => {
                s.push(ch.to_ascii_uppercase());
            }
            KeyCode::Char(ch) => s.push(ch),
            KeyCode::Enter => s.push_str("Enter"),
            KeyCode::Esc => s.push_str("Esc"),
            KeyCode::Tab => s.push_str("Tab"),
            KeyCode::BackTab => s.push_str("Shift-Tab"),
            KeyCode::Up => s.push_str("Up"),
            KeyCode::Down => s.push_str("Down"),
            KeyCode::Left => s.push_str("Left"),
            KeyCode::Right => s.push_str("Right"),
            KeyCode::PageUp => s.push_str("PgUp"),
            KeyCode::PageDown => s.push_str("PgDn"),
            KeyCode::Home => s.push_str("Home"),
            KeyCode::End => s.push_str("End"),
            KeyCode::Backspace => s.push_str("Backspace"),
            other => s.push_str(&format!("{other:?}")),
        }
        s
    }
}

/// One row of the table.
#[derive(Debug, Clone, Copy)]
pub struct Binding {
    /// Where it applies.
    pub scope: Scope,
    /// The keys that trigger it.
    pub keys: &'static [Key],
    /// What it does.
    pub action: Action,
    /// The sentence in the help overlay and the docs.
    pub help: &'static str,
    /// Short label for the status bar, for the few bindings worth a hint.
    pub hint: Option<&'static str>,
}

const fn b(
    scope: Scope,
    keys: &'static [Key],
    action: Action,
    help: &'static str,
    hint: Option<&'static str>,
) -> Binding {
    Binding {
        scope,
        keys,
        action,
        help,
        hint,
    }
}

use Action as A;
use Scope as S;

/// The keymap. Earlier rows win when two rows of one scope share a key.
pub const KEYMAP: &[Binding] = &[
    b(
        S::Anywhere,
        &[ctrl('c')],
        A::Quit,
        "Quit (asks first when a reply is unsent; press again to quit at once)",
        None,
    ),
    b(
        S::Panes,
        &[c('q')],
        A::Quit,
        "Quit (asks first when a reply is unsent)",
        Some("quit"),
    ),
    b(S::Panes, &[c('?')], A::Help, "Show every key", Some("help")),
    b(
        S::Panes,
        &[c('a')],
        A::Accept,
        "Accept the conversation from the queue (or take it from the assistant) and start a reply",
        Some("accept"),
    ),
    b(
        S::Panes,
        &[c('t')],
        A::Transfer,
        "Transfer the conversation to another agent (pick from a list; admins see every agent)",
        Some("transfer"),
    ),
    b(
        S::Panes,
        &[ctrl('r')],
        A::Canned,
        "Insert a canned reply into the reply box (pick with fuzzy search)",
        None,
    ),
    b(
        S::Panes,
        &[ctrl('n')],
        A::Note,
        "Write a private note on the conversation (agents only; never sent to the visitor)",
        None,
    ),
    b(
        S::Panes,
        &[c('/')],
        A::Search,
        "Search conversations (closed ones first) and open a transcript",
        Some("search"),
    ),
    b(
        S::Panes,
        &[c('R')],
        A::ReturnToAi,
        "Return the conversation to the assistant, after a confirmation",
        None,
    ),
    b(
        S::Panes,
        &[c('p')],
        A::TogglePresence,
        "Switch my presence between available and away (away: nothing new is assigned to me)",
        None,
    ),
    b(
        S::Panes,
        &[c('S')],
        A::Supervisor,
        "Supervisor view: queue, agents and their load, messages per minute, wait times (admins)",
        None,
    ),
    b(
        S::Panes,
        &[k(KeyCode::Tab)],
        A::NextPane,
        "Next pane",
        Some("pane"),
    ),
    b(
        S::Panes,
        &[k(KeyCode::BackTab)],
        A::PrevPane,
        "Previous pane",
        None,
    ),
    b(
        S::Panes,
        &[c('i')],
        A::Compose,
        "Type a reply in the open conversation",
        Some("reply"),
    ),
    b(
        S::Panes,
        &[c('c')],
        A::CloseConversation,
        "Close the open (or selected) conversation, after a confirmation",
        Some("close"),
    ),
    b(
        S::Panes,
        &[c('n')],
        A::NextAttention,
        "Open the next conversation with unread messages or a waiting visitor",
        Some("next"),
    ),
    b(
        S::Panes,
        &[c('d')],
        A::ToggleDetails,
        "Show or hide the visitor details (on narrow screens, in the list's place)",
        None,
    ),
    b(
        S::Panes,
        &[c('r')],
        A::Reconnect,
        "Reconnect now (while disconnected)",
        None,
    ),
    b(
        S::List,
        &[c('k'), k(KeyCode::Up)],
        A::Up,
        "Select the previous conversation",
        None,
    ),
    b(
        S::List,
        &[c('j'), k(KeyCode::Down)],
        A::Down,
        "Select the next conversation",
        None,
    ),
    b(
        S::List,
        &[c('g'), k(KeyCode::Home)],
        A::Top,
        "Select the first conversation",
        None,
    ),
    b(
        S::List,
        &[c('G'), k(KeyCode::End)],
        A::Bottom,
        "Select the last conversation",
        None,
    ),
    b(
        S::List,
        &[k(KeyCode::Enter), c('l'), k(KeyCode::Right)],
        A::Open,
        "Open the selected conversation and start a reply",
        Some("open"),
    ),
    b(
        S::Transcript,
        &[c('k'), k(KeyCode::Up)],
        A::Up,
        "Scroll up one line",
        None,
    ),
    b(
        S::Transcript,
        &[c('j'), k(KeyCode::Down)],
        A::Down,
        "Scroll down one line",
        None,
    ),
    b(
        S::Transcript,
        &[k(KeyCode::PageUp), ctrl('b')],
        A::PageUp,
        "Scroll up one page",
        None,
    ),
    b(
        S::Transcript,
        &[k(KeyCode::PageDown), ctrl('f')],
        A::PageDown,
        "Scroll down one page",
        None,
    ),
    b(
        S::Transcript,
        &[c('g'), k(KeyCode::Home)],
        A::Top,
        "Oldest message",
        None,
    ),
    b(
        S::Transcript,
        &[c('G'), k(KeyCode::End)],
        A::Bottom,
        "Newest message (follow new ones)",
        None,
    ),
    b(
        S::Transcript,
        &[k(KeyCode::Enter)],
        A::Compose,
        "Type a reply",
        None,
    ),
    b(
        S::Transcript,
        &[k(KeyCode::Esc), c('h'), k(KeyCode::Left)],
        A::Back,
        "Back to the conversation list",
        None,
    ),
    b(
        S::Composer,
        &[k(KeyCode::Enter)],
        A::Send,
        "Send the reply (kept and resent until the server confirms it)",
        Some("send"),
    ),
    b(
        S::Composer,
        &[
            with(KeyCode::Enter, KeyModifiers::ALT),
            with(KeyCode::Enter, KeyModifiers::SHIFT),
            ctrl('j'),
        ],
        A::Newline,
        "New line (Shift-Enter only where the terminal reports it)",
        Some("newline"),
    ),
    b(
        S::Composer,
        &[ctrl('r')],
        A::Canned,
        "Insert a canned reply at the cursor (pick with fuzzy search; not sent until Enter)",
        Some("canned"),
    ),
    b(
        S::Composer,
        &[ctrl('n')],
        A::Note,
        "Write a private note instead (its own box; the reply draft stays)",
        Some("note"),
    ),
    b(
        S::Composer,
        &[k(KeyCode::Up)],
        A::HistoryPrev,
        "In an empty composer: recall the previous reply",
        None,
    ),
    b(
        S::Composer,
        &[k(KeyCode::Down)],
        A::HistoryNext,
        "While recalling: the next reply",
        None,
    ),
    b(
        S::Composer,
        &[k(KeyCode::PageUp)],
        A::PageUp,
        "Scroll the transcript up",
        None,
    ),
    b(
        S::Composer,
        &[k(KeyCode::PageDown)],
        A::PageDown,
        "Scroll the transcript down",
        None,
    ),
    b(
        S::Composer,
        &[k(KeyCode::Tab)],
        A::NextPane,
        "Next pane (the draft stays)",
        None,
    ),
    b(
        S::Composer,
        &[k(KeyCode::BackTab)],
        A::PrevPane,
        "Previous pane (the draft stays)",
        None,
    ),
    b(
        S::Composer,
        &[k(KeyCode::Esc)],
        A::Back,
        "Leave the composer (the draft stays)",
        Some("back"),
    ),
    b(
        S::Dialog,
        &[c('y'), k(KeyCode::Enter)],
        A::Confirm,
        "Yes",
        Some("yes"),
    ),
    b(
        S::Dialog,
        &[c('n'), k(KeyCode::Esc)],
        A::Cancel,
        "No",
        Some("no"),
    ),
    b(
        S::Picker,
        &[k(KeyCode::Up), ctrl('p')],
        A::Up,
        "Previous agent",
        None,
    ),
    b(
        S::Picker,
        &[k(KeyCode::Down), ctrl('n')],
        A::Down,
        "Next agent",
        None,
    ),
    b(
        S::Picker,
        &[k(KeyCode::Enter)],
        A::Confirm,
        "Transfer to the highlighted agent",
        Some("transfer"),
    ),
    b(
        S::Picker,
        &[k(KeyCode::Esc)],
        A::Cancel,
        "Cancel",
        Some("cancel"),
    ),
    b(
        S::Canned,
        &[k(KeyCode::Up), ctrl('p')],
        A::Up,
        "Previous reply",
        None,
    ),
    b(
        S::Canned,
        &[k(KeyCode::Down), ctrl('n')],
        A::Down,
        "Next reply",
        None,
    ),
    b(
        S::Canned,
        &[k(KeyCode::Enter)],
        A::Confirm,
        "Put the highlighted reply into the reply box",
        Some("insert"),
    ),
    b(
        S::Canned,
        &[k(KeyCode::Esc)],
        A::Cancel,
        "Cancel",
        Some("cancel"),
    ),
    b(
        S::Search,
        &[k(KeyCode::Up), ctrl('p')],
        A::Up,
        "Previous result",
        None,
    ),
    b(
        S::Search,
        &[k(KeyCode::Down), ctrl('n')],
        A::Down,
        "Next result (past the last: load more)",
        None,
    ),
    b(
        S::Search,
        &[k(KeyCode::Enter)],
        A::Confirm,
        "Search for what is typed; when the results are for it, open the highlighted one",
        Some("search/open"),
    ),
    b(
        S::Search,
        &[k(KeyCode::Tab)],
        A::NextField,
        "Switch between closed conversations and every conversation",
        Some("closed/all"),
    ),
    b(
        S::Search,
        &[k(KeyCode::Esc)],
        A::Cancel,
        "Close the search (it is kept)",
        Some("close"),
    ),
    b(
        S::Note,
        &[k(KeyCode::Enter)],
        A::Submit,
        "Save the note (agents of the widget see it; the visitor never does)",
        Some("save"),
    ),
    b(
        S::Note,
        &[
            with(KeyCode::Enter, KeyModifiers::ALT),
            with(KeyCode::Enter, KeyModifiers::SHIFT),
            ctrl('j'),
        ],
        A::Newline,
        "New line",
        Some("newline"),
    ),
    b(
        S::Note,
        &[k(KeyCode::Esc)],
        A::Cancel,
        "Close the editor (the text stays for the next Ctrl-N)",
        Some("close"),
    ),
    b(
        S::Supervisor,
        &[c('S'), k(KeyCode::Esc)],
        A::Supervisor,
        "Back to the conversations",
        Some("back"),
    ),
    b(
        S::Supervisor,
        &[c('r')],
        A::Refresh,
        "Reload the statistics now (and reconnect while disconnected)",
        Some("reload"),
    ),
    b(
        S::Supervisor,
        &[c('p')],
        A::TogglePresence,
        "Switch my presence between available and away",
        None,
    ),
    b(
        S::Supervisor,
        &[c('?')],
        A::Help,
        "Show every key",
        Some("help"),
    ),
    b(S::Supervisor, &[c('q')], A::Quit, "Quit", Some("quit")),
    b(S::Help, &[c('k'), k(KeyCode::Up)], A::Up, "Scroll up", None),
    b(
        S::Help,
        &[c('j'), k(KeyCode::Down)],
        A::Down,
        "Scroll down",
        None,
    ),
    b(
        S::Help,
        &[c('?'), c('q'), k(KeyCode::Esc)],
        A::Help,
        "Close the help",
        Some("close"),
    ),
    b(
        S::Login,
        &[k(KeyCode::Tab), k(KeyCode::Down)],
        A::NextField,
        "Next field",
        None,
    ),
    b(
        S::Login,
        &[k(KeyCode::BackTab), k(KeyCode::Up)],
        A::PrevField,
        "Previous field",
        None,
    ),
    b(
        S::Login,
        &[k(KeyCode::Enter)],
        A::Submit,
        "Log in",
        Some("log in"),
    ),
    b(S::Login, &[k(KeyCode::Esc)], A::Quit, "Quit", Some("quit")),
];

/// The action `ev` triggers in `scope` (falling back to [`Scope::Anywhere`]),
/// and [`Scope::Panes`] for the list and the transcript.
pub fn action(scope: Scope, ev: &KeyEvent) -> Option<Action> {
    if ev.kind == KeyEventKind::Release {
        return None;
    }
    let mut scopes = vec![scope];
    if matches!(scope, Scope::List | Scope::Transcript) {
        scopes.push(Scope::Panes);
    }
    scopes.push(Scope::Anywhere);
    scopes.into_iter().find_map(|s| {
        KEYMAP
            .iter()
            .filter(|bd| bd.scope == s)
            .find(|bd| bd.keys.iter().any(|key| key.matches(ev)))
            .map(|bd| bd.action)
    })
}

/// The keys of a binding joined for display: `j / Down`.
pub fn keys_label(bd: &Binding) -> String {
    bd.keys
        .iter()
        .map(Key::label)
        .collect::<Vec<_>>()
        .join(" / ")
}

/// Status bar hints for `scope`: `key label` pairs.
pub fn hints(scope: Scope) -> Vec<(String, &'static str)> {
    let mut scopes = vec![scope];
    if matches!(scope, Scope::List | Scope::Transcript) {
        scopes.push(Scope::Panes);
    }
    scopes
        .into_iter()
        .flat_map(|s| KEYMAP.iter().filter(move |bd| bd.scope == s))
        .filter_map(|bd| {
            let hint = bd.hint?;
            Some((bd.keys.first()?.label(), hint))
        })
        .collect()
}

/// The key reference as Markdown, as docs/agent-tui.md embeds it.
pub fn markdown() -> String {
    let mut out = String::new();
    for scope in Scope::ALL {
        out.push_str(&format!(
            "### {}\n\n| Keys | Action |\n|---|---|\n",
            scope.title()
        ));
        for bd in KEYMAP.iter().filter(|bd| bd.scope == scope) {
            let keys = bd
                .keys
                .iter()
                .map(|key| format!("`{}`", key.label().replace('|', "\\|")))
                .collect::<Vec<_>>()
                .join(", ");
            out.push_str(&format!("| {keys} | {} |\n", bd.help));
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn ev(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    #[test]
    fn lookups_follow_scope() {
        let cases = [
            (
                Scope::List,
                ev(KeyCode::Char('j'), KeyModifiers::NONE),
                Some(Action::Down),
            ),
            (
                Scope::List,
                ev(KeyCode::Char('q'), KeyModifiers::NONE),
                Some(Action::Quit),
            ),
            (
                Scope::Transcript,
                ev(KeyCode::Char('c'), KeyModifiers::NONE),
                Some(Action::CloseConversation),
            ),
            // Letters in the composer are text, not commands.
            (
                Scope::Composer,
                ev(KeyCode::Char('q'), KeyModifiers::NONE),
                None,
            ),
            (
                Scope::Composer,
                ev(KeyCode::Char('j'), KeyModifiers::NONE),
                None,
            ),
            (
                Scope::Login,
                ev(KeyCode::Char('q'), KeyModifiers::NONE),
                None,
            ),
            (
                Scope::Composer,
                ev(KeyCode::Char('c'), KeyModifiers::CONTROL),
                Some(Action::Quit),
            ),
            (
                Scope::Composer,
                ev(KeyCode::Char('C'), KeyModifiers::CONTROL),
                Some(Action::Quit),
            ),
            (
                Scope::Composer,
                ev(KeyCode::Enter, KeyModifiers::NONE),
                Some(Action::Send),
            ),
            (
                Scope::Composer,
                ev(KeyCode::Enter, KeyModifiers::ALT),
                Some(Action::Newline),
            ),
            (
                Scope::Composer,
                ev(KeyCode::Enter, KeyModifiers::SHIFT),
                Some(Action::Newline),
            ),
            (
                Scope::Composer,
                ev(KeyCode::Char('j'), KeyModifiers::CONTROL),
                Some(Action::Newline),
            ),
            (
                Scope::List,
                ev(KeyCode::BackTab, KeyModifiers::SHIFT),
                Some(Action::PrevPane),
            ),
            (
                Scope::List,
                ev(KeyCode::Char('G'), KeyModifiers::SHIFT),
                Some(Action::Bottom),
            ),
            (
                Scope::Dialog,
                ev(KeyCode::Char('y'), KeyModifiers::NONE),
                Some(Action::Confirm),
            ),
            (
                Scope::Dialog,
                ev(KeyCode::Char('q'), KeyModifiers::NONE),
                None,
            ),
            (
                Scope::List,
                ev(KeyCode::Char('a'), KeyModifiers::NONE),
                Some(Action::Accept),
            ),
            (
                Scope::Transcript,
                ev(KeyCode::Char('R'), KeyModifiers::SHIFT),
                Some(Action::ReturnToAi),
            ),
            (
                Scope::List,
                ev(KeyCode::Char('r'), KeyModifiers::NONE),
                Some(Action::Reconnect),
            ),
            (
                Scope::List,
                ev(KeyCode::Char('S'), KeyModifiers::SHIFT),
                Some(Action::Supervisor),
            ),
            // Typed letters search in the picker; only keys move and pick.
            (
                Scope::Picker,
                ev(KeyCode::Char('j'), KeyModifiers::NONE),
                None,
            ),
            (
                Scope::Picker,
                ev(KeyCode::Char('n'), KeyModifiers::CONTROL),
                Some(Action::Down),
            ),
            (
                Scope::Composer,
                ev(KeyCode::Char('r'), KeyModifiers::CONTROL),
                Some(Action::Canned),
            ),
            (
                Scope::Transcript,
                ev(KeyCode::Char('r'), KeyModifiers::CONTROL),
                Some(Action::Canned),
            ),
            (
                Scope::List,
                ev(KeyCode::Char('r'), KeyModifiers::NONE),
                Some(Action::Reconnect),
            ),
            (
                Scope::Canned,
                ev(KeyCode::Char('k'), KeyModifiers::NONE),
                None,
            ),
            (
                Scope::Supervisor,
                ev(KeyCode::Esc, KeyModifiers::NONE),
                Some(Action::Supervisor),
            ),
            (
                Scope::Supervisor,
                ev(KeyCode::Char('a'), KeyModifiers::NONE),
                None,
            ),
        ];
        for (scope, e, want) in cases {
            assert_eq!(action(scope, &e), want, "{scope:?} {e:?}");
        }
    }

    #[test]
    fn no_scope_binds_one_key_twice() {
        for scope in Scope::ALL {
            let keys: Vec<_> = KEYMAP
                .iter()
                .filter(|bd| bd.scope == scope)
                .flat_map(|bd| bd.keys.iter().map(Key::label))
                .collect();
            let mut sorted = keys.clone();
            sorted.sort();
            sorted.dedup();
            assert_eq!(
                sorted.len(),
                keys.len(),
                "{scope:?} binds a key twice: {keys:?}"
            );
        }
    }

    #[test]
    fn composer_and_login_bind_no_plain_letters() {
        for bd in KEYMAP.iter().filter(|bd| {
            matches!(
                bd.scope,
                Scope::Composer
                    | Scope::Login
                    | Scope::Anywhere
                    | Scope::Picker
                    | Scope::Canned
                    | Scope::Search
                    | Scope::Note
            )
        }) {
            for key in bd.keys {
                let plain_char = matches!(key.code, KeyCode::Char(_))
                    && !key
                        .mods
                        .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
                assert!(
                    !plain_char,
                    "{:?} binds {} where text is typed",
                    bd.scope,
                    key.label()
                );
            }
        }
    }

    /// docs/agent-tui.md embeds [`markdown`] between two markers; run with
    /// `AGENT_TUI_BLESS=1` to rewrite it after changing the table.
    #[test]
    fn docs_key_table_is_in_sync() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/agent-tui.md");
        let doc = std::fs::read_to_string(path).expect("docs/agent-tui.md exists");
        let (start, end) = ("<!-- keys:start -->\n", "<!-- keys:end -->");
        let i = doc.find(start).expect("start marker") + start.len();
        let j = doc.find(end).expect("end marker");
        let want = markdown();
        if doc[i..j] != want {
            if std::env::var_os("AGENT_TUI_BLESS").is_some() {
                let new = format!("{}{}{}", &doc[..i], want, &doc[j..]);
                std::fs::write(path, new).unwrap();
            } else {
                panic!(
                    "docs/agent-tui.md's key table is stale; run `AGENT_TUI_BLESS=1 cargo test -p agent-tui docs_key_table` to rewrite it"
                );
            }
        }
    }
}
