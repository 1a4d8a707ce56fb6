use crate::process::{kubechat, run};

/// Runs `kubechat` with the given config file text and extra args and
/// returns (exit code, stderr).
fn fails_with(file: Option<&str>, env: &[(&str, &str)], args: &[&str]) -> (i32, String) {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut cmd = kubechat(dir.path());
    if let Some(text) = file {
        std::fs::write(dir.path().join("kubechat.toml"), text).expect("write");
        cmd.args(["--config", "kubechat.toml"]);
    }
    cmd.envs(env.iter().copied()).args(args);
    let out = run(&mut cmd);
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn one_line(stderr: &str) -> &str {
    assert_eq!(
        stderr.trim_end().lines().count(),
        1,
        "one line expected:\n{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    stderr.trim_end()
}

#[test]
fn malformed_config_file() {
    let (code, err) = fails_with(Some("[server\nlisten = \"127.0.0.1:1\"\n"), &[], &["serve"]);
    assert_eq!(code, 2);
    let line = one_line(&err);
    assert!(
        line.starts_with("kubechat: config file kubechat.toml is not valid TOML: line 1"),
        "{line}"
    );
}

#[test]
fn unknown_key() {
    let (code, err) = fails_with(Some("[server]\nlisen = \"127.0.0.1:1\"\n"), &[], &["serve"]);
    assert_eq!(code, 2);
    let line = one_line(&err);
    assert!(
        line.contains("unknown configuration key `server.lisen` (from kubechat.toml)"),
        "{line}"
    );
    assert!(line.contains("did you mean `server.listen`?"), "{line}");
}

#[test]
fn invalid_value_in_file_env_and_flag() {
    let (code, err) = fails_with(Some("[log]\nformat = \"yaml\"\n"), &[], &["serve"]);
    assert_eq!(code, 2);
    let line = one_line(&err);
    assert!(
        line.contains("invalid value \"yaml\" for `log.format` (from kubechat.toml)"),
        "{line}"
    );
    assert!(line.contains("allowed: auto, json or pretty"), "{line}");

    let (code, err) = fails_with(
        None,
        &[("KUBECHAT__DATABASE__MAX_CONNECTIONS", "lots")],
        &["serve"],
    );
    assert_eq!(code, 2);
    let line = one_line(&err);
    assert!(
        line.contains(
            "\"lots\" for `database.max_connections` (from KUBECHAT__DATABASE__MAX_CONNECTIONS)"
        ),
        "{line}"
    );

    let (code, err) = fails_with(None, &[], &["serve", "--listen", "localhost:80"]);
    assert_eq!(code, 2);
    let line = one_line(&err);
    assert!(
        line.contains("\"localhost:80\" for `server.listen` (from --listen)"),
        "{line}"
    );
    assert!(
        line.contains("allowed: HOST:PORT with an IP address"),
        "{line}"
    );

    let (code, err) = fails_with(None, &[], &["serve", "--roles", "gateway,chat"]);
    assert_eq!(code, 2);
    assert!(one_line(&err).contains("unknown variant `chat`"), "{err}");
}

#[test]
fn config_prints_the_effective_configuration_without_secrets() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = run(kubechat(dir.path())
        .env(
            "KUBECHAT__DATABASE__URL",
            "postgres://kubechat:s3cret@db:5432/kubechat",
        )
        .arg("config"));
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("url = \"postgres://kubechat:***@db:5432/kubechat\""),
        "{text}"
    );
    assert!(!text.contains("s3cret"));
    assert!(text.contains("listen = \"127.0.0.1:8080\""), "{text}");
}
