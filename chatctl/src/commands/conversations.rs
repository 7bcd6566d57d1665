//! `chatctl conversation ...` and `chatctl queue`.

use crate::cli::{ConversationCommand, TranscriptFormat, When};
use crate::error::{CliError, CliResult, Exit};
use crate::output::{Out, duration_ms, ellipsize, rfc3339_ms, time_ms};
use crate::session::Session;
use proto::conversations::{Conversation, ConversationStatus, Message, Phase, SenderKind};
use serde_json::json;
use std::collections::HashMap;
use std::path::Path;
use uuid::Uuid;

/// The most the server returns in one page, of conversations or messages.
const MAX_PAGE: u32 = 500;

/// How many to ask for per page: the most the server gives, or less when
/// `CHATCTL_PAGE_SIZE` says so (the tests use it to exercise paging).
fn page_size() -> u32 {
    std::env::var("CHATCTL_PAGE_SIZE")
        .ok()
        .and_then(|v| v.parse::<u32>().ok())
        .map_or(MAX_PAGE, |n| n.clamp(1, MAX_PAGE))
}

pub async fn run(s: &mut Session, out: Out, cmd: ConversationCommand) -> CliResult {
    match cmd {
        ConversationCommand::List {
            widget,
            status,
            phase,
            agent,
            since,
            until,
            limit,
        } => {
            let widget_id = match &widget {
                Some(w) => Some(widget_id(s, w).await?),
                None => None,
            };
            let agent_id = match &agent {
                Some(a) => Some(user_id(s, a).await?),
                None => None,
            };
            let filter = Filter {
                status: status.map(Into::into),
                phase: phase.map(Into::into),
                widget_id,
                agent_id,
                since,
                until,
                limit,
            };
            let list = list(s, out, &filter).await?;
            if out.json_mode() {
                out.json(&list);
                return Ok(());
            }
            let names =
                Names::load(s, true, list.iter().any(|c| c.assigned_agent_id.is_some())).await;
            let rows = list
                .iter()
                .map(|c| {
                    vec![
                        c.id.to_string(),
                        names.widget(c.widget_id),
                        c.status.as_str().into(),
                        phase_cell(c).into(),
                        names.user(c.assigned_agent_id),
                        c.last_seq.to_string(),
                        time_ms(c.created_at),
                        time_ms(c.updated_at),
                    ]
                })
                .collect();
            out.table(
                &[
                    "id", "widget", "status", "phase", "agent", "messages", "started", "updated",
                ],
                rows,
            );
            Ok(())
        }
        ConversationCommand::Show { id } => {
            let id = conversation_id(&id)?;
            let conv = get(s, id).await?;
            let messages = transcript(s, id).await?;
            let names = Names::load(s, true, conv.assigned_agent_id.is_some()).await;
            if out.json_mode() {
                out.json(&document(&conv, &names, &messages));
            } else {
                out.fields(&details(&conv, &names));
                crate::output::stdout(&format!("\n{}", transcript_text(&messages)));
            }
            Ok(())
        }
        ConversationCommand::Export { id, format, file } => {
            let id = conversation_id(&id)?;
            let format = format
                .or_else(|| file.as_deref().and_then(transcript_format_of))
                .unwrap_or(if out.json_mode() {
                    TranscriptFormat::Json
                } else {
                    TranscriptFormat::Markdown
                });
            let conv = get(s, id).await?;
            let messages = transcript(s, id).await?;
            let names = Names::load(s, true, conv.assigned_agent_id.is_some()).await;
            let text = match format {
                TranscriptFormat::Json => {
                    let v = document(&conv, &names, &messages);
                    serde_json::to_string_pretty(&v)
                        .map_err(|e| CliError::failure(format!("cannot encode JSON: {e}")))?
                        + "\n"
                }
                TranscriptFormat::Csv => csv(&conv, &messages),
                TranscriptFormat::Markdown => markdown(&conv, &names, &messages),
            };
            write_out(out, file.as_deref(), &text, &conv, messages.len())
        }
        ConversationCommand::Close { id } => {
            let id = conversation_id(&id)?;
            let conv = s
                .call(&format!("cannot close conversation {id}"), |c| async move {
                    c.close_conversation(id).await
                })
                .await
                .map_err(|e| not_found(e, id))?;
            if out.json_mode() {
                out.json(&conv);
            } else {
                let names = Names::load(s, true, conv.assigned_agent_id.is_some()).await;
                out.fields(&details(&conv, &names));
                out.note(&format!(
                    "Closed conversation {id}. A new message from the visitor opens it again."
                ));
            }
            Ok(())
        }
    }
}

/// `chatctl queue`.
pub async fn queue(s: &mut Session, out: Out) -> CliResult {
    let list = s
        .call("cannot read the queue", |c| async move { c.queue().await })
        .await?;
    if out.json_mode() {
        out.json(&list);
        return Ok(());
    }
    let names = Names::load(s, true, false).await;
    let now = crate::session::now_secs().saturating_mul(1000);
    let rows = list
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let since = c.queued_at.unwrap_or(c.updated_at);
            vec![
                (i + 1).to_string(),
                c.id.to_string(),
                names.widget(c.widget_id),
                duration_ms(now - since),
                c.escalation_reason
                    .as_deref()
                    .map_or_else(|| "-".into(), |r| ellipsize(r, 40)),
                c.last_seq.to_string(),
                time_ms(c.created_at),
            ]
        })
        .collect();
    out.table(
        &[
            "#", "id", "widget", "waiting", "reason", "messages", "started",
        ],
        rows,
    );
    if list.is_empty() {
        out.note("Nobody is waiting.");
    }
    Ok(())
}

/// What `conversation list` asks for.
struct Filter {
    status: Option<ConversationStatus>,
    phase: Option<Phase>,
    widget_id: Option<Uuid>,
    agent_id: Option<Uuid>,
    since: Option<When>,
    until: Option<When>,
    /// 0: all.
    limit: u32,
}

impl Filter {
    /// The filters the server does not apply: when the conversation started.
    fn started_in_range(&self, c: &Conversation) -> bool {
        self.since.is_none_or(|w| c.created_at >= w.start_ms)
            && self.until.is_none_or(|w| c.created_at < w.end_ms)
    }
}

/// Pages through the server's list (most recently updated first) until
/// `limit` conversations match. The server filters by status, phase, widget
/// and agent; the start time is checked here.
///
/// The server's `before` is strict and several conversations can share a
/// millisecond, so each next page starts at the oldest millisecond seen so
/// far (`before` = it + 1), asks for as many more as were already seen
/// there, and skips those.
async fn list(s: &mut Session, out: Out, f: &Filter) -> CliResult<Vec<Conversation>> {
    let want = if f.limit == 0 {
        usize::MAX
    } else {
        f.limit as usize
    };
    let page = page_size();
    let client_side = f.since.is_some() || f.until.is_some();
    let mut found = Vec::new();
    // Every conversation seen, with its updated_at.
    let mut seen: HashMap<Uuid, i64> = HashMap::new();
    let mut before: Option<i64> = None;
    // How many of the seen were updated in the millisecond before `before`.
    let mut at_cursor = 0;
    let (status, phase, widget_id, agent_id) = (f.status, f.phase, f.widget_id, f.agent_id);
    loop {
        // One exact request when the server's filters are all there is.
        let size = if !client_side && before.is_none() && want <= page as usize {
            u32::try_from(want).unwrap_or(page)
        } else {
            page.saturating_add(at_cursor).min(MAX_PAGE)
        };
        let cursor = before;
        let list = s
            .call("cannot list conversations", |c| async move {
                c.list_conversations_filtered(
                    status,
                    phase,
                    widget_id,
                    agent_id,
                    cursor,
                    Some(size),
                )
                .await
            })
            .await?;
        let full = list.len() >= size as usize;
        let Some(oldest) = list.last().map(|c| c.updated_at) else {
            break;
        };
        let mut fresh = 0;
        for c in list {
            if seen.insert(c.id, c.updated_at).is_some() {
                continue;
            }
            fresh += 1;
            if f.started_in_range(&c) {
                found.push(c);
                if found.len() >= want {
                    return Ok(found);
                }
            }
        }
        if !full {
            break;
        }
        // A conversation is updated no earlier than it started: once the
        // pages reach before --since, nothing further can match.
        if f.since.is_some_and(|w| oldest < w.start_ms) {
            break;
        }
        if fresh == 0 {
            // A whole page in one millisecond: step over it.
            if size >= MAX_PAGE {
                out.warn(&format!(
                    "more than {MAX_PAGE} conversations were updated at {}; some of them may be missing",
                    time_ms(oldest)
                ));
            }
            before = Some(oldest);
            at_cursor = 0;
        } else {
            before = Some(oldest.saturating_add(1));
            at_cursor =
                u32::try_from(seen.values().filter(|t| **t == oldest).count()).unwrap_or(MAX_PAGE);
        }
    }
    Ok(found)
}

/// A conversation ID from the command line.
fn conversation_id(raw: &str) -> CliResult<Uuid> {
    Uuid::parse_str(raw.trim()).map_err(|_| {
        CliError::usage(format!("{raw:?} is not a conversation ID"))
            .hint("conversation IDs are UUIDs; `chatctl conversation list` shows them")
    })
}

fn not_found(e: CliError, id: Uuid) -> CliError {
    match e.exit {
        Exit::NotFound => CliError::not_found(format!("no conversation with ID {id}"))
            .hint("`chatctl conversation list` shows the conversations"),
        _ => e,
    }
}

async fn get(s: &mut Session, id: Uuid) -> CliResult<Conversation> {
    s.call(&format!("cannot get conversation {id}"), |c| async move {
        c.get_conversation(id).await
    })
    .await
    .map_err(|e| not_found(e, id))
}

/// Every message, in seq order, a page at a time.
async fn transcript(s: &mut Session, id: Uuid) -> CliResult<Vec<Message>> {
    let mut all: Vec<Message> = Vec::new();
    let mut after = 0;
    let size = page_size();
    loop {
        let from = after;
        let page = s
            .call(
                &format!("cannot read the messages of conversation {id}"),
                |c| async move { c.conversation_messages(id, from, Some(size)).await },
            )
            .await
            .map_err(|e| not_found(e, id))?;
        for m in page.messages {
            // Each message once, in order, whatever the server sends.
            if m.seq > after {
                after = m.seq;
                all.push(m);
            }
        }
        if !page.more {
            break;
        }
        if after == from {
            return Err(CliError::failure(format!(
                "cannot read the messages of conversation {id}: the server says more follow \
                 message {after} but sends none"
            ))
            .hint("this is a server bug; report it with chatd's version (`chatctl status`)"));
        }
    }
    Ok(all)
}

/// Finds a widget ID; an ID is taken as it is (agents may not list widgets).
async fn widget_id(s: &mut Session, key: &str) -> CliResult<Uuid> {
    if let Ok(id) = Uuid::parse_str(key.trim()) {
        return Ok(id);
    }
    super::widgets::resolve(s, key)
        .await
        .map(|w| w.id)
        .map_err(|e| match e.exit {
            Exit::Failure if e.message.contains("admin role") => {
                e.hint("an agent may not look widgets up by name: pass the widget's ID instead")
            }
            _ => e,
        })
}

/// Finds a user ID; an ID is taken as it is (agents may not list users).
async fn user_id(s: &mut Session, key: &str) -> CliResult<Uuid> {
    if let Ok(id) = Uuid::parse_str(key.trim()) {
        return Ok(id);
    }
    super::users::resolve(s, key)
        .await
        .map(|u| u.id)
        .map_err(|e| match e.exit {
            Exit::Failure if e.message.contains("admin role") => {
                e.hint("an agent may not look users up by email: pass the user's ID instead")
            }
            _ => e,
        })
}

/// Widget names and user emails for people to read, when the caller may
/// list them (an agent may not, and sees IDs).
#[derive(Default)]
struct Names {
    widgets: HashMap<Uuid, String>,
    users: HashMap<Uuid, String>,
}

impl Names {
    async fn load(s: &mut Session, widgets: bool, users: bool) -> Self {
        let mut n = Self::default();
        if widgets && let Ok(list) = s.call("", |c| async move { c.list_widgets().await }).await {
            n.widgets = list.into_iter().map(|w| (w.id, w.name)).collect();
        }
        if users && let Ok(list) = s.call("", |c| async move { c.list_users().await }).await {
            n.users = list.into_iter().map(|u| (u.id, u.email)).collect();
        }
        n
    }

    fn widget_name(&self, id: Uuid) -> Option<&str> {
        self.widgets.get(&id).map(String::as_str)
    }

    fn widget(&self, id: Uuid) -> String {
        self.widget_name(id)
            .map_or_else(|| id.to_string(), str::to_string)
    }

    fn user(&self, id: Option<Uuid>) -> String {
        match id {
            None => "-".into(),
            Some(id) => self
                .users
                .get(&id)
                .cloned()
                .unwrap_or_else(|| id.to_string()),
        }
    }
}

/// The phase, or `-` for a closed conversation (its phase no longer matters).
fn phase_cell(c: &Conversation) -> &'static str {
    match c.status {
        ConversationStatus::Closed => "-",
        ConversationStatus::Open => c.phase.as_str(),
    }
}

/// The JSON of `show` and of a JSON export.
fn document(conv: &Conversation, names: &Names, messages: &[Message]) -> serde_json::Value {
    json!({
        "conversation": conv,
        "widget_name": names.widget_name(conv.widget_id),
        "messages": messages,
    })
}

fn prechat_text(conv: &Conversation) -> String {
    conv.prechat
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A conversation's fields for `show` and `close`; the optional ones only
/// when they are set.
fn details(c: &Conversation, names: &Names) -> Vec<(&'static str, String)> {
    let widget = match names.widget_name(c.widget_id) {
        Some(n) => format!("{n} ({})", c.widget_id),
        None => c.widget_id.to_string(),
    };
    let mut f = vec![
        ("id", c.id.to_string()),
        ("widget", widget),
        ("status", c.status.as_str().into()),
        ("phase", phase_cell(c).into()),
        ("agent", names.user(c.assigned_agent_id)),
        ("messages", c.last_seq.to_string()),
        ("started", time_ms(c.created_at)),
        ("updated", time_ms(c.updated_at)),
    ];
    let mut opt = |k: &'static str, v: Option<String>| {
        if let Some(v) = v {
            f.push((k, v));
        }
    };
    opt(
        "escalated",
        c.escalated_at.map(|t| match &c.escalation_reason {
            Some(r) => format!("{} ({r})", time_ms(t)),
            None => time_ms(t),
        }),
    );
    opt("queued", c.queued_at.map(time_ms));
    opt("assigned", c.assigned_at.map(time_ms));
    opt("first_response", c.first_response_at.map(time_ms));
    opt("closed", c.closed_at.map(time_ms));
    opt(
        "rating",
        c.rating.map(|r| match &c.rating_comment {
            Some(cm) => format!("{r}/5: {cm}"),
            None => format!("{r}/5"),
        }),
    );
    opt("page_url", c.page_url.clone());
    opt("prechat", (!c.prechat.is_empty()).then(|| prechat_text(c)));
    opt("summary", c.summary.clone());
    f
}

/// Who wrote a message, for people.
fn who(m: &Message) -> String {
    match (m.sender, &m.author_name) {
        (SenderKind::Agent, Some(n)) => format!("agent {n}"),
        (k, _) => k.as_str().into(),
    }
}

/// The transcript as `show` prints it.
fn transcript_text(messages: &[Message]) -> String {
    let mut s = String::new();
    if messages.is_empty() {
        s.push_str("(no messages)\n");
    }
    for m in messages {
        let mut lines = m.body.lines();
        s.push_str(&format!(
            "[{}] #{} {}: {}\n",
            time_ms(m.created_at),
            m.seq,
            who(m),
            lines.next().unwrap_or("")
        ));
        for l in lines {
            s.push_str(&format!("    {l}\n"));
        }
    }
    s
}

/// One CSV field (RFC 4180): quoted when it holds a comma, quote or line break.
fn csv_field(v: &str) -> String {
    if v.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", v.replace('"', "\"\""))
    } else {
        v.to_string()
    }
}

/// The transcript as CSV: a header, then one row per message, CRLF line ends.
fn csv(conv: &Conversation, messages: &[Message]) -> String {
    let mut s =
        String::from("conversation_id,seq,created_at,sender,author_id,author_name,body\r\n");
    for m in messages {
        let row = [
            conv.id.to_string(),
            m.seq.to_string(),
            rfc3339_ms(m.created_at),
            m.sender.as_str().to_string(),
            m.author_id.map(|a| a.to_string()).unwrap_or_default(),
            m.author_name.clone().unwrap_or_default(),
            m.body.clone(),
        ];
        let row: Vec<String> = row.iter().map(|v| csv_field(v)).collect();
        s.push_str(&row.join(","));
        s.push_str("\r\n");
    }
    s
}

/// Text from visitors and agents made inert in Markdown: no HTML.
fn md_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The transcript as a Markdown document.
fn markdown(conv: &Conversation, names: &Names, messages: &[Message]) -> String {
    let mut s = format!("# Conversation {}\n\n", conv.id);
    for (k, v) in details(conv, names) {
        if k == "id" {
            continue;
        }
        s.push_str(&format!(
            "- **{k}**: {}\n",
            md_escape(&v.replace('\n', " "))
        ));
    }
    s.push_str("\n## Transcript\n");
    if messages.is_empty() {
        s.push_str("\n_No messages._\n");
    }
    for m in messages {
        s.push_str(&format!(
            "\n**#{} {}** · {}\n\n",
            m.seq,
            md_escape(&who(m)),
            time_ms(m.created_at)
        ));
        for l in m.body.lines() {
            let l = md_escape(l);
            if l.is_empty() {
                s.push_str(">\n");
            } else {
                s.push_str(&format!("> {l}\n"));
            }
        }
        if m.body.is_empty() {
            s.push_str(">\n");
        }
    }
    s
}

/// The transcript format a file's extension says.
fn transcript_format_of(path: &Path) -> Option<TranscriptFormat> {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("json") => Some(TranscriptFormat::Json),
        Some("csv") => Some(TranscriptFormat::Csv),
        Some("md" | "markdown") => Some(TranscriptFormat::Markdown),
        _ => None,
    }
}

fn write_out(
    out: Out,
    file: Option<&Path>,
    text: &str,
    conv: &Conversation,
    count: usize,
) -> CliResult {
    match file {
        Some(path) => {
            std::fs::write(path, text)
                .map_err(|e| CliError::failure(format!("cannot write {}: {e}", path.display())))?;
            out.note(&format!(
                "Wrote {count} messages of conversation {} to {}.",
                conv.id,
                path.display()
            ));
        }
        None => crate::output::stdout(text),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn msg(seq: i64, sender: SenderKind, body: &str) -> Message {
        Message {
            conversation_id: Uuid::nil(),
            seq,
            client_id: format!("c{seq}"),
            sender,
            author_id: None,
            author_name: (sender == SenderKind::Agent).then(|| "Sam".to_string()),
            body: body.into(),
            created_at: 1_700_000_000_000 + seq,
        }
    }

    #[test]
    fn csv_quotes_what_needs_it() {
        let conv = Conversation::default();
        let text = csv(
            &conv,
            &[
                msg(1, SenderKind::Visitor, "plain"),
                msg(2, SenderKind::Agent, "a, \"b\"\nc"),
            ],
        );
        let lines: Vec<&str> = text.split("\r\n").collect();
        assert_eq!(
            lines[0],
            "conversation_id,seq,created_at,sender,author_id,author_name,body"
        );
        assert!(
            lines[1].ends_with(",1,2023-11-14T22:13:20.001Z,visitor,,,plain"),
            "{}",
            lines[1]
        );
        assert!(
            lines[2].ends_with(",agent,,Sam,\"a, \"\"b\"\"\nc\""),
            "{}",
            lines[2]
        );
    }

    #[test]
    fn markdown_keeps_html_out() {
        let conv = Conversation::default();
        let md = markdown(
            &conv,
            &Names::default(),
            &[
                msg(1, SenderKind::Visitor, "<script>x</script>\n\nok"),
                msg(2, SenderKind::Ai, ""),
            ],
        );
        assert!(md.contains("**#1 visitor**"), "{md}");
        assert!(
            md.contains("> &lt;script&gt;x&lt;/script&gt;\n>\n> ok\n"),
            "{md}"
        );
        assert!(md.contains("**#2 ai**"), "{md}");
        assert!(!md.contains("<script>"), "{md}");
    }

    #[test]
    fn transcript_lines_indent_continuations() {
        let t = transcript_text(&[msg(3, SenderKind::Agent, "one\ntwo")]);
        assert_eq!(t, "[2023-11-14 22:13:20Z] #3 agent Sam: one\n    two\n");
    }
}
