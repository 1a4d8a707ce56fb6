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

/// The schema a `$ref` (alone or as the one `allOf` entry) points to.
fn deref<'a>(schemas: &'a serde_json::Map<String, Value>, schema: &'a Value) -> &'a Value {
    let target = schema["$ref"]
        .as_str()
        .or_else(|| schema["allOf"][0]["$ref"].as_str());
    target
        .and_then(|r| r.strip_prefix("#/components/schemas/"))
        .and_then(|name| schemas.get(name))
        .unwrap_or(schema)
}

/// Walks `path` (`spec.containers`) down from a kind's schema: each
/// field's schema, through references, array items and map values, as
/// `kubectl explain pods.spec.containers` does. Returns the schema of the
/// last field and its type as kubectl writes it; an unknown field is
/// named with the fields there are.
fn descend(
    schemas: &serde_json::Map<String, Value>,
    root: &Value,
    path: &str,
) -> Result<(Value, String)> {
    let mut at = deref(schemas, root).clone();
    let mut ty = String::new();
    let mut walked: Vec<&str> = Vec::new();
    for name in path.split('.') {
        let Some(field) = at["properties"].get(name).cloned() else {
            let known: Vec<&str> = at["properties"]
                .as_object()
                .map(|p| p.keys().map(String::as_str).take(MAX_FIELDS).collect())
                .unwrap_or_default();
            let place = if walked.is_empty() {
                "the type".to_owned()
            } else {
                walked.join(".")
            };
            return Err(Error::Api(if known.is_empty() {
                format!("field \"{name}\" does not exist: {place} has no fields")
            } else {
                format!(
                    "field \"{name}\" does not exist in {place}; its fields are {}",
                    known.join(", ")
                )
            }));
        };
        ty = type_name(&field);
        walked.push(name);
        // The fields are the type's (through arrays and maps); the
        // documentation is the field's own.
        let mut inner = deref(schemas, &field);
        for _ in 0..4 {
            inner = match inner["type"].as_str() {
                Some("array") => deref(schemas, &inner["items"]),
                Some("object") if inner.get("additionalProperties").is_some() => {
                    deref(schemas, &inner["additionalProperties"])
                }
                _ => break,
            };
        }
        let mut next = inner.clone();
        if let (Some(d), Some(m)) = (field["description"].as_str(), next.as_object_mut()) {
            m.insert("description".into(), Value::String(d.to_owned()));
        }
        at = next;
    }
    Ok((at, ty))
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
    let (schema, field) = match &op.params.field {
        None => (schema.clone(), None),
        Some(path) => {
            let (inner, ty) = descend(&schemas, schema, path)?;
            (inner, Some((path.rsplit('.').next().unwrap_or(path), ty)))
        }
    };
    let mut text = format!(
        "KIND:       {}\nVERSION:    {}\n\n",
        ar.kind, ar.api_version
    );
    if let Some((name, ty)) = &field {
        text.push_str(&format!("FIELD: {name} <{ty}>\n\n"));
    }
    text.push_str(&format!(
        "DESCRIPTION:\n    {}\n\nFIELDS:\n",
        schema["description"]
            .as_str()
            .unwrap_or("<empty>")
            .replace('\n', "\n    ")
    ));
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
    let what = match &op.params.field {
        Some(f) => format!("{}.{f}", ar.kind),
        None => ar.kind.clone(),
    };
    Ok(Outcome {
        kubectl: kubectl::render(op),
        kind: OutcomeKind::Description,
        summary: format!("{what} ({}): {} fields", ar.api_version, fields.len()),
        text,
        data: json!({"kind": ar.kind, "apiVersion": ar.api_version, "field": op.params.field, "description": schema["description"], "fields": fields}),
    })
}
