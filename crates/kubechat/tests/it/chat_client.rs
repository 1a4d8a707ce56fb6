//! `kubechat chat` against a running `kubechat serve --demo`, scripted
//! through standard input.

use std::io::Write;
use std::process::Stdio;

use crate::process::{Server, kubechat};

#[tokio::test]
async fn the_terminal_client_asks_previews_and_confirms() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let mut add = kubechat(d)
        .args(["users", "add", "me", "--role", "operator"])
        .stdin(Stdio::piped())
        .spawn()
        .unwrap();
    add.stdin
        .take()
        .unwrap()
        .write_all(b"a long enough passphrase\n")
        .unwrap();
    assert!(add.wait().unwrap().success());
    let port = kubechat_testkit::free_port().unwrap();
    let mut cmd = kubechat(d);
    cmd.args(["serve", "--demo", "--listen", &format!("127.0.0.1:{port}")]);
    let mut server = Server::start(cmd, port);
    server.wait_for("/health/readiness").await;

    let mut chat = kubechat(d)
        .args([
            "chat",
            "--server",
            &server.base,
            "--user",
            "me",
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
        .write_all(
            b"a long enough passphrase\nshow me the deployments\nscale web to 2\ny\ndelete deployment web\nexit\n",
        )
        .unwrap();
    let out = chat.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}\n{stdout}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("connected as me (operator), session t1"),
        "{stdout}"
    );
    assert!(
        stdout.contains("KubeChat · $ kubectl get deployments -n shop"),
        "{stdout}"
    );
    assert!(stdout.contains("checkout"), "{stdout}");
    assert!(stdout.contains("spec.replicas 3 → 2"), "{stdout}");
    assert!(stdout.contains("denied: your role is operator"), "{stdout}");

    // Wrong password: a clear error, non-zero exit.
    let out = kubechat(d)
        .args(["chat", "--server", &server.base, "--user", "me"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .and_then(|mut c| {
            c.stdin
                .take()
                .unwrap()
                .write_all(b"wrong password here\n")?;
            c.wait_with_output()
        })
        .unwrap();
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("login failed: user name or password is wrong"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    drop(server);
}
