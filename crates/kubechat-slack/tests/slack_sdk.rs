//! Signatures cross-checked with Slack's own SDK (`slack-sdk` from PyPI,
//! installed by `scripts/mcp-sdks.sh`): what it signs KubeChat accepts,
//! and what KubeChat signs (as the tests' Slack) it accepts.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use kubechat_slack::verify::{sign, verify};

const SECRET: &str = "e7c5f1a8b3d94c2aa0b6f3d8c1e2a4b5";

fn python(script: &str, args: &[&str]) -> String {
    let out = std::process::Command::new(kubechat_testkit::mcp_python())
        .arg("-c")
        .arg(script)
        .args(args)
        .output()
        .expect("python runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap().trim().to_owned()
}

#[test]
fn signatures_agree_with_slacks_sdk() {
    let now = kubechat_core::Clock::now(&kubechat_core::SystemClock).unix_timestamp();
    let body = "token=x&team_id=T0001&user_id=U0ALICE&command=%2Fkubechat&text=scale+web+to+3&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2F1%2F2";
    // The SDK signs; KubeChat verifies.
    let theirs = python(
        "import sys\nfrom slack_sdk.signature import SignatureVerifier\nprint(SignatureVerifier(sys.argv[1]).generate_signature(timestamp=sys.argv[2], body=sys.argv[3]))",
        &[SECRET, &now.to_string(), body],
    );
    verify(
        SECRET.as_bytes(),
        Some(&now.to_string()),
        Some(&theirs),
        body.as_bytes(),
        now,
        300,
    )
    .unwrap();
    // KubeChat signs (the tests' stand-in for Slack); the SDK verifies,
    // and refuses the same signature over another body.
    let ours = sign(SECRET.as_bytes(), now, body.as_bytes());
    assert_eq!(ours, theirs);
    let check = "import sys\nfrom slack_sdk.signature import SignatureVerifier\nprint(SignatureVerifier(sys.argv[1]).is_valid(body=sys.argv[3], timestamp=sys.argv[2], signature=sys.argv[4]))";
    assert_eq!(
        python(check, &[SECRET, &now.to_string(), body, &ours]),
        "True"
    );
    assert_eq!(
        python(check, &[SECRET, &now.to_string(), "text=altered", &ours]),
        "False"
    );
}
