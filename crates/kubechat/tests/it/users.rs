//! `kubechat users …` through the real binary on the embedded database.

use std::io::Write;
use std::process::{Output, Stdio};

use crate::process::kubechat;

fn users(dir: &std::path::Path, args: &[&str], stdin: &str) -> Output {
    let mut child = kubechat(dir)
        .arg("users")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // A command that reads no input may have exited already: its closed
    // pipe is not an error of the test.
    match child.stdin.take().unwrap().write_all(stdin.as_bytes()) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
        Err(e) => panic!("writing to kubechat users: {e}"),
    }
    child.wait_with_output().unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn add_list_disable_enable_reset() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let out = users(
        d,
        &["add", "alice", "--role", "operator"],
        "correct horse battery\n",
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout).trim(),
        "user alice created: role operator, acts in Kubernetes as alice (groups kubechat:operator)"
    );
    let out = users(
        d,
        &[
            "add",
            "bob",
            "--role",
            "admin",
            "--kube-user",
            "bob@corp",
            "--kube-group",
            "sre",
        ],
        "another long passphrase\n",
    );
    assert!(out.status.success(), "{}", text(&out.stderr));

    // Bad input: each a clear error and nothing written.
    for (args, stdin, needle) in [
        (
            vec!["add", "alice", "--role", "viewer"],
            "correct horse battery\n",
            "already exists",
        ),
        (
            vec!["add", "carol", "--role", "viewer"],
            "short\n",
            "12 to 1024 characters",
        ),
        (
            vec!["add", "carol", "--role", "root"],
            "correct horse battery\n",
            "viewer, operator or admin",
        ),
        (
            vec!["add", "Carol", "--role", "viewer"],
            "correct horse battery\n",
            "lower-case",
        ),
        (
            vec!["add", "carol", "--role", "viewer"],
            "",
            "no password on standard input",
        ),
        (vec!["disable", "nobody"], "", "user \"nobody\" not found"),
    ] {
        let out = users(d, &args, stdin);
        assert!(!out.status.success(), "{args:?}");
        assert!(
            text(&out.stderr).contains(needle),
            "{args:?}: {}",
            text(&out.stderr)
        );
    }

    let out = users(d, &["disable", "alice"], "");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let list = text(&users(d, &["list"], "").stdout);
    let lines: Vec<&str> = list.lines().collect();
    assert_eq!(lines.len(), 3, "{list}");
    assert!(lines[0].starts_with("NAME"), "{list}");
    assert!(
        lines[1].starts_with("alice") && lines[1].contains("disabled"),
        "{list}"
    );
    assert!(
        lines[2].contains("bob@corp") && lines[2].contains("sre") && lines[2].contains("active"),
        "{list}"
    );
    assert!(users(d, &["enable", "alice"], "").status.success());
    let out = users(d, &["reset-password", "alice"], "a brand new passphrase\n");
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("personal API tokens"),
        "the reset says API tokens stop too: {}",
        text(&out.stdout)
    );
    assert!(!text(&users(d, &["list"], "").stdout).contains("disabled"));
}

#[test]
fn the_workspace_identity_template_maps_users_without_their_own() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    assert!(
        users(
            d,
            &["add", "alice", "--role", "operator"],
            "correct horse battery\n"
        )
        .status
        .success()
    );
    assert!(
        users(
            d,
            &[
                "add",
                "bob",
                "--role",
                "admin",
                "--kube-user",
                "bob@corp",
                "--kube-group",
                "sre"
            ],
            "another long passphrase\n"
        )
        .status
        .success()
    );
    let out = users(d, &["identity"], "");
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("user template: {username}"),
        "{}",
        text(&out.stdout)
    );

    let out = users(
        d,
        &[
            "identity",
            "--user-template",
            "kc:{username}",
            "--group-template",
            "kc-{role}",
            "--group-template",
            "tenants",
        ],
        "",
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("an operator NAME acts as kc:NAME in kc-operator, tenants"),
        "{}",
        text(&out.stdout)
    );
    // alice follows the template at once; bob keeps his own identity.
    let list = text(&users(d, &["list"], "").stdout);
    let line = |name: &str| {
        list.lines()
            .find(|l| l.starts_with(name))
            .unwrap_or_default()
            .split_whitespace()
            .map(str::to_owned)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        line("alice")[2..4],
        ["kc:alice", "kc-operator,tenants"],
        "{list}"
    );
    assert_eq!(line("bob")[2..4], ["bob@corp", "sre"], "{list}");
    // A user added now follows it too.
    let out = users(
        d,
        &["add", "carol", "--role", "viewer"],
        "yet another passphrase\n",
    );
    assert!(
        text(&out.stdout).contains("acts in Kubernetes as kc:carol (groups kc-viewer, tenants)"),
        "{}",
        text(&out.stdout)
    );

    // Templates that would escalate or do not parse are refused; nothing changes.
    for bad in [
        &["identity", "--user-template", "system:{username}"][..],
        &["identity", "--group-template", "system:masters"][..],
        &["identity", "--user-template", "{name}"][..],
    ] {
        let out = users(d, bad, "");
        assert!(!out.status.success(), "{bad:?} accepted");
        assert!(
            text(&out.stderr).contains("identity"),
            "{}",
            text(&out.stderr)
        );
    }
    let list = text(&users(d, &["list"], "").stdout);
    assert!(list.contains("kc:alice"), "{list}");
}

#[test]
fn workspaces_are_created_and_get_their_own_users() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let run = |args: &[&str]| crate::process::run(kubechat(d).args(args));
    let out = run(&["workspaces", "add", "payments", "--name", "Payments team"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).starts_with("workspace payments created ("),
        "{}",
        text(&out.stdout)
    );
    let out = run(&["workspaces", "add", "payments"]);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("payments"),
        "{}",
        text(&out.stderr)
    );
    let out = run(&["workspaces", "add", "Bad_Slug"]);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("invalid workspace slug"),
        "{}",
        text(&out.stderr)
    );
    let list = text(&run(&["workspaces", "list"]).stdout);
    assert!(
        list.contains("default") && list.contains("Payments team"),
        "{list}"
    );
    // The same user name in two workspaces: two people.
    for ws in ["default", "payments"] {
        let out = users(
            d,
            &["add", "sam", "--role", "admin", "--workspace", ws],
            "a long enough passphrase\n",
        );
        assert!(out.status.success(), "{ws}: {}", text(&out.stderr));
    }
    let listed = text(&users(d, &["list", "--workspace", "payments"], "").stdout);
    assert!(listed.contains("sam"), "{listed}");
}
