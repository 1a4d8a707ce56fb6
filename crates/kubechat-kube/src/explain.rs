//! `explain`: a type's documentation from the API server's own OpenAPI v3
//! schema, so it matches the cluster's version and covers CRDs.

use kubechat_core::{Operation, kubectl};
use serde_json::{Value, json};

use crate::discovery::Resolved;
use crate::outcome::{Outcome, OutcomeKind};
use crate::{Error, Result};

/// Most fields listed.
const MAX_FIELDS: usize = 100;

async fn fetch(client: &kube::Client, url: &str) -> Result<Value> {
    let req = http::Request::get(url)
        .body(Vec::new())
        .map_err(|e| Error::Api(e.to_string()))?;
    client
        .request::<Value>(req)
        .await
        .map_err(|e| Error::Api(format!("OpenAPI schema unavailable: {e}")))
}

fn type_name(schema: &Value) -> String {
    if schema.get("$ref").is_some() || schema.get("allOf").is_some() {
        return "Object".into();
    }
    match schema["type"].as_str() {
        Some("array") => format!("[]{}", type_name(&schema["items"])),
        Some("object") if schema.get("additionalProperties").is_some() => {
            format!("map[string]{}", type_name(&schema["additionalProperties"]))
        }
        Some("object") => "Object".into(),
        Some(t) => t.to_owned(),
        None => "Object".into(),
    }
}

fn first_line(s: &str) -> String {
    s.split(". ")
        .next()
        .unwrap_or("")
        .lines()
        .next()
        .unwrap_or("")
        .chars()
        .take(160)
        .collect()
}

pub(crate) async fn explain(client: kube::Client, r: &Resolved, op: &Operation) -> Result<Outcome> {
    let ar = &r.api;
    let gv_path = if ar.group.is_empty() {
        format!("api/{}", ar.version)
    } else {
        format!("apis/{}/{}", ar.group, ar.version)
    };
    let index = fetch(&client, "/openapi/v3").await?;
    let url = index["paths"][&gv_path]["serverRelativeURL"]
        .as_str()
        .ok_or_else(|| {
            Error::Api(format!(
                "the API server publishes no OpenAPI schema for {gv_path}"
            ))
        })?
        .to_owned();
    let doc = fetch(&client, &url).await?;
    let schemas = doc["components"]["schemas"]
        .as_object()
        .cloned()
        .unwrap_or_default();
    let schema = schemas
        .values()
        .find(|s| {
            s["x-kubernetes-group-version-kind"]
                .as_array()
                .is_some_and(|g| {
                    g.iter().any(|g| {
                        g["group"] == json!(ar.group)
                            && g["version"] == json!(ar.version)
                            && g["kind"] == json!(ar.kind)
                    })
                })
        })
        .ok_or_else(|| Error::Api(format!("no schema for {} in {gv_path}", ar.kind)))?;
    let mut text = format!(
        "KIND:       {}\nVERSION:    {}\n\nDESCRIPTION:\n    {}\n\nFIELDS:\n",
        ar.kind,
        ar.api_version,
        schema["description"]
            .as_str()
            .unwrap_or("<empty>")
            .replace('\n', "\n    ")
    );
    let required: Vec<&str> = schema["required"]
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let mut fields = Vec::new();
    if let Some(props) = schema["properties"].as_object() {
        for (name, p) in props.iter().take(MAX_FIELDS) {
            let req = if required.contains(&name.as_str()) {
                " -required-"
            } else {
                ""
            };
            let ty = type_name(p);
            let desc = first_line(p["description"].as_str().unwrap_or(""));
            text.push_str(&format!("  {name}\t<{ty}>{req}\n    {desc}\n\n"));
            fields.push(json!({"name": name, "type": ty, "required": !req.is_empty(), "description": p["description"]}));
        }
    }
    Ok(Outcome {
        kubectl: kubectl::render(op),
        kind: OutcomeKind::Description,
        summary: format!("{} ({}): {} fields", ar.kind, ar.api_version, fields.len()),
        text,
        data: json!({"kind": ar.kind, "apiVersion": ar.api_version, "description": schema["description"], "fields": fields}),
    })
}
