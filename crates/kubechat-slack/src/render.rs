//! Messages in Slack's Block Kit, built from what an answer holds.
//!
//! Text from the cluster or a person is escaped (`&`, `<`, `>`) so it can
//! never become a mention (`<!channel>`, `<@U…>`) or a link; tables go in
//! code blocks cut at a bound that stays inside Slack's limits (3,000
//! characters per section, 50 blocks per message), saying how many rows
//! were left out and where to see them all.

use serde_json::{Value, json};

/// Rows of a table shown in Slack; the rest are counted and linked.
pub const MAX_ROWS: usize = 40;
/// Characters of one code block (Slack's section limit is 3,000).
pub const MAX_BLOCK_CHARS: usize = 2800;

/// The action ids of KubeChat's buttons.
pub const CONFIRM: &str = "kubechat_confirm";
pub const CANCEL: &str = "kubechat_cancel";
/// Opens the modal where a destructive change's name is typed.
pub const TYPED: &str = "kubechat_typed";
pub const APPROVE: &str = "kubechat_approve";
pub const REJECT: &str = "kubechat_reject";
/// The modal's callback id, and its input's block and action ids.
pub const TYPED_VIEW: &str = "kubechat_typed_view";
pub const TYPED_INPUT: &str = "phrase";

/// `s` with Slack's three control characters escaped.
pub fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A message: the notification text and its blocks.
#[derive(Debug, Clone, PartialEq)]
pub struct Message {
    pub text: String,
    pub blocks: Vec<Value>,
}

impl Message {
    /// The body for `chat.postMessage` / a `response_url`.
    pub fn to_json(&self) -> Value {
        json!({"text": self.text, "blocks": self.blocks})
    }
}

fn section(mrkdwn: String) -> Value {
    json!({"type": "section", "text": {"type": "mrkdwn", "text": mrkdwn}})
}

fn context(mrkdwn: String) -> Value {
    json!({"type": "context", "elements": [{"type": "mrkdwn", "text": mrkdwn}]})
}

/// `text` in a code block, escaped, at most [`MAX_ROWS`] lines (plus a
/// header line) and [`MAX_BLOCK_CHARS`] characters; returns the block and
/// how many lines were cut.
pub fn code_block(text: &str) -> (String, usize) {
    let lines: Vec<&str> = text.lines().collect();
    let mut kept = Vec::new();
    let mut size = 0;
    for l in lines.iter().take(MAX_ROWS + 1) {
        // Backticks would end the block early.
        let l = escape(l).replace("```", "'''");
        if size + l.len() + 1 > MAX_BLOCK_CHARS {
            break;
        }
        size += l.len() + 1;
        kept.push(l);
    }
    let cut = lines.len() - kept.len();
    (format!("```{}```", kept.join("\n")), cut)
}

/// The kubectl line of an answer, as code.
fn kubectl_line(kubectl: &str) -> String {
    format!("`$ {}`", cut(&escape(kubectl).replace('`', "'"), 1000))
}

/// `s` cut to `max` characters, saying so.
fn cut(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_owned();
    }
    let kept: String = s.chars().take(max).collect();
    format!("{kept}… (cut)")
}

/// A code block of changes, and a line saying how many were left out.
fn changes_blocks(changes: &str, blocks: &mut Vec<Value>) {
    if changes.trim().is_empty() {
        return;
    }
    let (block, left_out) = code_block(changes);
    blocks.push(section(block));
    if left_out > 0 {
        blocks.push(context(format!(
            "{left_out} more lines of changes not shown: see them all in KubeChat before you decide"
        )));
    }
}

/// An answer: the kubectl line, the summary, the body (a table or text in
/// a code block, cut with a count and a link to the whole), and `extra`
/// sections (diagnosis findings).
pub fn answer(kubectl: &str, summary: &str, body: &str, extra: &[String], more: &str) -> Message {
    let mut blocks = vec![section(format!(
        "{}\n{}",
        kubectl_line(kubectl),
        cut(&escape(summary), 1500)
    ))];
    if !body.trim().is_empty() {
        let (block, cut) = code_block(body);
        blocks.push(section(block));
        if cut > 0 {
            blocks.push(context(format!(
                "{cut} more lines not shown — <{}|see them all in KubeChat>",
                escape(more)
            )));
        }
    }
    for e in extra.iter().take(10) {
        let t: String = escape(e).chars().take(MAX_BLOCK_CHARS).collect();
        blocks.push(section(t));
    }
    Message {
        text: cut(&escape(summary), 1500),
        blocks,
    }
}

/// How a preview is confirmed in Slack.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Confirm {
    /// Confirm / Cancel buttons.
    Buttons,
    /// "Confirm…" opens a modal where the object's name is typed.
    Typed,
    /// Another admin approves it; the asker may cancel.
    Approval,
}

/// A change's dry-run preview with buttons carrying the plan id (only
/// the person who asked may press them; the server checks). `how` says
/// what confirming needs beyond a click.
pub fn preview(
    kubectl: &str,
    changes: &str,
    plan_id: &str,
    confirm: Confirm,
    how: Option<&str>,
) -> Message {
    let mut blocks = vec![section(format!(
        "*Preview* (server-side dry run, nothing changed yet)\n{}",
        kubectl_line(kubectl)
    ))];
    changes_blocks(changes, &mut blocks);
    if let Some(h) = how {
        blocks.push(context(escape(h)));
    }
    let cancel = json!({"type": "button", "action_id": CANCEL, "value": plan_id,
                        "text": {"type": "plain_text", "text": "Cancel"}});
    let first = match confirm {
        Confirm::Buttons => Some(
            json!({"type": "button", "action_id": CONFIRM, "style": "primary",
            "value": plan_id, "text": {"type": "plain_text", "text": "Confirm"}}),
        ),
        Confirm::Typed => Some(
            json!({"type": "button", "action_id": TYPED, "style": "danger",
            "value": plan_id, "text": {"type": "plain_text", "text": "Confirm…"}}),
        ),
        Confirm::Approval => None,
    };
    blocks.push(json!({
        "type": "actions",
        "block_id": "kubechat_plan",
        "elements": first.into_iter().chain([cancel]).collect::<Vec<_>>(),
    }));
    Message {
        text: format!("Preview: {}", escape(kubectl)),
        blocks,
    }
}

/// A change waiting for a second admin, for the approvals channel:
/// who asked, what it does, **Approve** / **Reject**.
pub fn approval_request(asker: &str, kubectl: &str, changes: &str, plan_id: &str) -> Message {
    let mut blocks = vec![section(format!(
        "*{}* asks for a destructive change that needs another admin:\n{}",
        escape(asker),
        kubectl_line(kubectl)
    ))];
    changes_blocks(changes, &mut blocks);
    blocks.push(json!({
        "type": "actions",
        "block_id": "kubechat_approval",
        "elements": [
            {"type": "button", "action_id": APPROVE, "style": "primary", "value": plan_id,
             "text": {"type": "plain_text", "text": "Approve"}},
            {"type": "button", "action_id": REJECT, "style": "danger", "value": plan_id,
             "text": {"type": "plain_text", "text": "Reject"}}
        ]
    }));
    Message {
        text: format!("Approval needed: {}", escape(kubectl)),
        blocks,
    }
}

/// The modal of a destructive change: the object's name is typed to
/// confirm. `metadata` comes back with the submission (the plan, and
/// where to answer).
pub fn typed_modal(kubectl: &str, phrase: &str, metadata: &str) -> Value {
    json!({
        "type": "modal",
        "callback_id": TYPED_VIEW,
        "private_metadata": metadata,
        "title": {"type": "plain_text", "text": "Confirm the change"},
        "submit": {"type": "plain_text", "text": "Run it"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": [
            section(format!("This is destructive:\n{}", kubectl_line(kubectl))),
            {"type": "input", "block_id": TYPED_INPUT,
             "label": {"type": "plain_text", "text": format!("Type {} to confirm", phrase.chars().take(60).collect::<String>())},
             "element": {"type": "plain_text_input", "action_id": TYPED_INPUT}}
        ]
    })
}

/// A short message (a refusal, a prompt, a decision).
pub fn note(text: &str) -> Message {
    Message {
        text: escape(text),
        blocks: vec![section(escape(text))],
    }
}

/// A short message with one link, escaped apart from the link itself.
pub fn note_with_link(text: &str, url: &str, label: &str) -> Message {
    let t = format!("{} <{}|{}>", escape(text), escape(url), escape(label));
    Message {
        text: escape(text),
        blocks: vec![section(t)],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cluster_text_never_becomes_a_mention_or_a_link() {
        let m = answer(
            "kubectl get pods",
            "2 pods <!channel>",
            "NAME  STATUS\n<@U123>  Running\nhttp://evil|x ```",
            &[],
            "http://k/#/s",
        );
        let all = m.to_json().to_string();
        assert!(
            !all.contains("<!channel>") && !all.contains("<@U123>"),
            "{all}"
        );
        assert!(all.contains("&lt;!channel&gt;"));
        assert_eq!(all.matches("```").count(), 2, "one code block: {all}");
    }

    #[test]
    fn long_tables_are_cut_and_counted() {
        let body: String = (0..100).map(|i| format!("pod-{i}   Running\n")).collect();
        let m = answer("kubectl get pods", "100 pods", &body, &[], "http://k/#/s");
        let all = m.to_json().to_string();
        assert!(all.contains("more lines not shown"), "{all}");
        assert!(all.contains("pod-39") && !all.contains("pod-41"));
        let huge = "x".repeat(10_000);
        let (block, cut) = code_block(&huge);
        assert!(block.len() <= MAX_BLOCK_CHARS + 6 && cut == 1);
    }

    #[test]
    fn a_preview_carries_the_plan_on_both_buttons() {
        let m = preview(
            "kubectl scale deployment/web --replicas=3",
            "deployment/web spec.replicas 1 → 3",
            "p-1",
            Confirm::Buttons,
            None,
        );
        let actions = m.blocks.last().unwrap();
        assert_eq!(actions["elements"][0]["action_id"], CONFIRM);
        assert_eq!(actions["elements"][0]["value"], "p-1");
        assert_eq!(actions["elements"][1]["action_id"], CANCEL);
    }
}
