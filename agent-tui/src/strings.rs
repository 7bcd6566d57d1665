//! Every sentence the agent reads, in one place.

/// Title of the conversation list.
pub const LIST_TITLE: &str = "Conversations";
/// Conversations waiting in the queue for a person.
pub const LANE_QUEUE: &str = "Queue";
/// Conversations assigned to me.
pub const LANE_MINE: &str = "Mine";
/// Open conversations with the assistant or another agent.
pub const LANE_OTHERS: &str = "Others & AI";
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
pub const AI: &str = "Assistant";
/// Sender label of chatd itself.
pub const SYSTEM: &str = "System";
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
/// Title of the return-to-AI dialog.
pub const RETURN_TITLE: &str = "Return to the assistant?";
/// Title of the transfer picker.
pub const TRANSFER_TITLE: &str = "Transfer";
/// The picker when only admins may list agents.
pub const TRANSFER_NOT_ADMIN: &str = "Only admins can list agents: type an agent's user id (chatctl user list), or pick one seen here.";
/// The picker while the agent list loads.
pub const TRANSFER_LOADING: &str = "Loading agents…";
/// The picker with nobody to offer.
pub const TRANSFER_NOBODY: &str = "No agent matches; type a user id.";
/// Only an assigned conversation moves between agents.
pub const TRANSFER_NOT_ASSIGNED: &str =
    "Only an assigned conversation can be transferred; accept it first (a).";
/// Return to AI needs a conversation a person has or that waits.
pub const RETURN_NOT_POSSIBLE: &str = "is with the assistant already or closed";
/// Presence words in the status bar.
pub const PRESENCE_ONLINE: &str = "available";
/// Away.
pub const PRESENCE_AWAY: &str = "away";
/// After pressing `p` to go away.
pub const NOW_AWAY: &str = "You are away: no new conversations are assigned to you.";
/// After pressing `p` to come back.
pub const NOW_ONLINE: &str = "You are available again.";
/// A non-admin pressed `S`.
pub const SUPERVISOR_ADMINS_ONLY: &str = "The supervisor view is for admins.";
/// Title of the supervisor view.
pub const SUPERVISOR_TITLE: &str = "Supervisor";
/// Loading statistics failed.
pub const STATS_FAILED: &str = "Cannot load statistics";
/// A conversation entered the queue.
pub const NOW_WAITING: &str = "Waiting";
/// A conversation was handed to me.
pub const ASSIGNED_TO_YOU: &str = "Assigned to you";
/// A conversation is mine already.
pub const YOURS_ALREADY: &str = "is yours already";
/// An accept went out.
pub const ACCEPTING: &str = "accepting…";
/// The composer of a queued conversation.
pub const COMPOSER_QUEUED: &str = "sending accepts it from the queue";
/// The composer of a conversation with the assistant.
pub const COMPOSER_AI: &str = "sending takes over from the assistant";
/// Heading of the assistant's summary in the details pane.
pub const SUMMARY_TITLE: &str = "Assistant's summary";
/// Divider where the conversation left the assistant.
pub const ESCALATED: &str = "to the queue";
/// Shown while the assistant writes.
pub const AI_WRITING: &str = "writing…";
/// Title of the canned reply picker.
pub const CANNED_TITLE: &str = "Canned replies";
/// The picker before the list arrives.
pub const CANNED_LOADING: &str = "Loading canned replies…";
/// The widget has no canned replies.
pub const CANNED_NONE: &str = "No canned replies for this widget (chatctl canned add).";
/// Nothing matches the query.
pub const CANNED_NO_MATCH: &str = "Nothing matches.";
/// Ctrl-R with no conversation open.
pub const CANNED_NOTHING_OPEN: &str = "Open a conversation to insert a canned reply.";
/// The list could not be read.
pub const CANNED_FAILED: &str = "Cannot load canned replies";
/// Title of the search overlay.
pub const SEARCH_TITLE: &str = "Search conversations";
/// The search before its first answer.
pub const SEARCH_LOADING: &str = "Searching…";
/// The search found nothing.
pub const SEARCH_NONE: &str = "No conversations match.";
/// The search failed.
pub const SEARCH_FAILED: &str = "Search failed";
/// Composer and notice of a transcript opened from the search.
pub const READ_ONLY: &str = "Read-only transcript (opened from the search).";
/// Placeholder of the note editor.
pub const NOTE_PLACEHOLDER: &str =
    "A note for agents… (Enter saves, Alt-Enter new line, Esc closes)";
/// Title of the note editor.
pub const NOTE_TITLE: &str = "Private note: agents only, never sent to the visitor";
/// Title of the notes pane.
pub const NOTES_TITLE: &str = "Notes (private)";
/// Ctrl-N with no conversation.
pub const NOTE_NOTHING_OPEN: &str = "Open a conversation to write a note.";
/// A note over the limit.
pub const NOTE_TOO_LONG: &str = "A note is at most 4000 characters.";
/// The note was stored.
pub const NOTE_SAVED: &str = "Note saved (agents only).";
/// The note could not be stored.
pub const NOTE_FAILED: &str = "Note not saved, its text is back in Ctrl-N";
/// The notes could not be read.
pub const NOTES_FAILED: &str = "Cannot load notes";
/// Notes pane with none.
pub const NOTES_NONE: &str = "No notes. Ctrl-N writes one.";
/// Heading of the visitor's earlier conversations.
pub const PREVIOUS_TITLE: &str = "Previous conversations";
/// The earlier conversations could not be read.
pub const PREVIOUS_FAILED: &str = "Previous conversations unavailable";
