//! `chatctl stats` over a small journey: a conversation started on the
//! Demo widget, handed to a person, answered, closed and rated.

use crate::harness::{ADMIN, Chatd, Ctl};
use proto::Client;
use proto::conversations::{SendMessage, StartConversation};
use serde_json::Value;

/// Runs the journey through the API, as the widget and an agent's app do.
fn journey(chatd: &Chatd) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let base = Client::new(&chatd.url);
    rt.block_on(async {
        let pair = base.login(ADMIN, &chatd.admin_password()).await.unwrap();
        let admin = base.with_token(pair.access_token);
        let demo = admin
            .list_widgets()
            .await
            .unwrap()
            .into_iter()
            .find(|w| w.name == "Demo")
            .unwrap();
        let started = base
            .start_conversation(&StartConversation {
                site_key: demo.site_key,
                ..StartConversation::default()
            })
            .await
            .unwrap();
        let id = started.conversation_id;
        let visitor = base.with_token(started.visitor_token);
        visitor.visitor_handoff(id).await.unwrap();
        admin.accept_conversation(id).await.unwrap();
        admin
            .send_message(
                id,
                &SendMessage {
                    client_id: "stats-1".into(),
                    body: "Hello, how can I help?".into(),
                },
            )
            .await
            .unwrap();
        admin.close_conversation(id).await.unwrap();
        visitor.visitor_rate(id, 4, Some("fine")).await.unwrap();
    });
}

fn figures(v: &Value) -> (u64, u64, u64, u64, f64, u64) {
    (
        v["conversations"].as_u64().unwrap(),
        v["escalated"].as_u64().unwrap(),
        v["assigned"].as_u64().unwrap(),
        v["closed"].as_u64().unwrap(),
        v["csat_avg"].as_f64().unwrap_or(f64::NAN),
        v["csat_count"].as_u64().unwrap(),
    )
}

#[test]
fn stats_after_a_journey() {
    let chatd = Chatd::start();
    let ctl = Ctl::admin(&chatd);
    let admin_name = ctl.json(&["whoami"])["user"]["name"]
        .as_str()
        .unwrap()
        .to_string();
    journey(&chatd);

    // JSON: the server's object, whatever --by says.
    let stats = ctl.json(&["stats", "--by", "agent"]);
    for key in ["from", "to", "totals", "by_day", "by_widget", "by_agent"] {
        assert!(stats.get(key).is_some(), "no {key} in {stats:#}");
    }
    assert_eq!(figures(&stats["totals"]), (1, 1, 1, 1, 4.0, 1), "{stats:#}");
    assert!(stats["totals"]["avg_handle_secs"].is_number(), "{stats:#}");
    assert_eq!(stats["by_agent"][0]["name"], admin_name.as_str());
    assert_eq!(stats["by_widget"][0]["name"], "Demo");
    let today = time::OffsetDateTime::now_utc().date().to_string();
    assert_eq!(stats["by_day"][0]["day"], today.as_str());

    // Tables.
    let by_agent = ctl.ok(&["stats", "--by", "agent"]);
    let agent_row = by_agent
        .stdout
        .lines()
        .find(|l| l.starts_with(&admin_name))
        .unwrap_or_else(|| panic!("no row for {admin_name:?}:\n{}", by_agent.stdout));
    assert!(agent_row.contains("4.0 (1)"), "{agent_row}");
    assert!(by_agent.stdout.starts_with("AGENT"), "{}", by_agent.stdout);
    let by_day = ctl.ok(&["stats"]).stdout;
    for part in ["DAY", "FIRST RESPONSE", "HANDLE", "CSAT", &today, "total"] {
        assert!(by_day.contains(part), "no {part:?} in:\n{by_day}");
    }
    let by_widget = ctl.ok(&["stats", "--by", "widget"]).stdout;
    assert!(
        by_widget.lines().any(|l| l.starts_with("Demo ")),
        "{by_widget}"
    );
    ctl.ok(&["stats", "--by", "total"]).stdout_has(&[
        "conversations:",
        "csat:",
        "4.0 (1)",
        "avg handle:",
    ]);

    // A widget by name or ID, and a range.
    ctl.ok(&["widget", "create", "Shop"]);
    let demo = ctl.json(&["stats", "--widget", "Demo"]);
    assert_eq!(demo["totals"]["conversations"], 1);
    let shop_id = ctl.json(&["widget", "show", "Shop"])["id"]
        .as_str()
        .unwrap()
        .to_string();
    let shop = ctl.json(&["stats", "--widget", &shop_id]);
    assert_eq!(shop["totals"]["conversations"], 0);
    let old = ctl.json(&["stats", "--from", "2000-01-01", "--to", "2000-01-31"]);
    assert_eq!(old["from"], 946_684_800_000_i64);
    // A date alone for --to is the whole day: up to the next midnight.
    assert_eq!(old["to"], 949_363_200_000_i64);
    assert_eq!(old["totals"]["conversations"], 0);
    ctl.ok(&["stats", "--from", "2000-01-01", "--to", "2000-01-31"])
        .stderr_has(&["No conversations started in this range."]);
    let today_only = ctl.json(&["stats", "--from", &today, "--to", &today]);
    assert_eq!(today_only["totals"]["conversations"], 1);

    // Mistakes.
    ctl.cmd(&["stats", "--from", "2000-02-01", "--to", "2000-01-01"])
        .run()
        .code(2)
        .stderr_has(&["is not before --to"]);
    ctl.cmd(&["stats", "--widget", "Nope"])
        .run()
        .code(3)
        .stderr_has(&["no widget named \"Nope\""]);
    ctl.cmd(&["stats", "--from", "last tuesday"])
        .run()
        .code(2)
        .stderr_has(&["is not a time"]);
}

#[test]
fn stats_need_the_admin_role() {
    let chatd = Chatd::start();
    let admin = Ctl::admin(&chatd);
    admin
        .cmd(&["user", "add", "sam@example.com", "--password-stdin"])
        .stdin("correct horse battery\n")
        .run()
        .ok();
    let agent = Ctl::new();
    agent
        .login(&chatd, "sam@example.com", "correct horse battery")
        .ok();
    agent
        .cmd(&["stats"])
        .run()
        .code(1)
        .stderr_has(&["cannot read the statistics", "admin role"]);
}
