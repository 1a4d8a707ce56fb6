//! Manifests given to `create` and `apply`: untrusted text, parsed and
//! checked before anything is sent.

use serde_json::Value;

use crate::{Error, Result};

fn bad(message: impl Into<String>) -> Error {
    Error::Refused {
        verb: "apply".into(),
        message: message.into(),
    }
}

/// One YAML or JSON document with apiVersion, kind and metadata.name.
/// Several documents are refused: each operation previews one object.
pub(crate) fn parse(text: &str) -> Result<Value> {
    let body: Vec<&str> = text.lines().collect();
    let separators = body.iter().filter(|l| l.trim_end() == "---").count();
    let leading = body
        .iter()
        .find(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .is_some_and(|l| l.trim_end() == "---");
    if separators > usize::from(leading) {
        return Err(bad(
            "the manifest holds several documents; give one object per request",
        ));
    }
    let doc: Value = if text.trim_start().starts_with('{') {
        serde_json::from_str(text)
            .map_err(|e| bad(format!("the manifest is not valid JSON: {e}")))?
    } else {
        serde_saphyr::from_str(text).map_err(|e| {
            bad(format!(
                "the manifest is not valid YAML: {}",
                e.to_string().lines().next().unwrap_or("")
            ))
        })?
    };
    if !doc.is_object() {
        return Err(bad(
            "the manifest must be one Kubernetes object (a mapping)",
        ));
    }
    for (path, what) in [
        (["apiVersion", ""], "apiVersion"),
        (["kind", ""], "kind"),
        (["metadata", "name"], "metadata.name"),
    ] {
        let v = if path[1].is_empty() {
            &doc[path[0]]
        } else {
            &doc[path[0]][path[1]]
        };
        if v.as_str().is_none_or(str::is_empty) {
            return Err(bad(format!("the manifest has no {what}")));
        }
    }
    Ok(doc)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_object_with_its_identity() {
        let d = parse("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a: \"1\"\n")
            .unwrap();
        assert_eq!(d["data"]["a"], "1");
        assert!(parse("---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n").is_ok());
        assert!(
            parse(r#"{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "x"}}"#)
                .is_ok()
        );
        let e = parse("apiVersion: v1\nkind: A\nmetadata:\n  name: a\n---\napiVersion: v1\nkind: B\nmetadata:\n  name: b\n").unwrap_err();
        assert!(e.to_string().contains("several documents"), "{e}");
        assert!(
            parse("kind: ConfigMap\nmetadata:\n  name: x\n")
                .unwrap_err()
                .to_string()
                .contains("no apiVersion")
        );
        assert!(
            parse("- a\n- b\n")
                .unwrap_err()
                .to_string()
                .contains("one Kubernetes object")
        );
        assert!(
            parse("a: [unclosed\n")
                .unwrap_err()
                .to_string()
                .contains("not valid YAML")
        );
    }
}
