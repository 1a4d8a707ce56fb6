//! `-o yaml`: objects written as kubectl writes them, in block YAML.
//!
//! The objects come from the API server as JSON; this writes that JSON
//! as YAML without a YAML library. Strings are plain where YAML reads
//! them back as the same string, and double-quoted with JSON escapes
//! otherwise (YAML's double-quoted style accepts JSON's escapes), so the
//! output always parses back to the object it shows.

use serde_json::Value;

/// Words YAML would read as something other than a string.
const RESERVED: &[&str] = &[
    "true", "false", "yes", "no", "on", "off", "null", "y", "n", "~",
];

/// Whether `s` can be written without quotes and read back unchanged.
fn plain(s: &str) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    let lower = s.to_ascii_lowercase();
    !RESERVED.contains(&lower.as_str())
        && (first.is_ascii_alphanumeric()
            || first == '/'
            || first == '.'
            || first == '_'
            // "--port": a dash not followed by a space starts a plain word.
            || (first == '-' && s.len() > 1 && !s[1..].starts_with(' ')))
        && !s.ends_with(' ')
        && !s.ends_with(':')
        && !s.contains(": ")
        && !s.contains(" #")
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || " _./:=@+-,()".contains(c))
        && !looks_numeric(s)
}

/// Numbers, and what YAML 1.1 readers take for them ("1e3", "0x1f", "1_000").
fn looks_numeric(s: &str) -> bool {
    s.parse::<f64>().is_ok()
        || s.starts_with("0x")
        || s.starts_with("0o")
        || (s.bytes().next().is_some_and(|b| b.is_ascii_digit())
            && s.bytes()
                .all(|b| b.is_ascii_digit() || b == b'_' || b == b':' || b == b'.'))
}

fn scalar(s: &str) -> String {
    if plain(s) {
        s.to_owned()
    } else {
        Value::String(s.to_owned()).to_string()
    }
}

fn inline(v: &Value) -> Option<String> {
    match v {
        Value::Null => Some("null".into()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(n.to_string()),
        Value::String(s) => Some(scalar(s)),
        Value::Array(a) if a.is_empty() => Some("[]".into()),
        Value::Object(o) if o.is_empty() => Some("{}".into()),
        _ => None,
    }
}

fn write(v: &Value, indent: usize, out: &mut String) {
    let pad = " ".repeat(indent);
    match v {
        Value::Object(map) => {
            for (k, val) in map {
                out.push_str(&pad);
                out.push_str(&scalar(k));
                out.push(':');
                match inline(val) {
                    Some(s) => {
                        out.push(' ');
                        out.push_str(&s);
                        out.push('\n');
                    }
                    None => {
                        out.push('\n');
                        // kubectl writes a list under a key at the key's
                        // own indentation.
                        let child = if val.is_array() { indent } else { indent + 2 };
                        write(val, child, out);
                    }
                }
            }
        }
        Value::Array(items) => {
            for item in items {
                out.push_str(&pad);
                out.push('-');
                match inline(item) {
                    Some(s) => {
                        out.push(' ');
                        out.push_str(&s);
                        out.push('\n');
                    }
                    None => {
                        // The first line of a map or list item follows the dash.
                        let mut inner = String::new();
                        write(item, indent + 2, &mut inner);
                        out.push(' ');
                        out.push_str(inner.trim_start());
                    }
                }
            }
        }
        other => {
            out.push_str(&pad);
            out.push_str(&inline(other).unwrap_or_default());
            out.push('\n');
        }
    }
}

/// `v` as a YAML document.
pub fn render(v: &Value) -> String {
    let mut out = String::new();
    match inline(v) {
        Some(s) => {
            out.push_str(&s);
            out.push('\n');
        }
        None => write(v, 0, &mut out),
    }
    out
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn objects_read_as_kubectl_writes_them() {
        // Keys come sorted, as kubectl writes them.
        let v = json!({
            "apiVersion": "apps/v1",
            "metadata": {"name": "web", "labels": {"app": "web"}, "annotations": {}},
            "spec": {"replicas": 3, "template": {"spec": {"containers": [
                {"name": "app", "image": "nginx:1.27", "args": ["--port", "8080"], "resources": {"limits": {"memory": "256Mi"}}}
            ]}}},
            "status": {"ready": true, "message": "line one\nline: two", "version": "1.10", "flag": "yes", "empty": ""}
        });
        assert_eq!(
            render(&v),
            "apiVersion: apps/v1\n\
             metadata:\n  annotations: {}\n  labels:\n    app: web\n  name: web\n\
             spec:\n  replicas: 3\n  template:\n    spec:\n      containers:\n      - args:\n        - --port\n        - \"8080\"\n        image: nginx:1.27\n        name: app\n        resources:\n          limits:\n            memory: 256Mi\n\
             status:\n  empty: \"\"\n  flag: \"yes\"\n  message: \"line one\\nline: two\"\n  ready: true\n  version: \"1.10\"\n"
        );
    }

    #[test]
    fn strings_yaml_would_misread_are_quoted() {
        for s in [
            "true", "No", "null", "~", "1e3", "0x1f", "12:30", "- x", "a: b", "a #b", "@x", "*ref",
            "&a", "!tag", "{a}", "[a]", "'q'", "%p", "x\ty",
        ] {
            let out = render(&json!({ "k": s }));
            assert!(out.starts_with("k: \""), "{s}: {out}");
        }
        for s in [
            "web",
            "nginx:1.27",
            "registry.example/shop/checkout:2.4.1",
            "app=web",
            "10.1.0.11",
            "a-b_c.d",
        ] {
            // An IP looks numeric to a YAML 1.1 reader only in part; dotted
            // quads are quoted to be safe.
            let out = render(&json!({ "k": s }));
            let quoted = out.starts_with("k: \"");
            assert_eq!(quoted, s == "10.1.0.11", "{s}: {out}");
        }
    }
}
