//! Every parser of what Slack (or anyone posing as Slack) sends: random
//! bytes and random field values get a named error or a bounded value,
//! never a panic; a signature is checked before any of them runs.

use kubechat_slack::payload::{EventRequest, Interaction, SlashCommand};
use kubechat_slack::verify::{sign, verify};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn random_bodies_are_refused_by_name(body in prop::collection::vec(any::<u8>(), 0..600)) {
        for e in [
            SlashCommand::parse(&body).err().map(|e| e.to_string()),
            EventRequest::parse(&body).err().map(|e| e.to_string()),
            Interaction::parse(&body).err().map(|e| e.to_string()),
        ]
        .into_iter()
        .flatten()
        {
            prop_assert!(!e.is_empty());
        }
        // Unsigned or wrongly signed: refused before parsing.
        let wrong = sign(b"another secret", 1_700_000_000, &body);
        prop_assert!(verify(b"secret", Some("1700000000"), Some(&wrong), &body, 1_700_000_000, 300).is_err());
        prop_assert!(verify(b"secret", Some("1700000000"), None, &body, 1_700_000_000, 300).is_err());
        let right = sign(b"secret", 1_700_000_000, &body);
        prop_assert!(verify(b"secret", Some("1700000000"), Some(&right), &body, 1_700_000_000, 300).is_ok());
    }

    /// A slash command shaped like Slack's, with any text and ids: text
    /// is bounded, ids are letters and digits, or the command is refused.
    #[test]
    fn slash_commands_with_any_fields_parse_or_are_refused(
        text in "\\PC{0,5000}",
        user in "[A-Za-z0-9<>@ ]{0,40}",
        team in "[A-Z0-9]{0,12}",
    ) {
        let body = url::form_urlencoded::Serializer::new(String::new())
            .append_pair("command", "/kubechat")
            .append_pair("text", &text)
            .append_pair("team_id", &team)
            .append_pair("user_id", &user)
            .append_pair("channel_id", "C123")
            .append_pair("response_url", "https://hooks.slack.com/commands/1/2/3")
            .finish();
        match SlashCommand::parse(body.as_bytes()) {
            Ok(c) => {
                prop_assert!(c.text.len() <= 4000);
                prop_assert!(c.user_id.bytes().all(|b| b.is_ascii_alphanumeric()));
            }
            Err(e) => prop_assert!(!e.to_string().is_empty()),
        }
    }
}
