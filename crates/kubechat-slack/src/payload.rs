//! The bodies Slack sends, read only after the signature is verified:
//! slash commands (form fields), Events API callbacks (JSON) and
//! interactions (a form field `payload` holding JSON). Fields KubeChat
//! does not use are ignored, as Slack adds fields over time; the ones it
//! uses are bounded.

use serde::Deserialize;

use crate::{Error, Result};

/// Longest text read from one Slack message or command.
pub const MAX_TEXT: usize = 4000;

fn bounded(field: &str, v: &str, max: usize) -> Result<()> {
    if v.len() > max {
        return Err(Error::Payload(format!(
            "{field} is longer than {max} bytes"
        )));
    }
    Ok(())
}

/// `/kubechat …` as Slack posts it.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
pub struct SlashCommand {
    pub team_id: String,
    pub user_id: String,
    pub channel_id: String,
    #[serde(default)]
    pub command: String,
    #[serde(default)]
    pub text: String,
    pub response_url: String,
    #[serde(default)]
    pub trigger_id: String,
}

impl SlashCommand {
    pub fn parse(body: &[u8]) -> Result<Self> {
        let c: Self = serde_urlencoded_from(body)?;
        bounded("text", &c.text, MAX_TEXT)?;
        for (f, v) in [
            ("team_id", &c.team_id),
            ("user_id", &c.user_id),
            ("channel_id", &c.channel_id),
        ] {
            slack_id(f, v)?;
        }
        Ok(c)
    }
}

/// A Slack id (`T…`, `U…`, `C…`, `D…`): letters and digits, bounded.
pub fn slack_id(field: &str, v: &str) -> Result<()> {
    if v.is_empty() || v.len() > 32 || !v.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(Error::Payload(format!("{field} is not a Slack id")));
    }
    Ok(())
}

fn serde_urlencoded_from<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T> {
    let pairs: serde_json::Map<String, serde_json::Value> = url::form_urlencoded::parse(body)
        .map(|(k, v)| (k.into_owned(), serde_json::Value::String(v.into_owned())))
        .collect();
    serde_json::from_value(serde_json::Value::Object(pairs))
        .map_err(|e| Error::Payload(format!("not a slash command form: {e}")))
}

/// An Events API request.
#[derive(Debug, Clone, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum EventRequest {
    /// Sent once when the Request URL is saved: echo the challenge.
    UrlVerification { challenge: String },
    EventCallback {
        team_id: String,
        event_id: String,
        event: Box<Event>,
    },
    /// Anything else (app_rate_limited, …): acknowledged, ignored.
    #[serde(other)]
    Other,
}

/// The part of an event KubeChat reads: mentions and direct messages.
#[derive(Debug, Clone, Deserialize)]
pub struct Event {
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub user: Option<String>,
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub channel: Option<String>,
    #[serde(default)]
    pub channel_type: Option<String>,
    #[serde(default)]
    pub ts: Option<String>,
    #[serde(default)]
    pub thread_ts: Option<String>,
    /// Set on messages bots post (KubeChat's own answers included):
    /// never answered, so the bot cannot talk to itself.
    #[serde(default)]
    pub bot_id: Option<String>,
    #[serde(default)]
    pub subtype: Option<String>,
}

impl EventRequest {
    pub fn parse(body: &[u8]) -> Result<Self> {
        let r: Self = serde_json::from_slice(body)
            .map_err(|e| Error::Payload(format!("not an Events API request: {e}")))?;
        if let Self::EventCallback {
            team_id,
            event_id,
            event,
        } = &r
        {
            slack_id("team_id", team_id)?;
            bounded("event_id", event_id, 64)?;
            bounded("event.text", &event.text, MAX_TEXT)?;
        }
        Ok(r)
    }
}

impl Event {
    /// Whether this is a person asking KubeChat: a mention, or a direct
    /// message, not from a bot and not an edit or a join.
    pub fn is_question(&self) -> bool {
        let asked = self.kind == "app_mention"
            || (self.kind == "message" && self.channel_type.as_deref() == Some("im"));
        asked && self.bot_id.is_none() && self.subtype.is_none() && self.user.is_some()
    }

    /// The text without the leading mention of the bot (`<@U123> show
    /// pods` → `show pods`).
    pub fn question(&self) -> &str {
        let t = self.text.trim();
        match t.strip_prefix("<@").and_then(|r| r.split_once('>')) {
            Some((_, rest)) => rest.trim(),
            None => t,
        }
    }
}

/// An interaction (a button pressed, a modal submitted): the form field
/// `payload`.
#[derive(Debug, Clone, Deserialize)]
pub struct Interaction {
    #[serde(rename = "type")]
    pub kind: String,
    pub user: IdOnly,
    #[serde(default)]
    pub team: Option<IdOnly>,
    #[serde(default)]
    pub actions: Vec<Action>,
    #[serde(default)]
    pub response_url: Option<String>,
    #[serde(default)]
    pub channel: Option<IdOnly>,
    #[serde(default)]
    pub message: Option<MessageRef>,
    #[serde(default)]
    pub trigger_id: Option<String>,
    /// For `view_submission`: the modal and what was typed into it.
    #[serde(default)]
    pub view: Option<serde_json::Value>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct IdOnly {
    pub id: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct MessageRef {
    pub ts: String,
    #[serde(default)]
    pub thread_ts: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Action {
    pub action_id: String,
    #[serde(default)]
    pub value: Option<String>,
}

impl Interaction {
    /// For a `view_submission` of KubeChat's modal: its callback id, its
    /// private metadata, and what was typed into its input.
    pub fn submitted(&self) -> Option<(&str, &str, &str)> {
        let v = self.view.as_ref()?;
        let typed =
            v["state"]["values"][crate::render::TYPED_INPUT][crate::render::TYPED_INPUT]["value"]
                .as_str()
                .unwrap_or("");
        Some((
            v["callback_id"].as_str()?,
            v["private_metadata"].as_str().unwrap_or(""),
            typed,
        ))
    }

    pub fn parse(body: &[u8]) -> Result<Self> {
        let payload = url::form_urlencoded::parse(body)
            .find(|(k, _)| k == "payload")
            .map(|(_, v)| v.into_owned())
            .ok_or_else(|| Error::Payload("an interaction has a payload field".into()))?;
        let i: Self = serde_json::from_str(&payload)
            .map_err(|e| Error::Payload(format!("not an interaction payload: {e}")))?;
        slack_id("user.id", &i.user.id)?;
        if let Some(t) = &i.team {
            slack_id("team.id", &t.id)?;
        }
        if i.actions.len() > 5 {
            return Err(Error::Payload("more than 5 actions".into()));
        }
        Ok(i)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_slash_command_as_slack_documents_it() {
        let body = b"token=gIkuvaNzQIHg97ATvDxqgjtO&team_id=T0001&team_domain=example&enterprise_id=E0001&enterprise_name=Globular%20Construct%20Inc&channel_id=C2147483705&channel_name=test&user_id=U2147483697&user_name=Steve&command=%2Fkubechat&text=show%20pods%20in%20shop&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2F1234%2F5678&trigger_id=13345224609.738474920.8088930838d88f008e0&api_app_id=A123456";
        let c = SlashCommand::parse(body).unwrap();
        assert_eq!(c.text, "show pods in shop");
        assert_eq!(c.user_id, "U2147483697");
        assert_eq!(c.response_url, "https://hooks.slack.com/commands/1234/5678");
        assert!(SlashCommand::parse(b"text=x").is_err());
        assert!(
            SlashCommand::parse(b"team_id=T%3Cscript&user_id=U1&channel_id=C1&response_url=x")
                .is_err()
        );
    }

    #[test]
    fn events_and_interactions_as_slack_documents_them() {
        let v = EventRequest::parse(br#"{"token":"Jhj5dZrVaK7ZwHHjRyZWjbDl","challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P","type":"url_verification"}"#).unwrap();
        assert!(
            matches!(v, EventRequest::UrlVerification { challenge } if challenge.starts_with("3eZ"))
        );
        let m = EventRequest::parse(br#"{"token":"x","team_id":"T061EG9R6","api_app_id":"A0MDYCDME","event":{"type":"app_mention","user":"U061F7AUR","text":"<@U0LAN0Z89> is it everything a river should be?","ts":"1515449522.000016","channel":"C0LAN2Q65","event_ts":"1515449522000016"},"type":"event_callback","event_id":"Ev0LAN670R","event_time":1515449522000016}"#).unwrap();
        let EventRequest::EventCallback {
            event, event_id, ..
        } = m
        else {
            panic!()
        };
        assert_eq!(event_id, "Ev0LAN670R");
        assert!(event.is_question());
        assert_eq!(event.question(), "is it everything a river should be?");
        let own = EventRequest::parse(br#"{"type":"event_callback","team_id":"T1","event_id":"E2","event":{"type":"message","channel_type":"im","bot_id":"B1","user":"U1","text":"x"}}"#).unwrap();
        let EventRequest::EventCallback { event, .. } = own else {
            panic!()
        };
        assert!(
            !event.is_question(),
            "a bot's own message is never answered"
        );
        assert!(matches!(
            EventRequest::parse(br#"{"type":"app_rate_limited"}"#).unwrap(),
            EventRequest::Other
        ));

        let payload = r#"{"type":"block_actions","user":{"id":"U1","username":"u"},"team":{"id":"T1"},"response_url":"https://hooks.slack.com/actions/1","actions":[{"action_id":"kubechat_confirm","block_id":"b","value":"0b6f","type":"button","action_ts":"1"}],"channel":{"id":"C1"},"message":{"ts":"1.2"},"trigger_id":"t"}"#;
        let body = format!(
            "payload={}",
            url::form_urlencoded::byte_serialize(payload.as_bytes()).collect::<String>()
        );
        let i = Interaction::parse(body.as_bytes()).unwrap();
        assert_eq!(i.actions[0].action_id, "kubechat_confirm");
        assert_eq!(i.actions[0].value.as_deref(), Some("0b6f"));
        assert!(Interaction::parse(b"nothing=1").is_err());
    }
}
