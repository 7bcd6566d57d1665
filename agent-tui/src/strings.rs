//! Every sentence the agent reads, in one place.

/// Title of the conversation list.
pub const LIST_TITLE: &str = "Conversations";
/// Open conversations no agent has answered.
pub const LANE_QUEUE: &str = "Waiting";
/// Open conversations an agent has answered.
pub const LANE_ACTIVE: &str = "Open";
/// Closed conversations.
pub const LANE_CLOSED: &str = "Closed";
/// The list before the first load.
pub const LIST_LOADING: &str = "Loading conversations…";
/// The list when there is nothing.
pub const LIST_EMPTY: &str = "No conversations yet.";
/// The middle pane with nothing open.
pub const NOTHING_OPEN: &str = "Select a conversation and press Enter.";
/// A conversation whose messages are still on their way.
pub const TRANSCRIPT_LOADING: &str = "Loading messages…";
/// A conversation without messages.
pub const TRANSCRIPT_EMPTY: &str = "No messages yet.";
/// Title of the details pane.
pub const DETAILS_TITLE: &str = "Visitor";
/// Composer placeholder.
pub const COMPOSER_PLACEHOLDER: &str = "Type a reply… (Enter sends, Alt-Enter new line)";
/// Composer with no conversation open.
pub const COMPOSER_DISABLED: &str = "Open a conversation to reply.";
/// Composer of a closed conversation.
pub const COMPOSER_CLOSED: &str = "This conversation is closed; a reply is still delivered.";
/// Shown under the transcript while the visitor types.
pub const VISITOR_TYPING: &str = "visitor is typing…";
/// Label of a message still in the outbox.
pub const SENDING: &str = "sending…";
/// Label of a message waiting for the connection.
pub const QUEUED_OFFLINE: &str = "queued, sends when reconnected";
/// Label of a refused message.
pub const NOT_SENT: &str = "not sent";
/// Sender label of the AI.
pub const AI: &str = "AI";
/// Sender label of chatd itself.
pub const SYSTEM: &str = "chatd";
/// Sender label of an agent without a name.
pub const AGENT: &str = "Agent";
/// The agent's own pending messages.
pub const YOU: &str = "You";
/// Title of the help overlay.
pub const HELP_TITLE: &str = "Keys";
/// Title of the quit dialog.
pub const QUIT_TITLE: &str = "Quit?";
/// The quit question when something is unsent.
pub const QUIT_UNSENT: &str = "Unsent replies and drafts are lost if you quit:";
/// Title of the close dialog.
pub const CLOSE_TITLE: &str = "Close conversation?";
/// Login form title.
pub const LOGIN_TITLE: &str = "chatd agent login";
/// Login field labels.
pub const LOGIN_EMAIL: &str = "Email";
/// Password field label.
pub const LOGIN_PASSWORD: &str = "Password";
/// Shown while logging in.
pub const LOGIN_BUSY: &str = "Logging in…";
/// Connection states in the status bar.
pub const CONN_ONLINE: &str = "online";
/// Opening the socket.
pub const CONN_CONNECTING: &str = "connecting…";
/// Waiting to retry.
pub const CONN_RETRY: &str = "offline, retrying";
/// Given up until the agent acts.
pub const CONN_STOPPED: &str = "offline";
/// Not logged in.
pub const CONN_LOGGED_OUT: &str = "logged out";
/// Status after a reconnect.
pub const RECONNECTED: &str = "Reconnected; resuming every conversation.";
/// A send was refused.
pub const SEND_REFUSED: &str = "A reply was refused";
/// The reply is over the server's limit.
pub const TOO_LONG: &str = "The reply is longer than 8000 characters; shorten it.";
/// The login was refused or expired.
pub const LOGIN_AGAIN: &str = "Your login expired or was revoked; log in again.";
/// Closing failed.
pub const CLOSE_FAILED: &str = "Cannot close the conversation";
/// Loading conversations failed.
pub const LIST_FAILED: &str = "Cannot load conversations";
/// Loading history failed.
pub const HISTORY_FAILED: &str = "Cannot load the history";
/// The open conversation was closed.
pub const NOW_CLOSED: &str = "The conversation was closed.";
/// A closed conversation came back.
pub const REOPENED: &str = "A closed conversation was reopened.";
/// A new conversation arrived.
pub const NEW_CONVERSATION: &str = "New conversation";
