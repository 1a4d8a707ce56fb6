//! Merging the configuration layers and turning failures into one-line
//! errors.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use crate::model::{Config, allowed_for};
use crate::secret::redact;
use crate::{ConfigError, Result};

/// Environment variables with this prefix set configuration keys:
/// `KUBECHAT__SERVER__LISTEN` sets `server.listen`.
pub const ENV_PREFIX: &str = "KUBECHAT__";

/// Upper bound for a configuration file; anything larger is a mistake
/// (a wrong path), not a configuration.
const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// One value set from the command line, e.g. `--listen` for `server.listen`.
#[derive(Debug, Clone)]
pub struct Override {
    /// Dotted key, e.g. `server.listen`.
    pub key: String,
    /// The value as typed; read according to the key's type.
    pub value: String,
    /// How the operator set it, e.g. `--listen`, for error messages.
    pub source: String,
}

/// The inputs of one configuration load. Environment and flags are passed
/// in (not read from the process) so tests stay hermetic.
#[derive(Debug, Default)]
pub struct Layers {
    pub file: Option<PathBuf>,
    pub env: Vec<(String, String)>,
    pub overrides: Vec<Override>,
}

impl Layers {
    /// Layers from this process: its environment plus the given file and
    /// flag overrides.
    pub fn from_process(file: Option<PathBuf>, overrides: Vec<Override>) -> Self {
        Self {
            file,
            env: std::env::vars().collect(),
            overrides,
        }
    }

    /// Merges the layers over the defaults and validates the result.
    pub fn load(&self) -> Result<Config> {
        let schema =
            serde_json::to_value(Config::default()).map_err(|e| ConfigError::InvalidValue {
                key: "<defaults>".into(),
                value: String::new(),
                source_name: "built-in defaults".into(),
                reason: e.to_string(),
                allowed: "a serializable default".into(),
            })?;
        let mut merged = schema.clone();
        let mut sources: HashMap<String, String> = HashMap::new();

        if let Some(path) = &self.file {
            let table = read_file(path)?;
            let source = path.display().to_string();
            let mut leaves = Vec::new();
            flatten(&table, String::new(), &mut leaves);
            for (key, value) in leaves {
                let expected =
                    lookup(&schema, &key).ok_or_else(|| unknown(&key, &source, &schema))?;
                if expected.is_object() && !value.is_object() {
                    return Err(invalid(
                        &key,
                        &value,
                        &source,
                        "a section cannot be set to a value",
                    ));
                }
                set(&mut merged, &key, value);
                sources.insert(key, source.clone());
            }
        }

        let env_layer = self.env.iter().filter_map(|(name, value)| {
            let rest = name.strip_prefix(ENV_PREFIX)?;
            let key = rest
                .split("__")
                .map(str::to_ascii_lowercase)
                .collect::<Vec<_>>()
                .join(".");
            Some((key, value.clone(), name.clone()))
        });
        let flag_layer = self
            .overrides
            .iter()
            .map(|o| (o.key.clone(), o.value.clone(), o.source.clone()));
        // Sorted so that the first error reported does not depend on the
        // order of the process environment.
        let mut env_layer: Vec<_> = env_layer.collect();
        env_layer.sort();
        for (key, raw, source) in env_layer.into_iter().chain(flag_layer) {
            let expected = lookup(&schema, &key).ok_or_else(|| unknown(&key, &source, &schema))?;
            let value = coerce(&key, &raw, expected, &source)?;
            set(&mut merged, &key, value);
            sources.insert(key, source);
        }

        let config: Config = serde_path_to_error::deserialize(merged.clone()).map_err(|e| {
            let key = e.path().to_string();
            let source = sources
                .get(&key)
                .cloned()
                .unwrap_or_else(|| "built-in defaults".into());
            let value = lookup(&merged, &key).cloned().unwrap_or(Value::Null);
            let reason = e.inner().to_string();
            if reason.starts_with("unknown field") {
                // Only reachable for keys the schema walk let through.
                return unknown(&key, &source, &schema);
            }
            invalid(&key, &value, &source, &reason)
        })?;

        config.validate().map_err(|v| ConfigError::InvalidValue {
            source_name: sources
                .get(v.key)
                .cloned()
                .unwrap_or_else(|| "built-in defaults".into()),
            key: v.key.to_owned(),
            value: v.value,
            reason: v.reason,
            allowed: v.allowed.to_owned(),
        })?;
        Ok(config)
    }
}

fn read_file(path: &Path) -> Result<Value> {
    let shown = path.display().to_string();
    let read_err = |reason: String| ConfigError::Read {
        path: shown.clone(),
        reason,
    };
    let meta = std::fs::metadata(path).map_err(|e| read_err(e.to_string()))?;
    if !meta.is_file() {
        return Err(read_err("not a regular file".into()));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(read_err(format!(
            "{} bytes is larger than the {MAX_FILE_BYTES}-byte limit",
            meta.len()
        )));
    }
    let text = std::fs::read_to_string(path).map_err(|e| read_err(e.to_string()))?;
    let table: toml::Table = toml::from_str(&text).map_err(|e| {
        let (line, column) = e.span().map(|s| line_col(&text, s.start)).unwrap_or((1, 1));
        ConfigError::Syntax {
            path: shown.clone(),
            line,
            column,
            reason: e.message().trim().replace('\n', " "),
        }
    })?;
    serde_json::to_value(table).map_err(|e| read_err(e.to_string()))
}

fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// Collects `(dotted.key, value)` for every leaf; empty tables count as
/// leaves so `[unknown_section]` alone is still reported.
fn flatten(value: &Value, prefix: String, out: &mut Vec<(String, Value)>) {
    match value {
        Value::Object(map) if !map.is_empty() => {
            for (k, v) in map {
                let key = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                flatten(v, key, out);
            }
        }
        _ if prefix.is_empty() => {}
        other => out.push((prefix, other.clone())),
    }
}

fn lookup<'a>(root: &'a Value, key: &str) -> Option<&'a Value> {
    key.split('.')
        .try_fold(root, |node, part| node.as_object()?.get(part))
}

fn set(root: &mut Value, key: &str, value: Value) {
    let mut node = root;
    let parts: Vec<&str> = key.split('.').collect();
    for (i, part) in parts.iter().enumerate() {
        if !node.is_object() {
            *node = Value::Object(Map::new());
        }
        let Value::Object(map) = node else { return };
        if i + 1 == parts.len() {
            map.insert((*part).to_owned(), value);
            return;
        }
        node = map
            .entry((*part).to_owned())
            .or_insert_with(|| Value::Object(Map::new()));
    }
}

/// Reads a string from the environment or a flag as the key's type.
fn coerce(key: &str, raw: &str, expected: &Value, source: &str) -> Result<Value> {
    let text = raw.trim();
    let fail = |reason: &str| invalid(key, &Value::String(raw.to_owned()), source, reason);
    match expected {
        Value::Bool(_) => match text.to_ascii_lowercase().as_str() {
            "true" | "1" | "yes" | "on" => Ok(Value::Bool(true)),
            "false" | "0" | "no" | "off" => Ok(Value::Bool(false)),
            _ => Err(fail("not a boolean")),
        },
        Value::Number(n) if n.is_f64() => text
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map(Value::Number)
            .ok_or_else(|| fail("not a number")),
        Value::Number(_) => text
            .parse::<u64>()
            .map(|n| Value::Number(n.into()))
            .map_err(|_| fail("not a whole non-negative number")),
        Value::Array(_) => Ok(Value::Array(
            text.split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(|s| Value::String(s.to_owned()))
                .collect(),
        )),
        Value::Object(_) => Err(fail(
            "a section cannot be set to a value; set one of its keys",
        )),
        // Strings and optional values (null by default) are taken as text;
        // an empty string unsets an optional value.
        Value::Null if text.is_empty() => Ok(Value::Null),
        _ => Ok(Value::String(raw.to_owned())),
    }
}

fn unknown(key: &str, source: &str, schema: &Value) -> ConfigError {
    let mut known = Vec::new();
    flatten(schema, String::new(), &mut known);
    let close = |k: &str| {
        let d = edit_distance(k, key);
        // Same section and one leaf name extends the other ("listen_addr"
        // for "listen"), or a small typo anywhere in the key.
        let (ks, kl) = k.rsplit_once('.').unwrap_or(("", k));
        let (qs, ql) = key.rsplit_once('.').unwrap_or(("", key));
        let extends = ks == qs && (kl.starts_with(ql) || ql.starts_with(kl));
        (d <= 3 || extends).then_some(d)
    };
    let suggestion = known
        .iter()
        .filter_map(|(k, _)| close(k).map(|d| (d, k)))
        .min()
        .map(|(_, k)| format!("; did you mean `{k}`?"))
        .unwrap_or_else(|| {
            let sections: Vec<_> = schema
                .as_object()
                .map(|m| m.keys().cloned().collect())
                .unwrap_or_default();
            format!("; known sections: {}", sections.join(", "))
        });
    ConfigError::UnknownKey {
        key: key.to_owned(),
        source_name: source.to_owned(),
        suggestion,
    }
}

fn invalid(key: &str, value: &Value, source: &str, reason: &str) -> ConfigError {
    let shown = match value {
        Value::String(s) if key.ends_with(".url") => format!("{:?}", redact(s)),
        other => other.to_string(),
    };
    ConfigError::InvalidValue {
        key: key.to_owned(),
        value: shown,
        source_name: source.to_owned(),
        reason: reason.replace('\n', " "),
        allowed: allowed_for(key).to_owned(),
    }
}

/// Levenshtein distance, for "did you mean" hints on short keys.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;
    use crate::{ClusterSource, LogFormat, Role};

    fn file(text: &str) -> tempfile::NamedTempFile {
        let mut f = tempfile::NamedTempFile::new().unwrap();
        f.write_all(text.as_bytes()).unwrap();
        f
    }

    fn env(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).into(), (*v).into()))
            .collect()
    }

    fn flag(key: &str, value: &str) -> Override {
        Override {
            key: key.into(),
            value: value.into(),
            source: format!("--{}", key.rsplit('.').next().unwrap()),
        }
    }

    #[test]
    fn defaults_alone_are_valid() {
        let c = Layers::default().load().unwrap();
        assert_eq!(c.server.listen.to_string(), "127.0.0.1:8080");
        assert_eq!(c.server.roles, Role::ALL.to_vec());
        assert_eq!(c.kubernetes.source, ClusterSource::Auto);
        assert!(
            c.database_url()
                .expose()
                .starts_with("sqlite://kubechat-data/kubechat.db")
        );
    }

    #[test]
    fn layers_apply_in_order_file_env_flags() {
        let f = file(
            "[server]\nlisten = \"127.0.0.1:9000\"\nshutdown_grace_seconds = 5\n[log]\nformat = \"json\"\n",
        );
        let layers = Layers {
            file: Some(f.path().into()),
            env: env(&[
                ("KUBECHAT__SERVER__LISTEN", "127.0.0.1:9001"),
                ("KUBECHAT__SERVER__ROLES", "gateway, audit"),
                ("KUBECHAT_TEST_DATABASE_URL", "ignored: single underscore"),
                ("PATH", "/bin"),
            ]),
            overrides: vec![flag("server.listen", "127.0.0.1:9002")],
        };
        let c = layers.load().unwrap();
        assert_eq!(c.server.listen.to_string(), "127.0.0.1:9002");
        assert_eq!(c.server.roles, vec![Role::Gateway, Role::Audit]);
        assert_eq!(c.server.shutdown_grace_seconds, 5);
        assert_eq!(c.log.format, LogFormat::Json);
    }

    /// A configuration from this TOML alone.
    fn load(toml: &str) -> Result<Config, ConfigError> {
        let f = file(toml);
        Layers {
            file: Some(f.path().into()),
            ..Default::default()
        }
        .load()
    }

    #[test]
    fn oidc_providers_are_checked_and_their_secrets_never_shown() {
        let ok = "[[auth.oidc]]\nname = \"kc\"\nissuer = \"https://idp.example.com/realms/acme\"\nclient_id = \"kubechat\"\nclient_secret = \"s3cr3t-value\"\nroles = [{ group = \"ops\", role = \"operator\" }]\n";
        let c = load(ok).unwrap();
        let p = &c.auth.oidc[0];
        assert_eq!(p.scopes, ["openid", "profile", "email", "groups"]);
        assert_eq!(p.username_claim, "preferred_username");
        assert_eq!(p.bearer_audience(), "kubechat");
        assert!(!format!("{:?}", c.auth).contains("s3cr3t-value"));
        for (bad, key) in [
            (
                ok.replace("https://idp.example.com", "http://idp.example.com"),
                "auth.oidc.issuer",
            ),
            (
                ok.replace("client_secret = \"s3cr3t-value\"\n", ""),
                "auth.oidc.client_secret",
            ),
            (
                ok.replace("role = \"operator\"", "role = \"root\""),
                "auth.oidc.roles",
            ),
            (format!("{ok}{ok}"), "auth.oidc.name"),
            (
                format!("{ok}email_domains = [\"@Example.com\"]\n"),
                "auth.oidc.email_domains",
            ),
        ] {
            let msg = load(&bad).unwrap_err().to_string();
            assert!(msg.contains(key), "{key}: {msg}");
            assert!(!msg.contains("s3cr3t-value"), "{msg}");
        }
        // Loopback http is fine for a local IdP.
        assert!(load(&ok.replace("https://idp.example.com", "http://127.0.0.1:8180")).is_ok());
    }

    #[test]
    fn slack_needs_its_secret_and_token_and_never_shows_them() {
        let msg = load("[slack]\nenabled = true\n").unwrap_err().to_string();
        assert!(msg.contains("slack.signing_secret"), "{msg}");
        let msg = load("[slack]\nenabled = true\nsigning_secret = \"s3cr3t-value\"\n")
            .unwrap_err()
            .to_string();
        assert!(msg.contains("slack.bot_token"), "{msg}");
        let msg = load("[slack]\napi_url = \"ftp://x\"\n")
            .unwrap_err()
            .to_string();
        assert!(
            msg.contains("slack.api_url") && msg.contains("http(s)"),
            "{msg}"
        );
        let c = load(
            "[slack]\nenabled = true\nsigning_secret = \"s3cr3t-value\"\nbot_token = \"xoxb-t0ken\"\n",
        )
        .unwrap();
        assert_eq!(c.slack.secret().unwrap().expose(), "s3cr3t-value");
        let shown = format!("{:?}", c.slack);
        assert!(
            !shown.contains("s3cr3t-value") && !shown.contains("xoxb-t0ken"),
            "{shown}"
        );
        // "Add to Slack" instead of a bot token: both halves of the app's
        // credentials, or neither.
        let installs = "[slack]\nenabled = true\nsigning_secret = \"s3cr3t-value\"\nclient_id = \"1234.5678\"\nclient_secret = \"cl1ent-s3cret\"\n";
        let c = load(installs).unwrap();
        assert!(c.slack.installs() && c.slack.token().is_none());
        assert!(!format!("{:?}", c.slack).contains("cl1ent-s3cret"));
        let msg = load(&installs.replace("client_secret = \"cl1ent-s3cret\"\n", ""))
            .unwrap_err()
            .to_string();
        assert!(msg.contains("slack.client_secret"), "{msg}");
        let msg = load(&installs.replace("1234.5678", "abc"))
            .unwrap_err()
            .to_string();
        assert!(msg.contains("slack.client_id"), "{msg}");
        // Both a bot token and installs: the token's team must be named.
        let both = format!("{installs}bot_token = \"xoxb-t0ken\"\n");
        let msg = load(&both).unwrap_err().to_string();
        assert!(msg.contains("slack.team_id"), "{msg}");
        assert!(load(&format!("{both}team_id = \"T0001\"\n")).is_ok());
    }

    #[test]
    fn malformed_file_names_line_and_column() {
        let f = file("[server]\nlisten = 127.0.0.1:8080\n");
        let e = Layers {
            file: Some(f.path().into()),
            ..Default::default()
        }
        .load()
        .unwrap_err();
        let msg = e.to_string();
        assert!(matches!(e, ConfigError::Syntax { line: 2, .. }), "{msg}");
        assert!(msg.contains("is not valid TOML: line 2"), "{msg}");
        assert!(!msg.contains('\n'));
    }

    #[test]
    fn unknown_key_is_named_with_a_suggestion() {
        let f = file("[server]\nlisten_addr = \"127.0.0.1:1\"\n");
        let msg = Layers {
            file: Some(f.path().into()),
            ..Default::default()
        }
        .load()
        .unwrap_err()
        .to_string();
        assert!(
            msg.contains("unknown configuration key `server.listen_addr`"),
            "{msg}"
        );
        assert!(msg.contains("did you mean `server.listen`"), "{msg}");

        let msg = Layers {
            env: env(&[("KUBECHAT__DATABSE__URL", "x")]),
            ..Default::default()
        }
        .load()
        .unwrap_err()
        .to_string();
        assert!(
            msg.contains("`databse.url` (from KUBECHAT__DATABSE__URL)"),
            "{msg}"
        );
        assert!(msg.contains("did you mean `database.url`"), "{msg}");

        let f = file("[metrics]\n");
        let msg = Layers {
            file: Some(f.path().into()),
            ..Default::default()
        }
        .load()
        .unwrap_err()
        .to_string();
        assert!(msg.contains("`metrics`"), "{msg}");
    }

    #[test]
    fn invalid_values_name_key_value_source_and_allowed() {
        let f = file("[log]\nformat = \"xml\"\n");
        let msg = Layers {
            file: Some(f.path().into()),
            ..Default::default()
        }
        .load()
        .unwrap_err()
        .to_string();
        assert!(
            msg.contains("invalid value \"xml\" for `log.format`"),
            "{msg}"
        );
        assert!(msg.contains("allowed: auto, json or pretty"), "{msg}");

        let msg = Layers {
            env: env(&[("KUBECHAT__SERVER__LISTEN", "localhost")]),
            ..Default::default()
        }
        .load()
        .unwrap_err()
        .to_string();
        assert!(
            msg.contains("\"localhost\" for `server.listen` (from KUBECHAT__SERVER__LISTEN)"),
            "{msg}"
        );

        let msg = Layers {
            overrides: vec![flag("server.shutdown_grace_seconds", "-3")],
            ..Default::default()
        }
        .load()
        .unwrap_err()
        .to_string();
        assert!(msg.contains("not a whole non-negative number"), "{msg}");

        let msg = Layers {
            overrides: vec![flag("server.roles", "gateway,web")],
            ..Default::default()
        }
        .load()
        .unwrap_err()
        .to_string();
        assert!(msg.contains("unknown variant `web`"), "{msg}");
    }

    #[test]
    fn semantic_checks_report_the_source() {
        let f = file("[health]\ncheck_timeout_ms = 0\n");
        let msg = Layers {
            file: Some(f.path().into()),
            ..Default::default()
        }
        .load()
        .unwrap_err()
        .to_string();
        assert!(
            msg.contains("invalid value 0 for `health.check_timeout_ms`"),
            "{msg}"
        );
        assert!(msg.contains("allowed: 50 to 60000"), "{msg}");

        let msg = Layers {
            env: env(&[(
                "KUBECHAT__DATABASE__URL",
                "mysql://root:hunter2@db/kubechat",
            )]),
            ..Default::default()
        }
        .load()
        .unwrap_err()
        .to_string();
        assert!(
            msg.contains("`database.url` (from KUBECHAT__DATABASE__URL)"),
            "{msg}"
        );
        assert!(!msg.contains("hunter2"), "secret leaked: {msg}");

        let msg = Layers {
            overrides: vec![flag("server.roles", "nlp,nlp")],
            ..Default::default()
        }
        .load()
        .unwrap_err()
        .to_string();
        assert!(msg.contains("role `nlp` is listed twice"), "{msg}");
    }

    #[test]
    fn audit_sinks_are_checked() {
        let load = |text: &str| {
            let f = file(text);
            Layers {
                file: Some(f.path().into()),
                ..Default::default()
            }
            .load()
        };
        let ok = load(
            "[audit]\nretention_days = 30\napi_token = \"0123456789abcdef\"\n\
             [[audit.sinks]]\nname = \"siem\"\nkind = \"splunk\"\nurl = \"https://splunk:8088\"\ntoken = \"t\"\n\
             [[audit.sinks]]\nname = \"syslog\"\nkind = \"syslog\"\naddress = \"siem.example:6514\"\ntls = true\n",
        )
        .unwrap();
        assert_eq!(ok.audit.sinks.len(), 2);
        assert_eq!(ok.audit.sinks[1].batch_size, 200, "defaults fill the rest");
        let shown = toml::to_string(&ok).unwrap();
        assert!(!shown.contains("0123456789abcdef"), "token shown: {shown}");

        let msg =
            load("[[audit.sinks]]\nname = \"siem\"\nkind = \"splunk\"\nurl = \"https://s\"\n")
                .unwrap_err()
                .to_string();
        assert!(
            msg.contains("splunk sink \"siem\" needs its HEC token"),
            "{msg}"
        );
        let msg = load("[[audit.sinks]]\nname = \"a\"\nkind = \"syslog\"\naddress = \"nowhere\"\n")
            .unwrap_err()
            .to_string();
        assert!(
            msg.contains("needs an address") && msg.contains("HOST:PORT"),
            "{msg}"
        );
        let msg = load("[[audit.sinks]]\nname = \"a\"\nkind = \"kafka\"\n")
            .unwrap_err()
            .to_string();
        assert!(msg.contains("audit.sinks"), "{msg}");
        let msg = load(
            "[[audit.sinks]]\nname = \"a\"\nkind = \"http\"\nurl = \"https://x\"\n\
             [[audit.sinks]]\nname = \"a\"\nkind = \"http\"\nurl = \"https://y\"\n",
        )
        .unwrap_err()
        .to_string();
        assert!(msg.contains("two sinks have this name"), "{msg}");
        let msg = load("[audit]\napi_token = \"short\"\n")
            .unwrap_err()
            .to_string();
        assert!(
            msg.contains("at least 16 characters") && !msg.contains("short\""),
            "{msg}"
        );
        // Where checkpoints also go, and the keys that signed earlier ones.
        let ok = load(
            "[audit]\ncheckpoint_url = \"https://vault.example/checkpoints\"\n\
             checkpoint_token = \"receiver-secret\"\nretired_public_keys = [\"ed25519:ABCDEF0123456789abcdef0123456789ABCDEF0123456789abcdef0123456789\"]\n",
        )
        .unwrap();
        assert_eq!(ok.audit.retired_public_keys.len(), 1);
        let shown = toml::to_string(&ok).unwrap();
        assert!(!shown.contains("receiver-secret"), "token shown: {shown}");
        let msg = load("[audit]\ncheckpoint_url = \"http://vault.example/c\"\n")
            .unwrap_err()
            .to_string();
        assert!(
            msg.contains("audit.checkpoint_url") && msg.contains("loopback"),
            "{msg}"
        );
        let msg = load("[audit]\nretired_public_keys = [\"ed25519:00\"]\n")
            .unwrap_err()
            .to_string();
        assert!(
            msg.contains("audit.retired_public_keys") && msg.contains("64 hex digits"),
            "{msg}"
        );
    }

    #[test]
    fn missing_file_is_a_read_error() {
        let e = Layers {
            file: Some("/nonexistent/kubechat.toml".into()),
            ..Default::default()
        }
        .load()
        .unwrap_err();
        assert!(
            e.to_string()
                .starts_with("cannot read config file /nonexistent/kubechat.toml")
        );
    }

    #[test]
    fn empty_env_value_unsets_an_optional_key() {
        let f = file("[redis]\nurl = \"redis://127.0.0.1:6379\"\n");
        let c = Layers {
            file: Some(f.path().into()),
            env: env(&[("KUBECHAT__REDIS__URL", "")]),
            ..Default::default()
        }
        .load()
        .unwrap();
        assert!(c.redis.url.is_none());
    }
}
