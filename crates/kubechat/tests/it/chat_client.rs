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
            b"a long enough passphrase\nshow me the deployments\nscale web to 2\ny\ndelete deployment web\nwhy is recommender crashing?\nfix 1\ny\nfix 9\nexit\n",
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
    // A diagnosis proposes its fix; "fix 1" previews it and "y" applies it.
    assert!(
        stdout.contains("fix: raise the memory limit of deployment/recommender"),
        "{stdout}"
    );
    assert!(
        stdout.contains("1 fix(es) proposed: type 'fix 1' to preview one"),
        "{stdout}"
    );
    assert!(
        stdout.contains("$ kubectl patch deployments recommender -p"),
        "{stdout}"
    );
    assert!(stdout.contains("128Mi → 256Mi"), "{stdout}");
    assert!(stdout.contains("no such fix:"), "{stdout}");

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
