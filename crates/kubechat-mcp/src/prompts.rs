//! Prompts a client offers its person ("/kubechat_health shop"): a
//! message that tells the model which KubeChat tools answer the question,
//! so the checks run as the person through the audited tools rather than
//! from the model's memory.

use kubechat_core::{Namespace, ResourceName, ResourceType};
use serde_json::{Map, Value, json};

use crate::rpc::RpcError;

/// The prompts, as `prompts/list` answers them.
pub fn list() -> Vec<Value> {
    vec![
        json!({
            "name": "kubechat_health_check",
            "title": "Health check of a namespace",
            "description": "Lists what runs in a namespace, its recent warnings, and diagnoses whatever is not healthy.",
            "arguments": [
                {"name": "namespace", "description": "The namespace [default: the bot's]", "required": false},
            ],
        }),
        json!({
            "name": "kubechat_why_failing",
            "title": "Why is it failing?",
            "description": "Diagnoses one workload or pod and proposes the fix as a change for you to confirm.",
            "arguments": [
                {"name": "name", "description": "The object's name", "required": true},
                {"name": "kind", "description": "Its type [default: deployment]", "required": false},
                {"name": "namespace", "description": "Its namespace [default: the bot's]", "required": false},
            ],
        }),
    ]
}

fn arg<'a>(
    args: &'a Map<String, Value>,
    prompt: &str,
    field: &str,
) -> Result<Option<&'a str>, RpcError> {
    match args.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.as_str())),
        Some(_) => Err(RpcError::params(format!(
            "{prompt}: argument `{field}` must be a string"
        ))),
    }
}

/// The messages of prompt `name` with `arguments`; unknown prompts and
/// arguments that are not names are refused naming them.
pub fn get(name: &str, arguments: &Value) -> Result<Value, RpcError> {
    let empty = Map::new();
    let args = match arguments {
        Value::Object(m) => m,
        Value::Null => &empty,
        _ => {
            return Err(RpcError::params(format!(
                "{name}: `arguments` must be an object"
            )));
        }
    };
    let namespace = arg(args, name, "namespace")?
        .map(|n| {
            Namespace::parse(n)
                .map(|n| n.to_string())
                .map_err(|e| RpcError::params(format!("{name}: argument `namespace`: {e}")))
        })
        .transpose()?;
    let ns_words = namespace.as_deref().map_or_else(
        || "the default namespace".to_owned(),
        |n| format!("namespace {n}"),
    );
    let ns_arg = namespace
        .as_deref()
        .map_or_else(String::new, |n| format!(", namespace \"{n}\""));
    let (description, text) = match name {
        "kubechat_health_check" => (
            format!("Health check of {ns_words}"),
            format!(
                "Check the health of {ns_words} through the KubeChat tools, which act as me and are audited:\n\
                 1. kubechat_get with resource \"deployments\"{ns_arg}, then with resource \"pods\"{ns_arg}.\n\
                 2. kubechat_events{ns_arg} for recent warnings.\n\
                 3. kubechat_diagnose for every deployment or pod that is not fully ready.\n\
                 Then summarise what is healthy, what is not and why, and for each problem propose one \
                 change as a KubeChat tool call. Do not apply anything: I confirm each change myself."
            ),
        ),
        "kubechat_why_failing" => {
            let object = arg(args, name, "name")?
                .ok_or_else(|| RpcError::params(format!("{name}: argument `name` is required")))?;
            let object = ResourceName::parse(object)
                .map_err(|e| RpcError::params(format!("{name}: argument `name`: {e}")))?;
            let kind = arg(args, name, "kind")?.unwrap_or("deployment");
            let kind = ResourceType::parse(kind)
                .map_err(|e| RpcError::params(format!("{name}: argument `kind`: {e}")))?;
            (
                format!("Why {kind} {object} in {ns_words} is failing"),
                format!(
                    "Find out why {kind} {object} in {ns_words} is failing: call kubechat_diagnose with \
                     resource \"{kind}\", name \"{object}\"{ns_arg}; if that is not conclusive, read \
                     kubechat_logs of its pod (previous: true after a crash) and kubechat_describe. \
                     Explain the cause in two sentences with the evidence, then propose the fix as one \
                     KubeChat tool call (for example kubechat_set_image or kubechat_rollback). Do not \
                     apply it: I confirm it myself."
                ),
            )
        }
        other => {
            return Err(RpcError::params(format!(
                "no prompt named {other:?}; prompts/list names them"
            )));
        }
    };
    Ok(json!({
        "description": description,
        "messages": [{"role": "user", "content": {"type": "text", "text": text}}],
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prompts_name_the_tools_and_check_their_arguments() {
        let p = get(
            "kubechat_why_failing",
            &json!({"name": "api", "namespace": "shop"}),
        )
        .unwrap();
        let text = p["messages"][0]["content"]["text"].as_str().unwrap();
        assert!(
            text.contains("kubechat_diagnose") && text.contains("\"api\""),
            "{text}"
        );
        assert!(text.contains("namespace \"shop\""), "{text}");
        let e = get("kubechat_why_failing", &json!({})).unwrap_err();
        assert!(e.message.contains("`name` is required"), "{e}");
        let e = get("kubechat_why_failing", &json!({"name": "a b"})).unwrap_err();
        assert!(e.message.contains("`name`"), "{e}");
        let e = get("kubechat_health_check", &json!({"namespace": "Bad_NS"})).unwrap_err();
        assert!(e.message.contains("`namespace`"), "{e}");
        assert!(get("nope", &Value::Null).is_err());
        assert_eq!(list().len(), 2);
    }
}
