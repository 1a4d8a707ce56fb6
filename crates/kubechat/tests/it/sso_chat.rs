//! `kubechat chat --sso`: the terminal client signs in through a real
//! Keycloak with the browser's authorization-code flow, the sign-in
//! returns to the client's loopback listener, and the chat runs as the
//! person the identity provider named.

use std::io::{BufRead, Write};
use std::process::Stdio;

use kubechat_testkit::Keycloak;
use kubechat_testkit::sso::{browser, browser_sign_in, location};

use crate::process::{Server, kubechat};

#[tokio::test]
async fn the_terminal_client_signs_in_through_the_browser() {
    let kc = Keycloak::shared().await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let config = d.join("kubechat.toml");
    std::fs::write(
        &config,
        format!(
            "[[auth.oidc]]\nname = \"kc\"\nissuer = \"{}\"\nclient_id = \"{}\"\nclient_secret = \"{}\"\n\
             scopes = [\"openid\", \"profile\", \"email\"]\n\
             roles = [{{group = \"kubechat-admins\", role = \"admin\"}}, {{group = \"developers\", role = \"operator\"}}]\n",
            kc.issuer,
            kubechat_testkit::sso::CLIENT_ID,
            kubechat_testkit::sso::CLIENT_SECRET
        ),
    )
    .unwrap();
    let config = config.display().to_string();
    let port = kubechat_testkit::free_port().unwrap();
    let mut cmd = kubechat(d);
    cmd.args([
        "serve",
        "--demo",
        "--config",
        &config,
        "--listen",
        &format!("127.0.0.1:{port}"),
    ]);
    let mut server = Server::start(cmd, port);
    server.wait_for("/health/readiness").await;

    let mut chat = kubechat(d)
        .args([
            "chat",
            "--server",
            &server.base,
            "--sso",
            "kc",
            "--session",
            "t1",
            "--namespace",
            "shop",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    chat.stdin
        .take()
        .unwrap()
        .write_all(b"show me the deployments\nexit\n")
        .unwrap();
    // The address it asks the person to open, on stderr.
    let stderr = chat.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stderr)
            .lines()
            .map_while(Result::ok)
        {
            if line.contains("/api/v1/auth/oidc/kc/login?") {
                let _ = tx.send(line.trim().to_owned());
            }
        }
    });
    let url = tokio::task::spawn_blocking(move || {
        rx.recv_timeout(std::time::Duration::from_secs(30))
            .expect("the client prints the sign-in address")
    })
    .await
    .unwrap();
    assert!(
        url.contains("cli_port=") && url.contains("cli_challenge="),
        "{url}"
    );
    // The person signs in in the browser; KubeChat sends the browser back
    // to the client's loopback listener, which takes the code.
    let (callback, cookies) = browser_sign_in(&url, "alice", "alice-pass").await.unwrap();
    let back = browser()
        .get(&callback)
        .header("cookie", cookies.header())
        .send()
        .await
        .unwrap();
    assert_eq!(back.status().as_u16(), 303);
    let to_terminal = location(&back);
    assert!(
        to_terminal.starts_with("http://127.0.0.1:") && to_terminal.contains("/callback?code="),
        "{to_terminal}"
    );
    let page = browser()
        .get(&to_terminal)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("return to the terminal"), "{page}");

    let out = tokio::task::spawn_blocking(move || chat.wait_with_output().unwrap())
        .await
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    assert!(stdout.contains("connected as alice"), "{stdout}");
    assert!(stdout.contains("checkout"), "{stdout}");
}
